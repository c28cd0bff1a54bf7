import Diagnostics

/// A small tokenizer over the bytes of an XML part, for the patchers: it reports where each tag,
/// text run and other markup starts and ends, so that a part can be edited in place and every
/// byte outside the edits kept as it was (libxml2 would re-serialise the whole document).
///
/// It reads parts that libxml2 has already accepted, but never trusts them: attribute values
/// may hold `>` and `/`, comments, CDATA sections and processing instructions are skipped
/// whole, and a part that ends inside markup is `xml.malformed`. A DOCTYPE is refused
/// (`xml.forbidden`), as the readers refuse it. Entities are not expanded, except in the few
/// attribute values the patchers read (``decodedValue(_:)``).
struct MarkupScanner {
  /// One attribute of a start tag, as ranges of the part's bytes.
  struct Attribute {
    /// The qualified name (`r`, `xmlns:x`).
    var name: Range<Int>
    /// The position of the colon in the name, if it is prefixed.
    var colon: Int?
    /// The value, without its quotes.
    var value: Range<Int>
  }

  /// A start tag or an empty-element tag (`<c r="B5" s="3"/>`).
  struct Tag {
    /// From `<` to `>` inclusive.
    var range: Range<Int>
    /// The qualified name.
    var name: Range<Int>
    var colon: Int?
    var isEmptyElement: Bool
    /// This tag's attributes in ``MarkupScanner/attributes``, valid until the next token.
    var attributeCount: Int

    /// The local name, after any prefix.
    var localName: Range<Int> { (colon.map { $0 + 1 } ?? name.lowerBound)..<name.upperBound }
    /// The prefix, or an empty range.
    var prefix: Range<Int> { name.lowerBound..<(colon ?? name.lowerBound) }
  }

  enum Token {
    case start(Tag)
    /// An end tag, from `</` to `>`, and its qualified name.
    case end(range: Range<Int>, name: Range<Int>)
    /// Character data, or a CDATA section's content.
    case text(Range<Int>)
    /// A comment or processing instruction (or the XML declaration).
    case other(Range<Int>)
  }

  let bytes: [UInt8]
  let part: String
  private(set) var position = 0
  /// The attributes of the last start tag.
  private(set) var attributes: [Attribute] = []

  init(_ bytes: [UInt8], part: String) {
    self.bytes = bytes
    self.part = part
    attributes.reserveCapacity(16)
  }

  private func malformed(_ markup: Problem.Markup) -> SpreadsheetError {
    SpreadsheetError(.xmlMalformed, .brokenMarkup(markup, byte: position), at: .init(part: part))
  }

  @inline(__always) private static func isSpace(_ c: UInt8) -> Bool {
    c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09
  }

  /// The position of the first occurrence of `needle` at or after `from`, or nil.
  private func find(_ needle: StaticString, from: Int) -> Int? {
    let n = needle.utf8CodeUnitCount
    let first = needle.utf8Start[0]
    var i = from
    let limit = bytes.count - n
    while i <= limit {
      if bytes[i] == first {
        var j = 1
        while j < n, bytes[i + j] == needle.utf8Start[j] { j += 1 }
        if j == n { return i }
      }
      i += 1
    }
    return nil
  }

  private func hasPrefix(_ literal: StaticString, at i: Int) -> Bool {
    let n = literal.utf8CodeUnitCount
    guard i + n <= bytes.count else { return false }
    for j in 0..<n where bytes[i + j] != literal.utf8Start[j] { return false }
    return true
  }

  /// The next token, or nil at the end of the part.
  mutating func next() throws(SpreadsheetError) -> Token? {
    let start = position
    guard start < bytes.count else { return nil }
    if bytes[start] != UInt8(ascii: "<") {
      var i = start
      while i < bytes.count, bytes[i] != UInt8(ascii: "<") { i += 1 }
      position = i
      return .text(start..<i)
    }
    if hasPrefix("<!--", at: start) {
      guard let end = find("-->", from: start + 4) else { throw malformed(.unclosedComment) }
      position = end + 3
      return .other(start..<position)
    }
    if hasPrefix("<![CDATA[", at: start) {
      guard let end = find("]]>", from: start + 9) else {
        throw malformed(.unclosedCDATA)
      }
      position = end + 3
      return .text((start + 9)..<end)
    }
    if hasPrefix("<!", at: start) {
      throw SpreadsheetError(
        .xmlForbidden, .doctype, at: .init(part: part))
    }
    if hasPrefix("<?", at: start) {
      guard let end = find("?>", from: start + 2) else {
        throw malformed(.unclosedProcessingInstruction)
      }
      position = end + 2
      return .other(start..<position)
    }
    if hasPrefix("</", at: start) {
      var i = start + 2
      let nameStart = i
      while i < bytes.count, !Self.isSpace(bytes[i]), bytes[i] != UInt8(ascii: ">") { i += 1 }
      let name = nameStart..<i
      while i < bytes.count, Self.isSpace(bytes[i]) { i += 1 }
      guard i < bytes.count, bytes[i] == UInt8(ascii: ">"), !name.isEmpty else {
        throw malformed(.badTag)
      }
      position = i + 1
      return .end(range: start..<position, name: name)
    }
    return .start(try startTag(at: start))
  }

