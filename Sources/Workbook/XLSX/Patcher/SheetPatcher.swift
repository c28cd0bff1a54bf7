import Diagnostics
import XMLStream

/// Rewrites the cells of one worksheet part (ECMA-376 Part 1 §18.3.1) and keeps every other byte.
///
/// The part's bytes are copied as they are, except:
/// - a patched `c` element: its start tag keeps its attributes but `t`, `cm` and `vm` (so `r`,
///   `s` and the rest stay); its content becomes the formula (the `f` element as written for
///   ``CellPatch/Formula/keep``, a new one for `.set`, none for `.remove`) then
///   `<v>NUMBER</v>`; an inline string, cached value or cell extension list is dropped; with a
///   ``CellPatch/numberFormat``, `s` names the cell format ``StylesPatcher`` gives it;
/// - a patched cell the part does not hold is inserted, with `r`, in column order in its row,
///   and its row is created, with `r`, in row order when missing;
/// - when a shared formula's master cell (`<f t="shared" si=…>` with text) has its formula
///   replaced or removed, the cells that shared it get their own formula written out in full
///   (from ``Sheet/formulas``), since they lose their master;
/// - with `legacyDrawing`, a `<legacyDrawing r:id=…/>` element at its schema position.
///
/// A cell inside an array formula's range of several cells is refused, unless it is the
/// range's master and keeps its formula: a new value or formula there would break the array.
struct SheetPatcher {
  /// The relationship of a legacy VML drawing to reference from the sheet.
  struct LegacyDrawing {
    var relationshipId: String
    var strict: Bool
  }

  private let part: String
  private let sheet: String
  private let formulas: [CellReference: CellFormula]
  private let patches: [CellReference: CellPatch]
  private var legacyDrawing: LegacyDrawing?
  /// Where a cell given a number format gets its new cell format.
  private let styles: StylesPatcher?

  private var walker: SheetWalker
  private var out: [UInt8] = []
  /// Characters left out of formulas written, because XML cannot carry them.
  private var droppedCharacters = 0
  private var copied = 0
  private var applied: Set<CellReference> = []

  /// Rows the part lacks, with their cells, in row order; the next to write.
  private var newRows: [(row: Int32, cells: [CellReference])] = []
  private var nextNewRow = 0
  /// Cells the part lacks, by the existing row that will hold them, in column order.
  private var rowInsertions: [Int32: [CellReference]] = [:]
  /// The current row's cells to insert, and the next one.
  private var rowPending: [CellReference] = []
  private var nextRowPending = 0
  private var rowPrefix: [UInt8] = []
  private var sheetDataPrefix: [UInt8] = []
  private var seenSheetData = false

  /// Shared formula groups (`si`) whose master lost its formula.
  private var brokenGroups: Set<Int> = []

  /// The cell being read.
  private struct CellState {
    var reference: CellReference
    var patch: CellPatch?
    var start: Int
    var name: [UInt8]
    var prefix: [UInt8]
    var keptAttributes: [UInt8]
    /// With a number format to give: the cell's `s` (0 when it has none), and its attribute as
    /// written, left out of ``keptAttributes``.
    var style = 0
    var styleAttribute: [UInt8] = []
    /// The last `f` element: its range, and whether the cell must have it written in full.
    var formula: Range<Int>?
    var expandFormula = false
  }
  private var cell: CellState?

  /// The `f` element being read.
  private struct FormulaState {
    var start: Int
    var prefix: [UInt8]
    var shared: Bool
    var sharedIndex: Int?
    var hasText = false
  }
  private var formula: FormulaState?

