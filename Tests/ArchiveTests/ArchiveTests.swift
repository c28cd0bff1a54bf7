import Archive
import Diagnostics
import Foundation
import Testing

@Suite("Archive")
struct ArchiveTests {
  func temporaryFile(_ bytes: [UInt8], name: String = "file.xlsx") -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("equilibre-archive-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let path = dir.appendingPathComponent(name).path
    _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
    return path
  }

  func code(_ path: String, limits: ArchiveLimits = .default, entry: String? = nil) -> String? {
    do {
      let a = try Archive(path: path, limits: limits)
      if let entry { _ = try a.read(entry) }
      return nil
    } catch {
      return error.code.rawValue
    }
  }

  func zip(_ entries: [(String, [UInt8])]) throws -> String {
    let path = temporaryFile([], name: "a.zip")
    try? FileManager.default.removeItem(atPath: path)
    let w = try ArchiveWriter(path: path)
    for (n, b) in entries { try w.add(n, b) }
    try w.commit()
    return path
  }

  @Test func refusesWhatIsNotAZip() {
    #expect(code(temporaryFile([])) == "zip.notZip")
    #expect(code(temporaryFile(Array("name,amount\nA,1\n".utf8))) == "zip.notZip")
    var random = SystemRandomNumberGenerator()
    #expect(code(temporaryFile((0..<4096).map { _ in UInt8.random(in: 0...255, using: &random) & 0x7F })) == "zip.notZip")
    #expect(code("/nonexistent/file.xlsx") == "io.failed")
  }

  @Test func tellsEncryptedOOXMLFromLegacyXLS() {
    let ole: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]
    let name = Array("EncryptedPackage".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
    #expect(code(temporaryFile(ole + [UInt8](repeating: 0, count: 600) + name + [0, 0])) == "workbook.encrypted")
    let book = Array("Workbook".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
    #expect(code(temporaryFile(ole + [UInt8](repeating: 0, count: 600) + book)) == "workbook.legacyXls")
  }

  @Test func refusesTruncatedAndDamagedZips() throws {
    let path = try zip([("a.xml", Array(String(repeating: "<a>text</a>", count: 5000).utf8))])
    let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
    #expect(code(temporaryFile(Array(bytes.prefix(bytes.count / 2)))) == "zip.corrupt")
    // Damage the compressed data: the CRC check or inflate must fail on reading.
    var damaged = bytes
    for i in 60..<min(200, damaged.count) { damaged[i] ^= 0x5A }
    let c = code(temporaryFile(damaged), entry: "a.xml")
    #expect(c == "zip.corrupt")
  }

  @Test func refusesZipBombsByRatioAndSize() throws {
    let spaces = [UInt8](repeating: 0x20, count: 64 << 20)
    let path = try zip([("xl/worksheets/sheet1.xml", spaces)])
    #expect(code(path, entry: "xl/worksheets/sheet1.xml") == "zip.limit")
    #expect(code(path, limits: ArchiveLimits(maxInflateRatio: 10_000), entry: "xl/worksheets/sheet1.xml") == nil)
    #expect(code(path, limits: ArchiveLimits(maxInflatedBytes: 1 << 20, maxInflateRatio: 10_000), entry: "xl/worksheets/sheet1.xml") == "zip.limit")
  }

  /// Damaged data that the reader refuses before the entry's CRC is reached is reported as the
  /// damage (zip.corrupt), not as its symptom (a corpus file expects this).
  @Test func reportsTheDamageBehindAReaderError() throws {
    let text = Array(("<a>" + String(repeating: "<b>1</b>", count: 20_000) + "</a>").utf8)
    let path = temporaryFile([], name: "stored.zip")
    try? FileManager.default.removeItem(atPath: path)
    let w = try ArchiveWriter(path: path)
    try w.add("a.xml", text, compressed: false)
    try w.commit()
    var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
    let at = try #require(bytes.firstIndex(of: UInt8(ascii: "<")))
    bytes[at + 1] = UInt8(ascii: "!")  // "<!>": malformed, and a CRC mismatch at the end
    let damaged = temporaryFile(bytes, name: "damaged.zip")
    let archive = try Archive(path: damaged)
    var chunks = 0
    do {
      try archive.stream("a.xml") { _ throws(SpreadsheetError) in
        chunks += 1
        throw SpreadsheetError(.xmlMalformed, .malformedXML(nil))
      }
      Issue.record("the reader's error was lost")
    } catch {
      #expect(error.code == .zipCorrupt, "\(error)")
    }
    #expect(chunks == 1)
    // Intact data keeps the reader's own error.
    let intact = try Archive(path: path)
    do {
      try intact.stream("a.xml") { _ throws(SpreadsheetError) in throw SpreadsheetError(.xmlMalformed, .malformedXML(nil)) }
    } catch {
      #expect(error.code == .xmlMalformed)
    }
  }

  /// The total cap counts every read of the archive: two entries, or one entry read twice.
  @Test func countsEveryReadAgainstTheTotalCap() throws {
    let block = [UInt8](repeating: 0x20, count: 3 << 20)
    let path = try zip([("a.xml", block), ("b.xml", block)])
    let limits = ArchiveLimits(maxTotalInflatedBytes: 5 << 20)
    #expect(ArchiveLimits.default.maxTotalInflatedBytes == 1 << 30)
    let archive = try Archive(path: path, limits: limits)
    _ = try archive.read("a.xml")
    #expect(archive.inflatedSoFar == 3 << 20)
    #expect(throws: SpreadsheetError.self) { _ = try archive.read("b.xml") }
    let again = try Archive(path: path, limits: limits)
    _ = try again.read("a.xml")
    do {
      _ = try again.read("a.xml")
      Issue.record("a second read of 3 MiB passed a total cap of 5 MiB")
    } catch {
      #expect(error.code.rawValue == "zip.limit" && error.message.contains("--max-total-inflated-mib"))
    }
    #expect(code(path, limits: ArchiveLimits(maxTotalInflatedBytes: 6 << 20), entry: "a.xml") == nil)
  }

  @Test func refusesEntriesDifferingOnlyByCase() throws {
    let path = try zip([("xl/a.xml", [0x3C]), ("XL/A.xml", [0x3C])])
    #expect(code(path) == "zip.corrupt")
  }

  @Test func writerNeverOverwritesAndReadsBack() throws {
    let path = try zip([("mimetype", Array("application/x".utf8))])
    #expect(throws: SpreadsheetError.self) { _ = try ArchiveWriter(path: path) }
    let a = try Archive(path: path)
    #expect(a.entryNames == ["mimetype"])
    #expect(try a.read("MIMETYPE") == Array("application/x".utf8))
    #expect(a.contains("missing") == false)
    #expect(throws: SpreadsheetError.self) { _ = try a.read("missing") }
  }

  @Test("a part written in pieces is deflated as it comes and reads back whole, the same bytes each time")
  func streamedPartReadsBack() throws {
    func write(_ name: String) throws -> [UInt8] {
      let path = temporaryFile([], name: name)
      try? FileManager.default.removeItem(atPath: path)
      let w = try ArchiveWriter(path: path)
      let small = StreamedPart(threshold: 1 << 20)
      small.write(Array("<small/>".utf8))
      let big = StreamedPart(threshold: 1000)
      var body: [UInt8] = []
      for i in 0..<5000 {
        let piece = Array("<row r=\"\(i)\"><c>\(i * 7919 % 1000)</c></row>".utf8)
        body += piece
        big.write(piece)
      }
      #expect(big.isStreamed && !small.isStreamed)
      try w.add("small.xml", streamed: small)
      try w.add("big.xml", prefix: Array("<head>".utf8), streamed: big)
      try w.commit()
      let a = try Archive(path: path)
      #expect(try a.read("small.xml") == Array("<small/>".utf8))
      #expect(try a.read("big.xml") == Array("<head>".utf8) + body)
      return try Array(Data(contentsOf: URL(fileURLWithPath: path)))
    }
    let first = try write("streamed-a.zip")
    #expect(first == (try write("streamed-b.zip")))
  }

  @Test func commitNeverReplacesAFileThatAppearedMeanwhile() throws {
    let path = temporaryFile([], name: "late.zip")
    try? FileManager.default.removeItem(atPath: path)
    do {
      let w = try ArchiveWriter(path: path)
      try w.add("a.xml", Array("<a/>".utf8))
      _ = FileManager.default.createFile(atPath: path, contents: Data("someone else's".utf8))
      #expect(throws: SpreadsheetError.self) { try w.commit() }
    }
    #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data("someone else's".utf8))
    // Nothing is left beside it.
    let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["late.zip"])
  }

