import Workbook

/// What says that an aggregate covers its components (`docs/understanding.md`).
public enum Evidence: String, Sendable, Equatable, Comparable, CaseIterable {
  /// A formula in the aggregate's cell sums them (`=SUM(C5:C9)`).
  case formula
  /// The aggregate's label says it is a total ("Total", "Sous-total", "TOTAL CHARGES").
  case label
  /// Account codes: the components' codes extend the aggregate's (604 under 60).
  case code
  /// The components are 'dont' / 'of which' lines, or bullets.
  case dont
  /// The components are indented under the aggregate.
  case indent
  /// The aggregate's label is bold, its components' are not.
  case bold
  /// The same structure adds up in another amount column of the same rows (the next period,
  /// the other side of a side-by-side form): the author built this cell as that one.
  case peer
  /// Their stated amounts add up to the aggregate's.
  case sum

  public static func < (a: Evidence, b: Evidence) -> Bool {
    (allCases.firstIndex(of: a) ?? 0) < (allCases.firstIndex(of: b) ?? 0)
  }

  /// Whether this evidence says more than arithmetic: a finding may rest on it.
  public var isStructural: Bool { self != .sum }
}

/// Reads a sheet as a plan by the evidence its cells give, with no header row needed: formulas
/// first, then total words, then arithmetic. See `docs/understanding.md`.
///
/// Bounded: each cell is classified once; a formula's ranges are walked over the cells that
/// hold amounts; the arithmetic search looks at most ``runReach`` cells up a column; the search
/// for the blocks a grand total adds up tries at most 2^``subsetReach`` subsets.
struct EvidenceReader {
  /// The sheet's grid as the layout reading has it (its exercice title is read from there too).
  let layout: SheetLayout
  var sheet: Sheet { layout.sheet }
  var workbook: Workbook { layout.workbook }
  var recalculate: CellRecalculator? { layout.recalculate }

  /// Most cells an arithmetic run may have.
  static let runReach = 40
  /// Most amount cells a sheet may hold to be read by evidence: a financing plan has tens of
  /// amounts, a quote or a schedule hundreds; a sheet of thousands is a data table.
  static let maxAmounts = 5_000
  /// Most other blocks a grand total without formula is matched against.
  static let subsetReach = 10

  /// Amounts, by cell: numbers (not dates or percentages), amounts written as text, formulas'
  /// values (recomputed when the engine can).
  var amounts: [CellReference: Money] = [:]
  /// The text of amounts written as text.
  var textOf: [CellReference: String] = [:]
  /// Cells holding only a currency sign or a placeholder: an amount left out.
  var placeholders: Set<CellReference> = []
  /// Stale formula caches: (cached, recomputed).
  var stale: [CellReference: (Money, Money)] = [:]
  /// Formula cells with no value at all.
  var uncached: Set<CellReference> = []
  /// Per column, the rows holding an amount, ascending.
  var columnRows: [Int32: [Int32]] = [:]
  /// Per row, its text cells with a letter, in column order.
  var rowTexts: [Int32: [RowText]] = [:]
  /// Columns of short words (units: "mois", "jour", "forfait"; statuses: "Pending"): a label
  /// further left on the row is the line's.
  var shortWordColumns: Set<Int32> = []

  /// A text cell of a row, with what its words say, worked out once.
  struct RowText {
    var column: Int32
    var text: String
    /// The total level its words name (``totalLevel(_:)``).
    var totalLevel: Int?
    /// Whether it reads as a sub-line: 'dont', 'of which', a bullet.
    var isSubLine: Bool
  }
  /// Rows that hold any cell.
  var filledRows: Set<Int32> = []
  /// Rows that hold an amount.
  var amountRows: Set<Int32> = []
  /// Years typed as numbers in a header row, by cell.
  var headerYears: [CellReference: String] = [:]
  var style: NumberStyle = .french

