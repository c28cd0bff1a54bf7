import XMLStream

/// What a namespace is to the xlsx patchers, which match SpreadsheetML elements by namespace
/// (transitional or Strict), whatever their prefix.
enum XLSXNamespace: Equatable {
  case spreadsheet, relationships, other

  /// A scope that tells the SpreadsheetML and relationships namespaces apart (``XLSXParts``).
  static func scope() -> NamespaceScope<XLSXNamespace> {
    NamespaceScope(unbound: .other) { uri in
      let text = String(decoding: uri, as: UTF8.self)
      if XLSXParts.spreadsheetNamespaces.contains(text) { return .spreadsheet }
      if XLSXParts.relationshipNamespaces.contains(text) { return .relationships }
      return .other
    }
  }
}

/// How the xlsx patchers write text into the parts they edit: ``XMLEscaping``'s rules, with `"`
/// escaped in character data too (as the patcher has always written it), and OOXML's `_xHHHH_`
/// escape where Excel reads a string (`docs/markup.md`).
enum XLSXMarkup {
  /// `text` as character data; characters XML cannot carry are left out and counted in
  /// `dropped`.
  static func text(_ text: String, dropped: inout Int) -> [UInt8] {
    let (bytes, n) = XMLEscaping.escaped(text, inAttribute: false, quoting: .everywhere)
    dropped += n
    return bytes
  }

  /// `text` as a double-quoted attribute value; characters XML cannot carry are left out and
  /// counted in `dropped`.
  static func attribute(_ text: String, dropped: inout Int) -> [UInt8] {
    let (bytes, n) = XMLEscaping.escaped(text, inAttribute: true, quoting: .everywhere)
    dropped += n
    return bytes
  }

  /// A value the patcher made (a part name, an id, a content type), which never holds a
  /// character XML cannot carry, as a double-quoted attribute value.
  static func attribute(_ text: String) -> [UInt8] {
    XMLEscaping.escaped(text, inAttribute: true, quoting: .everywhere).bytes
  }

  /// `text` as the content of a string element (`t`, ECMA-376 Part 1 §22.9.2.19 ST_Xstring):
  /// what XML cannot carry is written `_xHHHH_` and a literal `_xHHHH_` protected, so nothing
  /// is lost (``OOXMLEscapes/encode(_:)``).
  static func string(_ text: String) -> [UInt8] {
    XMLEscaping.escaped(OOXMLEscapes.encode(text), inAttribute: false, quoting: .everywhere).bytes
  }
}

/// The `_xHHHH_` escapes of OOXML strings (ECMA-376 Part 1 §22.9.2.19, ST_Xstring).
enum OOXMLEscapes {
  /// Decodes UTF-8 bytes into a string, turning `_xHHHH_` into the character U+HHHH.
  static func decode(_ bytes: [UInt8]) -> String {
    guard bytes.count >= 7, bytes.contains(0x5F) else {
      return String(decoding: bytes, as: UTF8.self)
    }
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count)
    var i = 0
    var pendingHigh: UInt32?
    while i < bytes.count {
      if bytes[i] == 0x5F, i + 6 < bytes.count, bytes[i + 1] == 0x78 || bytes[i + 1] == 0x58,
        bytes[i + 6] == 0x5F,
        let v = hex4(bytes, i + 2)
      {
        var scalarValue = v
        if (0xD800...0xDBFF).contains(v) {
          pendingHigh = v
          i += 7
          continue
        }
        if (0xDC00...0xDFFF).contains(v), let high = pendingHigh {
          scalarValue = 0x10000 + ((high - 0xD800) << 10) + (v - 0xDC00)
        }
        pendingHigh = nil
        if let scalar = Unicode.Scalar(scalarValue) {
          out.append(contentsOf: Array(String(Character(scalar)).utf8))
        }
        i += 7
        continue
      }
      pendingHigh = nil
      out.append(bytes[i])
      i += 1
    }
    return String(decoding: out, as: UTF8.self)
  }

  /// `text` with the characters XML cannot carry written as `_xHHHH_`, and a literal `_xHHHH_`
  /// protected as `_x005F_xHHHH_`, so that ``decode(_:)`` gives the text back.
  static func encode(_ text: String) -> String {
    var needs = false
    var previous: UInt8 = 0
    for c in text.utf8 {
      if (c < 0x20 && c != 0x09 && c != 0x0A && c != 0x0D)
        || (previous == 0x5F && (c == 0x78 || c == 0x58)) || c == 0xEF
      {
        needs = true
        break
      }
      previous = c
    }
    guard needs else { return text }
    var out = ""
    let scalars = Array(text.unicodeScalars)
    var i = 0
    func hex(_ v: UInt32) -> String {
      let digits = String(v, radix: 16, uppercase: true)
      return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
    while i < scalars.count {
      let c = scalars[i]
      if c.value < 0x20 && c != "\t" && c != "\n" && c != "\r" || c.value == 0xFFFE
        || c.value == 0xFFFF
      {
        out += "_x" + hex(c.value) + "_"
      } else if c == "_", i + 6 < scalars.count, scalars[i + 1] == "x" || scalars[i + 1] == "X",
        scalars[i + 6] == "_",
        scalars[(i + 2)...(i + 5)].allSatisfy({ $0.properties.isASCIIHexDigit })
      {
        out += "_x005F_"
      } else {
        out.unicodeScalars.append(c)
      }
      i += 1
    }
    return out
  }

  private static func hex4(_ b: [UInt8], _ at: Int) -> UInt32? {
    var v: UInt32 = 0
    for k in 0..<4 {
      let c = b[at + k]
      let d: UInt32
      switch c {
      case 0x30...0x39: d = UInt32(c - 0x30)
      case 0x41...0x46: d = UInt32(c - 0x41 + 10)
      case 0x61...0x66: d = UInt32(c - 0x61 + 10)
      default: return nil
      }
      v = v * 16 + d
    }
    return v
  }
}
