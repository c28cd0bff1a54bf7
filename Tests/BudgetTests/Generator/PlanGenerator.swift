import Foundation
import Workbook

/// A seeded random source (SplitMix64): one seed, one plan, on every machine.
struct SeededRandom: RandomNumberGenerator {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
  mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &self) < p }
  mutating func pick<T>(_ xs: [T]) -> T { xs[Int.random(in: 0..<xs.count, using: &self)] }
  mutating func int(_ r: ClosedRange<Int>) -> Int { Int.random(in: r, using: &self) }
}

/// A financing plan made up from a seed, in a layout and wording drawn at random, with zero, one
/// or two defects injected, and the findings a correct checker must report, derived from the
/// plan's own structure by the rules of `domain.md` §4 (not by running Equilibre).
///
/// The generator knows what every row is; the oracle evaluates the rules on that structure:
/// formulas recomputed from what they sum, typed cells as stated. What the reader must find is
/// only what a person reading the sheet would: every aggregate carries a signal beyond its
/// arithmetic (a total's words, a formula, an account code, indentation, bold or 'dont').
struct GeneratedPlan: CustomStringConvertible {
  var seed: UInt64
  var workbook: Workbook
  var sheet: String
  /// "rule CELL" for every error and warning.
  var findings: Set<String>
  /// The charges total and the produits total per period, as the checker should read them.
  var charges: [Decimal]
  var produits: [Decimal]?
  /// What was drawn: layout, options and defects, for a failure's message.
  var traits: [String]

  var description: String { "seed \(seed): " + traits.joined(separator: ", ") }
}

struct PlanGenerator {
  /// What a row of the plan is.
  enum Role: Equatable {
    case item
    /// A line whose amount is the sum of `children` (a group, a subtotal, a 'dont' parent).
    case aggregate
    case chargesTotal
    case produitsTotal
    /// Produits − charges.
    case result
  }

  /// One line of the plan, before it is laid out.
  final class Row {
    var label: String
    var code: String?
    var role: Role
    var section: Int  // 0 charges, 1 produits
    var children: [Row] = []
    /// Stated amounts per period, in cents (typed value or a formula's cached value).
    var amounts: [Int]
    var formula = false
    var bold = false
    var indent = 0
    /// Quantity and unit price (cents), for a line of a quantity × price table.
    var factors: (Int, Int)?
    /// Typed as a placeholder ("€") instead of its zero.
    var placeholder = false
    /// Which amounts are written as text ("12 000 €").
    var asText: Set<Int> = []
    /// A typo in the row's Total column cell (typed lines only).
    var totalDelta = 0
    /// The amounts once formulas are recomputed (what a Total column's formula caches).
    var recomputed: [Int] = []
    /// Where the row was put: its sheet row, and the column of each period's amount.
    var sheetRow = 0
    init(_ label: String, role: Role, section: Int, amounts: [Int]) {
      self.label = label
      self.role = role
      self.section = section
      self.amounts = amounts
    }
  }

  enum Layout: String, CaseIterable {
    /// Charges block, then produits block, one column of labels.
    case stacked
    /// Charges on the left, produits on the right, totals on one row.
    case sideBySide
    /// Charges only (a quote, a grant's cost table).
    case expensesOnly
    /// Quantity | unit price | amount columns, one period.
    case quantityPrice
  }

  enum Grouping: String, CaseIterable {
    /// Lines straight under the section's total.
    case flat
    /// A group's line with its amount, its lines below (codes, indentation or bold say so).
    case parentAbove
    /// A heading, its lines, then a "Sous-total" line.
    case subtotalBelow
  }

  var rng: SeededRandom
  let seed: UInt64
  var traits: [String] = []

  init(seed: UInt64) {
    self.seed = seed
    rng = SeededRandom(seed: seed)
  }

  // MARK: Wording

  struct Words {
    var charges: [String]
    var produits: [String]
    var chargesTotal: [String]
    var produitsTotal: [String]
    var result: [String]
    var subtotal: [String]  // "%@" is the group's label
    var titles: [String]
    var periods: [[String]]  // sets of labels for 1, 2, 3 periods
    var single: [String]
    var totalColumn: [String]
    var groups: [(String, String, [(String, String)])]  // code, label, lines (code, label)
    var funders: [(String, String)]
    var grants: (String, String, [(String, String)])  // a 'dont' parent
    var quantity: [String]
    var unitPrice: [String]
    var amount: [String]
    var notes: [String]
  }

