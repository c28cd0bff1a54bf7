import Diagnostics

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// One attribute of a start tag, as byte ranges into the scanned document.
struct XMLTagAttribute {
  /// The qualified name (`table:number-columns-repeated`).
  var name: Range<Int>
  /// The value between the quotes, still escaped (`a&amp;b`).
  var value: Range<Int>
  /// The whitespace before the name through the closing quote: removing this range removes the
  /// attribute and nothing else.
  var span: Range<Int>
}

/// A start tag as the scanner saw it, kept after the scanner has moved on.
struct XMLTag {
  /// From `<` through `>`.
  var range: Range<Int>
  /// The qualified name.
  var name: Range<Int>
  var attributes: [XMLTagAttribute]
  /// Where the last attribute ends (or the name, without attributes): what follows is optional
  /// whitespace and `>` or `/>`.
  var attributesEnd: Int
  var isSelfClosing: Bool
}

/// A tokenizer over the bytes of a whole XML document that reports where every token lies, so
/// that a rewriter can copy everything it does not change byte for byte.
///
/// It reads what XML 1.0 §2 allows around tags: attribute values quoted with `"` or `'` (where
/// `>` and `/` are plain characters), comments, CDATA sections, processing instructions and the
/// XML declaration. It checks only the syntax it needs: names are taken up to whitespace, `/`,
/// `>` or `=`, and references are left to the reader of the bytes. A document type declaration
/// is refused, as ``XMLPushParser`` refuses it. The document must be in an encoding where these
/// ASCII characters are single bytes (UTF-8, ISO-8859-*), never UTF-16.
///
/// The bytes are borrowed, not owned: use a scanner only inside the `withUnsafeBufferPointer`
/// call that lends them.
struct XMLTagScanner {
  enum Token {
    /// A start tag, possibly self-closing: ``tag`` describes it.
    case start
    /// An end tag: ``name`` is its qualified name.
    case end
    /// Character data, a comment, a CDATA section, a processing instruction.
    case other
    /// The end of the bytes.
    case done
  }

  let bytes: UnsafeBufferPointer<UInt8>
  /// The next byte to read.
  private(set) var position = 0
  /// Where the last token starts.
  private(set) var tokenStart = 0
  /// The last start tag (its ``XMLTag/attributes`` are reused from tag to tag).
  private(set) var tag = XMLTag(
    range: 0..<0, name: 0..<0, attributes: [], attributesEnd: 0, isSelfClosing: false)
  /// The qualified name of the last end tag.
  private(set) var name: Range<Int> = 0..<0

  init(_ bytes: UnsafeBufferPointer<UInt8>) {
    self.bytes = bytes
  }

  /// Reads the next token.
  /// - Throws: `xml.malformed` for a tag that does not close, `xml.forbidden` for a DOCTYPE;
  ///   the location gives the line and column.
  mutating func next() throws(SpreadsheetError) -> Token {
    let count = bytes.count
    guard position < count else { return .done }
    tokenStart = position
    guard bytes[position] == Self.lessThan else {
      position = find(Self.lessThan, from: position) ?? count
      return .other
    }
    guard position + 1 < count else { throw malformed(.truncated, at: position) }
    switch bytes[position + 1] {
    case Self.slash:
      var i = position + 2
      let start = i
      while i < count, !Self.isNameEnd(bytes[i]) { i += 1 }
      name = start..<i
      while i < count, Self.isSpace(bytes[i]) { i += 1 }
      guard i < count, bytes[i] == Self.greaterThan, !name.isEmpty else {
        throw malformed(.badTag, at: position)
      }
      position = i + 1
      return .end
    case Self.exclamation:
      if hasPrefix("<!--", at: position) {
        position = try after("-->", from: position + 4, what: .unclosedComment)
      } else if hasPrefix("<![CDATA[", at: position) {
        position = try after("]]>", from: position + 9, what: .unclosedCDATA)
      } else if hasPrefix("<!DOCTYPE", at: position) {
        throw SpreadsheetError(.xmlForbidden, .doctype, at: location(position))
      } else {
        throw malformed(.badTag, at: position)
      }
      return .other
    case Self.question:
      position = try after("?>", from: position + 2, what: .unclosedProcessingInstruction)
      return .other
    default:
      try readStartTag()
      return .start
    }
  }

