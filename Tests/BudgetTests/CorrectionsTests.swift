import Diagnostics
import FoundationEssentials
import Formula
import Testing
import Workbook

@testable import Budget

/// What `fix` corrects, on the shared plans and on plans built in memory.
@Suite("Corrections")
struct CorrectionsTests {
  static func read(_ file: String) throws -> Workbook {
    try Workbook(contentsOf: SharedPlans.folder + "/" + file)
  }

  static func keys(_ findings: [Finding]) -> Set<String> { Set(findings.map { "\($0.rule.rawValue)@\($0.cell)" }) }

  /// On every shared plan: nothing the input did not break is broken after correcting; every
  /// finding of a corrected rule is gone unless its correction was declined; the corrected cells
  /// are the only ones that changed.
  @Test(.enabled(if: SharedPlans.exists), arguments: SharedPlans.cases)
  func correctingNeverMakesAPlanWorse(file: String) throws {
    let input = try Self.read(file)
    let c = Corrections(input)
    #expect(c.converged)
    let before = Self.keys(c.before)
    let after = Self.keys(c.after)
    #expect(after.isSubset(of: before), "new findings: \(after.subtracting(before).sorted())")
    let declined = Self.keys(c.declined.map(\.finding))
    for f in c.after where Corrections.correctedRules.contains(f.rule) {
      #expect(declined.contains("\(f.rule.rawValue)@\(f.cell)"), "left uncorrected: \(f.rule.rawValue)@\(f.cell)")
    }
    // Only the corrected cells differ between the input and the corrected model.
    let changed = Set(c.corrections.map { "\($0.sheet)!\($0.cell)" })
    for (s, sheet) in input.sheets.enumerated() {
      let out = c.corrected.sheets[s]
      var refs = Set(sheet.cells.map(\.reference))
      refs.formUnion(out.cells.map(\.reference))
      for ref in refs where !changed.contains("\(sheet.name)!\(ref)") {
        #expect(sheet.cell(at: ref) == out.cell(at: ref), "\(sheet.name)!\(ref) changed")
        #expect(sheet.formulas[ref] == out.formulas[ref])
      }
    }
  }

  /// The seed's first defect (domain.md §4: one typo in C17 makes `sum`, `balance` and `result`):
  /// one cell is corrected, and the three findings go.
  @Test(.enabled(if: SharedPlans.exists), arguments: ["seed-meuse-asp-defect-1.xlsx", "seed-meuse-asp-defect-1.ods"])
  func oneTypoOneCorrection(file: String) throws {
    let c = Corrections(try Self.read(file))
    #expect(c.corrections.map { "\($0.cell) \($0.after)" } == ["C17 96720"])
    #expect(c.corrections.first?.rule == .sum)
    #expect(c.corrections.first?.formula == .keep)
    #expect(Self.keys(c.after) == ["missing@B20", "missing@C20", "sum.rounding@B25"])
  }

  /// Partial 'dont' lines (cerfa-12156-defect-2): setting the parent to their sum would unbalance
  /// the plan, so the correction is declined and the finding stays.
  @Test(.enabled(if: SharedPlans.exists), arguments: ["cerfa-12156-defect-2.xlsx", "cerfa-12156-defect-2.ods"])
  func aCorrectionThatWouldUnbalanceThePlanIsDeclined(file: String) throws {
    let c = Corrections(try Self.read(file))
    #expect(c.corrections.isEmpty)
    #expect(c.declined.map { "\($0.finding.rule.rawValue)@\($0.finding.cell)" } == ["sum@D19"])
    let wouldBreak = Self.keys(c.declined.first?.wouldBreak ?? [])
    #expect(wouldBreak.contains("balance@D36"))
    #expect(Self.keys(c.after) == ["sum@D19"])
  }

  /// Amounts kept as text become the numbers they say: the plan then reads exactly as its twin
  /// stored as numbers.
  @Test(.enabled(if: SharedPlans.exists)) func textAmountsBecomeTheNumbersTheySay() throws {
    let c = Corrections(try Self.read("seed-meuse-asp-text.xlsx"))
    let twin = try #require(PlanCheck(try Self.read("seed-meuse-asp.xlsx")).plan)
    #expect(c.corrections.count == c.before.filter { $0.rule == .textNumber }.count)
    #expect(c.corrections.count == 40)
    #expect(c.corrections.allSatisfy { $0.rule == .textNumber && $0.formula == .remove })
    #expect(!c.after.contains { $0.rule == .textNumber })
    let fixed = try #require(PlanCheck(c.corrected).plan)
    #expect(fixed.lines.map(\.amounts) == twin.lines.map(\.amounts))
    #expect(Self.keys(c.after) == Self.keys(PlanCheck(try Self.read("seed-meuse-asp.xlsx")).findings))
  }