  private mutating func startTag(at start: Int) throws(SpreadsheetError) -> Tag {
    attributes.removeAll(keepingCapacity: true)
    var i = start + 1
    var colon: Int?
    while i < bytes.count {
      let c = bytes[i]
      if Self.isSpace(c) || c == UInt8(ascii: ">") || c == UInt8(ascii: "/") { break }
      if c == UInt8(ascii: ":"), colon == nil { colon = i }
      i += 1
    }
    let name = (start + 1)..<i
    guard !name.isEmpty else { throw malformed(.badTag) }
    while true {
      while i < bytes.count, Self.isSpace(bytes[i]) { i += 1 }
      guard i < bytes.count else { throw malformed(.unclosedTag) }
      if bytes[i] == UInt8(ascii: ">") {
        position = i + 1
        return Tag(
          range: start..<position, name: name, colon: colon, isEmptyElement: false,
          attributeCount: attributes.count)
      }
      if bytes[i] == UInt8(ascii: "/") {
        guard i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: ">") else {
          throw malformed(.badTag)
        }
        position = i + 2
        return Tag(
          range: start..<position, name: name, colon: colon, isEmptyElement: true,
          attributeCount: attributes.count)
      }
      let attributeStart = i
      var attributeColon: Int?
      while i < bytes.count, !Self.isSpace(bytes[i]), bytes[i] != UInt8(ascii: "=") {
        if bytes[i] == UInt8(ascii: ":"), attributeColon == nil { attributeColon = i }
        if bytes[i] == UInt8(ascii: ">") || bytes[i] == UInt8(ascii: "/") {
          throw malformed(.badAttribute)
        }
        i += 1
      }
      let attributeName = attributeStart..<i
      while i < bytes.count, Self.isSpace(bytes[i]) { i += 1 }
      guard i < bytes.count, bytes[i] == UInt8(ascii: "="), !attributeName.isEmpty else {
        throw malformed(.badAttribute)
      }
      i += 1
      while i < bytes.count, Self.isSpace(bytes[i]) { i += 1 }
      guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") || bytes[i] == UInt8(ascii: "'") else {
        throw malformed(.badAttribute)
      }
      let quote = bytes[i]
      let valueStart = i + 1
      i = valueStart
      while i < bytes.count, bytes[i] != quote { i += 1 }
      guard i < bytes.count else { throw malformed(.unclosedAttribute) }
      attributes.append(
        Attribute(name: attributeName, colon: attributeColon, value: valueStart..<i))
      i += 1
    }
  }

  // MARK: Reading names and values

  /// Whether the bytes in `range` are the ASCII text `literal`.
  func equals(_ range: Range<Int>, _ literal: StaticString) -> Bool {
    guard range.count == literal.utf8CodeUnitCount else { return false }
    var j = 0
    for i in range {
      if bytes[i] != literal.utf8Start[j] { return false }
      j += 1
    }
    return true
  }

  /// The local name of an attribute, after any prefix.
  func localName(_ attribute: Attribute) -> Range<Int> {
    (attribute.colon.map { $0 + 1 } ?? attribute.name.lowerBound)..<attribute.name.upperBound
  }

  /// Whether the attribute declares a namespace (`xmlns`, `xmlns:p`).
  func isNamespaceDeclaration(_ attribute: Attribute) -> Bool {
    if let colon = attribute.colon { return equals(attribute.name.lowerBound..<colon, "xmlns") }
    return equals(attribute.name, "xmlns")
  }

  /// The first attribute of the last start tag with this local name (any prefix, as libxml2's
  /// SAX2 reports attributes to the readers), namespace declarations excepted.
  func attribute(_ local: StaticString) -> Attribute? {
    for a in attributes where equals(localName(a), local) && !isNamespaceDeclaration(a) { return a }
    return nil
  }

  /// An attribute's value with the five predefined entities and character references expanded.
  func decodedValue(_ attribute: Attribute) -> [UInt8] {
    let raw = bytes[attribute.value]
    guard raw.contains(UInt8(ascii: "&")) else { return Array(raw) }
    return MarkupText.decode(raw)
  }

  /// A range's bytes as a string.
  func string(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }
}

