import Diagnostics

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A tokenizer over the bytes of a whole XML part that reports where every token lies, so that
/// a patcher can edit a part in place and copy every byte outside its edits as it was (libxml2
/// would re-serialise the whole document).
///
/// It reads what XML 1.0 §2 allows around tags: attribute values quoted with `"` or `'` (where
/// `>` and `/` are plain characters), comments, CDATA sections, processing instructions and the
/// XML declaration. It checks only the syntax it needs: names are taken up to white space, `/`,
/// `>` or `=`; attributes must be separated by white space; references are left to the reader
/// of the bytes (``XMLEscaping/decodedAttributeValue(_:)``). A document type declaration is
/// refused (`xml.forbidden`), as ``XMLPushParser`` refuses it. The part must be in an encoding
/// where these ASCII characters are single bytes (UTF-8, ISO-8859-*), never UTF-16.
///
/// The bytes are borrowed, not owned: use a scanner only inside the `withUnsafeBufferPointer`
/// call that lends them.
///
/// ```swift
/// try bytes.withUnsafeBufferPointer { buffer throws(SpreadsheetError) in
///   var scanner = MarkupScanner(buffer, part: "xl/workbook.xml")
///   while let token = try scanner.next() {
///     if case .start(let tag) = token, scanner.equals(tag.localName, "calcPr") { … }
///   }
/// }
/// ```
public struct MarkupScanner {
  /// One attribute of a start tag, as ranges of the part's bytes.
  public struct Attribute: Sendable {
    /// The qualified name (`r`, `xmlns:x`, `table:number-columns-repeated`).
    public var name: Range<Int>
    /// The position of the first colon in the name, if it is prefixed.
    public var colon: Int?
    /// The value between the quotes, still escaped (`a&amp;b`).
    public var value: Range<Int>
    /// The white space before the name through the closing quote: removing this range removes
    /// the attribute and nothing else.
    public var span: Range<Int>

    /// The local name, after any prefix.
    public var localName: Range<Int> { (colon.map { $0 + 1 } ?? name.lowerBound)..<name.upperBound }
    /// The prefix, without its colon; empty when there is none.
    public var prefix: Range<Int> { name.lowerBound..<(colon ?? name.lowerBound) }
  }

  /// A start tag or an empty-element tag (`<c r="B5" s="3"/>`).
  public struct Tag: Sendable {
    /// From `<` through `>`.
    public var range: Range<Int>
    /// The qualified name.
    public var name: Range<Int>
    /// The position of the first colon in the name, if it is prefixed.
    public var colon: Int?
    public var attributes: [Attribute]
    /// Where the last attribute ends (or the name, without attributes): what follows is
    /// optional white space and `>` or `/>`.
    public var attributesEnd: Int
    /// `<c/>` rather than `<c>`: no end tag follows.
    public var isEmptyElement: Bool

    /// The local name, after any prefix.
    public var localName: Range<Int> { (colon.map { $0 + 1 } ?? name.lowerBound)..<name.upperBound }
    /// The prefix, without its colon; empty when there is none.
    public var prefix: Range<Int> { name.lowerBound..<(colon ?? name.lowerBound) }
    /// The prefix with its colon (`table:`), or empty: what a new child element's name starts
    /// with to be in the same namespace.
    public var qualifier: Range<Int> { name.lowerBound..<(colon.map { $0 + 1 } ?? name.lowerBound) }
  }

  public enum Token {
    case start(Tag)
    /// An end tag, from `</` through `>`, and its qualified name.
    case end(range: Range<Int>, name: Range<Int>)
    /// Character data, as written (references not expanded).
    case text(Range<Int>)
    /// A CDATA section: `content` is what it holds, `range` the whole section.
    case cdata(content: Range<Int>, range: Range<Int>)
    /// A comment, a processing instruction or the XML declaration.
    case other(Range<Int>)
  }

  /// The bytes scanned.
  public let bytes: UnsafeBufferPointer<UInt8>
  /// The part's name, for errors; nil when the caller adds it.
  public let part: String?
  /// The next byte to read.
  public private(set) var position = 0
  /// Where the last token starts.
  public private(set) var tokenStart = 0
  /// The last start tag (its attribute array is reused from tag to tag).
  public private(set) var tag = Tag(
    range: 0..<0, name: 0..<0, colon: nil, attributes: [], attributesEnd: 0, isEmptyElement: false)

  public init(_ bytes: UnsafeBufferPointer<UInt8>, part: String? = nil) {
    self.bytes = bytes
    self.part = part
    tag.attributes.reserveCapacity(16)
  }

  /// The next token, or nil at the end of the part.
  /// - Throws: `xml.malformed` for markup that does not close, `xml.forbidden` for a DOCTYPE;
  ///   the location gives the part, line and column.
  public mutating func next() throws(SpreadsheetError) -> Token? {
    let count = bytes.count
    guard position < count else { return nil }
    let start = position
    tokenStart = start
    guard bytes[start] == Self.lessThan else {
      position = find(Self.lessThan, from: start) ?? count
      return .text(start..<position)
    }
    guard start + 1 < count else { throw malformed(.truncated, at: start) }
    switch bytes[start + 1] {
    case Self.slash:
      var i = start + 2
      let nameStart = i
      while i < count, !Self.isNameEnd(bytes[i]) { i += 1 }
      let name = nameStart..<i
      while i < count, Self.isSpace(bytes[i]) { i += 1 }
      guard i < count, bytes[i] == Self.greaterThan, !name.isEmpty else {
        throw malformed(.badTag, at: start)
      }
      position = i + 1
      return .end(range: start..<position, name: name)
    case Self.exclamation:
      if hasPrefix("<!--", at: start) {
        position = try after("-->", from: start + 4, what: .unclosedComment)
        return .other(start..<position)
      }
      if hasPrefix("<![CDATA[", at: start) {
        position = try after("]]>", from: start + 9, what: .unclosedCDATA)
        return .cdata(content: (start + 9)..<(position - 3), range: start..<position)
      }
      if hasPrefix("<!DOCTYPE", at: start) {
        throw SpreadsheetError(.xmlForbidden, .doctype, at: location(start))
      }
      throw malformed(.badTag, at: start)
    case Self.question:
      position = try after("?>", from: start + 2, what: .unclosedProcessingInstruction)
      return .other(start..<position)
    default:
      try readStartTag()
      return .start(tag)
    }
  }

