import Testing
import Workbook

@testable import Budget

/// Layouts met in plans made outside the project (grant budgets, quotes, funder matrices,
/// monthly schedules, side-by-side forms typed over): each test builds the layout in general
/// form, once right and once with a defect, and holds the reading to what `domain.md` §4 says.
/// See `docs/understanding.md` for each rule.
@Suite struct GeneralisedReaderTests {
  /// The error and warning findings as "rule CELL".
  static func findings(_ check: PlanCheck) -> Set<String> {
    Set(check.findings.filter { $0.severity != .info }.map { "\($0.rule.rawValue) \($0.cell)" })
  }

  /// The amounts of the last total of a side, as whole numbers or decimals.
  static func lastTotal(_ plan: Plan, _ section: Section) -> [String] {
    guard let line = plan.lines.last(where: { $0.kind == .total && $0.section == section }) else { return [] }
    return line.amounts.map { $0.map { "\($0.value)" } ?? "nil" }
  }

  static func with(_ wb: Workbook, formulas: [String: String]) -> Workbook {
    var wb = wb
    for (cell, text) in formulas { wb.sheets[0].formulas[CellReference(cell)!] = CellFormula(text: text, dialect: .ooxml) }
    return wb
  }

  /// A US-style grant budget: a salaries' total, then fringe, travel…, TOTAL DIRECT COSTS that
  /// carries the salaries' total, a memo line for the rate's base, the indirect costs on it.
  static func grant(pi: Int = 20000, fringe: Int = 22500) -> Workbook {
    UnseenLayoutTests.workbook([
      ["Project Budget"],
      ["Category", "Year 1"],
      ["Personnel"],
      ["PI salary (0.2 FTE)", pi],
      ["Postdoc (1.0 FTE)", 55000],
      ["Total salaries", 75000],
      ["Fringe benefits (30% of salaries)", fringe],
      ["Travel", 5000],
      ["Equipment", 12000],
      ["Supplies", 3000],
      ["Total Direct Costs", 117500],
      ["Modified Total Direct Costs (MTDC)", 105500],
      ["Indirect Costs (15% of direct costs)", 17625],
      ["Total Project Costs", 135125],
    ])
  }

  @Test func aSubtotalCarriesTheTotalRightAboveItsLines() throws {
    let check = PlanCheck(Self.grant())
    let plan = try #require(check.plan)
    // "Personnel" opens the salaries: a heading, not a missing line; the memo line is left out.
    #expect(Self.findings(check) == [])
    #expect(Self.lastTotal(plan, .charges) == ["135125"])
    // A typo in a salary breaks the salaries' total alone: the totals above it carry it.
    let typo = PlanCheck(Self.grant(pi: 21000))
    #expect(Self.findings(typo) == ["sum B6"])
  }

  @Test func aRateNamingATotalAboveTakesIt() throws {
    // 15 % of TOTAL DIRECT COSTS (117 500) is 17 625; the fringe's 30 % of the salaries' 75 000
    // is 22 500. A fringe of 22 000 is a `rate` at B7 and a `sum` at the direct costs.
    let check = PlanCheck(Self.grant(fringe: 22000))
    #expect(Self.findings(check).contains("rate B7"))
    #expect(!Self.findings(check).contains("rate B13"))
  }

  @Test func onCostsAreDirectCostsOfARateOnThem() throws {
    // "Management fee (15% of direct costs)": the lines above it, the staff's on-costs included.
    let rows: [[Any?]] = [
      ["EXPENDITURE", "Budget"],
      ["Salaries", 82000],
      ["NI and pension on-costs @ 25%", 20500],
      ["Rent", 6600],
      ["Travel", 5900],
      ["Management fee (15% of direct costs)", 17250],
      ["TOTAL EXPENDITURE", 132250],
    ]
    let check = PlanCheck(UnseenLayoutTests.workbook(rows))
    #expect(Self.findings(check) == [])
    var wrong = rows
    wrong[5][1] = 14175  // 15 % of the direct costs without the on-costs
    wrong[6][1] = 129175
    #expect(Self.findings(PlanCheck(UnseenLayoutTests.workbook(wrong))) == ["rate B6"])
  }

  @Test func aLineLeftEmptyAmongFilledOnesIsStillMissing() throws {
    // The rule of the seed's "Département": empty between two funders, it is `missing`.
    let wb = UnseenLayoutTests.workbook([
      ["Ressources", "2025"],
      ["Région", 5000],
      ["Département"],
      ["Commune", 3000],
      ["Total ressources", 8000],
    ])
    #expect(Self.findings(PlanCheck(wb)) == ["missing B3"])
  }

  /// A quote: items, the before-tax total, a discount, a running total, the tax, what is due.
  static func quote(due: Double = 7417.09) -> Workbook {
    UnseenLayoutTests.workbook([
      ["Item", "Qty", "Unit price", "Cost"],
      ["Laptop", 4, 899, 3596],
      ["Monitor", 5, 149.99, 749.95],
      ["Cable kit", 6, 35, 210],
      ["Microphone", 10, 99, 990],
      ["Net total", nil, nil, 5545.95],
      [nil, nil, "Discount (5%)", -277.3],
      ["Net after discount", nil, nil, 5268.65],
      [nil, nil, "Sales tax (6.5%)", 342.46],
      ["Amount due", nil, nil, due],
    ])
  }

  @Test func aQuoteEndsWithWhatIsDue() throws {
    let check = PlanCheck(Self.quote(due: 5611.11))
    let plan = try #require(check.plan)
    #expect(Self.findings(check) == [])
    #expect(Self.lastTotal(plan, .charges) == ["5611.11"])
    // What is due, typed 100 over: a `sum` at its cell, nowhere else.
    #expect(Self.findings(PlanCheck(Self.quote(due: 5711.11))) == ["sum D10"])
  }

  @Test func aTypedTotalIsCheckedAsItsFormulaPeer() throws {
    // A side-by-side form: the produits' grand total is a formula, the charges' one is typed
    // 200 over; both add the side's total and its contributions in kind.
    var wb = UnseenLayoutTests.workbook([
      ["DÉPENSES", "Prévision", "RECETTES", "Prévision"],
      ["Achats", 8000, "Ventes", 6000],
      ["Services", 4000, "Subvention", 6000],
      ["TOTAL DES CHARGES", 12000, "TOTAL PRODUITS", 12000],
      ["86 - Emplois des contributions volontaires", 500, "87 - Contributions volontaires en nature", 500],
      ["Prestations", 200, "Bénévolat", 300],
      ["Personnel bénévole", 300, "Prestations en nature", 200],
      ["TOTAL", 12700, "TOTAL", 12500],
    ])
    wb = Self.with(wb, formulas: ["B4": "B2+B3", "D4": "D2+D3", "B5": "SUM(B6:B7)", "D5": "SUM(D6:D7)", "D8": "D4+D5"])
    let check = PlanCheck(wb)
    #expect(Self.findings(check).contains("sum B8"), "\(check.findings)")
  }

  @Test func funderColumnsBeforeTheirTotalAreThePlansColumns() throws {
    let rows: [[Any?]] = [
      ["Poste de dépenses", "État", "Région", "FEDER", "Total"],
      ["Déplacements", nil, 4000, nil, 4000],
      ["Fonctionnement", 3300, 1550, nil, 4850],
      ["Personnel", 3150, nil, 3600, 6750],
      ["Équipement", 2750, nil, nil, 2750],
      ["TOTAL", 9200, 5550, 3600, 18350],
    ]
    let check = PlanCheck(UnseenLayoutTests.workbook(rows))
    let plan = try #require(check.plan)
    #expect(plan.periods.map(\.label) == ["État", "Région", "FEDER"])
    // Blanks are the funders' zeros, counted by the Total column: no `missing`.
    #expect(Self.findings(check) == [])
    var wrong = rows
    wrong[5][2] = 5050
    #expect(Self.findings(PlanCheck(UnseenLayoutTests.workbook(wrong))) == ["sum C6", "cross-total E6"])
  }

  @Test func monthNamesHeadAMonthlySchedule() throws {
    let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    let rent = [Any?](repeating: 1000, count: 12)
    var fees = [Any?](repeating: nil, count: 12)
    fees[1] = 450
    fees[8] = 700
    let totals: [Any?] = (0..<12).map { 1000 + (($0 == 1) ? 450 : ($0 == 8) ? 700 : 0) }
    let wb = UnseenLayoutTests.workbook([
      ["Monthly budget 2026"],
      [],
      ["Expenditure"] + months + ["Total"],
      ["Rent"] + rent + [12000],
      ["Freelance tutors"] + fees + [1150],
      ["TOTAL COSTS"] + totals + [13150],
    ])
    let check = PlanCheck(wb)
    let plan = try #require(check.plan)
    #expect(plan.periods.map(\.label) == months)
    #expect(plan.periods.allSatisfy { $0.months == 1 })
    #expect(Self.findings(check) == [])
  }