  init(layout: SheetLayout) {
    self.layout = layout
    let sheet = layout.sheet
    let recalculate = layout.recalculate
    var words: [[Word]] = []
    var folded: [CellReference: (String, [Word])] = [:]
    for cell in sheet.cells.prefix(2000) {
      guard case .text(let s)? = cell.value else { continue }
      let f = TextFolding.fold(s)
      let w = TextFolding.words(f)
      words.append(w)
      folded[cell.reference] = (f, w)
    }
    style = SheetLayout.numberStyle(words: words)
    for cell in sheet.cells {
      let ref = cell.reference
      var value = cell.value
      if sheet.formulas[ref] != nil, let recalculate, let recomputed = recalculate(sheet, ref) {
        if case .number(let cached, let kind)? = value {
          if let a = Money(storedNumber: cached), let b = Money(storedNumber: recomputed), !a.isClose(to: b) {
            stale[ref] = (a, b)
            value = .number(recomputed, kind)
          }
        } else if value == nil {
          value = .number(recomputed, .plain)
        }
      }
      if value == nil, sheet.formulas[ref] != nil, layout.computesBlank?(sheet, ref) != true { uncached.insert(ref) }
      guard let value else { continue }
      filledRows.insert(ref.row)
      switch value {
      case .number(let v, let kind):
        guard kind == .plain || kind == .currency, let m = Money(storedNumber: v) else { continue }
        amounts[ref] = m
      case .text(let s):
        switch Money.parse(s, style: style) {
        case .amount(let m):
          amounts[ref] = m
          textOf[ref] = s
        case .dash:
          amounts[ref] = .zero
        case .empty:
          placeholders.insert(ref)
        case .notAmount:
          if s.unicodeScalars.contains(where: { $0.properties.isAlphabetic }) {
            let (f, w) = folded[ref] ?? { let f = TextFolding.fold(s); return (f, TextFolding.words(f)) }()
            rowTexts[ref.row, default: []].append(
              RowText(
                column: ref.column, text: s, totalLevel: Self.totalLevel(w),
                isSubLine: Wording.isDont(w) || Wording.isBullet(f)))
          }
        }
      default:
        continue
      }
    }
    // Columns whose texts are single short words, four in five of them (three texts at least).
    var textsPerColumn: [Int32: (all: Int, short: Int)] = [:]
    for texts in rowTexts.values {
      for t in texts {
        let short = !t.text.trimmingSpaces().contains(" ") && t.text.count <= 10
        textsPerColumn[t.column, default: (0, 0)].all += 1
        if short { textsPerColumn[t.column, default: (0, 0)].short += 1 }
      }
    }
    shortWordColumns = Set(textsPerColumn.compactMap { c, n in n.all >= 3 && n.short * 5 >= n.all * 4 ? c : nil })
    // Line numbers typed as text left of their label ("1", "1.1", "2.3" under "N°") are no
    // amounts: an amount stands right of the label it belongs to.
    // Account codes ("60", "604") are left to the code column's reading.
    for (ref, s) in textOf where Wording.lineNumber(s) != nil {
      if rowTexts[ref.row]?.contains(where: { $0.column > ref.column }) == true {
        amounts[ref] = nil
        textOf[ref] = nil
      }
    }
    // A header's years ("Charges | 2024 | 2025") are no amounts: a row whose numbers are all
    // typed whole years, beside text.
    var byRow: [Int32: [CellReference]] = [:]
    for ref in amounts.keys { byRow[ref.row, default: []].append(ref) }
    var ranges: [CellRange]? = nil
    func sumRanges() -> [CellRange] {
      if ranges == nil { ranges = SheetLayout.sumRanges(sheet) }
      return ranges!
    }
    for (row, refs) in byRow where rowTexts[row] != nil {
      let years = refs.allSatisfy { ref in
        guard sheet.formulas[ref] == nil, textOf[ref] == nil, let v = amounts[ref], v.rounded(digits: 0) == v else {
          return false
        }
        return v >= Money(1990) && v <= Money(2100)
      }
      if years, !layout.yearsAreAmounts(row: row, numbers: refs, sumRanges: sumRanges) {
        for ref in refs {
          if let v = amounts[ref] { headerYears[ref] = "\(v)" }
          amounts[ref] = nil
        }
      }
    }
    // A line's placeholder ("Département | €") stands for its amount: a zero in the structure
    // (a formula over it, a block it is in), reported as missing. Beside a heading it is none.
    for ref in placeholders {
      guard let label = rowTexts[ref.row]?.last(where: { $0.column < ref.column }), label.totalLevel == nil else { continue }
      let folded = TextFolding.fold(label.text)
      if Wording.sectionHeading(folded) != nil
        || TextFolding.words(folded).allSatisfy({ SheetLayout.labelHeaderWords.contains($0) })
      {
        continue
      }
      amounts[ref] = .zero
    }
    // A column of account codes left of the labels (60, 604, 741…) holds no amounts: three or
    // more whole numbers of two to four digits beginning with 6, 7 or 8, each with a label to
    // its right.
    var byColumn: [Int32: [CellReference]] = [:]
    for ref in amounts.keys { byColumn[ref.column, default: []].append(ref) }
    for (_, refs) in byColumn where refs.count >= 3 {
      let codes = refs.allSatisfy { ref in
        guard sheet.formulas[ref] == nil, let v = amounts[ref], v.rounded(digits: 0) == v, v >= Money(60), v < Money(9000)
        else { return false }
        let digits = "\(v)"
        guard let first = digits.first, "678".contains(first) else { return false }
        return rowTexts[ref.row]?.contains { $0.column > ref.column && $0.column <= ref.column + 2 } ?? false
      }
      if codes { for ref in refs { amounts[ref] = nil } }
    }
    for ref in amounts.keys {
      columnRows[ref.column, default: []].append(ref.row)
      amountRows.insert(ref.row)
    }
    for key in columnRows.keys { columnRows[key]?.sort() }
  }

  // MARK: Words

  /// Folded words of a text.
  static func words(_ s: String) -> [Word] { TextFolding.words(TextFolding.fold(s)) }

  static let totalWords: Set<Word> = [
    "total", "totaux", "totale", "totales", "somme", "sum", "subtotal", "soustotal", "summe", "gesamt", "gesammt",
    "insgesamt", "gesamtsumme", "zwischensumme",
  ]
  static let grandWords: Set<Word> = ["general", "generale", "grand", "global", "globale", "overall", "cumul", "cumulative"]