  static let french = Words(
    charges: ["CHARGES", "DÉPENSES", "Dépenses", "Charges", "EMPLOIS", "Dépenses prévisionnelles"],
    produits: ["PRODUITS", "RECETTES", "Ressources", "Produits", "RESSOURCES", "Financements"],
    chargesTotal: ["TOTAL CHARGES", "Total des dépenses", "TOTAL DES CHARGES", "Coût total du projet", "Total dépenses"],
    produitsTotal: ["TOTAL PRODUITS", "Total des recettes", "TOTAL DES RESSOURCES", "Total des financements", "Total produits"],
    result: ["Résultat", "RÉSULTAT", "Solde (produits − charges)", "Excédent / déficit"],
    subtotal: ["Sous-total %@", "Total %@", "Sous total %@"],
    titles: ["Plan de financement prévisionnel", "Budget prévisionnel de l'action", "BUDGET DU PROJET", "Annexe 2 : budget"],
    periods: [["2025"], ["2025", "2026"], ["2025", "2026", "2027"], ["Année 1", "Année 2", "Année 3"], ["N", "N+1", "N+2"],
      ["Exercice 2025", "Exercice 2026", "Exercice 2027"]],
    single: ["Montant", "Montant (€)", "Budget", "Prévisionnel", "Montant en euros"],
    totalColumn: ["Total", "TOTAL", "Total période"],
    groups: [
      ("60", "Achats", [("604", "Prestations de services"), ("606", "Fournitures"), ("6063", "Petit matériel")]),
      ("61", "Services extérieurs", [("613", "Locations"), ("615", "Entretien et réparations"), ("616", "Assurances")]),
      ("62", "Autres services extérieurs", [("622", "Honoraires"), ("623", "Publicité, publications"), ("625", "Déplacements, missions")]),
      ("63", "Impôts et taxes", [("631", "Taxe sur les salaires"), ("633", "Formation professionnelle")]),
      ("64", "Charges de personnel", [("641", "Rémunération des personnels"), ("645", "Charges sociales"), ("647", "Autres charges de personnel")]),
      ("65", "Autres charges de gestion courante", [("651", "Redevances"), ("658", "Charges diverses")]),
    ],
    funders: [("741", "Subvention de l'État"), ("742", "Région"), ("743", "Département"), ("744", "Commune"), ("745", "Fonds social européen"),
      ("706", "Participation des usagers"), ("756", "Cotisations"), ("758", "Mécénat"), ("87", "Fonds propres")],
    grants: ("74", "Subventions d'exploitation", [("", "dont État"), ("", "dont Région"), ("", "dont Département")]),
    quantity: ["Quantité", "Qté", "Nombre", "Nb jours"],
    unitPrice: ["Prix unitaire", "PU", "Coût unitaire", "Tarif journalier"],
    amount: ["Montant", "Total", "Coût"],
    notes: ["devis joint", "voir annexe", "à confirmer", "sur facture"])

  static let english = Words(
    charges: ["EXPENSES", "Expenditure", "Costs", "Expenses", "PROJECT COSTS"],
    produits: ["INCOME", "Revenue", "Funding", "Income", "SOURCES OF FUNDING"],
    chargesTotal: ["Total expenses", "TOTAL COSTS", "Total project cost", "Total expenditure"],
    produitsTotal: ["Total income", "TOTAL REVENUE", "Total funding", "Total sources of funding"],
    result: ["Balance", "Surplus / deficit", "Net result"],
    subtotal: ["Subtotal %@", "Total %@", "Sub-total %@"],
    titles: ["Project budget", "Budget of the action", "FINANCIAL PLAN", "Annex 3 - Budget"],
    periods: [["2025"], ["2025", "2026"], ["2025", "2026", "2027"], ["Year 1", "Year 2", "Year 3"], ["FY2025", "FY2026", "FY2027"]],
    single: ["Amount", "Amount (EUR)", "Budget", "Cost"],
    totalColumn: ["Total", "TOTAL"],
    groups: [
      ("1", "Staff", [("1.1", "Project manager"), ("1.2", "Coordinator"), ("1.3", "Trainers")]),
      ("2", "Travel", [("2.1", "Flights"), ("2.2", "Accommodation"), ("2.3", "Per diem")]),
      ("3", "Equipment", [("3.1", "Laptops"), ("3.2", "Software licences")]),
      ("4", "Communication", [("4.1", "Website"), ("4.2", "Printing"), ("4.3", "Events")]),
      ("5", "Services", [("5.1", "Audit"), ("5.2", "Translation"), ("5.3", "Catering")]),
    ],
    funders: [("", "City grant"), ("", "Regional council"), ("", "EU grant"), ("", "Foundation"), ("", "Own funds"),
      ("", "Sponsorship"), ("", "Ticket sales"), ("", "Membership fees")],
    grants: ("", "Public grants", [("", "of which national"), ("", "of which regional"), ("", "of which local")]),
    quantity: ["Quantity", "Qty", "Units", "Days"],
    unitPrice: ["Unit price", "Unit cost", "Rate", "Daily rate"],
    amount: ["Amount", "Total", "Cost"],
    notes: ["quote attached", "see annex", "to be confirmed", "estimate"])

  // MARK: Making a plan

