import Formula
import Workbook

/// Recomputes a formula cell's value (the formula engine's job); nil when it cannot.
public typealias CellRecalculator = @Sendable (_ sheet: Sheet, _ cell: CellReference) -> Double?

/// Whether the formula engine computes a formula cell to nothing: an empty text (`=IF(B4="";"";…)`)
/// or a blank. Such a cell with no cached value is blank, not a formula waiting for an engine.
public typealias CellBlankness = @Sendable (_ sheet: Sheet, _ cell: CellReference) -> Bool

/// Finds the financing plan in a workbook and reads it into a ``Plan``, with no per-file
/// configuration: the sheet, the header row, the period, Total and remarks columns, the sections
/// (one after the other, or side by side as on the CERFA form), the lines and their hierarchy.
public struct PlanReader: Sendable {
  /// The formula engine, when there is one: cached values that disagree with it are
  /// `formula.stale` and the recomputed value is used.
  public var recalculate: CellRecalculator?
  /// The formula engine's other hook: which formula cells compute to nothing.
  public var computesBlank: CellBlankness?

  /// A reader; `recalculate` and `computesBlank` are the formula engine's hooks.
  public init(recalculate: CellRecalculator? = nil, computesBlank: CellBlankness? = nil) {
    self.recalculate = recalculate
    self.computesBlank = computesBlank
  }

  /// What reading a plan gives: the plan and the findings made while reading cells
  /// (`text-number`, `formula.stale`).
  public struct Reading: Sendable {
    /// The plan.
    public var plan: Plan
    /// Findings about cells, found while reading.
    public var cellFindings: [Finding]
    /// Amount cells holding a formula with no cached value: empty for want of an engine, not missing.
    public var uncachedFormulas: Set<CellReference> = []
    /// The other plans of the workbook: the sheets this plan's formulas pull both sides from
    /// (one sheet a year under a summary), and the other sheets that hold a plan of their own.
    /// Checked too, their findings reported with the plan's; `fix` corrects the plan's sheet only.
    public var sources: [Reading] = []
  }

  /// The most rows with a cell that a sheet may have to be read as a plan. A financing plan has
  /// tens of lines, a few hundred at most; a sheet of a million repeated rows (a 1 KB ODS) took
  /// 26 s and 1.6 GiB to lay out as one.
  public static let maxPlanRows = 20_000

  /// The rows of `sheet` that hold a cell (its cells are in row order).
  public static func rowCount(_ sheet: Sheet) -> Int {
    var count = 0
    var last: Int32 = -1
    for cell in sheet.cells where cell.reference.row != last {
      count += 1
      last = cell.reference.row
    }
    return count
  }