  @Test func aBoldLineAFormulaNamesKeepsTheLinesItPassesOver() throws {
    // `=B2+B3+B6`: the formula names «National co-financing» and passes over its two funders,
    // which add up to 17 700, not the 17 500 typed.
    let wb = Self.with(
      UnseenLayoutTests.workbook(
        [
          ["Resources", "Amount"],
          ["ESF+ contribution", 127390],
          ["National public co-financing", 17500],
          ["State (employment service)", 7700],
          ["Regional council", 10000],
          ["Own funds", 4980],
          ["TOTAL RESOURCES", 149870],
        ], bold: [3, 7]),
      formulas: ["B7": "B2+B3+B6"])
    #expect(Self.findings(PlanCheck(wb)) == ["sum B3"])
  }

  @Test func aReferenceBesideAFieldHeadsNoColumn() throws {
    // A quote's header block ("Réf. client | EFD854") above the real table.
    let wb = UnseenLayoutTests.workbook([
      ["Société", nil, nil, "Réf. client", "EFD854"],
      ["Nom du client", nil, nil, "Auteur", "Nom"],
      [],
      ["Description", "Quantité", "Prix unitaire", nil, "Montant"],
      ["Salle", 2, 460, nil, 920],
      ["Sono", 1, 120, nil, 120],
      ["Sécurité", 4, 224, nil, 896],
      [nil, nil, nil, "Sous-total", 1936],
    ])
    let check = PlanCheck(wb)
    let plan = try #require(check.plan)
    #expect(plan.periods.map(\.label) != ["EFD854"])
    #expect(plan.periods.map(\.label) != ["Nom"])
    #expect(Self.findings(check) == [])
  }

  @Test func aSecondBlockTitledAsCostsIsNoIncome() throws {
    // Two cost blocks side by side, each under its title: no income side, so no balance.
    let wb = UnseenLayoutTests.workbook([
      ["Staff costs", nil, nil, "Equipment costs"],
      ["Role", "Amount", nil, "Item", "Amount"],
      ["Developer", 60200, nil, "Laptops", 6396],
      ["Consultant", 60200, nil, "Server", 300],
      ["Total", 120400, nil, "Total", 6696],
    ])
    let check = PlanCheck(wb)
    let plan = try #require(check.plan)
    #expect(!plan.lines.contains { $0.section == .produits })
    #expect(Self.findings(check) == [])
  }

  @Test func contributionsInKindAfterTheChargesTotalAreStillCharges() throws {
    // Total dépenses, the volunteers' time, TOTAL GÉNÉRAL, and only then the PRODUITS heading.
    let wb = UnseenLayoutTests.workbook([
      ["CHARGES", "Budget 2026"],
      ["Location de salle", 6000],
      ["Frais de personnel", 14000],
      ["Total dépenses", 20000],
      ["Contributions volontaires en nature (bénévolat)", 2000],
      ["TOTAL GÉNÉRAL", 22000],
      [],
      ["PRODUITS", "Budget 2026"],
      ["Subvention Région", 12000],
      ["Fonds propres", 8000],
      ["TOTAL DES RESSOURCES", 20000],
      ["87 – Contributions volontaires en nature", 2000],
      ["TOTAL GÉNÉRAL", 22000],
    ])
    let check = PlanCheck(wb)
    let plan = try #require(check.plan)
    #expect(Self.lastTotal(plan, .charges) == ["22000"])
    #expect(Self.findings(check) == [])
  }

  @Test func aPlainLineAfterTheLastBoldGroupIsNoneOfItsLines() throws {
    // Bold groups over their lines, then "Dotations" on its own before the total.
    let wb = UnseenLayoutTests.workbook(
      [
        ["CHARGES", "Budget initial", "Budget révisé"],
        ["Charges de personnel", 19250, 20050],
        ["Salaires", 3950, 4350],
        ["Charges sociales", 15300, 15700],
        ["Fonctionnement", 25100, 24250],
        ["Énergie", 23200, 22000],
        ["Fournitures", 1900, 2250],
        ["Actions", 20100, 19450],
        ["Matériel d'animation", 1400, 1300],
        ["Transport des participants", 18700, 18150],
        ["Dotations aux amortissements", 1950, 1700],
        ["TOTAL DES CHARGES", 66400, 65450],
      ], bold: [2, 5, 8, 12])
    let check = PlanCheck(wb)
    let plan = try #require(check.plan)
    #expect(Self.lastTotal(plan, .charges) == ["66400", "65450"])
    #expect(Self.findings(check) == [])
  }

  @Test func aTableAfterTheClosedPlanIsNoneOfItsLines() throws {
    // The board's members under the plan, past two empty rows: no `missing` for them.
    let wb = UnseenLayoutTests.workbook([
      ["Désignation", "Prévisionnel 2026", "Prévisionnel 2027"],
      ["DÉPENSES"],
      ["Assurance", 300, 300],
      ["Location sono", 1400, 1350],
      ["TOTAL :", 1700, 1650],
      ["FINANCEMENT"],
      ["Mairie", 1100, 1000],
      ["Cotisations", 600, 650],
      ["Total ressources :", 1700, 1650],
      [], [], [],
      ["Membres du bureau"],
      ["Léa", "Présidente", 2006],
      ["Hugo", "Trésorier", 2002],
    ])
    #expect(Self.findings(PlanCheck(wb)) == [])
  }

  @Test func aYearOverEachPairNamesItsColumns() throws {
    var wb = UnseenLayoutTests.workbook([
      [nil, 2025, nil, 2026, nil],
      ["Intitulé", "Prévu", "Réalisé", "Prévu", "Réalisé"],
      ["DÉPENSES"],
      ["Consommables", 350, 401, 400, 336],
      ["Minibus", 2450, 2341, 2750, 3147],
      ["Total des dépenses", 2800, 2742, 3150, 3483],
      ["RECETTES"],
      ["Buvette", 1650, 1650, 1480, 1480],
      ["Autofinancement", 1150, 1092, 1670, 2003],
      ["TOTAL RECETTES", 2800, 2742, 3150, 3483],
    ])
    wb.sheets[0].merged = [CellRange("B1:C1")!, CellRange("D1:E1")!]
    let plan = try #require(PlanCheck(wb).plan)
    #expect(plan.periods.map(\.label) == ["2025 Prévu", "2025 Réalisé", "2026 Prévu", "2026 Réalisé"])
  }

  @Test func budgetAndActualAreBothChecked() throws {
    // What was spent is checked as the plan is; the variance is no period.
    let rows: [[Any?]] = [
      [nil, "Budget", "Actual", "Variance"],
      ["Expenditure"],
      ["Fuel", 700, 760, 60],
      ["Insurance", 2250, 2645, 395],
      ["TOTAL EXPENSES", 2950, 3405, 455],
      ["Income"],
      ["Sponsor", 1240, 1240, 0],
      ["Use of reserves", 1710, 2165, 455],
      ["Total income", 2950, 3405, 455],
    ]
    let check = PlanCheck(UnseenLayoutTests.workbook(rows))
    let plan = try #require(check.plan)
    #expect(plan.periods.map(\.label) == ["Budget", "Actual"])
    #expect(Self.findings(check) == [])
    var wrong = rows
    wrong[4][2] = 3305  // 760 + 2 645 = 3 405
    wrong[7][2] = 2065
    wrong[8][2] = 3305
    #expect(Self.findings(PlanCheck(UnseenLayoutTests.workbook(wrong))) == ["sum C5"])
  }

  @Test func aSubtotalsFormulaThatStopsShortOfItsLastLineIsASum() throws {
    // `=SUM(B3:B4)` under three lines: the third is a peer the formula left out.
    let wb = Self.with(
      UnseenLayoutTests.workbook([
        ["Description", "Budget"],
        ["Expenditure"],
        ["Coach hire", 1650],
        ["Fuel", 2350],
        ["Train tickets", 750],
        ["Subtotal Transport", 4000],
        ["Insurance", 1600],
        ["TOTAL EXPENSES", 5600],
      ]),
      formulas: ["B6": "SUM(B3:B4)"])
    #expect(Self.findings(PlanCheck(wb)).contains("sum B6"))
  }

  @Test func aSummaryOverDetailSheetsIsThePlan() throws {
    // Dépenses and Recettes each on a sheet, a Synthèse that pulls and balances their totals.
    var wb = LayoutTests.workbook(
      [
        ["Poste", "2026"],
        ["Location", 4000],
        ["Personnel", 9000],
        ["Communication", 1500],
        ["Total dépenses", 14500],
      ], sheet: "Dépenses")
    wb.sheets.append(
      LayoutTests.workbook(
        [
          ["Financeur", "2026"],
          ["Région", 8000],
          ["Commune", 4000],
          ["Fonds propres", 2500],
          ["Total recettes", 14500],
        ], sheet: "Recettes"
      ).sheets[0])
    var summary = LayoutTests.workbook(
      [
        ["Synthèse", "2026"],
        ["Total des charges", 14500],
        ["Total des produits", 14500],
        ["Résultat", 0],
      ], sheet: "Synthèse"
    ).sheets[0]
    summary.formulas[CellReference("B2")!] = CellFormula(text: "'Dépenses'!B5", dialect: .ooxml)
    summary.formulas[CellReference("B3")!] = CellFormula(text: "'Recettes'!B5", dialect: .ooxml)
    summary.formulas[CellReference("B4")!] = CellFormula(text: "B3-B2", dialect: .ooxml)
    wb.sheets.insert(summary, at: 0)
    let plan = try #require(PlanCheck(wb).plan)
    #expect(plan.sheet == "Synthèse")
  }

