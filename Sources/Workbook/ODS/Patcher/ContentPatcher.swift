import Diagnostics
import XMLStream

/// Rewrites an ODS `content.xml` so that the given cells change and every other byte stays as
/// it was (ODF 1.3 Part 3 §9.1).
///
/// The bytes are walked with ``MarkupScanner`` and the walk follows ``ContentReader`` step for
/// step, so that it finds exactly the cells the reader found: tables of `office:spreadsheet` in
/// document order, `table:table-row` at any depth under them (`table:table-header-rows`,
/// `table:table-row-group`, `table:table-rows`), `table:table-cell` and
/// `table:covered-table-cell` with their `number-rows-repeated` and `number-columns-repeated`,
/// drawings and tables inside cells skipped. Elements and attributes are matched by namespace
/// URI, whatever their prefix.
///
/// Only a row that holds a patched cell is rewritten. A repeated row is split into the rows
/// before, one row with its cells patched and the rows after; a repeated cell likewise. A cell
/// past the end of its row, or in a row past the end of its table, is created, with empty cells
/// or rows before it. The rewritten parts are spliced into a copy of the original bytes.
final class ContentPatcher {
  /// The namespaces the patcher tells apart.
  enum Namespace: UInt8 {
    case none, other, office, table, text, drawing, calcExtension, dublinCore, openFormula, style
  }

  /// The cells to patch in one sheet, by row, columns in order.
  struct SheetPatches {
    var name: String
    var rows: [Int: [(column: Int, patch: CellPatch)]]
    var sortedRows: [Int]
    /// The first entry of `sortedRows` not yet reached.
    var next = 0

    init(name: String, cells: [CellReference: CellPatch]) {
      self.name = name
      var rows: [Int: [(column: Int, patch: CellPatch)]] = [:]
      for (reference, patch) in cells {
        rows[Int(reference.row), default: []].append((Int(reference.column), patch))
      }
      for key in rows.keys { rows[key]?.sort { $0.column < $1.column } }
      self.rows = rows
      sortedRows = rows.keys.sorted()
    }

    /// The patched rows in `range`, taken: later calls no longer see them.
    mutating func take(_ range: Range<Int>) -> [Int] {
      var out: [Int] = []
      while next < sortedRows.count, sortedRows[next] < range.upperBound {
        out.append(sortedRows[next])
        next += 1
      }
      return out
    }

    /// Whether a patched row lies in `range` (rows before it have been taken).
    func hasRows(in range: Range<Int>) -> Bool {
      next < sortedRows.count && sortedRows[next] < range.upperBound
    }
  }

  /// A row being rewritten: its start tag and cells, kept until its end tag.
  struct RowRecord {
    var tag: MarkupScanner.Tag
    var firstRow: Int
    var repeatCount: Int
    var cells: [CellRecord] = []
    /// The column after the last cell.
    var endColumn = 0
    /// The end tag, or nil for a self-closing row.
    var endTag: Range<Int>? = nil
    /// Prefixes for new cells in this row.
    var prefixes: Prefixes
    /// The prefix of the row element's name (`table:`), empty for none; new cells use it.
    var elementPrefix: [UInt8]
  }

  /// A cell of a row being rewritten.
  struct CellRecord {
    var tag: MarkupScanner.Tag
    var isCovered: Bool
    var column: Int
    var repeatCount: Int
    /// Where the cell ends, past its end tag.
    var end = 0
    var children: [Child] = []
    /// Prefixes in scope inside the cell.
    var prefixes: Prefixes
  }

  /// A child element of a cell.
  struct Child {
    enum Kind { case annotation, rangeSource, text, other }
    var kind: Kind
    var range: Range<Int>
    /// Where the child's end tag starts, nil when it is self-closing.
    var endTagStart: Int?
  }

  /// The prefixes to write new elements and attributes with; `declarations` binds the ones
  /// that were not in scope (written on the element that uses them).
  struct Prefixes {
    var office: [UInt8]
    var table: [UInt8]
    var text: [UInt8]
    var dublinCore: [UInt8]
    /// Nil when the calc extension is not declared: `calcext:value-type` is then not written.
    var calcExtension: [UInt8]?
    /// Whether `of:` is bound to OpenFormula here; a formula written with that prefix declares
    /// it otherwise.
    var openFormulaIsBound: Bool
    var declarations: [UInt8]
  }

