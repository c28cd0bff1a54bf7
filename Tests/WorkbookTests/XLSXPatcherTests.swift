import Archive
import Diagnostics
import Foundation
import TestSupport
import Testing

@testable import Workbook

/// `fix` on xlsx: the patched package differs from its input in the patched cells only; every
/// other entry is copied raw, every byte of a patched sheet outside its cells kept.
@Suite("XLSX patcher")
struct XLSXPatcherTests {
  static let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
  static let contentTypes =
    #"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/worksheets/sheet2.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/calcChain.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.calcChain+xml"/></Types>"#
  static let rootRels =
    #"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#
  static let workbookRels =
    #"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet2.xml"/><Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/calcChain" Target="calcChain.xml"/></Relationships>"#

  /// A two-sheet package (`Plan`, `Other`) with a calculation chain.
  static func package(
    sheet: String, other: String = #"<row r="1"><c r="A1"><v>1</v></c></row>"#,
    workbookExtra: String = "",
    workbookTail: String = ""
  ) throws -> String {
    try Fixtures.zip(
      "book.xlsx",
      [
        ("[Content_Types].xml", contentTypes),
        ("_rels/.rels", rootRels),
        (
          "xl/workbook.xml",
          #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
            + #"<workbook xmlns="\#(main)" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">\#(workbookExtra)<sheets><sheet name="Plan" sheetId="1" r:id="rId1"/><sheet name="Other" sheetId="2" r:id="rId2"/></sheets>\#(workbookTail)</workbook>"#
        ),
        ("xl/_rels/workbook.xml.rels", workbookRels),
        ("xl/worksheets/sheet1.xml", sheet),
        (
          "xl/worksheets/sheet2.xml",
          #"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="\#(main)"><sheetData>\#(other)</sheetData></worksheet>"#
        ),
        (
          "xl/calcChain.xml",
          #"<?xml version="1.0"?><calcChain xmlns="\#(main)"><c r="D2" i="1"/></calcChain>"#
        ),
      ])
  }

  static func sheet(_ sheetData: String, extra: String = "") -> String {
    #"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="\#(main)"><sheetData>\#(sheetData)</sheetData>\#(extra)</worksheet>"#
  }

  /// Patches the workbook at `path` and returns the output's path.
  static func patch(_ path: String, _ patches: [String: [CellReference: CellPatch]]) throws
    -> String
  {
    let archive = try Archive(path: path)
    let workbook = try Workbook(contentsOf: path)
    let ext = URL(fileURLWithPath: path).pathExtension
    let out = Fixtures.temporaryDirectory().appendingPathComponent("patched.\(ext)").path
    let writer = try ArchiveWriter(path: out)
    try XLSXPatcher.write(
      archive, workbook: workbook, patches: patches, to: writer, options: .default)
    try writer.commit()
    return out
  }

  static func ref(_ a1: String) -> CellReference { CellReference(a1)! }

  static func number(_ n: String, _ formula: CellPatch.Formula = .keep, note: String? = nil)
    -> CellPatch
  {
    CellPatch(number: n, display: n, formula: formula, note: note)
  }

  static func text(_ archive: Archive, _ name: String) throws -> String {
    String(decoding: try archive.read(name), as: UTF8.self)
  }

