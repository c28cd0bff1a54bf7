import Workbook

/// The style clues of a line's label: indentation and bold.
struct LabelStyle {
  var indent: Int
  var bold: Bool
}

/// A heading row without amounts that names the group of lines under it.
struct Heading: Sendable, Equatable {
  var row: Int32
  var block: Int
  var section: Section
  var words: [Word]
}

/// Turns the rows under the header into lines, block by block, with their sections.
struct LineBuilder {
  let layout: SheetLayout
  let blocks: [SheetLayout.Block]
  let headerRow: Int32
  /// The number style, worked out from the sheet's words the first time a text needs it.
  private(set) var resolvedStyle: NumberStyle?
  /// The folded words of each line's label.
  var labelWords: [[Word]] = []
  /// Each line's folded label.
  var foldedLabels: [String] = []
  /// Group headings without amounts ("1. Frais de personnel :"), which name the lines under them.
  var headings: [Heading] = []

  var lines: [Line] = []
  /// The block each line came from.
  var blockOfLine: [Int] = []
  /// The label style of each line.
  var styles: [LabelStyle] = []
  var cellFindings: [Finding] = []
  /// Amount cells with a formula and no cached value.
  var uncachedFormulas: Set<CellReference> = []
  /// Period cells a header row over their lines leaves unnamed (see `Plan.unheaded`).
  var unheaded: Set<CellReference> = []
  /// Whether each line is a grand total (not a subtotal).
  var grand: [Bool] = []
  /// The periods' labels, to name them in findings.
  var periodLabels: [String] = []

  init(layout: SheetLayout, blocks: [SheetLayout.Block], headerRow: Int32) {
    self.layout = layout
    self.blocks = blocks
    self.headerRow = headerRow
  }

  /// The sheet's number style (French or English), computed once.
  var style: NumberStyle {
    mutating get {
      if let resolvedStyle { return resolvedStyle }
      let s = layout.numberStyle()
      resolvedStyle = s
      return s
    }
  }

  /// What an amount cell holds.
  enum Amount {
    case money(Money)
    case dash
    case none
    case text
  }

  /// Reads an amount cell, recording `text-number` and `formula.stale` findings when `record`.
  mutating func amount(at ref: CellReference, label: String, period: String?, record: Bool) -> Amount {
    let cell = layout.sheet.cell(at: ref)
    var value = cell?.value
    // Stored values are checked; a stale cache is reported and replaced by the recomputed value.
    if let recalc = layout.recalculate, layout.sheet.formulas[ref] != nil, let recomputed = recalc(layout.sheet, ref) {
      if case .number(let cached, let kind)? = value {
        if let a = Money(storedNumber: cached), let b = Money(storedNumber: recomputed), !a.isClose(to: b) {
          if record {
            cellFindings.append(
              Finding(
                rule: .formulaStale, sheet: layout.sheet.name, cell: ref, expected: b, actual: a, raw: nil,
                label: label, period: period, detail: .init()))
          }
          value = .number(recomputed, kind)
        }
      } else if value == nil {
        value = .number(recomputed, .plain)
      }
    }
    if value == nil, layout.sheet.formulas[ref] != nil, layout.computesBlank?(layout.sheet, ref) != true {
      uncachedFormulas.insert(ref)
    }
    switch value {
    case .number(let v, _)?:
      if let m = Money(storedNumber: v) { return .money(m) }
      return .none
    case .text(let s)?:
      switch Money.parse(s, style: style) {
      case .amount(let m):
        if record {
          cellFindings.append(
            Finding(
              rule: .textNumber, sheet: layout.sheet.name, cell: ref, expected: m, actual: m, raw: s, label: label,
              period: period, detail: .init()))
        }
        return .money(m)
      case .dash: return .dash
      case .empty: return .none
      case .notAmount: return .text
      }
    case .bool?, .error?, nil:
      return .none
    }
  }

  func isMergedHeading(_ row: Int32, _ block: SheetLayout.Block) -> Bool {
    let ref = CellReference(row: row, column: block.labelColumn)
    return layout.sheet.merged.contains { $0.contains(ref) && $0.end.column > $0.start.column }
  }

