import Diagnostics
import XMLStream

/// Streams `xl/sharedStrings.xml` (ECMA-376 Part 1 §18.4) into an array of strings.
///
/// Rich-text runs (`r/t`) are joined; phonetic runs (`rPh`) are left out; `_xHHHH_` escapes
/// are decoded.
final class SharedStringsReader: XMLContentHandler {
  private(set) var strings: [String] = []
  private var buffer: [UInt8] = []
  private var inText = false
  private var phoneticDepth = 0
  private let si: XMLName
  private let t: XMLName
  private let rPh: XMLName
  private let space: XMLName
  private let maxCount: Int
  private var textStart = 0
  private var preserve = false

  init(parser: XMLPushParser, maxCount: Int) {
    space = parser.intern("space")
    si = parser.intern("si")
    t = parser.intern("t")
    rPh = parser.intern("rPh")
    self.maxCount = maxCount
  }

  func startElement(_ name: XMLName, namespace: XMLName, attributes: XMLAttributes) throws(SpreadsheetError) {
    if name == t {
      inText = phoneticDepth == 0
      textStart = buffer.count
      preserve = attributes.value(space)?.equals("preserve") ?? false
    } else if name == si {
      buffer.removeAll(keepingCapacity: true)
    } else if name == rPh {
      phoneticDepth += 1
    }
  }

  func endElement(_ name: XMLName, namespace: XMLName) throws(SpreadsheetError) {
    if name == t {
      if inText && !preserve { XMLWhitespace.trim(&buffer, from: textStart) }
      inText = false
    } else if name == si {
      guard strings.count < maxCount else {
        throw SpreadsheetError(
          .workbookLimit, .tooManySharedStrings(limit: maxCount))
      }
      strings.append(OOXMLEscapes.decode(buffer))
    } else if name == rPh {
      phoneticDepth -= 1
    }
  }

  func characters(_ text: XMLBytes) throws(SpreadsheetError) {
    guard inText else { return }
    text.withUnsafeBytes { buffer.append(contentsOf: $0) }
  }
}

/// The `_xHHHH_` escapes of OOXML strings (ECMA-376 Part 1 §22.9.2.19, ST_Xstring).
enum OOXMLEscapes {
  /// Decodes UTF-8 bytes into a string, turning `_xHHHH_` into the character U+HHHH.
  static func decode(_ bytes: [UInt8]) -> String {
    guard bytes.count >= 7, bytes.contains(0x5F) else { return String(decoding: bytes, as: UTF8.self) }
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count)
    var i = 0
    var pendingHigh: UInt32?
    while i < bytes.count {
      if bytes[i] == 0x5F, i + 6 < bytes.count, bytes[i + 1] == 0x78 || bytes[i + 1] == 0x58, bytes[i + 6] == 0x5F,
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
      if (c < 0x20 && c != 0x09 && c != 0x0A && c != 0x0D) || (previous == 0x5F && (c == 0x78 || c == 0x58)) || c == 0xEF {
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
      if c.value < 0x20 && c != "\t" && c != "\n" && c != "\r" || c.value == 0xFFFE || c.value == 0xFFFF {
        out += "_x" + hex(c.value) + "_"
      } else if c == "_", i + 6 < scalars.count, scalars[i + 1] == "x" || scalars[i + 1] == "X", scalars[i + 6] == "_",
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

/// The `xml:space` rule for OOXML text (`t` elements): without `xml:space="preserve"`,
/// leading and trailing whitespace is not part of the text, as Excel, openpyxl and calamine read it.
enum XMLWhitespace {
  static func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D }

  /// Trims XML whitespace from both ends of `buffer[start...]`.
  static func trim(_ buffer: inout [UInt8], from start: Int) {
    var end = buffer.count
    while end > start, isSpace(buffer[end - 1]) { end -= 1 }
    var begin = start
    while begin < end, isSpace(buffer[begin]) { begin += 1 }
    if end < buffer.count { buffer.removeSubrange(end...) }
    if begin > start { buffer.removeSubrange(start..<begin) }
  }
}
