import Testing
import Workbook

@testable import Budget

/// Layouts and wordings unlike the shared samples, the way funders' templates differ: other
/// section words, period labels, title blocks, split headers, cover sheets, offset columns,
/// hierarchy by 'dont', codes, outlines or indentation, amounts as text, and one defect or none
/// per plan. Each expected finding was worked out by hand from `domain.md` §4.
@Suite struct UnseenLayoutTests {
  /// Text with U+202F (narrow no-break space) and U+00A0 (no-break space) groups.
  static let nnbsp = "\u{202F}"
  static let nbsp = "\u{00A0}"

  /// A workbook from rows (see ``LayoutTests/workbook(_:sheet:)``), shifted right by
  /// `startColumn` columns, with the label cells of the given one-based rows made bold or
  /// indented, the given ranges merged, and an optional cover sheet before the plan's sheet.
  static func workbook(
    _ rows: [[Any?]], startColumn: Int = 0, bold: Set<Int> = [], indent: [Int: Int] = [:],
    merged: [String] = [], cover: [[Any?]]? = nil, sheet: String = "Budget"
  ) -> Workbook {
    let shifted = rows.map { row in [Any?](repeating: nil, count: row.isEmpty ? 0 : startColumn) + row }
    var wb = LayoutTests.workbook(shifted, sheet: sheet)
    for c in wb.sheets[0].cells.indices {
      let ref = wb.sheets[0].cells[c].reference
      guard ref.column == Int32(startColumn) else { continue }
      let row = Int(ref.row) + 1
      let style = CellStyle(bold: bold.contains(row), indent: indent[row] ?? 0)
      guard style != .plain else { continue }
      if !wb.styles.contains(style) { wb.styles.append(style) }
      wb.sheets[0].cells[c].style = Int32(wb.styles.firstIndex(of: style) ?? 0)
    }
    wb.sheets[0].merged = merged.compactMap { CellRange($0) }
    if let cover { wb.sheets.insert(LayoutTests.workbook(cover, sheet: "Couverture").sheets[0], at: 0) }
    return wb
  }