  mutating func scan() {
    let amountColumns = Set(blocks.flatMap { $0.periodColumns + ($0.totalColumn.map { [$0] } ?? []) })
    var headerValues: [Int32: CellValue] = [:]
    for c in layout.rows[headerRow] ?? [] { if let v = c.value { headerValues[c.reference.column] = v } }
    // Row range of each block: from under the header to the last row holding an amount.
    for (b, block) in blocks.enumerated() {
      var section: Section = block.section ?? (b == 0 ? .charges : .produits)
      if b > 0, block.section == nil { section = headingAbove(block) ?? .produits }
      var lastAmountRow: Int32 = headerRow
      for r in layout.rowOrder where r > headerRow {
        for cell in layout.rows[r] ?? [] where block.periodColumns.contains(cell.reference.column) {
          if let h = headerValues[cell.reference.column], h == cell.value { continue }
          if case .number? = cell.value { lastAmountRow = r }
          if case .text(let s)? = cell.value, case .amount = Money.parse(s, style: style), !PeriodLabel.isPeriod(s) {
            lastAmountRow = r
          }
        }
      }
      var sawResult = false
      // Whether `section` was guessed from a charges total above, not read from a heading.
      var sectionGuessed = false
      // Once the produits are closed by their total, two empty rows end the plan: what follows
      // is another table (the members of the board, a schedule), not lines of it.
      var produitsClosedAt: Int32? = nil
      var lastFilled = headerRow
      // The period columns a header row inside the block names, for the lines under it ("Financeur |
      // Montant | Taux" under "Dépense | HT | TVA | TTC"): nil while the block's header holds.
      var namedColumns: Set<Int32>? = nil
      for r in layout.rowOrder where r > headerRow && r <= lastAmountRow {
        // …unless the header row comes again: the next section of the same table ("Capital
        // expenditure | 2024/25 | 2025/26" under "Total revenue income").
        // Nor a total naming a side: the grand totals of sections ("TOTAL EXPENDITURE").
        if let closed = produitsClosedAt, r - max(closed, lastFilled) > 2, !repeatsHeader(r, of: headerRow, block),
          !namesSideTotal(r, block)
        {
          break
        }
        lastFilled = r
        guard let rowCells = layout.rows[r], let (labelCell, label, labelStyle) = labelOf(rowCells, block) else {
          continue
        }
        let folded = TextFolding.fold(label)
        let words = TextFolding.words(folded)
        if words.isEmpty { continue }
        // A repeated header row (PRODUITS | 05 à 12/2022 | …) starts a section.
        var headerCells = 0
        var amountCells = 0
        var percentCells = 0
        for c in rowCells where block.periodColumns.contains(c.reference.column) {
          // The same value as the header row's cell above: a repeated header (years as numbers).
          if let h = headerValues[c.reference.column], h == c.value {
            headerCells += 1
            continue
          }
          if case .text? = c.value, let k = layout.classifyHeader(c) {
            switch k {
            case .period, .total:
              headerCells += 1
              continue
            case .amount(let s) where Money.parse(s, style: style) == .notAmount:
              headerCells += 1
              continue
            default: break
            }
          }
          if case .number(_, let kind)? = c.value {
            amountCells += 1
            if kind == .percentage { percentCells += 1 }
          }
          if case .text(let s)? = c.value, case .amount = Money.parse(s, style: style) { amountCells += 1 }
          if case .text(let s)? = c.value, Money.parse(s, style: style) == .dash { amountCells += 1 }
        }
        if headerCells > 0 && amountCells == 0 {
          // With labels in two columns, the side is named over the categories ("Expenditure |
          // Detail | Amount").
          let categoryHeading = categoryBeside(rowCells, label: labelCell, block).flatMap {
            Wording.sectionHeading($0.joined(separator: " "))
          }
          if let s = Wording.sectionHeading(folded) ?? categoryHeading {
            section = s
            sectionGuessed = false
          } else if lines.contains(where: { $0.kind == .total }), Wording.sectionMentioned(words) == .produits {
            // A header row repeated under the costs' total ("PLAN DE FINANCEMENT | Montant €"):
            // the financing, whatever else it says.
            section = .produits
            sectionGuessed = false
          } else if Wording.sectionMentioned(words) == .charges,
            lines.contains(where: { $0.kind == .total && $0.section == .produits })
          {
            // The costs of a next section, under the income of the one before ("Dépenses
            // d'investissement | BP 2024" under "Total recettes de fonctionnement").
            section = .charges
            sectionGuessed = false
          }
          let named = Set(rowCells.filter { c in
            guard block.periodColumns.contains(c.reference.column), case .text(let t)? = c.value else { return false }
            return !t.allSatisfy(\.isWhitespace)
          }.map(\.reference.column))
          namedColumns = !named.isEmpty && named.count < block.periodColumns.count ? named : nil
          continue
        }
        // A row of rates ("Taux de cofinancement | 50 % | 50 %") is not a budget line, nor one
        // that says it holds rates and whose numbers are all percentages ("Part FSE (%) | 50 | 50").
        if percentCells > 0 && percentCells == amountCells { continue }
        if amountCells > 0, isRateLabel(words, folded), holdsOnlyPercentages(rowCells, block) { continue }
        if amountCells == 0 {
          if let s = Wording.sectionHeading(folded) {
            section = s
            sectionGuessed = false
            continue
          }
          // A heading with an account ("86 – Emplois des contributions volontaires") opens its
          // side, as a line with that account would, when the side was only guessed.
          if sectionGuessed, let code = Wording.accountCode(folded), let first = code.first {
            if code.hasPrefix("86") || first == "6" { section = .charges }
            if code.hasPrefix("87") || first == "7" { section = .produits }
          }
          let isTotalOrDont = Wording.isDont(words) || Wording.totalKind(words).isTotal
          var isHeading = isMergedHeading(r, block) || (labelStyle.bold && !isTotalOrDont)
          // "Frais de personnel :" heading a group, or a row whose next label is more indented.
          if !isTotalOrDont && label.hasSuffix(":") { isHeading = true }
          if !isHeading, !isTotalOrDont, let next = layout.rowOrder.first(where: { $0 > r }),
            let nextLabel = layout.rows[next].flatMap({ labelOf($0, block) }), nextLabel.style.indent > labelStyle.indent
          {
            isHeading = true
          }
          if !isHeading, !isTotalOrDont, isNamedByItsSubtotal(words, row: r, block: block) { isHeading = true }
          if !isHeading, !isTotalOrDont, opensRun(r, block) { isHeading = true }
          if isHeading {
            headings.append(Heading(row: r, block: b, section: section, words: words))
            continue
          }
          // Notes and sentences are not lines: "* montants en euros", "(1) …", "NB : …".
          if label.utf8.count > 90 || label.hasPrefix("*") || label.hasPrefix("(") || words.first == "nb"
            || words.first == "note" || words.first == "notes" || words.first == "source"
          {
            continue
          }
          // The labels' own header under the periods ("Libellé", "Nature des dépenses") is no line.
          if words.count <= 3, let first = words.first, Self.labelHeaderWords.contains(first),
            words.count == 1 || Rates.filler.contains(words[1])
          {
            continue
          }
        }
        // The line.
        let total = Wording.totalKind(words)
        // A result comes after the totals: of produits too, when the blocks follow one another.
        let isResult =
          !total.isTotal && Wording.isResult(words)
          && lines.contains { $0.kind == .total && (blocks.count > 1 || $0.section == .produits) }
        var lineSection = section
        var code = Wording.accountCode(folded)
        if code == nil, block.labelColumn > 0, !amountColumns.contains(block.labelColumn - 1),
          let codeCell = rowCells.first(where: { $0.reference.column == block.labelColumn - 1 })
        {
          // An account-code column left of the labels.
          code = Wording.accountCode(inCell: codeCell.value)
        }
        if let code, let first = code.first {
          if code.hasPrefix("86") || (first == "6") { lineSection = .charges }
          if code.hasPrefix("87") || (first == "7") { lineSection = .produits }
          // An account after a charges total keeps the charges open (86, in-kind, under it).
          if sectionGuessed, !total.isTotal { section = lineSection }
        }
        if total.isTotal, let mentioned = Wording.sectionMentioned(words) { lineSection = mentioned }
        if isResult { lineSection = .result }
        if sawResult && !isResult && !total.isTotal { continue }
        var amounts: [Money?] = []
        var cells: [CellReference] = []
        for (i, column) in block.periodColumns.enumerated() {
          let ref = CellReference(row: r, column: column)
          cells.append(ref)
          let periodLabel = i < periodLabels.count ? periodLabels[i] : nil
          switch amount(at: ref, label: label, period: periodLabel, record: true) {
          case .money(let m): amounts.append(m)
          case .dash: amounts.append(.zero)
          case .none, .text:
            amounts.append(nil)
            if let named = namedColumns, !named.contains(column) { unheaded.insert(ref) }
          }
        }
        var totalMoney: Money? = nil
        var totalCell: CellReference? = nil
        if let tc = block.totalColumn {
          let ref = CellReference(row: r, column: tc)
          totalCell = ref
          switch amount(at: ref, label: label, period: nil, record: true) {
          case .money(let m): totalMoney = m
          case .dash: totalMoney = .zero
          default: break
          }
        }
        // The remark: text right of the amounts, or under a remarks header ("Justification") left of them.
        var remark: String? = nil
        let lastAmountColumn = max(block.periodColumns.max() ?? 0, block.totalColumn ?? 0)
        let nextBlockLabel = blocks.map(\.labelColumn).filter { $0 > block.labelColumn }.min() ?? Int32.max
        for c in rowCells
        where (c.reference.column > lastAmountColumn && c.reference.column < nextBlockLabel)
          || (block.remarkColumns.contains(c.reference.column) && c.reference != labelCell.reference)
        {
          if let t = layout.text(c)?.trimmingSpaces(), !t.isEmpty {
            remark = remark.map { $0 + " " + t } ?? t
          }
        }
        // A category beside the detail opens a group, as a heading row would.
        if let words = categoryBeside(rowCells, label: labelCell, block) {
          headings.append(Heading(row: r, block: b, section: lineSection, words: words))
        }
        let line = Line(
          section: lineSection, label: label, level: 0, kind: total.isTotal ? .total : (isResult ? .result : .item),
          row: r, labelColumn: block.labelColumn, amounts: amounts, cells: cells, remark: remark, accountCode: code,
          components: [], total: totalMoney, totalCell: totalCell)
        lines.append(line)
        blockOfLine.append(b)
        styles.append(labelStyle)
        grand.append(total.isGrand)
        labelWords.append(words)
        foldedLabels.append(outlined(folded, row: r, block: block))
        if isResult { sawResult = true }
        if total.isTotal && total.isGrand && lineSection == .produits { produitsClosedAt = r }
        sectionGuessed = false
        // After a grand charges total, what follows is produits unless a heading or an account says otherwise.
        // A before-tax total ("Total HT") is followed by its tax and after-tax total, not by produits.
        if total.isTotal && total.isGrand && lineSection == .charges && blocks.count == 1
          && !chargesTotalFollows(row: r, block: block) && TaxConversions.side(label) != .beforeTax
          && !produitsHeadingFollows(row: r, block: block)
        {
          section = .produits
          sectionGuessed = true
        }
      }
    }
    // Side by side: interleave the blocks' lines by row (charges first on a row).
    if blocks.count > 1 {
      let order = lines.indices.sorted { a, b in
        lines[a].row != lines[b].row ? lines[a].row < lines[b].row : blockOfLine[a] < blockOfLine[b]
      }
      lines = order.map { lines[$0] }
      blockOfLine = order.map { blockOfLine[$0] }
      styles = order.map { styles[$0] }
      labelWords = order.map { labelWords[$0] }
      foldedLabels = order.map { foldedLabels[$0] }
      grand = order.map { grand[$0] }
    }
  }

