import Diagnostics
import Testing
import XMLStream

/// The markup toolkit the patchers and writers share: scanner, namespace scope, escaping.
@Suite("Markup toolkit")
struct MarkupToolkitTests {
  /// Every token of `xml`, as `kind:bytes`.
  static func tokens(_ xml: String) throws(SpreadsheetError) -> [String] {
    let bytes = Array(xml.utf8)
    return try bytes.withUnsafeBufferPointer { buffer throws(SpreadsheetError) in
      var scanner = MarkupScanner(buffer, part: "p.xml")
      var out: [String] = []
      while let token = try scanner.next() {
        switch token {
        case .start(let tag):
          var s = "start:" + scanner.string(tag.name) + (tag.isEmptyElement ? "/" : "")
          for a in tag.attributes {
            s += " " + scanner.string(a.name) + "=" + scanner.string(a.value)
          }
          out.append(s)
        case .end(_, let name): out.append("end:" + scanner.string(name))
        case .text(let r): out.append("text:" + scanner.string(r))
        case .cdata(let content, _): out.append("cdata:" + scanner.string(content))
        case .other(let r): out.append("other:" + scanner.string(r))
        }
      }
      return out
    }
  }

  static func error(_ xml: String) -> SpreadsheetError? {
    do {
      _ = try tokens(xml)
      return nil
    } catch {
      return error
    }
  }

  // MARK: Scanner