  /// Checks the plan of `wb`: the exact error and warning findings ("rule CELL"), the charges
  /// and produits totals of each period (the first balance pair), and the periods' months.
  static func expectPlan(
    _ wb: Workbook, findings: Set<String>, charges: [Int], produits: [Int], months: [Int?]? = nil,
    sheet: String = "Budget", sourceLocation: SourceLocation = #_sourceLocation
  ) throws {
    let check = PlanCheck(wb)
    let plan = try #require(check.plan, sourceLocation: sourceLocation)
    #expect(plan.sheet == sheet, sourceLocation: sourceLocation)
    let serious = check.findings.filter { $0.severity != .info }
    #expect(Set(serious.map { "\($0.rule.rawValue) \($0.cell)" }) == findings, sourceLocation: sourceLocation)
    if let months { #expect(plan.periods.map(\.months) == months, sourceLocation: sourceLocation) }
    let pair = try #require(plan.balancePairs.first, sourceLocation: sourceLocation)
    #expect(totals(plan.lines[pair.charges]) == charges.map(String.init), sourceLocation: sourceLocation)
    #expect(totals(plan.lines[pair.produits]) == produits.map(String.init), sourceLocation: sourceLocation)
  }

  /// A line's amounts as whole numbers, "nil" when empty.
  static func totals(_ line: Line) -> [String] {
    line.amounts.map { $0.map { "\($0.value)" } ?? "nil" }
  }

  @Test func englishExpensesRevenueWithTotalColumnFromColumnC() throws {
    let wb = Self.workbook(
      [
        ["Project budget"],
        ["Organisation: Foo"],
        [],
        ["Expenses", 2025, 2026, "Total", "Notes"],
        ["Staff", 36000, 36000, 72000, "EUR 3,000 per month"],
        ["Travel", "€1,200", "€1,500", "€2,700"],
        ["Equipment", 5000, "-", 5000],
        ["Total expenses", 42200, 37500, 79700],
        [],
        ["Revenue", 2025, 2026, "Total"],
        ["City grant", 20000, 20000, 40000],
        ["Foundation", 22200, 17500, 39800],
        ["Total revenue", 42200, 37500, 79700],
        ["Balance", 0, 0, 0],
      ], startColumn: 2)
    // 22 200 + 17 500 = 39 700, not 39 800.
    try Self.expectPlan(wb, findings: ["cross-total F12"], charges: [42200, 37500], produits: [42200, 37500], months: [12, 12])
  }

  @Test func depensesRecettesThreeYearsDontAndMissing() throws {
    let wb = Self.workbook([
      ["BUDGET PRÉVISIONNEL DE L'ACTION"],
      [],
      ["DÉPENSES", "Année 1", "Année 2", "Année 3", "TOTAL"],
      ["Frais de personnel", 60000, 62000, 64000, 186000],
      ["dont salaires", 42000, 43000, 45000, 130000],
      ["dont charges sociales", 18000, 19000, 18000, 55000],
      ["Frais de fonctionnement", 8000, 8000, 8000, 24000],
      ["Communication", nil, 2000, 2000, 4000],
      ["TOTAL DES DÉPENSES", 68000, 72000, 74000, 214000],
      [],
      ["RECETTES", "Année 1", "Année 2", "Année 3", "TOTAL"],
      ["Subvention Région", 30000, 30000, 30000, 90000],
      ["Subvention Département", 20000, 20000, 20000, 60000],
      ["Autofinancement", 18000, 22000, 24000, 64000],
      ["TOTAL DES RECETTES", 68000, 72000, 74000, 214000],
    ])
    // Year 3: 45 000 + 18 000 = 63 000 under a stated 64 000.
    try Self.expectPlan(
      wb, findings: ["sum D4", "missing B8"], charges: [68000, 72000, 74000], produits: [68000, 72000, 74000],
      months: [12, 12, 12])
  }

  @Test func costsFundingSourcesOfWhichUnbalancedWithWrongBalanceLine() throws {
    let wb = Self.workbook([
      ["Costs", "Year 1", "Year 2"],
      ["Personnel", 50000, 52000],
      ["of which project manager", 30000, 31000],
      ["of which assistant", 20000, 21000],
      ["Subcontracting", 10000, 10000],
      ["Other direct costs", 5000, 6000],
      ["Indirect costs (25% of direct costs excluding subcontracting)", 13750, 14500],
      ["Total costs", 78750, 82500],
      [],
      ["Funding sources", "Year 1", "Year 2"],
      ["EU grant", 60000, 60000],
      ["Own contribution", 18750, 21500],
      ["Total funding", 78750, 81500],
      ["Balance", 0, 0],
    ])
    // Year 2: 81 500 of funding for 82 500 of costs, and the balance line still says 0.
    try Self.expectPlan(
      wb, findings: ["balance C13", "result C14"], charges: [78750, 82500], produits: [78750, 81500], months: [12, 12])
  }

  @Test func coutsFinancementsCodeColumnRelativeYearsAfterCoverSheet() throws {
    let wb = Self.workbook(
      [
        ["Compte", "Coûts", "N", "N+1"],
        [60, "Achats", 4000, 4200],
        [601, "Matières premières", 1000, 1200],
        [606, "Fournitures", 3000, 3000],
        [61, "Services extérieurs", 2500, 2500],
        [613, "Locations", 2500, 2500],
        [64, "Charges de personnel", 30000, 31000],
        [641, "Rémunérations", 21000, 22000],
        [645, "Charges sociales", 9000, 9000],
        [nil, "Total des coûts", 36500, 38700],
        [nil, "Financements", "N", "N+1"],
        [74, "Subventions d'exploitation", 30000, 31000],
        [nil, "dont Ville", 10000, 10000],
        [nil, "dont Région", 20000, 21000],
        [75, "Cotisations", 6500, 7700],
        [nil, "Total des financements", 36500, 38700],
      ],
      cover: [
        ["Dossier de demande de subvention"],
        ["Association", "Les Jardins partagés"],
        ["Montant total du projet", 36500],
        ["Montant demandé", 30000],
      ], sheet: "Plan")
    // Year N+1: 4 200 + 2 500 + 31 000 = 37 700, stated 38 700.
    try Self.expectPlan(
      wb, findings: ["sum D10"], charges: [36500, 38700], produits: [36500, 38700], months: [12, 12], sheet: "Plan")
  }

  @Test func outlineLettersSinglePeriodRemarksFromColumnB() throws {
    let wb = Self.workbook(
      [
        ["Plan de financement 2026"],
        [],
        ["Intitulé", "Exercice 2026", "Commentaires"],
        ["A. Dépenses de personnel", 48000],
        ["a) Chargé de mission", 30000, "2 500 € / mois"],
        ["b) Animateur", 18000, "1 600 € / mois"],
        ["B. Dépenses de fonctionnement", 7000],
        ["a) Loyer", 4800, "400 € par mois"],
        ["b) Fournitures", 2200],
        ["C. Frais de structure (15 % des frais de personnel)", 7200],
        ["TOTAL GENERAL", 62200],
        [],
        ["Ressources", "Exercice 2026"],
        ["Subvention Ville", 30000],
        ["Subvention Région", 20000],
        ["Fonds propres", 12200],
        ["TOTAL GENERAL", 62200],
      ], startColumn: 1)
    // 1 600 × 12 = 19 200, stated 18 000.
    try Self.expectPlan(wb, findings: ["unit C6"], charges: [62200], produits: [62200], months: [12])
  }

  @Test func indentationOnlyWithSlashSubtotalAndTextAmounts() throws {
    let wb = Self.workbook(
      [
        ["Charges", "2025"],
        ["Personnel", "40\(Self.nnbsp)000\(Self.nnbsp)€"],
        ["Salaires bruts", "28\(Self.nbsp)000\(Self.nbsp)€"],
        ["Charges patronales", "12 000 €"],
        ["Fonctionnement", "9 000 EUR"],
        ["Loyer", "6 000"],
        ["Assurance", "1 800"],
        ["Petit matériel", "1 200"],
        ["S/Total charges directes", 49000],
        ["Frais généraux", 2000],
        ["Total charges", 51000],
        ["Produits", "2025"],
        ["Subvention", "45 000,00 €"],
        ["Vente de prestations", "7 200"],
        ["Reprise sur provisions", "(1 200)"],
        ["Total produits", 51000],
      ], indent: [3: 1, 4: 1, 6: 1, 7: 1, 8: 1])
    try Self.expectPlan(wb, findings: [], charges: [51000], produits: [51000], months: [12])
  }

  @Test func indentationOnlyWithAWrongParent() throws {
    let wb = Self.workbook(
      [
        ["Charges", "2025"],
        ["Personnel", 40000],
        ["Salaires bruts", 28000],
        ["Charges patronales", 12000],
        ["Fonctionnement", 9000],
        ["Loyer", 6000],
        ["Assurance", 1800],
        ["Petit matériel", 1500],
        ["Total charges", 49000],
        ["Produits", "2025"],
        ["Subvention", 49000],
        ["Total produits", 49000],
      ], indent: [3: 2, 4: 2, 6: 2, 7: 2, 8: 2])
    // 6 000 + 1 800 + 1 500 = 9 300 under a stated 9 000.
    try Self.expectPlan(wb, findings: ["sum B5"], charges: [49000], produits: [49000], months: [12])
  }

  @Test func boldGroupsSplitHeaderMonthRangesAndWrongResult() throws {
    let wb = Self.workbook(
      [
        ["Postes", "Budget prévisionnel"],
        [nil, "01/2025 - 12/2025", "01/2026 - 06/2026"],
        ["CHARGES"],
        ["Frais de personnel"],
        ["Coordinateur", 36000, 18000, "3 000 € / mois"],
        ["Animatrice", 24000, 12000],
        ["Sous-total personnel", 60000, 30000],
        ["Frais de fonctionnement"],
        ["Loyer", 6000, 3000],
        ["Déplacements", 2000, 1000],
        ["Sous-total fonctionnement", 8000, 4500],
        ["TOTAL CHARGES", 68000, 34500],
        ["PRODUITS"],
        ["Subvention FSE", 34000, 17000],
        ["Subvention Région", 20000, 10000],
        ["Autofinancement", 14000, 7500],
        ["TOTAL PRODUITS", 68000, 34500],
        ["Résultat", 0, 500],
      ], bold: [3, 4, 8, 13])
    // 3 000 + 1 000 = 4 000 under 4 500; the result is 0, not 500.
    try Self.expectPlan(
      wb, findings: ["sum C11", "result C18"], charges: [68000, 34500], produits: [68000, 34500], months: [12, 6])
  }

  @Test func englishSideBySideWithAmountHeadersAndYearTitle() throws {
    let wb = Self.workbook([
      ["Budget for the year 2025"],
      [],
      ["Expenses", "Amount", "Revenue", "Amount"],
      ["Salaries", 40000, "Municipal grant", 25000],
      ["Rent", 12000, "Regional grant", 20000],
      ["Supplies", 3000, "Membership fees", 5000],
      ["Travel", 2000, "Donations", 6000],
      ["Insurance"],
      ["TOTAL", 57000, "TOTAL", 56000],
    ])
    try Self.expectPlan(wb, findings: ["missing B8", "balance D9"], charges: [57000], produits: [56000], months: [12])
  }

  @Test func englishTextAmountsRatesAndAWrongTotalColumnCell() throws {
    let wb = Self.workbook([
      ["Line item", 2024, 2025, 2026, "Total", "Comments"],
      ["A. Personnel", "€60,000", "€62,000", "€64,000", "€186,000"],
      ["B. Travel", "€3,000", "€3,000", "€3,000", "€9,000"],
      ["C. Equipment", "€10,000", "-", "-", "€10,000"],
      ["Subtotal direct costs", "€73,000", "€65,000", "€67,000", "€205,000"],
      ["D. Overheads (7% of direct costs)", "€5,110", "€4,550", "€4,690", "€14,350"],
      ["Grand total", "€78,110", "€69,550", "€71,690", "€219,360"],
      [],
      ["Income", 2024, 2025, 2026, "Total"],
      ["EU grant (60% of total costs)", "€46,866", "€41,730", "€43,014", "€131,610"],
      ["Own contribution", "€31,244", "€27,820", "€28,676", "€87,740"],
      ["Total income", "€78,110", "€69,550", "€71,690", "€219,350"],
    ])
    // 78 110 + 69 550 + 71 690 = 219 350, not 219 360.
    try Self.expectPlan(
      wb, findings: ["cross-total E7"], charges: [78110, 69550, 71690], produits: [78110, 69550, 71690],
      months: [12, 12, 12])
  }

  @Test func schoolYearPeriodsFlatRateOnSalariesAndSolde() throws {
    let wb = Self.workbook([
      ["PLAN DE FINANCEMENT PRÉVISIONNEL"],
      ["Association Les Amis"],
      [],
      ["Charges", "Sept. 2024 – Août 2025", "Sept. 2025 – Déc. 2025"],
      ["Salaires chargés", 30000, 10000, "2 500 € / mois"],
      ["Loyer", 6000, 2000, "500 € / mois"],
      ["Frais de gestion (10 % des salaires)", 3000, 1200],
      ["Total charges", 39000, 13200],
      ["Produits", "Sept. 2024 – Août 2025", "Sept. 2025 – Déc. 2025"],
      ["Subventions", 33000, 11000],
      ["dont Commune", 13000, 5000],
      ["dont CAF", 20000, 6000],
      ["Participation des usagers", 6000, 2200],
      ["Total produits", 39000, 13200],
      ["Solde", 0, 0],
    ])
    // 10 % × 10 000 = 1 000, stated 1 200.
    try Self.expectPlan(wb, findings: ["rate C7"], charges: [39000, 13200], produits: [39000, 13200], months: [12, 4])
  }

  @Test func accountCodesInLabelsThreeLevelsPhasesAndDashes() throws {
    let wb = Self.workbook([
      ["Budget prévisionnel"],
      [],
      ["Dépenses", "Phase 1 (6 mois)", "Phase 2 (12 mois)"],
      ["60 - Achats", 3000, 5500],
      ["601 - Achats de matières", 1000, 2000],
      ["606 - Achats non stockés", 2000, 3500],
      ["6061 - Eau, énergie", 800, 1500],
      ["6064 - Fournitures administratives", 1200, 2000],
      ["62 - Autres services extérieurs", 1500, "–"],
      ["623 - Publicité", 1500, "–"],
      ["64 - Charges de personnel", 18000, 36000],
      ["total des dépenses", 22500, 41500],
      ["Recettes", "Phase 1 (6 mois)", "Phase 2 (12 mois)"],
      ["74 - Subventions", 20000, 38000],
      ["741 - État", 8000, 16000],
      ["742 - Région", 12000, 21000],
      ["75 - Dons", 2500, 3500],
      ["TOTAL DES RECETTES", 22500, 41500],
    ])
    // Phase 2: 16 000 + 21 000 = 37 000 under 38 000.
    try Self.expectPlan(wb, findings: ["sum C14"], charges: [22500, 41500], produits: [22500, 41500], months: [6, 12])
  }

  @Test func englishSplitHeaderIncludingLinesAndPerYearRatesClean() throws {
    let wb = Self.workbook([
      [nil, "Budget (EUR)"],
      [nil, "Year 1 (M1-M12)", "Year 2 (M13-M24)"],
      ["Expenditure"],
      ["Staff costs", 49200, 51600],
      ["including coordinator", 25200, 26400, "EUR 2,100 per month in year 1, EUR 2,200 per month in year 2"],
      ["including trainer", 24000, 25200, "EUR 2,000 per month in year 1, EUR 2,100 per month in year 2"],
      ["Indirect costs (15% of staff costs)", 7380, 7740],
      ["total expenditure", 56580, 59340],
      ["Income"],
      ["Grant requested", 40000, 40000],
      ["Own funds", 16580, 19340],
      ["total income", 56580, 59340],
      ["Balance", 0, 0],
    ])
    try Self.expectPlan(wb, findings: [], charges: [56580, 59340], produits: [56580, 59340], months: [12, 12])
  }

  @Test func upperCaseWithoutAccentsPartialSubtotalAndResultat() throws {
    let wb = Self.workbook([
      ["BUDGET PREVISIONNEL 2025"],
      ["DEPENSES", "MONTANT"],
      ["ACHATS", 2000],
      ["SERVICES EXTERIEURS", 3000],
      ["FRAIS DE PERSONNEL", 25000],
      ["TOTAL DEPENSES", 30000],
      ["RESSOURCES", "MONTANT"],
      ["ETAT", 12000],
      ["REGION", 6000],
      ["DEPARTEMENT", 5000],
      ["COMMUNE", 4000],
      ["SOUS-TOTAL SUBVENTIONS", 25000],
      ["FONDS PROPRES", 3000],
      ["TOTAL RESSOURCES", 30000],
      ["RESULTAT", 0],
    ])
    // The subtotal: 12 000 + 6 000 + 5 000 + 4 000 = 27 000, stated 25 000 (no run of the last
    // lines adds up to it); the total adds its stated components, 25 000 + 3 000 = 28 000 under
    // 30 000; balance holds. The title names the year.
    try Self.expectPlan(wb, findings: ["sum B12", "sum B14"], charges: [30000], produits: [30000], months: [12])
  }

  @Test func numberedOutlineWithDecimalSubLinesAndMissingTotal() throws {
    let wb = Self.workbook(
      [
        ["Plan de financement"],
        ["du 01/01/2025 au 31/12/2025"],
        [],
        [nil, nil],
        ["Nature des dépenses", "Montant en €"],
        ["1. Personnel", 45000],
        ["1.1 Directeur", 25000],
        ["1.2 Secrétariat", 20000],
        ["2. Fonctionnement", 12000],
        ["2.1 Loyer", 9000],
        ["2.2 Énergie", 2000],
        ["Total des dépenses", 57000],
        ["Nature des ressources", "Montant en €"],
        ["1. Subvention sollicitée", 40000],
        ["2. Autofinancement", 17000],
        ["Total des ressources", 57000],
      ], startColumn: 2)
    // Fonctionnement: 9 000 + 2 000 = 11 000 under 12 000; the total adds stated top lines.
    try Self.expectPlan(wb, findings: ["sum D9"], charges: [57000], produits: [57000])
  }

  @Test func produitsBeforeChargesUnbalanced() throws {
    let wb = Self.workbook([
      ["RESSOURCES", "2025"],
      ["Subvention Ville", 15000],
      ["Subvention Département", 10000],
      ["Mécénat", 4000],
      ["TOTAL RESSOURCES", 29000],
      ["DÉPENSES", "2025"],
      ["Personnel", 20000],
      ["Fonctionnement", 7000],
      ["Communication", 2500],
      ["TOTAL DÉPENSES", 29500],
    ])
    // Balance is reported at the produits total, wherever it stands.
    try Self.expectPlan(wb, findings: ["balance B5"], charges: [29500], produits: [29000], months: [12])
  }

  @Test func dashBulletsMarkSubLines() throws {
    let wb = Self.workbook([
      ["Plan de financement", "Année 2025"],
      ["DÉPENSES"],
      ["Personnel", 40000],
      ["- Salaires", 28000],
      ["- Charges sociales", 11000],
      ["Fonctionnement", 10000],
      ["- Loyer", 6000],
      ["- Fluides", 4000],
      ["Total dépenses", 50000],
      ["RECETTES"],
      ["Subventions publiques", 35000],
      ["- État", 20000],
      ["- Région", 15000],
      ["Fonds propres", 15000],
      ["Total recettes", 50000],
    ])
    // 28 000 + 11 000 = 39 000 under Personnel's 40 000.
    try Self.expectPlan(wb, findings: ["sum B3"], charges: [50000], produits: [50000], months: [12])
  }

  @Test func leadingSpacesIndentSubLines() throws {
    let wb = Self.workbook([
      ["CHARGES", "2025", "2026"],
      ["Personnel", 40000, 41000],
      ["   Salaires", 28000, 29000],
      ["   Charges sociales", 12000, 12500],
      ["Fonctionnement", 6000, 6000],
      ["   Loyer", 6000, 6000],
      ["TOTAL CHARGES", 46000, 47000],
      ["PRODUITS", "2025", "2026"],
      ["Subvention", 46000, 47000],
      ["TOTAL PRODUITS", 46000, 47000],
    ])
    // 2026: 29 000 + 12 500 = 41 500 over Personnel's 41 000.
    try Self.expectPlan(wb, findings: ["sum C2"], charges: [46000, 47000], produits: [46000, 47000])
  }

  @Test func subLinesLabelledInTheNextColumn() throws {
    let wb = Self.workbook([
      ["Dépenses", nil, "2025", "2026"],
      ["Personnel", nil, 40000, 42000],
      [nil, "Coordination", 25000, 26000],
      [nil, "Animation", 15000, 15000],
      ["Fonctionnement", nil, 8000, 8000],
      [nil, "Loyer", 8000, 8000],
      ["Total dépenses", nil, 48000, 50000],
      ["Recettes", nil, "2025", "2026"],
      ["Subvention", nil, 30000, 30000],
      ["Autofinancement", nil, 18000, 20000],
      ["Total recettes", nil, 48000, 50000],
    ])
    // 2026: 26 000 + 15 000 = 41 000 under 42 000.
    try Self.expectPlan(wb, findings: ["sum D2"], charges: [48000, 50000], produits: [48000, 50000])
  }

  @Test func romanNumeralsAboveNumbersAndATotalOfParts() throws {
    let wb = Self.workbook([
      ["Budget de l'opération", "2025"],
      ["I. Dépenses directes", 50000],
      ["1. Personnel", 35000],
      ["2. Fonctionnement", 15000],
      ["II. Dépenses indirectes (20 % des dépenses directes)", 10000],
      ["TOTAL (I + II)", 60000],
      ["Ressources", "2025"],
      ["FSE+ (50 %)", 30000],
      ["Autofinancement", 30000],
      ["TOTAL", 60000],
    ])
    try Self.expectPlan(wb, findings: [], charges: [60000], produits: [60000], months: [12])
  }

  @Test func semestersAreSixMonths() throws {
    let wb = Self.workbook([
      ["Dépenses", "S1 2025", "S2 2025", "Total"],
      ["Chargée de projet", 15000, 15000, 30000, "2 500 € / mois"],
      ["Loyer", 3000, 3000, 6000, "500 € / mois"],
      ["Déplacements", 1200, 800, 2000],
      ["Total dépenses", 19200, 18800, 38000],
      ["Recettes", "S1 2025", "S2 2025", "Total"],
      ["Subvention", 15000, 15000, 30000],
      ["Autofinancement", 4200, 3800, 8000],
      ["Total recettes", 19200, 18800, 38000],
    ])
    try Self.expectPlan(wb, findings: [], charges: [19200, 18800], produits: [19200, 18800], months: [6, 6])
  }

  @Test func quartersAreThreeMonths() throws {
    let wb = Self.workbook([
      ["Costs", "Q1 2025", "Q2 2025", "Q3 2025", "Q4 2025"],
      ["Coordinator", 6000, 6000, 6000, 6300, "EUR 2,000 per month"],
      ["Rent", 1500, 1500, 1500, 1500],
      ["Total costs", 7500, 7500, 7500, 7800],
      ["Income", "Q1 2025", "Q2 2025", "Q3 2025", "Q4 2025"],
      ["Grant", 7500, 7500, 7500, 7800],
      ["Total income", 7500, 7500, 7500, 7800],
    ])
    // 2 000 × 3 = 6 000, stated 6 300 in the fourth quarter.
    try Self.expectPlan(
      wb, findings: ["unit E2"], charges: [7500, 7500, 7500, 7800], produits: [7500, 7500, 7500, 7800],
      months: [3, 3, 3, 3])
  }

  @Test func surplusDeficitIsTheResult() throws {
    let wb = Self.workbook([
      ["Expenditure", "Year 1"],
      ["Salaries", 30000],
      ["Running costs", 5000],
      ["Total expenditure", 35000],
      ["Income", "Year 1"],
      ["Grant", 30000],
      ["Fees", 6000],
      ["Total income", 36000],
      ["Surplus / (deficit)", 0],
    ])
    // 36 000 − 35 000 = 1 000 for a stated 0.
    try Self.expectPlan(wb, findings: ["balance B8", "result B9"], charges: [35000], produits: [36000], months: [12])
  }

  @Test func shareColumnAndFunderCoincidenceClean() throws {
    let wb = Self.workbook([
      ["PLAN DE FINANCEMENT DE L'OPÉRATION"],
      [],
      ["Dépenses", "Montant HT", "%"],
      ["Études", 20000, 0.2],
      ["Travaux", 70000, 0.7],
      ["Imprévus", 10000, 0.1],
      ["Coût total de l'opération", 100000, 1],
      ["Financeurs", "Montant HT", "%"],
      ["État (DETR)", 40000, 0.4],
      ["Région", 20000, 0.2],
      ["Département", 20000, 0.2],
      ["Autofinancement", 20000, 0.2],
      ["Total des financements", 100000, 1],
    ])
    // État happens to equal Région + Département: the total says they are siblings.
    try Self.expectPlan(wb, findings: [], charges: [100000], produits: [100000])
  }

  @Test func euroSignAloneIsMissingAndAccountingDashIsZero() throws {
    let wb = Self.workbook([
      ["Charges", "2025"],
      ["Achats", "1 500 €"],
      ["Locations", "€"],
      ["Assurances", "-   €"],
      ["Honoraires", "0 €"],
      ["Personnel", "1.234,00 €"],
      ["Total charges", "2 734,00 €"],
      ["Produits", "2025"],
      ["Subvention", "2 734,00 €"],
      ["Total produits", "2 734,00 €"],
    ])
    try Self.expectPlan(wb, findings: ["missing B3"], charges: [2734], produits: [2734], months: [12])
  }

  @Test func actualAndBudgetYearColumns() throws {
    let wb = Self.workbook([
      ["Postes", "Réalisé 2024", "Budget 2025", "Budget 2026"],
      ["Personnel", 30000, 32000, 33000],
      ["Fonctionnement", 5000, 5000, 5000],
      ["Total charges", 35000, 37000, 38500],
      ["Produits", "Réalisé 2024", "Budget 2025", "Budget 2026"],
      ["Subventions", 35000, 37000, 38500],
      ["Total produits", 35000, 37000, 38500],
    ])
    // 2026: 33 000 + 5 000 = 38 000, stated 38 500.
    try Self.expectPlan(
      wb, findings: ["sum D4"], charges: [35000, 37000, 38500], produits: [35000, 37000, 38500], months: [12, 12, 12])
  }

  @Test func planDeFinancementHeaderIsNotTheIncomeSection() throws {
    let wb = Self.workbook([
      ["PLAN DE FINANCEMENT", "2025"],
      ["Frais de personnel", 30000],
      ["Frais de fonctionnement", 10000],
      ["TOTAL DES CHARGES", 40000],
      ["Subvention Région", 25000],
      ["Autofinancement", 15000],
      ["TOTAL DES PRODUITS", 40000],
    ])
    try Self.expectPlan(wb, findings: [], charges: [40000], produits: [40000], months: [12])
  }

  @Test func verticalCerfaWithInKindAccounts() throws {
    let wb = Self.workbook([
      ["BUDGET PRÉVISIONNEL DE L'ACTION"],
      ["CHARGES", "Montant"],
      ["60 - Achats", 1000],
      ["61 - Services extérieurs", 2000],
      ["64 - Charges de personnel", 9000],
      ["TOTAL DES CHARGES", 12000],
      ["86 - Emplois des contributions volontaires en nature", 2000],
      ["860 - Secours en nature", 500],
      ["864 - Personnel bénévole", 1500],
      ["TOTAL", 14000],
      ["PRODUITS", "Montant"],
      ["70 - Ventes", 2000],
      ["74 - Subventions d'exploitation", 10000],
      ["TOTAL DES PRODUITS", 12000],
      ["87 - Contributions volontaires en nature", 2500],
      ["870 - Bénévolat", 2500],
      ["TOTAL", 14500],
    ])
    // 87 states 2 500 against 86's 2 000, and the final totals differ by as much.
    try Self.expectPlan(wb, findings: ["balance B15", "balance B17"], charges: [12000], produits: [12000])
  }

  @Test func plainGroupHeadingsNamedByTheirSubtotals() throws {
    let wb = Self.workbook([
      ["Dépenses", "2025", "2026"],
      ["Frais de personnel"],
      ["Directrice", 30000, 31000],
      ["Animateurs", 40000, 41000],
      ["Total frais de personnel", 70000, 72000],
      ["Frais de fonctionnement"],
      ["Loyer", 12000, 12000],
      ["Fournitures", 3000, 3500],
      ["Total frais de fonctionnement", 15000, 15000],
      ["Total dépenses", 85000, 87000],
      ["Recettes", "2025", "2026"],
      ["Subventions publiques"],
      ["État", 40000, 40000],
      ["Région", 30000, 30000],
      ["Total subventions publiques", 70000, 70000],
      ["Département"],
      ["Fonds propres", 15000, 17000],
      ["Total recettes", 85000, 87000],
    ])
    // 12 000 + 3 500 = 15 500 in 2026; Département, which no subtotal names, has no amount.
    try Self.expectPlan(
      wb, findings: ["sum C9", "missing B16", "missing C16"], charges: [85000, 87000], produits: [85000, 87000],
      months: [12, 12])
  }

  @Test func quantityAndUnitCostColumnsBeforeTheAmount() throws {
    let wb = Self.workbook([
      ["Désignation", "Quantité", "Coût unitaire", "Montant total"],
      ["Ordinateurs", 4, 800, 3200],
      ["Logiciels", 4, 150, 600],
      ["Formation", 2, 1100, 2200],
      ["Total dépenses", nil, nil, 6000],
      ["Ressources", nil, nil, "Montant total"],
      ["Subvention", nil, nil, 4000],
      ["Autofinancement", nil, nil, 2000],
      ["Total ressources", nil, nil, 6000],
    ])
    try Self.expectPlan(wb, findings: [], charges: [6000], produits: [6000])
  }

  @Test func exerciceTitleWithDatesAndOneAmountColumn() throws {
    let wb = Self.workbook([
      ["Budget prévisionnel – Exercice 2025-2026 (du 01/09/2025 au 31/08/2026)"],
      ["Désignation", "Montant", "Observations"],
      ["Salaires", 24000, "2 100 € / mois"],
      ["Loyer", 6000, "500 € / mois"],
      ["Total charges", 30000],
      ["Subvention", 20000],
      ["Participation des familles", 10000],
      ["Total produits", 30000],
    ])
    // 2 100 × 12 = 25 200, stated 24 000.
    try Self.expectPlan(wb, findings: ["unit B3"], charges: [30000], produits: [30000], months: [12])
  }

  @Test func estimatedExpenditureAndIncomeWithEmptyLaterYears() throws {
    let wb = Self.workbook([
      ["ESTIMATED BUDGET"],
      ["Estimated expenditure", "Year 1", "Year 2", "Year 3", "Total"],
      ["Staff", 20000, 20000, 20000, 60000],
      ["Equipment", 5000, nil, nil, 5000],
      ["TOTAL ESTIMATED EXPENDITURE", 25000, 20000, 20000, 65000],
      ["Estimated income", "Year 1", "Year 2", "Year 3", "Total"],
      ["Grant", 20000, 16000, 16000, 52000],
      ["Own resources", 5000, 4000, 4000, 13000],
      ["TOTAL ESTIMATED INCOME", 25000, 20000, 20000, 65000],
    ])
    try Self.expectPlan(
      wb, findings: ["missing C4", "missing D4"], charges: [25000, 20000, 20000], produits: [25000, 20000, 20000],
      months: [12, 12, 12])
  }

  @Test func investmentPlanSideBySideWithShareColumn() throws {
    let wb = Self.workbook([
      ["Plan de financement prévisionnel 2025"],
      ["Nature des dépenses", "Montant HT", "Origine des financements", "Montant", "%"],
      ["Travaux", 80000, "État (DSIL)", 30000, 0.3],
      ["Maîtrise d'œuvre", 12000, "Région", 20000, 0.2],
      ["Études", 8000, "Département", 15000, 0.15],
      [nil, nil, "Sous-total financements publics", 60000, 0.65],
      [nil, nil, "Autofinancement", 35000, 0.35],
      ["TOTAL", 100000, "TOTAL", 100000, 1],
    ])
    // 30 000 + 20 000 + 15 000 = 65 000, stated 60 000; the total adds the stated subtotal: 95 000.
    try Self.expectPlan(wb, findings: ["sum D6", "sum D8"], charges: [100000], produits: [100000], months: [12])
  }

  @Test func justificationColumnLeftOfTheAmounts() throws {
    let wb = Self.workbook([
      ["Budget line", "Justification", "2025", "2026"],
      ["Project manager", "EUR 4,000 per month", 48000, 48000],
      [nil, "full time, recruited in January"],
      ["Trainer", "EUR 2,500 per month", 30000, 27500],
      ["Travel", "4 trips", 2000, 2000],
      ["Total costs", nil, 80000, 77500],
      ["Income", nil, "2025", "2026"],
      ["Grant", nil, 60000, 60000],
      ["Own contribution", nil, 20000, 17500],
      ["Total income", nil, 80000, 77500],
    ])
    // 2 500 × 12 = 30 000, stated 27 500 in 2026; the justification's second row is no line.
    try Self.expectPlan(wb, findings: ["unit D4"], charges: [80000, 77500], produits: [80000, 77500], months: [12, 12])
  }

  @Test func totalColumnBeforeThePeriods() throws {
    let wb = Self.workbook([
      ["Dépenses", "Coût total", "Année 1", "Année 2"],
      ["Personnel", 70000, 35000, 35000],
      ["Fonctionnement", 10000, 5000, 5000],
      ["Total dépenses", 80000, 40000, 40000],
      ["Recettes", "Coût total", "Année 1", "Année 2"],
      ["Subvention", 60000, 30000, 30000],
      ["Fonds propres", 21000, 10000, 10000],
      ["Total recettes", 80000, 40000, 40000],
    ])
    // 10 000 + 10 000 = 20 000 in the Total column, stated 21 000.
    try Self.expectPlan(wb, findings: ["cross-total B7"], charges: [40000, 40000], produits: [40000, 40000], months: [12, 12])
  }

  @Test func totalsWrittenAcrossTheCodeColumn() throws {
    let wb = Self.workbook(
      [
        ["Compte", "Intitulé", "2025"],
        [60, "Achats", 2000],
        [61, "Services extérieurs", 3000],
        [64, "Charges de personnel", 15000],
        ["TOTAL DES CHARGES", nil, 20000],
        [74, "Subventions", 15000],
        [75, "Cotisations", 4000],
        ["TOTAL DES PRODUITS", nil, 19000],
      ], merged: ["A5:B5"])
    // One total merged over the code and label columns, the other only overflowing into it.
    try Self.expectPlan(wb, findings: ["balance C8"], charges: [20000], produits: [19000], months: [12])
  }

  @Test func directCostsTotalAndAFunderAtHalfTheCost() throws {
    let wb = Self.workbook([
      ["DÉPENSES", "2025", "2026"],
      ["Dépenses de personnel", 50000, 52000],
      ["Dépenses de fonctionnement", 10000, 10000],
      ["Total dépenses directes", 60000, 62000],
      ["Dépenses indirectes (15 % des dépenses de personnel)", 7500, 7800],
      ["TOTAL DES DÉPENSES", 67500, 69800],
      ["RESSOURCES", "2025", "2026"],
      ["FSE+", 33750, 34900],
      ["Région", 20000, 20000],
      ["Autofinancement", 13750, 14900],
      ["TOTAL DES RESSOURCES", 67500, 69800],
    ])
    // FSE+ at 50 % equals the other resources in both years: still siblings. The direct-costs
    // total is part of the final one, which is the total that balances.
    try Self.expectPlan(wb, findings: [], charges: [67500, 69800], produits: [67500, 69800], months: [12, 12])
  }

  @Test func soldeAmongResourcesIsAFunderNotTheResult() throws {
    let wb = Self.workbook([
      ["Charges", "2025"],
      ["Personnel", 30000],
      ["Fonctionnement", 8000],
      ["Total charges", 38000],
      ["Produits", "2025"],
      ["Subvention Ville", 25000],
      ["Solde (fonds propres)", 13000],
      ["Total produits", 38000],
      ["Résultat", 500],
    ])
    // The result line states 500 where produits − charges = 0.
    try Self.expectPlan(wb, findings: ["result B9"], charges: [38000], produits: [38000], months: [12])
  }

  @Test func boldParentWhoseSubLinesFallShort() throws {
    let wb = Self.workbook(
      [
        ["Charges", "2025"],
        ["Personnel", 40000],
        ["Salaires", 28000],
        ["Charges sociales", 11000],
        ["Fonctionnement", 9000],
        ["Loyer", 6000],
        ["Fournitures", 3000],
        ["Total charges", 49000],
        ["Produits", "2025"],
        ["Subvention", 49000],
        ["Total produits", 49000],
      ], bold: [2, 5])
    // Bold marks Personnel as a parent; its sub-lines give 39 000, not 40 000.
    try Self.expectPlan(wb, findings: ["sum B2"], charges: [49000], produits: [49000], months: [12])
  }

  @Test func plainParentRevealedByTheTotal() throws {
    let wb = Self.workbook([
      ["Charges", "2025", "2026"],
      ["Personnel", 40000, 42000],
      ["Salaires", 28000, 29000],
      ["Charges sociales", 12000, 12500],
      ["Fonctionnement", 9000, 9000],
      ["Total charges", 49000, 51000],
      ["Produits", "2025", "2026"],
      ["Subvention", 49000, 51000],
      ["Total produits", 49000, 51000],
    ])
    // The total adds up only with Salaires and Charges sociales under Personnel, whose 2026
    // amount is 500 short of them.
    try Self.expectPlan(wb, findings: ["sum C2"], charges: [49000, 51000], produits: [49000, 51000])
  }

  @Test func yearsStoredAsDatesShownAsYears() throws {
    var wb = Self.workbook([
      ["Dépenses", nil, nil],
      ["Personnel", 30000, 31000],
      ["Fonctionnement", 5000, 5000],
      ["Total dépenses", 35000, 36000],
      ["Recettes"],
      ["Subvention", 35000, 35000],
      ["Total recettes", 35000, 36000],
    ])
    wb.styles.append(CellStyle(numberFormat: "yyyy"))
    let yearStyle = Int32(wb.styles.count - 1)
    for (column, serial) in [(1, 45658.0), (2, 46023.0)] {  // 1 January 2025 and 2026
      let ref = CellReference(row: 0, column: Int32(column))
      let cell = Cell(reference: ref, value: .number(serial, .date), style: yearStyle)
      let at = wb.sheets[0].cells.firstIndex { $0.reference > ref } ?? wb.sheets[0].cells.count
      wb.sheets[0].cells.insert(cell, at: at)
    }
    // 2026: 35 000 of subsidy for 36 000 of total, which itself says 36 000.
    try Self.expectPlan(wb, findings: ["sum C7"], charges: [35000, 36000], produits: [35000, 36000], months: [12, 12])
  }

  @Test func longFunctionNamesAreNotColumns() {
    // Found checking ../shared/corpus: the letters of a long name overflowed the column number.
    for text in ["SUMPRODUCT(B2:B3*C2:C3)", "SUM(INDIRECTREFERENCE(A1))", "ABCDEFGHIJKLMNOP1+B2"] {
      #expect(FormulaStructure.summedCells(CellFormula(text: text, dialect: .ooxml)) == nil)
    }
    #expect(FormulaStructure.summedCells(CellFormula(text: "SUM(B2:B3)+XFD4", dialect: .ooxml))?.count == 3)
  }

  @Test func yearlyRateMonthsTimesRateAndPayrollFlatRate() throws {
    let wb = Self.workbook([
      ["Postes", "Exercice 2025", "Commentaires"],
      ["Frais de personnel :"],
      ["Directeur", 36000, "36 000 € / an"],
      ["Animatrice", 28000, "2 500 € x 12 mois"],
      ["Fonctionnement :"],
      ["Loyer", 6000, "500 €/mois"],
      ["Frais de gestion (12 % de la masse salariale)", 7680],
      ["Total charges", 77680],
      ["Produits", "Exercice 2025"],
      ["Subvention", 77680],
      ["Total produits", 77680],
    ])
    // 2 500 × 12 = 30 000, stated 28 000; 12 % × (36 000 + 28 000) = 7 680 as stated.
    try Self.expectPlan(wb, findings: ["unit B4"], charges: [77680], produits: [77680], months: [12])
  }

  @Test func rateOfTotalDirectCostsAndAYearlySalary() throws {
    let wb = Self.workbook([
      ["Costs", "Year 1", "Year 2"],
      ["Project lead", 30000, 30000, "EUR 30,000 per year"],
      ["Equipment", 10000, 2000],
      ["Indirect costs (7% of total direct costs)", 2800, 2500],
      ["Total costs", 42800, 34500],
      ["Income", "Year 1", "Year 2"],
      ["Grant", 42800, 34500],
      ["Total income", 42800, 34500],
    ])
    // 7 % × 32 000 = 2 240 in year 2, stated 2 500.
    try Self.expectPlan(wb, findings: ["rate C4"], charges: [42800, 34500], produits: [42800, 34500], months: [12, 12])
  }

  @Test func unitRateForms() {
    let periods = [Period(label: "2025 (6 mois)", column: 1, months: 6), Period(label: "2026", column: 2, months: 12)]
    let yearly = UnitRates.parse("36 000 € / an", periods: periods, style: .french)
    #expect(yearly[0]?.per == 12 && yearly[1]?.amount == Money(36000))
    let times = UnitRates.parse("2 500 € x 12 mois", periods: periods, style: .french)
    #expect(times[1]?.months == 12 && times[1]?.amount == Money(2500))
    let monthly = UnitRates.parse("EUR 2,100 monthly", periods: periods, style: .english)
    #expect(monthly[0]?.amount == Money(2100) && monthly[0]?.per == 1)
    #expect(UnitRates.parse("4 x 12 ordinateurs", periods: periods, style: .french).isEmpty)
    #expect(UnitRates.parse("2 postes à 1 500 € / mois", periods: periods, style: .french).isEmpty)
    // The quick test for a month or a year ignores case and takes non-breaking spaces.
    #expect(UnitRates.parse("2 950 € PAR MOIS", periods: periods, style: .french)[0]?.amount == Money(2950))
    #expect(UnitRates.parse("36 000 € par\u{A0}an", periods: periods, style: .french)[1]?.per == 12)
    #expect(UnitRates.mentionsTime("Salaire MENSUEL") && !UnitRates.mentionsTime("60 - Achats"))
  }

  @Test func contingencyOnTheSubtotalAndRatesInLabels() throws {
    let wb = Self.workbook([
      ["Expenses", "2025"],
      ["Staff (EUR 3,000 per month)", 36000],
      ["Travel", 5000],
      ["Subtotal", 41000],
      ["Contingency (5% of subtotal)", 2500],
      ["Total expenses", 43500],
      ["Income", "2025"],
      ["Grant", 43500],
      ["Total income", 43500],
    ])
    // 5 % × 41 000 = 2 050, stated 2 500.
    try Self.expectPlan(wb, findings: ["rate B5"], charges: [43500], produits: [43500], months: [12])
  }

  @Test func resourcesOnTheLeftUsesOnTheRight() throws {
    let wb = Self.workbook([
      ["Tableau emplois-ressources 2025"],
      ["RESSOURCES", "Montant", "EMPLOIS", "Montant"],
      ["Subvention Ville", 12000, "Salaires (1 000 € / mois)", 12000],
      ["Subvention Région", 8000, "Loyer", 6000],
      ["Fonds propres", 3000, "Achats", 4500],
      ["TOTAL", 23000, "TOTAL", 22500],
    ])
    try Self.expectPlan(wb, findings: ["balance B6"], charges: [22500], produits: [23000], months: [12])
  }

  @Test func subtotalsNamedWithSectionWords() throws {
    let wb = Self.workbook([
      ["Dépenses", "2025"],
      ["Coordinatrice", 30000],
      ["Animateur", 25000],
      ["Total dépenses de personnel", 55000],
      ["Loyer", 6000],
      ["Déplacements", 3500],
      ["Total dépenses de fonctionnement", 9000],
      ["TOTAL DES DÉPENSES", 64000],
      ["Ressources", "2025"],
      ["FSE+", 32000],
      ["État", 10000],
      ["Région", 12000],
      ["Total financements publics", 22000],
      ["Autofinancement", 10000],
      ["TOTAL DES RESSOURCES", 64000],
    ])
    // 6 000 + 3 500 = 9 500 under a stated 9 000; "Total dépenses de personnel" is a subtotal.
    try Self.expectPlan(wb, findings: ["sum B7"], charges: [64000], produits: [64000], months: [12])
  }

  @Test func sideBySideWithATotalColumnPerSide() throws {
    let wb = Self.workbook([
      ["CHARGES", "2024", "2025", "Total", "PRODUITS", "2024", "2025", "Total"],
      ["Achats", 1000, 1200, 2200, "Subvention Ville", 5000, 5000, 10000],
      ["Personnel", 8000, 8000, 16000, "Subvention Région", 3000, 3200, 6300],
      ["Loyer", 2000, 2000, 4000, "Cotisations", 3000, 3000, 6000],
      ["TOTAL", 11000, 11200, 22200, "TOTAL", 11000, 11200, 22300],
    ])
    // 3 000 + 3 200 = 6 200 in the produits' Total column, stated 6 300.
    try Self.expectPlan(
      wb, findings: ["cross-total H3", "cross-total H5"], charges: [11000, 11200], produits: [11000, 11200],
      months: [12, 12])
  }

  @Test func totalsNamingTheProjectStillBalance() throws {
    let wb = Self.workbook([
      ["Dépenses", "2025"],
      ["Animation", 12000],
      ["Matériel", 3000],
      ["Total des dépenses du projet pilote", 15000],
      ["Recettes", "2025"],
      ["Commune", 9000],
      ["Mécénat", 5000],
      ["Total des recettes du projet pilote", 14000],
    ])
    try Self.expectPlan(wb, findings: ["balance B8"], charges: [15000], produits: [14000], months: [12])
  }

  @Test func totalsForThePeriod() throws {
    let wb = Self.workbook([
      ["Expenses", "Year 1"],
      ["Staff", 20000],
      ["Total staff costs", 20000],
      ["Rent", 4000],
      ["Total expenses for the period", 24000],
      ["Income", "Year 1"],
      ["Grant", 18000],
      ["Own funds", 6000],
      ["Total income for the period", 24500],
    ])
    // 18 000 + 6 000 = 24 000 of income, stated 24 500, against 24 000 of expenses.
    try Self.expectPlan(wb, findings: ["sum B9", "balance B9"], charges: [24000], produits: [24500], months: [12])
  }

  @Test func rowsOfPlainPercentagesAreNotLines() throws {
    let wb = Self.workbook([
      ["Dépenses", "2025", "2026"],
      ["Personnel", 40000, 40000],
      ["Fonctionnement", 10000, 10000],
      ["Total dépenses", 50000, 50000],
      ["Recettes", "2025", "2026"],
      ["FSE+", 25000, 25000],
      ["Taux FSE+", 50, 50],
      ["Région", 25000, 24000],
      ["Part Région (%)", 50, 48],
      ["Total recettes", 50000, 49000],
      ["Bénéfice / perte", 0, 0],
    ])
    // 2026: 49 000 of income for 50 000 of expenses, and the result line still says 0.
    try Self.expectPlan(
      wb, findings: ["balance C10", "result C11"], charges: [50000, 50000], produits: [50000, 49000], months: [12, 12])
  }

  @Test func labelHeaderUnderThePeriods() throws {
    let wb = Self.workbook([
      ["Budget prévisionnel de l'action"],
      [nil, "2025", "2026"],
      ["Libellé"],
      ["Charges"],
      ["Salaires", 30000, 31000],
      ["Fournitures", 2000, nil],
      ["Total charges", 32000, 31000],
      ["Produits"],
      ["Subvention", 32000, 31000],
      ["Total produits", 32000, 31000],
    ])
    try Self.expectPlan(wb, findings: ["missing C6"], charges: [32000, 31000], produits: [32000, 31000], months: [12, 12])
  }

  @Test func bareTotalsAndEnglishNegativesInParentheses() throws {
    let wb = Self.workbook([
      ["EXPENSES", "FY 2025"],
      ["Salaries", "€48,000.00"],
      ["Rent", "€9,600.00"],
      ["Refund of deposit", "(€1,200.00)"],
      ["TOTAL", "€56,400.00"],
      ["INCOME", "FY 2025"],
      ["Foundation grant", "€40,000.00"],
      ["Membership fees", "€16,000.00"],
      ["TOTAL", "€56,000.00"],
      ["Net result", "€0.00"],
    ])
    // 56 000 of income for 56 400 of expenses; the net result is −400, not 0.
    try Self.expectPlan(
      wb, findings: ["balance B9", "result B10"], charges: [56400], produits: [56000], months: [12])
  }

  @Test func sideBySideWithTheResultUnderTheResources() throws {
    let wb = Self.workbook([
      ["Dépenses", "Montant", "Recettes", "Montant"],
      ["Personnel", 20000, "Subvention", 18000],
      ["Fonctionnement", 5000, "Dons", 7500],
      ["Total", 25000, "Total", 25500],
      [nil, nil, "Résultat", 0],
    ])
    try Self.expectPlan(wb, findings: ["balance D4", "result D5"], charges: [25000], produits: [25500])
  }

  @Test func anAmountEqualToTheYearHeaderIsAnAmount() throws {
    let wb = Self.workbook([
      ["Dépenses", 2025],
      ["Frais postaux", 2025],
      ["Loyer", 6000],
      ["Total dépenses", 8025],
      ["Recettes", 2025],
      ["Subvention", 8025],
      ["Total recettes", 8025],
    ])
    withKnownIssue("a row whose amounts equal the numeric year headers is read as a repeated header row") {
      try Self.expectPlan(wb, findings: [], charges: [8025], produits: [8025], months: [12])
    }
  }
}

/// The shared plans moved about: shifted down and right under a title, after a cover sheet, under
/// another sheet name. Their findings must move with them, and nothing else change.
@Suite(.enabled(if: SharedPlans.exists, "the shared plans are next to the package"))
struct MovedPlanTests {
  static let rows: Int32 = 3
  static let columns: Int32 = 2