  /// Words that open the header of a label column: "Libellé", "Intitulé", "Poste", "Line item".
  static let labelHeaderWords: Set<Word> = [
    "libelle", "libelles", "intitule", "intitules", "designation", "postes", "rubrique", "rubriques", "nature",
    "item", "items", "line", "lines", "heading", "category", "categories",
  ]

  /// Words that open the label of a row of rates: "Taux d'intervention", "Rate", "Ratio".
  static let rateWords: Set<Word> = ["taux", "rate", "rates", "ratio", "pourcentage", "percentage", "share"]

  /// Whether a label says its row holds rates: a rate word first, or a percent sign in it.
  func isRateLabel(_ words: [Word], _ folded: String) -> Bool {
    if let first = words.first, Self.rateWords.contains(first) { return true }
    let percent = UInt8(ascii: "%")
    let hasPercent = folded.utf8.withContiguousStorageIfAvailable { $0.contains(percent) } ?? folded.utf8.contains(percent)
    return hasPercent && Rates.rate(in: folded, fromRemark: false) == nil
  }

  /// Whether row `r`'s label is a total that names a side ("TOTAL EXPENDITURE", "Total des
  /// recettes").
  func namesSideTotal(_ r: Int32, _ block: SheetLayout.Block) -> Bool {
    guard let cells = layout.rows[r], let (_, label, _) = labelOf(cells, block) else { return false }
    let words = TextFolding.words(TextFolding.fold(label))
    return Wording.totalKind(words).isTotal && Wording.sectionMentioned(words) != nil
  }