  /// Patches the part `bytes`; returns the new part, and how many characters XML cannot carry
  /// were left out of the formulas written (`docs/markup.md`).
  ///
  /// - Parameters:
  ///   - formulas: the sheet's formulas as the reader expanded them (shared formulas per cell).
  ///   - patches: the cells to change.
  ///   - legacyDrawing: a VML drawing to reference, for the comments of the notes.
  /// - Throws: `workbook.invalid` for a cell inside an array formula, a number that is not a
  ///   plain decimal literal, a formula text XML cannot hold, or a cell with no place in the part
  ///   (no `sheetData`); `xml.malformed` for broken markup.
  static func patch(
    _ bytes: [UInt8], part: String, sheet: String, formulas: [CellReference: CellFormula],
    patches: [CellReference: CellPatch], legacyDrawing: LegacyDrawing? = nil, styles: StylesPatcher? = nil
  ) throws(SpreadsheetError) -> (bytes: [UInt8], droppedCharacters: Int) {
    try bytes.withUnsafeBufferPointer { buffer throws(SpreadsheetError) in
      var patcher = SheetPatcher(
        buffer, part: part, sheet: sheet, formulas: formulas, patches: patches,
        legacyDrawing: legacyDrawing, styles: styles)
      do throws(SpreadsheetError) {
        try patcher.checkArrays()
        try patcher.placeMissingCells(buffer)
        try patcher.rewrite()
      } catch {
        throw error.adding(.init(part: part, sheet: sheet))
      }
      return (patcher.out, patcher.droppedCharacters)
    }
  }

  private init(
    _ bytes: UnsafeBufferPointer<UInt8>, part: String, sheet: String, formulas: [CellReference: CellFormula],
    patches: [CellReference: CellPatch], legacyDrawing: LegacyDrawing?, styles: StylesPatcher?
  ) {
    self.styles = styles
    self.part = part
    self.sheet = sheet
    self.formulas = formulas
    self.patches = patches
    self.legacyDrawing = legacyDrawing
    walker = SheetWalker(bytes, part: part)
  }

  /// Refuses patches that would break an array formula of several cells.
  private func checkArrays() throws(SpreadsheetError) {
    for (origin, f) in formulas {
      guard let range = f.arrayRange, range.start != range.end else { continue }
      for (reference, patch) in patches where range.contains(reference) {
        if reference == origin, patch.formula == .keep { continue }
        throw SpreadsheetError(
          .invalid,
          .arrayFormulaCell(reference.description, range: "\(range)"),
          at: .init(cell: reference.description))
      }
    }
  }

  /// Finds which patched cells and rows the part lacks (a first pass over the markup).
  private mutating func placeMissingCells(_ bytes: UnsafeBufferPointer<UInt8>) throws(SpreadsheetError) {
    let patchedRows = Set(patches.keys.map(\.row))
    var rows: Set<Int32> = []
    var cells: Set<CellReference> = []
    var pass = SheetWalker(bytes, part: part)
    while let event = try pass.next() {
      switch event {
      case .start(.row, _, _) where patchedRows.contains(pass.row):
        rows.insert(pass.row)
      case .start(.cell, _, _) where patches[pass.reference] != nil:
        cells.insert(pass.reference)
      default:
        break
      }
    }
    var missingRows: [Int32: [CellReference]] = [:]
    for reference in patches.keys where !cells.contains(reference) {
      if rows.contains(reference.row) {
        rowInsertions[reference.row, default: []].append(reference)
      } else {
        missingRows[reference.row, default: []].append(reference)
      }
    }
    for key in rowInsertions.keys { rowInsertions[key]?.sort() }
    newRows = missingRows.keys.sorted().map { ($0, missingRows[$0, default: []].sorted()) }
  }

  // MARK: The rewriting pass

  private mutating func flush(to position: Int) {
    if position > copied { out.append(contentsOf: walker.bytes[copied..<position]) }
    copied = position
  }

  private mutating func rewrite() throws(SpreadsheetError) {
    out.reserveCapacity(walker.bytes.count + 256 * patches.count + 256)
    while let event = try walker.next() {
      switch event {
      case .start(let element, let tag, let depth):
        if depth == 2 { try beforeRootChild(tag, element: element) }
        switch element {
        case .sheetData: try startSheetData(tag)
        case .row: try startRow(tag)
        case .cell: try startCell(tag)
        case .formula where cell != nil: try startFormula(tag)
        default: break
        }
      case .end(let element, let range, let depth):
        switch element {
        case .formula where formula != nil: try endFormula(at: range.upperBound)
        case .cell: try endCell(range)
        case .row: try endRow(range)
        case .sheetData:
          flush(to: range.lowerBound)
          try writeNewRows(before: nil)
        default: break
        }
        if depth == 1, let legacyDrawing {
          flush(to: range.lowerBound)
          try writeLegacyDrawing(legacyDrawing)
        }
      case .text(let range):
        if !range.isEmpty { formula?.hasText = true }
      case .other:
        break
      }
    }
    flush(to: walker.bytes.count)
    let missing = patches.keys.filter { !applied.contains($0) }.sorted()
    if let first = missing.first {
      throw SpreadsheetError(
        .invalid,
        .noSheetData(first.description, others: missing.count - 1),
        at: .init(cell: first.description))
    }
    if legacyDrawing != nil {
      throw SpreadsheetError(
        .invalid, .noWorksheetElement)
    }
  }

