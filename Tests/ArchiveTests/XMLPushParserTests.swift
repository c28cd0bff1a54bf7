import Diagnostics
import Testing
import XMLStream

/// Collects what the parser reports, for assertions.
final class Recorder: XMLContentHandler {
  var events: [String] = []
  var text = ""
  var attributeValues: [String] = []

  func startElement(_ name: XMLName, namespace: XMLName, attributes: XMLAttributes) throws(SpreadsheetError) {
    events.append("<" + name.string)
    for a in attributes { attributeValues.append(a.value.string) }
  }
  func endElement(_ name: XMLName, namespace: XMLName) throws(SpreadsheetError) {
    events.append("</" + name.string)
  }
  func characters(_ t: XMLBytes) throws(SpreadsheetError) { text += t.string }
}

@Suite("XML push parser")
struct XMLPushParserTests {
  func parse(_ xml: String, limits: XMLLimits = .default) throws(SpreadsheetError) -> Recorder {
    let parser = try XMLPushParser(partName: "test.xml", limits: limits)
    let recorder = Recorder()
    parser.setHandler(recorder)
    try parser.parse(Array(xml.utf8))
    return recorder
  }

  func code(_ xml: String, limits: XMLLimits = .default) -> String? {
    do {
      _ = try parse(xml, limits: limits)
      return nil
    } catch {
      return error.code.rawValue
    }
  }

  @Test func readsElementsTextAndDecodedAttributes() throws {
    let r = try parse(#"<a x="1 &amp; 2 &lt; 3 &#38; &#x41;"><b>t&amp;u &#38;#38;</b><![CDATA[<c>]]></a>"#)
    #expect(r.events == ["<a", "<b", "</b", "</a"])
    #expect(r.attributeValues == ["1 & 2 < 3 & A"])
    #expect(r.text == "t&u &#38;<c>")
  }

  @Test func refusesDoctypeAndEntityExpansion() {
    let laughs = """
      <?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>
      <lolz>&lol2;</lolz>
      """
    #expect(code(laughs) == "xml.forbidden")
    let external = #"<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>"#
    #expect(code(external) == "xml.forbidden")
    let network = #"<?xml version="1.0"?><!DOCTYPE r SYSTEM "http://127.0.0.1:9/evil.dtd"><r/>"#
    #expect(code(network) == "xml.forbidden")
  }

  @Test func undeclaredEntityIsMalformed() {
    #expect(code("<r>&nope;</r>") == "xml.malformed")
  }

  @Test func boundsNestingDepth() {
    let deep = String(repeating: "<a>", count: 200_000) + String(repeating: "</a>", count: 200_000)
    #expect(code(deep) == "xml.limit")
    let fine = String(repeating: "<a>", count: 100) + String(repeating: "</a>", count: 100)
    #expect(code(fine) == nil)
  }

  func feed(_ parser: XMLPushParser, _ bytes: [UInt8]) throws(SpreadsheetError) {
    var failure: SpreadsheetError?
    bytes.withUnsafeBytes { raw in
      do throws(SpreadsheetError) { try parser.feed(raw) } catch { failure = error }
    }
    if let failure { throw failure }
  }

  @Test func boundsTextLength() throws {
    // Fed in 64 KiB chunks, as the readers feed parts from the zip stream.
    let parser = try XMLPushParser(partName: "big.xml")
    parser.setHandler(Recorder())
    let chunk = [UInt8](repeating: 0x78, count: 1 << 16)
    var caught: SpreadsheetError?
    do {
      try feed(parser, Array("<a>".utf8))
      for _ in 0..<(64 << 4) { try feed(parser, chunk) }
    } catch {
      caught = error
    }
    #expect(caught?.code == .xmlLimit)
    #expect(caught?.message.contains("MiB") == true)
    #expect(code("<a>" + String(repeating: "x", count: 1000) + "</a>", limits: XMLLimits(maxTextBytes: 100)) == "xml.limit")
  }

  @Test func malformedAndInvalidUTF8AreRefusedWithALine() throws {
    do {
      _ = try parse("<a>\n<b></a>")
      Issue.record("accepted malformed XML")
    } catch {
      #expect(error.code == .xmlMalformed)
      #expect(error.location.part == "test.xml")
      #expect(error.location.line != nil)
    }
    let parser = try XMLPushParser(partName: "bad.xml")
    parser.setHandler(Recorder())
    #expect(throws: SpreadsheetError.self) { try parser.parse([0x3C, 0x61, 0x3E, 0xFF, 0xFE, 0x3C, 0x2F, 0x61, 0x3E]) }
    #expect(code("") == "xml.malformed")
    #expect(code("<a>") == "xml.malformed")
  }

  @Test func parsesNumbersFromBytes() {
    #expect(NumberParser.parseDouble("49600") == 49600)
    #expect(NumberParser.parseDouble("-1.5E3") == -1500)
    #expect(NumberParser.parseDouble(" 8571.4285714285706 ") == 8571.4285714285706)
    #expect(NumberParser.parseDouble("1e999") == nil)
    #expect(NumberParser.parseDouble("nan") == nil)
    #expect(NumberParser.parseDouble("inf") == nil)
    #expect(NumberParser.parseDouble("0x10") == nil)
    #expect(NumberParser.parseDouble("12,5") == nil)
    #expect(NumberParser.parseDouble("") == nil)
    #expect(NumberParser.parseDouble("-") == nil)
    #expect(NumberParser.parseDouble("1.2.3") == nil)
    #expect(NumberParser.parseDouble("-0.5") == -0.5)
  }

  @Test func fastDecimalPathRoundsLikeTheStandardLibrary() {
    var generator = SystemRandomNumberGenerator()
    for _ in 0..<100_000 {
      let whole = Int.random(in: 0...9_999_999, using: &generator)
      let places = Int.random(in: 0...8, using: &generator)
      let fraction = Int.random(in: 0...99_999_999, using: &generator) % Int(pow10(places))
      var text = String(whole)
      if places > 0 {
        let f = String(fraction)
        text += "." + String(repeating: "0", count: places - f.count) + f
      }
      if Bool.random(using: &generator) { text = "-" + text }
      #expect(NumberParser.parseDouble(text) == Double(text), "\(text)")
    }
  }

  func pow10(_ k: Int) -> Double { (0..<k).reduce(1.0) { acc, _ in acc * 10 } }
}