  /// Whether row `r` repeats the period headers of row `header` over every period column.
  func repeatsHeader(_ r: Int32, of header: Int32, _ block: SheetLayout.Block) -> Bool {
    guard let cells = layout.rows[r], let heads = layout.rows[header], !block.periodColumns.isEmpty else { return false }
    func value(_ row: [Cell], _ column: Int32) -> CellValue? {
      row.first(where: { $0.reference.column == column })?.value
    }
    return block.periodColumns.allSatisfy { column in
      guard let a = value(cells, column) else { return false }
      if case .text(let t) = a, t.allSatisfy(\.isWhitespace) { return false }
      return a == value(heads, column)
    }
  }

  /// Whether every number in the row's period columns lies between -100 and 100.
  func holdsOnlyPercentages(_ rowCells: [Cell], _ block: SheetLayout.Block) -> Bool {
    rowCells.allSatisfy { c in
      guard block.periodColumns.contains(c.reference.column), case .number(let v, _)? = c.value else { return true }
      return v.magnitude <= 100
    }
  }

  /// How many rows down a heading or a total looks for the total that closes its group.
  static let groupReach: Int32 = 200

  /// Whether the next total under `row` that names a side, before any section heading, names the
  /// charges: then a charges total above it ("Total dépenses directes", "Total action 1") closes
  /// only part of them.
  func chargesTotalFollows(row: Int32, block: SheetLayout.Block) -> Bool {
    for r in layout.rowOrder where r > row {
      if r > row + Self.groupReach { break }
      guard let cells = layout.rows[r], let (_, label, _) = labelOf(cells, block) else { continue }
      let folded = TextFolding.fold(label)
      let words = TextFolding.words(folded)
      if Wording.totalKind(words).isTotal {
        // A total that names no side ("Total action 2") may be another block of costs: look on.
        if let side = Wording.sectionMentioned(words) { return side == .charges }
        continue
      }
      if Wording.sectionHeading(folded) != nil { return false }
    }
    return false
  }

