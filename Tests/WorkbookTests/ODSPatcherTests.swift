import Archive
import Diagnostics
import Foundation
import TestSupport
import Testing

@testable import Workbook

/// Patches small hand-built .ods packages, the shared plans and corpus files, and reads the
/// result back: with the project's reader, byte by byte, and in LibreOffice.
@Suite("ODS patcher")
struct ODSPatcherTests {
  typealias Patches = [String: [CellReference: CellPatch]]

  // MARK: - Fixtures

  static let calcext =
    "xmlns:calcext=\"urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0\""
  static let dc = "xmlns:dc=\"http://purl.org/dc/elements/1.1/\""

  /// A content.xml around `body` (the inside of `office:spreadsheet`), with `extra`
  /// declarations on the root (`calcext` and `dc` by default, as LibreOffice writes).
  static func content(_ body: String, declarations: String? = nil) -> String {
    let extra = declarations ?? "\(calcext) \(dc)"
    return """
      <?xml version="1.0" encoding="UTF-8"?>
      <office:document-content \(ODSReaderTests.namespaces) \(extra) office:version="1.3">\
      <office:automatic-styles><style:style style:name="ce1" style:family="table-cell">\
      <style:text-properties fo:font-weight="bold" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"/>\
      </style:style></office:automatic-styles>
      <office:body><office:spreadsheet>\(body)</office:spreadsheet></office:body></office:document-content>
      """
  }

  static let manifest = """
    <?xml version="1.0" encoding="UTF-8"?>
    <manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">\
    <manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>\
    <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>\
    <manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/>\
    </manifest:manifest>
    """

  static let meta = """
    <?xml version="1.0" encoding="UTF-8"?>
    <office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" \
    xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" office:version="1.3">\
    <office:meta><meta:generator>Equilibre tests</meta:generator></office:meta></office:document-meta>
    """

  /// A whole package, `mimetype` first and stored, as LibreOffice writes one.
  static func package(_ content: String) throws -> String {
    let path = Fixtures.temporaryDirectory().appendingPathComponent("book.ods").path
    let writer = try ArchiveWriter(path: path)
    try writer.add(
      "mimetype", text: "application/vnd.oasis.opendocument.spreadsheet", compressed: false)
    try writer.add("content.xml", text: content)
    try writer.add("meta.xml", text: meta)
    try writer.add("META-INF/manifest.xml", text: manifest)
    try writer.commit()
    return path
  }

  /// Patches the package at `path` into a new file and returns its path.
  static func patch(_ path: String, _ patches: Patches, options: ReadOptions = .default) throws
    -> String
  {
    let workbook = try Workbook(contentsOf: path, options: options)
    let archive = try Archive(path: path, limits: options.archive)
    let out = Fixtures.temporaryDirectory().appendingPathComponent("patched.ods").path
    let writer = try ArchiveWriter(path: out)
    try ODSPatcher.write(
      archive, workbook: workbook, patches: patches, to: writer, options: options)
    try writer.commit()
    return out
  }

  /// The error patching gives, or nil.
  static func patchError(_ path: String, _ patches: Patches) -> SpreadsheetError? {
    do {
      _ = try patch(path, patches)
      return nil
    } catch let error as SpreadsheetError {
      return error
    } catch {
      return SpreadsheetError(.io, .cannotOpen(Cause(.system, code: 0, text: "\(error)")))
    }
  }

  static func text(of entry: String, in path: String) throws -> String {
    String(decoding: try Archive(path: path).read(entry), as: UTF8.self)
  }

  static func cell(_ a1: String) -> CellReference { CellReference(a1)! }

