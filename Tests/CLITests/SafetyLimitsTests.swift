import Foundation
import Testing

/// Each cap of the README's "Safety limits" table that has no other test here: hit at its default
/// (the error code, or a `formula.limit` reason naming the option) and passed once the option
/// raises it, through the built `equilibre`.
@Suite("Safety limits through the command line")
struct SafetyLimitsTests {
  typealias Hostile = HostileFilesTests

  static let folder: URL = {
    let url = FileManager.default.temporaryDirectory
      .appendingPathComponent("equilibre-limits-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }()

  /// Writes a fixture and gives its path.
  static func fixture(_ name: String, _ make: (String) throws -> Void) throws -> String {
    let path = folder.appendingPathComponent(name).path
    try make(path)
    return path
  }

  /// `cells --recalculate --format json` on `path` with `options`: the first sheet's value of
  /// `ref` as JSON prints it, and its unsupported reason if any.
  static func recalculated(_ path: String, _ ref: String, _ options: [String] = []) throws
    -> (value: String?, reason: String?)
  {
    let r = try CLI.run(["cells", path, "--recalculate", "--format", "json"] + options)
    #expect(r.status == 0, "\(r.stderr)")
    let doc = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
    let sheet = try #require((doc?["sheets"] as? [[String: Any]])?.first)
    let cell = (sheet["cells"] as? [[Any]])?.first { "\($0[0])" == ref }
    let reason = (sheet["unsupported"] as? [[String]])?.first { $0[0] == ref }?[1]
    return (cell.map { "\($0[2])" }, reason)
  }

  /// The error code `info --format json` refuses `path` with, or nil when it reads it.
  static func refusal(_ path: String, _ options: [String] = []) throws -> String? {
    let r = try CLI.run(["info", path, "--format", "json"] + options)
    guard r.status != 0 else { return nil }
    #expect(r.status == 2)
    let doc = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
    return (doc?["error"] as? [String: Any])?["code"] as? String
  }

  @Test func formulaLength() throws {
    let long = Array(repeating: "1", count: 4097).joined(separator: "+")
    let path = try Self.fixture("long.xlsx", Hostile.xlsx(Hostile.formulaRow([long])))
    let hit = try Self.recalculated(path, "A1")
    #expect(hit.reason?.hasPrefix("formula.limit: the formula has 8193 characters") == true)
    #expect(hit.reason?.hasSuffix("(raise with --max-formula-length)") == true)
    let raised = try Self.recalculated(path, "A1", ["--max-formula-length", "9000"])
    #expect(raised.value == "4097" && raised.reason == nil)
  }

  @Test func formulaDepth() throws {
    let deep = String(repeating: "(", count: 300) + "5" + String(repeating: ")", count: 300)
    let path = try Self.fixture("deep.xlsx", Hostile.xlsx(Hostile.formulaRow([deep])))
    let hit = try Self.recalculated(path, "A1")
    #expect(hit.reason?.hasPrefix("formula.limit: the formula nests deeper than 256") == true)
    #expect(hit.reason?.hasSuffix("(raise with --max-formula-depth)") == true)
    let raised = try Self.recalculated(path, "A1", ["--max-formula-depth", "400"])
    #expect(raised.value == "5" && raised.reason == nil)
  }

  /// 21 sheets that end at the grid's last row cost 22 million steps to index, past the default
  /// budget, before `=A1*3` is computed.
  @Test func evaluationSteps() throws {
    let count = 21
    let sheets = (0...count).map {
      #"<sheet name="S\#($0)" sheetId="\#($0 + 1)" r:id="rId\#($0 + 1)"/>"#
    }
    let rels = (0...count).map {
      #"<Relationship Id="rId\#($0 + 1)" Type="\#(Hostile.rel)/worksheet" Target="worksheets/sheet\#($0 + 1).xml"/>"#
    }
    let last = Hostile.sheet(#"<row r="1048576"><c r="A1048576"><v>1</v></c></row>"#)
    let path = try Self.fixture(
      "steps.xlsx",
      Hostile.xlsx(
        Hostile.sheet(#"<row r="1"><c r="A1"><v>2</v></c><c r="B1"><f>A1*3</f></c></row>"#),
        workbook:
          #"<workbook xmlns="\#(Hostile.ns)" xmlns:r="\#(Hostile.rel)"><sheets>\#(sheets.joined())</sheets></workbook>"#,
        rels:
          #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\#(rels.joined())</Relationships>"#,
        more: (1...count).map { ("xl/worksheets/sheet\($0 + 1).xml", last) }))
    let hit = try Self.recalculated(path, "B1")
    #expect(
      hit.reason?.hasPrefix("formula.limit: the recalculation needs more than 10000000") == true)
    #expect(hit.reason?.hasSuffix("(raise with --max-evaluation-steps)") == true)
    let raised = try Self.recalculated(path, "B1", ["--max-evaluation-steps", "30000000"])
    #expect(raised.value == "6" && raised.reason == nil)
  }

  @Test func xmlDepth() throws {
    let nested = String(repeating: "<x:a>", count: 300) + String(repeating: "</x:a>", count: 300)
    let path = try Self.fixture(
      "nested.xlsx",
      Hostile.xlsx(
        Hostile.sheet(#"<row r="1"><c r="A1"><v>1</v></c></row>"#)
          .replacingOccurrences(
            of: "</worksheet>",
            with: #"<extLst><ext xmlns:x="urn:x">\#(nested)</ext></extLst></worksheet>"#)))
    #expect(try Self.refusal(path) == "xml.limit")
    #expect(try Self.refusal(path, ["--max-xml-depth", "1000"]) == nil)
  }

  @Test func zipEntries() throws {
    let path = try Self.fixture("entries.xlsx") { path in
      let filler = (0..<100_000).map { ("customXml/item\($0).xml", [UInt8]()) }
      try Hostile.write(path, Hostile.xlsxEntries(sheet: Hostile.sheet("")) + filler)
    }
    #expect(try Self.refusal(path) == "zip.limit")
    #expect(try Self.refusal(path, ["--max-zip-entries", "200000"]) == nil)
  }

  /// 300 cells showing one 1 MiB shared string, or one 1 MiB ODS text repeated on 300 rows:
  /// 300 MiB of text, past the default 256.
  @Test func cellText() throws {
    let long = String(repeating: "z", count: 1 << 20)
    let xlsx = try Self.fixture(
      "text.xlsx",
      Hostile.xlsx(
        Hostile.sheet((1...300).map { #"<row r="\#($0)"><c r="A\#($0)" t="s"><v>0</v></c></row>"# }.joined()),
        sharedStrings: #"<sst xmlns="\#(Hostile.ns)"><si><t>\#(long)</t></si></sst>"#))
    let ods = try Self.fixture(
      "text.ods",
      Hostile.ods(
        #"<table:table-row table:number-rows-repeated="300"><table:table-cell office:value-type="string"><text:p>\#(long)</text:p></table:table-cell></table:table-row>"#
      ))
    for path in [xlsx, ods] {
      #expect(try Self.refusal(path) == "workbook.limit")
      #expect(try Self.refusal(path, ["--max-cell-text-mib", "400"]) == nil)
    }
  }

  /// Four sheets of 15 MiB of whitespace each, under the ratio floor one by one: 60 MiB together,
  /// refused past a total cap of 40 MiB, read under 100. (The default, 1 GiB, would take seconds
  /// of inflating here; the cap is the same code at any size.)
  @Test func totalInflatedSize() throws {
    let whitespace = Hostile.sheet(#"<row r="1"><c r="A1"><v>1</v></c></row>"#, after: String(repeating: " ", count: 15 << 20))
    let sheets = (1...4).map { #"<sheet name="S\#($0)" sheetId="\#($0)" r:id="rId\#($0)"/>"# }
    let rels = (1...4).map {
      #"<Relationship Id="rId\#($0)" Type="\#(Hostile.rel)/worksheet" Target="worksheets/sheet\#($0).xml"/>"#
    }
    let path = try Self.fixture(
      "whitespace.xlsx",
      Hostile.xlsx(
        whitespace,
        workbook:
          #"<workbook xmlns="\#(Hostile.ns)" xmlns:r="\#(Hostile.rel)"><sheets>\#(sheets.joined())</sheets></workbook>"#,
        rels:
          #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\#(rels.joined())</Relationships>"#,
        more: (2...4).map { ("xl/worksheets/sheet\($0).xml", whitespace) }))
    #expect(try Self.refusal(path) == nil)
    #expect(try Self.refusal(path, ["--max-total-inflated-mib", "40"]) == "zip.limit")
    #expect(try Self.refusal(path, ["--max-total-inflated-mib", "100"]) == nil)
    let r = try CLI.run(["info", path, "--max-total-inflated-mib", "40"])
    #expect(r.stderr.contains("(raise with --max-total-inflated-mib)"), "\(r.stderr)")
  }

  @Test func formulaCapsHaveACeiling() throws {
    for option in [["--max-formula-depth", "100000"], ["--max-formula-length", "1000000"]] {
      let r = try CLI.run(["cells", "samples/seed-meuse-asp.xlsx", "--recalculate"] + option)
      #expect(r.status == 2 && r.stderr.contains("\(option[0]) takes at most"), "\(r.stderr)")
    }
    let r = try CLI.run(["info", "samples/seed-meuse-asp.xlsx", "--max-evaluation-steps", "0"])
    #expect(r.status == 2 && r.stderr.contains("positive whole number"))
  }
}
