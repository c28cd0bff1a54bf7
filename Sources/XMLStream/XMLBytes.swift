internal import CXML2

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A run of UTF-8 bytes lent by the parser: an attribute value or a piece of text.
///
/// Valid only during the callback that receives it; copy what you keep (``string``).
public struct XMLBytes {
  @usableFromInline let start: UnsafePointer<UInt8>?
  public let count: Int
  /// Attribute values come with libxml2's `&#38;` for `&`; text does not.
  @usableFromInline let isAttributeValue: Bool

  @inlinable init(start: UnsafePointer<UInt8>?, count: Int, isAttributeValue: Bool = false) {
    self.start = start
    self.count = count
    self.isAttributeValue = isAttributeValue
  }

  /// The bytes, lent to `body`.
  @inlinable public func withUnsafeBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
    try body(UnsafeBufferPointer(start: start, count: count))
  }

  /// The bytes as a Swift string, with libxml2's `&#38;` re-encoding of `&` in attribute values
  /// undone (libxml2 writes an ampersand that way when entities are not substituted).
  public var string: String {
    guard let start, count > 0 else { return "" }
    let buffer = UnsafeBufferPointer(start: start, count: count)
    let text = String(decoding: buffer, as: UTF8.self)
    if isAttributeValue, memchr(start, 0x26, count) != nil {  // '&'
      return text.replacingAmpersandReferences()
    }
    return text
  }

  /// Whether the bytes equal the ASCII text `literal`.
  public func equals(_ literal: StaticString) -> Bool {
    guard literal.utf8CodeUnitCount == count else { return false }
    guard count > 0, let start else { return true }
    return memcmp(start, literal.utf8Start, count) == 0
  }

  /// The first byte, or 0 when empty.
  @inlinable public var first: UInt8 { (count > 0 ? start?.pointee : nil) ?? 0 }

  /// The bytes as a non-negative decimal integer, or nil if they are not one (or overflow).
  @inlinable public var integer: Int? {
    guard let start, count > 0, count <= 18 else { return nil }
    var value = 0
    for i in 0..<count {
      let d = Int(start[i]) &- 48
      guard d >= 0, d <= 9 else { return nil }
      value = value &* 10 &+ d
    }
    return value
  }

  /// The bytes as a signed decimal integer (an optional leading `-` or `+`), or nil.
  public var signedInteger: Int? {
    guard let start, count > 0 else { return nil }
    if start[0] == 0x2D || start[0] == 0x2B {
      guard let v = XMLBytes(start: start + 1, count: count - 1).integer else { return nil }
      return start[0] == 0x2D ? -v : v
    }
    return integer
  }

  /// The bytes as a finite floating-point number in XML Schema `xsd:double` lexical form,
  /// surrounding whitespace allowed; nil when not a number or not finite.
  public var double: Double? {
    guard let start, count > 0 else { return nil }
    return NumberParser.parseDouble(start, count)
  }
}

extension String {
  /// Undoes libxml2's `&#38;` encoding of an ampersand in attribute values.
  fileprivate func replacingAmpersandReferences() -> String {
    let needle = Array("&#38;".utf8)
    let bytes = Array(utf8)
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count)
    var i = 0
    while i < bytes.count {
      if bytes[i] == 0x26, i + 5 <= bytes.count, Array(bytes[i..<i + 5]) == needle {
        out.append(0x26)
        i += 5
      } else {
        out.append(bytes[i])
        i += 1
      }
    }
    return String(decoding: out, as: UTF8.self)
  }
}

/// Locale-independent number parsing from bytes.
public enum NumberParser {
  /// Parses `count` bytes at `start` as a finite double (`strtod_l` in the C locale), allowing
  /// surrounding ASCII whitespace. Returns nil for anything else.
  public static func parseDouble(_ start: UnsafePointer<UInt8>, _ count: Int) -> Double? {
    var lo = 0
    var hi = count
    while lo < hi, isSpace(start[lo]) { lo += 1 }
    while hi > lo, isSpace(start[hi - 1]) { hi -= 1 }
    let n = hi - lo
    guard n > 0, n < 400 else { return nil }
    // Fast path (Clinger): up to 15 significant digits with at most 22 after the point are exact
    // as a Double, and one division by an exact power of ten rounds correctly.
    if n <= 24 {
      var mantissa = 0
      var digits = 0
      var fraction = -1
      var negative = false
      var i = lo
      if start[i] == 0x2D {
        negative = true
        i += 1
      }
      var ok = i < hi
      while i < hi {
        let c = start[i]
        if c >= 0x30 && c <= 0x39 {
          mantissa = mantissa &* 10 &+ Int(c &- 0x30)
          digits += 1
          if fraction >= 0 { fraction += 1 }
        } else if c == 0x2E && fraction < 0 {
          fraction = 0
        } else {
          ok = false
          break
        }
        i += 1
      }
      if ok && digits > 0 && digits <= 15 {
        var value = Double(mantissa)
        if fraction > 0 { value /= powersOfTen[fraction] }
        return negative ? -value : value
      }
    }
    // Only characters of a decimal floating literal are accepted (no hex, inf, nan).
    for i in lo..<hi {
      switch start[i] {
      case 0x30...0x39, 0x2B, 0x2D, 0x2E, 0x45, 0x65: continue
      default: return nil
      }
    }
    return withUnsafeTemporaryAllocation(of: CChar.self, capacity: n + 1) { buf -> Double? in
      guard let base = buf.baseAddress else { return nil }
      memcpy(base, start + lo, n)
      base[n] = 0
      var end: UnsafeMutablePointer<CChar>? = nil
      let value = equilibre_strtod_c(base, &end)
      guard let end, end - base == n, value.isFinite else { return nil }
      return value
    }
  }

  private static let powersOfTen: [Double] = (0...24).map { k in
    var v = 1.0
    for _ in 0..<k { v *= 10 }
    return v
  }

  @inline(__always) static func isSpace(_ c: UInt8) -> Bool {
    c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D
  }

  /// Parses a Swift string as a finite double in the C locale.
  public static func parseDouble(_ text: String) -> Double? {
    var copy = text
    return copy.withUTF8 { buf in
      guard let base = buf.baseAddress else { return nil }
      return parseDouble(base, buf.count)
    }
  }
}