  /// Inserts the legacy drawing before the first child of the root that comes after it.
  private mutating func beforeRootChild(_ tag: MarkupScanner.Tag, element: SheetWalker.Element)
    throws(SpreadsheetError)
  {
    guard let legacyDrawing else { return }
    let scanner = walker.scanner
    let name = tag.localName
    if element != .foreign && element != .skipped, scanner.equals(name, "legacyDrawing") {
      throw SpreadsheetError(
        .invalid, .sheetHasLegacyDrawing(sheet))
    }
    var after = false
    if element == .foreign {
      // An `mc:AlternateContent` after the cells wraps `controls` or `oleObjects`.
      after =
        seenSheetData && scanner.equals(name, "AlternateContent") || scanner.equals(name, "extLst")
    } else {
      after = XLSXParts.worksheetElementsAfterLegacyDrawing.contains { scanner.equals(name, $0) }
    }
    guard after else { return }
    flush(to: tag.range.lowerBound)
    try writeLegacyDrawing(legacyDrawing)
  }

  private mutating func writeLegacyDrawing(_ drawing: LegacyDrawing) throws(SpreadsheetError) {
    let prefix = sheetDataPrefix
    out.append(UInt8(ascii: "<"))
    appendName("legacyDrawing", prefix: prefix)
    let namespaces = [XLSXParts.relationshipNamespace(strict: drawing.strict)]
    if let r = walker.scope.prefix(where: { $0.uri.elementsEqual(namespaces[0].utf8) }) {
      out.append(UInt8(ascii: " "))
      out.append(contentsOf: r)
    } else {
      append(" xmlns:r=\"\(namespaces[0])\" r")
    }
    append(":id=\"")
    out.append(contentsOf: XLSXMarkup.attribute(drawing.relationshipId))
    append("\"/>")
    legacyDrawing = nil
  }

  private mutating func startSheetData(_ tag: MarkupScanner.Tag) throws(SpreadsheetError) {
    seenSheetData = true
    sheetDataPrefix = Array(walker.bytes[tag.prefix])
    guard tag.isEmptyElement, nextNewRow < newRows.count else { return }
    // `<sheetData/>`: open it, write the rows, close it.
    flush(to: tag.range.upperBound - 2)
    out.append(UInt8(ascii: ">"))
    copied = tag.range.upperBound
    try writeNewRows(before: nil)
    append("</")
    out.append(contentsOf: walker.bytes[tag.name])
    append(">")
  }

  private mutating func startRow(_ tag: MarkupScanner.Tag) throws(SpreadsheetError) {
    let row = walker.row
    if nextNewRow < newRows.count, newRows[nextNewRow].row < row {
      flush(to: tag.range.lowerBound)
      try writeNewRows(before: row)
    }
    rowPrefix = Array(walker.bytes[tag.prefix])
    rowPending = rowInsertions.removeValue(forKey: row) ?? []
    nextRowPending = 0
    guard tag.isEmptyElement, !rowPending.isEmpty else { return }
    flush(to: tag.range.upperBound - 2)
    out.append(UInt8(ascii: ">"))
    copied = tag.range.upperBound
    try writePendingCells(before: nil)
    append("</")
    out.append(contentsOf: walker.bytes[tag.name])
    append(">")
  }

  private mutating func endRow(_ range: Range<Int>) throws(SpreadsheetError) {
    guard nextRowPending < rowPending.count else { return }
    flush(to: range.lowerBound)
    try writePendingCells(before: nil)
  }