  /// The plan's workbook with its plan sheet moved by `rows` × `columns` (formulas rewritten, or
  /// dropped so that the plan is read from its values alone), renamed, after a cover sheet.
  static func moved(_ workbook: Workbook, keepFormulas: Bool) -> Workbook {
    var wb = workbook
    for s in wb.sheets.indices {
      var sheet = wb.sheets[s]
      sheet.cells = sheet.cells.map { c in
        var c = c
        c.reference = shift(c.reference)
        return c
      }
      var formulas: [CellReference: CellFormula] = [:]
      if keepFormulas {
        for (ref, f) in sheet.formulas where f.dialect == .ooxml {
          formulas[shift(ref)] = CellFormula(text: shiftReferences(f.text), dialect: .ooxml)
        }
      }
      sheet.formulas = formulas
      sheet.merged = sheet.merged.map { CellRange(start: shift($0.start), end: shift($0.end)) }
      sheet.cells.insert(Cell(reference: CellReference(row: 0, column: 0), value: .text("Dossier n° 2025-117")), at: 0)
      sheet.name = "Onglet \(s + 1)"
      wb.sheets[s] = sheet
    }
    let cover = LayoutTests.workbook([["Demande de subvention"], ["Porteur", "Association"]], sheet: "Couverture")
    wb.sheets.insert(cover.sheets[0], at: 0)
    return wb
  }

