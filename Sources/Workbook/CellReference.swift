/// A cell's position in a sheet.
///
/// Zero-based inside (`row 0, column 0` is the top-left cell) and A1 outside: ``description``
/// gives `"B7"` and ``init(_:)`` parses it back, with or without `$` anchors.
public struct CellReference: Hashable, Comparable, Sendable, CustomStringConvertible {
  public var row: Int32
  public var column: Int32

  /// The largest grid OOXML allows (ECMA-376 Part 1 §18.3.1.73: 1,048,576 rows × 16,384 columns).
  public static let maxRows: Int32 = 1_048_576
  public static let maxColumns: Int32 = 16_384

  public init(row: Int32, column: Int32) {
    self.row = row
    self.column = column
  }

  /// Parses an A1 reference (`B7`, `$B$7`, `b7`); nil when it is not one or lies outside the grid.
  public init?(_ text: some StringProtocol) {
    var column: Int32 = 0
    var row: Int32 = 0
    var letters = 0
    var digits = 0
    var sawRowDollar = false
    for (i, c) in text.utf8.enumerated() {
      switch c {
      case UInt8(ascii: "$"):
        if i == 0 && letters == 0 { continue }
        if letters > 0 && digits == 0 && !sawRowDollar {
          sawRowDollar = true
          continue
        }
        return nil
      case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"):
        guard digits == 0, letters < 3 else { return nil }
        column = column * 26 + Int32((c | 0x20) - UInt8(ascii: "a") + 1)
        letters += 1
      case UInt8(ascii: "0")...UInt8(ascii: "9"):
        guard letters > 0, digits < 8 else { return nil }
        row = row * 10 + Int32(c - UInt8(ascii: "0"))
        digits += 1
      default:
        return nil
      }
    }
    guard letters > 0, digits > 0, row >= 1, row <= Self.maxRows, column <= Self.maxColumns else {
      return nil
    }
    self.row = row - 1
    self.column = column - 1
  }

  /// Column letters for a zero-based column index: 0 → `A`, 27 → `AB`.
  public static func columnName(_ column: Int32) -> String {
    if column >= 0, column < 26 { return String(UnicodeScalar(UInt8(65 + column))) }
    var n = Int(column) + 1
    var chars: [UInt8] = []
    while n > 0 {
      let r = (n - 1) % 26
      chars.append(UInt8(ascii: "A") + UInt8(r))
      n = (n - 1) / 26
    }
    return String(decoding: chars.reversed(), as: UTF8.self)
  }

  /// Parses column letters (`AB` → 27); nil when not letters or past the grid.
  public static func columnIndex(_ letters: some StringProtocol) -> Int32? {
    var column: Int32 = 0
    var n = 0
    for c in letters.utf8 {
      switch c {
      case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"):
        column = column * 26 + Int32((c | 0x20) - UInt8(ascii: "a") + 1)
        n += 1
        if n > 3 { return nil }
      default: return nil
      }
    }
    guard n > 0, column <= maxColumns else { return nil }
    return column - 1
  }

  public var description: String { Self.columnName(column) + String(row + 1) }

  /// Appends the A1 text (`B7`) to a byte buffer, without building a string.
  public func appendA1(to out: inout [UInt8]) {
    var letters: (UInt8, UInt8, UInt8) = (0, 0, 0)
    var n = Int(column) + 1
    var count = 0
    while n > 0 && count < 3 {
      let r = UInt8((n - 1) % 26)
      switch count {
      case 0: letters.0 = r
      case 1: letters.1 = r
      default: letters.2 = r
      }
      count += 1
      n = (n - 1) / 26
    }
    if count > 2 { out.append(65 + letters.2) }
    if count > 1 { out.append(65 + letters.1) }
    out.append(65 + letters.0)
    var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0, 0, 0, 0, 0)
    var value = Int(row) + 1
    var d = 0
    withUnsafeMutableBytes(of: &digits) { buffer in
      repeat {
        buffer[d] = UInt8(48 + value % 10)
        value /= 10
        d += 1
      } while value > 0 && d < 8
      for i in stride(from: d - 1, through: 0, by: -1) { out.append(buffer[i]) }
    }
  }

  public static func < (a: CellReference, b: CellReference) -> Bool {
    a.row != b.row ? a.row < b.row : a.column < b.column
  }
}

/// A rectangle of cells, `A1:C3`, inclusive at both corners.
public struct CellRange: Hashable, Sendable, CustomStringConvertible {
  public var start: CellReference
  public var end: CellReference

  public init(start: CellReference, end: CellReference) {
    self.start = CellReference(row: min(start.row, end.row), column: min(start.column, end.column))
    self.end = CellReference(row: max(start.row, end.row), column: max(start.column, end.column))
  }

  /// Parses `A1:C3` or a single `B2`.
  public init?(_ text: some StringProtocol) {
    let parts = text.split(separator: ":", omittingEmptySubsequences: false)
    if parts.count == 1, let a = CellReference(parts[0]) {
      self.init(start: a, end: a)
    } else if parts.count == 2, let a = CellReference(parts[0]), let b = CellReference(parts[1]) {
      self.init(start: a, end: b)
    } else {
      return nil
    }
  }

  public func contains(_ ref: CellReference) -> Bool {
    ref.row >= start.row && ref.row <= end.row && ref.column >= start.column && ref.column <= end.column
  }

  public var description: String {
    start == end ? start.description : "\(start):\(end)"
  }
}