  /// Writes the missing rows numbered below `row` (all with nil).
  private mutating func writeNewRows(before row: Int32?) throws(SpreadsheetError) {
    while nextNewRow < newRows.count, row.map({ newRows[nextNewRow].row < $0 }) ?? true {
      let (number, cells) = newRows[nextNewRow]
      let prefix = sheetDataPrefix
      out.append(UInt8(ascii: "<"))
      appendName("row", prefix: prefix)
      append(" r=\"\(number + 1)\">")
      for reference in cells { try writeNewCell(reference, prefix: prefix) }
      append("</")
      appendName("row", prefix: prefix)
      append(">")
      nextNewRow += 1
    }
  }

  /// Writes the current row's missing cells left of `column` (all with nil).
  private mutating func writePendingCells(before column: Int32?) throws(SpreadsheetError) {
    while nextRowPending < rowPending.count,
      column.map({ rowPending[nextRowPending].column < $0 }) ?? true
    {
      try writeNewCell(rowPending[nextRowPending], prefix: rowPrefix)
      nextRowPending += 1
    }
  }

  private mutating func writeNewCell(_ reference: CellReference, prefix: [UInt8])
    throws(SpreadsheetError)
  {
    guard let patch = patches[reference] else { return }
    var name: [UInt8] = []
    if !prefix.isEmpty { name = prefix + [UInt8(ascii: ":")] }
    name.append(UInt8(ascii: "c"))
    try writeCell(
      CellState(
        reference: reference, patch: patch, start: 0, name: name, prefix: prefix,
        keptAttributes: Array(" r=\"\(reference)\"".utf8)))
  }

  private mutating func startCell(_ tag: MarkupScanner.Tag) throws(SpreadsheetError) {
    let reference = walker.reference
    if nextRowPending < rowPending.count, rowPending[nextRowPending].column < reference.column {
      flush(to: tag.range.lowerBound)
      try writePendingCells(before: reference.column)
    }
    formula = nil
    let patch = patches[reference]
    var state = CellState(
      reference: reference, patch: patch, start: tag.range.lowerBound,
      name: Array(walker.bytes[tag.name]),
      prefix: Array(walker.bytes[tag.prefix]), keptAttributes: [])
    if patch != nil {
      let scanner = walker.scanner
      for a in scanner.tag.attributes {
        if a.colon == nil,
          scanner.equals(a.name, "t") || scanner.equals(a.name, "cm")
            || scanner.equals(a.name, "vm")
        {
          continue
        }
        if a.colon == nil, patch?.numberFormat != nil, styles != nil, scanner.equals(a.name, "s") {
          state.style = Int(scanner.string(a.value)) ?? 0
          state.styleAttribute =
            [UInt8(ascii: " ")] + walker.bytes[a.name.lowerBound..<(a.value.upperBound + 1)]
          continue
        }
        state.keptAttributes.append(UInt8(ascii: " "))
        state.keptAttributes.append(
          contentsOf: walker.bytes[a.name.lowerBound..<(a.value.upperBound + 1)])
      }
    }
    if tag.isEmptyElement {
      if patch != nil {
        flush(to: tag.range.lowerBound)
        try writeCell(state)
        copied = tag.range.upperBound
      }
      cell = nil
    } else {
      cell = state
    }
  }

  private mutating func endCell(_ range: Range<Int>) throws(SpreadsheetError) {
    defer {
      cell = nil
      formula = nil
    }
    guard let state = cell, state.patch != nil else { return }
    flush(to: state.start)
    try writeCell(state)
    copied = range.upperBound
  }

  private mutating func startFormula(_ tag: MarkupScanner.Tag) throws(SpreadsheetError) {
    let scanner = walker.scanner
    var state = FormulaState(
      start: tag.range.lowerBound, prefix: Array(walker.bytes[tag.prefix]), shared: false)
    if let t = scanner.attribute("t") {
      state.shared = scanner.decodedValue(t) == Array("shared".utf8)
    }
    if let si = scanner.attribute("si") {
      state.sharedIndex = scanner.decodedValue(si).withUnsafeBufferPointer {
        XMLBytesInteger.parse($0)
      }
    }
    formula = state
    if tag.isEmptyElement { try endFormula(at: tag.range.upperBound) }
  }