  mutating func make() -> GeneratedPlan {
    let english = rng.chance(0.4)
    let w = english ? Self.english : Self.french
    let layout = rng.pick(Layout.allCases)
    let ods = rng.chance(0.4)
    traits += [english ? "en" : "fr", layout.rawValue, ods ? "ods" : "xlsx"]

    let periodCount = layout == .quantityPrice ? 1 : rng.pick([1, 1, 2, 2, 3])
    let periodLabels: [String] =
      periodCount == 1 ? [rng.chance(0.5) ? rng.pick(w.single) : rng.pick(w.periods.filter { $0.count == 1 })[0]]
      : Array(rng.pick(w.periods.filter { $0.count >= periodCount }).prefix(periodCount))
    let totalColumn = periodCount > 1 && layout != .sideBySide && rng.chance(0.4)
    let grouping = layout == .quantityPrice ? rng.pick([Grouping.flat, .subtotalBelow]) : rng.pick(Grouping.allCases)
    let codes = grouping == .parentAbove && !english && rng.chance(0.6) ? (rng.chance(0.5) ? "column" : "prefix") : "none"
    let formulas = rng.chance(0.5)
    // SUM leaves text out: a formula over amounts typed as text is another plan (stale totals).
    let textAmounts = !formulas && rng.chance(0.3)
    let cents = rng.chance(0.15)
    traits += ["\(periodCount) period(s) \(periodLabels)", grouping.rawValue, "codes \(codes)"]
    if totalColumn { traits.append("Total column") }
    if formulas { traits.append("formula totals") }
    if textAmounts { traits.append("some amounts as text") }

    func amount() -> Int {
      let euros = rng.pick([rng.int(1...40) * 50, rng.int(1...30) * 100, rng.int(2...60) * 250, rng.int(100...9_000)])
      return euros * 100 + (cents && rng.chance(0.5) ? rng.int(1...99) : 0)
    }

    // Charges.
    var charges: [Row] = []
    let groupCount = grouping == .flat ? 0 : rng.int(2...min(4, w.groups.count))
    var groupPool = w.groups
    groupPool.shuffle(using: &rng)
    if grouping == .flat {
      let pool = w.groups.flatMap(\.2).shuffled(using: &rng)
      for (code, label) in pool.prefix(rng.int(2...6)) {
        let row = Row(label, role: .item, section: 0, amounts: (0..<periodCount).map { _ in amount() })
        row.code = code
        charges.append(row)
      }
    } else {
      for (code, label, lines) in groupPool.prefix(groupCount) {
        let group = Row(label, role: .aggregate, section: 0, amounts: [])
        group.code = code
        group.formula = formulas
        for (c, l) in lines.prefix(rng.int(2...lines.count)) {
          let row = Row(l, role: .item, section: 0, amounts: (0..<periodCount).map { _ in amount() })
          row.code = c
          group.children.append(row)
        }
        charges.append(group)
      }
    }
    if layout == .quantityPrice {
      for row in charges.flatMap({ $0.role == .item ? [$0] : $0.children }) {
        let q = rng.pick([1, 2, 3, 4, 5, 6, 10, 12, 20, 24])
        let p = rng.pick([rng.int(1...60) * 500, rng.int(10...900) * 100, rng.int(100...2_000) * 100 + (cents ? rng.int(0...99) : 0)])
        row.factors = (q, p)
        row.amounts = [q * p]
      }
    }
    // A zero line shown as a currency sign alone: a missing amount.
    if layout != .quantityPrice, rng.chance(0.15), let host = charges.first(where: { $0.role == .item }) ?? charges.first?.children.first {
      host.amounts = host.amounts.map { _ in 0 }
      host.placeholder = true
      traits.append("placeholder at \(host.label)")
    }
    for g in charges where g.role == .aggregate { g.amounts = Self.sums(g.children, periodCount) }
    let chargesTotal = Row(rng.pick(w.chargesTotal), role: .chargesTotal, section: 0, amounts: Self.sums(charges, periodCount))
    chargesTotal.children = charges
    chargesTotal.formula = formulas
    chargesTotal.bold = rng.chance(0.6)

    // Produits: funders sharing the charges' total, maybe a 'dont' parent.
    var produits: [Row] = []
    var produitsTotal: Row?
    if layout == .stacked || layout == .sideBySide || (layout == .quantityPrice && rng.chance(0.5)) {
      let grants = rng.chance(0.35)
      // Under a grants account (74), a funder coded 74x would be one of its lines: none is.
      var pool = grants && !w.grants.0.isEmpty ? w.funders.filter { !$0.0.hasPrefix(w.grants.0) } : w.funders
      pool.shuffle(using: &rng)
      let n = rng.int(2...min(5, pool.count))
      var remaining = chargesTotal.amounts
      var rows: [Row] = []
      for (k, (code, label)) in pool.prefix(n).enumerated() {
        let last = k == n - 1
        let share: [Int] = remaining.map { r in last ? r : Self.portion(r, of: n - k, &rng) }
        for p in 0..<periodCount { remaining[p] -= share[p] }
        let row = Row(label, role: .item, section: 1, amounts: share)
        row.code = code.isEmpty ? nil : code
        rows.append(row)
      }
      if grants, let first = rows.first {
        // The first funder's amount becomes a grants line with 'dont' sub-lines that add up.
        let (code, label, subs) = w.grants
        let parent = Row(label, role: .aggregate, section: 1, amounts: first.amounts)
        parent.code = code.isEmpty ? nil : code
        parent.formula = formulas
        let k = rng.int(2...subs.count)
        var left = first.amounts
        for (j, (_, sub)) in subs.prefix(k).enumerated() {
          let part: [Int] = left.map { r in j == k - 1 ? r : Self.portion(r, of: k - j, &rng) }
          for p in 0..<periodCount { left[p] -= part[p] }
          let row = Row(sub, role: .item, section: 1, amounts: part)
          row.indent = rng.chance(0.5) ? 1 : 0
          parent.children.append(row)
        }
        rows[0] = parent
        traits.append("'dont' lines")
      }
      produits = rows
      let total = Row(rng.pick(w.produitsTotal), role: .produitsTotal, section: 1, amounts: chargesTotal.amounts)
      total.children = produits
      total.formula = formulas
      total.bold = chargesTotal.bold
      produitsTotal = total
    }

    // Presentation of the groups: every parent carries a signal beyond its arithmetic.
    var signals: [String] = []
    if grouping == .parentAbove {
      let bold = rng.chance(0.5)
      let indent = rng.chance(0.5)
      for g in charges where g.role == .aggregate {
        g.bold = bold || (!indent && codes == "none" && !formulas)
        for c in g.children { c.indent = indent ? 1 : 0 }
      }
      if bold { signals.append("bold parents") }
      if indent { signals.append("indented lines") }
    }
    if !signals.isEmpty { traits += signals }
    let result: Row? =
      produitsTotal != nil && rng.chance(0.3)
      ? Row(rng.pick(w.result), role: .result, section: 2, amounts: Array(repeating: 0, count: periodCount)) : nil
    if let result {
      result.formula = formulas && rng.chance(0.7)
      traits.append("result line")
    }

    // Defects, injected into stated values; the oracle works out what they break.
    var layoutSpec = Spec(
      layout: layout, periodLabels: periodLabels, totalColumn: totalColumn, grouping: grouping, codes: codes,
      ods: ods, english: english, words: w)
    let all = Self.flatten(charges) + [chargesTotal] + Self.flatten(produits) + (produitsTotal.map { [$0] } ?? []) + (result.map { [$0] } ?? [])
    let defects = rng.pick([0, 1, 1, 1, 2])
    var stale: [(Row, Int, Int)] = []
    for _ in 0..<defects {
      let candidates = all.filter { !$0.placeholder && !($0.role == .result && $0.formula) }
      let row = rng.pick(candidates)
      let p = rng.int(0...periodCount - 1)
      let delta = rng.pick([1, -1]) * rng.pick([50, 90, 100, 450, 900, 1_000, 2_500]) * 100
      if row.formula {
        // A cached value that no longer matches its formula: a stale formula.
        stale.append((row, p, delta))
        traits.append("stale \(row.label) p\(p + 1)")
      } else if totalColumn, row.role == .item, rng.chance(0.3) {
        row.totalDelta += delta
        traits.append("Total column typo at \(row.label)")
      } else if row.role == .item, rng.chance(0.4) {
        // A line changed and every typed total above it too: only the balance breaks.
        row.amounts[p] += delta
        for a in all where Self.contains(a, row) && !a.formula { a.amounts[p] += delta }
        traits.append("imbalance via \(row.label) p\(p + 1)")
      } else {
        row.amounts[p] += delta
        traits.append("typo in \(row.label) p\(p + 1)")
      }
    }
    // Formulas cache what they compute, but for the stale ones.
    let oracle = Oracle(all: all, charges: chargesTotal, produits: produitsTotal, result: result, periods: periodCount)
    for row in all where row.formula { row.amounts = oracle.effective(row) }
    for row in all { row.recomputed = oracle.effective(row) }
    for (row, p, delta) in stale { row.amounts[p] += delta }
    if textAmounts {
      for row in all where row.role == .item && !row.placeholder && rng.chance(0.4) {
        row.asText = Set((0..<periodCount).filter { _ in rng.chance(0.7) })
      }
    }

    var grid = Grid()
    layoutSpec.place(
      charges: charges, chargesTotal: chargesTotal, produits: produits, produitsTotal: produitsTotal, result: result,
      rng: &rng, grid: &grid)
    traits += layoutSpec.traits
    let sheetName = rng.pick(english ? ["Budget", "Financial plan", "Sheet1"] : ["Budget", "Plan de financement", "Feuil1", "BP"])
    var cover: Sheet?
    if rng.chance(0.15) {
      var g = Grid()
      g.text(0, 0, english ? "Application form" : "Dossier de demande de subvention")
      g.text(2, 0, english ? "Organisation" : "Association")
      g.text(2, 1, english ? "Friends of the park" : "Les Amis du parc")
      g.text(3, 0, english ? "Amount requested" : "Montant demandé")
      g.number(3, 1, 12_000_00)
      cover = g.sheet(name: english ? "Cover" : "Présentation", ods: ods).0
      traits.append("cover sheet")
    }
    let (sheet, styles) = grid.sheet(name: sheetName, ods: ods)
    var workbook = Workbook(format: ods ? .ods : .xlsx, sheets: (cover.map { [$0] } ?? []) + [sheet], styles: styles)
    if cover != nil {
      // The cover's styles are plain: style 0 in both grids.
      workbook.styles = styles
    }

    let findings = oracle.findings(columns: layoutSpec.amountColumns, totalColumn: layoutSpec.totalColumnIndex)
    if layout == .expensesOnly || produitsTotal == nil { traits.append("no produits") }
    return GeneratedPlan(
      seed: seed, workbook: workbook, sheet: sheetName, findings: findings,
      charges: oracle.effective(chargesTotal).map { Decimal($0) / 100 },
      produits: produitsTotal.map { oracle.effective($0).map { Decimal($0) / 100 } }, traits: traits)
  }