  /// The plan of the workbook: the best reading among its worksheets, or nil when none holds one.
  /// Sheets of more than ``maxPlanRows`` rows are not read as plans.
  ///
  /// Each sheet is read twice: by its layout (a header row, its period and Total columns, the
  /// lines under it) and by evidence (formulas, total words and arithmetic, no header needed).
  /// The layout's reading is kept where its aggregates add up; otherwise the reading whose stated
  /// numbers explain each other best wins (`docs/understanding.md`, "Choosing a reading").
  public func read(_ workbook: Workbook) -> Reading? {
    // Formulas over Excel tables are read as the ranges they name.
    let workbook = WorkbookTranslation.resolvingTables(in: workbook)
    var best: (score: Int, reading: Reading)? = nil
    var bestFallback: (score: Int, reading: Reading)? = nil
    // Each sheet's own reading, for the sheets a summary pulls from.
    var ofSheet: [String: Reading] = [:]
    // Visible sheets whose header reading stands and balances two sides: plans of their own.
    var standing: [String] = []
    for sheet in workbook.sheets
    where sheet.kind == .worksheet && !sheet.cells.isEmpty && Self.rowCount(sheet) <= Self.maxPlanRows {
      let grid = SheetLayout(sheet: sheet, workbook: workbook, recalculate: recalculate, computesBlank: computesBlank)
      var layout = grid.read()
      if layout != nil {
        LayoutEvidence.reconsider(&layout!.plan, sheet: sheet)
        LayoutEvidence.annotate(&layout!.plan, sheet: sheet, workbook: workbook)
        LayoutEvidence.findProducts(&layout!.plan, sheet: sheet)
      }
      let layoutFit = layout.map { Self.fit($0.plan) }
      // A layout reading every aggregate of which adds up needs no second reading.
      let explained = layoutFit.map { $0.holds >= 2 && $0.fails == 0 } ?? false
      var evidence = explained ? nil : EvidenceReader(layout: grid).read()
      // A parent set apart by its code alone whose sum fails, where its own parent adds up
      // without it (606 then 6068 under 60): siblings, in either reading.
      if evidence != nil { LayoutEvidence.reconsider(&evidence!.plan, sheet: sheet) }
      let evidenceFit = evidence.map { Self.fit($0.plan) }
      // The layout's reading stands where its aggregates add up at least as well as the evidence's.
      // Compared per period: a reading that takes a Total column for a period counts its sums once more.
      func perPeriod(_ f: (holds: Int, fails: Int, structural: Int), _ plan: Plan) -> Double {
        Double(3 * f.holds - 2 * f.fails) / Double(max(plan.periods.count, 1))
      }
      var evidenceBetter = false
      if let evidence, let e = evidenceFit, let layout, let f = layoutFit, !Self.repeatsLines(evidence.plan) {
        evidenceBetter = perPeriod(f, layout.plan) + 1 < perPeriod(e, evidence.plan)
      }
      if let layout, let f = layoutFit, f.holds >= 2, f.holds >= 2 * f.fails, !evidenceBetter {
        var score = 0
        for line in layout.plan.lines {
          score += line.kind == .total ? 10 : 1
        }
        // A summary that pulls its sides' totals from the detail sheets, and balances them, is
        // the plan; a sheet of one side's details is a part of it.
        let pulled = Self.crossSheetCells(layout.plan, sheet: sheet)
        if pulled >= 2 && !layout.plan.balancePairs.isEmpty { score += 10 * min(pulled, 10) }
        if sheet.visibility != .visible { score -= 1000 }
        if best == nil || score > (best?.score ?? 0) { best = (score, layout) }
        ofSheet[sheet.name] = layout
        if sheet.visibility == .visible, !layout.plan.balancePairs.isEmpty { standing.append(sheet.name) }
        continue
      }
      var candidates: [(score: Int, coverage: Int, reading: Reading)] = []
      for (reading, f) in [(layout, layoutFit), (evidence, evidenceFit)] {
        guard let reading, let f else { continue }
        var score = 3 * f.holds - 2 * f.fails + f.structural
        // A summary sheet pulls its figures from the others.
        score += 2 * min(Self.crossSheetCells(reading.plan, sheet: sheet), 10)
        if sheet.visibility != .visible { score -= 1000 }
        // Between two readings of one sheet, the one that explains more of it: a reading of
        // three lines that leaves the table above it out is the lesser.
        candidates.append((score, score + reading.plan.lines.count / 3, reading))
      }
      // The layout's reading wins ties: it read a header.
      let sheetBest = candidates.enumerated().max { a, b in
        a.element.coverage != b.element.coverage ? a.element.coverage < b.element.coverage : a.offset > b.offset
      }?.element
      if let c = sheetBest, bestFallback == nil || c.score > (bestFallback?.score ?? 0) {
        bestFallback = (c.score, c.reading)
      }
      if let c = sheetBest {
        ofSheet[sheet.name] = c.reading
        // An evidence reading stands as a plan of its own when its sums mostly hold and it
        // balances two sides the sheet names.
        let f = Self.fit(c.reading.plan)
        if sheet.visibility == .visible, !c.reading.plan.balancePairs.isEmpty, f.holds >= 3, f.holds >= 3 * f.fails {
          standing.append(sheet.name)
        }
      }
    }
    guard var chosen = best?.reading ?? bestFallback?.reading else { return nil }
    // The action's budget before the organisation's: a subsidy file ("Budget de l'association",
    // "Budget de l'action") is about the action the funder pays for (`domain.md` (b), CERFA
    // 12156's "budget prévisionnel de l'action"); the organisation's is checked too, after it.
    if Self.namesOrganisation(chosen.plan.sheet),
      let action = standing.first(where: { $0 != chosen.plan.sheet && Self.namesAction($0) && !Self.namesOrganisation($0) }),
      let reading = ofSheet[action], !reading.plan.balancePairs.isEmpty
    {
      if !standing.contains(chosen.plan.sheet) { standing.append(chosen.plan.sheet) }
      chosen = reading
    }
    finish(&chosen, in: workbook)
    // The sheets the plan pulls both sides' figures from, when they hold a plan of their own
    // that balances two sides (a year's plan under a summary of the years): checked as plans
    // too. A sheet of one side's details is only a part of the plan.
    if let sheet = workbook.sheets.first(where: { $0.name == chosen.plan.sheet }) {
      // And the other sheets that hold a plan of their own by their header (the association's
      // budget beside the action's, a year's budget beside the three-year forecast).
      var others = Self.sourceSheets(chosen.plan, sheet: sheet)
      // Whether a sheet names both sides is asked last, of the other sheets only.
      others += standing.filter { name in
        name != sheet.name && !others.contains(name)
          && workbook.sheets.first(where: { $0.name == name }).map(Self.namesBothSides) == true
      }
      for name in others where name != sheet.name {
        guard var source = ofSheet[name], !source.plan.balancePairs.isEmpty else { continue }
        finish(&source, in: workbook)
        chosen.sources.append(source)
      }
      // The detail of one side on a sheet of its own ("Cost detail", whose group totals the
      // plan's lines read): checked too, as a plan of that side alone, when its header was read
      // and its own sums mostly hold — its errors are the plan's.
      for (name, sides) in Self.pulledSheets(chosen.plan, sheet: sheet) where sides == 1 && name != sheet.name {
        guard !others.contains(name), var source = ofSheet[name], source.plan.balancePairs.isEmpty,
          source.plan.reading == "layout"
        else { continue }
        let f = Self.fit(source.plan)
        guard f.holds >= 3, f.holds >= 3 * f.fails else { continue }
        finish(&source, in: workbook)
        chosen.sources.append(source)
      }
    }
    return chosen
  }

  /// What a chosen reading gets once: tax conversions, a summary's result, schedules' blanks,
  /// the totals of other columns.
  func finish(_ reading: inout Reading, in workbook: Workbook) {
    guard let sheet = workbook.sheets.first(where: { $0.name == reading.plan.sheet }) else { return }
    reading.plan.taxConversions = TaxConversions.find(reading.plan, sheet: sheet)
    SummaryResult.add(to: &reading, sheet: sheet, recalculate: recalculate)
    if reading.plan.reading == "layout" { Schedules.mark(&reading.plan, sheet: sheet) }
    reading.cellFindings += ColumnTotals.findings(reading.plan, sheet: sheet)
    // A tax column's cells that some line's own cells already report are left to them.
    let reported = Set(reading.cellFindings.map(\.cell))
    reading.cellFindings += TaxColumns.findings(reading.plan, sheet: sheet).filter { !reported.contains($0.cell) }
  }

  /// Whether the sheet's texts name both sides: a charges word ("Charges", "Expenditure") and a
  /// produits word ("Produits", "Income") in its labels and headings (the first 2,000 cells).
  static func namesBothSides(_ sheet: Sheet) -> Bool {
    var charges = false
    var produits = false
    for cell in sheet.cells.prefix(2000) {
      guard case .text(let t)? = cell.value, t.utf8.count <= 80 else { continue }
      switch Wording.sectionMentioned(TextFolding.words(TextFolding.fold(t))) {
      case .charges?: charges = true
      case .produits?: produits = true
      default: break
      }
      if charges && produits { return true }
    }
    return false
  }

  /// The other sheets the plan's charges and produits lines both read, in order of first use.
  static func sourceSheets(_ plan: Plan, sheet: Sheet) -> [String] {
    pulledSheets(plan, sheet: sheet).filter { $0.sides == 2 }.map(\.name)
  }