  /// The workbook with no bold or indentation left, and its labels in lower case with other
  /// section words ("dépenses", "ressources", "solde").
  static func plainAndReworded(_ workbook: Workbook) -> Workbook {
    var wb = workbook
    wb.styles = wb.styles.map { CellStyle(numberFormat: $0.numberFormat) }
    for s in wb.sheets.indices {
      for c in wb.sheets[s].cells.indices {
        guard case .text(let t)? = wb.sheets[s].cells[c].value else { continue }
        var words = t.lowercased().split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        for w in words.indices {
          switch words[w] {
          case "charges": words[w] = "dépenses"
          case "produits": words[w] = "ressources"
          case "résultat", "resultat", "résultats", "resultats": words[w] = "solde"
          default: break
          }
        }
        wb.sheets[s].cells[c].value = .text(words.joined(separator: " "))
      }
    }
    return wb
  }

  static func shift(_ ref: CellReference) -> CellReference {
    CellReference(row: ref.row + rows, column: ref.column + columns)
  }

  /// A1 references in OOXML formula text, moved by `rows` × `columns` ("SUM(B5:B9)" → "SUM(D8:D12)").
  static func shiftReferences(_ text: String) -> String {
    let chars = Array(text)
    var out = ""
    var i = 0
    while i < chars.count {
      let start = i
      let boundary = i == 0 || !(chars[i - 1].isLetter || chars[i - 1].isNumber || chars[i - 1] == "_")
      var j = i
      while j < chars.count, chars[j].isUppercase, chars[j].isASCII { j += 1 }
      var k = j
      while k < chars.count, chars[k].isASCII, chars[k].isNumber { k += 1 }
      if boundary, j > i, j - i <= 3, k > j, k == chars.count || !(chars[k].isLetter || chars[k] == "(") {
        let letters = String(chars[i..<j])
        let column = letters.unicodeScalars.reduce(0) { $0 * 26 + Int($1.value) - 64 } - 1 + Int(columns)
        var name = ""
        var c = column + 1
        while c > 0 {
          name = String(UnicodeScalar(UInt8(65 + (c - 1) % 26))) + name
          c = (c - 1) / 26
        }
        out += name + String((Int(String(chars[j..<k])) ?? 0) + Int(rows))
        i = k
        continue
      }
      out.append(chars[start])
      i = start + 1
    }
    return out
  }

