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
