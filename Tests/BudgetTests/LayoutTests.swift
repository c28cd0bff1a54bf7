import Testing
import Workbook

@testable import Budget

/// Layouts built in memory, unlike the shared samples: no styles, no per-file tuning.
@Suite struct LayoutTests {
  /// A one-sheet workbook from rows of labels and amounts (nil = empty cell), starting at A1.
  static func workbook(_ rows: [[Any?]], sheet: String = "Budget") -> Workbook {
    var cells: [Cell] = []
    for (r, row) in rows.enumerated() {
      for (c, value) in row.enumerated() {
        let ref = CellReference(row: Int32(r), column: Int32(c))
        switch value {
        case let s as String: cells.append(Cell(reference: ref, value: .text(s)))
        case let i as Int: cells.append(Cell(reference: ref, value: .number(Double(i), .plain)))
        case let d as Double: cells.append(Cell(reference: ref, value: .number(d, .plain)))
        default: break
        }
      }
    }
    return Workbook(format: .xlsx, sheets: [Sheet(name: sheet, cells: cells)])
  }

  static func findings(_ check: PlanCheck) -> Set<String> {
    Set(check.findings.filter { $0.rule != .textNumber }.map { "\($0.rule.rawValue) \($0.cell)" })
  }

  @Test func subLinesWithoutStyleAreFoundBySums() throws {
    let wb = Self.workbook([
      ["Plan de financement"],
      [],
      ["CHARGES", "2024", "2025", "Remarques"],
      ["Fonctionnement", 5700, 5000],
      ["Achats", 1200, 0],
      ["Déplacements", 4500, 5000],
      ["Frais de structure", 800, 800],
      ["TOTAL CHARGES", 6500, 5800],
      ["PRODUITS", "2024", "2025"],
      ["Subvention", 6500, 5800],
      ["TOTAL PRODUITS", 6500, 5800],
    ])
    let check = PlanCheck(wb)
    let plan = try #require(check.plan)
    #expect(plan.lines.map(\.level) == [0, 1, 1, 0, 0, 0, 0])
    #expect(plan.lines[0].kind == .aggregate)
    #expect(Self.findings(check).isEmpty)
  }

  @Test func headerWithoutLabelNumericYearsAndTotalColumn() throws {
    let wb = Self.workbook([
      ["Budget of the action"],
      [nil, 2024, 2025, "Total", "Comments"],
      ["Expenditure"],
      ["Staff costs", 60000, 61000, 121000, "EUR 5,000 per month in 2024"],
      ["Travel", 4000, 4000, 8000],
      ["Total expenditure", 64000, 65000, 129000],
      ["Income", 2024, 2025, "Total"],
      ["Grant requested", 50000, 50000, 100000],
      ["Own funds", 14000, 15000, 29000],
      ["Total income", 64000, 65000, 130000],
      ["Balance", 0, 0, 0],
    ])
    let check = PlanCheck(wb)
    let plan = try #require(check.plan)
    #expect(plan.periods.map(\.label) == ["2024", "2025"])
    #expect(plan.periods.map(\.months) == [12, 12])
    #expect(plan.lines.count == 7)
    #expect(plan.lines.last?.kind == .result)
    #expect(Self.findings(check) == ["cross-total D10"])
  }

  @Test func sideBySideWithAccountCodeColumnAndRelativeYears() throws {
    let wb = Self.workbook([
      ["BUDGET PRÉVISIONNEL"],
      ["Compte", "CHARGES", "Année N", "Année N+1", "Compte", "PRODUITS", "Année N", "Année N+1"],
      [60, "Achats", 3000, 3200, 70, "Ventes", 2000, 2000],
      [604, "Prestations", 1000, 1200, 74, "Subventions", 26000, 27200],
      [606, "Fournitures", 2000, 2000, nil, "dont État", 14000, 14200],
      [64, "Personnel", 25000, 26000, nil, "dont Région", 12000, 12000],
      [641, "Salaires", 18000, 19000],
      [645, "Charges sociales", 7000, 7000],
      [nil, "TOTAL CHARGES", 28000, 29200, nil, "TOTAL PRODUITS", 28000, 29200],
    ])
    let check = PlanCheck(wb)
    let plan = try #require(check.plan)
    #expect(plan.periods.map(\.months) == [12, 12])
    let charges = plan.lines.filter { $0.section == .charges }
    #expect(charges.map(\.level) == [0, 1, 1, 0, 1, 1, 0])
    #expect(plan.balancePairs.count == 1)
    #expect(Self.findings(check) == ["sum H4"])  // 74 states 27 200 for 14 200 + 12 000 in year N+1
  }