  static func keys(_ check: PlanCheck) -> Set<String> {
    Set(check.findings.filter { $0.rule != .formulaStale }.map { "\($0.rule.rawValue) \($0.sheet) \($0.cell)" })
  }

  static let files = SharedPlans.cases.filter { $0.hasSuffix(".xlsx") && !$0.contains("formulas-defect") }
  /// Both formats, for the variants read from values alone.
  static let allFiles = SharedPlans.cases.filter {
    !$0.contains("formulas-defect") && ($0.hasSuffix(".xlsx") || SharedPlans.readsODS)
  }

  @Test(arguments: files) func findingsMoveWithThePlan(_ file: String) throws {
    let original = try Workbook(contentsOf: SharedPlans.folder + "/" + file)
    let before = PlanCheck(original)
    let plan = try #require(before.plan)
    let sheetIndex = try #require(original.sheets.firstIndex { $0.name == plan.sheet })
    let expected = Set(
      before.findings.filter { $0.rule != .formulaStale }.map {
        "\($0.rule.rawValue) Onglet \(sheetIndex + 1) \(Self.shift($0.cell))"
      })
    let after = PlanCheck(Self.moved(original, keepFormulas: true))
    #expect(Self.keys(after) == expected, "\(file)")
  }

  @Test(arguments: allFiles) func findingsStayWithoutFormulas(_ file: String) throws {
    let original = try Workbook(contentsOf: SharedPlans.folder + "/" + file)
    let before = PlanCheck(original)
    let plan = try #require(before.plan)
    let sheetIndex = try #require(original.sheets.firstIndex { $0.name == plan.sheet })
    let expected = Set(
      before.findings.filter { $0.rule != .formulaStale }.map {
        "\($0.rule.rawValue) Onglet \(sheetIndex + 1) \(Self.shift($0.cell))"
      })
    let after = PlanCheck(Self.moved(original, keepFormulas: false))
    #expect(Self.keys(after) == expected, "\(file)")
  }