  /// How high a total the words name: 1 a subtotal, 2 a total, 3 a grand total; nil for none.
  static func totalLevel(_ words: [Word]) -> Int? {
    // A total's label starts with its word ("Total", "Sous-total", "Coût total"); a sentence that
    // mentions one ("Affichage total de 6h15 sur l'écran") is a description.
    guard let i = words.firstIndex(where: { totalWords.contains($0) }), i <= 2, words.count <= 10 else {
      // What a quote's client pays: "Net à payer TTC", "Amount due".
      let kind = Wording.totalKind(words)
      return kind.isTotal ? (kind.isGrand ? 3 : 2) : nil
    }
    if words[i] == "subtotal" || words[i] == "soustotal" || words[i] == "zwischensumme" { return 1 }
    if i > 0, ["sous", "sub", "s"].contains(words[i - 1]) { return 1 }
    if words.contains(where: { grandWords.contains($0) }) { return 3 }
    let kind = Wording.totalKind(words)
    return kind.isTotal && kind.isGrand && words.count > 1 ? 3 : 2
  }

  static let resultExtra: Set<Word> = ["benefices", "profit", "profits", "marge", "gain", "gains", "net"]
  static let produitsExtra: Set<Word> = ["ca", "chiffre", "chiffres", "ventes", "vente", "sales", "turnover"]

  /// The section words name, with the words of turnover and sales.
  static func section(_ words: [Word]) -> Section? {
    if let s = Wording.sectionMentioned(words) { return s }
    return words.contains(where: { produitsExtra.contains($0) }) ? .produits : nil
  }

  /// The text of `row` nearest left of `column`, else the nearest right of it.
  func label(row: Int32, column: Int32) -> String? { labelText(row: row, column: column)?.text }

  /// The text cell that labels `column` in `row`: the nearest left of it, else the nearest right.
  func labelText(row: Int32, column: Int32) -> RowText? {
    guard let texts = rowTexts[row] else { return nil }
    if let left = texts.last(where: { $0.column < column }) {
      // A unit or a status beside the amounts ("mois", "forfait"): the label is further left.
      if shortWordColumns.contains(left.column),
        let label = texts.last(where: { $0.column < left.column && !shortWordColumns.contains($0.column) })
      {
        return label
      }
      return left
    }
    return texts.first(where: { $0.column > column && $0.column <= column + 3 })
  }

  /// Whether the row's label is a sub-line of the line above ("dont …", "of which …", a bullet):
  /// never a direct component of a total.
  func isSubLine(row: Int32, column: Int32) -> Bool { labelText(row: row, column: column)?.isSubLine ?? false }

  /// The total words of a row: the level of the first text of the row left of `column` that names one.
  func totalLevel(row: Int32, column: Int32) -> Int? {
    guard let texts = rowTexts[row] else { return nil }
    return texts.first { ($0.column < column || texts.count == 1) && $0.totalLevel != nil }?.totalLevel
  }

  // MARK: Aggregates

  /// A cell that adds up others, and why we think so.
  struct Aggregate {
    var cell: CellReference
    /// The cells its formula adds, when it has one.
    var formulaCells: [CellReference]?
    /// The cells it must equal the sum of, as the structure says.
    var components: [CellReference] = []
    var evidence: Set<Evidence>
    /// 1 subtotal, 2 total, 3 grand total, 0 for arithmetic alone.
    var level: Int
  }

  /// The cells with amounts inside `range`.
  func cells(in range: CellRange) -> [CellReference] {
    var out: [CellReference] = []
    let columns = columnRows.keys.filter { $0 >= range.start.column && $0 <= range.end.column }.sorted()
    for c in columns {
      guard let rows = columnRows[c] else { continue }
      var lo = 0
      var hi = rows.count
      while lo < hi {
        let mid = (lo + hi) / 2
        if rows[mid] < range.start.row { lo = mid + 1 } else { hi = mid }
      }
      var i = lo
      while i < rows.count, rows[i] <= range.end.row {
        out.append(CellReference(row: rows[i], column: c))
        i += 1
      }
    }
    return out
  }

  /// Whether a row reads as a table's header: two texts or more and no amount.
  func isHeaderRow(_ row: Int32) -> Bool {
    (rowTexts[row]?.count ?? 0) >= 2 && !amountRows.contains(row)
  }

  /// Whether a row without amounts is a side's heading ("FINANCE PLAN", "PRODUITS", "Income").
  func isSectionHeadingRow(_ row: Int32) -> Bool {
    guard !amountRows.contains(row), let texts = rowTexts[row], texts.count == 1 else { return false }
    let words = Self.words(texts[0].text)
    guard words.count <= 4, texts[0].totalLevel == nil else { return false }
    // A heading made of section words only ("PRODUITS", "Income"), or a financing plan's
    // ("FINANCE PLAN", "Plan de financement"); not a group that names charges ("Charges de
    // personnel").
    return Wording.sectionHeading(TextFolding.fold(texts[0].text)) != nil
      || (words.contains("plan") && Wording.sectionMentioned(words) == .produits)
  }

