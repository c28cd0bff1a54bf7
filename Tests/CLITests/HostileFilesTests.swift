import Archive
import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// Hostile workbooks, generated here, run through `info`, `cells` and `check`: each must be refused with
/// exit status 2 and a stable code, or read, within 20 s and 1 GiB, and no byte of a local file
/// may reach the output.
@Suite("Hostile files through the command line")
struct HostileFilesTests {
  static let ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
  static let rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

  /// A hostile fixture: its name, its bytes on disk, and the codes it may be refused with
  /// (empty: it must be read).
  struct Fixture: CustomStringConvertible, Sendable {
    var name: String
    var make: @Sendable (String) throws -> Void
    var refusedWith: Set<String>
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

  static func sheet(_ data: String, before: String = "") -> String {
    #"<worksheet xmlns="\#(ns)">\#(before)<sheetData>\#(data)</sheetData></worksheet>"#
  }

  static func write(_ path: String, _ entries: [(String, [UInt8])]) throws {
    let w = try ArchiveWriter(path: path, replacing: true)
    for (n, b) in entries { try w.add(n, b) }
    try w.commit()
  }

  static func xlsx(_ sheetXML: String, workbook: String? = nil, sharedStrings: String? = nil, rels: String? = nil)
    -> @Sendable (String) throws -> Void
  {
    { path in try write(path, xlsxEntries(sheet: sheetXML, workbook: workbook, sharedStrings: sharedStrings, rels: rels)) }
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
      refusedWith: []),
    Fixture(
      name: "last-cell-of-the-grid.xlsx", make: xlsx(sheet(#"<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>"#)),
      refusedWith: []),
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
      ), refusedWith: []),
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
    Fixture(
      name: "ods-no-mimetype.ods",
      make: ods(#"<table:table-row><table:table-cell office:value-type="float" office:value="3"/></table:table-row>"#, mimetype: false),
      refusedWith: []),
  ]

  /// Whether the tests run under a sanitizer (set by scripts/sanitize.sh).
  static let sanitized = ProcessInfo.processInfo.environment["EQUILIBRE_SANITIZER"] != nil

  /// CPU seconds used by this process's finished children so far.
  static func childrenCPUSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_CHILDREN.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
      + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1_000_000
  }

  static let folder: URL = {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("equilibre-hostile-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }()

  @Test("refused with its code or read, in bounds", arguments: fixtures)
  func handled(fixture: Fixture) throws {
    let path = Self.folder.appendingPathComponent(fixture.name).path
    try fixture.make(path)
    let commands = [
      ["info", path, "--format", "json"], ["cells", path, "--format", "json"], ["check", path, "--format", "json"],
    ]
    for command in commands {
      // CPU time, not wall-clock: the bound is for hangs, and CI machines are shared.
      let before = Self.childrenCPUSeconds()
      let r = try CLI.run(command)
      let cpu = Self.childrenCPUSeconds() - before
      // Under ASan or TSan (scripts/sanitize.sh sets EQUILIBRE_SANITIZER) the command runs several
      // times slower and in several times the memory, so only the plain build is held to the bounds.
      #expect(Self.sanitized || cpu < 20, "\(fixture.name): \(command[0]) took \(cpu) s of CPU")
      #expect(!r.stdout.contains("root:x:0:0") && !r.stderr.contains("root:x:0:0"), "\(fixture.name) leaked a local file")
      if fixture.refusedWith.isEmpty {
        // check may find errors in what it read (1); it must not call the file unreadable.
        #expect(r.status == 0 || (command[0] == "check" && r.status == 1), "\(fixture.name): \(command[0]) exit \(r.status): \(r.stderr)")
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
    var usage = rusage()
    getrusage(RUSAGE_CHILDREN.rawValue, &usage)
    #expect(Self.sanitized || usage.ru_maxrss < 1 << 20, "a child used \(usage.ru_maxrss / 1024) MiB")
  }
}