  @Test(arguments: allFiles) func findingsStayWithoutStylesFormulasOrUsualWords(_ file: String) throws {
    let original = try Workbook(contentsOf: SharedPlans.folder + "/" + file)
    let before = PlanCheck(original)
    let plan = try #require(before.plan)
    let sheetIndex = try #require(original.sheets.firstIndex { $0.name == plan.sheet })
    let expected = Set(
      before.findings.filter { $0.rule != .formulaStale }.map {
        "\($0.rule.rawValue) Onglet \(sheetIndex + 1) \(Self.shift($0.cell))"
      })
    let after = PlanCheck(Self.moved(Self.plainAndReworded(original), keepFormulas: false))
    #expect(Self.keys(after) == expected, "\(file)")
  }

}

/// A summary block beside the table, as real event budgets have.
@Suite struct SummaryBlockTests {
  /// Costs and revenues side by side, and a summary block to the right whose cells point at the
  /// two totals and subtract them (`Bénéfices = J4 − J3`): a result.
  static func summaryBlock(result: Int) -> Workbook {
    var wb = UnseenLayoutTests.workbook([
      ["Coûts", "Prix unitaire", "Quantité", "Total", nil, "Revenus", "Montant", nil, "Synthèse", nil],
      ["Location salle", 400, 2, 800, nil, "Billetterie", 1500, nil, "Somme des coûts", 2150],
      ["Matériel son", 250, 3, 750, nil, "Buvette", 600, nil, "Somme des revenus", 2350],
      ["Affiches", 1.5, 400, 600, nil, "Subvention mairie", 250, nil, "Bénéfices", result],
      ["Total des coûts", nil, nil, 2150, nil, "Total des revenus", 2350],
    ])
    let f: [String: String] = ["D5": "SUM(D2:D4)", "G5": "SUM(G2:G4)", "J2": "D5", "J3": "G5", "J4": "J3-J2"]
    for (cell, text) in f { wb.sheets[0].formulas[CellReference(cell)!] = CellFormula(text: text, dialect: .ooxml) }
    return wb
  }