  @Test func germanAndItalianTotalsAreTotals() throws {
    for (charges, income, total) in [("Ausgaben", "Einnahmen", "Summe"), ("Uscite", "Entrate", "Totale")] {
      let wb = UnseenLayoutTests.workbook([
        [charges, "Betrag"],
        ["Miete", 1200],
        ["Material", 800],
        ["\(total) \(charges.lowercased())", 2000],
        [],
        [income, "Betrag"],
        ["Zuschuss", 1500],
        ["Eigenmittel", 400],
        ["\(total) \(income.lowercased())", 1900],
      ])
      let check = PlanCheck(wb)
      let plan = try #require(check.plan)
      #expect(Self.lastTotal(plan, .charges) == ["2000"], "\(total)")
      #expect(Self.lastTotal(plan, .produits) == ["1900"], "\(total)")
      #expect(Self.findings(check) == ["balance B9"], "\(total)")
    }
  }

  @Test func aCountColumnsGapIsNeverRounding() throws {
    // A typed invoice: its quantity column has a total of its own, read as a period. Two items
    // left out of the count (10 for 12) is an error: no count was rounded.
    let rows: [[Any?]] = [
      ["Item", "Unit price", "Quantity", "Amount"],
      ["Switch", 198.29, 3, 594.87],
      ["Router", 208.29, 2, 416.58],
      ["Server", 1124.96, 1, 1124.96],
      ["Workstation", 374.96, 6, 2249.76],
      ["TOTAL", nil, 10, 4386.17],
    ]
    let check = PlanCheck(UnseenLayoutTests.workbook(rows))
    let found = check.findings.filter { $0.severity != .info }
    #expect(found.map { "\($0.rule.rawValue) \($0.cell)" } == ["sum C6"])
    #expect(found.first?.detail.counts == true)
    // Counted right, nothing is said; a side figure beside the first line is no total of them.
    var right = rows
    right[5][2] = 12
    right[1].append(4386.17)
    #expect(Self.findings(PlanCheck(UnseenLayoutTests.workbook(right))) == [])
  }

  @Test func aFormulaOverAnExcelTableAddsUpTheRangeItNames() throws {
    // An Office quote template: the lines in a table "Articles", the subtotal
    // `=SUM(Articles[Montant])`. Its cached 1 000 against lines of 1 100 is a `sum`: the formula
    // says which lines it adds, as a range would.
    let rows: [[Any?]] = [
      ["Devis"],
      ["Description", "Montant"],
      ["Salle", 460],
      ["Sono", 120],
      ["Sécurité", 520],
      [],
      ["Sous-total", 1000],
      ["TVA", 0],
      ["TOTAL", 1000],
    ]
    var wb = Self.with(
      UnseenLayoutTests.workbook(rows), formulas: ["B7": "SUM(Articles[Montant])", "B9": "SUM(B7,B8)"])
    wb.tables = [
      TableDefinition(
        name: "Articles", sheetIndex: 0, range: CellRange("A2:B5")!, columns: ["Description", "Montant"], headerRows: 1,
        totalsRows: 0)
    ]
    let check = PlanCheck(wb, reader: PlanReader())
    let plan = try #require(check.plan)
    let subtotal = try #require(plan.lines.firstIndex { $0.label == "Sous-total" })
    #expect(plan.evidence[subtotal].contains(.formula))
    #expect(Self.findings(check).contains("sum B7"))
  }

  @Test func aFormulaComputingNothingWithNoCacheIsBlank() throws {
    // A file written by a library that stores no cached values (openpyxl): `=IF(C5="";"";…)`
    // computes to nothing. It reads as the blank it shows, as it would with its cache, and not
    // as an amount waiting for an engine.
    let rows: [[Any?]] = [
      ["Poste", "Qté", "Montant"],
      ["Salle", 2, 920],
      ["Sono", 1, 120],
      ["Autres", nil, nil],
      ["TOTAL", nil, 1040],
    ]
    var cached = Self.with(UnseenLayoutTests.workbook(rows), formulas: ["C4": "IF(B4=\"\",\"\",B4*10)"])
    var uncached = cached
    cached.sheets[0].cells.append(Cell(reference: CellReference("C4")!, value: .text("")))
    cached.sheets[0].cells.sort { $0.reference < $1.reference }
    let withCache = Self.findings(PlanCheck(cached))
    #expect(Self.findings(PlanCheck(uncached)) == withCache)
    uncached.sheets[0].formulas = [:]
    #expect(Self.findings(PlanCheck(uncached)) == withCache, "a formula computing nothing is a blank cell")
  }

  /// A compte rendu's charges: account groups over their lines, a group of one line carried by
  /// `=B3`, the total adding the groups.
  static func groupsOfOne(total: Int = 9300) -> Workbook {
    let rows: [[Any?]] = [
      ["CHARGES", "Prévision"],
      ["60 – Achats", 3700],
      ["Prestations de services", 3700],
      ["61 – Services extérieurs", 5600],
      ["Locations", 5200],
      ["Assurance", 400],
      ["Total des charges", total],
    ]
    return Self.with(UnseenLayoutTests.workbook(rows), formulas: ["B2": "B3", "B4": "SUM(B5:B6)", "B7": "B2+B4"])
  }

  @Test func aGroupCarriedFromItsOneLineIsItsParent() throws {
    // `=B3` carries the one line of "60 – Achats": the line is the group's, not the total's too.
    let check = PlanCheck(Self.groupsOfOne())
    #expect(Self.findings(check) == [])
    let plan = try #require(check.plan)
    let group = try #require(plan.lines.firstIndex { $0.label.hasPrefix("60") })
    #expect(plan.lines[group].components.map { plan.lines[$0].label } == ["Prestations de services"])
    #expect(Self.findings(PlanCheck(Self.groupsOfOne(total: 9400), reader: PlanReader())) == ["sum B7"])
  }

  @Test func aHeaderRowInsideTheBlockNamesTheColumnsOfItsLines() throws {
    // Expenses HT | TVA | TTC, then the funders' table "Financeur | Montant HT" under them: the
    // funders have no TTC, and that is no missing amount. A funder left blank still is.
    func plan(_ region: Int?) -> Workbook {
      UnseenLayoutTests.workbook([
        ["Nature de la dépense", "Montant HT", "TVA", "Montant TTC"],
        ["Travaux", 13250, 2650, 15900],
        ["Étude", 13300, 2660, 15960],
        ["TOTAL DES DÉPENSES", 26550, 5310, 31860],
        [],
        ["Financeur", "Montant HT", "Taux"],
        ["Europe – FEADER", 12744, 0.48],
        ["Conseil régional", region, 0.32],
        ["Autofinancement", 5310, 0.2],
        ["TOTAL FINANCEMENT", 26550, 1],
      ])
    }
    #expect(Self.findings(PlanCheck(plan(8496))) == [])
    #expect(Self.findings(PlanCheck(plan(nil))).contains("missing B8"))
    #expect(!Self.findings(PlanCheck(plan(nil))).contains("missing D8"))
  }

  @Test func anAccountHeadingUnderTheChargesTotalKeepsItsSide() throws {
    // "86 – Emplois des contributions volontaires" under TOTAL DES CHARGES: charges in kind, whose
    // total is no income to balance against the charges.
    let rows: [[Any?]] = [
      ["CHARGES", "Montant"],
      ["Achats", 5300],
      ["Personnel", 41100],
      ["TOTAL DES CHARGES", 46400],
      ["86 – Emplois des contributions volontaires en nature", nil],
      ["Personnel bénévole", 6700],
      ["Total 86", 6700],
      ["TOTAL GÉNÉRAL DES CHARGES", 53100],
      ["PRODUITS", "Montant"],
      ["Subventions", 40000],
      ["Fonds propres", 6400],
      ["TOTAL DES PRODUITS", 46400],
      ["87 – Contributions volontaires en nature", nil],
      ["Bénévolat", 6700],
      ["Total 87", 6700],
      ["TOTAL GÉNÉRAL DES PRODUITS", 53100],
    ]
    let formulas = ["B4": "B2+B3", "B7": "SUM(B6)", "B8": "B4+B7", "B12": "B10+B11", "B15": "SUM(B14)", "B16": "B12+B15"]
    let check = PlanCheck(Self.with(UnseenLayoutTests.workbook(rows), formulas: formulas))
    let plan = try #require(check.plan)
    #expect(Self.findings(check) == [])
    #expect(plan.lines.first { $0.label == "Total 86" }?.section == .charges)
  }