  /// The structure of the sheet: aggregates with their components, the cells they claim.
  struct Structure {
    var aggregates: [CellReference: Aggregate] = [:]
    /// Which aggregate claims each component.
    var claimedBy: [CellReference: CellReference] = [:]
    /// Products: amount cell → (factor, factor).
    var products: [CellReference: (CellReference, CellReference)] = [:]
    /// Cells whose formula multiplies, scales or subtracts: they say what they are, no sum.
    var computed: Set<CellReference> = []
    /// Cells that products and rates read: a quantity, a unit price, a base.
    var factors: Set<CellReference> = []
    /// Result cells: cell → (minuend, subtrahend).
    var differences: [CellReference: (CellReference, CellReference)] = [:]
  }

  /// The topmost aggregate claiming `cell` whose own cell lies in `scope`, or the cell itself.
  func representative(_ cell: CellReference, in s: Structure, scope: (CellReference) -> Bool) -> CellReference {
    var c = cell
    var guardCount = 0
    while let owner = s.claimedBy[c], scope(owner), guardCount < 64 {
      c = owner
      guardCount += 1
    }
    return c
  }

  func sum(_ cells: [CellReference]) -> Money { cells.reduce(.zero) { $0 + (amounts[$1] ?? .zero) } }

  func build() -> Structure {
    var s = Structure()
    // 1. Formulas: sums, products, differences.
    var formulaAggregates: [(span: Int32, agg: Aggregate)] = []
    // What formulas read, and the empty cells sums name on their own (`…+E75+…`).
    var read: [CellRange] = []
    var emptyNamed: [CellReference: [CellReference]] = [:]
    for (ref, formula) in sheet.formulas where amounts[ref] != nil {
      switch FormulaShape.of(formula, sheet: sheet.name) {
      case .sum(let ranges):
        read += ranges
        var seen = Set<CellReference>()
        var refs: [CellReference] = []
        // A SUBTOTAL leaves out the subtotals in its ranges: they are not its components.
        let subtotal = FormulaShape.callsSubtotal(formula)
        for r in ranges {
          for c in cells(in: r) where c != ref && seen.insert(c).inserted {
            if subtotal, let inner = sheet.formulas[c], FormulaShape.callsSubtotal(inner) { continue }
            refs.append(c)
          }
          if r.start == r.end, amounts[r.start] == nil, placeholders.contains(r.start) == false,
            rowTexts[r.start.row]?.contains(where: { $0.column == r.start.column }) != true
          {
            emptyNamed[ref, default: []].append(r.start)
          }
        }
        // One cell of its column right under or over it (`=B7` for "60 – Achats" over its one
        // line): the group's amount carried from its single line, an aggregate of one.
        let carried =
          refs.count == 1 && refs[0].column == ref.column && abs(refs[0].row - ref.row) <= 3 && amounts[refs[0]] != nil
          && label(row: refs[0].row, column: ref.column) != nil
        guard refs.count >= 2 || carried else { continue }
        // A row total (`=SUM(B5:D5)`) is a Total column's cell, not a vertical aggregate.
        if refs.allSatisfy({ $0.row == ref.row }) { continue }
        var evidence: Set<Evidence> = [.formula]
        let level = totalLevel(row: ref.row, column: ref.column)
        if level != nil { evidence.insert(.label) }
        let rows = refs.map(\.row) + [ref.row]
        let span = (rows.max() ?? 0) - (rows.min() ?? 0)
        formulaAggregates.append((span, Aggregate(cell: ref, formulaCells: refs, evidence: evidence, level: level ?? 2)))
      case .product(let a, let b):
        read += [CellRange(start: a, end: a), CellRange(start: b, end: b)]
        s.factors.insert(a)
        s.factors.insert(b)
        if a.row == ref.row && b.row == ref.row && a.column != b.column { s.products[ref] = (a, b) }
        s.computed.insert(ref)
      case .scaled(let a, _):
        read.append(CellRange(start: a, end: a))
        s.factors.insert(a)
        s.computed.insert(ref)
      case .difference(let a, let b):
        read += [CellRange(start: a, end: a), CellRange(start: b, end: b)]
        s.differences[ref] = (a, b)
        s.computed.insert(ref)
      default:
        break
      }
    }
    // A sum that names an empty cell, right next to an amount no formula reads: the reference
    // slipped by a row (`=…+E75+…` for the stands' total in E76). The amount is a component the
    // formula leaves out, and its sum does not hold.
    if !emptyNamed.isEmpty {
      for k in formulaAggregates.indices {
        guard let empties = emptyNamed[formulaAggregates[k].agg.cell] else { continue }
        for e in empties {
          let near = [e.row - 1, e.row + 1].map { CellReference(row: $0, column: e.column) }.filter { c in
            c.row >= 0 && amounts[c] != nil && c != formulaAggregates[k].agg.cell && label(row: c.row, column: c.column) != nil
              && !read.contains { $0.contains(c) }
          }
          if near.count == 1, formulaAggregates[k].agg.formulaCells?.contains(near[0]) == false {
            formulaAggregates[k].agg.formulaCells?.append(near[0])
          }
        }
      }
    }
    // Inner sums first, so an outer one sees its subtotals.
    formulaAggregates.sort { $0.span != $1.span ? $0.span < $1.span : $0.agg.cell < $1.agg.cell }
    for (_, var agg) in formulaAggregates {
      let refs = agg.formulaCells ?? []
      let lo = min(refs.map(\.row).min() ?? agg.cell.row, agg.cell.row)
      let hi = max(refs.map(\.row).max() ?? agg.cell.row, agg.cell.row)
      let inScope: (CellReference) -> Bool = { $0.row >= lo && $0.row <= hi && $0 != agg.cell }
      var comps: [CellReference] = []
      var seen = Set<CellReference>()
      for r in refs {
        let top = representative(r, in: s, scope: inScope)
        if top != agg.cell, seen.insert(top).inserted { comps.append(top) }
      }
      agg.components = comps
      for c in comps where s.claimedBy[c] == nil { s.claimedBy[c] = agg.cell }
      s.aggregates[agg.cell] = agg
    }
    // Cells other formulas read as factors (a quantity, a unit price, a base) are no lines of a sum.
    let factors = s.factors
    // 2. Lines a vertical formula passes over: inside its range, between its range and its cell,
    // and right above its range — peers it left out.
    for (_, original) in formulaAggregates {
      guard var agg = s.aggregates[original.cell], let refs = agg.formulaCells,
        refs.allSatisfy({ $0.column == agg.cell.column })
      else { continue }
      let column = agg.cell.column
      guard let rows = columnRows[column] else { continue }
      let refRows = Set(refs.map(\.row))
      let first = refRows.min() ?? agg.cell.row
      let last = refRows.max() ?? agg.cell.row
      var added: [CellReference] = []
      // A memo the formula passes over on purpose: a base computed from the totals above
      // ("MTDC (F&A base)" `=B32-B17-B26`), not a line it forgot.
      func memo(_ c: CellReference) -> Bool {
        s.differences[c] != nil || label(row: c.row, column: c.column).map { Wording.namesBase(Self.words($0)) } == true
      }
      func free(_ r: Int32) -> Bool {
        let c = CellReference(row: r, column: column)
        return s.claimedBy[c] == nil && s.aggregates[c] == nil && c != agg.cell && totalLevel(row: r, column: column) == nil
          && label(row: r, column: column) != nil && !factors.contains(c) && !isSubLine(row: r, column: column) && !memo(c)
      }
      if agg.cell.row > last {
        // Inside the range. A run of skipped lines right under a line the formula names, that
        // adds up to it exactly, is that line's breakdown (`=D6+D9+D13` over «62 Autres services
        // extérieurs» D13 = D14 + D15): the formula passed over them on purpose.
        var run: [CellReference] = []
        func closeRun() {
          defer { run.removeAll() }
          guard let head = run.first.map({ CellReference(row: $0.row - 1, column: column) }) else { return }
          if run.count >= 2, refRows.contains(head.row), s.aggregates[head] == nil, !s.computed.contains(head),
            let stated = amounts[head], stated != .zero, sum(run).isClose(to: stated)
          {
            s.aggregates[head] = Aggregate(cell: head, formulaCells: nil, components: run, evidence: [.sum], level: 0)
            for c in run { s.claimedBy[c] = head }
          } else {
            added += run
          }
        }
        for r in rows where r > first && r < last && !refRows.contains(r) {
          if !free(r) {
            closeRun()
            continue
          }
          if let previous = run.last, previous.row != r - 1 { closeRun() }
          run.append(CellReference(row: r, column: column))
        }
        closeRun()
        // Between the range and the total, while the rows follow one another.
        var r = last + 1
        while r < agg.cell.row, rows.contains(r), free(r) {
          added.append(CellReference(row: r, column: column))
          r += 1
        }
        // Right above the range, while the rows follow one another and read as lines.
        r = first - 1
        while r >= 0, rows.contains(r), free(r), !isHeaderRow(r) {
          added.append(CellReference(row: r, column: column))
          r -= 1
        }
      }
      if !added.isEmpty {
        agg.components += added
        for c in added { s.claimedBy[c] = agg.cell }
        s.aggregates[agg.cell] = agg
      }
    }
    // 'Dont' lines belong to the nearest line above that is none, whether or not they add up to it:
    // a partial breakdown is a `sum` finding (domain.md §4.1).
    for (column, rows) in columnRows {
      var parent: CellReference? = nil
      for r in rows {
        let c = CellReference(row: r, column: column)
        if !isSubLine(row: r, column: column) {
          let plain = s.aggregates[c] == nil && !s.computed.contains(c)
            && totalLevel(row: r, column: column) == nil && label(row: r, column: column) != nil
          parent = plain ? c : nil
          continue
        }
        guard let p = parent, s.claimedBy[c] == nil, s.aggregates[c] == nil else { continue }
        if s.aggregates[p] == nil {
          s.aggregates[p] = Aggregate(cell: p, formulaCells: nil, components: [], evidence: [.dont], level: 0)
        }
        s.aggregates[p]?.components.append(c)
        s.claimedBy[c] = p
      }
    }
    // 2b. Lines a style sets apart from those under them: an account code that begins theirs
    // (60 over 604, 606), a label less indented than theirs, a bold label over plain ones. The
    // lines under it, up to the next line like it, a total or a gap, are its components.
    parentsByStyle(&s)
    // 3. Totals named by their label, without a formula: the lines of their block.
    var labelled: [CellReference] = []
    for (column, rows) in columnRows {
      for r in rows {
        let ref = CellReference(row: r, column: column)
        guard s.aggregates[ref] == nil, !s.computed.contains(ref), totalLevel(row: r, column: column) != nil
        else { continue }
        labelled.append(ref)
      }
    }
    labelled.sort()
    for ref in labelled {
      let level = totalLevel(row: ref.row, column: ref.column) ?? 2
      let rows = columnRows[ref.column] ?? []
      var comps: [CellReference] = []
      var previousRow = ref.row
      // A total that names a heading ("Total Impôts et taxes" under "Impôts et taxes") closes
      // the block that heading opens.
      let opening = headingNamed(by: ref)
      // An after-tax total ("Total TTC") is the before-tax total above it plus the tax lines
      // between (`domain.md` §4.13).
      let totalLabel = label(row: ref.row, column: ref.column)
      let afterTax = totalLabel.flatMap(TaxConversions.side) == .afterTax || totalLabel.map(Wording.namesPayable) == true
      // The aggregate that ended the block, when no other total claims it: a running total
      // ("Net after discount" under "Net total" and the discount) may carry it.
      var stopper: CellReference? = nil
      for r in rows.reversed() where r < ref.row {
        if let opening, r < opening { break }
        // A gap of two empty rows or a header row ends the block.
        var gapEmpty = 0
        var broke = false
        var k = previousRow - 1
        while k > r {
          // A header row, or a side's heading ("FINANCE PLAN"), ends the block too.
          if isHeaderRow(k) || isSectionHeadingRow(k) { broke = true; break }
          if !filledRows.contains(k) { gapEmpty += 1 } else { gapEmpty = 0 }
          if gapEmpty >= 2 { broke = true; break }
          k -= 1
        }
        if broke { break }
        let c = CellReference(row: r, column: ref.column)
        if let other = s.aggregates[c], other.level >= level {
          if afterTax, s.claimedBy[c] == nil { comps.append(c) }
          if !afterTax, s.claimedBy[c] == nil, previousRow == r + 1 { stopper = c }
          break
        }
        previousRow = r
        if s.claimedBy[c] != nil || isSubLine(row: r, column: ref.column) { continue }
        comps.append(c)
      }
      comps.reverse()
      if let stopper, !comps.isEmpty, let target = amounts[ref], !sum(comps).isClose(to: target),
        sum(comps + [stopper]).isClose(to: target)
      {
        comps.insert(stopper, at: 0)
      }
      var agg = Aggregate(cell: ref, formulaCells: nil, components: comps, evidence: [.label], level: level)
      if comps.count >= 3, !sum(comps).isClose(to: amounts[ref] ?? .zero),
        let (top, parents) = parentsAbove(comps, target: amounts[ref] ?? .zero, s)
      {
        // Lines that are the sums of the lines right under them: the total holds over the others.
        for (parent, children) in parents {
          s.aggregates[parent] = Aggregate(cell: parent, formulaCells: nil, components: children, evidence: [.sum], level: 0)
          for c in children { s.claimedBy[c] = parent }
        }
        agg.components = top
      }
      // A memo line among them, which the total leaves out ("Modified Total Direct Costs"
      // between the direct costs' total and the indirect costs computed on it).
      if agg.components.count >= 3, let target = amounts[ref], !sum(agg.components).isClose(to: target) {
        let memos = agg.components.filter { c in
          s.aggregates[c] == nil && label(row: c.row, column: c.column).map { Wording.namesBase(Self.words($0)) } == true
            && sum(agg.components.filter { $0 != c }).isClose(to: target)
        }
        if memos.count == 1 { agg.components.removeAll { $0 == memos[0] } }
      }
      if comps.count < 2 || !sum(agg.components).isClose(to: amounts[ref] ?? .zero) {
        // A grand total of other blocks: the unclaimed aggregates above it that add up to it.
        let others = s.aggregates.values.filter { $0.cell.row < ref.row && s.claimedBy[$0.cell] == nil }
          .map(\.cell).sorted().suffix(Self.subsetReach)
        if let subset = exactSubset(Array(others), target: amounts[ref] ?? .zero) {
          agg.components = subset
          agg.evidence.insert(.sum)
        } else if comps.count < 2 {
          continue
        }
      } else {
        agg.evidence.insert(.sum)
      }
      for c in agg.components where s.claimedBy[c] == nil { s.claimedBy[c] = ref }
      s.aggregates[ref] = agg
    }
    mapPeers(&s)
    // 4. Arithmetic alone: a cell equal to the run of free cells right above it (two or more).
    for (column, rows) in columnRows {
      for (i, r) in rows.enumerated() {
        let ref = CellReference(row: r, column: column)
        guard s.aggregates[ref] == nil, s.claimedBy[ref] == nil, let target = amounts[ref], target != .zero,
          !s.computed.contains(ref)
        else { continue }
        var total = Money.zero
        var run: [CellReference] = []
        var best: Int? = nil
        var j = i - 1
        var lastRow = r
        while j >= 0, run.count < Self.runReach {
          let c = CellReference(row: rows[j], column: column)
          guard lastRow - rows[j] <= 2, s.claimedBy[c] == nil, s.aggregates[c] == nil else { break }
          run.append(c)
          total = total + (amounts[c] ?? .zero)
          if run.count >= 2, total.isClose(to: target) { best = run.count }
          lastRow = rows[j]
          j -= 1
        }
        guard let best, best >= 3 || label(row: r, column: column) != nil else { continue }
        let comps = Array(run.prefix(best).reversed())
        for c in comps { s.claimedBy[c] = ref }
        s.aggregates[ref] = Aggregate(cell: ref, formulaCells: nil, components: comps, evidence: [.sum], level: 0)
      }
    }
    // Arithmetic evidence for the others.
    for (ref, agg) in s.aggregates where agg.level > 0 || agg.evidence.contains(.formula) {
      if sum(agg.components).isClose(to: amounts[ref] ?? .zero) { s.aggregates[ref]?.evidence.insert(.sum) }
    }
    return s
  }