  /// The compressed bytes of the first entry of a zip file (its local header read by hand).
  func firstEntryData(_ path: String) throws -> (method: UInt16, data: [UInt8]) {
    let b = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
    func u16(_ i: Int) -> Int { Int(b[i]) | Int(b[i + 1]) << 8 }
    func u32(_ i: Int) -> Int { u16(i) | u16(i + 2) << 16 }
    #expect(u32(0) == 0x0403_4B50)
    let start = 30 + u16(26) + u16(28)
    return (UInt16(u16(8)), Array(b[start..<start + u32(18)]))
  }

  @Test func copiesAnEntryWithoutInflatingIt() throws {
    let text = Array(String(repeating: "<row><c>1</c></row>", count: 3000).utf8)
    let source = try zip([("xl/worksheets/sheet1.xml", text), ("b.xml", Array("<b/>".utf8))])
    let archive = try Archive(path: source)
    let out = temporaryFile([], name: "copy.zip")
    try? FileManager.default.removeItem(atPath: out)
    let w = try ArchiveWriter(path: out)
    try w.copy("XL/worksheets/sheet1.xml", from: archive)
    try w.add("c.xml", Array("<c/>".utf8))
    try w.commit()
    let copied = try Archive(path: out)
    #expect(copied.entryNames == ["xl/worksheets/sheet1.xml", "c.xml"])
    #expect(try copied.read("xl/worksheets/sheet1.xml") == text)
    let before = try firstEntryData(source)
    let after = try firstEntryData(out)
    #expect(before.method == 8 && after.method == 8)
    #expect(before.data == after.data)
    #expect(throws: SpreadsheetError.self) { try ArchiveWriter(path: out + ".2").copy("missing.xml", from: archive) }
  }

  @Test func copiesAStoredEntryStored() throws {
    let path = temporaryFile([], name: "stored.zip")
    try? FileManager.default.removeItem(atPath: path)
    let w = try ArchiveWriter(path: path)
    try w.add("mimetype", text: "application/vnd.oasis.opendocument.spreadsheet", compressed: false)
    try w.commit()
    let out = temporaryFile([], name: "stored-copy.zip")
    try? FileManager.default.removeItem(atPath: out)
    let archive = try Archive(path: path)
    let c = try ArchiveWriter(path: out)
    try c.copy("mimetype", from: archive)
    try c.commit()
    let copied = try firstEntryData(out)
    #expect(copied.method == 0)
    #expect(copied.data == Array("application/vnd.oasis.opendocument.spreadsheet".utf8))
  }
}