  @Test func theYearSheetsASummaryPullsBothSidesFromAreCheckedToo() throws {
    // One sheet a year, and a RECAP whose lines are `='2026'!B2`…: a year whose income exceeds
    // its costs is unbalanced on its own sheet, and said there.
    func year(_ name: String, income: Int) -> Sheet {
      LayoutTests.workbook(
        [
          ["Charges", "Montant"], ["Salaires", 30000], ["Loyer", 7000], ["Total charges", 37000],
          ["Produits", "Montant"], ["Subvention", 30000], ["Autofinancement", income], ["Total produits", 30000 + income],
        ], sheet: name
      ).sheets[0]
    }
    var recapRows: [[Any?]] = [["RECAP", "2025", "2026"]]
    var formulas: [String: String] = [:]
    for (i, (label, row)) in [("Salaires", 2), ("Loyer", 3), ("Total charges", 4), ("Subvention", 6), ("Autofinancement", 7), ("Total produits", 8)].enumerated() {
      recapRows.append([label, 0, 0])
      formulas["B\(i + 2)"] = "'2025'!B\(row)"
      formulas["C\(i + 2)"] = "'2026'!B\(row)"
    }
    func workbook(income2026: Int) -> Workbook {
      let sheets = [year("2025", income: 7000), year("2026", income: income2026)]
      var recap = LayoutTests.workbook(recapRows, sheet: "RECAP")
      // The cached values: what each year sheet states.
      for c in recap.sheets[0].cells.indices {
        let ref = recap.sheets[0].cells[c].reference
        guard ref.column > 0, ref.row > 0, let f = formulas[ref.description] else { continue }
        let source = f.hasPrefix("'2025'") ? sheets[0] : sheets[1]
        let target = CellReference(String(f.split(separator: "!")[1]))!
        recap.sheets[0].cells[c].value = source.cell(at: target)?.value
      }
      recap = Self.with(recap, formulas: formulas)
      recap.sheets += sheets
      return recap
    }
    let right = PlanCheck(workbook(income2026: 7000))
    #expect(right.plan?.sheet == "RECAP")
    #expect(right.findings.filter { $0.severity != .info }.isEmpty)
    let wrong = PlanCheck(workbook(income2026: 7300))
    let places = Set(wrong.findings.filter { $0.severity != .info }.map { "\($0.rule.rawValue) \($0.sheet)!\($0.cell)" })
    #expect(places == ["balance RECAP!C7", "balance 2026!B8"])
  }

  @Test func aTaxColumnIsTheHeadersRateOfEachPrice() throws {
    // "HST (13%)" beside the prices: each line's tax is 13 % of its price (`rate`), and its
    // "Total incl. HST" the price plus the tax (`sum`). The column totals are the plan's.
    func budget(tax: Double = 596, total: Double = 3576) -> Workbook {
      UnseenLayoutTests.workbook([
        ["Expenditure item", "Ex-HST", "HST (13%)", "Total incl. HST"],
        ["Contractor", 4680, 608.4, 5288.4],
        ["Signage", 1120, 145.6, 1265.6],
        ["Equipment hire", 2980, tax, total],
        ["Materials", 6900, 897, 7797],
        ["Total expenditure", 15680, 1651 + tax, 14351 + total],
      ])
    }
    #expect(Self.findings(PlanCheck(budget(tax: 387.4, total: 3367.4))) == [])
    let wrongTax = Self.findings(PlanCheck(budget(tax: 596, total: 3576)))
    #expect(wrongTax.contains("rate C4"))
    #expect(!wrongTax.contains("sum D4"))
    let wrongTotal = Self.findings(PlanCheck(budget(tax: 387.4, total: 3376.4)))
    #expect(wrongTotal.contains("sum D4"))
    #expect(!wrongTotal.contains("rate C4"))
  }

  @Test func aBaseComputedFromTheTotalsIsNoLineTheTotalForgot() throws {
    // `=B5+B7` passes over the MTDC memo on purpose: it is a base, not a cost.
    let rows: [[Any?]] = [
      ["Budget category", "Y1"],
      ["Salaries", 120000],
      ["Equipment", 20000],
      ["Travel", 5000],
      ["Total Direct Costs", 145000],
      ["MTDC (F&A base)", 125000],
      ["F&A (52% MTDC)", 65000],
      ["Total Direct and Indirect Costs", 210000],
    ]
    let wb = Self.with(
      UnseenLayoutTests.workbook(rows), formulas: ["B5": "SUM(B2:B4)", "B6": "B5-B3", "B7": "ROUND(B6*0.52,0)", "B8": "B5+B7"])
    let check = PlanCheck(wb)
    #expect(Self.findings(check) == [])
    #expect(Self.lastTotal(try #require(check.plan), .charges) == ["210000"])
  }

  @Test func anNGOBudgetsNumbersUnitsAndHumanResourcesAreNoAmountsNoLabelsNoIncome() throws {
    // "N°" numbers typed as text ("1", "1.1") left of the labels, a unit column ("mois",
    // "forfait") between the labels and the figures, and a first group "Ressources humaines":
    // the lines are the labelled costs, and the funding table under them is the income.
    func budget(total: Int = 101550) -> Workbook {
      let rows: [[Any?]] = [
        ["N°", "Rubrique", "Unité", "Quantité", "Coût unitaire", "Total"],
        ["1", "Ressources humaines"],
        ["1.1", "Chef de projet", "mois", 18, 3500, 63000],
        ["1.2", "Animateurs", "mois", 40, 600, 24000],
        [nil, "Sous-total 1", nil, nil, nil, 87000],
        ["2", "Activités"],
        ["2.1", "Forages", "forage", 2, 5000, 10000],
        ["2.2", "Formations", "session", 3, 1500, 4500],
        ["2.3", "Audit", "forfait", 1, 50, 50],
        [nil, "Sous-total 2", nil, nil, nil, 14550],
        [nil, "TOTAL DU PROJET", nil, nil, nil, total],
        [],
        [nil, "PLAN DE FINANCEMENT"],
        [nil, "AFD", nil, nil, nil, 60000],
        [nil, "Fonds propres", nil, nil, nil, 41550],
        [nil, "TOTAL FINANCEMENT", nil, nil, nil, 101550],
      ]
      return Self.with(
        UnseenLayoutTests.workbook(rows),
        formulas: ["F5": "SUM(F3:F4)", "F10": "SUM(F7:F9)", "F11": "F5+F10", "F16": "SUM(F14:F15)"])
    }
    let check = PlanCheck(budget())
    let plan = try #require(check.plan)
    #expect(Self.findings(check) == [])
    #expect(check.findings.allSatisfy { $0.cell.column != 0 }, "no line number is an amount")
    #expect(plan.lines.first { $0.row == 2 }?.label == "Chef de projet")
    #expect(Self.lastTotal(plan, .charges) == ["101550"])
    #expect(Self.lastTotal(plan, .produits) == ["101550"])
  }

  @Test func anotherSheetWithAPlanOfItsOwnIsCheckedToo() throws {
    // A year's budget beside the three-year forecast: whichever is taken as the plan, a wrong
    // total on the other is reported, named by its sheet. A sheet of one side's details (only
    // income) is no plan of its own.
    let year = LayoutTests.workbook(
      [
        ["", "Restricted", "Unrestricted"], ["INCOME"], ["Lottery fund", 36120, 0], ["Donations", 0, 19390],
        ["Total income", 36320, 19390], ["EXPENDITURE"], ["Salaries", 30120, 19510], ["Premises", 6000, 120],
        ["Total expenditure", 36120, 19630],
      ], sheet: "Budget 2025-26"
    ).sheets[0]
    let forecast = LayoutTests.workbook(
      [
        ["", "Year 1", "Year 2", "Year 3"], ["Income"], ["Lottery fund", 36120, 36840, 37580], ["Donations", 19390, 19770, 20190],
        ["Total income", 55510, 56610, 57770], ["Expenditure"], ["Salaries", 49630, 50620, 51640], ["Premises", 5880, 5990, 6130],
        ["Total expenditure", 55510, 56610, 57770],
      ], sheet: "3-year forecast"
    ).sheets[0]
    let details = LayoutTests.workbook(
      [["Grants", "Amount"], ["Lottery", 36120], ["Council", 8000], ["Total grants", 44120], ["Other income", "Amount"], ["Donations", 19390], ["Events", 300], ["Total other", 19690]],
      sheet: "Income details"
    ).sheets[0]
    let wb = Workbook(format: .xlsx, sheets: [year, forecast, details])
    let check = PlanCheck(wb)
    let places = Set(check.findings.filter { $0.severity != .info }.map { "\($0.rule.rawValue) \($0.sheet)!\($0.cell)" })
    #expect(places.contains("sum Budget 2025-26!B5"))
    #expect(!places.contains { $0.contains("Income details") })
    #expect(check.notes.contains { if case .alsoChecked = $0 { return true } else { return false } })
  }