  let bytes: UnsafeBufferPointer<UInt8>
  private(set) var scanner: MarkupScanner
  let maxDepth: Int
  /// Characters left out of the text written because XML cannot carry them.
  var droppedCharacters = 0
  /// Whether text written must stay ASCII (character references for the rest): the document
  /// declares an encoding other than UTF-8.
  let asciiOnly: Bool
  private let sheetNames: [String]
  private var patches: [String: SheetPatches]
  let needsNotes: Bool
  /// Whether a cell gets a number format (``CellPatch/numberFormat``): the automatic styles are
  /// then read, and extended (``ContentPatcher+Styles``).
  let needsFormats: Bool
  /// The automatic styles: the cell styles by name (their whole element and start tag), every
  /// name they use, and where new ones go.
  var cellStyles: [String: (range: Range<Int>, tag: MarkupScanner.Tag)] = [:]
  var styleNames: Set<String> = []
  var automaticStylesEnd: Int?
  var automaticStylesEmpty: MarkupScanner.Tag?
  var bodyStart: Int?
  var inAutomaticStyles = false
  var openCellStyle: (name: String, tag: MarkupScanner.Tag)?
  /// What was added: the new styles' markup, the cell styles made (cell style and format → name)
  /// and the data styles (format → name).
  var newStyles: [UInt8] = []
  var madeCellStyles: [String: String] = [:]
  var madeDataStyles: [String: String] = [:]

  /// The cells to patch, and those written so far: a cell the walk did not reach is an error,
  /// never a patch silently dropped.
  private let expected: Int
  var written = 0

  /// Replacements of byte ranges, in document order.
  private var edits: [(range: Range<Int>, bytes: [UInt8])] = []

  /// The namespaces in scope.
  var scope = NamespaceScope<Namespace>(unbound: .other) { uri in
    ContentPatcher.known[uri] ?? (uri.isEmpty ? .none : .other)
  }
  /// The names of the open elements.
  private var open: [Range<Int>] = []

  // The reader's state, mirrored.
  private var skipDepth = 0
  private var inSpreadsheet = false
  private var inTable = false
  private var inRow = false
  private var inCell = false
  private var tableIndex = -1
  private var tableDepth = 0
  private var tableTag: MarkupScanner.Tag?
  private var row = 0
  private var rowRepeat = 1
  private var column = 0
  private var columnRepeat = 1

  // The sheet being patched.
  private var sheet: SheetPatches?
  /// Where new rows go: past the last element of the table holding rows, else past the last
  /// element that precedes rows, else past the table's start tag.
  private var rowsEnd: Int?
  private var beforeRowsEnd: Int?
  private var rowEndedInChild = false
  private var record: RowRecord?
  private var cell: CellRecord?
  private var cellDepth = 0
  private var child: Child?

  private static let maxRows = Int(CellReference.maxRows)
  private static let maxColumns = Int(CellReference.maxColumns)

  /// A patcher of `bytes` (a whole `content.xml`) whose tables are the sheets named
  /// `sheetNames`, in order, as the reader read them.
  init(
    bytes: UnsafeBufferPointer<UInt8>, sheetNames: [String],
    patches: [String: [CellReference: CellPatch]],
    maxDepth: Int
  ) throws(SpreadsheetError) {
    self.bytes = bytes
    scanner = MarkupScanner(bytes)
    self.maxDepth = maxDepth
    self.sheetNames = sheetNames
    var byName: [String: SheetPatches] = [:]
    for (name, cells) in patches where !cells.isEmpty {
      byName[name] = SheetPatches(name: name, cells: cells)
    }
    self.patches = byName
    expected = byName.values.reduce(0) { $0 + $1.rows.values.reduce(0) { $0 + $1.count } }
    needsNotes = patches.values.contains { $0.values.contains { $0.note != nil } }
    needsFormats = patches.values.contains { $0.values.contains { $0.numberFormat != nil } }
    if bytes.count >= 2,
      (bytes[0] == 0xFE && bytes[1] == 0xFF) || (bytes[0] == 0xFF && bytes[1] == 0xFE)
        || bytes[0] == 0 || bytes[1] == 0
    {
      throw SpreadsheetError(.invalid, .utf16Part)
    }
    asciiOnly = !Self.declaresUTF8(bytes)
  }

