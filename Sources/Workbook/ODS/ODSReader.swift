import Archive
import Diagnostics
import XMLStream

/// Reads an OpenDocument spreadsheet package (.ods, .ots; ODF 1.0–1.3).
///
/// `content.xml` is streamed through ``ContentReader`` straight from the zip, never held whole;
/// `meta.xml` gives the producer (`meta:generator`). The `mimetype` entry is not required.
/// Dates are stored as serials in the 1900 system, times as day fractions.
enum ODSReader {
  /// Reads the workbook in `archive`.
  ///
  /// - Throws: `workbook.missingPart` without `content.xml`, `workbook.encrypted` when the
  ///   manifest says it is encrypted, `workbook.invalid` for a body with no spreadsheet or bad
  ///   values, `workbook.limit` past the cell cap or the grid, and the `zip.*`/`xml.*` codes.
  static func read(_ archive: Archive, options: ReadOptions) throws(SpreadsheetError) -> Workbook {
    let limits = options.xml
    guard let part = archive.entryName(matching: ODSParts.content) else {
      throw SpreadsheetError(
        .missingPart,
        "the package has no \(ODSParts.content); it is not an OpenDocument spreadsheet",
        at: .init(file: archive.path))
    }
    if isEncrypted(archive, limits: limits) {
      throw SpreadsheetError(
        .encrypted, "the spreadsheet is encrypted (password-protected); save it without a password",
        at: .init(file: archive.path, part: part))
    }
    let content: ContentReader
    do throws(SpreadsheetError) {
      let parser = try XMLPushParser(partName: part, limits: limits)
      content = ContentReader(
        parser: parser, maxCells: options.maxCells, maxTextBytes: limits.maxTextBytes,
        maxCellTextBytes: options.maxCellTextBytes, keepsBlanks: options.readsCopyExtras)
      parser.setHandler(content)
      try archive.stream(part) { chunk throws(SpreadsheetError) in try parser.feed(chunk) }
      try parser.finish()
    } catch {
      throw error.adding(.init(file: archive.path, part: part))
    }
    guard content.sawSpreadsheet else {
      throw SpreadsheetError(
        .invalid,
        "\(ODSParts.content) holds no office:spreadsheet body; the document is not a spreadsheet",
        at: .init(file: archive.path, part: part))
    }
    var workbook = Workbook(
      format: .ods, producer: options.readsProducer ? producer(archive, limits: limits) : nil, dateSystem: .from1900,
      sheets: content.sheets, styles: content.cellStyles, definedNames: content.definedNames,
      notCarried: options.readsCopyExtras ? content.notCarried + ODSParts.notCarried(in: archive.entryNames) : [])
    if options.readsCopyExtras { readSettings(archive, limits: limits, into: &workbook) }
    return workbook
  }

  /// The active sheet and frozen panes from `settings.xml`, when present and readable (a view
  /// setting that does not read is passed over: it changes no value).
  private static func readSettings(_ archive: Archive, limits: XMLLimits, into workbook: inout Workbook) {
    guard let part = archive.entryName(matching: ODSParts.settings),
      let settings = try? PartReader.read(part, in: archive, limits: limits, SettingsReader.init)
    else { return }
    if let name = settings.activeTable { workbook.activeSheet = workbook.sheets.firstIndex { $0.name == name } }
    guard !settings.frozen.isEmpty else { return }
    for i in workbook.sheets.indices {
      if let panes = settings.frozen[workbook.sheets[i].name] {
        workbook.sheets[i].frozenRows = panes.rows
        workbook.sheets[i].frozenColumns = panes.columns
      }
    }
  }

  /// Whether `META-INF/manifest.xml` lists encryption data for an entry (ODF 1.3 Part 2 §4.8).
  private static func isEncrypted(_ archive: Archive, limits: XMLLimits) -> Bool {
    guard let part = archive.entryName(matching: ODSParts.manifest),
      let finder = try? PartReader.read(part, in: archive, limits: limits, EncryptionDataFinder.init)
    else { return false }
    return finder.found
  }

  /// `meta:generator` from `meta.xml`, when present and readable.
  private static func producer(_ archive: Archive, limits: XMLLimits) -> String? {
    guard let part = archive.entryName(matching: ODSParts.meta),
      let reader = try? PartReader.read(part, in: archive, limits: limits, {
        ElementTextReader(parser: $0, names: ["generator"], namespace: ODSNamespace.meta)
      }),
      let generator = reader.texts[0], !generator.isEmpty
    else { return nil }
    return generator
  }

}

/// Streams `META-INF/manifest.xml` looking for a `manifest:encryption-data` element.
final class EncryptionDataFinder: XMLContentHandler {
  private(set) var found = false
  private let encryptionData: XMLName
  private let manifest: XMLName

  init(parser: XMLPushParser) {
    encryptionData = parser.intern("encryption-data")
    manifest = parser.intern(ODSNamespace.manifest)
  }

  func startElement(_ name: XMLName, namespace: XMLName, attributes: XMLAttributes) throws(SpreadsheetError) {
    if name == encryptionData && namespace == manifest { found = true }
  }

  func endElement(_ name: XMLName, namespace: XMLName) throws(SpreadsheetError) {}
  func characters(_ text: XMLBytes) throws(SpreadsheetError) {}
}