  @Test func tagsAttributesAndTheMarkupAroundThem() throws {
    let xml = """
      <?xml version="1.0"?><x:a xmlns:x='urn:a' v="1>2/3" w = 'it"s'><!-- <b> --><![CDATA[</a>&amp;]]>t&amp;<b/></x:a >
      """
    #expect(
      try Self.tokens(xml) == [
        #"other:<?xml version="1.0"?>"#,
        #"start:x:a xmlns:x=urn:a v=1>2/3 w=it"s"#,
        "other:<!-- <b> -->",
        "cdata:</a>&amp;",
        "text:t&amp;",
        "start:b/",
        "end:x:a",
      ])
  }

  @Test func spansRemoveAnAttributeAndNothingElse() throws {
    let xml = #"<c r="B5"  s='3'\#tt="n"/>"#
    let bytes = Array(xml.utf8)
    try bytes.withUnsafeBufferPointer { buffer throws(SpreadsheetError) in
      var scanner = MarkupScanner(buffer)
      guard case .start(let tag)? = try scanner.next() else {
        Issue.record("no start tag")
        return
      }
      let s = tag.attributes[1]
      #expect(scanner.string(s.span) == "  s='3'")
      var without = Array(bytes[..<s.span.lowerBound]) + bytes[s.span.upperBound...]
      #expect(String(decoding: without, as: UTF8.self) == #"<c r="B5"\#tt="n"/>"#)
      without =
        Array(bytes[..<tag.attributesEnd]) + Array(" x=\"1\"".utf8) + bytes[tag.attributesEnd...]
      #expect(String(decoding: without, as: UTF8.self) == #"<c r="B5"  s='3'\#tt="n" x="1"/>"#)
      #expect(scanner.string(tag.prefix).isEmpty && scanner.string(tag.localName) == "c")
    }
  }

  @Test func refusesWhatItCannotRead() {
    #expect(Self.error("<!DOCTYPE a [<!ENTITY e 'x'>]><a/>")?.code == .xmlForbidden)
    #expect(Self.error("<a><!ELEMENT a ANY></a>")?.code == .xmlMalformed)
    // Attributes must be separated by white space (XML 1.0 §3.1).
    #expect(Self.error(#"<a b="1"c="2"/>"#)?.code == .xmlMalformed)
    #expect(Self.error(#"<a b=1/>"#)?.code == .xmlMalformed)
    #expect(Self.error("<a><!-- never closed </a>")?.code == .xmlMalformed)
    #expect(Self.error("<a><![CDATA[ never closed </a>")?.code == .xmlMalformed)
    let unclosed = Self.error("<a>\n  <b c=\"1/>\n</a>")
    #expect(unclosed?.code == .xmlMalformed)
    #expect(unclosed?.location.line == 2 && unclosed?.location.column == 6)
    #expect(unclosed?.location.part == "p.xml")
  }

  // MARK: Namespaces

  enum Kind: Equatable { case none, main, rels, other }

  static func scope() -> NamespaceScope<Kind> {
    NamespaceScope(unbound: .other) { uri in
      switch String(decoding: uri, as: UTF8.self) {
      case "": .none
      case "urn:main": .main
      case "urn:rels": .rels
      default: .other
      }
    }
  }

  /// The namespace of each start tag and of its attributes, as `name=kind`.
  static func resolved(_ xml: String) throws -> [String] {
    let bytes = Array(xml.utf8)
    return try bytes.withUnsafeBufferPointer { buffer in
      var scanner = MarkupScanner(buffer)
      var scope = Self.scope()
      var out: [String] = []
      while let token = try scanner.next() {
        switch token {
        case .start(let tag):
          scope.enter(tag, in: scanner)
          let (kind, local) = scope.resolve(tag, in: scanner)
          out.append("\(scanner.string(local))=\(kind)")
          for a in tag.attributes where !scanner.isNamespaceDeclaration(a) {
            let (k, l) = scope.resolve(a, in: scanner)
            out.append("@\(scanner.string(l))=\(k)")
          }
          if tag.isEmptyElement { scope.leave() }
        case .end: scope.leave()
        default: break
        }
      }
      #expect(scope.depth == 0)
      return out
    }
  }

  @Test func namesAreMatchedByNamespaceNotByPrefix() throws {
    let xml = """
      <main xmlns="urn:main" xmlns:R="urn:rels"><_x.1:c xmlns:_x.1="urn:main" R:id="a" r="B5"/>\
      <d xmlns="urn:other"><e/><main:f xmlns:main="urn:rels"/></d><g xmlns=""/><h:i/><main/></main>
      """
    #expect(
      try Self.resolved(xml) == [
        "main=main", "c=main", "@id=rels", "@r=none", "d=other", "e=other", "f=rels", "g=none",
        "i=other", "main=main",
      ])
  }

  @Test func prefixesInScopeAndFreshOnes() throws {
    let xml =
      #"<a xmlns:t="urn:main" xmlns:t2="urn:x"><b xmlns:t="urn:other" xmlns:u="urn:main"/></a>"#
    let bytes = Array(xml.utf8)
    try bytes.withUnsafeBufferPointer { buffer in
      var scanner = MarkupScanner(buffer)
      var scope = Self.scope()
      guard case .start(let a)? = try scanner.next() else { return }
      scope.enter(a, in: scanner)
      #expect(scope.prefix(for: .main) == Array("t".utf8))
      guard case .start(let b)? = try scanner.next() else { return }
      scope.enter(b, in: scanner)
      // `t` is shadowed by `urn:other` here: `u` is the prefix for urn:main.
      #expect(scope.prefix(for: .main) == Array("u".utf8))
      #expect(scope.uri(ofPrefix: Array("t".utf8)) == Array("urn:other".utf8))
      #expect(scope.freshPrefix(Array("t".utf8)) == Array("t3".utf8))
      #expect(scope.freshPrefix(Array("v".utf8), avoiding: [Array("v".utf8)]) == Array("v2".utf8))
      scope.leave()
      #expect(scope.prefix(for: .main) == Array("t".utf8))
      scope.bind(Array("dc".utf8), to: Array("urn:rels".utf8))
      #expect(scope.prefix(for: .rels) == Array("dc".utf8))
    }
  }

  // MARK: Entities

  static func decoded(_ raw: String) -> String {
    String(decoding: XMLEscaping.decodedAttributeValue(Array(raw.utf8)), as: UTF8.self)
  }

  @Test func attributeValuesReadAsAParserReportsThem() {
    #expect(Self.decoded("a&amp;lt;b") == "a&lt;b")  // expanded once, not twice
    #expect(Self.decoded("&lt;&gt;&quot;&apos;&amp;") == "<>\"'&")
    #expect(Self.decoded("&#233;&#xE9;&#x1D11E;") == "éé𝄞")
    // Not references: kept as written.
    #expect(Self.decoded("&#X41;&#x;&#;&nbsp;&#1114112;& b") == "&#X41;&#x;&#;&nbsp;&#1114112;& b")
    // Attribute-value normalisation: raw white space is a space, references keep theirs.
    #expect(Self.decoded("a\tb\nc\r\nd&#10;e&#9;f&#13;") == "a b c d\ne\tf\r")
  }

  // MARK: Escaping

  static func escaped(
    _ text: String, attribute: Bool, quoting: XMLEscaping.Quoting = .attributesOnly,
    ascii: Bool = false
  ) -> (String, Int) {
    let (bytes, dropped) = XMLEscaping.escaped(
      text, inAttribute: attribute, quoting: quoting, asciiOnly: ascii)
    return (String(decoding: bytes, as: UTF8.self), dropped)
  }

  @Test func escapesMarkupAndWhiteSpaceWhereAParserWouldChangeIt() {
    #expect(Self.escaped(#"a<b&c>"d""#, attribute: false) == (#"a&lt;b&amp;c&gt;"d""#, 0))
    #expect(Self.escaped(#"a<b&c>"d""#, attribute: true) == ("a&lt;b&amp;c&gt;&quot;d&quot;", 0))
    #expect(Self.escaped(#""d""#, attribute: false, quoting: .everywhere) == ("&quot;d&quot;", 0))
    #expect(Self.escaped("a\tb\nc\rd", attribute: false) == ("a\tb\nc&#13;d", 0))
    #expect(Self.escaped("a\tb\nc\rd", attribute: true) == ("a&#9;b&#10;c&#13;d", 0))
    #expect(Self.escaped("é𝄞", attribute: false) == ("é𝄞", 0))
    #expect(Self.escaped("é𝄞<", attribute: true, ascii: true) == ("&#233;&#119070;&lt;", 0))
  }

  @Test func charactersXMLCannotCarryAreLeftOutAndCounted() {
    #expect(Self.escaped("a\u{0}b\u{1}c\u{B}\u{C}\u{1F}d", attribute: false) == ("abcd", 5))
    #expect(Self.escaped("x\u{FFFE}y\u{FFFF}z\u{FFFD}", attribute: true) == ("xyz\u{FFFD}", 2))
    #expect(Self.escaped("\u{7}", attribute: false, quoting: .everywhere, ascii: true) == ("", 1))
    // The writer counts them too.
    var w = XMLWriter()
    w.text("a\u{8}b")
    w.attribute("v", "\u{1B}[0m")
    #expect(String(decoding: w.take(), as: UTF8.self) == #"ab v="[0m""#)
    #expect(w.droppedCharacters == 2)
  }

  @Test func escapedTextReadsBackAsWritten() throws {
    // Every XML character survives escaping and the parser's normalisation.
    let text = "a\tb\nc\rd \"q\" 'a' <&> é 𝄞"
    let (attribute, _) = Self.escaped(text, attribute: true)
    #expect(Self.decoded(attribute) == text)
  }
}