  @Test func namedColumnsAfterThePeriodsThatTheTotalAddsUpArePeriods() throws {
    // "Requested from Foundation" (an amount word), then two columns headed by names, then the
    // Total column that adds all three: three periods, and a Total cell typed over is a
    // cross-total.
    func budget(total: Int = 5100) -> Workbook {
      UnseenLayoutTests.workbook([
        ["Expense category", "Requested from Foundation", "Other sources – secured", "Other sources – pending", "Total project budget", "Narrative"],
        ["Project Director", 15400, 9400, 6700, 31500, "0.5 FTE"],
        ["Coordinator", 18600, 15600, 8600, 42800, "full time"],
        ["Supplies", 2300, 2000, 800, total, "kits"],
        ["Travel", 3000, 1200, 1600, 5800, "mileage"],
        ["Evaluation", 3900, 5300, 3800, 13000, "external"],
        ["TOTAL PROJECT COSTS", 43200, 33500, 21500, 98200, nil],
      ])
    }
    let check = PlanCheck(budget())
    let plan = try #require(check.plan)
    #expect(plan.periods.count == 3)
    #expect(Self.findings(check) == [])
    #expect(Self.findings(PlanCheck(budget(total: 5000))).contains("cross-total E4"))
  }

  @Test func anOutlineNumberInACodeColumnMakesAGroupOfItsLines() throws {
    // A film budget: "Code | Item | Budget", groups "9" over "9.1" (one line) typed, no formula.
    // The group carries its line, so the total adds the groups only, and a finance plan below
    // is the income.
    func budget(music: Int = 5100) -> Workbook {
      UnseenLayoutTests.workbook(
        [
          ["Code", "Item", "Budget"],
          ["1", "STORY & RIGHTS", 10600], ["1.1", "Option and rights", 5400], ["1.2", "Writer fee", 5200],
          ["2", "CAST", 9250], ["2.1", "Lead cast", 7600], ["2.2", "Supporting cast", 1650],
          ["3", "MUSIC", music], ["3.1", "Composer", 5100],
          [nil, "TOTAL PRODUCTION BUDGET", 24950],
          [],
          [nil, "FINANCE PLAN"], [nil, "Screen agency", 13800], [nil, "Producer contribution", "£11,150"],
          [nil, "TOTAL FINANCE", 24950],
        ], bold: [2, 5, 8])
    }
    let check = PlanCheck(budget())
    let plan = try #require(check.plan)
    #expect(Self.findings(check) == [])
    #expect(Self.lastTotal(plan, .produits) == ["24950"])
    #expect(Self.findings(PlanCheck(budget(music: 5300))) == ["sum C8", "sum C10"])
  }

  @Test func aLineThatSumsTheLinesBeforeItWithNoTotalWordIsTheirParent() throws {
    // "Charges de personnel" under the four salaries it adds up, then the other running costs
    // and "Sous-total fonctionnement": the salaries are counted once, in their group.
    func budget(secretary: Int = 18470) -> Workbook {
      UnseenLayoutTests.workbook([
        ["DÉPENSES", "2026", "2027"],
        ["Infirmier coordinateur", 41480, 41480],
        ["Médecin coordonnateur", 23740, 23740],
        ["Psychologue", 12160, 12160],
        ["Secrétariat", secretary, 18470],
        ["Charges de personnel", 95850, 95850],
        ["Frais de déplacement", 4330, 4330],
        ["Loyer", 11740, 11740],
        ["Sous-total fonctionnement", 111920, 111920],
        ["Matériel", 15800, 0],
        ["TOTAL DES DÉPENSES", 127720, 111920],
      ])
    }
    let check = PlanCheck(budget())
    #expect(Self.findings(check) == [])
    let plan = try #require(check.plan)
    #expect(plan.lines.first { $0.label == "Charges de personnel" }?.components.count == 4)
    #expect(Self.lastTotal(plan, .charges) == ["127720", "111920"])
  }

  @Test func aHousingOperationsCostPriceAndFinancingPlanAreItsTwoSides() throws {
    // "PRIX DE REVIENT" (cost price) heads the costs; the header repeated under their total,
    // "PLAN DE FINANCEMENT | Montant", heads the financing.
    func plan(ownFunds: Int = 350672) -> Workbook {
      UnseenLayoutTests.workbook([
        ["PRIX DE REVIENT PRÉVISIONNEL", "Montant € TTC"],
        ["Acquisition terrain", 224700], ["Frais d'acquisition", 26000], ["Sous-total charge foncière", 250700],
        ["Travaux de construction", 1382400], ["Aléas de chantier", 25800], ["Sous-total bâtiment", 1408200],
        ["TOTAL PRIX DE REVIENT", 1658900],
        [],
        ["PLAN DE FINANCEMENT", "Montant € TTC"],
        ["Prêt CDC PLUS", 670600], ["Prêt Action Logement", 109700], ["Sous-total prêts", 780300],
        ["Subvention Région", 38400], ["Subvention commune", 164300], ["Sous-total subventions", 202700],
        ["Fonds propres", ownFunds],
        ["TOTAL FINANCEMENT", 983000 + ownFunds],
      ])
    }
    let right = PlanCheck(plan(ownFunds: 675900))
    #expect(Self.findings(right) == [])
    #expect(Self.lastTotal(try #require(right.plan), .charges) == ["1658900"])
    #expect(Self.findings(PlanCheck(plan(ownFunds: 677100))) == ["balance B18"])
  }

  @Test func aGrandSubtotalOverInnerSubtotalsAddsTheLinesOnce() throws {
    // `=SUBTOTAL(9,B2:B8)` over two groups closed by their own SUBTOTALs: it adds the lines
    // once, and its cached value is no stale formula.
    let rows: [[Any?]] = [
      ["Action", "2026"],
      ["Isolation", 40000], ["Chauffage", 25000], ["Sous-total bâtiments", 65000],
      ["Vélo", 12000], ["Bornes", 8000], ["Sous-total mobilité", 20000],
      [],
      ["TOTAL", 85000],
    ]
    let wb = Self.with(
      UnseenLayoutTests.workbook(rows),
      formulas: ["B4": "SUBTOTAL(9,B2:B3)", "B7": "SUBTOTAL(9,B5:B6)", "B9": "SUBTOTAL(9,B2:B8)"])
    let check = PlanCheck(wb)
    #expect(Self.findings(check) == [])
    let total = try #require(check.plan?.lines.first { $0.label == "TOTAL" })
    #expect(total.components.count == 2)
  }

  @Test func aRateOfASidesGroupTakesTheSubtotalThatNamesTheGroup() throws {
    // "10 % des dépenses de fonctionnement" under "Sous-total fonctionnement": the subtotal is
    // the base, though it does not say "dépenses".
    func budget(fee: Int = 3200) -> Workbook {
      UnseenLayoutTests.workbook([
        ["DÉPENSES", "2026"],
        ["Salaires", 20000], ["Loyer", 8000], ["Déplacements", 4000],
        ["Sous-total fonctionnement", 32000],
        ["Frais de structure (10 % des dépenses de fonctionnement)", fee],
        ["Matériel", 5000],
        ["TOTAL DES DÉPENSES", 32000 + fee + 5000],
      ])
    }
    #expect(Self.findings(PlanCheck(budget())) == [])
    #expect(Self.findings(PlanCheck(budget(fee: 3500))) == ["rate B6"])
  }

  @Test func aRateOnStaffInAPartnersBlockTakesThatPartnersStaff() throws {
    // Partner blocks one above the other, each closed by its total: "15 % of staff costs" in
    // the second block is 15 % of that block's staff, not of every partner's.
    func budget(office2: Int = 11100) -> Workbook {
      UnseenLayoutTests.workbook(
        [
          ["Budget line", "Total budget"],
          ["LP — City council"],
          ["Staff costs", 116000], ["Office and administration (15% of staff costs)", 17400],
          ["Travel", 4300],
          ["Total LP", 137700],
          ["PP2 — University"],
          ["Staff costs", 74000], ["Office and administration (15% of staff costs)", office2],
          ["Travel", 2300],
          ["Total PP2", 74000 + office2 + 2300],
          ["TOTAL PROJECT BUDGET", 137700 + 74000 + office2 + 2300],
          [],
          ["ERDF (60% of total eligible costs)", (137700 + 76300 + office2) * 6 / 10],
          ["Partner contributions", (137700 + 76300 + office2) * 4 / 10],
          ["TOTAL FUNDING", 137700 + 76300 + office2],
        ], bold: [2, 6, 7, 11, 12, 16], indent: [3: 1, 4: 1, 5: 1, 8: 1, 9: 1, 10: 1])
    }
    #expect(Self.findings(PlanCheck(budget())) == [])
    #expect(Self.findings(PlanCheck(budget(office2: 12000))).contains("rate B9"))
  }

