import Archive
import Diagnostics
import Foundation
import Workbook

/// Paths to the shared test data and helpers that build small workbooks in a temporary folder.
enum Fixtures {
  /// The package root, found from this file's path.
  static let packageRoot: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()
  static let shared = packageRoot.deletingLastPathComponent().appendingPathComponent("shared")
  static let corpus = shared.appendingPathComponent("corpus")
  static let plans = shared.appendingPathComponent("plans")
  static var hasCorpus: Bool { FileManager.default.fileExists(atPath: corpus.path) }
  static var hasPlans: Bool { FileManager.default.fileExists(atPath: plans.path) }

  /// A fresh temporary folder for one test.
  static func temporaryDirectory() -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent(
      "equilibre-tests-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  /// Writes a zip with these entries (name → text) and returns its path.
  static func zip(_ name: String, _ entries: [(String, String)], in folder: URL? = nil) throws -> String {
    let dir = folder ?? temporaryDirectory()
    let path = dir.appendingPathComponent(name).path
    let writer = try ArchiveWriter(path: path)
    for (entry, text) in entries { try writer.add(entry, text: text) }
    try writer.commit()
    return path
  }

  /// Writes a zip with raw byte entries.
  static func zipBytes(_ name: String, _ entries: [(String, [UInt8])], in folder: URL? = nil) throws -> String {
    let dir = folder ?? temporaryDirectory()
    let path = dir.appendingPathComponent(name).path
    let writer = try ArchiveWriter(path: path)
    for (entry, bytes) in entries { try writer.add(entry, bytes) }
    try writer.commit()
    return path
  }

  /// A minimal xlsx package around one sheet's `sheetData` XML (and optional shared strings).
  static func xlsx(
    sheetData: String, sharedStrings: [String]? = nil, workbookExtra: String = "", sheetExtra: String = "",
    styles: String? = nil, namespace: String = "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    prefix: String = ""
  ) throws -> String {
    let p = prefix.isEmpty ? "" : prefix + ":"
    let xmlns = prefix.isEmpty ? "xmlns=\"\(namespace)\"" : "xmlns:\(prefix)=\"\(namespace)\""
    var entries: [(String, String)] = [
      (
        "[Content_Types].xml",
        #"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/></Types>"#
      ),
      (
        "_rels/.rels",
        #"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#
      ),
      (
        "xl/workbook.xml",
        #"<?xml version="1.0" encoding="UTF-8"?><\#(p)workbook \#(xmlns) xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">\#(workbookExtra)<\#(p)sheets><\#(p)sheet name="Plan" sheetId="1" r:id="rId1"/></\#(p)sheets></\#(p)workbook>"#
      ),
      (
        "xl/_rels/workbook.xml.rels",
        #"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#
      ),
      (
        "xl/worksheets/sheet1.xml",
        #"<?xml version="1.0" encoding="UTF-8"?><\#(p)worksheet \#(xmlns)><\#(p)sheetData>\#(sheetData)</\#(p)sheetData>\#(sheetExtra)</\#(p)worksheet>"#
      ),
    ]
    if let sharedStrings {
      let items = sharedStrings.map { "<\(p)si>\($0)</\(p)si>" }.joined()
      entries.append(("xl/sharedStrings.xml", #"<?xml version="1.0" encoding="UTF-8"?><\#(p)sst \#(xmlns)>\#(items)</\#(p)sst>"#))
    }
    if let styles {
      entries.append(("xl/styles.xml", #"<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\#(styles)</styleSheet>"#))
    }
    return try zip("book.xlsx", entries)
  }

  /// Reads a workbook and returns the error it throws, or nil.
  static func error(reading path: String, options: ReadOptions = .default) -> SpreadsheetError? {
    do {
      _ = try Workbook(contentsOf: path, options: options)
      return nil
    } catch {
      return error
    }
  }
}