  /// Whether a produits heading comes further down ("PRODUITS", "RESSOURCES") before any other
  /// total than a general one: the lines between the charges total and it (contributions in
  /// kind, "TOTAL GÉNÉRAL") are still charges.
  func produitsHeadingFollows(row: Int32, block: SheetLayout.Block) -> Bool {
    for r in layout.rowOrder where r > row {
      if r > row + Self.groupReach { break }
      guard let cells = layout.rows[r], let (_, label, _) = labelOf(cells, block) else { continue }
      let folded = TextFolding.fold(label)
      let words = TextFolding.words(folded)
      let kind = Wording.totalKind(words)
      if kind.isTotal {
        // "TOTAL GÉNÉRAL", naming no side, may close the charges with their contributions in kind.
        if kind.isGrand && Wording.sectionMentioned(words) == nil { continue }
        return false
      }
      if let heading = Wording.sectionHeading(folded) { return heading == .produits }
    }
    return false
  }

  /// The section a title right above the header names over a block's labels ("Coût matériel"
  /// over a second block of costs beside the first), or nil.
  func headingAbove(_ block: SheetLayout.Block) -> Section? {
    for r in [headerRow - 1, headerRow - 2] where r >= 0 {
      guard let cell = layout.rows[r]?.first(where: { $0.reference.column == block.labelColumn }),
        let text = layout.text(cell)
      else { continue }
      return Wording.sectionMentioned(TextFolding.words(TextFolding.fold(text)))
    }
    return nil
  }

