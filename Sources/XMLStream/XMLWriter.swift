/// A small streaming XML writer: markup goes straight into a byte buffer, text and attribute
/// values are escaped on the way, and nothing is built as a tree.
///
/// Escaping is ``XMLEscaping``'s: `&`, `<`, `>` and, in attribute values, `"` become entities;
/// tab, line feed and carriage return in attribute values, and carriage return in text, become
/// character references. Characters that XML 1.0 cannot carry (C0 controls other than tab, line
/// feed and carriage return, U+FFFE and U+FFFF) are left out and counted in
/// ``droppedCharacters``, so that a caller can say so (`docs/markup.md`).
///
/// ```swift
/// var w = XMLWriter()
/// w.declaration()
/// w.open("sheet", ["name": "Plan & budget"])  // <sheet name="Plan &amp; budget">
/// ```
public struct XMLWriter {
  public private(set) var bytes: [UInt8] = []
  /// How many characters were left out because XML cannot carry them.
  public private(set) var droppedCharacters = 0

  public init(capacity: Int = 4096) { bytes.reserveCapacity(capacity) }

  /// `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` and a line feed.
  public mutating func declaration() {
    raw("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n")
  }

  /// Markup written as is (the caller's own literal, never user text).
  @inline(__always) public mutating func raw(_ text: StaticString) {
    text.withUTF8Buffer { bytes.append(contentsOf: $0) }
  }

  /// Markup written as is, from a string the caller made (names, numbers).
  @inline(__always) public mutating func rawString(_ text: String) {
    bytes.append(contentsOf: text.utf8)
  }

  /// An integer, in decimal.
  public mutating func integer(_ value: Int) {
    if value < 0 {
      bytes.append(UInt8(ascii: "-"))
      integer(-value)
      return
    }
    if value < 10 {
      bytes.append(UInt8(ascii: "0") + UInt8(value))
      return
    }
    var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                 UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
      (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    var n = value
    var count = 0
    withUnsafeMutableBytes(of: &digits) { buffer in
      while n > 0 {
        buffer[19 - count] = UInt8(ascii: "0") + UInt8(n % 10)
        n /= 10
        count += 1
      }
      bytes.append(contentsOf: buffer[(20 - count)...])
    }
  }

  /// A number as XML Schema's `xsd:double` writes it, in the shortest text that reads back to
  /// the same double: `12`, `0.5`, `1.5e-05`.
  public mutating func number(_ value: Double) {
    if value == value.rounded(.towardZero), abs(value) < 1e15 {
      if value == 0 { bytes.append(UInt8(ascii: "0")); return }
      integer(Int(value))
      return
    }
    if value.isNaN { raw("NaN"); return }
    if value.isInfinite { value > 0 ? raw("INF") : raw("-INF"); return }
    bytes.append(contentsOf: value.description.utf8)
  }

  /// `text` escaped as character data.
  public mutating func text(_ text: String) { escape(text, inAttribute: false) }

  /// ` name="value"`, the value escaped.
  public mutating func attribute(_ name: StaticString, _ value: String) {
    bytes.append(0x20)
    raw(name)
    bytes.append(contentsOf: [UInt8(ascii: "="), UInt8(ascii: "\"")])
    escape(value, inAttribute: true)
    bytes.append(UInt8(ascii: "\""))
  }

  /// ` name="12"`.
  public mutating func attribute(_ name: StaticString, _ value: Int) {
    bytes.append(0x20)
    raw(name)
    bytes.append(contentsOf: [UInt8(ascii: "="), UInt8(ascii: "\"")])
    integer(value)
    bytes.append(UInt8(ascii: "\""))
  }

  /// ` name="1.5"`.
  public mutating func attribute(_ name: StaticString, number value: Double) {
    bytes.append(0x20)
    raw(name)
    bytes.append(contentsOf: [UInt8(ascii: "="), UInt8(ascii: "\"")])
    number(value)
    bytes.append(UInt8(ascii: "\""))
  }

  /// `text` escaped for character data or a double-quoted attribute value
  /// (``XMLEscaping/append(_:to:inAttribute:quoting:asciiOnly:)``).
  public mutating func escape(_ text: String, inAttribute: Bool) {
    droppedCharacters += XMLEscaping.append(text, to: &bytes, inAttribute: inAttribute)
  }

  /// Lends the buffer to `body`, to append bytes it formats itself (a cell reference).
  @inline(__always) public mutating func withBytes(_ body: (inout [UInt8]) -> Void) { body(&bytes) }

  /// The bytes written so far; the buffer is emptied.
  public mutating func take() -> [UInt8] {
    let out = bytes
    bytes.removeAll(keepingCapacity: true)
    return out
  }
}