  /// Expects `after` to equal `before` everywhere but the patched cells, which hold the new
  /// number (as a plain number), the formula the patch asks for, and their old style.
  static func expectPatched(
    _ before: Workbook, _ after: Workbook, _ patches: Patches, file: String = ""
  ) {
    #expect(before.sheets.map(\.name) == after.sheets.map(\.name), "\(file)")
    #expect(before.styles == after.styles, "\(file)")
    for (old, new) in zip(before.sheets, after.sheets) {
      #expect(old.merged == new.merged, "\(file) \(old.name)")
      #expect(old.visibility == new.visibility, "\(file) \(old.name)")
      let oldCells = Dictionary(
        old.cells.map { ($0.reference, $0) }, uniquingKeysWith: { a, _ in a })
      let newCells = Dictionary(
        new.cells.map { ($0.reference, $0) }, uniquingKeysWith: { a, _ in a })
      let patched = patches[old.name] ?? [:]
      for reference in Set(oldCells.keys).union(newCells.keys).union(patched.keys) {
        guard let patch = patched[reference] else {
          #expect(oldCells[reference] == newCells[reference], "\(file) \(old.name)!\(reference)")
          #expect(
            old.formulas[reference] == new.formulas[reference], "\(file) \(old.name)!\(reference)")
          continue
        }
        let value = newCells[reference]?.value
        #expect(value == .number(Double(patch.number)!, .plain), "\(file) \(old.name)!\(reference)")
        // A new cell takes its column's default cell style (which now carries a number format).
        if let oldStyle = oldCells[reference]?.style {
          #expect(newCells[reference]?.style == oldStyle, "\(file) \(old.name)!\(reference)")
        }
        switch patch.formula {
        case .keep: #expect(new.formulas[reference] == old.formulas[reference])
        case .remove: #expect(new.formulas[reference] == nil)
        case .set(_, let odf):
          #expect(new.formulas[reference] == CellFormula(text: odf, dialect: .odf))
        }
      }
    }
  }

  /// Expects every entry of `patched` but content.xml to hold the bytes it held in `original`,
  /// in the same order with `mimetype` first and stored.
  static func expectEntriesKept(_ original: String, _ patched: String) throws {
    let a = try Archive(path: original)
    let b = try Archive(path: patched)
    var expected = a.entryNames
    if let i = expected.firstIndex(of: "mimetype") {
      expected.insert(expected.remove(at: i), at: 0)
    }
    #expect(b.entryNames == expected)
    if b.contains("mimetype") {
      #expect(b.entryNames.first == "mimetype")
      #expect(b.isStored("mimetype") == true)
    }
    for name in a.entryNames where name != "content.xml" {
      #expect(try a.read(name) == b.read(name), "\(name)")
    }
  }

  /// Expects the two content.xml texts to differ only inside `region` of the original (which
  /// must occur once).
  static func expectOnlyChanged(_ original: String, _ patched: String, within region: String) throws
  {
    let a = Array(original.utf8)
    let b = Array(patched.utf8)
    let r = try #require(original.range(of: region))
    let start = original.utf8.distance(from: original.startIndex, to: r.lowerBound)
    let end = start + region.utf8.count
    var prefix = 0
    while prefix < min(a.count, b.count), a[prefix] == b[prefix] { prefix += 1 }
    var suffix = 0
    while suffix < min(a.count, b.count) - prefix,
      a[a.count - 1 - suffix] == b[b.count - 1 - suffix]
    { suffix += 1 }
    #expect(prefix >= start, "a change starts before the patched region")
    #expect(a.count - suffix <= end, "a change ends after the patched region")
  }

  /// Writes a package around `rows` (in one table "Plan"), patches it, checks the read-back,
  /// the entries and, when `region` is given, that only it changed; returns both workbooks
  /// and the patched content.xml.
  @discardableResult
  static func roundTrip(
    _ rows: String, _ patches: [String: CellPatch], region: String? = nil,
    declarations: String? = nil
  ) throws -> (before: Workbook, after: Workbook, content: String, path: String) {
    let original = content(ODSReaderTests.table(rows, name: "Plan"), declarations: declarations)
    let path = try package(original)
    let byCell = Dictionary(uniqueKeysWithValues: patches.map { (cell($0.key), $0.value) })
    let out = try patch(path, ["Plan": byCell])
    let before = try Workbook(contentsOf: path)
    let after = try Workbook(contentsOf: out)
    expectPatched(before, after, ["Plan": byCell])
    try expectEntriesKept(path, out)
    let patched = try text(of: "content.xml", in: out)
    if let region { try expectOnlyChanged(original, patched, within: region) }
    return (before, after, patched, out)
  }

  static func number(_ text: String, _ formula: CellPatch.Formula = .keep, note: String? = nil)
    -> CellPatch
  {
    CellPatch(number: text, display: text, formula: formula, note: note)
  }

  static func float(_ v: String, style: String? = nil, repeated: Int? = nil) -> String {
    let s = style.map { " table:style-name=\"\($0)\"" } ?? ""
    let r = repeated.map { " table:number-columns-repeated=\"\($0)\"" } ?? ""
    return
      "<table:table-cell\(s)\(r) office:value-type=\"float\" office:value=\"\(v)\" calcext:value-type=\"float\"><text:p>\(v)</text:p></table:table-cell>"
  }

  // MARK: - One cell

  @Test
  func replacesOneNumberAndNothingElse() throws {
    let target =
      "<table:table-row>\(Self.float("1")) \(Self.float("2", style: "ce1"))</table:table-row>"
    let rows = """
      <table:table-column table:number-columns-repeated="3"/>\
      <table:table-row><table:table-cell office:value-type="string"><text:p>Personnel</text:p></table:table-cell>\
      <!-- a comment with <table:table-cell> inside --><table:table-cell table:formula="of:=1>0" \
      office:value-type="boolean" office:boolean-value="true"/></table:table-row>
      \(target)<table:table-row><table:table-cell><text:p><![CDATA[<x/>]]></text:p></table:table-cell></table:table-row>
      """
    let (_, after, content, _) = try Self.roundTrip(
      rows, ["B2": Self.number("12857.142857")], region: target)
    #expect(after.sheets[0].cell(at: Self.cell("B2"))?.style == 1)
    #expect(
      content.contains(
        #"office:value-type="float" office:value="12857.142857" calcext:value-type="float"><text:p>12857.142857</text:p>"#
      ))
    #expect(content.contains(#"<table:table-cell table:style-name="ce1""#))
  }

  @Test
  func writesTheLiteralNotADouble() throws {
    let (_, _, content, _) = try Self.roundTrip(
      "<table:table-row>\(Self.float("1"))</table:table-row>",
      ["A1": CellPatch(number: "0.1000000000000000055511151231257827", display: "0,10")])
    #expect(content.contains(#"office:value="0.1000000000000000055511151231257827""#))
    #expect(content.contains("<text:p>0,10</text:p>"))
  }

  @Test
  func textBecomesNumber() throws {
    let row = """
      <table:table-row><table:table-cell table:style-name="ce1" office:value-type="string" \
      office:string-value="1 234" calcext:value-type="string"><text:p>1 234</text:p></table:table-cell></table:table-row>
      """
    let (before, after, content, _) = try Self.roundTrip(
      row, ["A1": CellPatch(number: "1234", display: "1 234")], region: row)
    #expect(before.sheets[0].cells[0].value == .text("1 234"))
    #expect(after.sheets[0].cells[0].value == .number(1234, .plain))
    #expect(!content.contains("string-value"))
    #expect(!content.contains(#"calcext:value-type="string""#))
  }

  @Test(arguments: [
    ("keep", CellPatch.Formula.keep),
    ("remove", .remove),
    ("set", .set(ooxml: "SUM(A1:B1)*2", odf: "of:=SUM([.A1:.B1])*2&\"€ <\"")),
  ])
  func formula(_ name: String, _ formula: CellPatch.Formula) throws {
    let row = """
      <table:table-row>\(Self.float("5"))\(Self.float("6"))<table:table-cell table:formula="of:=[.A1]+[.B1]" \
      office:value-type="float" office:value="12" calcext:value-type="float"><text:p>12</text:p></table:table-cell></table:table-row>
      """
    let (_, after, content, _) = try Self.roundTrip(
      row, ["C1": Self.number("11", formula)], region: row)
    let written = after.sheets[0].formulas[Self.cell("C1")]
    switch formula {
    case .keep: #expect(written?.text == "of:=[.A1]+[.B1]")
    case .remove:
      #expect(written == nil)
      #expect(!content.contains("table:formula"))
    case .set:
      // The fixture does not declare `of:`, so the cell does.
      #expect(
        content.contains(
          #"<table:table-cell xmlns:of="urn:oasis:names:tc:opendocument:xmlns:of:1.2" table:formula="of:=SUM([.A1:.B1])*2&amp;&quot;€ &lt;&quot;""#
        ))
    }
  }

  @Test
  func displayTextKeepsItsSpaces() throws {
    let (_, after, content, _) = try Self.roundTrip(
      "<table:table-row>\(Self.float("1"))</table:table-row>",
      ["A1": CellPatch(number: "-1500", display: " -1  500\u{A0}€ & <x>")])
    #expect(after.sheets[0].cells[0].value == .number(-1500, .plain))
    #expect(content.contains("<text:p><text:s/>-1 <text:s/>500\u{A0}€ &amp; &lt;x&gt;</text:p>"))
  }

  // MARK: - Repeats

  @Test(arguments: [("B1", "start"), ("D1", "middle"), ("F1", "end")])
  func splitsARepeatedCell(_ target: String, _ place: String) throws {
    let row =
      "<table:table-row>\(Self.float("0"))\(Self.float("7", style: "ce1", repeated: 5))\(Self.float("9"))</table:table-row>"
    let (_, after, content, _) = try Self.roundTrip(row, [target: Self.number("8")], region: row)
    #expect(after.sheets[0].cells.count == 7)
    let runs: [String: String] = [
      "start":
        #"<table:table-cell table:style-name="ce1" office:value-type="float" office:value="8""#,
      "middle": #"table:number-columns-repeated="2" office:value-type="float" office:value="7""#,
      "end": #"table:number-columns-repeated="4" office:value-type="float" office:value="7""#,
    ]
    #expect(content.contains(runs[place]!))
  }

  @Test(arguments: ["A1", "A3", "B4", "A5"])
  func splitsARepeatedRow(_ target: String) throws {
    let row = """
      <table:table-row table:style-name="ro1" table:number-rows-repeated="5">\(Self.float("3"))\
      <table:table-cell table:number-columns-repeated="1020"/></table:table-row>
      """
    let (_, after, content, _) = try Self.roundTrip(
      row + "<table:table-row>\(Self.float("4"))</table:table-row>", [target: Self.number("30")],
      region: row)
    #expect(after.sheets[0].cells.count == (target == "B4" ? 7 : 6))
    #expect(
      content.components(separatedBy: "<table:table-row").count - 1
        == (target == "A1" || target == "A5" ? 3 : 4))
  }

  @Test
  func patchesSeveralCellsInOneRepeatedRow() throws {
    let row =
      "<table:table-row table:number-rows-repeated=\"3\"><table:table-cell table:number-columns-repeated=\"6\"/></table:table-row>"
    try Self.roundTrip(
      row,
      [
        "A2": Self.number("1"), "C2": Self.number("2"), "D2": Self.number("3"),
        "F2": Self.number("4"), "B3": Self.number("5"),
      ],
      region: row)
  }

  @Test
  func patchesTheHugeTrailingRowLibreOfficeWrites() throws {
    let tail = """
      <table:table-row table:style-name="ro1" table:number-rows-repeated="1048575">\
      <table:table-cell table:number-columns-repeated="16384"/></table:table-row>
      """
    let (_, after, _, _) = try Self.roundTrip(
      "<table:table-row>\(Self.float("1"))<table:table-cell table:number-columns-repeated=\"16383\"/></table:table-row>\(tail)",
      ["XFD1048576": Self.number("2"), "C40": Self.number("3")], region: tail)
    #expect(after.sheets[0].cells.count == 3)
  }

  // MARK: - Cells that are not there

  @Test
  func createsACellPastTheEndOfItsRow() throws {
    let row = "<table:table-row>\(Self.float("1"))\(Self.float("2"))</table:table-row>"
    let (_, _, content, _) = try Self.roundTrip(
      row + "<table:table-row>\(Self.float("3"))</table:table-row>",
      ["E1": Self.number("5"), "C1": Self.number("4")], region: row)
    #expect(
      content.contains(
        #"office:value="4" calcext:value-type="float"><text:p>4</text:p></table:table-cell><table:table-cell/><table:table-cell office:value-type="float" office:value="5""#
      ))
  }

  @Test
  func createsCellsInASelfClosingRow() throws {
    try Self.roundTrip(
      "<table:table-row table:number-rows-repeated=\"2\"/>\(Self.float("0"))<table:table-row>\(Self.float("1"))</table:table-row>",
      ["D2": Self.number("5")])
  }

  @Test
  func createsRowsPastTheEndOfTheTable() throws {
    let rows = """
      <table:table-column table:number-columns-repeated="2"/><table:table-header-rows>\
      <table:table-row>\(Self.float("1"))</table:table-row></table:table-header-rows>\
      <table:table-row>\(Self.float("2"))</table:table-row>
      """
    let table = ODSReaderTests.table(rows, name: "Plan") + ODSReaderTests.table("", name: "Empty")
    let path = try Self.package(Self.content(table + "<table:named-expressions/>"))
    let patches: Patches = [
      "Plan": [
        Self.cell("C3"): Self.number("3"), Self.cell("B7"): Self.number("7"),
        Self.cell("A8"): Self.number("8"),
      ],
      "Empty": [Self.cell("B2"): Self.number("1")],
    ]
    let out = try Self.patch(path, patches)
    Self.expectPatched(try Workbook(contentsOf: path), try Workbook(contentsOf: out), patches)
    let content = try Self.text(of: "content.xml", in: out)
    #expect(
      content.contains(
        #"<table:table-row table:number-rows-repeated="3"><table:table-cell/></table:table-row>"#))
    #expect(content.contains(#"</table:table-row></table:table-header-rows><table:table-row>"#))
  }

  @Test
  func createsRowsInATableWithoutAny() throws {
    let path = try Self.package(
      Self.content(
        #"<table:table table:name="Plan"/><table:table table:name="B"><table:table-column/></table:table>"#
      ))
    let patches: Patches = [
      "Plan": [Self.cell("A2"): Self.number("1")], "B": [Self.cell("A1"): Self.number("2")],
    ]
    let out = try Self.patch(path, patches)
    Self.expectPatched(try Workbook(contentsOf: path), try Workbook(contentsOf: out), patches)
    #expect(
      try Self.text(of: "content.xml", in: out).contains(#"<table:table-column/><table:table-row>"#)
    )
  }

  // MARK: - Structure

  @Test
  func findsRowsInGroupsAndHeadersAndSkipsTablesInCells() throws {
    let rows = """
      <table:table-header-rows><table:table-row>\(Self.float("1"))</table:table-row></table:table-header-rows>\
      <table:table-row-group><table:table-row><table:table-cell><table:table><table:table-row>\
      <table:table-cell office:value-type="float" office:value="99"/></table:table-row></table:table></table:table-cell>\
      <draw:frame><table:table-row/></draw:frame>\(Self.float("2"))</table:table-row></table:table-row-group>
      """
    let (before, _, _, _) = try Self.roundTrip(
      rows, ["B2": Self.number("20"), "A3": Self.number("30")])
    #expect(before.sheets[0].cells.count == 2)
  }

  @Test
  func matchesTheTableNamespaceByItsURI() throws {
    let body = """
      <t:table xmlns:t="urn:oasis:names:tc:opendocument:xmlns:table:1.0" t:name="Plan"><t:table-row \
      t:number-rows-repeated="2"><t:table-cell t:number-columns-repeated="2" office:value-type="float" \
      office:value="1"><text:p>1</text:p></t:table-cell></t:table-row></t:table>\
      <table:table table:name="Other"><table:table-row xmlns:table="urn:example:not-a-table">\
      <table:table-cell office:value-type="float" office:value="5"/></table:table-row></table:table>
      """
    let path = try Self.package(Self.content(body))
    let patches: Patches = [
      "Plan": [Self.cell("B2"): Self.number("2"), Self.cell("A4"): Self.number("4")],
      "Other": [Self.cell("A1"): Self.number("5")],
    ]
    let out = try Self.patch(path, patches)
    let after = try Workbook(contentsOf: out)
    Self.expectPatched(try Workbook(contentsOf: path), after, patches)
    let content = try Self.text(of: "content.xml", in: out)
    #expect(
      content.contains(
        #"<t:table-cell t:number-columns-repeated="2" office:value-type="float" office:value="1"><text:p>1</text:p></t:table-cell></t:table-row><t:table-row><t:table-cell office:value-type="float" office:value="1"><text:p>1</text:p></t:table-cell><t:table-cell office:value-type="float" office:value="2""#
      ))
    #expect(
      content.contains(
        #"<t:table-row t:number-rows-repeated="1"><t:table-cell/></t:table-row><t:table-row><t:table-cell office:value-type="float" office:value="4""#
      ) == false)
    #expect(
      content.contains(
        #"<t:table-row><t:table-cell/></t:table-row><t:table-row><t:table-cell office:value-type="float" office:value="4""#
      ))
  }

  @Test
  func refusesACoveredCell() throws {
    let path = try Self.package(
      Self.content(
        ODSReaderTests.table(
          """
          <table:table-row><table:table-cell table:number-columns-spanned="2" office:value-type="float" office:value="1"/>\
          <table:covered-table-cell/></table:table-row>
          """, name: "Plan")))
    let error = try #require(Self.patchError(path, ["Plan": [Self.cell("B1"): Self.number("2")]]))
    #expect(error.code == .invalid)
    #expect(error.location.sheet == "Plan")
    #expect(error.location.cell == "B1")
    #expect(error.location.part == "content.xml")
    #expect(error.location.file == path)
    #expect(error.message.contains("covered"))
    // The anchor of the span can be patched, and keeps its span.
    let out = try Self.patch(path, ["Plan": [Self.cell("A1"): Self.number("2")]])
    #expect(
      try Workbook(contentsOf: out).sheets[0].merged == [
        CellRange(start: Self.cell("A1"), end: Self.cell("B1"))
      ])
  }

  @Test
  func refusesBadPatches() throws {
    let path = try Self.package(
      Self.content(
        ODSReaderTests.table("<table:table-row>\(Self.float("1"))</table:table-row>", name: "Plan"))
    )
    for bad in ["1e5", "1,5", "", "-", "1.", ".5", "1\"/>", "١"] {
      let error = Self.patchError(
        path, ["Plan": [Self.cell("A1"): CellPatch(number: bad, display: bad)]])
      #expect(error?.code == .invalid, "\(bad)")
      #expect(error?.location.cell == "A1")
    }
    #expect(Self.patchError(path, ["Nope": [Self.cell("A1"): Self.number("1")]])?.code == .invalid)
    let twice = try Self.package(
      Self.content(ODSReaderTests.table("", name: "A") + ODSReaderTests.table("", name: "A")))
    let error = Self.patchError(twice, ["A": [Self.cell("A1"): Self.number("1")]])
    #expect(error?.code == .invalid)
    #expect(error?.message.contains("ambiguous") == true)
  }

  // MARK: - Random tables

  /// SplitMix64: the same tables on every run.
  struct Random {
    var state: UInt64
    mutating func next(_ n: Int) -> Int {
      state &+= 0x9E37_79B9_7F4A_7C15
      var z = state
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return Int((z ^ (z >> 31)) % UInt64(n))
    }
  }

  /// Tables of random rows (repeated, grouped, self-closing) and cells (repeated, empty, text,
  /// numbers, formulas, covered), patched at random places: the read-back must match.
  @Test(arguments: 0..<40)
  func randomTables(_ seed: Int) throws {
    var random = Random(state: UInt64(seed) &* 7919)
    var rows = ""
    var covered: Set<CellReference> = []
    var row = 0
    var open = ""
    for _ in 0..<(2 + random.next(6)) {
      let repeats = random.next(4) == 0 ? 1 + random.next(3) : 1
      let attribute = repeats > 1 ? " table:number-rows-repeated=\"\(repeats)\"" : ""
      if open.isEmpty, random.next(5) == 0 {
        open = ["table:table-header-rows", "table:table-row-group"][random.next(2)]
        rows += "<\(open)>"
      }
      if random.next(8) == 0 {
        rows += "<table:table-row\(attribute)/>"
      } else {
        rows += "<table:table-row\(attribute)>"
        var column = 0
        for _ in 0..<(1 + random.next(5)) {
          let count = random.next(3) == 0 ? 1 + random.next(4) : 1
          let r = count > 1 ? " table:number-columns-repeated=\"\(count)\"" : ""
          switch random.next(6) {
          case 0: rows += "<table:table-cell\(r)/>"
          case 1:
            rows +=
              "<table:table-cell\(r) office:value-type=\"string\"><text:p>t\(random.next(9))</text:p></table:table-cell>"
          case 2:
            rows += "<table:covered-table-cell\(r)/>"
            for k in 0..<repeats {
              for c in 0..<count {
                covered.insert(CellReference(row: Int32(row + k), column: Int32(column + c)))
              }
            }
          case 3:
            rows +=
              "<table:table-cell\(r) table:formula=\"of:=1+\(random.next(9))\" office:value-type=\"float\" office:value=\"3\"><text:p>3</text:p></table:table-cell>"
          default:
            rows += Self.float(
              String(random.next(100)), style: random.next(2) == 0 ? "ce1" : nil,
              repeated: count > 1 ? count : nil)
          }
          column += count
        }
        rows += "</table:table-row>"
      }
      row += repeats
      if !open.isEmpty, random.next(2) == 0 {
        rows += "</\(open)>"
        open = ""
      }
    }
    if !open.isEmpty { rows += "</\(open)>" }
    var patches: [String: CellPatch] = [:]
    while patches.count < 1 + random.next(5) {
      let reference = CellReference(row: Int32(random.next(row + 3)), column: Int32(random.next(8)))
      guard !covered.contains(reference) else { continue }
      let formula: CellPatch.Formula = [.keep, .remove, .set(ooxml: "1", odf: "of:=1")][
        random.next(3)]
      patches[reference.description] = Self.number(
        "\(random.next(1000)).5", formula, note: random.next(3) == 0 ? "n" : nil)
    }
    try Self.roundTrip(rows, patches)
  }

  // MARK: - Packages and encodings

  @Test
  func putsADeflatedMimetypeFirstAndStored() throws {
    let path = Fixtures.temporaryDirectory().appendingPathComponent("book.ods").path
    let writer = try ArchiveWriter(path: path)
    try writer.add(
      "content.xml",
      text: Self.content(
        ODSReaderTests.table("<table:table-row>\(Self.float("1"))</table:table-row>", name: "Plan"))
    )
    try writer.add("mimetype", text: "application/vnd.oasis.opendocument.spreadsheet")
    try writer.add("META-INF/manifest.xml", text: Self.manifest)
    try writer.commit()
    #expect(try Archive(path: path).isStored("mimetype") == false)
    let out = try Self.patch(path, ["Plan": [Self.cell("A1"): Self.number("2")]])
    try Self.expectEntriesKept(path, out)
    #expect(
      try Archive(path: out).entryNames == ["mimetype", "content.xml", "META-INF/manifest.xml"])
  }

  @Test
  func writesCharacterReferencesInALatin1Document() throws {
    let text = Self.content(
      ODSReaderTests.table("<table:table-row>\(Self.float("1"))</table:table-row>", name: "Plan")
    )
    .replacingOccurrences(of: "encoding=\"UTF-8\"", with: "encoding=\"ISO-8859-1\"")
    let path = try Self.package(text)
    let patches: Patches = [
      "Plan": [Self.cell("A1"): CellPatch(number: "1000", display: "1 000 €", note: "reçu")]
    ]
    let out = try Self.patch(path, patches)
    Self.expectPatched(try Workbook(contentsOf: path), try Workbook(contentsOf: out), patches)
    let content = try Self.text(of: "content.xml", in: out)
    #expect(content.contains("<text:p>1 000 &#8364;</text:p>"))
    #expect(content.contains("<text:p>re&#231;u</text:p>"))
  }

  @Test
  func refusesAUTF16Part() throws {
    let text = Self.content(
      ODSReaderTests.table("<table:table-row>\(Self.float("1"))</table:table-row>", name: "Plan")
    )
    .replacingOccurrences(of: "encoding=\"UTF-8\"", with: "encoding=\"UTF-16\"")
    let path = Fixtures.temporaryDirectory().appendingPathComponent("book.ods").path
    let writer = try ArchiveWriter(path: path)
    try writer.add(
      "content.xml", [0xFF, 0xFE] + text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
    try writer.commit()
    #expect(try Workbook(contentsOf: path).sheets[0].cells.count == 1)
    let error = Self.patchError(path, ["Plan": [Self.cell("A1"): Self.number("2")]])
    #expect(error?.code == .invalid)
    #expect(error?.location.part == "content.xml")
  }

  @Test
  func saysWhereTheXMLBreaks() throws {
    let good = try Self.package(
      Self.content(
        ODSReaderTests.table("<table:table-row>\(Self.float("1"))</table:table-row>", name: "Plan"))
    )
    let broken = try Self.package(
      Self.content(
        ODSReaderTests.table("<table:table-row>\n<table:table-cell office:value>", name: "Plan")))
    let archive = try Archive(path: broken)
    let writer = try ArchiveWriter(
      path: Fixtures.temporaryDirectory().appendingPathComponent("out.ods").path)
    do {
      try ODSPatcher.write(
        archive, workbook: try Workbook(contentsOf: good),
        patches: ["Plan": [Self.cell("A1"): Self.number("2")]],
        to: writer, options: .default)
      Issue.record("a broken content.xml was patched")
    } catch {
      #expect(error.code == .xmlMalformed)
      #expect(error.location.file == broken)
      #expect(error.location.part == "content.xml")
      #expect(error.location.sheet == "Plan")
      #expect(error.location.line == 4)
    }
    // More tables than the workbook has sheets: not the workbook read from this package.
    let two = try Self.package(
      Self.content(ODSReaderTests.table("", name: "Plan") + ODSReaderTests.table("", name: "B")))
    do {
      try ODSPatcher.write(
        Archive(path: two), workbook: try Workbook(contentsOf: good),
        patches: ["Plan": [Self.cell("A1"): Self.number("2")]],
        to: writer, options: .default)
      Issue.record("a package that is not the workbook's was patched")
    } catch {
      #expect(error.code == .invalid)
    }
  }

  // MARK: - Notes

  @Test
  func writesANoteAsTheFirstChild() throws {
    let rows = """
      <table:table-row>\(Self.float("1"))<table:table-cell office:value-type="float" office:value="2">\
      <office:annotation office:display="true"><dc:creator>Marie</dc:creator><text:p>vérifié</text:p></office:annotation>\
      <text:p>2</text:p><draw:frame draw:name="logo"/></table:table-cell></table:table-row>
      """
    let (_, _, content, _) = try Self.roundTrip(
      rows,
      [
        "A1": Self.number("10", note: "Somme des lignes 7 à 9 & <ajustée>\nsecond line"),
        "B1": Self.number("20", note: "arrondi"),
      ])
    #expect(
      content.contains(
        #"calcext:value-type="float"><office:annotation><dc:creator>Equilibre</dc:creator><text:p>Somme des lignes 7 à 9 &amp; &lt;ajustée&gt;</text:p><text:p>second line</text:p></office:annotation><text:p>10</text:p></table:table-cell>"#
      ))
    #expect(
      content.contains(
        #"<office:annotation office:display="true"><dc:creator>Marie</dc:creator><text:p>vérifié</text:p><text:p>arrondi</text:p></office:annotation><draw:frame draw:name="logo"/><text:p>20</text:p>"#
      ))
  }

  @Test
  func declaresDublinCoreOnTheRootWhenMissing() throws {
    let (_, _, content, _) = try Self.roundTrip(
      #"<table:table-row><table:table-cell office:value-type="float" office:value="1"/></table:table-row>"#,
      ["A1": Self.number("2", note: "n")], declarations: "xmlns:dc=\"urn:example:something-else\"")
    #expect(
      content.contains(#"office:version="1.3" xmlns:dc2="http://purl.org/dc/elements/1.1/">"#))
    #expect(content.contains("<dc2:creator>Equilibre</dc2:creator>"))
    // Without calcext declared, no calcext attribute is written.
    #expect(!content.contains("calcext:value-type"))
  }

  @Test
  func declaresNothingNewWithoutNotes() throws {
    let original = Self.content(
      ODSReaderTests.table("<table:table-row>\(Self.float("1"))</table:table-row>", name: "Plan"),
      declarations: "")
    let out = try Self.patch(
      try Self.package(original), ["Plan": [Self.cell("A1"): Self.number("2")]])
    let content = try Self.text(of: "content.xml", in: out)
    #expect(
      content.components(separatedBy: "xmlns:").count
        == original.components(separatedBy: "xmlns:").count)
  }

  // MARK: - LibreOffice

  @Test(.enabled(if: LibreOffice.isInstalled))
  func libreOfficeOpensThePatchedFile() throws {
    let rows = """
      <table:table-column table:number-columns-repeated="4"/>\
      <table:table-row table:number-rows-repeated="3">\(Self.float("7", repeated: 3))<table:table-cell/></table:table-row>\
      <table:table-row><table:table-cell office:value-type="string"><text:p>12 000</text:p></table:table-cell></table:table-row>
      """
    let path = try Self.package(Self.content(ODSReaderTests.table(rows, name: "Plan")))
    let patches: Patches = [
      "Plan": [
        Self.cell("B2"): CellPatch(number: "11428.5", display: "11 428,50", note: "Somme corrigée"),
        Self.cell("A4"): Self.number("12000"),
        Self.cell("D6"): CellPatch(
          number: "3", display: "3", formula: .set(ooxml: "A4/4000", odf: "of:=[.A4]/4000")),
      ]
    ]
    let out = try Self.patch(path, patches)
    for format in ["xlsx", "ods"] {
      let saved = try LibreOffice.convert(out, to: format)
      let sheet = try Workbook(contentsOf: saved).sheets[0]
      #expect(sheet.cell(at: Self.cell("B2"))?.value?.number == 11428.5, "\(format)")
      #expect(sheet.cell(at: Self.cell("A2"))?.value?.number == 7, "\(format)")
      #expect(sheet.cell(at: Self.cell("A4"))?.value?.number == 12000, "\(format)")
      #expect(sheet.cell(at: Self.cell("D6"))?.value?.number == 3, "\(format)")
      #expect(sheet.formulas[Self.cell("D6")] != nil, "\(format)")
      if format == "ods" {
        let content = try Self.text(of: "content.xml", in: saved)
        #expect(content.contains("Somme corrigée"))
        #expect(content.contains("<dc:creator>Equilibre</dc:creator>"))
      } else {
        let archive = try Archive(path: saved)
        let comments = archive.entryNames.filter { $0.contains("comments") && $0.hasSuffix(".xml") }
        #expect(
          try comments.contains {
            String(decoding: try archive.read($0), as: UTF8.self).contains("Somme corrigée")
          })
      }
    }
  }
}