  /// A share of `total` for one of `n` remaining funders, in round amounts.
  static func portion(_ total: Int, of n: Int, _ rng: inout SeededRandom) -> Int {
    guard n > 1, total > 0 else { return total }
    let step = total >= 100_000 ? 10_000 : 100
    let fair = total / n
    let x = (fair / step) * step + step * rng.int(-2...2)
    return max(0, min(total, x))
  }

  static func sums(_ rows: [Row], _ periods: Int) -> [Int] {
    (0..<periods).map { p in rows.reduce(0) { $0 + ($1.amounts.indices.contains(p) ? $1.amounts[p] : 0) } }
  }

  static func flatten(_ rows: [Row]) -> [Row] { rows.flatMap { [$0] + flatten($0.children) } }

  static func contains(_ parent: Row, _ row: Row) -> Bool {
    parent.children.contains { $0 === row || contains($0, row) }
  }
}

// MARK: Layout

extension PlanGenerator {
  /// Where the plan's rows and columns go.
  struct Spec {
    var layout: Layout
    var periodLabels: [String]
    var totalColumn: Bool
    var grouping: Grouping
    var codes: String
    var ods: Bool
    var english: Bool
    var words: Words
    var traits: [String] = []
    /// Account codes in their column typed as numbers (60) or as text ("60").
    var codesAsNumbers = false
    /// Per row: the column of each period's amount, the Total column's.
    var amountColumns: [ObjectIdentifier: [Int]] = [:]
    var totalColumnIndex: [ObjectIdentifier: Int] = [:]
    var factorColumns: [ObjectIdentifier: (Int, Int)] = [:]
    /// Formula cells to write once every row is placed.
    var pending: [(Row, Int)] = []

