import Foundation
import Diagnostics
import Testing

@testable import Workbook


/// Builds small .ods packages by hand and reads them back.
@Suite("ODS reader")
struct ODSReaderTests {
  // MARK: - Fixtures

  static let namespaces = """
    xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" \
    xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" \
    xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" \
    xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" \
    xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" \
    xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"
    """

  /// A content.xml with these automatic styles and this spreadsheet body.
  static func content(body: String, styles: String = "") -> String {
    """
    <?xml version="1.0" encoding="UTF-8"?>
    <office:document-content \(namespaces) office:version="1.3">\
    <office:automatic-styles>\(styles)</office:automatic-styles>\
    <office:body><office:spreadsheet>\(body)</office:spreadsheet></office:body></office:document-content>
    """
  }

  /// One table named `name` holding `rows`.
  static func table(_ rows: String, name: String = "Sheet1", style: String? = nil) -> String {
    let styleAttribute = style.map { " table:style-name=\"\($0)\"" } ?? ""
    return "<table:table table:name=\"\(name)\"\(styleAttribute)>\(rows)</table:table>"
  }

  /// Zips `entries` into a fresh .ods file with the project's own ``ArchiveWriter`` and
  /// returns its path.
  static func package(_ entries: [String: String]) throws -> String {
    try Fixtures.zip("book.ods", entries.sorted(by: { $0.key < $1.key }).map { ($0.key, $0.value) })
  }

  static func read(_ body: String, styles: String = "", options: ReadOptions = .default) throws
    -> Workbook
  {
    let path = try package(["content.xml": content(body: body, styles: styles)])
    return try Workbook(contentsOf: path, options: options)
  }

  static func readError(_ body: String, options: ReadOptions = .default) throws -> SpreadsheetError?
  {
    let path = try package(["content.xml": content(body: body)])
    do {
      _ = try Workbook(contentsOf: path, options: options)
      return nil
    } catch {
      return error
    }
  }

  /// The sheet's cells as `A1 → typed text`, for compact expectations.
  static func values(_ workbook: Workbook, sheet: Int = 0) -> [String: String] {
    var out: [String: String] = [:]
    for cell in workbook.sheets[sheet].cells {
      guard let value = cell.value else { continue }
      let t = workbook.typed(value)
      out[cell.reference.description] = "\(t.type) \(t.text)"
    }
    return out
  }

  // MARK: - Values

  @Test
  func typedValues() throws {
    let row = """
      <table:table-row>\
      <table:table-cell office:value-type="float" office:value="12857.142857"><text:p>12857,14</text:p></table:table-cell>\
      <table:table-cell office:value-type="percentage" office:value="0.25"><text:p>25 %</text:p></table:table-cell>\
      <table:table-cell office:value-type="currency" office:currency="EUR" office:value="-3.5"/>\
      <table:table-cell office:value-type="date" office:date-value="2024-05-21"/>\
      <table:table-cell office:value-type="date" office:date-value="2003-02-01T00:00:00"/>\
      <table:table-cell office:value-type="date" office:date-value="2003-02-01T12:30:00"/>\
      <table:table-cell office:value-type="time" office:time-value="PT12H30M00S"/>\
      <table:table-cell office:value-type="time" office:time-value="PT28H05M06S"/>\
      <table:table-cell office:value-type="boolean" office:boolean-value="true"/>\
      <table:table-cell office:value-type="string" office:string-value="stored"><text:p>shown</text:p></table:table-cell>\
      <table:table-cell office:value-type="float" office:string-value="OK" table:formula="of:=IF(1;&quot;OK&quot;)"/>\
      <table:table-cell><text:p>untyped</text:p></table:table-cell>\
      </table:table-row>
      """
    let workbook = try Self.read(Self.table(row))
    #expect(workbook.format == .ods)
    let v = Self.values(workbook)
    #expect(v["A1"] == "number 12857.142857")
    #expect(workbook.sheets[0].cells[1].value == .number(0.25, .percentage))
    #expect(workbook.sheets[0].cells[2].value == .number(-3.5, .currency))
    #expect(v["D1"] == "date 2024-05-21")
    #expect(v["E1"] == "datetime 2003-02-01T00:00:00")
    #expect(v["F1"] == "datetime 2003-02-01T12:30:00")
    #expect(v["G1"] == "time 12:30:00")
    #expect(v["H1"] == "duration PT28H5M6S")
    #expect(v["I1"] == "bool TRUE")
    #expect(v["J1"] == "string stored")
    #expect(v["K1"] == "string OK")
    #expect(v["L1"] == "string untyped")
    let formula = workbook.sheets[0].formulas[CellReference(row: 0, column: 10)]
    #expect(formula == CellFormula(text: "of:=IF(1;\"OK\")", dialect: .odf))
  }

