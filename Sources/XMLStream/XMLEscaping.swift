/// Escaping text into XML and reading references out of it: the one place where both formats'
/// writers and patchers turn a string into markup, and where the patchers decode the attribute
/// values they read.
///
/// The rules (XML 1.0 §2.2, §2.4, §2.11, §3.3.3, §4.1):
/// - `&` and `<` are always entities, and so is `>`; `"` is `&quot;` in attribute values (which
///   are written between double quotes), and also in character data when
///   ``Quoting/everywhere`` is asked for.
/// - Tab, line feed and carriage return are XML characters, but a parser turns them into spaces
///   in attribute values and a carriage return into a line feed in text: in attribute values
///   all three are written as character references (`&#9;` `&#10;` `&#13;`), in text the
///   carriage return is (`&#13;`).
/// - The characters XML 1.0 cannot carry at all, even as a reference — the C0 controls other
///   than those three, U+FFFE and U+FFFF (a Swift string holds no lone surrogate) — are never
///   written and never make a write fail: they are left out and counted, so that the caller can
///   say how many. Where a format has its own escape for them (OOXML's `_xHHHH_` in strings),
///   the format's writer applies it first and nothing is left out. See `docs/markup.md`.
public enum XMLEscaping {
  /// Whether `"` is escaped in character data too, not only in attribute values.
  public enum Quoting: Sendable {
    /// `"` stays as it is in text (what ``XMLWriter`` writes).
    case attributesOnly
    /// `&quot;` in text too (what the xlsx patcher has always written in the cells it edits).
    case everywhere
  }

  /// Whether a character can be written in XML 1.0, raw or as a reference (§2.2, `Char`).
  @inline(__always) public static func isXMLCharacter(_ scalar: Unicode.Scalar) -> Bool {
    let v = scalar.value
    return v >= 0x20 ? v != 0xFFFE && v != 0xFFFF : v == 0x09 || v == 0x0A || v == 0x0D
  }

  /// Appends `text` escaped for character data (`inAttribute` false) or for a double-quoted
  /// attribute value to `out`.
  ///
  /// - Parameters:
  ///   - quoting: whether `"` is escaped in character data.
  ///   - asciiOnly: characters past ASCII written as character references (`&#233;`), for a
  ///     document in an encoding other than UTF-8.
  /// - Returns: how many characters were left out because XML cannot carry them.
  @discardableResult
  public static func append(
    _ text: String, to out: inout [UInt8], inAttribute: Bool,
    quoting: Quoting = .attributesOnly, asciiOnly: Bool = false
  ) -> Int {
    // The common case, nothing to escape: one copy.
    let quoteInText = quoting == .everywhere
    let clean = text.utf8.withContiguousStorageIfAvailable { b -> Bool in
      for c in b
      where c < 0x20 || c == 0x26 || c == 0x3C || c == 0x3E || c == 0x22 || c == 0xEF
        || (asciiOnly && c >= 0x80)
      {
        if c == 0x22, !inAttribute, !quoteInText { continue }
        if c == 0x0A || c == 0x09, !inAttribute { continue }
        return false
      }
      out.append(contentsOf: b)
      return true
    }
    if clean == true { return 0 }
    var dropped = 0
    for scalar in text.unicodeScalars {
      dropped += append(
        scalar, to: &out, inAttribute: inAttribute, quoting: quoting, asciiOnly: asciiOnly)
    }
    return dropped
  }

  /// Appends one character escaped (``append(_:to:inAttribute:quoting:asciiOnly:)``); returns 1
  /// when it was left out, else 0.
  @discardableResult
  public static func append(
    _ scalar: Unicode.Scalar, to out: inout [UInt8], inAttribute: Bool,
    quoting: Quoting = .attributesOnly, asciiOnly: Bool = false
  ) -> Int {
    switch scalar.value {
    case 0x26: out.append(contentsOf: [0x26, 0x61, 0x6D, 0x70, 0x3B])  // &amp;
    case 0x3C: out.append(contentsOf: [0x26, 0x6C, 0x74, 0x3B])  // &lt;
    case 0x3E: out.append(contentsOf: [0x26, 0x67, 0x74, 0x3B])  // &gt;
    case 0x22:
      if inAttribute || quoting == .everywhere {
        out.append(contentsOf: [0x26, 0x71, 0x75, 0x6F, 0x74, 0x3B])  // &quot;
      } else {
        out.append(0x22)
      }
    case 0x09: if inAttribute { appendReference(9, to: &out) } else { out.append(0x09) }
    case 0x0A: if inAttribute { appendReference(10, to: &out) } else { out.append(0x0A) }
    case 0x0D: appendReference(13, to: &out)
    case 0..<0x20, 0xFFFE, 0xFFFF: return 1
    case 0x20..<0x80: out.append(UInt8(scalar.value))
    default:
      if asciiOnly {
        appendReference(scalar.value, to: &out)
      } else {
        UTF8.encode(scalar) { out.append($0) }
      }
    }
    return 0
  }

