import Archive
import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// Hostile workbooks, generated here, run through `info`, `cells`, `cells --recalculate`, `check`
/// and `fix`: each must be refused with exit status 2 and a stable code, or read (and recalculated
/// as expected, corrected when it holds a plan), within 20 s and 1 GiB, and no byte of a local
/// file may reach the output.
@Suite("Hostile files through the command line")
struct HostileFilesTests {
  static let ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
  static let rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

  /// A hostile fixture: its name, its bytes on disk, the codes it may be refused with (empty: it
  /// must be read), and what `cells --recalculate` must give for some cells of its first sheet:
  /// the value as JSON prints it (`50000`, `#CIRCULAR!`), or the start of the reason the cell is
  /// unsupported (`formula.limit: `).
  struct Fixture: CustomStringConvertible, Sendable {
    var name: String
    var make: @Sendable (String) throws -> Void
    var refusedWith: Set<String>
    var recalculated: [String: String] = [:]
    /// Whether the file's real content is a few cells (a lying dimension, the last cell of the
    /// grid, a million empty repeated rows): each command must then stay within 256 MiB, not 1 GiB.
    var fewCells = false
    var description: String { name }
  }

  static func xlsxEntries(sheet: String, workbook: String? = nil, sharedStrings: String? = nil, rels: String? = nil)
    -> [(String, [UInt8])]
  {
    var entries: [(String, [UInt8])] = [
      (
        "xl/workbook.xml",
        Array(
          (workbook
            ?? #"<workbook xmlns="\#(ns)" xmlns:r="\#(rel)"><sheets><sheet name="Plan" sheetId="1" r:id="rId1"/></sheets></workbook>"#)
            .utf8)
      ),
      (
        "xl/_rels/workbook.xml.rels",
        Array(
          (rels
            ?? #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="\#(rel)/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="\#(rel)/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#)
            .utf8)
      ),
      ("xl/worksheets/sheet1.xml", Array(sheet.utf8)),
    ]
    if let sharedStrings { entries.append(("xl/sharedStrings.xml", Array(sharedStrings.utf8))) }
    return entries
  }

  /// A sheet of one row whose cells hold these formulas (XML-escaped here), `A1`, `B1`, … in order.
  static func formulaRow(_ formulas: [String]) -> String {
    let cells = formulas.enumerated().map { k, f in
      let text = f.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
      return #"<c r="\#(columnName(k))1"><f>\#(text)</f></c>"#
    }
    return sheet(#"<row r="1">"# + cells.joined() + "</row>")
  }

  static func sheet(_ data: String, before: String = "", after: String = "") -> String {
    #"<worksheet xmlns="\#(ns)">\#(before)<sheetData>\#(data)</sheetData>\#(after)</worksheet>"#
  }

  static func write(_ path: String, _ entries: [(String, [UInt8])]) throws {
    let w = try ArchiveWriter(path: path, replacing: true)
    for (n, b) in entries { try w.add(n, b) }
    try w.commit()
  }

  /// An xlsx of `sheetXML` as its first sheet (see ``xlsxEntries``), with `more` parts added.
  static func xlsx(
    _ sheetXML: String, workbook: String? = nil, sharedStrings: String? = nil, rels: String? = nil,
    more: [(String, String)] = []
  ) -> @Sendable (String) throws -> Void {
    let extra = more.map { ($0.0, Array($0.1.utf8)) }
    return { path in
      try write(
        path, xlsxEntries(sheet: sheetXML, workbook: workbook, sharedStrings: sharedStrings, rels: rels) + extra)
    }
  }

  static func ods(_ body: String, mimetype: Bool = true) -> @Sendable (String) throws -> Void {
    { path in
      let content = """
        <office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" \
        xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">\
        <office:body><office:spreadsheet><table:table table:name="Plan">\(body)</table:table></office:spreadsheet></office:body></office:document-content>
        """
      var entries: [(String, [UInt8])] = []
      if mimetype { entries.append(("mimetype", Array("application/vnd.oasis.opendocument.spreadsheet".utf8))) }
      entries.append(("content.xml", Array(content.utf8)))
      try write(path, entries)
    }
  }

  /// An ODS package of a `mimetype` entry, `content` as its content.xml, then `more` entries.
  static func odsPackage(content: [UInt8], more: [(String, [UInt8])] = []) -> @Sendable (String) throws -> Void {
    { path in
      try write(path, [("mimetype", Array("application/vnd.oasis.opendocument.spreadsheet".utf8)), ("content.xml", content)] + more)
    }
  }

  static func raw(_ bytes: [UInt8]) -> @Sendable (String) throws -> Void {
    { path in _ = FileManager.default.createFile(atPath: path, contents: Data(bytes)) }
  }

  static let ole: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]
  static func utf16(_ s: String) -> [UInt8] { Array(s.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }) }

  static let fixtures: [Fixture] = [
    Fixture(
      name: "bomb-whitespace.xlsx",
      make: { path in
        try write(path, xlsxEntries(sheet: "") + [("xl/worksheets/sheet1.xml", [UInt8](repeating: 0x20, count: 200 << 20))])
      }, refusedWith: ["zip.limit"]),
    Fixture(
      name: "bomb-rows.xlsx",
      make: { path in
        // 20,000,000 empty rows: 120 MB that deflate about 690:1.
        let rows = String(repeating: "<row/>", count: 20_000_000)
        try write(path, xlsxEntries(sheet: sheet(rows)))
      }, refusedWith: ["zip.limit"]),
    Fixture(
      name: "billion-laughs.xlsx",
      make: xlsx(
        #"<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><worksheet xmlns="\#(ns)"><sheetData><row><c t="inlineStr"><is><t>&c;</t></is></c></row></sheetData></worksheet>"#
      ), refusedWith: ["xml.forbidden"]),
    Fixture(
      name: "xxe-local-file.xlsx",
      make: xlsx(
        #"<?xml version="1.0"?><!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]><worksheet xmlns="\#(ns)"><sheetData><row><c t="inlineStr"><is><t>&x;</t></is></c></row></sheetData></worksheet>"#
      ), refusedWith: ["xml.forbidden"]),
    Fixture(
      name: "xxe-network.xlsx",
      make: xlsx(
        sheet(""),
        workbook:
          #"<?xml version="1.0"?><!DOCTYPE w SYSTEM "http://127.0.0.1:9/x.dtd"><workbook xmlns="\#(ns)"/>"#),
      refusedWith: ["xml.forbidden"]),
    Fixture(
      name: "relationship-climbing-out.xlsx",
      make: xlsx(
        sheet(""),
        rels:
          #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="\#(rel)/worksheet" Target="../../../../etc/passwd"/></Relationships>"#
      ), refusedWith: ["workbook.missingPart"]),
    Fixture(
      name: "lying-dimension.xlsx",
      make: xlsx(sheet(#"<row r="1"><c r="A1"><v>1</v></c></row>"#, before: #"<dimension ref="A1:XFD1048576"/>"#)),
      refusedWith: [], fewCells: true),
    Fixture(
      name: "last-cell-of-the-grid.xlsx", make: xlsx(sheet(#"<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>"#)),
      refusedWith: [], fewCells: true),
    Fixture(
      name: "beyond-the-grid.xlsx", make: xlsx(sheet(#"<row r="1"><c r="XFE1"><v>1</v></c></row>"#)),
      refusedWith: ["workbook.invalid"]),
    Fixture(
      name: "nested-200000.xlsx",
      make: xlsx(
        sheet(String(repeating: "<row>", count: 200_000) + String(repeating: "</row>", count: 200_000))),
      refusedWith: ["xml.limit"]),
    Fixture(
      name: "text-64mib.xlsx",
      make: xlsx(sheet(#"<row><c t="inlineStr"><is><t>"# + String(repeating: "x", count: 64 << 20) + "</t></is></c></row>")),
      refusedWith: ["xml.limit", "zip.limit"]),
    // Bytes that fail the declared encoding: libxml2 used to print its own lines on stderr.
    Fixture(
      name: "invalid-utf16.xlsx",
      make: { path in
        try write(
          path, xlsxEntries(sheet: "") + [("xl/worksheets/sheet1.xml", [0xFF, 0xFE, 0x3C, 0, 0x61, 0, 0x3E, 0, 0, 0xD8, 0, 0])])
      }, refusedWith: ["xml.malformed"]),
    Fixture(
      name: "invalid-shift-jis.ods",
      make: odsPackage(content: Array(#"<?xml version="1.0" encoding="Shift_JIS"?><a>"#.utf8) + [UInt8](repeating: 0xFF, count: 128)),
      refusedWith: ["xml.malformed"]),
    Fixture(name: "malformed.xlsx", make: xlsx("<worksheet><sheetData><row>"), refusedWith: ["xml.malformed"]),
    Fixture(
      name: "invalid-utf8.xlsx",
      make: { path in
        var entries = xlsxEntries(sheet: "")
        entries[2].1 = Array(#"<worksheet xmlns="\#(ns)"><sheetData><row><c t="inlineStr"><is><t>"#.utf8) + [0xC3, 0x28, 0xFF]
          + Array("</t></is></c></row></sheetData></worksheet>".utf8)
        try write(path, entries)
      }, refusedWith: ["xml.malformed"]),
    Fixture(
      name: "number-overflow.xlsx", make: xlsx(sheet(#"<row><c r="A1"><v>1e400</v></c></row>"#)),
      refusedWith: ["workbook.invalid"]),
    Fixture(
      name: "number-nan.xlsx", make: xlsx(sheet(#"<row><c r="A1"><v>NaN</v></c></row>"#)), refusedWith: ["workbook.invalid"]),
    Fixture(
      name: "shared-string-out-of-range.xlsx",
      make: xlsx(sheet(#"<row><c r="A1" t="s"><v>99</v></c></row>"#), sharedStrings: #"<sst xmlns="\#(ns)"><si><t>a</t></si></sst>"#),
      refusedWith: ["workbook.invalid"]),
    Fixture(
      name: "malformed-reference.xlsx", make: xlsx(sheet(#"<row><c r="1A"><v>1</v></c></row>"#)),
      refusedWith: ["workbook.invalid"]),
    Fixture(
      name: "missing-workbook.xlsx", make: { path in try write(path, [("docProps/app.xml", Array("<a/>".utf8))]) },
      refusedWith: ["workbook.missingPart"]),
    Fixture(
      name: "missing-sheet.xlsx",
      make: { path in try write(path, Array(xlsxEntries(sheet: "").prefix(2))) }, refusedWith: ["workbook.missingPart"]),
    Fixture(name: "empty.xlsx", make: raw([]), refusedWith: ["zip.notZip"]),
    // Not regular files: a named pipe blocked every command forever; a device never ends.
    Fixture(name: "named-pipe.xlsx", make: { path in _ = mkfifo(path, 0o600) }, refusedWith: ["io.failed"]),
    Fixture(name: "link-to-dev-zero.xlsx", make: { path in _ = symlink("/dev/zero", path) }, refusedWith: ["io.failed"]),
    Fixture(name: "link-to-dev-urandom.ods", make: { path in _ = symlink("/dev/urandom", path) }, refusedWith: ["io.failed"]),
    Fixture(name: "plain-text.xlsx", make: raw(Array("Charges;Produits\n1;2\n".utf8)), refusedWith: ["zip.notZip"]),
    Fixture(
      name: "random.ods", make: raw((0..<65536).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 13) }),
      refusedWith: ["zip.notZip"]),
    Fixture(
      name: "truncated.xlsx",
      make: { path in
        try write(path + ".whole", xlsxEntries(sheet: sheet(String(repeating: "<row><c><v>1</v></c></row>", count: 5000))))
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path + ".whole"))
        _ = FileManager.default.createFile(atPath: path, contents: bytes.prefix(bytes.count / 2))
      }, refusedWith: ["zip.corrupt"]),
    Fixture(
      name: "encrypted.xlsx", make: raw(ole + [UInt8](repeating: 0, count: 1000) + utf16("EncryptedPackage")),
      refusedWith: ["workbook.encrypted"]),
    Fixture(
      name: "legacy-as.xlsx", make: raw(ole + [UInt8](repeating: 0, count: 1000) + utf16("Workbook")),
      refusedWith: ["workbook.legacyXls"]),
    Fixture(
      name: "duplicate-entries.xlsx",
      make: { path in try write(path, xlsxEntries(sheet: sheet("")) + [("XL/Worksheets/Sheet1.xml", Array("<x/>".utf8))]) },
      refusedWith: ["zip.corrupt"]),
    Fixture(
      name: "ods-million-empty-rows.ods",
      make: ods(
        #"<table:table-row><table:table-cell office:value-type="float" office:value="1"/></table:table-row><table:table-row table:number-rows-repeated="1000000"><table:table-cell table:number-columns-repeated="16384"/></table:table-row>"#
      ), refusedWith: [], fewCells: true),
    Fixture(
      name: "ods-repeated-bomb.ods",
      make: ods(
        #"<table:table-row table:number-rows-repeated="1000000"><table:table-cell table:number-columns-repeated="1000" office:value-type="float" office:value="1"/></table:table-row>"#
      ), refusedWith: ["workbook.limit"]),
    Fixture(
      name: "ods-negative-repeat.ods",
      make: ods(#"<table:table-row table:number-rows-repeated="-5"><table:table-cell/></table:table-row>"#),
      refusedWith: ["workbook.invalid"]),
    Fixture(
      name: "ods-overflowing-repeat.ods",
      make: ods(
        #"<table:table-row><table:table-cell table:number-columns-repeated="99999999999999999999999" office:value-type="float" office:value="1"/></table:table-row>"#
      ), refusedWith: ["workbook.invalid", "workbook.limit"]),
    // One long text shown by a million cells: 32 GB of text from a part of a few hundred bytes.
    Fixture(
      name: "ods-long-text-repeated.ods",
      make: ods(
        #"<table:table-row table:number-rows-repeated="1048575"><table:table-cell office:value-type="string"><text:p>\#(String(repeating: "x", count: 32_768))</text:p></table:table-cell></table:table-row>"#
      ), refusedWith: ["workbook.limit"]),
    Fixture(
      name: "shared-string-shown-20000-times.xlsx",
      make: xlsx(
        sheet((1...20_000).map { #"<row r="\#($0)"><c r="A\#($0)" t="s"><v>0</v></c></row>"# }.joined()),
        sharedStrings: #"<sst xmlns="\#(ns)"><si><t>\#(String(repeating: "y", count: 32_768))</t></si></sst>"#),
      refusedWith: ["workbook.limit"]),
    Fixture(
      name: "ods-no-mimetype.ods",
      make: ods(#"<table:table-row><table:table-cell office:value-type="float" office:value="3"/></table:table-row>"#, mimetype: false),
      refusedWith: []),
  ] + formulaFixtures

  /// The formula engine's hostile inputs: cycles, a long chain, absurd nesting and length, the
  /// whole grid as an array. Each is read; recalculation gives the circular error or a
  /// `formula.limit` reason, never a crash, a hang or a silent 0.
  static let formulaFixtures: [Fixture] = [
    Fixture(
      name: "formula-cycle.xlsx",
      make: xlsx(
        sheet(
          #"<row r="1"><c r="A1"><f>B1+1</f></c><c r="B1"><f>C1+1</f></c><c r="C1"><f>A1+1</f></c><c r="D1"><v>5</v></c><c r="E1"><f>D1*2</f></c></row>"#
        )),
      refusedWith: [], recalculated: ["A1": "#CIRCULAR!", "B1": "#CIRCULAR!", "C1": "#CIRCULAR!", "E1": "10"]),
    Fixture(
      name: "formula-self-reference.xlsx", make: xlsx(formulaRow(["A1+1", "SUM(A1:C1)", "7"])), refusedWith: [],
      recalculated: ["A1": "#CIRCULAR!", "B1": "#CIRCULAR!", "C1": "7"]),
    Fixture(
      name: "formula-chain-50000.xlsx",
      make: xlsx(
        sheet(
          #"<row r="1"><c r="A1"><v>1</v></c></row>"#
            + (2...50_000).map { #"<row r="\#($0)"><c r="A\#($0)"><f>A\#($0 - 1)+1</f></c></row>"# }.joined())),
      refusedWith: [], recalculated: ["A2": "2", "A50000": "50000"]),
    Fixture(
      name: "formula-100000-parentheses.xlsx",
      make: xlsx(formulaRow([String(repeating: "(", count: 100_000) + "1" + String(repeating: ")", count: 100_000), "2"])),
      refusedWith: [], recalculated: ["A1": "formula.limit: the formula has 200001 characters", "B1": "2"]),
    Fixture(
      name: "formula-4000-open-parentheses.xlsx",
      make: xlsx(formulaRow([String(repeating: "(", count: 4000), "2"])),
      refusedWith: [], recalculated: ["A1": "formula.limit: the formula nests deeper than 256 levels", "B1": "2"]),
    Fixture(
      name: "formula-just-past-the-depth.xlsx",
      make: xlsx(
        formulaRow([
          String(repeating: "(", count: 257) + "1" + String(repeating: ")", count: 257),
          String(repeating: "ABS(", count: 254) + "-3" + String(repeating: ")", count: 254),
        ])),
      refusedWith: [], recalculated: ["A1": "formula.limit: the formula nests deeper than 256 levels", "B1": "3"]),
    Fixture(
      name: "formula-over-long.xlsx",
      make: xlsx(formulaRow([Array(repeating: "1", count: 4097).joined(separator: "+"), Array(repeating: "1", count: 4096).joined(separator: "+")])),
      refusedWith: [], recalculated: ["A1": "formula.limit: the formula has 8193 characters", "B1": "4096"]),
    Fixture(
      name: "formula-whole-grid-array.xlsx",
      make: xlsx(
        sheet(
          #"<row r="1"><c r="A1"><f>4*5</f></c><c r="B1"><f>SUMPRODUCT(Grid!A1:XFD1048576*1)</f></c><c r="C1"><f t="array" ref="C1">SUM(Grid!A:XFD*2)</f></c></row>"#),
        workbook:
          #"<workbook xmlns="\#(ns)" xmlns:r="\#(rel)"><sheets><sheet name="Plan" sheetId="1" r:id="rId1"/><sheet name="Grid" sheetId="2" r:id="rId3"/></sheets></workbook>"#,
        rels:
          #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="\#(rel)/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId3" Type="\#(rel)/worksheet" Target="worksheets/sheet2.xml"/></Relationships>"#,
        more: [("xl/worksheets/sheet2.xml", sheet(#"<row r="1"><c r="A1"><v>1</v></c></row><row r="1048576"><c r="XFD1048576"><v>2</v></c></row>"#))]),
      refusedWith: [],
      // Once the budget is spent, the cells computed after are unsupported too.
      recalculated: ["A1": "20", "B1": "formula.limit: the recalculation needs more than", "C1": "formula.limit: "]),
    Fixture(
      name: "formula-thousand-sums-of-a-column.ods",
      make: ods(columnOfOnes(besideTheFirstThousand: "of:=SUM([.A1:.A100000])")), refusedWith: [],
      recalculated: ["B1": "100000", "B1000": "formula.limit: the recalculation needs more than"]),
    Fixture(
      name: "formula-thousand-lookups-of-a-column.ods",
      make: ods(columnOfOnes(besideTheFirstThousand: "of:=VLOOKUP(&quot;zz&quot;;[.A1:.A100000];1;0)")),
      refusedWith: [], recalculated: ["B1": "#N/A", "B1000": "formula.limit: the recalculation needs more than"]),
    Fixture(
      name: "formula-arrays-of-a-whole-column.xlsx",
      make: xlsx(
        sheet(
          #"<row r="1"><c r="A1"><v>1</v></c>"#
            + (1...20).map { #"<c r="\#(columnName($0))1"><f>SUMPRODUCT(A1:A1048576*1)</f></c>"# }.joined()
            + #"</row><row r="1048576"><c r="A1048576"><v>2</v></c></row>"#)),
      refusedWith: [], recalculated: ["B1": "3", "U1": "formula.limit: the recalculation needs more than"]),
    // Ranges of the whole grid where the reader or the engine might walk every cell.
    Fixture(
      name: "merge-whole-grid.xlsx",
      make: xlsx(
        sheet(
          #"<row r="1"><c r="A1"><v>1</v></c></row>"#,
          after: #"<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>"#)),
      refusedWith: [], fewCells: true),
    Fixture(
      name: "shared-formula-whole-grid.xlsx",
      make: xlsx(
        sheet(
          #"<row r="1"><c r="A1"><f t="shared" ref="A1:XFD1048576" si="0">B1+1</f><v>1</v></c></row><row r="2"><c r="A2"><f t="shared" si="0"/><v>1</v></c></row>"#
        )), refusedWith: [], recalculated: ["A1": "1", "A2": "1"], fewCells: true),
    Fixture(
      name: "array-formula-whole-grid.xlsx",
      make: xlsx(sheet(#"<row r="1"><c r="A1"><f t="array" ref="A1:XFD1048576">1+1</f><v>2</v></c></row>"#)),
      refusedWith: [], recalculated: ["A1": "2"], fewCells: true),
    Fixture(
      name: "whole-grid-offset-indirect.xlsx",
      make: xlsx(
        formulaRow([
          "1", "SUM(OFFSET(A1,0,0,1048576,16384))", #"SUM(INDIRECT("A1:XFD1048576"))"#, "COUNTBLANK(A1:XFD1048576)",
          #"LEN(TEXTJOIN(",",FALSE,A1:XFD1048576))"#,
        ])), refusedWith: [],
      // Each range holds the cell itself: a cycle, found without walking 17 billion cells.
      recalculated: ["A1": "1", "B1": "#CIRCULAR!", "C1": "#CIRCULAR!", "D1": "#CIRCULAR!", "E1": "#CIRCULAR!"],
      fewCells: true),
    // One sheet part named by a thousand sheets: read once, its cells counted for each sheet, so
    // the cell cap stops it.
    Fixture(
      name: "one-sheet-part-a-thousand-times.xlsx",
      make: xlsx(
        sheet((1...1000).map { r in #"<row r="\#(r)">"# + (0..<10).map { #"<c r="\#(columnName($0))\#(r)"><v>\#(r)</v></c>"# }.joined() + "</row>" }.joined()),
        workbook: #"<workbook xmlns="\#(ns)" xmlns:r="\#(rel)"><sheets>"#
          + (1...1000).map { #"<sheet name="S\#($0)" sheetId="\#($0)" r:id="rId1"/>"# }.joined() + "</sheets></workbook>"),
      refusedWith: ["workbook.limit"]),
    // One part of 15 MiB of whitespace (under the ratio floor) named by 2,000 sheets: 30 GB to
    // inflate if each sheet read it (that ran past a minute); read once.
    Fixture(
      name: "whitespace-part-two-thousand-times.xlsx",
      make: xlsx(
        sheet(#"<row r="1"><c r="A1"><v>1</v></c></row>"#, after: String(repeating: " ", count: 15 << 20)),
        workbook: #"<workbook xmlns="\#(ns)" xmlns:r="\#(rel)"><sheets>"#
          + (1...2000).map { #"<sheet name="S\#($0)" sheetId="\#($0)" r:id="rId1"/>"# }.joined() + "</sheets></workbook>"),
      refusedWith: [], recalculated: ["A1": "1"], fewCells: true),
    // Metadata parts of millions of elements (16 MiB, under the ratio floor): the producer's name
    // was read through an element tree, 444 MiB for a 16 KB file.
    Fixture(
      name: "app-properties-of-four-million-elements.xlsx",
      make: xlsx(
        sheet(#"<row r="1"><c r="A1"><v>1</v></c></row>"#),
        more: [("docProps/app.xml", "<Properties>" + String(repeating: "<a/>", count: 4_000_000) + "<Application>x</Application></Properties>")]),
      refusedWith: [], recalculated: ["A1": "1"], fewCells: true),
    Fixture(
      name: "ods-meta-of-four-million-elements.ods",
      make: odsPackage(
        content: Array(
            #"<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"><office:body><office:spreadsheet><table:table table:name="P"><table:table-row><table:table-cell office:value-type="float" office:value="1"/></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"#
            .utf8),
        more: [("meta.xml", Array(("<office:document-meta>" + String(repeating: "<a/>", count: 4_000_000) + "</office:document-meta>").utf8))]),
      refusedWith: [], recalculated: ["A1": "1"], fewCells: true),
    // Sheets that made the plan's layout quadratic: every plain line started a run of all the
    // lines under it (the benchmark's 100,000-row sheet ran past two minutes), and every line
    // that its next two add up to was tried against every total of the sheet.
    Fixture(
      name: "nineteen-thousand-plain-lines.xlsx",
      make: xlsx(sheet(planRows((0..<19_000).map { ("Ligne \($0)", $0 % 997 + 1) }))), refusedWith: []),
    Fixture(
      name: "six-thousand-parents-by-their-sums.xlsx",
      make: xlsx(
        sheet(
          planRows(
            (0..<6_000).flatMap { t -> [(String, Int)] in
              let b = t * 37 % 1000 + 1
              let c = t * 91 % 1000 + 1
              return [("Poste \(t)", b + c), ("Ligne \(t)a", b), ("Ligne \(t)b", c)]
            }))), refusedWith: []),
    // A plan's row repeated in a 1 KB file: a million times, laid out as a plan, took 26 s and
    // 1.6 GiB; a sheet of more than 20,000 rows is not read as a plan. (200,000 here: `cells
    // --format json` prints every cell, 17 s of CPU in a debug build for a million.)
    Fixture(
      name: "ods-plan-row-repeated-200000-times.ods",
      make: ods(
        #"<table:table-row><table:table-cell office:value-type="string"><text:p>Charges</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>2024</text:p></table:table-cell></table:table-row>"#
          + #"<table:table-row table:number-rows-repeated="200000"><table:table-cell office:value-type="string"><text:p>Personnel</text:p></table:table-cell><table:table-cell office:value-type="float" office:value="100"/></table:table-row>"#
      ), refusedWith: []),
    // Text that doubles: capped at 32,767 characters as in Excel, not grown to terabytes.
    Fixture(
      name: "formula-text-bomb.xlsx",
      make: xlsx(
        sheet(
          #"<row r="1"><c r="A1"><f>REPT(REPT("x",32767),32767)</f></c><c r="B1" t="inlineStr"><is><t>xxxxxxxxxxxxxxxx</t></is></c></row>"#
            + (2...60).map { #"<row r="\#($0)"><c r="B\#($0)"><f>B\#($0 - 1)&amp;B\#($0 - 1)</f></c></row>"# }.joined())),
      refusedWith: [], recalculated: ["A1": "#VALUE!", "B12": "#VALUE!", "B60": "#VALUE!"]),
    Fixture(
      name: "ods-span-whole-grid.ods",
      make: ods(
        #"<table:table-row><table:table-cell table:number-columns-spanned="16384" table:number-rows-spanned="1048576" office:value-type="float" office:value="1"/></table:table-row>"#
          + #"<table:table-row><table:table-cell table:number-columns-spanned="2147483647" table:number-rows-spanned="99999999999" office:value-type="float" office:value="2"/></table:table-row>"#),
      refusedWith: [], recalculated: ["A1": "1", "A2": "2"], fewCells: true),
    Fixture(
      name: "ods-columns-repeated-a-billion-times.ods",
      make: ods(
        #"<table:table-column table:number-columns-repeated="1000000000" table:default-cell-style-name="ce1"/><table:table-row><table:table-cell office:value-type="float" office:value="1"/></table:table-row>"#
      ), refusedWith: [], recalculated: ["A1": "1"], fewCells: true),
    Fixture(
      name: "ods-million-rows-of-annotated-empty-cells.ods",
      make: ods(
        #"<table:table-row><table:table-cell office:value-type="float" office:value="1"/></table:table-row><table:table-row table:number-rows-repeated="1000000"><table:table-cell table:number-columns-repeated="1000"><office:annotation><text:p>note</text:p></office:annotation></table:table-cell></table:table-row>"#
      ), refusedWith: [], recalculated: ["A1": "1"], fewCells: true),
  ]

  /// A plan's rows: a header ("Charges", "2024"), then `lines` as label and amount, then a
  /// "Total charges" of 1.
  static func planRows(_ lines: [(String, Int)]) -> String {
    var rows = [#"<row r="1"><c r="A1" t="inlineStr"><is><t>Charges</t></is></c><c r="B1" t="inlineStr"><is><t>2024</t></is></c></row>"#]
    for (k, (label, amount)) in lines.enumerated() {
      let r = k + 2
      rows.append(#"<row r="\#(r)"><c r="A\#(r)" t="inlineStr"><is><t>\#(label)</t></is></c><c r="B\#(r)"><v>\#(amount)</v></c></row>"#)
    }
    let last = lines.count + 2
    rows.append(#"<row r="\#(last)"><c r="A\#(last)" t="inlineStr"><is><t>Total charges</t></is></c><c r="B\#(last)"><v>1</v></c></row>"#)
    return rows.joined()
  }

  /// The letters of a column among the first 26 (1 is `B`).
  static func columnName(_ offset: Int) -> String { String(UnicodeScalar(UInt8(65 + offset))) }

  /// An ODS table of 100,000 rows holding 1 in column A, the first 1,000 with `formula` in B.
  static func columnOfOnes(besideTheFirstThousand formula: String) -> String {
    let one = #"<table:table-cell office:value-type="float" office:value="1"/>"#
    let cell = #"<table:table-cell table:formula="\#(formula)" office:value-type="float" office:value="0"/>"#
    return #"<table:table-row table:number-rows-repeated="1000">\#(one)\#(cell)</table:table-row>"#
      + #"<table:table-row table:number-rows-repeated="99000">\#(one)</table:table-row>"#
  }

  /// Whether the tests run under a sanitizer (set by scripts/sanitize.sh).
  static let sanitized = ProcessInfo.processInfo.environment["EQUILIBRE_SANITIZER"] != nil

  static let folder: URL = {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("equilibre-hostile-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }()

  /// Checks what `cells --recalculate --format json` printed against ``Fixture/recalculated``.
  static func expectRecalculated(_ fixture: Fixture, _ stdout: String) throws {
    let doc = try JSONSerialization.jsonObject(with: Data(stdout.utf8)) as? [String: Any]
    let sheet = try #require((doc?["sheets"] as? [[String: Any]])?.first, "\(fixture.name)")
    var values: [String: String] = [:]
    for cell in sheet["cells"] as? [[Any]] ?? [] where cell.count == 3 {
      values["\(cell[0])"] = "\(cell[2])"
    }
    var reasons: [String: String] = [:]
    for entry in sheet["unsupported"] as? [[String]] ?? [] where entry.count == 2 {
      reasons[entry[0]] = entry[1]
    }
    for (ref, expected) in fixture.recalculated {
      if let reason = reasons[ref] {
        #expect(reason.hasPrefix(expected), "\(fixture.name) \(ref): unsupported, «\(reason)»")
      } else {
        #expect(values[ref] == expected, "\(fixture.name) \(ref): \(values[ref] ?? "nothing")")
      }
    }
  }

  @Test("refused with its code or read, in bounds", arguments: fixtures)
  func handled(fixture: Fixture) throws {
    let path = Self.folder.appendingPathComponent(fixture.name).path
    try fixture.make(path)
    let commands = [
      ["info", path, "--format", "json"], ["cells", path, "--format", "json"],
      ["cells", path, "--recalculate", "--format", "json"], ["check", path, "--format", "json"],
    ]
    for command in commands {
      let r = try Self.runMeasured(command)
      // CPU time, not wall-clock: the bound is for hangs, and CI machines are shared.
      // Under ASan or TSan (scripts/sanitize.sh sets EQUILIBRE_SANITIZER) the command runs several
      // times slower and in several times the memory, so only the plain build is held to the bounds.
      let memoryBound = fixture.fewCells ? 256 : 1024
      #expect(Self.sanitized || r.cpuSeconds < 20, "\(fixture.name): \(command[0]) took \(r.cpuSeconds) s of CPU")
      #expect(
        Self.sanitized || r.peakMiB < memoryBound,
        "\(fixture.name): \(command[0]) used \(r.peakMiB) MiB, more than \(memoryBound)")
      #expect(!r.stdout.contains("root:x:0:0") && !r.stderr.contains("root:x:0:0"), "\(fixture.name) leaked a local file")
      // Only Equilibre's own lines (and their indented causes) reach stderr, none of libxml2's.
      let foreign = r.stderr.split(separator: "\n").filter { !$0.hasPrefix("equilibre") && !$0.hasPrefix("  ") }
      #expect(foreign.isEmpty, "\(fixture.name): \(command[0]) printed \(foreign)")
      if fixture.refusedWith.isEmpty {
        // check may find errors in what it read (1); it must not call the file unreadable.
        #expect(r.status == 0 || (command[0] == "check" && r.status == 1), "\(fixture.name): \(command[0]) exit \(r.status): \(r.stderr)")
        if command.contains("--recalculate") { try Self.expectRecalculated(fixture, r.stdout) }
      } else {
        #expect(r.status == 2, "\(fixture.name): \(command[0]) exit \(r.status)")
        let doc = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        // info and cells print {"error": …}; check prints the batch report, the error in files[0].
        let report = (doc?["files"] as? [[String: Any]])?.first ?? doc
        let code = (report?["error"] as? [String: Any])?["code"] as? String
        #expect(code.map { fixture.refusedWith.contains($0) } == true, "\(fixture.name): \(command[0]) refused as \(code ?? "nothing"): \(r.stderr)")
        // The message names the file: on stderr for info and cells, in the report for check.
        let message = (report?["error"] as? [String: Any])?["message"] as? String ?? ""
        #expect((command[0] == "check" ? message : r.stderr).contains(fixture.name), "\(fixture.name): the message names the file")
      }
    }
    try expectFixHandles(fixture, path)
  }

  /// `fix` on the fixture: refused with its code, or — when the file holds no plan — refused as
  /// such with nothing written, or a corrected copy that reads back; in the same bounds.
  func expectFixHandles(_ fixture: Fixture, _ path: String) throws {
    let ext = URL(fileURLWithPath: fixture.name).pathExtension
    let output = Self.folder.appendingPathComponent("fixed-\(UUID().uuidString).\(ext.isEmpty ? "xlsx" : ext)").path
    let r = try Self.runMeasured(["fix", path, "-o", output, "--annotate", "--formulas"])
    let memoryBound = fixture.fewCells ? 256 : 1024
    // fix checks the plan twice at least (before correcting and after), each check held to the
    // 20 s of `check`: on the 19,000-line plan the debug build needs 9 s alone, 21 s with the
    // suite's other commands on both cores (release: 0.75 s).
    #expect(Self.sanitized || r.cpuSeconds < 40, "\(fixture.name): fix took \(r.cpuSeconds) s of CPU")
    #expect(Self.sanitized || r.peakMiB < memoryBound, "\(fixture.name): fix used \(r.peakMiB) MiB, more than \(memoryBound)")
    #expect(!r.stdout.contains("root:x:0:0") && !r.stderr.contains("root:x:0:0"), "\(fixture.name): fix leaked a local file")
    let foreign = r.stderr.split(separator: "\n").filter { !$0.hasPrefix("equilibre") && !$0.hasPrefix("  ") }
    #expect(foreign.isEmpty, "\(fixture.name): fix printed \(foreign)")
    let written = FileManager.default.fileExists(atPath: output)
    if !fixture.refusedWith.isEmpty {
      #expect(r.status == 2, "\(fixture.name): fix exit \(r.status)")
      #expect(fixture.refusedWith.contains { r.stderr.contains("[\($0)]") }, "\(fixture.name): fix said \(r.stderr)")
      #expect(r.stderr.contains(fixture.name), "\(fixture.name): fix's message names the file")
      #expect(!written, "\(fixture.name): fix wrote an output for a file it refused")
    } else if r.status == 2 {
      #expect(r.stderr.contains("no financing plan found"), "\(fixture.name): fix exit 2: \(r.stderr)")
      #expect(!written, "\(fixture.name): fix wrote an output with no plan")
    } else {
      #expect(r.status == 0 || r.status == 1, "\(fixture.name): fix exit \(r.status)")
      #expect(written, "\(fixture.name): fix wrote nothing")
      let info = try Self.runMeasured(["info", output, "--format", "json"])
      #expect(info.status == 0, "\(fixture.name): the corrected copy does not read back: \(info.stderr)")
    }
    try? FileManager.default.removeItem(atPath: output)
  }

  /// What one run of the command printed, its exit status, and what it cost.
  struct MeasuredRun {
    var status: Int32
    var stdout: String
    var stderr: String
    var cpuSeconds: Double
    var peakMiB: Int
  }

  /// Runs the built `equilibre` with `arguments` and `--verbose`, its output in files; its CPU time
  /// comes from `wait4` (the tests run in parallel, so the totals of all children would mix
  /// fixtures; Foundation's `Process` reaps only its own children, so it never takes this one), its
  /// peak memory from the run cost it prints (`wait4`'s `ru_maxrss` would include this test
  /// runner's memory, which a child inherits at `exec`). No run cost line (a crash): `Int.max` MiB.
  static func runMeasured(_ arguments: [String]) throws -> MeasuredRun {
    let base = folder.appendingPathComponent("run-\(UUID().uuidString)").path
    let outPath = base + ".out"
    let errPath = base + ".err"
    defer {
      unlink(outPath)
      unlink(errPath)
    }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    var environment = ProcessInfo.processInfo.environment
    environment["LANG"] = "C.UTF-8"
    let argv = ([CLI.binary.path] + arguments + ["--verbose"]).map { strdup($0) } + [nil]
    let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer {
      argv.forEach { free($0) }
      envp.forEach { free($0) }
    }
    var pid: pid_t = 0
    let spawned = posix_spawn(&pid, CLI.binary.path, &actions, nil, argv, envp)
    guard spawned == 0 else { throw POSIXError(POSIXErrorCode(rawValue: spawned) ?? .EIO) }
    var status: Int32 = 0
    var usage = rusage()
    while wait4(pid, &status, 0, &usage) < 0 {
      guard errno == EINTR else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
    }
    // The exit status (WEXITSTATUS), or 128 + the signal for a crash, as a shell reports it.
    let exited = status & 0x7f == 0
    let cpu = Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
      + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1_000_000
    let stderr = readFile(errPath)
    // The run cost in either language (the environment's may be French).
    let peak = stderr.split(separator: "\n").last { $0.contains("run cost:") || $0.contains("coût de l'exécution") }
      .flatMap { line in
        (line.contains("peak memory ") ? line.split(separator: "peak memory ") : line.split(separator: "mémoire de pointe "))
          .last?.split(separator: " ").first
      }.flatMap { Int($0) }
    return MeasuredRun(
      status: exited ? (status >> 8) & 0xff : 128 + (status & 0x7f),
      stdout: readFile(outPath), stderr: stderr,
      cpuSeconds: cpu, peakMiB: peak ?? .max)
  }

  /// A file's text, read with stdio: Foundation's `String(contentsOfFile:)` leaks its 4 KiB
  /// buffer on an empty file (swift 6.3; LeakSanitizer found 62 of them, one per `fix` that
  /// printed nothing on stdout).
  static func readFile(_ path: String) -> String {
    guard let f = fopen(path, "rb") else { return "" }
    defer { fclose(f) }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let n = fread(&buffer, 1, buffer.count, f)
      if n <= 0 { break }
      bytes += buffer[0..<n]
    }
    return String(decoding: bytes, as: UTF8.self)
  }
}