  @Test
  func errorResults() throws {
    let calcext =
      "xmlns:calcext=\"urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0\""
    let row = """
      <table:table-row>\
      <table:table-cell \(calcext) table:formula="of:=1/0" office:value-type="string" office:string-value="" \
      calcext:value-type="error"><text:p>#DIV/0!</text:p></table:table-cell>\
      <table:table-cell \(calcext) table:formula="of:=#NULL!" office:value-type="string" office:string-value="" \
      calcext:value-type="error"><text:p/></table:table-cell>\
      </table:table-row>
      """
    let workbook = try Self.read(Self.table(row))
    let sheet = workbook.sheets[0]
    #expect(sheet.cells.map(\.value) == [.error("#DIV/0!"), nil])
    #expect(sheet.formulas.count == 2)
  }

  @Test
  func encryptedPackageIsRefused() throws {
    let manifest = """
      <?xml version="1.0" encoding="UTF-8"?>
      <manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">\
      <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml">\
      <manifest:encryption-data manifest:checksum-type="SHA1/1K" manifest:checksum="AAAA"/>\
      </manifest:file-entry></manifest:manifest>
      """
    let path = try Self.package([
      "content.xml": "not xml at all", "META-INF/manifest.xml": manifest,
    ])
    do {
      _ = try Workbook(contentsOf: path)
      Issue.record("an encrypted package was read")
    } catch {
      #expect(error.code == .encrypted)
    }
  }

  @Test
  func textRunsAndParagraphs() throws {
    let rows = """
      <table:table-row>\
      <table:table-cell office:value-type="string"><text:p>a<text:s/>b<text:s text:c="3"/>c</text:p></table:table-cell>\
      <table:table-cell office:value-type="string"><text:p>tab<text:tab/>end<text:line-break/>next</text:p></table:table-cell>\
      <table:table-cell office:value-type="string"><text:p>one</text:p><text:p>two</text:p><text:p/></table:table-cell>\
      <table:table-cell office:value-type="string"><text:p><text:span text:style-name="T1">bold</text:span> and \
      <text:a xlink:href="https://example.org" xmlns:xlink="http://www.w3.org/1999/xlink">link</text:a></text:p></table:table-cell>\
      <table:table-cell office:value-type="string"><office:annotation><text:p>a comment</text:p></office:annotation><text:p>shown</text:p></table:table-cell>\
      <table:table-cell office:value-type="string"><text:p></text:p></table:table-cell>\
      <table:table-cell office:value-type="string"><draw:frame><draw:image><text:p>image text</text:p></draw:image></draw:frame><text:p>x</text:p></table:table-cell>\
      </table:table-row>
      """
    let workbook = try Self.read(Self.table(rows))
    let v = Self.values(workbook)
    #expect(v["A1"] == "string a b   c")
    #expect(v["B1"] == "string tab\tend\nnext")
    #expect(v["C1"] == "string one\ntwo\n")
    #expect(v["D1"] == "string bold and link")
    #expect(v["E1"] == "string shown")
    #expect(v["F1"] == nil, "an empty string is no cell")
    #expect(v["G1"] == "string x")
  }

  @Test
  func prettyPrintedWhitespaceIsNotText() throws {
    let body = """
      <table:table table:name="Pretty">
        <table:table-row>
          <table:table-cell office:value-type="string">
            <text:p>Name</text:p>
          </table:table-cell>
          <table:table-cell/>
          <table:table-cell office:value-type="float" office:value="2">
            <text:p>2</text:p>
          </table:table-cell>
        </table:table-row>
      </table:table>
      """
    let workbook = try Self.read(body)
    #expect(Self.values(workbook) == ["A1": "string Name", "C1": "number 2"])
  }

  // MARK: - Repeats, spans, covered cells