  @Test func aSummaryBlockBesideTheTableGivesTheResult() throws {
    let check = PlanCheck(Self.summaryBlock(result: 200))
    let plan = try #require(check.plan)
    let result = try #require(plan.resultLine.map { plan.lines[$0] }, "\(GeneratedPlanSurvey.reading(Self.summaryBlock(result: 200)))")
    #expect(result.cells.first == CellReference("J4"))
    #expect(result.amounts.first == Money(200))
    // A planned profit is no balanced plan: `balance` stands (domain.md §4.3), the result holds.
    #expect(Set(check.findings.filter { $0.severity != .info }.map { "\($0.rule.rawValue) \($0.cell)" }) == ["balance G5"])
  }

  @Test func aStaleBenefitIsFound() throws {
    // The cached 300 is not G5 − D5 = 200: the formula is stale.
    let check = PlanCheck(Self.summaryBlock(result: 300))
    #expect(check.findings.contains { $0.rule == .formulaStale && $0.cell == CellReference("J4")! }, "\(check.findings)")
  }
}

/// Quarterly schedules and plans of several years where a cost falls in one year: blanks are
/// zeros, said once in the plan; a placeholder is still a missing amount.
@Suite struct ScheduleTests {
  @Test func quarterlyBlanksAreZeros() throws {
    let wb = UnseenLayoutTests.workbook([
      ["Charges", "T1 2025", "T2 2025", "T3 2025", "T4 2025"],
      ["Loyer", 1200, 1200, 1200, 1200],
      ["Matériel", 4000, nil, nil, nil],
      ["Communication", nil, 500, "€", 800],
      ["Total charges", 5200, 1700, 1200, 2000],
    ])
    let check = PlanCheck(wb)
    let plan = try #require(check.plan)
    #expect(plan.blanksAreZero)
    #expect(Set(check.findings.filter { $0.severity != .info }.map { "\($0.rule.rawValue) \($0.cell)" }) == ["missing D4"])
  }