  @Test func outlineNumbersAndSubtotals() throws {
    let wb = Self.workbook([
      ["Plan de financement prévisionnel"],
      [nil, "2025 (6 mois)", "2026"],
      ["1. Frais de personnel :"],
      ["1.1 Coordinatrice", 9000, 18000, "1 500 € / mois"],
      ["1.2 Animateurs", 12000, 24000],
      ["Sous-total 1", 21000, 42000],
      ["2. Frais indirects (15 % des frais de personnel)", 3150, 6300],
      ["Coût total du projet", 24150, 48300],
      ["Ressources"],
      ["Subvention État", 24150, 48300],
      ["Total ressources", 24150, 48300],
    ])
    let check = PlanCheck(wb)
    let plan = try #require(check.plan)
    #expect(plan.periods.map(\.months) == [6, 12])
    #expect(plan.lines.map(\.kind) == [.item, .item, .total, .item, .total, .item, .total])
    #expect(plan.lines[2].components == [0, 1])
    #expect(Self.findings(check).isEmpty)
  }

  @Test func rateBaseNamedByAHeading() throws {
    let wb = Self.workbook([
      [nil, "2025", "2026"],
      ["1. Frais de personnel :"],
      ["1.1 Coordinatrice", 18000, 18000],
      ["1.2 Animateurs", 24000, 24000],
      ["Sous-total 1", 42000, 42000],
      ["2. Frais indirects (15 % des frais de personnel)", 6300, 6600],
      ["Coût total du projet", 48300, 48600],
    ])
    let check = PlanCheck(wb)
    #expect(Self.findings(check) == ["rate C6"])
    #expect(check.findings.first?.expected == Money(6300))
  }

  @Test func subtotalOfTheLastLinesOnly() throws {
    let wb = Self.workbook([
      ["Dépenses", "2024"],
      ["Projet", 18000],
      ["TOTAL DÉPENSES", 18000],
      ["Recettes", "2024"],
      ["FSE", 10000],
      ["Région", 5000],
      ["Département", 3000],
      ["Total subventions publiques", 8000],
      ["TOTAL RECETTES", 18000],
    ])
    let check = PlanCheck(wb)
    let plan = try #require(check.plan)
    let subtotal = try #require(plan.lines.first { $0.label == "Total subventions publiques" })
    #expect(subtotal.components.map { plan.lines[$0].label } == ["Région", "Département"])
    let total = try #require(plan.lines.last)
    #expect(total.components.map { plan.lines[$0].label } == ["FSE", "Total subventions publiques"])
    #expect(Self.findings(check).isEmpty)
  }

  @Test func conditionalAndPerMemberRatesAreNotChecked() {
    let periods = [Period(label: "05 à 12/2022", column: 1, months: 8)]
    let rates = UnitRates.parse("(268 € / mois si 4 SIAE)", periods: periods, style: .french)
    #expect(rates.isEmpty)
    let prorata = UnitRates.parse("Base de 15 000 € sur budget 14 mois", periods: periods, style: .french)
    #expect(prorata[0]?.per == 14)
  }

  @Test func partialRemarkPercentIsNotARate() {
    let line = Line(
      section: .charges, label: "Dépenses indirectes", level: 0, kind: .item, row: 15, labelColumn: 0, amounts: [],
      cells: [], remark: "Frais gestion (10% sal ch) et suivi GESAM", accountCode: nil, components: [])
    #expect(Rates.statedRate(line) == nil)
  }
}