  @Test
  func repeatedCellsAndRows() throws {
    let rows = """
      <table:table-header-rows><table:table-row>\
      <table:table-cell office:value-type="string"><text:p>head</text:p></table:table-cell>\
      </table:table-row></table:table-header-rows>\
      <table:table-row table:number-rows-repeated="2">\
      <table:table-cell table:number-columns-repeated="2"/>\
      <table:table-cell office:value-type="float" office:value="7" table:number-columns-repeated="2" table:formula="of:=3+4"/>\
      <table:table-cell table:number-columns-repeated="16380"/>\
      </table:table-row>\
      <table:table-row-group><table:table-row table:number-rows-repeated="3"><table:table-cell table:number-columns-repeated="16384"/></table:table-row>\
      <table:table-rows><table:table-row><table:table-cell office:value-type="boolean" office:boolean-value="false"/></table:table-row></table:table-rows>\
      </table:table-row-group>
      """
    let workbook = try Self.read(Self.table(rows))
    let sheet = workbook.sheets[0]
    #expect(sheet.cells.map(\.reference.description) == ["A1", "C2", "D2", "C3", "D3", "A7"])
    #expect(
      sheet.cells.allSatisfy {
        $0.reference.row == 0 || $0.reference.row == 6 || $0.value == .number(7, .plain)
      })
    #expect(sheet.formulas.count == 4)
    #expect(sheet.formulas[CellReference("D3")!]?.text == "of:=3+4")
    #expect(Self.values(workbook)["A7"] == "bool FALSE")
  }

  @Test
  func spansAndCoveredCells() throws {
    let rows = """
      <table:table-row>\
      <table:table-cell office:value-type="string" table:number-columns-spanned="2" table:number-rows-spanned="2"><text:p>merged</text:p></table:table-cell>\
      <table:covered-table-cell/>\
      <table:table-cell table:number-columns-spanned="3"/><table:covered-table-cell table:number-columns-repeated="2"/>\
      </table:table-row>\
      <table:table-row>\
      <table:covered-table-cell table:number-columns-repeated="2"/>\
      <table:covered-table-cell office:value-type="float" office:value="5"/>\
      </table:table-row>
      """
    let workbook = try Self.read(Self.table(rows))
    let sheet = workbook.sheets[0]
    #expect(sheet.merged.map(\.description) == ["A1:B2", "C1:E1"])
    #expect(Self.values(workbook) == ["A1": "string merged", "C2": "number 5"])
  }

  @Test
  func millionRowEmptyBlockCostsNothing() throws {
    // LibreOffice's padding: 16,374 empty cells per row, then the rest of the grid empty.
    let rows = """
      <table:table-row><table:table-cell office:value-type="float" office:value="1"/>\
      <table:table-cell table:number-columns-repeated="16383"/></table:table-row>\
      <table:table-row table:number-rows-repeated="1048574"><table:table-cell table:number-columns-repeated="16384"/></table:table-row>\
      <table:table-row><table:table-cell table:number-columns-repeated="16384"/></table:table-row>\
      <table:table-row table:number-rows-repeated="99999999999"><table:table-cell table:number-columns-repeated="99999999999"/></table:table-row>
      """
    let clock = ContinuousClock()
    let start = clock.now
    let workbook = try Self.read(Self.table(rows))
    let elapsed = clock.now - start
    #expect(workbook.sheets[0].cells.count == 1)
    #expect(elapsed < .seconds(2))
  }

  @Test
  func repeatBombHitsTheCellCap() throws {
    let rows = """
      <table:table-row table:number-rows-repeated="1000000">\
      <table:table-cell office:value-type="string" table:number-columns-repeated="16384"><text:p>X</text:p></table:table-cell>\
      </table:table-row>
      """
    let error = try #require(try Self.readError(Self.table(rows)))
    #expect(error.code == .workbookLimit)
    #expect(error.problem == .tooManyCells(limit: 5_000_000))
    #expect(error.message.contains("5,000,000"))

    var small = ReadOptions.default
    small.maxCells = 10
    let row = """
      <table:table-row><table:table-cell office:value-type="float" office:value="1" table:number-columns-repeated="11"/></table:table-row>
      """
    let capped = try #require(try Self.readError(Self.table(row), options: small))
    #expect(capped.code == .workbookLimit)
  }

  @Test
  func contentPastTheGridIsRefused() throws {
    let rows = """
      <table:table-row table:number-rows-repeated="1048576"><table:table-cell/></table:table-row>\
      <table:table-row><table:table-cell office:value-type="float" office:value="1"/></table:table-row>
      """
    let error = try #require(try Self.readError(Self.table(rows)))
    #expect(error.code == .workbookLimit)

    let wide = """
      <table:table-row><table:table-cell table:number-columns-repeated="16384"/>\
      <table:table-cell office:value-type="float" office:value="1"/></table:table-row>
      """
    #expect(try Self.readError(Self.table(wide))?.code == .workbookLimit)
  }

  @Test(arguments: ["-1", "abc", "99999999999999999999"])
  func badRepeatCountIsInvalid(count: String) throws {
    let rows = """
      <table:table-row table:number-rows-repeated="\(count)"><table:table-cell/></table:table-row>
      """
    let error = try #require(try Self.readError(Self.table(rows)))
    #expect(error.code == .invalid)
    let cells = """
      <table:table-row><table:table-cell table:number-columns-repeated="\(count)"/></table:table-row>
      """
    #expect(try Self.readError(Self.table(cells))?.code == .invalid)
  }

  // MARK: - Workbook

  @Test
  func sheetsVisibilityNamesAndProducer() throws {
    let styles = """
      <style:style style:name="ta1" style:family="table"><style:table-properties table:display="true"/></style:style>\
      <style:style style:name="ta2" style:family="table"><style:table-properties table:display="false"/></style:style>
      """
    let body =
      Self.table(
        "<table:table-row><table:table-cell/></table:table-row>", name: "Budget «2024»",
        style: "ta1")
      + Self.table(
        "<table:named-expressions><table:named-range table:name=\"Local\" table:cell-range-address=\"$Hidden.$A$1\"/></table:named-expressions>",
        name: "Hidden", style: "ta2")
      + Self.table("", name: "Plain")
        + """
        <table:named-expressions><table:named-range table:name="Total" table:base-cell-address="$'Budget «2024»'.$A$1" \
        table:cell-range-address="$'Budget «2024»'.$B$2:.$B$9"/></table:named-expressions>
        """
    let meta = """
      <?xml version="1.0" encoding="UTF-8"?>
      <office:document-meta \(Self.namespaces)><office:meta><meta:generator>LibreOffice/24.8</meta:generator></office:meta></office:document-meta>
      """
    let path = try Self.package([
      "content.xml": Self.content(body: body, styles: styles), "meta.xml": meta,
    ])
    let workbook = try Workbook(contentsOf: path)
    #expect(workbook.sheets.map(\.name) == ["Budget «2024»", "Hidden", "Plain"])
    #expect(workbook.sheets.map(\.visibility) == [.visible, .hidden, .visible])
    #expect(workbook.sheets.allSatisfy { $0.kind == .worksheet })
    #expect(workbook.producer == "LibreOffice/24.8")
    #expect(
      workbook.definedNames == [
        DefinedName(name: "Local", formula: "$Hidden.$A$1", sheetIndex: 1),
        DefinedName(name: "Total", formula: "$'Budget «2024»'.$B$2:.$B$9"),
      ])
  }

  @Test
  func missingContentIsAMissingPart() throws {
    let path = try Self.package(["mimetype": "application/vnd.oasis.opendocument.spreadsheet"])
    #expect(throws: SpreadsheetError.self) { try Workbook(contentsOf: path) }
    do {
      _ = try Workbook(contentsOf: path)
    } catch {
      #expect(error.code == .missingPart)
    }
  }

  @Test
  func malformedContentIsRefused() throws {
    let path = try Self.package(["content.xml": "<office:document-content><table:table>"])
    do {
      _ = try Workbook(contentsOf: path)
      Issue.record("a malformed content.xml was read")
    } catch {
      #expect(error.code == .xmlMalformed)
    }
  }
}