  @Test func aRateOfDirectCostsIsNotTheGroupOfOtherDirectCosts() throws {
    // "Other direct costs" is what is left of the direct costs: "7 % of direct costs" takes
    // the staff too.
    func budget(indirect: Int = 7217) -> Workbook {
      UnseenLayoutTests.workbook([
        ["COSTS", "Amount (EUR)"],
        ["Personnel", 98500],
        ["Task 1", 40000], ["Task 2", 58500],
        ["Other direct costs", 4600],
        ["Hosting", 2300], ["Travel", 2300],
        ["Indirect costs (7% of direct costs)", indirect],
        ["TOTAL COSTS", 103100 + indirect],
        ["FUNDING", "Amount (EUR)"],
        ["Grant", 50000], ["Own contribution", 53100 + indirect],
        ["TOTAL FUNDING", 103100 + indirect],
      ], bold: [2, 5, 9, 13])
    }
    #expect(Self.findings(PlanCheck(budget())) == [])
    #expect(Self.findings(PlanCheck(budget(indirect: 322))) == ["rate B8"])
  }

  @Test func onCostsInsideTheStaffGroupTakeTheGroupsLinesAboveThem() throws {
    // "Charges sociales (45 % des rémunérations)" under "Personnel", after the teaching hours
    // (hours × rate): 45 % of the lines of the group above it.
    func budget(social: Double = 33594.75) -> Workbook {
      UnseenLayoutTests.workbook([
        ["CHARGES", "Quantité", "Prix unitaire", "2024-2025"],
        ["Personnel", nil, nil, 74655 + social + 45000],
        ["Heures de cours", 2370, 31.5, 74655],
        ["Charges sociales (45 % des rémunérations)", nil, nil, social],
        ["Direction et secrétariat", nil, nil, 45000],
        ["Location de salles", nil, nil, 9000],
        ["TOTAL CHARGES", nil, nil, 74655 + social + 45000 + 9000],
      ], bold: [2, 7], indent: [3: 1, 4: 1, 5: 1])
    }
    #expect(Self.findings(PlanCheck(budget())) == [])
    #expect(Self.findings(PlanCheck(budget(social: 20157))).contains("rate D4"))
  }

  @Test func blockTotalsOfCostsBeforeTheCostsTotalStayCosts() throws {
    // "Total action 1", "Total action 2"… then "TOTAL DES CHARGES": the blocks are all costs,
    // and the produits come after the costs' total.
    var wb = UnseenLayoutTests.workbook([
      ["CHARGES", "Montant"],
      ["Action 1 : Développement de la pratique"],
      ["Encadrement", 4000], ["Matériel", 2350],
      ["Total action 1", 6350],
      ["Action 2 : Sport-santé et reprise d'activité"],
      ["Encadrement", 4900], ["Communication", 400],
      ["Total action 2", 5300],
      ["TOTAL DES CHARGES", 11650],
      ["PRODUITS", "Montant"],
      ["Agence nationale du sport", 7000], ["Fonds propres", 4650],
      ["TOTAL DES PRODUITS", 11650],
      ["Solde", 0],
    ])
    wb = Self.with(
      wb, formulas: ["B5": "SUM(B3:B4)", "B9": "SUM(B7:B8)", "B10": "B5+B9", "B14": "SUM(B12:B13)", "B15": "B14-B10"])
    let check = PlanCheck(wb)
    let plan = try #require(check.plan)
    #expect(Self.findings(check) == [])
    // Sheet rows 2 to 10 (zero-based 1…9): the two actions and the costs' total.
    #expect(plan.lines.filter { $0.row <= 9 }.allSatisfy { $0.section == .charges })
  }

  @Test func sectionsStackedWithTheirOwnTotalsBalancePairByPair() throws {
    // A commune's budget: fonctionnement, then investissement, each with its costs and income,
    // then the grand totals. Each pair of totals naming the same section balances.
    func budget(services: Int = 122000) -> Workbook {
      UnseenLayoutTests.workbook([
        ["Compte", "Dépenses de fonctionnement", "BP 2025"],
        ["011", "Charges à caractère général", 372000],
        ["012", "Charges de personnel", 942000],
        ["023", "Virement à la section d'investissement", 201000],
        [nil, "Total dépenses de fonctionnement", 1515000],
        [],
        ["Compte", "Recettes de fonctionnement", "BP 2025"],
        ["70", "Produits des services", services],
        ["73", "Impôts et taxes", 1393000],
        [nil, "Total recettes de fonctionnement", services + 1393000],
        [],
        ["Compte", "Dépenses d'investissement", "BP 2025"],
        ["21", "Immobilisations corporelles", 359000],
        ["16", "Remboursement d'emprunts", 111000],
        [nil, "Total dépenses d'investissement", 470000],
        [],
        ["Compte", "Recettes d'investissement", "BP 2025"],
        ["13", "Subventions d'investissement", 123000],
        ["021", "Virement de la section de fonctionnement", 201000],
        ["16", "Emprunts", 146000],
        [nil, "Total recettes d'investissement", 470000],
        [],
        [nil, "TOTAL GÉNÉRAL DES DÉPENSES", 1985000],
        [nil, "TOTAL GÉNÉRAL DES RECETTES", services + 1393000 + 470000],
      ])
    }
    #expect(Self.findings(PlanCheck(budget())) == [])
    // Income of the first section off by 500: its pair and the grand pair no longer balance.
    #expect(Self.findings(PlanCheck(budget(services: 122500))) == ["balance C10", "balance C24"])
  }

  @Test func inKindTotalsBalanceLikeTheCashTotals() throws {
    // Cash costs and cash income, then in-kind uses and sources, then totals including in
    // kind: the in-kind pair balances on its own.
    func budget(premises: Int = 9500) -> Workbook {
      UnseenLayoutTests.workbook([
        ["EXPENSES", "2025 budget"],
        ["Food purchases", 23800], ["Warehouse rent", 13000],
        ["Total cash expenses", 36800],
        ["In-kind contributions (uses)", "2025 budget"],
        ["Donated food (valued)", 212000], ["Donated premises", premises],
        ["Total in-kind (uses)", 212000 + premises],
        ["TOTAL EXPENSES INCLUDING IN-KIND", 36800 + 212000 + premises],
        ["INCOME", "2025 budget"],
        ["City grant", 11000], ["Donations", 25800],
        ["Total cash income", 36800],
        ["In-kind contributions (sources)", "2025 budget"],
        ["In-kind food donations", 212000], ["In-kind premises", 9500],
        ["Total in-kind (sources)", 221500],
        ["TOTAL INCOME INCLUDING IN-KIND", 258300],
      ])
    }
    #expect(Self.findings(PlanCheck(budget())) == [])
    #expect(Self.findings(PlanCheck(budget(premises: 10190))) == ["balance B17", "balance B18"])
  }

  @Test func productFormulasWitnessTheirColumnsForATypedAmount() throws {
    // Three amounts computed `=C*D`, one typed: the formulas name the factor columns, so the
    // typed one is checked against them. A formula that multiplies by more is its author's.
    var wb = UnseenLayoutTests.workbook([
      ["Poste", "Bénéficiaires", "Coût unitaire", "Montant"],
      ["Accompagnement", 55, 1600, 88000],
      ["Cours de français", 55, 420, 23520],
      ["Aide au logement", 55, 2400, 132000],
      ["Interprétariat", 330, 42, 27720],
      ["Coordination", nil, nil, 37500],
      ["TOTAL DÉPENSES", nil, nil, 308740],
      ["État", nil, nil, 308740],
      ["TOTAL RESSOURCES", nil, nil, 308740],
    ])
    wb = Self.with(wb, formulas: ["D2": "B2*C2", "D4": "B4*C4", "D5": "B5*C5*2"])
    #expect(Self.findings(PlanCheck(wb)) == ["product D3"])
  }

  @Test func anOutlineLetterBeforeTotalStillMakesATotal() {
    #expect(Wording.totalKind(["j", "total", "direct", "and", "indirect", "costs", "h", "i"]).isTotal)
    #expect(Wording.totalKind(["3", "sous", "total"]) == (true, false))
    // "S/Total" stays a subtotal.
    #expect(Wording.totalKind(["s", "total", "charges"]) == (true, false))
  }