  /// Stale cached values are replaced by what the formulas compute; the formulas stay.
  @Test(.enabled(if: SharedPlans.exists)) func staleCachesTakeTheRecomputedValue() throws {
    let input = try Self.read("seed-meuse-asp-formulas-defect-1.xlsx")
    let c = Corrections(input)
    #expect(c.corrections.map(\.cell.description) == ["B19", "B21"])
    #expect(c.corrections.allSatisfy { $0.formula == .keep && $0.beforeFormula != nil })
    let recomputed = Recalculator(workbook: input).recalculate()
    let sheet = try #require(input.sheets.firstIndex { $0.name == c.corrections[0].sheet })
    for k in c.corrections {
      guard case .number(let v)? = recomputed.recalculated(sheet: sheet, at: k.cell) else {
        Issue.record("\(k.cell) not recomputed")
        continue
      }
      #expect(Money(storedNumber: v) == k.after)
    }
  }

  /// A rate line corrected: its dependants' formulas get their new cached values, and the
  /// corrected plan has no finding left.
  @Test(.enabled(if: SharedPlans.exists)) func aCorrectedRateRefreshesTheFormulasAboveIt() throws {
    let c = Corrections(try Self.read("fse-plus-defect-1.xlsx"))
    let first = try #require(c.corrections.first { $0.cell.description == "C16" })
    #expect(first.rule == .rate)
    #expect(first.after == Money(11310))
    #expect(c.corrections.filter { $0.rule == .formulaStale }.allSatisfy { $0.formula == .keep })
    #expect(c.after.isEmpty)
    #expect(Recalculator(workbook: c.corrected).recalculate().staleCells(of: c.corrected).isEmpty)
  }

  /// With `formulas`, a corrected total computes itself; the formula gives the value written.
  @Test(.enabled(if: SharedPlans.exists)) func withFormulasATotalGetsItsSum() throws {
    let c = Corrections(try Self.read("seed-meuse-asp-defect-1.xlsx"), formulas: true)
    let k = try #require(c.corrections.first)
    #expect(k.cell.description == "C17")
    #expect(k.formula == .set(ooxml: "SUM(C8,C11,C16)", odf: "of:=SUM([.C8];[.C11];[.C16])"))
    let sheet = try #require(c.corrected.sheets.firstIndex { $0.name == k.sheet })
    let value = Recalculator(workbook: c.corrected).recalculate().recalculated(sheet: sheet, at: k.cell)
    #expect(value == .number(96720))
    #expect(Recalculator(workbook: c.corrected).recalculate().staleCells(of: c.corrected).isEmpty)
  }

  /// A total whose formula computes a wrong figure is given a formula over its lines, even
  /// without `formulas`: keeping the wrong formula would bring the wrong figure back.
  @Test func aWrongFormulaIsReplacedNotKept() throws {
    var wb = LayoutTests.workbook([
      ["CHARGES", "2024"],
      ["Achats", 1200],
      ["Loyer", 3000],
      ["Déplacements", 500],
      ["TOTAL CHARGES", 4800],
      ["PRODUITS", "2024"],
      ["Subvention", 4700],
      ["TOTAL PRODUITS", 4700],
    ])
    wb.sheets[0].formulas[CellReference("B5")!] = CellFormula(text: "SUM(B2:B4)+100", dialect: .ooxml)
    let c = Corrections(wb)
    #expect(Self.keys(c.before) == ["sum@B5", "balance@B8"])
    #expect(c.corrections.map { "\($0.cell) \($0.after)" } == ["B5 4700"])
    #expect(c.corrections.first?.formula == .set(ooxml: "SUM(B2:B4)", odf: "of:=SUM([.B2:.B4])"))
    #expect(c.after.isEmpty)
  }