  /// The sheets the plan's lines read, in order, with how many sides read each.
  static func pulledSheets(_ plan: Plan, sheet: Sheet) -> [(name: String, sides: Int)] {
    var out: [String] = []
    var sides: [String: Set<Section>] = [:]
    for line in plan.lines where line.section != .result {
      for c in line.cells {
        guard let f = sheet.formulas[c], FormulaShape.mayReadOtherSheet(f) else { continue }
        for name in FormulaShape.sheetsRead(f, sheet: sheet.name) {
          if !out.contains(name) { out.append(name) }
          sides[name, default: []].insert(line.section)
        }
      }
    }
    return out.map { ($0, sides[$0]?.count ?? 0) }
  }

  /// How well a plan's stated numbers explain each other: the (aggregate, period) pairs whose
  /// sum holds, those where it does not, and the aggregates with more than arithmetic for them.
  /// Parents of 'dont' lines are left out: a partial breakdown says nothing of the reading.
  static func fit(_ plan: Plan) -> (holds: Int, fails: Int, structural: Int) {
    var holds = 0
    var fails = 0
    var structural = 0
    for (i, line) in plan.lines.enumerated() where !line.components.isEmpty {
      let evidence = i < plan.evidence.count ? plan.evidence[i] : []
      if evidence.isEmpty || evidence.contains(where: \.isStructural) { structural += 1 }
      // 'Dont' lines that list only part of their parent are a finding, not a misreading.
      if evidence.contains(.dont) { continue }
      for p in line.amounts.indices {
        guard let stated = line.amounts[p] else { continue }
        if plan.sum(of: line.components, period: p).isClose(to: stated) { holds += 1 } else { fails += 1 }
      }
    }
    return (holds, fails, structural)
  }

  /// Whether a reading has two lines for one label (the same row and label column): its periods
  /// were taken for lines, a reading no person would make.
  static func repeatsLines(_ plan: Plan) -> Bool {
    var seen = Set<CellReference>()
    for line in plan.lines where line.kind != .result {
      if !seen.insert(CellReference(row: line.row, column: line.labelColumn)).inserted { return true }
    }
    return false
  }

  /// How many of the plan's amount cells hold a formula that reads another sheet.
  static func crossSheetCells(_ plan: Plan, sheet: Sheet) -> Int {
    var count = 0
    for line in plan.lines {
      for c in line.cells {
        if let f = sheet.formulas[c], FormulaShape.readsOtherSheet(f, sheet: sheet.name) { count += 1 }
      }
    }
    return count
  }

}

/// One sheet's grid and the reading of its plan.
struct SheetLayout {
  let sheet: Sheet
  let workbook: Workbook
  let recalculate: CellRecalculator?
  let computesBlank: CellBlankness?
  /// Cells by row, each row's cells by column order.
  var rows: [Int32: [Cell]] = [:]
  var rowOrder: [Int32] = []

  init(sheet: Sheet, workbook: Workbook, recalculate: CellRecalculator?, computesBlank: CellBlankness? = nil) {
    self.sheet = sheet
    self.workbook = workbook
    self.recalculate = recalculate
    self.computesBlank = computesBlank
    var start = 0
    let cells = sheet.cells
    while start < cells.count {
      let row = cells[start].reference.row
      var end = start
      while end < cells.count && cells[end].reference.row == row { end += 1 }
      rows[row] = Array(cells[start..<end])
      rowOrder.append(row)
      start = end
    }
  }

  /// A column group of the header row: a label column and the amount columns to its right.
  struct Block {
    var labelColumn: Int32
    var periodColumns: [Int32]
    var totalColumn: Int32?
    var remarkColumns: [Int32]
    var section: Section?
    /// A column of categories left of the labels ("Achats" beside "Outillage", "Pièces
    /// détachées"…): each names the group of the lines from its row on, and is the label of a
    /// line that has no detail.
    var categoryColumn: Int32? = nil
  }

  func text(_ cell: Cell) -> String? {
    if case .text(let s)? = cell.value { return s }
    return nil
  }

  /// What a header cell is.
  enum HeaderCell {
    case period(String, Int?)
    case amount(String)
    case total(String)
    case remark
    case label(String)
  }

  /// Words of a column of shares: "Pourcentage", "Percentage of total" ("Cost share", "Part de
  /// l'État" may be amounts).
  static let shareWords: Set<Word> = ["pourcentage", "pourcent", "percent", "percentage", "ratio", "taux"]

  func classifyHeader(_ cell: Cell) -> HeaderCell? {
    switch cell.value {
    case .number(let v, let kind)? where kind == .date || kind == .dateTime:
      return datePeriod(v, cell: cell)
    case .number(let v, _)?:
      if v == v.rounded(), v >= 1990, v <= 2100 { return .period(String(Int(v)), 12) }
      return nil
    case .text(let s)?:
      let folded = TextFolding.fold(s)
      let words = TextFolding.words(folded)
      if words.isEmpty { return folded.contains("€") ? .amount(s) : nil }
      // A share of the total ("% du total", "Pourcentage") is no amount.
      if folded.contains("%") || words.contains(where: { Self.shareWords.contains($0) }) { return .remark }
      if words.contains(where: { $0 == "total" || $0 == "totaux" || $0 == "cumul" }) { return .total(s) }
      if PeriodLabel.isPeriod(folded: folded, words: words) { return .period(s, PeriodLabel.months(folded: folded, words: words)) }
      if words.contains(where: { Wording.remarkWords.contains($0) }) { return .remark }
      if words.contains(where: { Wording.amountHeaderWords.contains($0) }) || folded.contains("€") {
        return .amount(s)
      }
      return .label(s)
    default:
      return nil
    }
  }

