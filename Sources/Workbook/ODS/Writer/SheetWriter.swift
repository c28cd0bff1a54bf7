import Archive
import XMLStream

/// What the ODS writers need of the workbook besides a sheet's own cells.
struct ODSWriteContext: Sendable {
  var styles: [CellStyle]
  var dateSystem: DateSystem
  var sheetNames: [String]
  /// The names, already in ODF's dialect.
  var definedNames: [DefinedName]

  init(_ workbook: Workbook) {
    styles = workbook.styles
    dateSystem = workbook.dateSystem
    sheetNames = workbook.sheets.map(\.name)
    definedNames = workbook.definedNames
  }

  init(styles: [CellStyle], dateSystem: DateSystem, sheetNames: [String], definedNames: [DefinedName]) {
    self.styles = styles
    self.dateSystem = dateSystem
    self.sheetNames = sheetNames
    self.definedNames = definedNames
  }

  func style(of cell: Cell) -> CellStyle {
    let i = Int(cell.style)
    return i >= 0 && i < styles.count ? styles[i] : .plain
  }
}

/// Writes one sheet as a `table:table`: its columns, then its rows swept top to bottom.
///
/// The sweep writes each row that holds a cell or starts a merged range on its own, and every
/// run of rows between such rows that share a format and the same covering merged ranges as one
/// repeated row, so a sheet with a merge over a million rows or a million hidden rows stays
/// small and fast.
///
/// The rows may come in batches while the sheet is still being read (``feed(_:completeBelow:into:styles:rowStyles:report:part:)``
/// with the row below which every cell, row format and merged range is known): the sweep writes
/// what those rows decide and waits for the next batch where a run of empty rows might go on.
/// Fed its whole sheet at once or in batches, it writes the same bytes.
struct SheetWriter {
  let sheet: Sheet
  let context: ODSWriteContext

  // The batch being written: its cells and styled empty cells, sorted; the formulas in cell
  // order, and for each cell the index of its formula there or -1 (walked once, not hashed per
  // cell; four bytes a cell, not a formula's size).
  private var cells: [Cell] = []
  private var sortedFormulas: [(reference: CellReference, formula: CellFormula)] = []
  private var formulaOfCell: [Int32] = []

  // The sweep, kept from batch to batch.
  private let merges: [CellRange]
  private var spanAt: [CellReference: CellRange] = [:]
  private var rows: [RowFormat] = []
  private var lastCellRow: Int32 = -1
  private var mergeIndex = 0
  private var active: [CellRange] = []
  private var runIndex = 0
  private var r: Int32 = 0
  private var wroteRow = false
  private var items: [(column: Int32, cell: Int?)] = []
  private var covered: [(first: Int32, last: Int32)] = []

  /// A writer for `sheet`, whose merged ranges must be known now (its cells and row formats may
  /// come later, through ``feed``).
  init(sheet: Sheet, context: ODSWriteContext) {
    self.sheet = sheet
    self.context = context
    merges = sheet.merged.filter { $0.start.row <= $0.end.row && $0.start.column <= $0.end.column }
      .sorted { $0.start < $1.start }
    for m in merges where spanAt[m.start] == nil { spanAt[m.start] = m }
  }