/// Escaping and unescaping of XML text for the patchers.
enum MarkupText {
  /// `text` escaped for element content or a double-quoted attribute value.
  ///
  /// - Throws: `workbook.invalid` when the text holds a character XML 1.0 cannot carry
  ///   (a control character other than tab, line feed and carriage return).
  static func escaped(_ text: String) throws(SpreadsheetError) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(text.utf8.count + 8)
    for c in text.utf8 {
      switch c {
      case UInt8(ascii: "&"): out.append(contentsOf: Array("&amp;".utf8))
      case UInt8(ascii: "<"): out.append(contentsOf: Array("&lt;".utf8))
      case UInt8(ascii: ">"): out.append(contentsOf: Array("&gt;".utf8))
      case UInt8(ascii: "\""): out.append(contentsOf: Array("&quot;".utf8))
      case 0x09, 0x0A: out.append(c)
      case 0x0D: out.append(contentsOf: Array("&#13;".utf8))
      case 0..<0x20:
        throw SpreadsheetError(.invalid, .controlCharacter(UInt32(c)))
      default: out.append(c)
      }
    }
    return out
  }

  /// A name the patcher made (a part name, an id, a URI) escaped for an attribute value;
  /// control characters, which such names never hold, are dropped.
  static func escapedName(_ text: String) -> [UInt8] {
    var out: [UInt8] = []
    for c in text.utf8 {
      switch c {
      case UInt8(ascii: "&"): out += Array("&amp;".utf8)
      case UInt8(ascii: "<"): out += Array("&lt;".utf8)
      case UInt8(ascii: "\""): out += Array("&quot;".utf8)
      case 0..<0x20: continue
      default: out.append(c)
      }
    }
    return out
  }

  /// Expands `&amp; &lt; &gt; &quot; &apos;` and `&#N;`/`&#xN;`; anything else is kept.
  static func decode(_ raw: ArraySlice<UInt8>) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(raw.count)
    var i = raw.startIndex
    while i < raw.endIndex {
      guard raw[i] == UInt8(ascii: "&"), let semicolon = raw[i...].firstIndex(of: UInt8(ascii: ";"))
      else {
        out.append(raw[i])
        i += 1
        continue
      }
      let name = String(decoding: raw[(i + 1)..<semicolon], as: UTF8.self)
      var scalar: Unicode.Scalar?
      switch name {
      case "amp": scalar = "&"
      case "lt": scalar = "<"
      case "gt": scalar = ">"
      case "quot": scalar = "\""
      case "apos": scalar = "'"
      default:
        if name.hasPrefix("#x") || name.hasPrefix("#X") {
          scalar = UInt32(name.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init)
        } else if name.hasPrefix("#") {
          scalar = UInt32(name.dropFirst(), radix: 10).flatMap(Unicode.Scalar.init)
        }
      }
      if let scalar {
        out.append(contentsOf: Array(String(Character(scalar)).utf8))
        i = semicolon + 1
      } else {
        out.append(raw[i])
        i += 1
      }
    }
    return out
  }
}

/// The namespace bindings in scope while a part is scanned (Namespaces in XML 1.0 §6).
struct NamespaceScope {
  /// What a namespace is, as far as the patchers care.
  enum Kind { case spreadsheet, relationships, other }
  private struct Binding {
    var prefix: [UInt8]
    var uri: String
    var kind: Kind
  }
  private var bindings: [Binding] = []
  private var marks: [Int] = []

  /// Enters `tag`'s element: binds its declarations, and returns the kind of its name's
  /// namespace. Call ``leave()`` at its end (at once for an empty-element tag).
  mutating func enter(_ tag: MarkupScanner.Tag, in scanner: MarkupScanner) -> Kind {
    marks.append(bindings.count)
    if tag.attributeCount > 0 {
      for a in scanner.attributes where scanner.isNamespaceDeclaration(a) {
        let prefix = a.colon.map { Array(scanner.bytes[($0 + 1)..<a.name.upperBound]) } ?? []
        let uri = String(decoding: scanner.decodedValue(a), as: UTF8.self)
        let kind: Kind =
          XLSXParts.spreadsheetNamespaces.contains(uri)
          ? .spreadsheet : XLSXParts.relationshipNamespaces.contains(uri) ? .relationships : .other
        bindings.append(Binding(prefix: prefix, uri: uri, kind: kind))
      }
    }
    let prefix = scanner.bytes[tag.prefix]
    for b in bindings.reversed() where b.prefix.elementsEqual(prefix) { return b.kind }
    return .other
  }

  mutating func leave() {
    if let mark = marks.popLast() { bindings.removeSubrange(mark...) }
  }

  /// The URI bound to `prefix` (empty: the default namespace), or "".
  func uri(of prefix: ArraySlice<UInt8>) -> String {
    for b in bindings.reversed() where b.prefix.elementsEqual(prefix) { return b.uri }
    return ""
  }

  /// A prefix bound, in scope, to one of `uris`, not shadowed by a later binding, or nil.
  func prefix(boundTo uris: Set<String>) -> [UInt8]? {
    for (i, b) in bindings.enumerated().reversed() where !b.prefix.isEmpty && uris.contains(b.uri) {
      let shadowed = bindings[(i + 1)...].contains { $0.prefix == b.prefix }
      if !shadowed { return b.prefix }
    }
    return nil
  }
}