  /// Ends an `f` element of the current cell, which ends at `end`.
  private mutating func endFormula(at end: Int) throws(SpreadsheetError) {
    guard let f = formula, var state = cell else { return }
    formula = nil
    state.formula = f.start..<end
    state.expandFormula = false
    if f.shared, let si = f.sharedIndex {
      if f.hasText {
        // A master: its group breaks when its formula goes; a new master for `si` mends it.
        if let patch = state.patch, patch.formula != .keep {
          brokenGroups.insert(si)
        } else {
          brokenGroups.remove(si)
        }
      } else if brokenGroups.contains(si) {
        if state.patch != nil {
          state.expandFormula = true
        } else {
          flush(to: f.start)
          try writeFormula(expanded(state.reference), prefix: f.prefix)
          copied = end
        }
      }
    }
    cell = state
  }

  /// The formula the reader gave a cell of a shared group, written out in full.
  private func expanded(_ reference: CellReference) throws(SpreadsheetError) -> String {
    guard let f = formulas[reference] else {
      throw SpreadsheetError(
        .invalid,
        .sharedFormulaUnknown(reference.description),
        at: .init(cell: reference.description))
    }
    return f.text
  }

  // MARK: Writing

  private mutating func append(_ text: String) { out.append(contentsOf: text.utf8) }

  private mutating func appendName(_ local: String, prefix: [UInt8]) {
    if !prefix.isEmpty {
      out.append(contentsOf: prefix)
      out.append(UInt8(ascii: ":"))
    }
    append(local)
  }

  private mutating func writeFormula(_ text: String, prefix: [UInt8]) throws(SpreadsheetError) {
    let escaped = XLSXMarkup.text(text, dropped: &droppedCharacters)
    out.append(UInt8(ascii: "<"))
    appendName("f", prefix: prefix)
    out.append(UInt8(ascii: ">"))
    out.append(contentsOf: escaped)
    append("</")
    appendName("f", prefix: prefix)
    out.append(UInt8(ascii: ">"))
  }

  /// Writes a patched cell in place of the original (or as a new one).
  private mutating func writeCell(_ state: CellState) throws(SpreadsheetError) {
    guard let patch = state.patch else { return }
    let reference = state.reference
    guard Self.isPlainDecimal(patch.number) else {
      throw SpreadsheetError(
        .invalid, .notPlainDecimal(patch.number),
        at: .init(cell: reference.description))
    }
    out.append(UInt8(ascii: "<"))
    out.append(contentsOf: state.name)
    out.append(contentsOf: state.keptAttributes)
    if let code = patch.numberFormat, let index = styles?.cellFormat(cloning: state.style, numberFormat: code) {
      append(" s=\"\(index)\"")
    } else {
      out.append(contentsOf: state.styleAttribute)
    }
    out.append(UInt8(ascii: ">"))
    do throws(SpreadsheetError) {
      switch patch.formula {
      case .keep:
        if state.expandFormula {
          try writeFormula(expanded(reference), prefix: state.prefix)
        } else if let range = state.formula {
          out.append(contentsOf: walker.bytes[range])
        }
      case .remove:
        break
      case .set(let ooxml, _):
        try writeFormula(ooxml, prefix: state.prefix)
      }
    } catch {
      throw error.adding(.init(cell: reference.description))
    }
    out.append(UInt8(ascii: "<"))
    appendName("v", prefix: state.prefix)
    out.append(UInt8(ascii: ">"))
    append(patch.number)
    append("</")
    appendName("v", prefix: state.prefix)
    append("></")
    out.append(contentsOf: state.name)
    out.append(UInt8(ascii: ">"))
    applied.insert(reference)
  }

  /// Whether `text` is `-?[0-9]+(\.[0-9]+)?`, the literal ``CellPatch/number`` promises.
  static func isPlainDecimal(_ text: String) -> Bool {
    var bytes = Substring(text).utf8[...]
    if bytes.first == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
    let parts = bytes.split(
      separator: UInt8(ascii: "."), maxSplits: 1, omittingEmptySubsequences: false)
    guard parts.count == 1 || parts.count == 2 else { return false }
    return parts.allSatisfy { !$0.isEmpty && $0.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }
  }
}
