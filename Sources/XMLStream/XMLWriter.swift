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
  /// The bytes written (inlinable appends reach it from the writers' own modules).
  @usableFromInline var buffer: [UInt8] = []
  /// The bytes written so far.
  public var bytes: [UInt8] { buffer }
  /// How many characters were left out because XML cannot carry them.
  public private(set) var droppedCharacters = 0

  public init(capacity: Int = 4096) { buffer.reserveCapacity(capacity) }

  /// `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` and a line feed.
  public mutating func declaration() {
    raw("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n")
  }

  /// Markup written as is (the caller's own literal, never user text).
  @inlinable public mutating func raw(_ text: StaticString) {
    text.withUTF8Buffer { buffer.append(contentsOf: $0) }
  }

  /// Markup written as is, from a string the caller made (names, numbers).
  @inlinable public mutating func rawString(_ text: String) {
    buffer.append(contentsOf: text.utf8)
  }

  /// An integer, in decimal.
  @inlinable public mutating func integer(_ value: Int) {
    if value < 0 {
      buffer.append(UInt8(ascii: "-"))
      integer(-value)
      return
    }
    if value < 10 {
      buffer.append(UInt8(ascii: "0") + UInt8(value))
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
      self.buffer.append(contentsOf: buffer[(20 - count)...])
    }
  }

  /// A number as XML Schema's `xsd:double` writes it, in the shortest text that reads back to
  /// the same double: `12`, `0.5`, `1.5e-05`.
  public mutating func number(_ value: Double) {
    if value == value.rounded(.towardZero), abs(value) < 1e15 {
      if value == 0 { buffer.append(UInt8(ascii: "0")); return }
      integer(Int(value))
      return
    }
    if value.isNaN { raw("NaN"); return }
    if value.isInfinite { value > 0 ? raw("INF") : raw("-INF"); return }
    if shortDecimal(value) { return }
    buffer.append(contentsOf: value.description.utf8)
  }

  private static let scales: [Double] = [1, 10, 100, 1e3, 1e4, 1e5, 1e6]
  private static let divisors: [Int] = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000]

  /// Writes `value` when it is a decimal of at most 6 decimals and 15 significant digits, from
  /// 0.001 to 10⁹ (amounts, rates): `n / 10^k` for the smallest `k` that gives the value back,
  /// which is the text `description` makes (the shortest that reads back, and no two such
  /// decimals share a double) without its cost. False, and nothing written, otherwise.
  private mutating func shortDecimal(_ value: Double) -> Bool {
    let magnitude = abs(value)
    guard magnitude >= 1e-3, magnitude < 1e9 else { return false }
    for k in 1...6 {
      let scale = Self.scales[k]
      let n = (magnitude * scale).rounded()
      guard n < 1e15, n / scale == magnitude else { continue }
      let units = Int(n)
      var fraction = units % Self.divisors[k]
      var digits = k
      while digits > 0, fraction % 10 == 0 {
        fraction /= 10
        digits -= 1
      }
      if value < 0 { buffer.append(UInt8(ascii: "-")) }
      integer(units / Self.divisors[k])
      buffer.append(UInt8(ascii: "."))
      var place = Self.divisors[digits] / 10
      while place > 0 {
        buffer.append(UInt8(ascii: "0") + UInt8(fraction / place % 10))
        place /= 10
      }
      return true
    }
    return false
  }

  /// `text` escaped as character data.
  public mutating func text(_ text: String) { escape(text, inAttribute: false) }

  /// ` name="value"`, the value escaped.
  public mutating func attribute(_ name: StaticString, _ value: String) {
    buffer.append(0x20)
    raw(name)
    buffer.append(contentsOf: [UInt8(ascii: "="), UInt8(ascii: "\"")])
    escape(value, inAttribute: true)
    buffer.append(UInt8(ascii: "\""))
  }

  /// ` name="12"`.
  @inlinable public mutating func attribute(_ name: StaticString, _ value: Int) {
    buffer.append(0x20)
    raw(name)
    buffer.append(UInt8(ascii: "="))
    buffer.append(UInt8(ascii: "\""))
    integer(value)
    buffer.append(UInt8(ascii: "\""))
  }

  /// ` name="1.5"`.
  public mutating func attribute(_ name: StaticString, number value: Double) {
    buffer.append(0x20)
    raw(name)
    buffer.append(contentsOf: [UInt8(ascii: "="), UInt8(ascii: "\"")])
    number(value)
    buffer.append(UInt8(ascii: "\""))
  }

  /// `text` escaped for character data or a double-quoted attribute value
  /// (``XMLEscaping/append(_:to:inAttribute:quoting:asciiOnly:)``).
  public mutating func escape(_ text: String, inAttribute: Bool) {
    droppedCharacters += XMLEscaping.append(text, to: &buffer, inAttribute: inAttribute)
  }

  /// Lends the buffer to `body`, to append bytes it formats itself (a cell reference).
  @inline(__always) public mutating func withBytes(_ body: (inout [UInt8]) -> Void) { body(&buffer) }

  /// The bytes written so far; the buffer is emptied.
  public mutating func take() -> [UInt8] {
    let out = buffer
    buffer.removeAll(keepingCapacity: true)
    return out
  }
}