  /// A date in a header, as the period its format shows: "2025" for a date shown as a year
  /// (format `yyyy`), "01/2025" for one shown as a month (one month); nil for other dates.
  func datePeriod(_ serial: Double, cell: Cell) -> HeaderCell? {
    guard DateSerial.isDateSerial(serial) else { return nil }
    let date = DateSerial.components(serial, system: workbook.dateSystem)
    guard date.year >= 1990, date.year <= 2100 else { return nil }
    var shows = Set<Character>()
    var quoted = false
    for c in workbook.style(of: cell).numberFormat.lowercased() {
      if c == "\"" { quoted.toggle() } else if !quoted { shows.insert(c) }
    }
    if shows.contains("y") && !shows.contains("m") && !shows.contains("d") { return .period(String(date.year), 12) }
    if shows.contains("y") && shows.contains("m") && !shows.contains("d") {
      return .period((date.month < 10 ? "0" : "") + "\(date.month)/\(date.year)", 1)
    }
    return nil
  }

  /// Whether a row whose numbers all look like years is rather a line whose amount is one
  /// ("Logiciels | 2000"): a sum formula of the sheet adds one of its numbers up, or its single
  /// number has amounts right above it in its column and its label names no section.
  func yearsAreAmounts(row: Int32, numbers: [CellReference], sumRanges: () -> [CellRange]) -> Bool {
    guard let first = numbers.min(by: { $0.column < $1.column }) else { return false }
    // A row of headings ("CHARGES | 2024 | 2025", " | 2024") has years, not amounts.
    let labels = (rows[row] ?? []).filter { $0.reference.column < first.column }.compactMap(text)
    if labels.isEmpty || labels.contains(where: { Wording.sectionHeading(TextFolding.fold($0)) != nil }) { return false }
    if numbers.contains(where: { ref in sumRanges().contains { $0.contains(ref) } }) { return true }
    guard numbers.count == 1, let ref = numbers.first else { return false }
    for above in [row - 1, row - 2] where above >= 0 {
      guard let cell = rows[above]?.first(where: { $0.reference.column == ref.column }) else { continue }
      if case .number? = cell.value, !Self.isYearLike(cell.value) { return true }
    }
    return false
  }

  /// The ranges the sheet's sum formulas add up.
  static func sumRanges(_ sheet: Sheet) -> [CellRange] {
    var out: [CellRange] = []
    for (_, f) in sheet.formulas {
      if case .sum(let ranges) = FormulaShape.of(f, sheet: sheet.name) { out += ranges }
    }
    return out
  }

  /// Whether a cell is a number that may be a header's year: a whole number from 1990 to 2100,
  /// or a date.
  static func isYearLike(_ value: CellValue?) -> Bool {
    guard case .number(let v, let kind)? = value else { return false }
    return kind == .date || kind == .dateTime || (v == v.rounded() && v >= 1990 && v <= 2100)
  }