  /// Structure by analogy: an aggregate with a formula or a total's label whose sum holds gives
  /// its shape to the cell of the same row in another amount column that has none, when every
  /// component's row holds an amount there that nothing else claims, and the row's label there
  /// is the same or also names a total. So a typed total beside a formula total (a period typed
  /// over, the left side of a side-by-side form whose right side has formulas) is checked as the
  /// author built its peer, whether or not it adds up.
  func mapPeers(_ s: inout Structure) {
    let sources = s.aggregates.values
      .filter { a in
        !a.components.isEmpty && a.components.allSatisfy { $0.column == a.cell.column }
          && (a.evidence.contains(.formula) || a.evidence.contains(.label))
          && sum(a.components).isClose(to: amounts[a.cell] ?? .zero)
      }
      .sorted { $0.cell < $1.cell }
    let columns = columnRows.keys.sorted()
    for a in sources {
      let sourceLabel = label(row: a.cell.row, column: a.cell.column)
      for y in columns where y != a.cell.column {
        let target = CellReference(row: a.cell.row, column: y)
        guard amounts[target] != nil, s.aggregates[target] == nil, s.claimedBy[target] == nil,
          !s.computed.contains(target), !s.factors.contains(target)
        else { continue }
        let targetLabel = labelText(row: target.row, column: y)
        guard targetLabel?.text == sourceLabel || targetLabel?.totalLevel != nil else { continue }
        let mapped = a.components.map { CellReference(row: $0.row, column: y) }
        guard mapped.allSatisfy({ amounts[$0] != nil && (s.claimedBy[$0] == nil) && !s.factors.contains($0) })
        else { continue }
        s.aggregates[target] = Aggregate(
          cell: target, formulaCells: nil, components: mapped, evidence: [.peer], level: a.level)
        for c in mapped { s.claimedBy[c] = target }
      }
    }
  }

