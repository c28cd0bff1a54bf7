import Diagnostics
import XMLStream

/// Walks a worksheet part's markup and places its rows and cells exactly as ``WorksheetReader``
/// does, so that the patcher finds the cells the reader found.
///
/// Only elements in the SpreadsheetML namespace (transitional or Strict, whatever their prefix)
/// count; an element of another namespace and a main `extLst` are skipped with all they hold. A
/// `row` without `r` follows the previous row; a `c` without `r` follows the previous cell of
/// its row; a `c` with `r` moves to that cell.
struct SheetWalker {
  enum Element {
    case sheetData, row, cell, formula, value, other
    /// The top of a subtree the reader skips (another namespace, or `extLst`).
    case foreign
    /// Inside a skipped subtree.
    case skipped
  }

  enum Event {
    /// A start tag or empty-element tag; `depth` is 1 for the root.
    case start(Element, MarkupScanner.Tag, depth: Int)
    /// An end tag (none follows an empty-element tag).
    case end(Element, range: Range<Int>, depth: Int)
    case text(Range<Int>)
    case other
  }

  private(set) var scanner: MarkupScanner
  private(set) var scope = XLSXNamespace.scope()
  private var elements: [Element] = []
  private var skipDepth = 0
  /// The current row and column, zero-based, -1 before the first.
  private(set) var row: Int32 = -1
  private(set) var column: Int32 = -1

  /// A walker over `bytes`, which must stay lent while it is used.
  init(_ bytes: UnsafeBufferPointer<UInt8>, part: String) {
    scanner = MarkupScanner(bytes, part: part)
  }

  var bytes: UnsafeBufferPointer<UInt8> { scanner.bytes }
  /// The part's name.
  var part: String { scanner.part ?? "" }
  /// The cell the walker is at.
  var reference: CellReference { CellReference(row: row, column: column) }

  mutating func next() throws(SpreadsheetError) -> Event? {
    guard let token = try scanner.next() else { return nil }
    switch token {
    case .start(let tag):
      scope.enter(tag, in: scanner)
      let kind = scope.kind(ofPrefix: scanner.bytes[tag.prefix])
      let element: Element
      if skipDepth > 0 {
        skipDepth += 1
        element = .skipped
      } else if kind != .spreadsheet || scanner.equals(tag.localName, "extLst") {
        skipDepth = 1
        element = .foreign
      } else {
        element = try classify(tag)
      }
      let depth = elements.count + 1
      if tag.isEmptyElement {
        scope.leave()
        if skipDepth > 0 { skipDepth -= 1 }
      } else {
        elements.append(element)
      }
      return .start(element, tag, depth: depth)
    case .end(let range, _):
      let depth = elements.count
      guard let element = elements.popLast() else {
        throw SpreadsheetError(
          .xmlMalformed, .strayEndTag, at: .init(part: part))
      }
      scope.leave()
      if skipDepth > 0 { skipDepth -= 1 }
      return .end(element, range: range, depth: depth)
    case .text(let range), .cdata(let range, _):
      return .text(range)
    case .other:
      return .other
    }
  }

  private mutating func classify(_ tag: MarkupScanner.Tag) throws(SpreadsheetError) -> Element {
    let name = tag.localName
    switch name.count {
    case 1:
      if scanner.equals(name, "c") {
        try enterCell()
        return .cell
      }
      if scanner.equals(name, "f") { return .formula }
      if scanner.equals(name, "v") { return .value }
    case 3:
      if scanner.equals(name, "row") {
        try enterRow()
        return .row
      }
    case 9:
      if scanner.equals(name, "sheetData") { return .sheetData }
    default:
      break
    }
    return .other
  }

  private mutating func enterRow() throws(SpreadsheetError) {
    if let r = scanner.attribute("r") {
      let value = scanner.decodedValue(r)
      guard let n = value.withUnsafeBufferPointer({ XMLBytesInteger.parse($0) }), n >= 1,
        n <= Int(CellReference.maxRows)
      else {
        throw SpreadsheetError(
          .invalid,
          .rowOutsideGrid(String(decoding: value, as: UTF8.self)),
          at: .init(part: part))
      }
      row = Int32(n - 1)
    } else {
      row += 1
    }
    column = -1
  }

  private mutating func enterCell() throws(SpreadsheetError) {
    if let r = scanner.attribute("r") {
      let value = scanner.decodedValue(r)
      guard let ref = value.withUnsafeBufferPointer({ CellReference(asciiBytes: $0) }) else {
        throw SpreadsheetError(
          .invalid,
          .notACellReference(String(decoding: value, as: UTF8.self)),
          at: .init(part: part))
      }
      row = ref.row
      column = ref.column
    } else {
      if row < 0 { row = 0 }
      column += 1
      guard column < CellReference.maxColumns else {
        throw SpreadsheetError(
          .workbookLimit, .rowPastLastColumn(row: Int(row) + 1),
          at: .init(part: part))
      }
    }
  }
}