  /// Whether a row without amounts opens a run of lines: nothing above it in the block is a line
  /// with an amount (the header, a blank row, a heading or a total comes right before it) and
  /// the two rows right under it are lines with an amount. It names the lines under it ("Personnel"
  /// over the salaries); a line left empty among filled ones ("Département") is `missing`
  /// (`domain.md` §4.9: a line with no amount in any period is a heading or a line left at zero).
  /// The folded label with the outline number of a code column left of it ("1.1" beside "Option
  /// and rights" reads as "1.1 option and rights"), for the hierarchy; the label itself is kept.
  func outlined(_ folded: String, row: Int32, block: SheetLayout.Block) -> String {
    guard block.labelColumn > 0, Wording.outline(folded) == nil,
      case .text(let t)? = layout.rows[row]?.first(where: { $0.reference.column == block.labelColumn - 1 })?.value
    else { return folded }
    guard let code = Wording.lineNumber(t) else { return folded }
    return code + (code.contains(".") ? " " : ". ") + folded
  }

  func opensRun(_ row: Int32, _ block: SheetLayout.Block) -> Bool {
    let order = layout.rowOrder
    var low = 0
    var high = order.count
    while low < high {
      let mid = (low + high) / 2
      if order[mid] < row { low = mid + 1 } else { high = mid }
    }
    guard low < order.count, order[low] == row, low + 2 < order.count, order[low + 2] == row + 2,
      let own = layout.rows[row], !hasAmount(own, block)
    else { return false }
    func amountLine(_ r: Int32) -> (hasAmount: Bool, isTotal: Bool) {
      guard let cells = layout.rows[r], hasAmount(cells, block) else { return (false, false) }
      guard let (_, label, _) = labelOf(cells, block) else { return (true, false) }
      return (true, Wording.totalKind(TextFolding.words(TextFolding.fold(label))).isTotal)
    }
    // Two lines at least: a heading names a group, not the one line after it ("Département"
    // over "Fonds propres" is a funder left empty).
    for next in [amountLine(row + 1), amountLine(row + 2)] where !next.hasAmount || next.isTotal { return false }
    guard low > 0, order[low - 1] == row - 1, row - 1 != headerRow else { return true }
    let previous = amountLine(row - 1)
    return !previous.hasAmount || previous.isTotal
  }

  /// Whether a row without amounts heads the group that the next total closes, because that
  /// total names it: "Frais de personnel" … "Total frais de personnel", "Sous-total subventions
  /// publiques". A line left empty ("Département") is named by no total: it is `missing`.
  /// An account heading is named by its code ("86 – Emplois des contributions…" … "Total 86").
  func isNamedByItsSubtotal(_ words: [Word], row: Int32, block: SheetLayout.Block) -> Bool {
    let named = words.filter { $0.count > 2 && !Wording.headingQualifiers.contains($0) }
    let code = Wording.accountCode(words.joined(separator: " "))
    guard !named.isEmpty || code != nil else { return false }
    for r in layout.rowOrder where r > row {
      if r > row + Self.groupReach { break }
      guard let cells = layout.rows[r], let (_, label, _) = labelOf(cells, block) else { continue }
      let totalWords = TextFolding.words(TextFolding.fold(label))
      guard Wording.totalKind(totalWords).isTotal else { continue }
      if let code, totalWords.contains(code) { return true }
      return !named.isEmpty && named.allSatisfy { totalWords.contains($0) }
    }
    return false
  }

  /// The label of a row in a block, its text trimmed and its style: the text in the block's label
  /// column, or else the first text between it and the amounts (a sub-line written one column to
  /// the right), nil when there is none.
  func labelOf(_ rowCells: [Cell], _ block: SheetLayout.Block) -> (cell: Cell, text: String, style: LabelStyle)? {
    let firstAmount = block.periodColumns.min() ?? Int32.max
    for cell in rowCells where cell.reference.column >= block.labelColumn && cell.reference.column < firstAmount {
      guard let raw = layout.text(cell) else { continue }
      let label = raw.trimmingSpaces()
      guard !label.isEmpty else { continue }
      let offset = cell.reference.column - block.labelColumn
      // Right of the label column, only a line with amounts: not a remark's second row.
      if offset > 0, block.remarkColumns.contains(cell.reference.column) || !hasAmount(rowCells, block) { return nil }
      return (cell, label, labelStyle(cell, raw: raw, offset: Int(offset)))
    }
    // A line with no detail is named by its category ("Coordinatrice (0,3 ETP)").
    if let category = block.categoryColumn, let cell = rowCells.first(where: { $0.reference.column == category }),
      let raw = layout.text(cell), !raw.trimmingSpaces().isEmpty
    {
      return (cell, raw.trimmingSpaces(), labelStyle(cell, raw: raw, offset: 0))
    }
    return overflowingLabel(rowCells, block)
  }