/// Numbers as the writers write them: the shortest text that reads back, as `description` has it.
@Suite("XML writer numbers")
struct XMLWriterNumberTests {
  static func written(_ value: Double) -> String {
    var w = XMLWriter()
    w.number(value)
    return String(decoding: w.take(), as: UTF8.self)
  }

  @Test func decimalsAreWrittenAsDescriptionWritesThem() {
    var generator = SystemRandomNumberGenerator()
    var values: [Double] = [
      0.5, -0.5, 0.1 + 0.2, 12.34, 1.05, 0.001, 0.00123, 999_999_999.999999, 123_456_789.5,
      1e-3 + 1e-9, 2.675, 1.0 / 3, -1234.5678, 0.0015, 100.01, 1e9 - 0.5, 4.35, 8.675,
    ]
    for _ in 0..<100_000 {
      let cents = Double(Int.random(in: -10_000_000...10_000_000, using: &generator)) / 100
      values.append(cents)
      values.append(Double(Int.random(in: 1...999_999, using: &generator)) / 1_000_000)
      values.append(Double.random(in: -1e6...1e6, using: &generator))
      values.append(Double(Int.random(in: 1...99_999, using: &generator)) / 1000 * 1.1)
    }
    for v in values where v != v.rounded(.towardZero) {
      #expect(Self.written(v) == v.description, "\(v)")
    }
    #expect(Self.written(12) == "12" && Self.written(-3) == "-3" && Self.written(1.5e-5) == "1.5e-05")
  }
}