  @Test func aFormulaNamingAPartnersTotalLeavesTheNextPartnersLinesAlone() throws {
    // "TOTAL DU PROJET" = Total PC + Total P2: the lines of P2, under its heading, are P2's,
    // closed by its typed total, not sub-lines of "Total PC".
    func budget(p2: Int = 146700) -> Workbook {
      var wb = UnseenLayoutTests.workbook(
        [
          ["Poste", "2025"],
          ["PC — Ville"],
          ["   Frais de personnel", 107000], ["   Frais de déplacement", 6000],
          ["Total PC", 113000],
          ["P2 — Université"],
          ["   Frais de personnel", 116000], ["   Expertise externe", 30700],
          ["Total P2", p2],
          ["TOTAL DU PROJET", 113000 + p2],
          [],
          ["FEDER", 100000], ["Contreparties", 13000 + p2],
          ["TOTAL DES RESSOURCES", 113000 + p2],
        ], bold: [5, 9, 10, 14])
      wb = Self.with(wb, formulas: ["B10": "B5+B9"])
      return wb
    }
    #expect(Self.findings(PlanCheck(budget())) == [])
    #expect(Self.findings(PlanCheck(budget(p2: 150000))).contains("sum B9"))
  }

  @Test func aRepeatedHeaderOrASidesTotalAfterBlankRowsContinuesThePlan() throws {
    // Revenue then capital sections, two blank rows apart, each under the period headers
    // again, then the grand totals after blank rows: all one plan.
    func budget(precept: Int = 286000, placeholder: Bool = false) -> Workbook {
      UnseenLayoutTests.workbook([
        ["Revenue expenditure", "2024/25"],
        ["Employees", 212000], ["Premises", 48000], ["Grants to local groups", 22000],
        ["Revenue contribution to capital", 28000],
        ["Total revenue expenditure", 310000],
        [], [],
        ["Revenue income", "2024/25"],
        ["Precept", precept], ["Burial fees", 24000],
        ["Total revenue income", precept + 24000],
        [], [],
        ["Capital expenditure", "2024/25"],
        ["Play area renewal", 68000], ["Village hall roof", 83000],
        ["Total capital expenditure", 151000],
        [], [],
        ["Capital funding", "2024/25"],
        ["CIL receipts", placeholder ? "£" as Any : 20000], ["Revenue contribution received", 28000],
        ["Public Works Loan Board borrowing", 103000],
        ["Total capital funding", 151000],
        [], [],
        ["TOTAL EXPENDITURE", 461000],
        [], [],
        ["TOTAL INCOME", precept + 24000 + 151000],
      ])
    }
    let check = PlanCheck(budget())
    #expect(Self.findings(check) == [])
    #expect(Self.lastTotal(try #require(check.plan), .produits) == ["461000"])
    #expect(Self.findings(PlanCheck(budget(precept: 290000))) == ["balance B12", "balance B31"])
    // A currency sign alone in the capital section, past the revenue income's total.
    #expect(Self.findings(PlanCheck(budget(placeholder: true))).contains("missing B22"))
  }

  /// A UK charity's budget: funds as columns with no header over the labels, then Total.
  static func charity(sheet: String = "Budget 2025-26", salaries: Int = 31650) -> Workbook {
    UnseenLayoutTests.workbook(
      [
        ["Carers Centre – budget for the year"],
        [],
        [nil, "Unrestricted funds", "Restricted funds", "Total"],
        ["INCOME"],
        ["Lottery Community Fund", 0, 81300, 81300],
        ["Donations", 15760, 0, 15760],
        ["Total income", 15760, 81300, 97060],
        ["EXPENDITURE"],
        ["Salaries", 13930, salaries, 13930 + 31650],
        ["Premises", 1830, 81300 - 31650, 1830 + 81300 - 31650],
        ["Total expenditure", 15760, 81300, 97060],
      ], sheet: sheet)
  }

  @Test func fundsAsColumnsBeforeATotalAreTheColumns() throws {
    let check = PlanCheck(Self.charity())
    let plan = try #require(check.plan)
    #expect(plan.periods.map(\.label) == ["Unrestricted funds", "Restricted funds"])
    #expect(Self.findings(check) == [])
    // Salaries off by 1,000 in the restricted funds: the expenditure's total and the Total column.
    #expect(Self.findings(PlanCheck(Self.charity(salaries: 32650))) == ["sum C11", "cross-total D9"])
  }

  @Test func aMatrixOfNamesWithATotalButNoSideIsNoLayoutPlan() throws {
    // Partners × work packages in person-months, a Total column adding them: no word of costs
    // or income under it, so no header reading of a plan.
    let wb = UnseenLayoutTests.workbook([
      [nil, "WP1", "WP2", "WP3", "Total"],
      ["Partner 1", 4, 6, 2, 12], ["Partner 2", 3, 3, 5, 11], ["Partner 3", 1, 2, 2, 5],
      ["Total", 8, 11, 9, 28],
    ])
    #expect(PlanCheck(wb).plan?.reading != "layout")
  }

  @Test func theActionsBudgetComesBeforeTheOrganisations() throws {
    // A subsidy file with the association's budget first and the action's second: the action
    // is the plan; the association's is checked too.
    var wb = Self.charity(sheet: "Budget de l'association", salaries: 32650)
    wb.sheets.append(Self.charity(sheet: "Budget de l'action").sheets[0])
    let check = PlanCheck(wb)
    let plan = try #require(check.plan)
    #expect(plan.sheet == "Budget de l'action")
    #expect(check.findings.contains { $0.sheet == "Budget de l'association" && $0.rule == .sum })
  }

  @Test func aCountOfPersonMonthsBeforeThePeriodsIsNoPeriod() throws {
    // Named columns a Total column adds up ("Y1 | Y2 | Total") are the periods; a column of
    // months worked before them is a factor, not one of them.
    let wb = UnseenLayoutTests.workbook([
      [nil, "Cal. months", "Y1", "Y2", "Total"],
      ["Senior personnel"],
      ["PI", 1.5, 17200, 17200, 34400], ["Co-PI", 1, 16351, 16351, 32702],
      ["Total Senior Personnel", nil, 33551, 33551, 67102],
      ["Travel", nil, 3000, 3000, 6000],
      ["TOTAL DIRECT COSTS", nil, 36551, 36551, 73102],
    ])
    let plan = try #require(PlanCheck(wb).plan)
    #expect(plan.periods.map(\.label) == ["Y1", "Y2"])
  }

  /// Costs by category and detail in two label columns, income beside them the same way.
  static func categories(parts: Int = 1030, commune: Int = 2550) -> Workbook {
    let rows: [[Any?]] = [
      ["Dépenses", "Détail", nil, "2025", nil, "Ressources", "Détail", nil, "2025"],
      ["Achats", "Outillage", nil, 2250, nil, "Subventions", "Commune", nil, commune],
      [nil, "Pièces détachées", nil, parts, nil, nil, "Département", nil, 2920],
      [nil, "Sous-total achats", nil, 3280, nil, nil, "Sous-total subventions", nil, 5470],
      [],
      ["Services extérieurs", "Location de salle", nil, 960, nil, "Dons", nil, nil, 930],
      [nil, "Assurance", nil, 530],
      [],
      ["Coordinatrice (0,3 ETP)", nil, nil, 9600, nil, "Fonds propres", nil, nil, 7990],
      ["TOTAL DÉPENSES", nil, nil, 14370, nil, "Total des ressources", nil, nil, 14390],
    ]
    return UnseenLayoutTests.workbook(rows)
  }

  @Test func detailsBesideTheirCategoriesAreTheLines() throws {
    let check = PlanCheck(Self.categories())
    let plan = try #require(check.plan)
    #expect(plan.lines.contains { $0.label == "Pièces détachées" && $0.section == .charges })
    #expect(plan.lines.contains { $0.label == "Coordinatrice (0,3 ETP)" })
    #expect(Self.findings(check) == ["balance I10"])
    // A detail off by 100: its subtotal, not the categories, says so.
    #expect(Self.findings(PlanCheck(Self.categories(parts: 1130))).contains("sum D4"))
  }

  @Test func aCategoryBesideItsFirstDetailHeadsTheWholeGroup() throws {
    // "Staff" beside the developer, the coordinator under it: "15% of staff costs" is of both.
    func budget(indirect: Int = 4185) -> Workbook {
      let rows: [[Any?]] = [
        ["Expenditure", "Detail", "Year 1"],
        ["Staff", "Mobile developer (0.5 FTE)", 18000], [nil, "Research coordinator (0.2 FTE)", 9900],
        ["Services", "UX design", 5550], [nil, "Cloud hosting", 1200],
        ["Indirect costs (15% of staff costs)", nil, indirect],
        ["Total project cost", nil, 34650 + indirect],
        ["Funding", "Detail", "Year 1"],
        ["Foundation", nil, 20000], ["Own contribution", nil, 14650 + indirect],
        ["TOTAL INCOME", nil, 34650 + indirect],
      ]
      return UnseenLayoutTests.workbook(rows)
    }
    #expect(Self.findings(PlanCheck(budget())) == [])
    #expect(Self.findings(PlanCheck(budget(indirect: 1485))) == ["rate C6"])
  }