  @Test func aBlankInAPlanOfTwoYearsIsMissing() throws {
    let wb = UnseenLayoutTests.workbook([
      ["Charges", "2025", "2026"],
      ["Loyer", 1200, 1200],
      ["Matériel", 4000, nil],
      ["Total charges", 5200, 1200],
    ])
    let check = PlanCheck(wb)
    #expect(check.plan?.blanksAreZero == false)
    #expect(check.findings.contains { $0.rule == .missing && $0.cell == CellReference("C3")! })
  }
}

/// A sum formula that names an empty cell next to an amount no formula reads: the reference
/// slipped by a row, and the amount is left out of the total.
@Suite struct SlippedReferenceTests {
  static func plan(_ formula: String) -> Workbook {
    var wb = UnseenLayoutTests.workbook([
      ["Recettes"],
      ["Billetterie", 7000],
      ["Buvette", 2500],
      ["Stands"],
      ["Location des stands", 1800],
      ["TOTAL DES RECETTES", 9500],
    ])
    wb.sheets[0].formulas[CellReference("B6")!] = CellFormula(text: formula, dialect: .ooxml)
    return wb
  }

  @Test func anEmptyCellAboveAnUnreadAmount() throws {
    let check = PlanCheck(Self.plan("B2+B3+B4"))
    let sum = try #require(check.findings.first { $0.rule == .sum })
    #expect(sum.cell == CellReference("B6"))
    #expect(sum.expected == Money(11300))
  }

  @Test func aFormulaReadingEveryAmountIsRight() throws {
    #expect(PlanCheck(Self.plan("B2+B3+B5")).findings.filter { $0.rule == .sum }.isEmpty)
  }
}

/// A quantity column's total on the plan's total row that names its cells one by one and leaves
/// lines out: a `sum`, in counts.
@Suite struct ColumnTotalTests {
  /// A quote whose quantity total B6 holds `formula`, cached as `cached`.
  static func quote(_ formula: String, cached: Int) -> Workbook {
    var wb = UnseenLayoutTests.workbook([
      ["Désignation", "Qté", "Prix unitaire", "Montant"],
      ["Routeur", 2, 150, 300],
      ["Switch", 4, 80, 320],
      ["Câbles", 10, 5, 50],
      ["Borne wifi", 3, 120, 360],
      ["TOTAL", cached, nil, 1030],
    ])
    var f: [String: String] = ["B6": formula, "D6": "SUM(D2:D5)"]
    for r in 2...5 { f["D\(r)"] = "B\(r)*C\(r)" }
    for (cell, text) in f { wb.sheets[0].formulas[CellReference(cell)!] = CellFormula(text: text, dialect: .ooxml) }
    return wb
  }

  @Test func aQuantityTotalThatSkipsALine() throws {
    // =B2+B3+B5 names three of the four lines (9); with B4's 10 the column is 19.
    let check = PlanCheck(Self.quote("B2+B3+B5", cached: 9))
    let sum = try #require(check.findings.first { $0.rule == .sum && $0.cell == CellReference("B6")! }, "\(check.findings)")
    #expect(sum.expected == Money(19))
    #expect(sum.message(.fr).contains("font 19, la cellule indique 9"), "\(sum.message(.fr))")
  }

  @Test func aQuantityTotalOverEveryLineIsRight() throws {
    #expect(PlanCheck(Self.quote("B2+B3+B4+B5", cached: 19)).findings.filter { $0.rule == .sum }.isEmpty)
  }
}