  /// Checks that `output` reads as `input` but for `changed` cells, and that every entry but
  /// `rewritten` (and `dropped`, absent) has the same bytes.
  static func expectOnlyChanged(
    _ input: String, _ output: String, sheet: String = "Plan", changed: Set<CellReference>,
    rewritten: Set<String>, dropped: Set<String> = [], added: Set<String> = []
  ) throws {
    let before = try Workbook(contentsOf: input)
    let after = try Workbook(contentsOf: output)
    #expect(before.sheets.map(\.name) == after.sheets.map(\.name))
    for (b, a) in zip(before.sheets, after.sheets) {
      let skip = b.name == sheet ? changed : []
      #expect(
        b.cells.filter { !skip.contains($0.reference) }
          == a.cells.filter { !skip.contains($0.reference) })
      #expect(
        b.formulas.filter { !skip.contains($0.key) } == a.formulas.filter { !skip.contains($0.key) }
      )
      #expect(b.merged == a.merged)
    }
    let ia = try Archive(path: input)
    let oa = try Archive(path: output)
    #expect(Set(oa.entryNames) == Set(ia.entryNames).subtracting(dropped).union(added))
    for name in ia.entryNames where !rewritten.contains(name) && !dropped.contains(name) {
      #expect(try ia.read(name) == oa.read(name), "\(name) changed")
    }
    // Entries not rewritten are copied raw: same method, CRC, compressed size and time.
    let rawIn = try ZipDirectory.read(input)
    let rawOut = try ZipDirectory.read(output)
    // (Folder entries are left out: libzip gives a copied folder entry a new time.)
    for name in ia.entryNames
    where !rewritten.contains(name) && !dropped.contains(name) && !name.hasSuffix("/") {
      #expect(rawIn[name] == rawOut[name], "\(name) was not copied raw")
    }
    #expect(
      oa.entryNames.filter { !added.contains($0) } == ia.entryNames.filter { !dropped.contains($0) }
    )
  }

  // MARK: Cells

  @Test func changesOnlyThePatchedCellsBytes() throws {
    let data =
      #"<row r="1" spans="1:3"><c r="A1" t="s"><v>0</v></c><c r="B1" s="3" t="s"><v>1</v></c><c r="C1"><v>5</v></c></row>"#
      + #"<row r="2"><c r="A2"><v>7</v></c><c r="B2" s="2"><f>B1+1</f><v>2</v></c></row>"#
    let path = try Fixtures.xlsx(sheetData: data, sharedStrings: ["<t>Label</t>", "<t>12 500</t>"])
    let out = try Self.patch(
      path,
      [
        "Plan": [
          Self.ref("B1"): Self.number("12500"), Self.ref("B2"): Self.number("12857.142857142857"),
        ]
      ])
    let sheet = try Self.text(Archive(path: out), "xl/worksheets/sheet1.xml")
    let expected =
      #"<row r="1" spans="1:3"><c r="A1" t="s"><v>0</v></c><c r="B1" s="3"><v>12500</v></c><c r="C1"><v>5</v></c></row>"#
      + #"<row r="2"><c r="A2"><v>7</v></c><c r="B2" s="2"><f>B1+1</f><v>12857.142857142857</v></c></row>"#
    #expect(sheet == Self.sheetPart(expected))
    let read = try Workbook(contentsOf: out).sheets[0]
    #expect(read.cell(at: Self.ref("B1"))?.value == .number(12500, .plain))
    #expect(read.cell(at: Self.ref("B1"))?.style == 3)
    #expect(read.formulas[Self.ref("B2")]?.text == "B1+1")
    try Self.expectOnlyChanged(
      path, out, changed: [Self.ref("B1"), Self.ref("B2")],
      rewritten: ["xl/worksheets/sheet1.xml", "xl/workbook.xml"])
  }

  /// The sheet part `Fixtures.xlsx` makes around `sheetData`.
  static func sheetPart(_ data: String, prefix: String = "", namespace: String = main) -> String {
    let p = prefix.isEmpty ? "" : prefix + ":"
    let xmlns = prefix.isEmpty ? "xmlns=\"\(namespace)\"" : "xmlns:\(prefix)=\"\(namespace)\""
    return
      #"<?xml version="1.0" encoding="UTF-8"?><\#(p)worksheet \#(xmlns)><\#(p)sheetData>\#(data)</\#(p)sheetData></\#(p)worksheet>"#
  }

  @Test func findsCellsWithoutReferences() throws {
    let data =
      #"<row><c><v>1</v></c><c><v>2</v></c></row><row r="5"><c r="C5"><v>3</v></c><c><v>4</v></c></row><row><c><v>5</v></c></row>"#
    let path = try Fixtures.xlsx(sheetData: data)
    let out = try Self.patch(
      path,
      [
        "Plan": [
          Self.ref("B1"): Self.number("20"), Self.ref("D5"): Self.number("40"),
          Self.ref("A6"): Self.number("50"),
        ]
      ])
    let sheet = try Self.text(Archive(path: out), "xl/worksheets/sheet1.xml")
    #expect(
      sheet
        == Self.sheetPart(
          #"<row><c><v>1</v></c><c><v>20</v></c></row><row r="5"><c r="C5"><v>3</v></c><c><v>40</v></c></row><row><c><v>50</v></c></row>"#
        ))
    try Self.expectOnlyChanged(
      path, out, changed: [Self.ref("B1"), Self.ref("D5"), Self.ref("A6")],
      rewritten: ["xl/worksheets/sheet1.xml", "xl/workbook.xml"])
  }

  @Test func keepsPrefixesAndStrictNamespace() throws {
    let prefixed = try Fixtures.xlsx(
      sheetData:
        #"<x:row r="1"><x:c r="A1" t="str"><x:f>"a"</x:f><x:v>a</x:v></x:c><x:c r="B1"><x:v>7</x:v></x:c></x:row>"#,
      prefix: "x")
    let out = try Self.patch(
      prefixed,
      [
        "Plan": [
          Self.ref("A1"): Self.number("3", .set(ooxml: "1+2", odf: "of:=1+2")),
          Self.ref("C1"): Self.number("4"),
        ]
      ])
    #expect(
      try Self.text(Archive(path: out), "xl/worksheets/sheet1.xml")
        == Self.sheetPart(
          #"<x:row r="1"><x:c r="A1"><x:f>1+2</x:f><x:v>3</x:v></x:c><x:c r="B1"><x:v>7</x:v></x:c><x:c r="C1"><x:v>4</x:v></x:c></x:row>"#,
          prefix: "x"))
    let read = try Workbook(contentsOf: out).sheets[0]
    #expect(read.cell(at: Self.ref("A1"))?.value == .number(3, .plain))
    #expect(read.formulas[Self.ref("A1")]?.text == "1+2")
    #expect(read.cell(at: Self.ref("C1"))?.value == .number(4, .plain))

    let strictNamespace = "http://purl.oclc.org/ooxml/spreadsheetml/main"
    let strict = try Fixtures.xlsx(
      sheetData: #"<row r="1"><c r="A1"><v>8</v></c></row>"#, namespace: strictNamespace)
    let strictOut = try Self.patch(strict, ["Plan": [Self.ref("A1"): Self.number("9")]])
    #expect(try Workbook(contentsOf: strictOut).sheets[0].cells.first?.value == .number(9, .plain))
    #expect(
      try Self.text(Archive(path: strictOut), "xl/worksheets/sheet1.xml")
        == Self.sheetPart(#"<row r="1"><c r="A1"><v>9</v></c></row>"#, namespace: strictNamespace))
  }

  @Test func ignoresCellsOfOtherNamespacesAndTrickyMarkup() throws {
    // An attribute holding `>` and `/`, a comment, CDATA, a processing instruction, a cell
    // extension in another namespace: none of them are cells.
    let data = """
      <!-- <c r="B1"><v>0</v></c> --><?pi <c r="B1"/>?>\
      <row r="1" x:note="a>b/c" xmlns:x="urn:x"><c r="A1" t="str"><f>"&lt;/c&gt;"</f><v><![CDATA[</c>]]></v></c>\
      <x:c r="B1"><x:v>99</x:v></x:c><c r="B1" s="1" ><v>2</v></c></row>
      """
    let path = try Fixtures.xlsx(sheetData: data)
    let out = try Self.patch(path, ["Plan": [Self.ref("B1"): Self.number("3")]])
    let sheet = try Self.text(Archive(path: out), "xl/worksheets/sheet1.xml")
    #expect(
      sheet
        == Self.sheetPart(
          data.replacingOccurrences(
            of: #"<c r="B1" s="1" ><v>2</v></c>"#, with: #"<c r="B1" s="1"><v>3</v></c>"#)))
    #expect(
      try Workbook(contentsOf: out).sheets[0].cell(at: Self.ref("B1"))?.value == .number(3, .plain))
  }

  @Test func insertsMissingCellsAndRowsInOrder() throws {
    let data =
      #"<row r="2"><c r="A2"><v>1</v></c><c r="E2"><v>5</v></c></row><row r="5" spans="1:1"/><row r="7"><c r="B7"><v>7</v></c></row>"#
    let path = try Fixtures.xlsx(sheetData: data)
    let patches: [CellReference: CellPatch] = [
      Self.ref("C2"): Self.number("3"), Self.ref("F2"): Self.number("6"),
      Self.ref("A1"): Self.number("-1"),
      Self.ref("B3"): Self.number("0.5", .set(ooxml: "A2/2", odf: "of:=[.A2]/2")),
      Self.ref("A5"): Self.number("10"),
      Self.ref("C9"): Self.number("9"), Self.ref("A7"): Self.number("70"),
    ]
    let out = try Self.patch(path, ["Plan": patches])
    let expected =
      #"<row r="1"><c r="A1"><v>-1</v></c></row><row r="2"><c r="A2"><v>1</v></c><c r="C2"><v>3</v></c><c r="E2"><v>5</v></c><c r="F2"><v>6</v></c></row><row r="3"><c r="B3"><f>A2/2</f><v>0.5</v></c></row><row r="5" spans="1:1"><c r="A5"><v>10</v></c></row><row r="7"><c r="A7"><v>70</v></c><c r="B7"><v>7</v></c></row><row r="9"><c r="C9"><v>9</v></c></row>"#
    #expect(
      try Self.text(Archive(path: out), "xl/worksheets/sheet1.xml") == Self.sheetPart(expected))
    let read = try Workbook(contentsOf: out).sheets[0]
    for (reference, patch) in patches {
      #expect(read.cell(at: reference)?.value == .number(Double(patch.number)!, .plain))
    }
    try Self.expectOnlyChanged(
      path, out, changed: Set(patches.keys),
      rewritten: ["xl/worksheets/sheet1.xml", "xl/workbook.xml"])

    // An empty sheetData.
    let empty = try Fixtures.xlsx(sheetData: "")
    let emptyPart = try Archive(path: empty).read("xl/worksheets/sheet1.xml")
    let selfClosing = try Self.rewrite(
      empty, part: "xl/worksheets/sheet1.xml",
      String(decoding: emptyPart, as: UTF8.self).replacingOccurrences(
        of: "<sheetData></sheetData>", with: "<sheetData/>"))
    let out2 = try Self.patch(selfClosing, ["Plan": [Self.ref("B2"): Self.number("2")]])
    #expect(
      try Self.text(Archive(path: out2), "xl/worksheets/sheet1.xml")
        == #"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="\#(Self.main)"><sheetData><row r="2"><c r="B2"><v>2</v></c></row></sheetData></worksheet>"#
    )
  }

  /// A copy of the package at `path` with `part` replaced by `text`.
  static func rewrite(_ path: String, part: String, _ text: String) throws -> String {
    let archive = try Archive(path: path)
    var entries: [(String, String)] = []
    for name in archive.entryNames {
      entries.append((name, name == part ? text : try Self.text(archive, name)))
    }
    return try Fixtures.zip("book.xlsx", entries)
  }

  @Test func dropsTypeInlineStringAndCellMetadata() throws {
    let data =
      #"<row r="1"><c r="A1" t="inlineStr" s="4" cm="1"><is><t xml:space="preserve"> 12 500 </t></is></c><c r="B1" t="inlineStr"><is><t xml:space="preserve"> kept </t></is></c><c r="C1" t="s" vm="2"/></row>"#
    let path = try Fixtures.xlsx(sheetData: data)
    let out = try Self.patch(
      path, ["Plan": [Self.ref("A1"): Self.number("12500"), Self.ref("C1"): Self.number("1")]])
    #expect(
      try Self.text(Archive(path: out), "xl/worksheets/sheet1.xml")
        == Self.sheetPart(
          #"<row r="1"><c r="A1" s="4"><v>12500</v></c><c r="B1" t="inlineStr"><is><t xml:space="preserve"> kept </t></is></c><c r="C1"><v>1</v></c></row>"#
        ))
    let read = try Workbook(contentsOf: out).sheets[0]
    #expect(read.cell(at: Self.ref("A1"))?.value == .number(12500, .plain))
    #expect(read.cell(at: Self.ref("B1"))?.value == .text(" kept "))
  }

  @Test func writesSharedGroupInFullWhenItsMasterChanges() throws {
    let data = """
      <row r="2"><c r="D2"><f t="shared" ref="D2:D5" si="0">B2+C2</f><v>1</v></c></row>\
      <row r="3"><c r="D3"><f t="shared" si="0"/><v>2</v></c></row>\
      <row r="4"><c r="D4"><f t="shared" si="0"></f><v>3</v></c></row>\
      <row r="5"><c r="D5" s="1"><f t="shared" si="0"/><v>4</v></c><c r="E5"><f t="shared" ref="E5:E6" si="1">D5*2</f><v>8</v></c></row>\
      <row r="6"><c r="E6"><f t="shared" si="1"/><v>9</v></c></row>
      """
    let path = try Fixtures.xlsx(sheetData: data)
    let out = try Self.patch(
      path,
      [
        "Plan": [
          Self.ref("D2"): Self.number("10", .set(ooxml: "B2*2", odf: "of:=[.B2]*2")),
          Self.ref("D4"): Self.number("30"),
        ]
      ])
    let expected = """
      <row r="2"><c r="D2"><f>B2*2</f><v>10</v></c></row>\
      <row r="3"><c r="D3"><f>B3+C3</f><v>2</v></c></row>\
      <row r="4"><c r="D4"><f>B4+C4</f><v>30</v></c></row>\
      <row r="5"><c r="D5" s="1"><f>B5+C5</f><v>4</v></c><c r="E5"><f t="shared" ref="E5:E6" si="1">D5*2</f><v>8</v></c></row>\
      <row r="6"><c r="E6"><f t="shared" si="1"/><v>9</v></c></row>
      """
    #expect(
      try Self.text(Archive(path: out), "xl/worksheets/sheet1.xml") == Self.sheetPart(expected))
    let before = try Workbook(contentsOf: path).sheets[0].formulas
    let after = try Workbook(contentsOf: out).sheets[0].formulas
    #expect(after[Self.ref("D2")]?.text == "B2*2")
    #expect(after.filter { $0.key != Self.ref("D2") } == before.filter { $0.key != Self.ref("D2") })
    // The master removed: the same.
    let removed = try Self.patch(path, ["Plan": [Self.ref("D2"): Self.number("1", .remove)]])
    let formulas = try Workbook(contentsOf: removed).sheets[0].formulas
    #expect(formulas[Self.ref("D2")] == nil)
    #expect(formulas[Self.ref("D5")]?.text == "B5+C5")
    // Kept: the group stays shared.
    let kept = try Self.patch(path, ["Plan": [Self.ref("D2"): Self.number("1")]])
    #expect(
      try Self.text(Archive(path: kept), "xl/worksheets/sheet1.xml").contains(
        #"<c r="D3"><f t="shared" si="0"/>"#))
  }

  @Test func refusesCellsInsideArrayFormulas() throws {
    let data =
      #"<row r="1"><c r="A1"><f t="array" ref="A1:A2">B1:B2*2</f><v>2</v></c></row><row r="2"><c r="A2"><v>4</v></c></row>"#
    let path = try Fixtures.xlsx(sheetData: data)
    #expect(throws: SpreadsheetError.self) {
      try Self.patch(path, ["Plan": [Self.ref("A2"): Self.number("5")]])
    }
    #expect(throws: SpreadsheetError.self) {
      try Self.patch(
        path, ["Plan": [Self.ref("A1"): Self.number("5", .set(ooxml: "1", odf: "of:=1"))]])
    }
    do {
      _ = try Self.patch(path, ["Plan": [Self.ref("A2"): Self.number("5")]])
    } catch {
      #expect(error.asSpreadsheetError.code == .invalid)
      #expect(error.asSpreadsheetError.location.cell == "A2")
      #expect(error.asSpreadsheetError.location.sheet == "Plan")
    }
    // The master keeping its formula takes a new value.
    let out = try Self.patch(path, ["Plan": [Self.ref("A1"): Self.number("5")]])
    #expect(
      try Workbook(contentsOf: out).sheets[0].formulas[Self.ref("A1")]?.arrayRange
        == CellRange("A1:A2"))
  }

  @Test func refusesWhatItCannotWrite() throws {
    let path = try Fixtures.xlsx(sheetData: #"<row r="1"><c r="A1"><v>1</v></c></row>"#)
    for bad in ["1e5", "1,5", "", "-", "1.", ".5", "12 500"] {
      #expect(throws: SpreadsheetError.self, "\(bad)") {
        try Self.patch(path, ["Plan": [Self.ref("A1"): Self.number(bad)]])
      }
    }
    #expect(throws: SpreadsheetError.self) {
      try Self.patch(path, ["Nope": [Self.ref("A1"): Self.number("1")]])
    }
    // A character XML cannot carry is left out of a formula and counted, not refused
    // (docs/markup.md).
    let out = Fixtures.temporaryDirectory().appendingPathComponent("control.xlsx").path
    let writer = try ArchiveWriter(path: out)
    let archive = try Archive(path: path)  // open until the writer commits
    let report = try XLSXPatcher.write(
      archive, workbook: try Workbook(contentsOf: path),
      patches: ["Plan": [Self.ref("A1"): Self.number("2", .set(ooxml: "1+\u{1}1", odf: ""))]],
      to: writer, options: .default)
    try writer.commit()
    withExtendedLifetime(archive) {}
    #expect(report.droppedCharacters == 1)
    #expect(try Workbook(contentsOf: out).sheets[0].formulas[Self.ref("A1")]?.text == "1+1")
  }

  // MARK: Workbook part and calculation chain

  @Test func dropsTheCalculationChainWhenFormulasChange() throws {
    let path = try Self.package(
      sheet: Self.sheet(#"<row r="2"><c r="D2"><f>1+1</f><v>2</v></c><c r="E2"><v>1</v></c></row>"#)
    )
    let out = try Self.patch(path, ["Plan": [Self.ref("D2"): Self.number("2", .remove)]])
    let archive = try Archive(path: out)
    #expect(!archive.contains("xl/calcChain.xml"))
    #expect(try !Self.text(archive, "xl/_rels/workbook.xml.rels").contains("calcChain"))
    #expect(
      try Self.text(archive, "xl/_rels/workbook.xml.rels")
        == Self.workbookRels.replacingOccurrences(
          of:
            #"<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/calcChain" Target="calcChain.xml"/>"#,
          with: ""))
    #expect(
      try Self.text(archive, "[Content_Types].xml")
        == Self.contentTypes.replacingOccurrences(
          of:
            #"<Override PartName="/xl/calcChain.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.calcChain+xml"/>"#,
          with: ""))
    try Self.expectOnlyChanged(
      path, out, changed: [Self.ref("D2")],
      rewritten: [
        "xl/worksheets/sheet1.xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels",
        "[Content_Types].xml",
      ],
      dropped: ["xl/calcChain.xml"])
    // Values only: the chain stays.
    let kept = try Self.patch(path, ["Plan": [Self.ref("E2"): Self.number("3")]])
    try Self.expectOnlyChanged(
      path, kept, changed: [Self.ref("E2")],
      rewritten: ["xl/worksheets/sheet1.xml", "xl/workbook.xml"])
  }

  @Test func asksForFullCalculationOnLoad() throws {
    let data = Self.sheet(#"<row r="1"><c r="A1"><v>1</v></c></row>"#)
    func workbookPart(extra: String, tail: String) throws -> String {
      let path = try Self.package(sheet: data, workbookExtra: extra, workbookTail: tail)
      let out = try Self.patch(path, ["Plan": [Self.ref("A1"): Self.number("2")]])
      return try Self.text(Archive(path: out), "xl/workbook.xml")
    }
    // No calcPr: inserted after definedNames, before pivotCaches.
    let inserted = try workbookPart(
      extra: "",
      tail:
        #"<definedNames><definedName name="x">Plan!$A$1</definedName></definedNames><pivotCaches><pivotCache cacheId="1" r:id="rId5"/></pivotCaches>"#
    )
    #expect(inserted.contains(#"</definedNames><calcPr fullCalcOnLoad="1"/><pivotCaches>"#))
    // At the end when nothing follows it.
    #expect(
      try workbookPart(extra: "", tail: "").hasSuffix(
        #"</sheets><calcPr fullCalcOnLoad="1"/></workbook>"#))
    // An existing calcPr gains the attribute, or has it set.
    #expect(
      try workbookPart(extra: "", tail: #"<calcPr calcId="191029"/>"#).contains(
        #"<calcPr fullCalcOnLoad="1" calcId="191029"/>"#))
    #expect(
      try workbookPart(extra: "", tail: #"<calcPr fullCalcOnLoad='0' calcId="1"></calcPr>"#)
        .contains(#"<calcPr fullCalcOnLoad='1' calcId="1"></calcPr>"#))
  }

  // MARK: Notes

  @Test func writesNotesAsComments() throws {
    let path = try Self.package(
      sheet: Self.sheet(
        #"<row r="1"><c r="A1"><v>1</v></c><c r="B1"><v>2</v></c></row>"#,
        extra:
          #"<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/><tableParts count="0"/>"#
      ))
    let out = try Self.patch(
      path,
      [
        "Plan": [
          Self.ref("B1"): Self.number("3", note: "Total corrigé : 1 + 2 = 3 <sum> & co"),
          Self.ref("A1"): Self.number("1"),
        ]
      ])
    let archive = try Archive(path: out)
    #expect(archive.contains("xl/comments1.xml"))
    #expect(archive.contains("xl/drawings/vmlDrawing1.vml"))
    let comments = try Self.text(archive, "xl/comments1.xml")
    #expect(comments.contains(#"<comment ref="B1" authorId="0">"#))
    #expect(comments.contains("Total corrigé : 1 + 2 = 3 &lt;sum&gt; &amp; co"))
    #expect(comments.contains("<author>Equilibre</author>"))
    let rels = try Self.text(archive, "xl/worksheets/_rels/sheet1.xml.rels")
    #expect(rels.contains(#"Target="../comments1.xml""#))
    #expect(rels.contains(#"Target="../drawings/vmlDrawing1.vml""#))
    let sheet = try Self.text(archive, "xl/worksheets/sheet1.xml")
    #expect(
      sheet.contains(
        #"<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/><legacyDrawing xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:id="rId2"/><tableParts count="0"/>"#
      ))
    let types = try Self.text(archive, "[Content_Types].xml")
    #expect(
      types.contains(
        #"<Default Extension="vml" ContentType="application/vnd.openxmlformats-officedocument.vmlDrawing"/>"#
      ))
    #expect(
      types.contains(
        #"<Override PartName="/xl/comments1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"/>"#
      ))
    try Self.expectOnlyChanged(
      path, out, changed: [Self.ref("B1")],
      rewritten: ["xl/worksheets/sheet1.xml", "xl/workbook.xml", "[Content_Types].xml"],
      added: [
        "xl/comments1.xml", "xl/drawings/vmlDrawing1.vml", "xl/worksheets/_rels/sheet1.xml.rels",
      ])
  }

  @Test func refusesNotesOnASheetWithComments() throws {
    let path = try Self.package(sheet: Self.sheet(#"<row r="1"><c r="A1"><v>1</v></c></row>"#))
    let withComments = try Self.adding(
      path,
      [
        (
          "xl/worksheets/_rels/sheet1.xml.rels",
          #"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="../comments1.xml"/></Relationships>"#
        )
      ])
    do {
      _ = try Self.patch(withComments, ["Plan": [Self.ref("A1"): Self.number("2", note: "n")]])
      Issue.record("a note on a sheet with comments should be refused")
    } catch {
      #expect(error.asSpreadsheetError.code == .invalid)
      #expect(error.asSpreadsheetError.location.sheet == "Plan")
    }
    // Without a note the sheet is patched.
    _ = try Self.patch(withComments, ["Plan": [Self.ref("A1"): Self.number("2")]])
    // Asked to, the patcher leaves the notes out and says which sheet lost them.
    let out = Fixtures.temporaryDirectory().appendingPathComponent("skipped.xlsx").path
    let skipped = try WorkbookPatcher.write(
      withComments, workbook: try Workbook(contentsOf: withComments),
      patches: ["Plan": [Self.ref("A1"): Self.number("2", note: "n")]], to: out, skippingRefusedNotes: true)
    #expect(skipped.notesSkipped == ["Plan"])
    #expect(try Workbook(contentsOf: out).sheets[0].cell(at: Self.ref("A1"))?.value == .number(2, .plain))
    #expect(try !Archive(path: out).entryNames.contains { $0.contains("vmlDrawing") })
  }

  /// A copy of the package at `path` with more entries.
  static func adding(_ path: String, _ more: [(String, String)]) throws -> String {
    let archive = try Archive(path: path)
    var entries: [(String, String)] = []
    for name in archive.entryNames { entries.append((name, try Self.text(archive, name))) }
    return try Fixtures.zip("book.xlsx", entries + more)
  }

  // MARK: LibreOffice

  @Test(.enabled(if: LibreOffice.isInstalled))
  func libreOfficeOpensThePatchedWorkbookWithItsNotes() throws {
    let data = """
      <row r="1"><c r="A1"><v>1</v></c><c r="B1"><v>2</v></c><c r="C1"><f>A1+B1</f><v>3</v></c></row>\
      <row r="2"><c r="A2"><f t="shared" ref="A2:B2" si="0">A1*10</f><v>10</v></c><c r="B2"><f t="shared" si="0"/><v>20</v></c></row>
      """
    let path = try Self.package(sheet: Self.sheet(data))
    let out = try Self.patch(
      path,
      [
        "Plan": [
          Self.ref("A1"): Self.number("5", note: "Montant corrigé par Equilibre"),
          Self.ref("A2"): Self.number("7", .set(ooxml: "A1+2", odf: "of:=[.A1]+2")),
          Self.ref("D4"): Self.number("12857.142857"),
        ]
      ])
    let ods = try LibreOffice.convert(out, to: "ods")
    let sheet = try Workbook(contentsOf: ods).sheets[0]
    #expect(sheet.cell(at: Self.ref("A1"))?.value?.number == 5)
    // C1 (A1+B1) is not checked: LibreOffice recalculates an xlsx on load only when its
    // OOXMLRecalcMode says so (never, by default, headless); fullCalcOnLoad is for Excel.
    #expect(sheet.cell(at: Self.ref("A2"))?.value?.number == 7)
    #expect(sheet.cell(at: Self.ref("B2"))?.value?.number == 20)  // B1*10, written in full
    #expect(sheet.cell(at: Self.ref("D4"))?.value?.number == 12857.142857)
    let content = String(decoding: try Archive(path: ods).read("content.xml"), as: UTF8.self)
    #expect(content.contains("office:annotation"))
    #expect(content.contains("Montant corrigé par Equilibre"))
  }

  // MARK: Real files

  static let plans: [String] = {
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: Fixtures.plans.path)
    else { return [] }
    return names.filter { $0.hasSuffix(".xlsx") }.sorted()
  }()

  static let corpusSample = [
    "excelmac-many-sheets-1.xlsx", "excel2013-many-sheets-1.xlsx",
    "app-odf-converter-defined-names-1.xlsx",
    "apache-poi-basic-1.xlsx",
    "gnumeric-huge-dimension-1.xlsx", "excel-huge-dimension-1.xlsx",
  ]

  /// Patches the first number without a formula (else the first number, its formula kept; else
  /// the first text) of the first sheet that has one, and checks the read-back.
  static func patchOneNumber(_ path: String) throws -> (
    out: String, sheet: String, cell: CellReference
  )? {
    let workbook = try Workbook(contentsOf: path)
    let choices: [(Sheet, Cell) -> Bool] = [
      { sheet, cell in cell.value?.number != nil && sheet.formulas[cell.reference] == nil },
      { sheet, cell in
        cell.value?.number != nil && sheet.formulas[cell.reference]?.arrayRange == nil
      },
      { sheet, cell in cell.value?.text != nil && sheet.formulas[cell.reference] == nil },
    ]
    for choice in choices {
      for sheet in workbook.sheets {
        guard let cell = sheet.cells.first(where: { choice(sheet, $0) }) else { continue }
        return try patchOneNumber(path, sheet: sheet, cell: cell)
      }
    }
    return nil
  }

  static func patchOneNumber(_ path: String, sheet: Sheet, cell: Cell) throws -> (
    out: String, sheet: String, cell: CellReference
  ) {
    let started = ContinuousClock.now
    let out = try patch(path, [sheet.name: [cell.reference: number("4242.125")]])
    print(
      "patched \(URL(fileURLWithPath: path).lastPathComponent) in \(ContinuousClock.now - started)")
    // Two entries change: the workbook part (recalculation on load) and the sheet's part.
    let input = try Archive(path: path)
    let output = try Archive(path: out)
    let rewritten = try Set(input.entryNames.filter { try input.read($0) != output.read($0) })
    #expect(
      rewritten.count <= 2 && rewritten.contains { $0.hasPrefix("xl/worksheets/") },
      "\(rewritten.sorted())")
    try expectOnlyChanged(
      path, out, sheet: sheet.name, changed: [cell.reference], rewritten: rewritten)
    let read = try Workbook(contentsOf: out)
    let patched = try #require(read.sheets.first { $0.name == sheet.name })
    #expect(patched.cell(at: cell.reference)?.value?.number == 4242.125)
    #expect(patched.formulas[cell.reference] == sheet.formulas[cell.reference])
    return (out, sheet.name, cell.reference)
  }

  @Test(.enabled(if: Fixtures.hasPlans), arguments: plans)
  func patchesEveryPlan(file: String) throws {
    let path = Fixtures.plans.appendingPathComponent(file).path
    let result = try #require(try Self.patchOneNumber(path))
    if LibreOffice.isInstalled {
      let ods = try LibreOffice.convert(result.out, to: "ods")
      let sheet = try #require(
        try Workbook(contentsOf: ods).sheets.first { $0.name == result.sheet })
      #expect(sheet.cell(at: result.cell)?.value?.number == 4242.125)
    }
  }

  @Test(.enabled(if: Fixtures.hasCorpus), arguments: corpusSample)
  func patchesCorpusFiles(file: String) throws {
    let path = Fixtures.corpus.appendingPathComponent(file).path
    guard FileManager.default.fileExists(atPath: path) else { return }
    let result = try #require(try Self.patchOneNumber(path))
    if LibreOffice.isInstalled {
      let ods = try LibreOffice.convert(result.out, to: "ods")
      let sheet = try #require(
        try Workbook(contentsOf: ods).sheets.first { $0.name == result.sheet })
      #expect(sheet.cell(at: result.cell)?.value?.number == 4242.125)
    }
  }
}