  @Test func termsAndSeasonsArePeriods() throws {
    #expect(PeriodLabel.isPeriod("Term 1") && PeriodLabel.isPeriod("Saison 2") && PeriodLabel.isPeriod("Season 3"))
    // Side by side, each side with its terms and a Total column: both sides read.
    let rows: [[Any?]] = [
      ["EXPENDITURE", "Term 1", "Term 2", "Total", "Funding", "Term 1", "Term 2", "Total"],
      ["Teaching", 3980, 3530, 7510, "Council grant", 3700, 4700, 8400],
      ["Room hire", 2020, 2420, 4440, "Own funds", 2300, 1250, 3550],
      ["TOTAL EXPENDITURE", 6000, 5950, 11950, "TOTAL INCOME", 6000, 5950, 11950],
    ]
    let plan = try #require(PlanCheck(UnseenLayoutTests.workbook(rows)).plan)
    #expect(plan.periods.map(\.label) == ["Term 1", "Term 2"])
    #expect(Self.lastTotal(plan, .produits) == ["6000", "5950"])
  }

  @Test func categoriesWithTheirOwnAmountsOverTheirDetails() throws {
    // Income first, then "Expenditure | Detail | Amount": the side is named over the
    // categories; a category with its amount heads the details under it (one step in).
    func budget(admin: Int = 1788, menuiseries: Any = 1510) -> Workbook {
      let rows: [[Any?]] = [
        ["Sources of funding", "Detail", "Amount"],
        ["Audio content fund", nil, 8850], ["Arts council", nil, 5500], ["Producer's contribution", nil, 11190 + admin],
        ["Total income", nil, 25540 + admin],
        [],
        ["Expenditure", "Detail", "Amount"],
        ["Production", nil, 15910],
        [nil, "of which recording", 9600], [nil, "of which editing and mixing", 4800], [nil, "of which original music", menuiseries],
        ["Distribution", nil, 2230],
        [nil, "Hosting", 260], [nil, "Promotion", 1970],
        ["Author's fee", nil, 7400],
        ["Admin costs (7% of direct costs)", nil, admin],
        ["Total project cost", nil, 25540 + admin],
      ]
      return UnseenLayoutTests.workbook(rows)
    }
    let check = PlanCheck(budget())
    #expect(Self.findings(check) == [])
    #expect(try #require(check.plan).lines.first { $0.label == "Hosting" }?.section == .charges)
    #expect(Self.findings(PlanCheck(budget(admin: 1913))) == ["rate C16"])
    // A detail holding only a currency sign is a missing amount.
    #expect(Self.findings(PlanCheck(budget(menuiseries: "€"))).contains("missing C11"))
  }

  @Test func aDetailSheetThePlanReadsIsCheckedToo() throws {
    // "Cost detail" holds the groups the plan's lines read by formulas: its own error is the plan's.
    func workbook(spare: Int = 890) -> Workbook {
      let rows: [[Any?]] = [
        ["EXPENDITURE", "Budget 2025"],
        ["Purchases", 3000], ["Tools", 1750], ["Spare parts", spare], ["Safety", 360],
        ["External services", 1200], ["Hall hire", 840], ["Insurance", 360],
        ["Publicity", 740], ["Posters", 370], ["Website", 370],
        ["Total project cost", 4940],
      ]
      var detail = UnseenLayoutTests.workbook(
        rows, bold: [2, 6, 9, 12], indent: [3: 1, 4: 1, 5: 1, 7: 1, 8: 1, 10: 1, 11: 1], sheet: "Cost detail")
      detail.sheets[0].formulas[CellReference("B12")!] = CellFormula(text: "B2+B6+B9", dialect: .ooxml)
      var plan = UnseenLayoutTests.workbook([
        ["Costs", "Budget 2025"],
        ["Purchases", 3000], ["External services", 1200], ["Publicity", 740],
        ["Total project cost", 4940],
        ["Income", "Budget 2025"],
        ["Grants", 3000], ["Own funds", 1940],
        ["TOTAL INCOME", 4940],
      ], sheet: "Budget")
      for (cell, text) in [
        ("B2", "'Cost detail'!B2"), ("B3", "'Cost detail'!B6"), ("B4", "'Cost detail'!B9"), ("B5", "SUM(B2:B4)"),
        ("B9", "SUM(B7:B8)"),
      ] {
        plan.sheets[0].formulas[CellReference(cell)!] = CellFormula(text: text, dialect: .ooxml)
      }
      plan.sheets.insert(detail.sheets[0], at: 0)
      plan.styles = detail.styles
      return plan
    }
    let clean = PlanCheck(workbook())
    #expect(clean.plan?.sheet == "Budget")
    #expect(clean.findings.filter { $0.severity != .info }.isEmpty)
    let wrong = PlanCheck(workbook(spare: 990))
    let named: [String] = wrong.findings.map { f in "\(f.sheet)!\(f.rule.rawValue) \(f.cell)" }
    #expect(named.contains("Cost detail!sum B2"))
  }

  @Test func anIncomeShareOfOneKindOfCostTakesTheLinesThatNameIt() throws {
    // "aide à la traduction (50 % du coût de traduction)": half the translation, not of the
    // whole cost.
    func budget(aid: Int = 5635) -> Workbook {
      UnseenLayoutTests.workbook([
        ["Postes de dépenses", "Coût (€)"],
        ["Traduction", 11270], ["Cession des droits", 3400], ["Fabrication", 6770],
        ["Coût total du projet", 21440],
        ["PRODUITS", "Montant (€)"],
        ["CNL — aide à la traduction (50 % du coût de traduction)", aid],
        ["Ventes", 6000], ["Fonds propres", 15440 - aid],
        ["TOTAL RECETTES", 21440],
      ])
    }
    #expect(Self.findings(PlanCheck(budget())) == [])
    #expect(Self.findings(PlanCheck(budget(aid: 6000))) == ["rate B7"])
    // Under a heading that names it, with a subtotal: the subtotal, not the one line whose
    // label starts alike ("Translator").
    func grouped(grant: Int = 5545) -> Workbook {
      UnseenLayoutTests.workbook([
        ["Expenses", "Budget"],
        ["Translation"],
        ["Translator (85,000 words)", 9350], ["Copy-editing", 1740],
        ["Subtotal", 11090],
        ["Rights acquisition", 2700],
        ["Total expenses", 13790],
        ["Income", "Budget"],
        ["Translation grant (50% of translation costs)", grant],
        ["Publisher's own funds", 13790 - grant],
        ["TOTAL INCOME", 13790],
      ], bold: [2])
    }
    #expect(Self.findings(PlanCheck(grouped())) == [])
    #expect(Self.findings(PlanCheck(grouped(grant: 4675))) == ["rate B9"])
    // A line that merely holds the word is not that kind of cost: "40 % du budget du
    // partenaire" is no share of "Frais de déplacement du partenaire".
    let partner = UnseenLayoutTests.workbook([
      ["Dépenses", "Montant"],
      ["Frais de personnel", 20000], ["Frais de déplacement du partenaire", 3000],
      ["Total des dépenses", 23000],
      ["Ressources", "Montant"],
      ["Contrepartie (40 % du budget du partenaire)", 9200], ["FEDER", 13800],
      ["Total des ressources", 23000],
    ])
    #expect(Self.findings(PlanCheck(partner)) == [])
  }

  @Test func fixCorrectsOnlyThePlansOwnSheet() throws {
    // Two plans at the same addresses: the other sheet's wrong total is reported, never
    // "corrected" at the same address of the plan's sheet (a right cell), nor anywhere. (Fix
    // corrects the plan's sheet only; for a typed cell, the net that declines any change to a
    // figure no finding named would also hold.)
    // The plan's sheet has one line more (the travel), so it is the plan; the other sheet's
    // income total, at the same address B5, is wrong.
    func sheet(_ name: String, lottery: Int = 36120, totalIncome: Int, travel: Bool) -> Sheet {
      var rows: [[Any?]] = [
        ["", "Restricted", "Unrestricted"], ["INCOME"], ["Lottery fund", lottery, 0], ["Donations", 0, 19390],
        ["Total income", totalIncome, 19390], ["EXPENDITURE"], ["Salaries", 30120, 13390], ["Premises", 6000, 6000],
      ]
      rows += travel ? [["Travel", 0, 0], ["Total expenditure", 36120, 19390]] : [["Total expenditure", 36120, 19390]]
      return LayoutTests.workbook(rows, sheet: name).sheets[0]
    }
    let wb = Workbook(
      format: .xlsx,
      sheets: [sheet("Budget", totalIncome: 36120, travel: true), sheet("Budget N+1", lottery: 40000, totalIncome: 40200, travel: false)])
    let check = PlanCheck(wb)
    #expect(check.plan?.sheet == "Budget")
    #expect(check.findings.contains { $0.sheet == "Budget N+1" && $0.rule == .sum && $0.cell.description == "B5" })
    let c = Corrections(wb)
    #expect(c.corrections.allSatisfy { $0.sheet == "Budget" })
    #expect(c.corrected.sheets[0].cells == wb.sheets[0].cells, "the plan's right cells are untouched")
  }
}