  /// The category beside a line's detail ("Achats" left of "Outillage et consommables"), which
  /// opens a group: its words, or nil.
  func categoryBeside(_ rowCells: [Cell], label: Cell, _ block: SheetLayout.Block) -> [Word]? {
    guard let category = block.categoryColumn, label.reference.column != category,
      let cell = rowCells.first(where: { $0.reference.column == category }), let raw = layout.text(cell)
    else { return nil }
    let words = TextFolding.words(TextFolding.fold(raw))
    return words.isEmpty ? nil : words
  }

  /// Whether a row holds a number or a text in one of the block's period columns.
  func hasAmount(_ rowCells: [Cell], _ block: SheetLayout.Block) -> Bool {
    rowCells.contains { c in
      guard block.periodColumns.contains(c.reference.column) else { return false }
      if case .number? = c.value { return true }
      if case .text? = c.value { return true }
      return false
    }
  }

  /// A label written left of the label column, over a code column: the text of a merged range
  /// that covers the label column, or a total or result ("TOTAL DES CHARGES") in the column just
  /// left of it when that column holds no amounts.
  func overflowingLabel(_ rowCells: [Cell], _ block: SheetLayout.Block) -> (cell: Cell, text: String, style: LabelStyle)? {
    guard block.labelColumn > 0, let row = rowCells.first?.reference.row else { return nil }
    let at = CellReference(row: row, column: block.labelColumn)
    let left = layout.sheet.merged.first { $0.contains(at) && $0.start.column < block.labelColumn }?.start.column
    let column = left ?? block.labelColumn - 1
    guard !blocks.contains(where: { $0.periodColumns.contains(column) || $0.totalColumn == column }),
      let cell = rowCells.first(where: { $0.reference.column == column }), let raw = layout.text(cell)
    else { return nil }
    let label = raw.trimmingSpaces()
    let words = TextFolding.words(TextFolding.fold(label))
    guard left != nil || Wording.totalKind(words).isTotal || Wording.isResult(words) else { return nil }
    return (cell, label, labelStyle(cell, raw: raw, offset: 0))
  }

  /// The style clues of a label: its bold, and its indentation from, strongest first, the column
  /// it is written in, the cell's indent, and leading spaces (two or more: one is a slip).
  func labelStyle(_ cell: Cell, raw: String, offset: Int) -> LabelStyle {
    let s = layout.workbook.style(of: cell)
    var spaces = 0
    for b in raw.utf8 {
      guard b == 0x20 else { break }
      spaces += 1
    }
    return LabelStyle(indent: offset * 1000 + s.indent * 10 + (spaces >= 2 ? min(spaces, 9) : 0), bold: s.bold)
  }
}

extension String {
  /// The text without leading and trailing spaces of any kind (ASCII, U+00A0, U+202F, U+2009).
  func trimmingSpaces() -> String {
    let u = utf8
    guard let first = u.first, let last = u.last else { return self }
    if first > 0x20, first < 0x80, last > 0x20, last < 0x80 { return self }
    let bytes = Array(u)
    func spaceLength(at i: Int) -> Int {
      let b = bytes[i]
      if b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D { return 1 }
      if b == 0xC2, i + 1 < bytes.count, bytes[i + 1] == 0xA0 { return 2 }
      if b == 0xE2, i + 2 < bytes.count, bytes[i + 1] == 0x80, bytes[i + 2] == 0xAF || bytes[i + 2] == 0x89 {
        return 3
      }
      return 0
    }
    var start = 0
    while start < bytes.count {
      let n = spaceLength(at: start)
      if n == 0 { break }
      start += n
    }
    var end = bytes.count
    while end > start {
      if bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 || bytes[end - 1] == 0x0A || bytes[end - 1] == 0x0D {
        end -= 1
      } else if end - 2 >= start, bytes[end - 2] == 0xC2, bytes[end - 1] == 0xA0 {
        end -= 2
      } else if end - 3 >= start, bytes[end - 3] == 0xE2, bytes[end - 2] == 0x80,
        bytes[end - 1] == 0xAF || bytes[end - 1] == 0x89
      {
        end -= 3
      } else {
        break
      }
    }
    return String(decoding: bytes[start..<end], as: UTF8.self)
  }
}