@Suite("ODS cell styles")
struct ODSCellStyleTests {
  @Test func readsBoldAndIndentFromAutomaticStylesAndColumnDefaults() throws {
    let styles = """
      <style:style style:name="ce1" style:family="table-cell"><style:text-properties fo:font-weight="bold"/></style:style>\
      <style:style style:name="ce2" style:family="table-cell"><style:paragraph-properties fo:margin-left="0.706cm"/></style:style>\
      <style:style style:name="ce3" style:family="table-cell"><style:text-properties fo:font-weight="normal"/></style:style>
      """
    let body = ODSReaderTests.table(
      """
      <table:table-column table:default-cell-style-name="ce2"/><table:table-column table:number-columns-repeated="3"/>\
      <table:table-row><table:table-cell table:style-name="ce1" office:value-type="string"><text:p>TOTAL</text:p></table:table-cell>\
      <table:table-cell table:style-name="ce3" office:value-type="float" office:value="1"/></table:table-row>\
      <table:table-row><table:table-cell office:value-type="string"><text:p>dont</text:p></table:table-cell></table:table-row>
      """)
    let content = ODSReaderTests.content(body: body, styles: styles)
      .replacingOccurrences(
        of: "office:version=", with: "xmlns:fo=\"urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0\" office:version=")
    let path = try ODSReaderTests.package(["content.xml": content])
    let wb = try Workbook(contentsOf: path)
    let cells = wb.sheets[0].cells
    #expect(wb.style(of: cells[0]).bold)
    #expect(!wb.style(of: cells[1]).bold)
    #expect(wb.style(of: cells[2]).indent == 2)
    #expect(!wb.style(of: cells[2]).bold)
  }

  @Test func convertsMarginsToIndentLevels() {
    #expect(ContentReader.indentLevel("0.353cm") == 1)
    #expect(ContentReader.indentLevel("0.1665in") == 1)
    #expect(ContentReader.indentLevel("20pt") == 2)
    #expect(ContentReader.indentLevel("0cm") == 0)
    #expect(ContentReader.indentLevel("abc") == 0)
  }
}