/// The patcher over real files: every .ods of `../shared/plans/` and a sample of the corpus, one
/// existing number changed in each.
@Suite("ODS patcher on shared files", .enabled(if: Fixtures.hasPlans))
struct ODSPatcherSharedTests {
  static let plans: [String] = {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: Fixtures.plans.path)) ?? []
    return names.filter { $0.hasSuffix(".ods") }.sorted().map {
      Fixtures.plans.appendingPathComponent($0).path
    }
  }()

  static let corpus: [String] = {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: Fixtures.corpus.path)) ?? []
    return names.filter { $0.hasSuffix(".ods") }.sorted().map {
      Fixtures.corpus.appendingPathComponent($0).path
    }
  }()

  /// One patch per sheet that has a number: its last numeric cell, +1 (written from the old
  /// literal's decimal digits, so exactly), formula kept; and a cell past the used range.
  static func patches(for workbook: Workbook) -> ODSPatcherTests.Patches {
    var out: ODSPatcherTests.Patches = [:]
    let names = workbook.sheets.map(\.name)
    for sheet in workbook.sheets where names.filter({ $0 == sheet.name }).count == 1 {
      let covered = { (r: CellReference) in
        sheet.merged.contains { $0.contains(r) && $0.start != r }
      }
      guard
        let cell = sheet.cells.last(where: {
          ($0.value?.number).map { abs($0) < 1e12 } == true && !covered($0.reference)
            && sheet.formulas[$0.reference] == nil
        })
      else { continue }
      let old = Int(cell.value!.number!.rounded(.down))
      var cells = [
        cell.reference: CellPatch(
          number: "\(old + 1).25", display: "\(old + 1),25", note: "Equilibre test")
      ]
      if let used = sheet.usedRange, used.end.row + 3 < CellReference.maxRows,
        used.end.column + 2 < CellReference.maxColumns
      {
        cells[CellReference(row: used.end.row + 3, column: used.end.column + 2)] =
          ODSPatcherTests.number("42")
      }
      out[sheet.name] = cells
    }
    return out
  }

  static func check(_ path: String, libreOffice: Bool) throws {
    guard let before = try? Workbook(contentsOf: path) else { return }  // unreadable corpus files
    let patches = patches(for: before)
    let out = try ODSPatcherTests.patch(path, patches)
    let after = try Workbook(contentsOf: out)
    let file = URL(fileURLWithPath: path).lastPathComponent
    ODSPatcherTests.expectPatched(before, after, patches, file: file)
    try ODSPatcherTests.expectEntriesKept(path, out)
    guard libreOffice, LibreOffice.isInstalled else { return }
    let saved = try Workbook(contentsOf: try LibreOffice.convert(out, to: "xlsx"))
    var savedOriginal: Workbook? = nil
    for (sheet, cells) in patches.sorted(by: { $0.key < $1.key }) {
      guard let s = saved.sheets.first(where: { $0.name == sheet }) else {
        // LibreOffice leaves some tables out of xlsx (scenarios): so it must from the original.
        if savedOriginal == nil {
          savedOriginal = try Workbook(contentsOf: LibreOffice.convert(path, to: "xlsx"))
        }
        #expect(savedOriginal?.sheets.contains { $0.name == sheet } == false, "\(file) \(sheet)")
        continue
      }
      for (reference, patch) in cells {
        #expect(
          s.cell(at: reference)?.value?.number == Double(patch.number),
          "\(file) \(sheet)!\(reference)")
      }
    }
  }

  @Test("patches a plan", arguments: plans)
  func plan(_ path: String) throws {
    try Self.check(path, libreOffice: true)
  }

  @Test("patches a corpus file", .enabled(if: Fixtures.hasCorpus), arguments: corpus)
  func corpusFile(_ path: String) throws {
    let sample = [
      "columns-repeated", "covered-cells", "header-rows", "comments", "staroffice", "excel15",
      "large-sheet",
    ]
    try Self.check(path, libreOffice: sample.contains { path.contains($0) })
  }
}