  /// A rate line is rounded as the plan's amounts are: to the euro in a plan of whole euros.
  @Test func aRateIsRoundedLikeThePlan() throws {
    let wb = LayoutTests.workbook([
      ["CHARGES", "2024"],
      ["Personnel", 10333],
      ["Fonctionnement", 2000],
      ["Frais indirects (15 % des charges directes)", 1900],
      ["TOTAL CHARGES", 14233],
      ["PRODUITS", "2024"],
      ["Subvention", 14233],
      ["TOTAL PRODUITS", 14233],
    ])
    let c = Corrections(wb)
    // 15 % × 12 333 = 1 849.95 → 1 850; the total follows, and the produits total no longer
    // matches, so the cascade is declined as a whole.
    #expect(c.corrections.isEmpty)
    #expect(c.declined.first?.finding.rule == .rate)
    #expect(c.declined.first?.finding.expected.map { $0.rounded(digits: 0) } == Money(1850))
  }

  /// The note of a corrected cell says what it held and why, in the language asked for.
  @Test(.enabled(if: SharedPlans.exists)) func aNoteSaysWhatTheCellHeld() throws {
    let c = Corrections(try Self.read("seed-meuse-asp-defect-1.xlsx"))
    let k = try #require(c.corrections.first)
    #expect(k.note(.fr).hasPrefix("Corrigé par Equilibre (somme) ; valait 96\u{202F}270\u{A0}€."))
    #expect(k.note(.en).hasPrefix("Corrected by Equilibre (sum); was 96\u{202F}270\u{A0}€.") == false)
    #expect(k.note(.en).hasPrefix("Corrected by Equilibre (sum); was €96,270."))
    let patches = c.patches(annotate: true, language: .en)
    #expect(patches[k.sheet]?[k.cell]?.number == "96720")
    #expect(patches[k.sheet]?[k.cell]?.display == "96\u{202F}720")
    #expect(patches[k.sheet]?[k.cell]?.note == k.note(.en))
    #expect(c.patches(annotate: false, language: .en)[k.sheet]?[k.cell]?.note == nil)
  }

  @Test func roundingIsHalfAwayFromZero() {
    #expect(Money(Decimal(string: "1849.95")!).rounded(digits: 0) == Money(1850))
    #expect(Money(Decimal(string: "-1849.5")!).rounded(digits: 0) == Money(-1850))
    #expect(Money(Decimal(string: "12.345")!).rounded(digits: 2) == Money(Decimal(string: "12.35")!))
    #expect(Money(Decimal(string: "-0.004")!).rounded(digits: 2) == Money(0))
  }
}

extension CorrectionsTests {
  /// A written formula follows the form of the line's other periods (issue 13): the 15 % line of
  /// fse-plus-defect-1 has `=0.15*B7` and `=0.15*D7` around the wrong C16, which gets
  /// `=0.15*C7`, not `ROUND(SUM(C7)*0.15,0)`.
  @Test(.enabled(if: SharedPlans.exists), arguments: ["fse-plus-defect-1.xlsx", "fse-plus-defect-1.ods"])
  func aWrittenFormulaFollowsItsNeighbours(file: String) throws {
    let c = Corrections(try Self.read(file), formulas: true)
    let k = try #require(c.corrections.first { $0.cell.description == "C16" })
    #expect(k.formula == .set(ooxml: "0.15*C7", odf: "of:=0.15*[.C7]"))
    #expect(k.after == Money(11310))
    #expect(!c.after.contains { $0.rule == .rate })
  }

  @Test func aNeighboursFormulaIsMovedAsAFillWould() throws {
    func moved(_ text: String, rows: Int32, columns: Int32) throws -> String? {
      let e = try FormulaParser.parse(text, dialect: .ooxml)
      return Corrector.shifted(e, rows: rows, columns: columns).map { FormulaPrinter.print($0, dialect: .ooxml) }
    }
    #expect(try moved("SUM(B5:B9)", rows: 0, columns: 1) == "SUM(C5:C9)")
    #expect(try moved("0.15*B7", rows: 0, columns: 2) == "0.15*D7")
    #expect(try moved("$B$7*B8+Other!B2", rows: 1, columns: 0) == "$B$7*B9+Other!B3")
    #expect(try moved("SUM(B8:D8)", rows: -8, columns: 0) == nil)
    let total = try FormulaParser.parse("SUM(B8:D8)", dialect: .ooxml)
    #expect(Corrector.refers(total, to: CellReference("C8")!))
    #expect(!Corrector.refers(total, to: CellReference("E8")!))
  }
}