  /// The header row and its blocks: the first row with a period or amount header to the right of
  /// a label, and no amounts.
  func findHeader() -> (row: Int32, blocks: [Block], periods: [(label: String, months: Int?)])? {
    var ranges: [CellRange]? = nil
    func sumRanges() -> [CellRange] {
      if ranges == nil { ranges = Self.sumRanges(sheet) }
      return ranges!
    }
    for r in rowOrder {
      // A header holds two cells or more, or a lone period over its column ("2025").
      guard let cells = rows[r], cells.count >= 2 || cells.first.flatMap(classifyHeader).map({ h in
        if case .period = h { return true } else { return false }
      }) == true
      else { continue }
      var kinds: [(Int32, HeaderCell)] = []
      var numbers = 0
      let years = cells.filter { Self.isYearLike($0.value) && $0.value?.number.map { $0 >= 1990 && $0 <= 2100 } == true }
      if !years.isEmpty, yearsAreAmounts(row: r, numbers: years.map(\.reference), sumRanges: sumRanges) { continue }
      for cell in cells {
        if case .number? = cell.value, !Self.isYearLike(cell.value) { numbers += 1 }
        // An amount typed as text ("€2,400", "1 200 €") is no header either.
        if case .text(let t)? = cell.value, ProductColumns.mayBeAmount(t), case .amount = Money.parse(t), !PeriodLabel.isPeriod(t) {
          numbers += 1
        }
        if let k = classifyHeader(cell) { kinds.append((cell.reference.column, k)) }
      }
      if numbers > 0 { continue }
      // A bare currency sign over a column ("€") heads it only in a row of headings: beside a
      // line's label it is that line's missing amount ("Département | €").
      let bare = kinds.allSatisfy { _, k in
        switch k {
        case .amount(let s): return TextFolding.words(TextFolding.fold(s)).isEmpty
        case .period, .total: return false
        default: return true
        }
      }
      if bare, kinds.contains(where: { if case .amount = $0.1 { return true } else { return false } }),
        kinds.contains(where: { _, k in
          guard case .label(let s) = k else { return false }
          let folded = TextFolding.fold(s)
          return Wording.sectionHeading(folded) == nil
            && !TextFolding.words(folded).allSatisfy { Self.labelHeaderWords.contains($0) }
        })
      {
        continue
      }
      // A label on the left, then amount columns.
      var blocks: [Block] = []
      var periods: [(String, Int?)] = []
      var current: Block? = nil
      var sawAmount = false
      // A Total header before any period ("Coût total | Année 1 | Année 2"), taken as the period
      // until periods follow it.
      var leadingTotal: Int32? = nil
      // Label headers: one over a column of amounts may head it.
      var labelHeaders: [(Int32, String)] = []
      func addAmountColumn(_ column: Int32, _ label: String, _ months: Int?) {
        if current == nil, blocks.isEmpty, let l = labelColumn(leftOf: column, below: r) {
          current = Block(labelColumn: l, periodColumns: [], totalColumn: nil, remarkColumns: [], section: nil)
        }
        guard let c = current else { return }
        if let t = leadingTotal, c.periodColumns == [t] {
          current?.periodColumns = []
          current?.totalColumn = t
          if blocks.isEmpty { periods.removeLast() }
        } else if let t = c.totalColumn, c.periodColumns.contains(where: { $0 < t }) {
          return  // columns after a Total column ("Total | 2024 réalisé") are not periods
        }
        current?.periodColumns.append(column)
        if blocks.isEmpty { periods.append((label, months)) }
        sawAmount = true
      }
      for (column, kind) in kinds {
        switch kind {
        case .label(let s):
          labelHeaders.append((column, s))
          // A name over a column of numbers with the labels left of it and no header of their
          // own ("| Unrestricted funds | Restricted funds | Total"): a column of amounts, not the
          // labels' header; the Total column after it may add such columns up (below).
          // Only where the labels name a side ("INCOME", "Total expenditure"): a matrix of
          // partners × work packages is left to the evidence.
          if current == nil, blocks.isEmpty, numericColumn(column, below: r), wordyCells(in: column, below: r) == 0,
            !Self.namesFactor(s), !Self.isIdentifier(s), let l = labelColumn(leftOf: column, below: r),
            labelsNameASide(in: l, below: r)
          {
            current = Block(labelColumn: l, periodColumns: [], totalColumn: nil, remarkColumns: [], section: nil)
            continue
          }
          // A name over a column of numbers after the periods ("Other sources – secured") opens
          // no block: the Total column after it may add it up (below).
          if let c = current, !c.periodColumns.isEmpty, c.totalColumn == nil, numericColumn(column, below: r),
            !Self.namesFactor(s), wordyCells(in: column, below: r) == 0
          {
            continue
          }
          if let c = current, !c.periodColumns.isEmpty {
            blocks.append(c)
            current = nil
          }
          // Of two label headers before the amounts ("Compte | Charges", "Désignation | Quantité"),
          // the labels are under the one with more words below.
          if let c = current, c.periodColumns.isEmpty, wordyCells(in: c.labelColumn, below: r) > wordyCells(in: column, below: r) {
            continue
          }
          if current == nil || current?.periodColumns.isEmpty == true {
            let folded = TextFolding.fold(s)
            current = Block(
              labelColumn: column, periodColumns: [], totalColumn: nil, remarkColumns: [],
              section: Wording.sectionHeading(folded))
          }
        case .period(let label, let months):
          addAmountColumn(column, label, months)
        case .amount(let label):
          // "Budget line" over the labels, with nothing left of it: the label header.
          if current == nil, blocks.isEmpty, labelColumn(leftOf: column, below: r) == nil,
            wordyCells(in: column, below: r) > 0
          {
            current = Block(
              labelColumn: column, periodColumns: [], totalColumn: nil, remarkColumns: [], section: nil)
            continue
          }
          addAmountColumn(column, label, nil)
        case .total(let label):
          if let c = current, !c.periodColumns.isEmpty, c.totalColumn == nil {
            current?.totalColumn = column
          } else if let c = current, c.periodColumns.isEmpty {
            // "Montant total" as the only amount column: it is the period.
            leadingTotal = column
            current?.periodColumns.append(column)
            if blocks.isEmpty { periods.append((label, nil)) }
            sawAmount = true
          }
        case .remark:
          if current != nil { current?.remarkColumns.append(column) }
        }
      }
      // Columns headed by names (funders, partners: "État | Région | FEDER | Total") before a
      // Total column that is their sum on three rows in four: they are the plan's columns, and
      // the Total column their cross-total.
      if let t = leadingTotal, let c = current, c.periodColumns == [t] {
        let named = labelHeaders.map(\.0).filter { $0 > c.labelColumn && $0 < t }
        let headerOf = { (column: Int32) in labelHeaders.first { $0.0 == column }?.1 ?? "" }
        if named.count >= 2, named.allSatisfy({ !Self.namesFactor(headerOf($0)) }),
          columnsAddUp(named, to: t, below: r)
        {
          current?.periodColumns = named
          current?.totalColumn = t
          if blocks.isEmpty {
            periods.removeLast()
            periods += named.map { (headerOf($0), nil) }
          }
        }
      }
      // Columns headed by names between the periods and the Total column ("Requested from
      // Foundation | Other sources – secured | Other sources – pending | Total"), which the
      // Total column adds up with the periods on three rows in four: periods too.
      if blocks.isEmpty, let c = current, let t = c.totalColumn, !c.periodColumns.isEmpty, c.periodColumns.count == periods.count {
        let headerOf = { (column: Int32) in labelHeaders.first { $0.0 == column }?.1 ?? "" }
        let firstPeriod = c.periodColumns.min() ?? t
        let named = labelHeaders.map(\.0).filter { column in
          column > firstPeriod && column < t && !c.periodColumns.contains(column)
            && !Self.namesFactor(headerOf(column)) && !Self.isIdentifier(headerOf(column)) && numericColumn(column, below: r)
        }
        if !named.isEmpty, columnsAddUp(c.periodColumns + named, to: t, below: r) {
          var byColumn: [Int32: (String, Int?)] = [:]
          for (column, period) in zip(c.periodColumns, periods) { byColumn[column] = period }
          for column in named { byColumn[column] = (headerOf(column), nil) }
          let columns = byColumn.keys.sorted()
          current?.periodColumns = columns
          periods = columns.map { byColumn[$0]! }
        }
      }
      // A row with no amount header but one header over a column of amounts, right of the
      // labels ("Item | Cost", "Poste | Prévu"): that column is the amount, whatever its word.
      // Several such columns (partners, weekdays, hours) are left to the evidence.
      let numericLabels =
        sawAmount || !blocks.isEmpty
        ? [] : labelHeaders.filter { column, s in
          !Self.namesFactor(s) && !Self.isIdentifier(s) && numericColumn(column, below: r)
        }
      if numericLabels.count == 1, let (column, s) = numericLabels.first {
        if let c = current, c.labelColumn < column, c.periodColumns.isEmpty {
          addAmountColumn(column, s, nil)
        } else if current == nil || current?.labelColumn == column {
          current = nil
          addAmountColumn(column, s, nil)
        }
      }
      if let c = current, !c.periodColumns.isEmpty { blocks.append(c) }
      guard sawAmount, let first = blocks.first else { continue }
      // Side-by-side blocks must have the same number of amount columns.
      var kept = blocks.filter { $0.periodColumns.count == first.periodColumns.count }

      // "Budget prévisionnel" over "2024 | 2025": the periods are on the next row.
      if periods.allSatisfy({ $0.1 == nil }), kept.count == 1,
        let next = rowOrder.first(where: { $0 > r }), next <= r + 2, let nextCells = rows[next]
      {
        var nextPeriods: [(Int32, String, Int?)] = []
        // A line ("Achats | 2000") is not the second row of a header: that row has no label.
        var hasNumbers = nextCells.contains { $0.reference.column == kept[0].labelColumn && text($0) != nil }
        for cell in nextCells where cell.reference.column > kept[0].labelColumn {
          if case .number? = cell.value, !Self.isYearLike(cell.value) { hasNumbers = true }
          if case .period(let label, let months)? = classifyHeader(cell) {
            nextPeriods.append((cell.reference.column, label, months))
          }
        }
        if !hasNumbers && !nextPeriods.isEmpty {
          kept[0].periodColumns = nextPeriods.map(\.0)
          if let t = kept[0].totalColumn, nextPeriods.contains(where: { $0.0 == t }) { kept[0].totalColumn = nil }
          return (next, kept, nextPeriods.map { ($0.1, $0.2) })
        }
      }
      // Years over pairs of columns ("2025" over "Prévu | Réalisé"): the next row, with no
      // number, heads every column from the first year's to the last's pair; its labels take
      // the year over them.
      if kept.count == 1, periods.count >= 2, periods.allSatisfy({ $0.1 != nil }),
        let next = rowOrder.first(where: { $0 > r }), next == r + 1, let nextCells = rows[next]
      {
        let first = kept[0].periodColumns.min() ?? 0
        let step = (kept[0].periodColumns.max() ?? 0) - (kept[0].periodColumns.dropLast().max() ?? 0)
        let last = (kept[0].periodColumns.max() ?? 0) + step - 1
        let under = nextCells.filter { c in
          c.reference.column >= first && c.reference.column <= last && text(c).map { !$0.isEmpty } == true
        }
        let numbers = nextCells.contains { c in
          if case .number? = c.value { return true }
          return false
        }
        if !numbers, step >= 2, under.count == kept[0].periodColumns.count * Int(step),
          kept[0].totalColumn.map({ $0 > last }) ?? true
        {
          var block = kept[0]
          block.periodColumns = under.map(\.reference.column)
          let labels = under.map { (text($0) ?? "", Optional<Int>.none) }
          let named = labelledOnce(labels, columns: block.periodColumns, headerRow: next)
          if Set(named.map(\.0)).count == named.count {
            return (next, [block], named)
          }
        }
      }
      // A title row that merely names a year ("Projet X | Exercice 2024") has no amounts under it.
      if !hasAmounts(below: r, in: Set(kept.flatMap(\.periodColumns)), nextRows: 12) { continue }
      return (r, kept, labelledOnce(periods, columns: kept[0].periodColumns, headerRow: r))
    }
    return nil
  }