/// The central directory of a zip file, read by hand: what a raw copy must keep per entry.
enum ZipDirectory {
  struct Entry: Equatable {
    var method: UInt16
    var time: UInt16
    var date: UInt16
    var crc: UInt32
    var compressedSize: UInt32
  }

  static func read(_ path: String) throws -> [String: Entry] {
    let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    func u16(_ i: Int) -> UInt16 { UInt16(bytes[i]) | UInt16(bytes[i + 1]) << 8 }
    func u32(_ i: Int) -> UInt32 { UInt32(u16(i)) | UInt32(u16(i + 2)) << 16 }
    guard
      let end = stride(from: bytes.count - 22, through: 0, by: -1).first(where: {
        u32($0) == 0x0605_4b50
      })
    else {
      return [:]
    }
    var i = Int(u32(end + 16))
    var out: [String: Entry] = [:]
    while i + 46 <= bytes.count, u32(i) == 0x0201_4b50 {
      let nameLength = Int(u16(i + 28))
      let extra = Int(u16(i + 30))
      let comment = Int(u16(i + 32))
      let name = String(decoding: bytes[(i + 46)..<(i + 46 + nameLength)], as: UTF8.self)
      out[name] = Entry(
        method: u16(i + 10), time: u16(i + 12), date: u16(i + 14), crc: u32(i + 16),
        compressedSize: u32(i + 20))
      i += 46 + nameLength + extra + comment
    }
    return out
  }
}