  /// Whether the XML declaration names UTF-8 or no encoding (which means UTF-8).
  private static func declaresUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    var i = 0
    if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { i = 3 }
    let head = Array(bytes[i..<min(bytes.count, i + 200)])
    guard head.starts(with: Array("<?xml".utf8)), let close = head.firstIndex(of: UInt8(ascii: ">"))
    else {
      return true
    }
    let declaration = String(decoding: head[..<close], as: UTF8.self).lowercased()
    guard let found = declaration.firstRange(of: "encoding") else { return true }
    let rest = declaration[found.upperBound...].drop {
      $0 == " " || $0 == "=" || $0 == "\"" || $0 == "'"
    }
    let name = rest.prefix { $0 != "\"" && $0 != "'" }
    return name == "utf-8" || name == "utf8"
  }

  /// The patched document.
  /// - Throws: `xml.malformed`, `xml.forbidden`, `xml.limit` for what the scanner refuses;
  ///   `workbook.invalid` for a covered cell, a cell the walk never reached, or tables that
  ///   are not the sheets read; each with the sheet and cell where known.
  func patch() throws(SpreadsheetError) -> [UInt8] {
    do throws(SpreadsheetError) {
      try walk()
    } catch {
      let table = inTable && tableIndex < sheetNames.count ? sheetNames[tableIndex] : nil
      throw error.adding(.init(sheet: table))
    }
    guard written == expected else {
      throw SpreadsheetError(.invalid, .rowsNotFollowed(missed: expected - written, of: expected))
    }
    return spliced()
  }

  /// Walks the whole document, collecting the edits.
  private func walk() throws(SpreadsheetError) {
    while let token = try scanner.next() {
      switch token {
      case .start(let tag):
        try openElement(tag)
        if tag.isEmptyElement { try closeElement(tag.range) }
      case .end(let range, let name):
        guard let last = open.last, equal(last, name) else {
          throw scanner.malformed(.mismatchedEndTag, at: range.lowerBound)
        }
        try closeElement(range)
      case .text, .cdata, .other:
        continue
      }
    }
    guard open.isEmpty else {
      throw scanner.malformed(.unclosedElement, at: bytes.count)
    }
    // A sheet's patches leave `patches` when its table starts, and are all written when it ends.
    if let name = patches.keys.sorted().first {
      throw SpreadsheetError(.invalid, .noSuchSheet(name), at: .init(sheet: name))
    }
  }

  /// The original bytes with the edits applied.
  private func spliced() -> [UInt8] {
    if let edit = stylesEdit() {
      // Before the body, so before every cell's edit; after the root's.
      let at = edits.firstIndex { $0.range.lowerBound > edit.range.lowerBound } ?? edits.count
      edits.insert(edit, at: at)
    }
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count + edits.reduce(0) { $0 + $1.bytes.count })
    var copied = 0
    for edit in edits {
      out.append(contentsOf: bytes[copied..<edit.range.lowerBound])
      out.append(contentsOf: edit.bytes)
      copied = edit.range.upperBound
    }
    out.append(contentsOf: bytes[copied..<bytes.count])
    return out
  }

  // MARK: - Elements

  private func openElement(_ tag: MarkupScanner.Tag) throws(SpreadsheetError) {
    guard open.count < maxDepth else {
      throw SpreadsheetError(.xmlLimit, .tooDeep(limit: maxDepth), at: scanner.location(tag.range.lowerBound))
    }
    scope.enter(tag, in: scanner)
    open.append(tag.name)
    if open.count == 1 { try startRoot(tag) }
    let (namespace, local) = scope.resolve(tag, in: scanner)
    try startElement(namespace, local, tag)
  }

  private func closeElement(_ range: Range<Int>) throws(SpreadsheetError) {
    guard let element = open.last else { return }
    let (namespace, local) = resolveElement(element)
    try endElement(namespace, local, range)
    if cell != nil, open.count == cellDepth + 1, var finished = child {
      finished.range = finished.range.lowerBound..<range.upperBound
      finished.endTagStart = range.lowerBound == finished.range.lowerBound ? nil : range.lowerBound
      cell?.children.append(finished)
      child = nil
    }
    if inTable, open.count == tableDepth + 1 {
      if rowEndedInChild {
        rowsEnd = range.upperBound
        rowEndedInChild = false
      } else if rowsEnd == nil, precedesRows(namespace, local) {
        beforeRowsEnd = range.upperBound
      }
    }
    scope.leave()
    open.removeLast()
  }

  /// The reader's `startElement`, for positions only.
  private func startElement(_ namespace: Namespace, _ local: Range<Int>, _ tag: MarkupScanner.Tag)
    throws(SpreadsheetError)
  {
    if needsFormats, open.count <= 3 { noteStyle(namespace, local, tag, depth: open.count) }
    if skipDepth > 0 {
      skipDepth += 1
      return
    }
    if inCell {
      startInsideCell(namespace, local, tag)
      return
    }
    guard namespace == .table else {
      if namespace == .office, equal(local, Name.spreadsheet) {
        inSpreadsheet = true
      } else if namespace == .drawing {
        skipDepth = 1
      }
      return
    }
    if equal(local, Name.cell) || equal(local, Name.coveredCell) {
      if inRow { try startCell(tag, isCovered: equal(local, Name.coveredCell)) }
    } else if equal(local, Name.row) {
      if inTable { try startRow(tag) }
    } else if equal(local, Name.table) {
      if inSpreadsheet && !inTable { try startTable(tag) }
    }
  }

  /// The reader's `endElement`, for positions only.
  private func endElement(_ namespace: Namespace, _ local: Range<Int>, _ range: Range<Int>)
    throws(SpreadsheetError)
  {
    if needsFormats, open.count <= 3 { endStyle(namespace, local, range, depth: open.count) }
    if skipDepth > 0 {
      skipDepth -= 1
      return
    }
    if inCell {
      if namespace == .table, equal(local, Name.cell) || equal(local, Name.coveredCell) {
        endCell(range)
      }
      return
    }
    if namespace == .table {
      if equal(local, Name.row) {
        if inRow { try endRow(range) }
      } else if equal(local, Name.table) {
        if inTable { try endTable(range) }
      }
    } else if namespace == .office, equal(local, Name.spreadsheet) {
      inSpreadsheet = false
    }
  }

  private func startInsideCell(_ namespace: Namespace, _ local: Range<Int>, _ tag: MarkupScanner.Tag) {
    if cell != nil, open.count == cellDepth + 1 {
      let kind: Child.Kind =
        switch namespace {
        case .text: .text
        case .office where equal(local, Name.annotation): .annotation
        case .table where equal(local, Name.cellRangeSource): .rangeSource
        default: .other
        }
      child = Child(kind: kind, range: tag.range, endTagStart: nil)
    }
    if namespace == .drawing || namespace == .table
      || (namespace == .office && equal(local, Name.annotation))
    {
      skipDepth = 1
    }
  }

  // MARK: - Tables, rows, cells

  private func startTable(_ tag: MarkupScanner.Tag) throws(SpreadsheetError) {
    inTable = true
    tableIndex += 1
    tableDepth = open.count
    tableTag = tag
    row = 0
    rowsEnd = nil
    beforeRowsEnd = nil
    rowEndedInChild = false
    guard tableIndex < sheetNames.count else {
      throw SpreadsheetError(
        .invalid, .moreTablesThanSheets(sheetNames.count), at: scanner.location(tag.range.lowerBound))
    }
    let name = sheetNames[tableIndex]
    if let attribute = attribute(in: tag, .table, Name.name) {
      let written = decodedValue(attribute)
      guard written == nil || written == name else {
        throw SpreadsheetError(
          .invalid, .tableNameMismatch(index: tableIndex + 1, written: written ?? "", read: name),
          at: scanner.location(tag.range.lowerBound).merged(with: .init(sheet: name)))
      }
    }
    sheet = patches.removeValue(forKey: name)
  }

  private func endTable(_ range: Range<Int>) throws(SpreadsheetError) {
    inTable = false
    inRow = false
    guard var current = sheet, let table = tableTag else { return }
    sheet = nil
    let missing = current.take(row..<Int.max)
    guard !missing.isEmpty else { return }
    let prefixes = prefixesInScope()
    let elementPrefix = Array(bytes[table.qualifier])
    var out: [UInt8] = []
    var next = row
    for r in missing {
      guard r >= next else {
        throw notReached(sheet: current.name, row: r, columns: current.rows[r])
      }
      if r > next { out += emptyRows(r - next, elementPrefix: elementPrefix, prefixes: prefixes) }
      out += newRow(current.rows[r] ?? [], elementPrefix: elementPrefix, prefixes: prefixes)
      next = r + 1
    }
    if table.isEmptyElement {
      // `<table:table …/>` becomes `<table:table …>rows</table:table>`.
      let close = table.range.upperBound
      edits.append(
        (
          (close - 2)..<close,
          Array(">".utf8) + out + Array("</".utf8) + Array(bytes[table.name]) + [0x3E]
        ))
    } else {
      let at = rowsEnd ?? beforeRowsEnd ?? table.range.upperBound
      edits.append((at..<at, out))
    }
  }

  private func startRow(_ tag: MarkupScanner.Tag) throws(SpreadsheetError) {
    if record != nil {
      throw SpreadsheetError(.invalid, .rowInsideRow, at: scanner.location(tag.range.lowerBound))
    }
    inRow = true
    rowRepeat = 1
    if let attribute = attribute(in: tag, .table, Name.rowsRepeated) {
      rowRepeat = try repeatCount(attribute, what: "number-rows-repeated")
    }
    column = 0
    if let sheet, sheet.hasRows(in: row..<(row + rowRepeat)) {
      record = RowRecord(
        tag: tag, firstRow: row, repeatCount: rowRepeat, prefixes: prefixesInScope(),
        elementPrefix: Array(bytes[tag.qualifier]))
    }
  }

  private func endRow(_ range: Range<Int>) throws(SpreadsheetError) {
    inRow = false
    rowEndedInChild = true
    if var finished = record, var current = sheet {
      record = nil
      finished.endColumn = column
      finished.endTag = finished.tag.isEmptyElement ? nil : range
      let rows = current.take(row..<(row + rowRepeat))
      edits.append(
        (
          finished.tag.range.lowerBound..<range.upperBound,
          try rewrite(finished, rows: rows, in: current)
        ))
      sheet = current
    }
    row = rowRepeat >= Self.maxRows - row ? Self.maxRows : row + rowRepeat
  }

  private func startCell(_ tag: MarkupScanner.Tag, isCovered: Bool) throws(SpreadsheetError) {
    inCell = true
    columnRepeat = 1
    if let attribute = attribute(in: tag, .table, Name.columnsRepeated) {
      columnRepeat = try repeatCount(attribute, what: "number-columns-repeated")
    }
    if record != nil {
      cell = CellRecord(
        tag: tag, isCovered: isCovered, column: column, repeatCount: columnRepeat,
        prefixes: prefixesInScope())
      cellDepth = open.count
      child = nil
    }
  }

  private func endCell(_ range: Range<Int>) {
    inCell = false
    if var finished = cell {
      finished.end = range.upperBound
      record?.cells.append(finished)
      cell = nil
    }
    column = columnRepeat >= Self.maxColumns - column ? Self.maxColumns : column + columnRepeat
  }

  /// A `*-repeated` count, as the reader parses it: digits only, 0 read as 1.
  private func repeatCount(_ attribute: MarkupScanner.Attribute, what: String) throws(SpreadsheetError)
    -> Int
  {
    let value = attribute.value
    guard value.count > 0, value.count <= 18 else { throw badCount(attribute, what: what) }
    var n = 0
    for i in value {
      let d = Int(bytes[i]) &- 48
      guard d >= 0, d <= 9 else { throw badCount(attribute, what: what) }
      n = n * 10 + d
    }
    return max(n, 1)
  }

  private func badCount(_ attribute: MarkupScanner.Attribute, what: String) -> SpreadsheetError {
    SpreadsheetError(
      .invalid,
      .notAPositiveNumber(attribute: "table:" + what, value: String(decoding: bytes[attribute.value], as: UTF8.self)),
      at: scanner.location(attribute.name.lowerBound).merged(with: .init(sheet: sheet?.name)))
  }

  /// Whether a child of `table:table` comes before the rows (ODF 1.3 Part 3 §9.1.2): title,
  /// description, source, scenario, forms, shapes and the columns.
  private func precedesRows(_ namespace: Namespace, _ local: Range<Int>) -> Bool {
    switch namespace {
    case .table: Name.beforeRows.contains { equal(local, $0) }
    case .office: equal(local, Name.forms) || equal(local, Name.ddeSource)
    default: false
    }
  }

  // MARK: - The root

  /// Declares Dublin Core on the root when notes are written and the root lacks it.
  private func startRoot(_ tag: MarkupScanner.Tag) throws(SpreadsheetError) {
    guard needsNotes, scope.prefix(for: .dublinCore) == nil else { return }
    let name = scope.freshPrefix(Name.dublinCorePrefix)
    var declaration = Array(" xmlns:".utf8) + name + Array("=\"".utf8)
    declaration += Array(ODSNamespace.dublinCore.utf8) + [0x22]
    edits.append((tag.attributesEnd..<tag.attributesEnd, declaration))
    scope.bind(name, to: Array(ODSNamespace.dublinCore.utf8))
  }

  // MARK: - Namespaces

  static let known: [[UInt8]: Namespace] = [
    Array(ODSNamespace.office.utf8): .office, Array(ODSNamespace.table.utf8): .table,
    Array(ODSNamespace.text.utf8): .text, Array(ODSNamespace.drawing.utf8): .drawing,
    Array(ODSNamespace.calcExtension.utf8): .calcExtension,
    Array(ODSNamespace.dublinCore.utf8): .dublinCore,
    Array(ODSNamespace.openFormula.utf8): .openFormula,
    Array(ODSNamespace.style.utf8): .style,
  ]

  /// The line and column of `offset`, with the sheet and cell.
  func location(_ offset: Int, sheet: String, cell: CellReference) -> SpreadsheetError.Location {
    scanner.location(offset).merged(with: .init(sheet: sheet, cell: cell.description))
  }
}