  /// Period labels made distinct by the heading over them: "Prévu | Réalisé | Prévu | Réalisé"
  /// under "2025" and "2026" merged over each pair become "2025 Prévu", "2025 Réalisé"…; labels
  /// already distinct are kept.
  func labelledOnce(_ periods: [(String, Int?)], columns: [Int32], headerRow r: Int32) -> [(String, Int?)] {
    guard r > 0, periods.count == columns.count, Set(periods.map(\.0)).count < periods.count else { return periods }
    func above(_ column: Int32) -> (text: String, months: Int?)? {
      var ref = CellReference(row: r - 1, column: column)
      if let range = sheet.merged.first(where: { $0.contains(ref) }) { ref = range.start }
      guard let cell = rows[ref.row]?.first(where: { $0.reference.column == ref.column }) else { return nil }
      switch cell.value {
      case .number(let v, _)? where v == v.rounded() && v >= 1990 && v <= 2100: return (String(Int(v)), 12)
      case .text(let t)?:
        let t = t.trimmingSpaces()
        guard !t.isEmpty else { return nil }
        let folded = TextFolding.fold(t)
        let words = TextFolding.words(folded)
        return (t, PeriodLabel.isPeriod(folded: folded, words: words) ? PeriodLabel.months(folded: folded, words: words) : nil)
      default: return nil
      }
    }
    // A heading not merged over its columns stands over the first of them: the nearest one
    // left of a column, among the period columns, heads it.
    var heads: [(text: String, months: Int?)?] = []
    for (i, column) in columns.enumerated() {
      heads.append(above(column) ?? (i > 0 ? heads[i - 1] : nil))
    }
    guard heads.allSatisfy({ $0 != nil }) else { return periods }
    let labelled = zip(periods, heads).map { p, h in (h!.text + " " + p.0, p.1 ?? h!.months) }
    return Set(labelled.map(\.0)).count == labelled.count ? labelled : periods
  }

  /// Words of a header over the labels: "Intitulé", "Désignation", "Poste", "Item".
  static let labelHeaderWords: Set<Word> = [
    "intitule", "intitules", "designation", "libelle", "libelles", "poste", "postes", "nature", "rubrique", "rubriques",
    "objet", "item", "items", "description", "line", "lines", "ligne", "lignes", "de", "des", "du", "budget",
  ]

  /// Words of a header over a quantity, a unit price or a rate: such a column holds factors,
  /// not amounts.
  static let factorWords: Set<Word> = ProductColumns.quantityWords.union([
    "unitaire", "unitaires", "unit", "pu", "tjm", "taux", "rate", "tarif", "journalier", "horaire", "daily", "hourly",
    // and account codes, numbers that are no amounts either
    "compte", "comptes", "code", "codes", "account", "n", "no", "num", "numero", "ref", "reference",
    // counts of people and time: person-months, full-time equivalents
    "person", "personne", "personnes", "fte", "etp", "months", "month", "mois",
  ])

  /// Whether a text is a reference rather than a heading: one token of letters and two digits
  /// or more that names no period ("EFD854" beside "Réf. client", "DEV-2025-014").
  static func isIdentifier(_ text: String) -> Bool {
    let t = text.trimmingSpaces()
    guard !t.isEmpty, !t.contains(where: \.isWhitespace), !PeriodLabel.isPeriod(t) else { return false }
    return t.contains(where: \.isLetter) && t.filter(\.isNumber).count >= 2
  }

  static func namesFactor(_ header: String) -> Bool {
    TextFolding.words(TextFolding.fold(header)).contains { factorWords.contains($0) }
  }