  /// The row of the heading a labelled total names: the nearest row above it, in its block,
  /// whose only text is the total's label without its total words, and that holds no amount.
  func headingNamed(by total: CellReference) -> Int32? {
    guard let text = labelText(row: total.row, column: total.column)?.text else { return nil }
    let minor: Set<Word> = ["total", "totaux", "sous", "sub", "subtotal", "soustotal", "de", "des", "du", "d", "la", "le", "les", "l", "of", "the", "for"]
    let named = TextFolding.words(TextFolding.fold(text)).filter { !minor.contains($0) }
    guard !named.isEmpty else { return nil }
    var r = total.row - 1
    while r >= max(0, total.row - Int32(Self.runReach)) {
      if let texts = rowTexts[r], texts.count == 1, !amountRows.contains(r) {
        let words = TextFolding.words(TextFolding.fold(texts[0].text)).filter { !minor.contains($0) }
        if words == named { return r }
      }
      r -= 1
    }
    return nil
  }

  /// A block's lines read as parents over the lines right under them, when that is what makes
  /// the block add up to `target`: each line equal to the sum of the two or more free lines
  /// that follow it takes them, the shortest such run first. Returns the remaining top lines
  /// and the parents with their lines, or nil when the total does not hold that way either.
  func parentsAbove(_ comps: [CellReference], target: Money, _ s: Structure) -> ([CellReference], [(CellReference, [CellReference])])? {
    var top: [CellReference] = []
    var parents: [(CellReference, [CellReference])] = []
    var i = 0
    while i < comps.count {
      let c = comps[i]
      var found: Int? = nil
      if s.aggregates[c] == nil, let value = amounts[c], value != .zero {
        var total = Money.zero
        var k = i + 1
        while k < comps.count, k - i <= Self.runReach, s.aggregates[comps[k]] == nil {
          total = total + (amounts[comps[k]] ?? .zero)
          if k - i >= 2, total.isClose(to: value) {
            found = k
            break
          }
          k += 1
        }
      }
      top.append(c)
      if let k = found {
        parents.append((c, Array(comps[(i + 1)...k])))
        i = k + 1
      } else {
        i += 1
      }
    }
    guard !parents.isEmpty, sum(top).isClose(to: target) else { return nil }
    return (top, parents)
  }