  /// `'Plan 2023'` when the name needs quotes in a cell address, else the name.
  static func quotedSheet(_ name: String) -> String {
    let plain = !name.isEmpty && name.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" }
    return plain ? name : "'" + name.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "''") + "'"
  }

  /// Writes the whole sheet.
  mutating func write(
    into w: inout XMLWriter, styles: inout ODSCellStyles, columnStyles: inout [Double: Int],
    rowStyles: inout [Double: Int], report: inout WorkbookWriter.Report, part: StreamedPart? = nil
  ) {
    begin(into: &w, columnStyles: &columnStyles)
    var batch = RowBatch(cells: sheet.cellsAndBlanks, formulas: sheet.formulas.isEmpty ? [] : sheet.sortedFormulas)
    batch.rowFormats = sheet.rows.sorted { $0.first < $1.first }
    feed(batch, completeBelow: nil, into: &w, styles: &styles, rowStyles: &rowStyles, report: &report, part: part)
    end(into: &w)
  }

  /// The table's start and its columns.
  func begin(into w: inout XMLWriter, columnStyles: inout [Double: Int]) {
    w.raw("<table:table")
    w.attribute("table:name", sheet.name)
    w.raw(sheet.visibility == .visible ? " table:style-name=\"ta1\">" : " table:style-name=\"ta2\">")
    writeColumns(&w, columnStyles: &columnStyles)
  }

  /// Writes the rows `batch` decides. `completeBelow` is the row below which the sheet's cells
  /// and row formats are all known (those of `batch` and of the batches before it); nil when
  /// `batch` is the last.
  mutating func feed(
    _ batch: RowBatch, completeBelow: Int32?, into w: inout XMLWriter, styles: inout ODSCellStyles,
    rowStyles: inout [Double: Int], report: inout WorkbookWriter.Report, part: StreamedPart?
  ) {
    cells = batch.cells
    sortedFormulas = batch.formulas
    formulaOfCell = []
    if !sortedFormulas.isEmpty {
      formulaOfCell = Array(repeating: -1, count: cells.count)
      var k = 0
      for (i, c) in cells.enumerated() {
        while k < sortedFormulas.count, sortedFormulas[k].reference < c.reference { k += 1 }
        if k < sortedFormulas.count, sortedFormulas[k].reference == c.reference { formulaOfCell[i] = Int32(k) }
      }
    }
    rows += batch.rowFormats
    if let last = cells.last { lastCellRow = max(lastCellRow, last.reference.row) }

    // Past `limit`, nothing is written; below `complete`, everything is known.
    let complete = completeBelow ?? Int32.max
    var limit = complete
    if completeBelow == nil {
      var lastRow = lastCellRow
      for m in merges { lastRow = max(lastRow, m.end.row) }
      if let f = rows.last { lastRow = max(lastRow, f.last) }
      limit = min(lastRow, CellReference.maxRows - 1) + 1
    }
    var cellIndex = 0
    while r < limit {
      active.removeAll { $0.end.row < r }
      while runIndex < rows.count, rows[runIndex].last < r { runIndex += 1 }
      let format = runIndex < rows.count && rows[runIndex].first <= r ? rows[runIndex] : nil
      let cellRow = cellIndex < cells.count ? cells[cellIndex].reference.row : Int32.max
      let mergeRow = mergeIndex < merges.count ? merges[mergeIndex].start.row : Int32.max
      // Covered runs from merges started above.
      covered.removeAll(keepingCapacity: true)
      for m in active { covered.append((m.start.column, m.end.column)) }
      var repeats: Int32 = 1
      items.removeAll(keepingCapacity: true)
      if cellRow == r || mergeRow == r {
        while cellIndex < cells.count, cells[cellIndex].reference.row == r {
          items.append((cells[cellIndex].reference.column, cellIndex))
          cellIndex += 1
        }
        while mergeIndex < merges.count, merges[mergeIndex].start.row == r {
          let m = merges[mergeIndex]
          if spanAt[m.start] == m {
            if !items.contains(where: { $0.column == m.start.column }) { items.append((m.start.column, nil)) }
            if m.end.column > m.start.column { covered.append((m.start.column + 1, m.end.column)) }
            if m.end.row > r { active.append(m) }
          }
          mergeIndex += 1
        }
        items.sort { $0.column < $1.column }
      } else {
        var next = min(cellRow, mergeRow, limit)
        for m in active { next = min(next, m.end.row + 1) }
        if let f = format {
          next = min(next, f.last + 1)
        } else if runIndex < rows.count {
          next = min(next, rows[runIndex].first)
        }
        // A run of empty rows that may go on into rows not read yet waits for them.
        if next >= complete { break }
        repeats = max(1, next - r)
      }
      covered.sort { $0.first < $1.first }
      writeRow(r, repeats: repeats, format: format, &w, &styles, &rowStyles, &report)
      wroteRow = true
      r += repeats
      w.spill(to: part)
    }
    cells = []
    sortedFormulas = []
    formulaOfCell = []
  }

  /// The table's end, with the names local to the sheet.
  func end(into w: inout XMLWriter) {
    if !wroteRow { w.raw("<table:table-row><table:table-cell/></table:table-row>") }
    if let index = context.sheetNames.firstIndex(of: sheet.name) {
      ODSWriter.writeNamedExpressions(context, sheet: index, into: &w)
    }
    w.raw("</table:table>")
  }

  private func writeColumns(_ w: inout XMLWriter, columnStyles: inout [Double: Int]) {
    var columns = sheet.columns.sorted { $0.first < $1.first }
    if let width = sheet.defaultColumnWidth {
      // ODF has no default width: the columns between and after those listed get it, up to the
      // last used column.
      var filled: [ColumnFormat] = []
      var next: Int32 = 0
      let last = max(sheet.usedRange?.end.column ?? 0, sheet.merged.map(\.end.column).max() ?? 0, columns.last?.last ?? 0)
      for c in columns where c.last >= next {
        if c.first > next { filled.append(ColumnFormat(first: next, last: c.first - 1, width: width)) }
        var copy = c
        copy.first = max(c.first, next)
        if copy.width == nil { copy.width = width }
        filled.append(copy)
        next = c.last + 1
      }
      if next <= last { filled.append(ColumnFormat(first: next, last: last, width: width)) }
      columns = filled
    }
    var next: Int32 = 0
    var wrote = false
    for c in columns where c.last >= next {
      let first = max(c.first, next)
      if first > next {
        w.raw("<table:table-column")
        if first - next > 1 { w.attribute("table:number-columns-repeated", Int(first - next)) }
        w.raw("/>")
      }
      w.raw("<table:table-column")
      if let width = c.width {
        let i: Int
        if let known = columnStyles[width] {
          i = known
        } else {
          i = columnStyles.count + 1
          columnStyles[width] = i
        }
        w.raw(" table:style-name=\"co")
        w.integer(i)
        w.raw("\"")
      }
      if c.last > first { w.attribute("table:number-columns-repeated", Int(c.last - first) + 1) }
      if c.hidden { w.raw(" table:visibility=\"collapse\"") }
      w.raw("/>")
      next = c.last + 1
      wrote = true
    }
    if !wrote { w.raw("<table:table-column/>") }
  }

  private func writeRow(
    _ r: Int32, repeats: Int32, format: RowFormat?, _ w: inout XMLWriter,
    _ styles: inout ODSCellStyles, _ rowStyles: inout [Double: Int], _ report: inout WorkbookWriter.Report
  ) {
    w.raw("<table:table-row")
    if let height = format?.height ?? sheet.defaultRowHeight {
      let i: Int
      if let known = rowStyles[height] {
        i = known
      } else {
        i = rowStyles.count + 1
        rowStyles[height] = i
      }
      w.raw(" table:style-name=\"ro")
      w.integer(i)
      w.raw("\"")
    }
    if repeats > 1 { w.attribute("table:number-rows-repeated", Int(repeats)) }
    if format?.hidden == true { w.raw(" table:visibility=\"collapse\"") }
    w.raw(">")
    var column: Int32 = 0
    var i = 0
    var k = 0
    func empty(_ count: Int32, covered: Bool, _ w: inout XMLWriter) {
      guard count > 0 else { return }
      w.raw(covered ? "<table:covered-table-cell" : "<table:table-cell")
      if count > 1 { w.attribute("table:number-columns-repeated", Int(count)) }
      w.raw("/>")
    }
    var wrote = false
    while i < items.count || k < covered.count {
      let itemColumn = i < items.count ? items[i].column : Int32.max
      let run = k < covered.count ? covered[k] : (first: Int32.max, last: Int32.max)
      if run.last < column {
        k += 1
        continue
      }
      if itemColumn < run.first {
        if itemColumn < column {
          i += 1
          continue
        }
        empty(itemColumn - column, covered: false, &w)
        writeCell(items[i], row: r, covered: false, &w, &styles, &report)
        column = itemColumn + 1
        i += 1
      } else {
        let start = max(run.first, column)
        empty(start - column, covered: false, &w)
        column = start
        while i < items.count, items[i].column <= run.last {
          let c = items[i].column
          if c >= column {
            empty(c - column, covered: true, &w)
            writeCell(items[i], row: r, covered: true, &w, &styles, &report)
            column = c + 1
          }
          i += 1
        }
        if column <= run.last {
          empty(run.last - column + 1, covered: true, &w)
          column = run.last + 1
        }
        k += 1
      }
      wrote = true
    }
    if !wrote { w.raw("<table:table-cell/>") }
    w.raw("</table:table-row>")
  }

  private func writeCell(
    _ item: (column: Int32, cell: Int?), row: Int32, covered: Bool, _ w: inout XMLWriter, _ styles: inout ODSCellStyles, _ report: inout WorkbookWriter.Report
  ) {
    let reference = CellReference(row: row, column: item.column)
    w.raw(covered ? "<table:covered-table-cell" : "<table:table-cell")
    if !covered, !spanAt.isEmpty, let m = spanAt[reference] {
      w.attribute("table:number-columns-spanned", Int(m.end.column - m.start.column) + 1)
      w.attribute("table:number-rows-spanned", Int(m.end.row - m.start.row) + 1)
    }
    guard let index = item.cell else {
      w.raw("/>")
      return
    }
    let cell = cells[index]
    var formula = formulaOfCell.isEmpty || formulaOfCell[index] < 0 ? nil : sortedFormulas[Int(formulaOfCell[index])].formula
    if let f = formula, f.dialect != .odf {
      report.formulasAsValues.append((sheet.name, reference))
      formula = nil
    }
    var kind = NumberKind.plain
    if case .number(_, let k)? = cell.value { kind = k }
    let s = styles.index(cell.style, kind: kind)
    if s != 0 {
      w.raw(" table:style-name=\"ce")
      w.integer(s)
      w.raw("\"")
    }
    if let formula {
      w.attribute("table:formula", formula.text)
      if let range = formula.arrayRange {
        w.attribute("table:number-matrix-columns-spanned", Int(range.end.column - range.start.column) + 1)
        w.attribute("table:number-matrix-rows-spanned", Int(range.end.row - range.start.row) + 1)
      }
    }
    switch cell.value {
    case .number(let d, let k)?:
      switch k {
      case .date where DateSerial.isDateSerial(d), .dateTime where DateSerial.isDateSerial(d),
        .time where d >= 1 && DateSerial.isDateSerial(d):
        // A time of day past one day (a date and time shown as a time) is a date-time in ODS: a
        // time value would show its hours past 24.
        let iso = d == d.rounded(.down) && k == .date
          ? DateSerial.isoDate(d, system: context.dateSystem) : DateSerial.isoDateTime(d, system: context.dateSystem)
        w.raw(" office:value-type=\"date\"")
        w.attribute("office:date-value", iso)
        w.raw("/>")
        return
      case .time where DateSerial.isDuration(d), .duration where DateSerial.isDuration(d):
        w.raw(" office:value-type=\"time\"")
        w.attribute("office:time-value", DateSerial.isoDuration(d))
        w.raw("/>")
        return
      case .percentage:
        w.raw(" office:value-type=\"percentage\" office:value=\"")
      case .currency:
        w.raw(" office:value-type=\"currency\"")
        let code = context.style(of: cell).numberFormat
        if code == "General" || code.unicodeScalars.contains("€") {
          w.raw(" office:currency=\"EUR\"")
        }
        w.raw(" office:value=\"")
      default:
        w.raw(" office:value-type=\"float\" office:value=\"")
      }
      w.number(d)
      w.raw("\"/>")
    case .text(let t)?:
      w.raw(" office:value-type=\"string\">")
      Self.paragraphs(t, &w)
      w.raw(covered ? "</table:covered-table-cell>" : "</table:table-cell>")
    case .bool(let b)?:
      w.raw(b ? " office:value-type=\"boolean\" office:boolean-value=\"true\"/>"
        : " office:value-type=\"boolean\" office:boolean-value=\"false\"/>")
    case .error(let e)?:
      w.raw(" office:value-type=\"float\" office:value=\"0\" calcext:value-type=\"error\"><text:p>")
      w.text(e)
      w.raw(covered ? "</text:p></table:covered-table-cell>" : "</text:p></table:table-cell>")
    case nil:
      w.raw("/>")
    }
  }

  /// A text as `text:p` paragraphs (one per line), runs of spaces as `text:s`, tabs as `text:tab`.
  static func paragraphs(_ t: String, _ w: inout XMLWriter) {
    // One pass over the bytes: no line break, tab or carriage return, no two spaces in a row,
    // no space at an edge (String.contains is a substring search, a tenth of a conversion).
    var simple = t.utf8.first != 0x20 && t.utf8.last != 0x20
    if simple {
      var previous: UInt8 = 0
      for c in t.utf8 {
        if c == 0x0A || c == 0x09 || c == 0x0D || (c == 0x20 && previous == 0x20) {
          simple = false
          break
        }
        previous = c
      }
    }
    if simple {
      w.raw("<text:p>")
      w.text(t)
      w.raw("</text:p>")
      return
    }
    for line in t.split(separator: "\n", omittingEmptySubsequences: false) {
      w.raw("<text:p>")
      var spaces = 0
      var pending = ""
      var atStart = true
      func flushSpaces(_ w: inout XMLWriter, end: Bool) {
        guard spaces > 0 else { return }
        // One plain space between words; the others (and any at an edge) as text:s.
        if atStart || end {
          w.raw("<text:s")
          if spaces > 1 { w.attribute("text:c", spaces) }
          w.raw("/>")
        } else {
          w.raw(" ")
          if spaces > 1 {
            w.raw("<text:s")
            if spaces > 2 { w.attribute("text:c", spaces - 1) }
            w.raw("/>")
          }
        }
        spaces = 0
      }
      for ch in line.unicodeScalars {
        if ch == " " {
          w.text(pending)
          pending = ""
          spaces += 1
        } else if ch == "\t" {
          w.text(pending)
          pending = ""
          flushSpaces(&w, end: true)
          w.raw("<text:tab/>")
          atStart = false
        } else {
          if spaces > 0 {
            w.text(pending)
            pending = ""
            flushSpaces(&w, end: false)
          }
          pending.unicodeScalars.append(ch)
          atStart = false
        }
      }
      w.text(pending)
      flushSpaces(&w, end: true)
      w.raw("</text:p>")
    }
  }
}