  /// `text` escaped (``append(_:to:inAttribute:quoting:asciiOnly:)``), and how many characters
  /// were left out.
  public static func escaped(
    _ text: String, inAttribute: Bool, quoting: Quoting = .attributesOnly,
    asciiOnly: Bool = false
  ) -> (bytes: [UInt8], dropped: Int) {
    var out: [UInt8] = []
    out.reserveCapacity(text.utf8.count + 8)
    let dropped = append(
      text, to: &out, inAttribute: inAttribute, quoting: quoting, asciiOnly: asciiOnly)
    return (out, dropped)
  }

  /// `&#N;`, in decimal.
  private static func appendReference(_ value: UInt32, to out: inout [UInt8]) {
    out.append(contentsOf: [0x26, 0x23])  // &#
    out.append(contentsOf: String(value).utf8)
    out.append(0x3B)
  }

  /// An attribute value as a parser reports it (XML 1.0 §3.3.3, for CDATA attributes): the five
  /// predefined entities and character references (`&#233;`, `&#xE9;`) expanded; a tab, line
  /// feed or carriage return written as such (not as a reference) becomes a space, and a
  /// carriage return and line feed one space. An unknown entity or a malformed reference is
  /// kept as written (a patcher reads documents libxml2 has already accepted).
  public static func decodedAttributeValue<Bytes: Collection<UInt8>>(_ raw: Bytes) -> [UInt8]
  where Bytes.Index == Int {
    var out: [UInt8] = []
    out.reserveCapacity(raw.count)
    var i = raw.startIndex
    let end = raw.endIndex
    while i < end {
      let b = raw[i]
      if b == 0x26, let semicolon = raw[i..<end].firstIndex(of: 0x3B),
        let scalar = reference(raw[(i + 1)..<semicolon])
      {
        UTF8.encode(scalar) { out.append($0) }
        i = semicolon + 1
        continue
      }
      if b == 0x0D, i + 1 < end, raw[i + 1] == 0x0A {
        i += 1
        continue
      }
      out.append(b == 0x09 || b == 0x0A || b == 0x0D ? 0x20 : b)
      i += 1
    }
    return out
  }

  /// The character a reference names, given what stands between `&` and `;`: `amp`, `lt`,
  /// `gt`, `quot`, `apos`, `#N`, `#xH`; nil for anything else (no DTD, so no other entity).
  public static func reference<Name: Collection<UInt8>>(_ name: Name) -> Unicode.Scalar? {
    var it = name.makeIterator()
    guard let first = it.next() else { return nil }
    if first == 0x23 {  // #
      var value: UInt32 = 0
      var digits = 0
      var radix: UInt32 = 10
      while let c = it.next() {
        if digits == 0, radix == 10, c == 0x78 {  // x
          radix = 16
          continue
        }
        let d: UInt32
        switch c {
        case 0x30...0x39: d = UInt32(c - 0x30)
        case 0x41...0x46 where radix == 16: d = UInt32(c - 0x41 + 10)
        case 0x61...0x66 where radix == 16: d = UInt32(c - 0x61 + 10)
        default: return nil
        }
        value = value &* radix &+ d
        digits += 1
        guard value <= 0x10FFFF else { return nil }
      }
      guard digits > 0 else { return nil }
      return Unicode.Scalar(value)
    }
    switch Array(name) {
    case [0x61, 0x6D, 0x70]: return "&"
    case [0x6C, 0x74]: return "<"
    case [0x67, 0x74]: return ">"
    case [0x71, 0x75, 0x6F, 0x74]: return "\""
    case [0x61, 0x70, 0x6F, 0x73]: return "'"
    default: return nil
    }
  }
}
