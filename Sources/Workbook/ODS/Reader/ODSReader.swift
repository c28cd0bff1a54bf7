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
    let package = try ODSPackageMap(archive)
    let part = package.contentEntry
    if isEncrypted(archive, limits: limits) {
      throw SpreadsheetError(
        .encrypted, .encryptedSpreadsheet,
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
        .notASpreadsheet,
        at: .init(file: archive.path, part: part))
    }
    var workbook = Workbook(
      format: .ods, producer: options.readsProducer ? producer(archive, limits: limits) : nil, dateSystem: .from1900,
      sheets: content.sheets, styles: content.cellStyles, definedNames: content.definedNames,
      notCarried: options.readsCopyExtras ? content.notCarried + ODSParts.notCarried(in: archive.entryNames) : [])
    if options.readsCopyExtras {
      readSettings(archive, limits: limits, into: &workbook)
      workbook.tables = tables(content.databaseRanges, sheets: workbook.sheets)
    }
    workbook.package = PackageMap(format: .ods(package))
    return workbook
  }

  /// The database ranges as tables, for the formulas that name them (`table[[#data];[Prix]]`):
  /// their columns are named by the header row's texts.
  static func tables(
    _ ranges: [(name: String, address: String, header: Bool, footer: Bool)], sheets: [Sheet]
  ) -> [TableDefinition] {
    var out: [TableDefinition] = []
    for r in ranges {
      guard let (sheetName, range) = rangeAddress(r.address),
        let s = sheets.firstIndex(where: { $0.name == sheetName })
      else { continue }
      var columns: [String] = []
      for c in range.start.column...range.end.column {
        let value = r.header ? sheets[s].cell(at: CellReference(row: range.start.row, column: c))?.value : nil
        switch value {
        case .text(let t)?: columns.append(t)
        case .number(let x, _)?: columns.append(x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : String(x))
        default: columns.append("Column\(c - range.start.column + 1)")
        }
      }
      out.append(
        TableDefinition(
          name: r.name, sheetIndex: s, range: range, columns: columns, headerRows: r.header ? 1 : 0,
          totalsRows: r.footer ? 1 : 0))
    }
    return out
  }

  /// `Table.A5:Table.D18`, `$'My sheet'.$A$1:.$D$5` → the sheet's name and the range.
  static func rangeAddress(_ text: String) -> (String, CellRange)? {
    // Split at the `:` outside quotes.
    var inQuote = false
    var cut: String.Index? = nil
    for i in text.indices {
      let c = text[i]
      if c == "'" { inQuote.toggle() } else if c == ":" && !inQuote {
        cut = i
        break
      }
    }
    func part(_ p: Substring) -> (sheet: String?, cell: CellReference)? {
      var inQuote = false
      var dot: String.Index? = nil
      for i in p.indices {
        if p[i] == "'" { inQuote.toggle() } else if p[i] == "." && !inQuote { dot = i }
      }
      var sheet: String? = nil
      var cellText = p
      if let dot {
        var name = p[..<dot]
        if name.hasPrefix("$") { name = name.dropFirst() }
        if name.hasPrefix("'"), name.hasSuffix("'"), name.count >= 2 {
          sheet = String(name.dropFirst().dropLast()).replacing("''", with: "'")
        } else if !name.isEmpty {
          sheet = String(name)
        }
        cellText = p[p.index(after: dot)...]
      }
      guard let cell = CellReference(String(cellText.filter { $0 != "$" })) else { return nil }
      return (sheet, cell)
    }
    guard let cut, let a = part(text[..<cut]), let sheet = a.sheet,
      let b = part(text[text.index(after: cut)...]), b.sheet == nil || b.sheet == sheet,
      a.cell.row <= b.cell.row, a.cell.column <= b.cell.column
    else { return nil }
    return (sheet, CellRange(start: a.cell, end: b.cell))
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