  /// Whether the 12 rows under `row` hold more amounts than words in `column`, and two at least.
  /// Whether `total` is the sum of `columns` (blanks as zeros) on three rows in four, two at
  /// least, of the rows under `row` that hold a number in it (the first 60).
  func columnsAddUp(_ columns: [Int32], to total: Int32, below row: Int32) -> Bool {
    var rowsSeen = 0
    var holds = 0
    for r in rowOrder where r > row {
      guard rowsSeen < 60, let cells = rows[r] else { continue }
      guard case .number(let t, _)? = cells.first(where: { $0.reference.column == total })?.value,
        let stated = Money(storedNumber: t)
      else { continue }
      rowsSeen += 1
      var sum = Money.zero
      var any = false
      for cell in cells where columns.contains(cell.reference.column) {
        if case .number(let v, _)? = cell.value, let m = Money(storedNumber: v) {
          sum = sum + m
          any = true
        }
      }
      if any, sum.isClose(to: stated) { holds += 1 }
    }
    return holds >= 2 && holds * 4 >= rowsSeen * 3
  }

  func numericColumn(_ column: Int32, below row: Int32) -> Bool {
    var numbers = 0
    var words = 0
    var seen = 0
    for r in rowOrder where r > row {
      seen += 1
      if seen > 12 { break }
      guard let cell = rows[r]?.first(where: { $0.reference.column == column }) else { continue }
      switch cell.value {
      case .number?: if !Self.isYearLike(cell.value) { numbers += 1 }
      case .text(let t)?:
        if ProductColumns.mayBeAmount(t), case .amount = Money.parse(t) {
          numbers += 1
        } else if t.unicodeScalars.contains(where: { $0.properties.isAlphabetic }) {
          // A word before any number heads the column again: the numbers are another table's.
          if numbers == 0 { return false }
          words += 1
        }
      default: break
      }
    }
    return numbers >= 2 && numbers > words
  }

  /// How many of the 8 rows under `row` hold text with a letter in `column`.
  func wordyCells(in column: Int32, below row: Int32) -> Int {
    var count = 0
    var seen = 0
    for r in rowOrder where r > row {
      seen += 1
      if seen > 8 { break }
      guard let cell = rows[r]?.first(where: { $0.reference.column == column }), let t = text(cell) else { continue }
      if t.unicodeScalars.contains(where: { $0.properties.isAlphabetic }) { count += 1 }
    }
    return count
  }

  /// Whether a label in `column` under `row` (within the plan's reach) names a side: a heading
  /// or a total of the charges or the produits.
  func labelsNameASide(in column: Int32, below row: Int32) -> Bool {
    for r in rowOrder where r > row {
      if r > row + LineBuilder.groupReach { break }
      guard let cell = rows[r]?.first(where: { $0.reference.column == column }), let t = text(cell) else { continue }
      if Wording.sectionMentioned(TextFolding.words(TextFolding.fold(t))) != nil { return true }
    }
    return false
  }

  /// The block with its labels in a second label column, when the header's column of details
  /// ("Dépenses | Détail | 2025 | 2026") is alone beside amounts on two rows at least (a remark
  /// never names an amount by itself): the details are the lines, the first column their
  /// categories.
  func withDetailLabels(_ block: Block, below row: Int32) -> Block {
    let firstAmount = block.periodColumns.min() ?? Int32.max
    guard let detail = block.remarkColumns.filter({ $0 > block.labelColumn && $0 < firstAmount }).min() else { return block }
    var detailsAlone = 0
    var seen = 0
    for r in rowOrder where r > row {
      guard seen < 60, let cells = rows[r] else { continue }
      guard cells.contains(where: { block.periodColumns.contains($0.reference.column) && $0.value?.number != nil }) else { continue }
      seen += 1
      func hasText(_ column: Int32) -> Bool {
        cells.first { $0.reference.column == column }.flatMap(text).map { !$0.trimmingSpaces().isEmpty } ?? false
      }
      if hasText(detail) && !hasText(block.labelColumn) { detailsAlone += 1 }
    }
    guard detailsAlone >= 2 else { return block }
    var out = block
    out.categoryColumn = block.labelColumn
    out.labelColumn = detail
    out.remarkColumns.removeAll { $0 == detail }
    return out
  }

  /// Whether some of the rows under `row` hold numbers in `columns`.
  func hasAmounts(below row: Int32, in columns: Set<Int32>, nextRows: Int) -> Bool {
    var seen = 0
    for r in rowOrder where r > row {
      seen += 1
      if seen > nextRows { break }
      for cell in rows[r] ?? [] where columns.contains(cell.reference.column) {
        if case .number? = cell.value, !Self.isYearLike(cell.value) { return true }
        if case .text(let t)? = cell.value, case .amount = Money.parse(t), !PeriodLabel.isPeriod(t) { return true }
      }
    }
    return false
  }

  /// The column of the labels under a header that names none: the leftmost text left of `column`
  /// in the next rows.
  func labelColumn(leftOf column: Int32, below row: Int32) -> Int32? {
    var best: Int32? = nil
    var seen = 0
    for r in rowOrder where r > row {
      seen += 1
      if seen > 8 { break }
      for cell in rows[r] ?? [] where cell.reference.column < column {
        if case .text? = cell.value { best = min(best ?? cell.reference.column, cell.reference.column) }
      }
    }
    return best
  }

  /// The label of a single generic amount column ("Montant"): the title line naming the exercice,
  /// with the months its dates give, or else the year a short title names.
  func exerciceLabel(above headerRow: Int32) -> (String, Int?)? {
    // A title naming the exercice wins; else the first short title naming one year.
    var yearTitle: (String, Int?)? = nil
    for r in rowOrder where r < headerRow {
      for cell in rows[r] ?? [] {
        guard let s = text(cell) else { continue }
        let folded = TextFolding.fold(s)
        let words = TextFolding.words(folded)
        if let i = words.indices.first(where: { i in
          Self.exerciceWords.contains(words[i]) && i + 1 < words.count && words[i + 1].count == 4
            && Int(words[i + 1]) != nil
        }) {
          // Take the original text of those two words.
          return (originalSpan(of: s, words: 2, startingAt: i), monthsBetweenDates(words) ?? 12)
        }
        if yearTitle == nil, let i = Self.onlyYear(in: words) { yearTitle = (originalSpan(of: s, words: 1, startingAt: i), 12) }
      }
    }
    return yearTitle
  }