    mutating func place(
      charges: [Row], chargesTotal: Row, produits: [Row], produitsTotal: Row?, result: Row?, rng: inout SeededRandom,
      grid: inout Grid
    ) {
      let startColumn = rng.pick([0, 0, 0, 1, 2])
      codesAsNumbers = rng.chance(0.5)
      var r = 0
      if rng.chance(0.7) {
        grid.text(r, startColumn, rng.pick(words.titles), bold: true)
        r += 1
        if rng.chance(0.5) {
          grid.text(r, startColumn, english ? "Organisation: Friends of the park" : "Porteur : Les Amis du parc")
          r += 1
        }
        r += rng.int(0...2)
      }
      if startColumn > 0 { traits.append("from column \(startColumn + 1)") }
      if r > 0 { traits.append("title block") }
      switch layout {
      case .sideBySide:
        placeSideBySide(
          charges: charges, chargesTotal: chargesTotal, produits: produits, produitsTotal: produitsTotal!, result: result,
          at: r, column: startColumn, rng: &rng, grid: &grid)
      default:
        placeStacked(
          charges: charges, chargesTotal: chargesTotal, produits: produits, produitsTotal: produitsTotal, result: result,
          at: r, column: startColumn, rng: &rng, grid: &grid)
      }
      for (row, p) in pending {
        let column = amountColumns[ObjectIdentifier(row)]![p]
        grid.formulas[CellReference(row: Int32(row.sheetRow), column: Int32(column))] = formulaText(row, period: p)
      }
    }

    /// The label's column and the amounts' columns of a block starting at `column`.
    func columns(from column: Int) -> (code: Int?, label: Int, first: Int) {
      if codes == "column" { return (column, column + 1, column + 2) }
      return (nil, column, column + 1)
    }