  private mutating func readStartTag() throws(SpreadsheetError) {
    let count = bytes.count
    let start = position
    var i = start + 1
    var colon: Int?
    while i < count, !Self.isNameEnd(bytes[i]) {
      if bytes[i] == Self.colon, colon == nil { colon = i }
      i += 1
    }
    guard i > start + 1 else { throw malformed(.badTag, at: start) }
    tag.name = (start + 1)..<i
    tag.colon = colon
    tag.attributes.removeAll(keepingCapacity: true)
    tag.attributesEnd = i
    while true {
      let spaceStart = i
      while i < count, Self.isSpace(bytes[i]) { i += 1 }
      guard i < count else { throw malformed(.unclosedTag, at: start) }
      let b = bytes[i]
      if b == Self.greaterThan {
        tag.isEmptyElement = false
        i += 1
        break
      }
      if b == Self.slash {
        guard i + 1 < count, bytes[i + 1] == Self.greaterThan else {
          throw malformed(.badTag, at: i)
        }
        tag.isEmptyElement = true
        i += 2
        break
      }
      guard i > spaceStart else { throw malformed(.badAttribute, at: i) }
      let nameStart = i
      var attributeColon: Int?
      while i < count, !Self.isNameEnd(bytes[i]), bytes[i] != Self.equals {
        if bytes[i] == Self.colon, attributeColon == nil { attributeColon = i }
        i += 1
      }
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
        Attribute(
          name: nameStart..<nameEnd, colon: attributeColon, value: (i + 1)..<close,
          span: spaceStart..<(close + 1)))
      i = close + 1
      tag.attributesEnd = i
    }
    tag.range = start..<i
    position = i
  }

  // MARK: - Reading names and values

  /// Whether the bytes in `range` are the ASCII text `literal`.
  public func equals(_ range: Range<Int>, _ literal: StaticString) -> Bool {
    let n = literal.utf8CodeUnitCount
    guard range.count == n else { return false }
    guard n > 0, let base = bytes.baseAddress else { return true }
    return memcmp(base + range.lowerBound, literal.utf8Start, n) == 0
  }

  /// Whether the bytes in `range` are `literal`.
  public func equals(_ range: Range<Int>, _ literal: [UInt8]) -> Bool {
    guard range.count == literal.count else { return false }
    var j = 0
    for i in range {
      if bytes[i] != literal[j] { return false }
      j += 1
    }
    return true
  }

  /// Whether the bytes in two ranges are the same.
  public func equals(_ a: Range<Int>, _ b: Range<Int>) -> Bool {
    a.count == b.count && bytes[a].elementsEqual(bytes[b])
  }

  /// Whether the attribute declares a namespace (`xmlns`, `xmlns:p`).
  public func isNamespaceDeclaration(_ attribute: Attribute) -> Bool {
    if let colon = attribute.colon { return equals(attribute.name.lowerBound..<colon, "xmlns") }
    return equals(attribute.name, "xmlns")
  }

  /// The first attribute of the last start tag with this local name, whatever its prefix (as
  /// libxml2's SAX2 reports attributes to the OOXML readers), namespace declarations excepted.
  public func attribute(_ local: StaticString) -> Attribute? {
    for a in tag.attributes where equals(a.localName, local) && !isNamespaceDeclaration(a) {
      return a
    }
    return nil
  }

  /// An attribute's value as a parser reports it: references expanded, white space normalised
  /// (``XMLEscaping/decodedAttributeValue(_:)``).
  public func decodedValue(_ attribute: Attribute) -> [UInt8] {
    XMLEscaping.decodedAttributeValue(bytes[attribute.value])
  }

  /// A range's bytes as a string.
  public func string(_ range: Range<Int>) -> String {
    String(decoding: bytes[range], as: UTF8.self)
  }

  // MARK: - Bytes

  private static let lessThan = UInt8(ascii: "<")
  private static let greaterThan = UInt8(ascii: ">")
  private static let slash = UInt8(ascii: "/")
  private static let exclamation = UInt8(ascii: "!")
  private static let question = UInt8(ascii: "?")
  private static let equals = UInt8(ascii: "=")
  private static let colon = UInt8(ascii: ":")
  private static let quote = UInt8(ascii: "\"")
  private static let apostrophe = UInt8(ascii: "'")

  /// XML white space (XML 1.0 §2.3, `S`).
  @inline(__always) public static func isSpace(_ b: UInt8) -> Bool {
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
  private func after(_ terminator: StaticString, from: Int, what: Problem.Markup)
    throws(SpreadsheetError)
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

  /// `xml.malformed` at byte `index`, with its line and column.
  public func malformed(_ markup: Problem.Markup, at index: Int) -> SpreadsheetError {
    SpreadsheetError(.xmlMalformed, .brokenMarkup(markup, byte: index), at: location(index))
  }

  /// The part, line and column (from 1, in bytes) of `index`.
  public func location(_ index: Int) -> SpreadsheetError.Location {
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
    return .init(part: part, line: line, column: end - lineStart + 1)
  }
}