  /// Words that name a financial year before its number: "Exercice 2024", "Year 2025".
  static let exerciceWords: Set<Word> = ["exercice", "annee", "year"]

  /// The index of the one year a short title names ("BUDGET PRÉVISIONNEL 2025"), or nil when
  /// it names none, several, or is a sentence.
  static func onlyYear(in words: [Word]) -> Int? {
    guard words.count <= 8 else { return nil }
    var found: Int? = nil
    for (i, w) in words.enumerated() where w.count == 4 {
      guard let y = Int(w), y >= 1990, y <= 2100 else { continue }
      if found != nil { return nil }
      found = i
    }
    return found
  }

  /// The original text covering `words` words from the word at `startingAt`.
  func originalSpan(of s: String, words count: Int, startingAt index: Int) -> String {
    var tokens: [Range<String.Index>] = []
    var i = s.startIndex
    while i < s.endIndex {
      if s[i].isLetter || s[i].isNumber {
        let start = i
        while i < s.endIndex && (s[i].isLetter || s[i].isNumber) { i = s.index(after: i) }
        tokens.append(start..<i)
      } else {
        i = s.index(after: i)
      }
    }
    guard index + count - 1 < tokens.count else { return s }
    return String(s[tokens[index].lowerBound..<tokens[index + count - 1].upperBound])
  }

  /// Months between the first two dd/mm/yyyy dates of a title ("du 01/01/2025 au 31/12/2025").
  func monthsBetweenDates(_ words: [Word]) -> Int? {
    var dates: [(Int, Int)] = []
    var i = 0
    while i + 2 < words.count {
      if let d = Int(words[i]), let m = Int(words[i + 1]), let y = Int(words[i + 2]), d >= 1, d <= 31, m >= 1,
        m <= 12, words[i + 2].count == 4
      {
        dates.append((m, y))
        i += 3
      } else {
        i += 1
      }
    }
    guard dates.count >= 2 else { return nil }
    let span = (dates[1].1 - dates[0].1) * 12 + dates[1].0 - dates[0].0 + 1
    return span > 0 && span <= 120 ? span : nil
  }

  /// Reads the plan, or nil when the sheet holds none.
  func read() -> PlanReader.Reading? {
    guard let header = findHeader(), !header.blocks.isEmpty else { return nil }
    var periodInfo = header.periods
    if periodInfo.count == 1, periodInfo[0].months == nil, let ex = exerciceLabel(above: header.row) {
      periodInfo[0] = ex
    }
    var builder = LineBuilder(layout: self, blocks: header.blocks.map { withDetailLabels($0, below: header.row) }, headerRow: header.row)
    builder.periodLabels = periodInfo.map(\.label)
    builder.scan()
    guard !builder.lines.isEmpty else { return nil }
    let style = builder.resolvedStyle ?? SheetLayout.numberStyle(words: Array(builder.labelWords.prefix(16)))
    let periods = periodInfo.enumerated().map { i, p in
      Period(label: p.label, column: header.blocks[0].periodColumns[i], months: p.months)
    }
    var totalLabel: String? = nil
    if let tc = header.blocks[0].totalColumn, let cell = rows[header.row]?.first(where: { $0.reference.column == tc }) {
      totalLabel = text(cell)
    }
    var plan = Plan(
      sheet: sheet.name, periods: periods, totalColumnLabel: totalLabel, lines: builder.lines, balancePairs: [],
      resultLine: nil, numberStyle: style)
    plan.headings = builder.headings
    plan.unheaded = builder.unheaded
    Hierarchy.build(
      &plan, sheet: sheet, blockOf: builder.blockOfLine, styles: builder.styles, grand: builder.grand,
      words: builder.labelWords, folded: builder.foldedLabels)
    return PlanReader.Reading(plan: plan, cellFindings: builder.cellFindings, uncachedFormulas: builder.uncachedFormulas)
  }

  /// French or English, from the words of the sheet's text cells.
  func numberStyle() -> NumberStyle {
    var words: [[Word]] = []
    for cell in sheet.cells.prefix(2000) {
      guard let s = text(cell) else { continue }
      words.append(TextFolding.words(TextFolding.fold(s)))
    }
    return Self.numberStyle(words: words)
  }

  /// French or English, from folded words.
  static func numberStyle(words: [[Word]]) -> NumberStyle {
    var en = 0
    var fr = 0
    for list in words {
      for w in list {
        if englishWords.contains(w) { en += 1 }
        if frenchWords.contains(w) { fr += 1 }
      }
    }
    return en > fr ? .english : .french
  }

  /// Words that mark an English sheet.
  static let englishWords: Set<Word> = [
    "costs", "cost", "income", "year", "expenditure", "expenses", "grant", "own", "contribution", "month",
    "per", "requested", "estimated", "funding", "other", "of", "the", "and", "staff",
  ]
  /// Words that mark a French sheet.
  static let frenchWords: Set<Word> = [
    "charges", "produits", "depenses", "ressources", "recettes", "annee", "mois", "dont", "des", "de", "du",
    "et", "la", "le", "les", "remarques", "subvention", "subventions", "financement", "exercice",
  ]
}

extension PlanReader {
  /// Whether a sheet's name names the organisation ("Budget de l'association", "Organisation
  /// budget") and not its action.
  static func namesOrganisation(_ name: String) -> Bool {
    let words = TextFolding.words(TextFolding.fold(name))
    return words.contains { ["association", "structure", "organisme", "organisation", "organization"].contains($0) }
      && !namesAction(name)
  }

  /// Whether a sheet's name names an action or a project ("Budget de l'action", "Project budget").
  static func namesAction(_ name: String) -> Bool {
    TextFolding.words(TextFolding.fold(name)).contains { ["action", "projet", "project", "operation"].contains($0) }
  }
}