    mutating func placeStacked(
      charges: [Row], chargesTotal: Row, produits: [Row], produitsTotal: Row?, result: Row?, at start: Int, column: Int,
      rng: inout SeededRandom, grid: inout Grid
    ) {
      let (codeColumn, labelColumn, first) = columns(from: column)
      let quantity = layout == .quantityPrice
      let amountStart = quantity ? first + 2 : first
      let periods = periodLabels.count
      let totalAt = totalColumn ? amountStart + periods : nil
      let notesAt = rng.chance(0.3) ? amountStart + periods + (totalColumn ? 1 : 0) : nil
      let headerOnce = !quantity && rng.chance(0.5)
      let noHeader = periods == 1 && !quantity && rng.chance(0.25)
      var r = start
      func header(_ word: String?) {
        if let word { grid.text(r, labelColumn, word, bold: true) }
        if quantity {
          grid.text(r, first, rng.pick(words.quantity), bold: true)
          grid.text(r, first + 1, rng.pick(words.unitPrice), bold: true)
        }
        for (p, label) in periodLabels.enumerated() {
          if quantity { grid.text(r, amountStart + p, rng.pick(words.amount), bold: true) } else { grid.label(r, amountStart + p, label) }
        }
        if let totalAt { grid.text(r, totalAt, rng.pick(words.totalColumn), bold: true) }
        if let notesAt { grid.text(r, notesAt, english ? "Notes" : "Observations", bold: true) }
        r += 1
      }
      if noHeader {
        traits.append("no header row")
        grid.text(r, labelColumn, rng.pick(words.charges), bold: true)
        r += 1
      } else if headerOnce {
        traits.append("one header row")
        header(rng.chance(0.5) ? (english ? "Item" : "Intitulé") : nil)
        grid.text(r, labelColumn, rng.pick(words.charges), bold: true)
        r += 1
      } else {
        header(rng.pick(words.charges))
      }
      for row in charges { r = put(row, at: r, rng: &rng, grid: &grid, code: codeColumn, label: labelColumn, amounts: amountStart, total: totalAt, notes: notesAt) }
      r = put(chargesTotal, at: r, rng: &rng, grid: &grid, code: codeColumn, label: labelColumn, amounts: amountStart, total: totalAt, notes: nil)
      guard let produitsTotal else { return }
      r += rng.int(layout == .quantityPrice ? 1...2 : 0...2)
      if noHeader || headerOnce || quantity {
        if quantity {
          // Funding of a quote: its own small table with one amount column.
          grid.text(r, labelColumn, rng.pick(words.produits), bold: true)
          grid.text(r, amountStart, rng.pick(words.amount), bold: true)
          r += 1
        } else {
          grid.text(r, labelColumn, rng.pick(words.produits), bold: true)
          r += 1
        }
      } else {
        header(rng.pick(words.produits))
      }
      for row in produits { r = put(row, at: r, rng: &rng, grid: &grid, code: codeColumn, label: labelColumn, amounts: amountStart, total: totalAt, notes: nil) }
      r = put(produitsTotal, at: r, rng: &rng, grid: &grid, code: codeColumn, label: labelColumn, amounts: amountStart, total: totalAt, notes: nil)
      if let result {
        r += rng.int(0...1)
        result.children = [produitsTotal, chargesTotal]
        r = put(result, at: r, rng: &rng, grid: &grid, code: codeColumn, label: labelColumn, amounts: amountStart, total: totalAt, notes: nil)
      }
    }

    mutating func placeSideBySide(
      charges: [Row], chargesTotal: Row, produits: [Row], produitsTotal: Row, result: Row?, at start: Int, column: Int,
      rng: inout SeededRandom, grid: inout Grid
    ) {
      let periods = periodLabels.count
      let left = columns(from: column)
      let gap = rng.pick([0, 1])
      let right = columns(from: left.first + periods + gap)
      traits.append("gap \(gap)")
      var r = start
      for (block, word) in [(left, rng.pick(words.charges)), (right, rng.pick(words.produits))] {
        grid.text(r, block.label, word, bold: true)
        for (p, label) in periodLabels.enumerated() { grid.label(r, block.first + p, label) }
      }
      r += 1
      var rl = r
      for row in charges { rl = put(row, at: rl, rng: &rng, grid: &grid, code: left.code, label: left.label, amounts: left.first, total: nil, notes: nil) }
      var rr = r
      for row in produits { rr = put(row, at: rr, rng: &rng, grid: &grid, code: right.code, label: right.label, amounts: right.first, total: nil, notes: nil) }
      r = max(rl, rr)
      _ = put(chargesTotal, at: r, rng: &rng, grid: &grid, code: left.code, label: left.label, amounts: left.first, total: nil, notes: nil)
      r = put(produitsTotal, at: r, rng: &rng, grid: &grid, code: right.code, label: right.label, amounts: right.first, total: nil, notes: nil)
      if let result {
        result.children = [produitsTotal, chargesTotal]
        r = put(result, at: r + 1, rng: &rng, grid: &grid, code: right.code, label: right.label, amounts: right.first, total: nil, notes: nil)
      }
    }