  /// Parents set apart by their style (see step 2b of ``build()``).
  func parentsByStyle(_ s: inout Structure) {
    struct Mark {
      var cell: CellReference
      var code: String?
      var indent: Int
      var bold: Bool
      var free: Bool
      /// The kind of outline number the label starts with ("A.", "2)", "1.2", "iv)"): its first
      /// character's kind and its parts, nil for none.
      var outline: String? = nil
    }
    for (column, rows) in columnRows {
      var marks: [Mark] = []
      var previousRow: Int32? = nil
      func close() {
        defer { marks.removeAll() }
        guard marks.count >= 2 else { return }
        var i = 0
        while i < marks.count {
          let m = marks[i]
          guard m.free else {
            i += 1
            continue
          }
          // The lines under m that the style puts below it.
          var j = i + 1
          var evidence: Evidence? = nil
          func under(_ n: Mark) -> Evidence? {
            if let a = m.code, let b = n.code { return b.count > a.count && b.hasPrefix(a) ? .code : nil }
            // "B. Fringe" after "A. Salaries": numbered alike, they are siblings.
            if let a = m.outline, a == n.outline { return nil }
            if n.indent > m.indent { return .indent }
            if m.bold && !n.bold && m.code == nil && n.code == nil && n.indent == m.indent { return .bold }
            return nil
          }
          while j < marks.count, marks[j].free, let e = under(marks[j]), evidence == nil || evidence == e {
            evidence = e
            j += 1
          }
          let children = marks[(i + 1)..<j].map(\.cell)
          // Direct lines only: those under a line under m belong to it.
          let direct = (i + 1..<j).filter { k in
            !((i + 1)..<k).contains { p in
              let a = marks[p]
              let b = marks[k]
              if let x = a.code, let y = b.code { return y.count > x.count && y.hasPrefix(x) }
              return b.indent > a.indent
            }
          }.map { marks[$0].cell }
          if let evidence, children.count >= (evidence == .bold ? 2 : 1), s.aggregates[m.cell] == nil {
            s.aggregates[m.cell] = Aggregate(cell: m.cell, formulaCells: nil, components: direct, evidence: [evidence], level: 0)
            for c in direct { s.claimedBy[c] = m.cell }
            // A line under m can be a parent itself: go on from the first one.
            i += 1
            if evidence == .bold { i = j }
          } else {
            i += 1
          }
        }
      }
      for r in rows {
        let c = CellReference(row: r, column: column)
        if let p = previousRow, r - p > 2 || (p + 1..<r).contains(where: isHeaderRow) { close() }
        previousRow = r
        guard let text = labelText(row: r, column: column) else {
          close()
          continue
        }
        if text.totalLevel != nil {
          close()
          continue
        }
        let labelCell = sheet.cell(at: CellReference(row: r, column: text.column))
        let style = labelCell.map { layout.workbook.style(of: $0) } ?? .plain
        var code = Wording.accountCode(TextFolding.fold(text.text))
        // A code in the column left of the label, as a number or as text ("60", "6226").
        if code == nil, text.column > 0 {
          let left = CellReference(row: r, column: text.column - 1)
          let value = sheet.cell(at: left)?.value
          var typed = false
          if case .text? = value { typed = true }
          if typed || amounts[left] == nil || columnRows[left.column] != nil { code = Wording.accountCode(inCell: value) }
        }
        // An outline number in the column left of the label ("1", "1.1" under "N°", "Code")
        // works as a code: "1.1." extends "1.".
        if code == nil, text.column > 0,
          case .text(let t)? = sheet.cell(at: CellReference(row: r, column: text.column - 1))?.value,
          let number = Wording.lineNumber(t)
        {
          code = number.hasSuffix(".") ? number : number + "."
        }
        let free = s.claimedBy[c] == nil && s.aggregates[c] == nil && !s.computed.contains(c) && !text.isSubLine
        var outline: String? = nil
        if code == nil, let parts = Wording.outline(TextFolding.fold(text.text)), let first = text.text.first {
          outline = (first.isUppercase ? "A" : first.isLetter ? "a" : "1") + String(parts.count)
        }
        marks.append(Mark(cell: c, code: code, indent: style.indent, bold: style.bold, free: free, outline: outline))
      }
      close()
    }
  }

  /// The first subset of `cells` (in order of size, then position) whose amounts add up to
  /// `target`, of two cells or more.
  func exactSubset(_ cells: [CellReference], target: Money) -> [CellReference]? {
    let n = cells.count
    guard n >= 2, n <= Self.subsetReach, target != .zero else { return nil }
    var best: [CellReference]? = nil
    for mask in 1..<(1 << n) where mask.nonzeroBitCount >= 2 {
      var total = Money.zero
      for k in 0..<n where mask & (1 << k) != 0 { total = total + (amounts[cells[k]] ?? .zero) }
      guard total.isClose(to: target) else { continue }
      let subset = (0..<n).filter { mask & (1 << $0) != 0 }.map { cells[$0] }
      if best == nil || subset.count > best!.count { best = subset }
    }
    return best
  }
}