  private mutating func readStartTag() throws(SpreadsheetError) {
    let count = bytes.count
    let start = position
    var i = position + 1
    while i < count, !Self.isNameEnd(bytes[i]) { i += 1 }
    guard i > start + 1 else { throw malformed(.badTag, at: start) }
    tag.name = (start + 1)..<i
    tag.attributes.removeAll(keepingCapacity: true)
    tag.attributesEnd = i
    while true {
      let spaceStart = i
      while i < count, Self.isSpace(bytes[i]) { i += 1 }
      guard i < count else { throw malformed(.unclosedTag, at: start) }
      let b = bytes[i]
      if b == Self.greaterThan {
        tag.isSelfClosing = false
        i += 1
        break
      }
      if b == Self.slash {
        guard i + 1 < count, bytes[i + 1] == Self.greaterThan else {
          throw malformed(.badTag, at: i)
        }
        tag.isSelfClosing = true
        i += 2
        break
      }
      guard i > spaceStart else {
        throw malformed(.badAttribute, at: i)
      }
      let nameStart = i
      while i < count, !Self.isNameEnd(bytes[i]), bytes[i] != Self.equals { i += 1 }
      let nameEnd = i
      while i < count, Self.isSpace(bytes[i]) { i += 1 }
      guard nameEnd > nameStart, i < count, bytes[i] == Self.equals else {
        throw malformed(.badAttribute, at: nameStart)
      }
      i += 1
      while i < count, Self.isSpace(bytes[i]) { i += 1 }
      guard i < count, bytes[i] == Self.quote || bytes[i] == Self.apostrophe else {
        throw malformed(.badAttribute, at: nameStart)
      }
      guard let close = find(bytes[i], from: i + 1) else {
        throw malformed(.unclosedAttribute, at: nameStart)
      }
      tag.attributes.append(
        XMLTagAttribute(
          name: nameStart..<nameEnd, value: (i + 1)..<close, span: spaceStart..<(close + 1)))
      i = close + 1
      tag.attributesEnd = i
    }
    tag.range = start..<i
    position = i
  }

  // MARK: - Bytes

  private static let lessThan = UInt8(ascii: "<")
  private static let greaterThan = UInt8(ascii: ">")
  private static let slash = UInt8(ascii: "/")
  private static let exclamation = UInt8(ascii: "!")
  private static let question = UInt8(ascii: "?")
  private static let equals = UInt8(ascii: "=")
  private static let quote = UInt8(ascii: "\"")
  private static let apostrophe = UInt8(ascii: "'")

  @inline(__always) static func isSpace(_ b: UInt8) -> Bool {
    b == 0x20 || b == 0x0A || b == 0x09 || b == 0x0D
  }

  @inline(__always) private static func isNameEnd(_ b: UInt8) -> Bool {
    isSpace(b) || b == slash || b == greaterThan
  }

  /// The index of the next `byte` at or after `from` (memchr), or nil.
  private func find(_ byte: UInt8, from: Int) -> Int? {
    guard from < bytes.count, let base = bytes.baseAddress,
      let hit = memchr(base + from, Int32(byte), bytes.count - from)
    else { return nil }
    return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
  }

  private func hasPrefix(_ literal: StaticString, at index: Int) -> Bool {
    let n = literal.utf8CodeUnitCount
    guard index + n <= bytes.count, let base = bytes.baseAddress else { return false }
    return memcmp(base + index, literal.utf8Start, n) == 0
  }

  /// The index just past the next `terminator` at or after `from`.
  private func after(_ terminator: StaticString, from: Int, what: Problem.Markup) throws(SpreadsheetError)
    -> Int
  {
    var i = from
    let first = terminator.utf8Start.pointee
    while let hit = find(first, from: i) {
      if hasPrefix(terminator, at: hit) { return hit + terminator.utf8CodeUnitCount }
      i = hit + 1
    }
    throw malformed(what, at: tokenStart)
  }

  // MARK: - Errors

  func malformed(_ markup: Problem.Markup, at index: Int) -> SpreadsheetError {
    SpreadsheetError(.xmlMalformed, .brokenMarkup(markup, byte: index), at: location(index))
  }

  /// The line and column (from 1, in bytes) of `index`.
  func location(_ index: Int) -> SpreadsheetError.Location {
    var line = 1
    var lineStart = 0
    let end = min(index, bytes.count)
    var i = 0
    while i < end {
      if bytes[i] == 0x0A {
        line += 1
        lineStart = i + 1
      }
      i += 1
    }
    return .init(line: line, column: end - lineStart + 1)
  }
}