    /// Writes `row` (and, for a group, its heading or lines and subtotal) from sheet row `r`;
    /// returns the next free row.
    mutating func put(
      _ row: Row, at start: Int, rng: inout SeededRandom, grid: inout Grid, code: Int?, label: Int, amounts: Int, total: Int?,
      notes: Int?
    ) -> Int {
      var r = start
      let isGroup = row.role == .aggregate && row.section == 0
      let dontParent = row.role == .aggregate && row.section == 1
      if isGroup && grouping == .subtotalBelow {
        grid.text(r, label, row.label, bold: true)
        r += 1
        for c in row.children { r = put(c, at: r, rng: &rng, grid: &grid, code: code, label: label, amounts: amounts, total: total, notes: notes) }
        row.label = rng.pick(words.subtotal).replacingOccurrences(of: "%@", with: row.label)
        row.bold = rng.chance(0.5)
        row.sheetRow = r
        writeAmounts(row, r: r, label: label, code: nil, amounts: amounts, total: total, grid: &grid)
        return r + 1
      }
      row.sheetRow = r
      var shown = row.label
      if let c = row.code, codes == "prefix", row.section == 0 || row.role == .item { shown = "\(c) - \(row.label)" }
      writeAmounts(row, r: r, label: label, code: codes == "column" ? code : nil, amounts: amounts, total: total, grid: &grid, shown: shown)
      if let notes, row.role == .item, rng.chance(0.3) { grid.text(r, notes, rng.pick(words.notes)) }
      r += 1
      if isGroup || dontParent {
        for c in row.children { r = put(c, at: r, rng: &rng, grid: &grid, code: code, label: label, amounts: amounts, total: total, notes: notes) }
      }
      return r
    }

    mutating func writeAmounts(
      _ row: Row, r: Int, label: Int, code: Int?, amounts: Int, total: Int?, grid: inout Grid, shown: String? = nil
    ) {
      let periods = periodLabels.count
      grid.text(r, label, shown ?? row.label, bold: row.bold, indent: row.indent)
      if let code, let c = row.code {
        if codesAsNumbers, let n = Int(c) { grid.cells[CellReference(row: Int32(r), column: Int32(code))] = (.number(Double(n), .plain), .plain) } else { grid.text(r, code, c) }
      }
      let id = ObjectIdentifier(row)
      amountColumns[id] = (0..<periods).map { amounts + $0 }
      if let (q, p) = row.factors {
        grid.number(r, amounts - 2, q * 100)
        grid.number(r, amounts - 1, p)
        factorColumns[id] = (amounts - 2, amounts - 1)
      }
      for p in 0..<periods {
        let cell = (r, amounts + p)
        if row.placeholder {
          grid.text(cell.0, cell.1, "€")
        } else if row.formula {
          // The formula once every row has its place (a group's lines come after it).
          grid.number(cell.0, cell.1, row.amounts[p])
          pending.append((row, p))
        } else if row.asText.contains(p) {
          grid.text(cell.0, cell.1, Grid.asText(row.amounts[p], english: english))
        } else {
          grid.number(cell.0, cell.1, row.amounts[p], bold: row.bold)
        }
      }
      if let total {
        totalColumnIndex[id] = total
        let sum = row.recomputed.reduce(0, +)
        if row.formula || row.role != .item {
          grid.formula(r, total, cents: sum, formula: rangeFormula(row: r, from: amounts, to: amounts + periods - 1))
        } else {
          grid.number(r, total, sum + row.totalDelta, bold: row.bold)
        }
      }
    }

    /// A formula that computes `row` in period `p` from its children's cells.
    func formulaText(_ row: Row, period p: Int) -> String {
      let column = amountColumns[ObjectIdentifier(row)]![p]
      if row.role == .result {
        let (produits, charges) = (row.children[0], row.children[1])
        let a = amountColumns[ObjectIdentifier(produits)]![p]
        let b = amountColumns[ObjectIdentifier(charges)]![p]
        return ods
          ? "of:=[.\(Grid.name(produits.sheetRow, a))]-[.\(Grid.name(charges.sheetRow, b))]"
          : "\(Grid.name(produits.sheetRow, a))-\(Grid.name(charges.sheetRow, b))"
      }
      let rows = row.children.map(\.sheetRow).sorted()
      let contiguous = rows.count > 1 && rows.last! - rows.first! == rows.count - 1
      if contiguous {
        return ods
          ? "of:=SUM([.\(Grid.name(rows.first!, column)):.\(Grid.name(rows.last!, column))])"
          : "SUM(\(Grid.name(rows.first!, column)):\(Grid.name(rows.last!, column)))"
      }
      let refs = rows.map { Grid.name($0, column) }
      return ods ? "of:=" + refs.map { "[.\($0)]" }.joined(separator: "+") : refs.joined(separator: "+")
    }

    func rangeFormula(row: Int, from: Int, to: Int) -> String {
      ods ? "of:=SUM([.\(Grid.name(row, from)):.\(Grid.name(row, to))])" : "SUM(\(Grid.name(row, from)):\(Grid.name(row, to)))"
    }
  }
}

// MARK: Grid

/// Cells being laid out, turned into a sheet at the end.
struct Grid {
  var cells: [CellReference: (CellValue, CellStyle)] = [:]
  var formulas: [CellReference: String] = [:]

  static func name(_ row: Int, _ column: Int) -> String {
    CellReference(row: Int32(row), column: Int32(column)).description
  }

  mutating func text(_ r: Int, _ c: Int, _ s: String, bold: Bool = false, indent: Int = 0) {
    cells[CellReference(row: Int32(r), column: Int32(c))] = (.text(s), CellStyle(bold: bold, indent: indent))
  }

  /// A period label: a year as a number, other labels as text.
  mutating func label(_ r: Int, _ c: Int, _ s: String) {
    if let year = Int(s) {
      cells[CellReference(row: Int32(r), column: Int32(c))] = (.number(Double(year), .plain), CellStyle(bold: true))
    } else {
      text(r, c, s, bold: true)
    }
  }

  mutating func number(_ r: Int, _ c: Int, _ cents: Int, bold: Bool = false) {
    let style = CellStyle(numberFormat: cents % 100 == 0 ? "#,##0 €" : "#,##0.00 €", bold: bold)
    cells[CellReference(row: Int32(r), column: Int32(c))] = (.number(Double(cents) / 100, .currency), style)
  }

  mutating func formula(_ r: Int, _ c: Int, cents: Int, formula: String) {
    number(r, c, cents)
    formulas[CellReference(row: Int32(r), column: Int32(c))] = formula
  }

  /// An amount typed as text the way people do: "12 000 €", "12 000,50", "€12,000".
  static func asText(_ cents: Int, english: Bool) -> String {
    let euros = cents / 100
    let rest = cents % 100
    var digits = String(euros)
    var groups: [String] = []
    while digits.count > 3 {
      groups.insert(String(digits.suffix(3)), at: 0)
      digits.removeLast(3)
    }
    groups.insert(digits, at: 0)
    if english {
      return "€" + groups.joined(separator: ",") + (rest == 0 ? "" : "." + String(format: "%02d", rest))
    }
    return groups.joined(separator: "\u{202F}") + (rest == 0 ? "" : "," + String(format: "%02d", rest)) + "\u{00A0}€"
  }

  /// The sheet, and the style table its cells index.
  func sheet(name: String, ods: Bool) -> (Sheet, [CellStyle]) {
    var styles: [CellStyle] = [.plain]
    var out: [Cell] = []
    for (ref, (value, style)) in cells.sorted(by: { $0.key < $1.key }) {
      var index = styles.firstIndex(of: style)
      if index == nil {
        styles.append(style)
        index = styles.count - 1
      }
      out.append(Cell(reference: ref, value: value, style: Int32(index!)))
    }
    var f: [CellReference: CellFormula] = [:]
    for (ref, text) in formulas { f[ref] = CellFormula(text: text, dialect: ods ? .odf : .ooxml) }
    return (Sheet(name: name, cells: out, formulas: f), styles)
  }
}

// MARK: Oracle

extension PlanGenerator {
  /// The findings the rules give on the generated structure: formulas recomputed from what
  /// they add up, typed cells as stated.
  struct Oracle {
    var all: [Row]
    var charges: Row
    var produits: Row?
    var result: Row?
    var periods: Int

    /// A row's amounts once formulas are recomputed.
    func effective(_ row: Row) -> [Int] {
      guard row.formula else { return row.amounts }
      if row.role == .result, let produits {
        let a = effective(produits)
        let b = effective(charges)
        return (0..<periods).map { a[$0] - b[$0] }
      }
      return (0..<periods).map { p in row.children.reduce(0) { $0 + effective($1)[p] } }
    }

    /// "rule CELL" for every error and warning the rules give.
    func findings(columns: [ObjectIdentifier: [Int]], totalColumn: [ObjectIdentifier: Int]) -> Set<String> {
      var out: Set<String> = []
      func at(_ row: Row, _ p: Int) -> String { Grid.name(row.sheetRow, columns[ObjectIdentifier(row)]![p]) }
      for row in all {
        let eff = effective(row)
        for p in 0..<periods {
          if row.formula, eff[p] != row.amounts[p] { out.insert("formula.stale \(at(row, p))") }
          if row.placeholder { out.insert("missing \(at(row, p))") }
          if row.role == .aggregate || row.role == .chargesTotal || row.role == .produitsTotal, !row.children.isEmpty {
            let sum = row.children.reduce(0) { $0 + effective($1)[p] }
            let gap = abs(sum - eff[p])
            if gap > 100 * row.children.count { out.insert("sum \(at(row, p))") } else if gap > 0 { out.insert("sum.rounding \(at(row, p))") }
          }
          if let (q, price) = row.factors, abs(q * price - eff[p]) > 100 { out.insert("product \(at(row, p))") }
        }
        if let column = totalColumn[ObjectIdentifier(row)], row.totalDelta != 0 {
          out.insert("cross-total \(Grid.name(row.sheetRow, column))")
        }
      }
      if let produits {
        let c = effective(charges)
        let pr = effective(produits)
        for p in 0..<periods where c[p] != pr[p] { out.insert("balance \(at(produits, p))") }
        if let result {
          let r = effective(result)
          for p in 0..<periods where r[p] != pr[p] - c[p] { out.insert("result \(at(result, p))") }
        }
      }
      return out
    }
  }
}
