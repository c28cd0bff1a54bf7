import Archive
import Diagnostics
import XMLStream

/// Reads an OOXML SpreadsheetML package (.xlsx, .xlsm, .xltx, .xltm; transitional or Strict).
///
/// The parts are found once, by ``XLSXPackageMap/read(_:limits:)``: the workbook part through
/// the package relationships (`_rels/.rels`), every other part through the workbook's
/// relationships, as ECMA-376 Part 2 prescribes; the usual paths are the fallback when a
/// producer omits relationships. The map is kept in ``Workbook/package`` for the patcher.
enum XLSXReader {
  static func read(_ archive: Archive, options: ReadOptions, observer: RowStreamObserver? = nil)
    throws(SpreadsheetError) -> Workbook
  {
    var unused: [CellTally]? = nil
    return try read(archive, options: options, tallies: &unused, observer: observer)
  }

  /// Reads the package; with `tallies`, counts each sheet's cells there instead of keeping them.
  static func read(_ archive: Archive, options: ReadOptions, tallies: inout [CellTally]) throws(SpreadsheetError)
    -> Workbook
  {
    var wanted: [CellTally]? = []
    let workbook = try read(archive, options: options, tallies: &wanted)
    tallies = wanted ?? []
    return workbook
  }

  private static func read(
    _ archive: Archive, options: ReadOptions, tallies: inout [CellTally]?, observer: RowStreamObserver? = nil
  ) throws(SpreadsheetError) -> Workbook {
    let limits = options.xml
    let (package, workbookXML) = try XLSXPackageMap.read(archive, limits: limits)
    let workbookPart = package.workbookPart

    let dateSystem: DateSystem = workbookXML.date1904 ? .from1904 : .from1900

    // Shared strings and styles.
    var sharedStrings: [String] = []
    if let part = package.sharedStringsPart {
      let parser = try XMLPushParser(partName: part, limits: limits)
      let reader = SharedStringsReader(parser: parser, maxCount: options.maxCells)
      parser.setHandler(reader)
      try archive.stream(part) { chunk throws(SpreadsheetError) in try parser.feed(chunk) }
      try parser.finish()
      sharedStrings = reader.strings
    }
    var styles = XLSXStyles()
    if let part = package.stylesPart {
      // The theme's colours, which fills and fonts name by index (read only when styles are).
      var theme: [String] = []
      if options.readsCopyExtras, let themePart = package.themePart,
        let reader = try? PartReader.read(themePart, in: archive, limits: limits, ThemeColorsReader.init)
      {
        theme = reader.colors
      }
      styles = XLSXStyles(
        try PartReader.read(part, in: archive, limits: limits) { StylesPartReader(parser: $0, theme: theme) })
    }

    if let observer {
      var names: [String] = []
      for entry in workbookXML.sheets { names.append(entry.name ?? "Sheet\(names.count + 1)") }
      observer.workbookBegins(
        Workbook(
          format: .xlsx, producer: nil, dateSystem: dateSystem, sheets: names.map { Sheet(name: $0) },
          styles: styles.styles, definedNames: workbookXML.definedNames, notCarried: []))
    }

    // Sheets, in workbook order.
    var sheets: [Sheet] = []
    var cellCount = 0
    var textBytes = 0
    var partsRead: [String: PartRead] = [:]
    var notCarried: [NotCarried] = []
    var tables: [TableDefinition] = []
    for (index, entry) in workbookXML.sheets.enumerated() {
      let name = entry.name ?? "Sheet\(sheets.count + 1)"
      let visibility: SheetVisibility
      switch entry.state {
      case "hidden": visibility = .hidden
      case "veryHidden": visibility = .veryHidden
      default: visibility = .visible
      }
      let relId = entry.relationshipId
      let relationship = package.sheets[index].relationship
      let kind: SheetKind
      switch relationship.flatMap({ XLSXParts.RelationshipType(uri: $0.type) }) {
      case .chartsheet?: kind = .chartsheet
      case .dialogsheet?: kind = .dialogsheet
      case .macrosheet?, .intlMacrosheet?: kind = .macrosheet
      default: kind = .worksheet
      }
      var sheet = Sheet(name: name, visibility: visibility, kind: kind)
      guard kind == .worksheet || kind == .macrosheet || kind == .dialogsheet else {
        if kind == .chartsheet, let part = relationship?.partName {
          notCarried.append(NotCarried(.chart, part: part, sheet: name))
        }
        sheets.append(sheet)
        tallies?.append(CellTally())
        observer?.sheetEnds(index, sheet, inOrder: true)
        continue
      }
      guard let part = relationship?.partName, archive.contains(part) else {
        throw SpreadsheetError(
          .missingPart,
          .sheetWithoutPart(sheet: name, relationship: relId),
          at: .init(file: archive.path, part: workbookPart, sheet: name))
      }
      // A part named by several sheets (Excel never writes it; a hostile file may name one part
      // thousands of times) is read once: its cells count again against the caps, its bytes don't
      // inflate again.
      let partEntry = package.sheets[index].entry ?? part
      if let earlier = partsRead[partEntry] {
        let count = tallies != nil ? earlier.tally.count : earlier.cells.count
        guard count <= options.maxCells - cellCount else {
          throw SpreadsheetError(
            .workbookLimit, .tooManyCells(limit: options.maxCells),
            at: .init(file: archive.path, part: part, sheet: name))
        }
        guard earlier.textBytes <= options.maxCellTextBytes - textBytes else {
          throw SpreadsheetError(
            .workbookLimit,
            .tooMuchCellText(limitMiB: options.maxCellTextBytes >> 20),
            at: .init(file: archive.path, part: part, sheet: name))
        }
        cellCount += count
        textBytes += earlier.textBytes
        if tallies != nil { tallies?.append(earlier.tally) }
        sheet.cells = earlier.cells
        sheet.formulas = earlier.formulas
        sheet.merged = earlier.merged
        sheet.columns = earlier.columns
        sheet.rows = earlier.rows
        sheet.blanks = earlier.blanks
        sheets.append(sheet)
        observer?.sheetEnds(index, sheet, inOrder: true)
        continue
      }
      do throws(SpreadsheetError) {
        let parser = try XMLPushParser(partName: part, limits: limits)
        let reader = WorksheetReader(
          parser: parser, sharedStrings: sharedStrings, kinds: styles.kinds, dateSystem: dateSystem,
          maxCells: options.maxCells, cellCountSoFar: cellCount, maxTextBytes: options.maxCellTextBytes,
          textBytesSoFar: textBytes, counting: tallies != nil, keepsBlanks: options.readsCopyExtras)
        parser.setHandler(reader)
        if let observer, tallies == nil {
          let header = sheet
          reader.onSheetData = { [unowned reader] in
            var h = header
            h.columns = reader.columns
            h.defaultColumnWidth = reader.defaultColumnWidth
            h.defaultRowHeight = reader.defaultRowHeight
            observer.sheetBegins(index, h)
          }
          reader.onRows = { observer.rows($0, completeBelow: $1) }
        }
        try archive.stream(part) { chunk throws(SpreadsheetError) in try parser.feed(chunk) }
        try parser.finish()
        reader.flushRows()
        textBytes += reader.textBytes
        if tallies != nil {
          tallies?.append(reader.tally)
          cellCount += reader.tally.count
        } else {
          sheet.cells = reader.sortedCells()
          sheet.formulas = reader.formulas
          cellCount += sheet.cells.count
        }
        sheet.merged = reader.merged
        sheet.columns = reader.columns
        sheet.rows = reader.rows
        sheet.blanks = tallies == nil ? reader.sortedBlanks() : []
        sheet.defaultColumnWidth = reader.defaultColumnWidth
        sheet.defaultRowHeight = reader.defaultRowHeight
        sheet.frozenRows = reader.frozenRows
        sheet.frozenColumns = reader.frozenColumns
        // A batch check skips the table parts, unless a formula may name a table
        // (`SUM(Articles[Montant])`): the plan reader needs the ranges it adds up.
        if tallies == nil,
          options.readsCopyExtras || sheet.formulas.values.contains(where: { $0.text.utf8.contains(UInt8(ascii: "[")) })
        {
          tables += Self.tables(ofSheet: sheets.count, part: part, in: archive, limits: limits)
        }
        if reader.hasConditionalFormats { notCarried.append(NotCarried(.conditionalFormat, part: part, sheet: name)) }
        if reader.hasDataValidation { notCarried.append(NotCarried(.dataValidation, part: part, sheet: name)) }
        partsRead[partEntry] = PartRead(
          cells: sheet.cells, formulas: sheet.formulas, merged: sheet.merged, columns: sheet.columns,
          rows: sheet.rows, blanks: sheet.blanks, tally: reader.tally, textBytes: reader.textBytes)
        observer?.sheetEnds(index, sheet, inOrder: reader.inOrder)
      } catch {
        throw error.adding(.init(part: part, sheet: name))
      }
      sheets.append(sheet)
    }

    var workbook = Workbook(
      format: .xlsx, producer: options.readsProducer ? producer(archive, limits: limits) : nil, dateSystem: dateSystem, sheets: sheets,
      styles: styles.styles, definedNames: workbookXML.definedNames,
      notCarried: options.readsCopyExtras ? notCarried + XLSXParts.notCarried(in: archive.entryNames) : [])
    workbook.tables = tables
    if let tab = workbookXML.activeTab, tab < sheets.count { workbook.activeSheet = tab }
    workbook.package = PackageMap(format: .xlsx(package))
    return workbook
  }

  /// The tables of one sheet part, through its relationships; a damaged table part is passed
  /// over (its formulas are then written as values, and listed).
  private static func tables(ofSheet index: Int, part: String, in archive: Archive, limits: XMLLimits) -> [TableDefinition] {
    guard let relationships = try? Relationships.read(of: part, in: archive, limits: limits) else { return [] }
    var out: [TableDefinition] = []
    for r in relationships where XLSXParts.RelationshipType(uri: r.type) == .table {
      guard let tablePart = r.partName, archive.contains(tablePart),
        let t = try? PartReader.read(tablePart, in: archive, limits: limits, TablePartReader.init),
        let name = t.name, let range = t.range
      else { continue }
      out.append(
        TableDefinition(
          name: name, sheetIndex: index, range: range, columns: t.columns, headerRows: t.headerRows,
          totalsRows: t.totalsRows))
    }
    return out
  }

  /// What reading one sheet part gave, kept for the other sheets that name the same part.
  private struct PartRead {
    var cells: [Cell]
    var formulas: [CellReference: CellFormula]
    var merged: [CellRange]
    var columns: [ColumnFormat]
    var rows: [RowFormat]
    var blanks: [Cell] = []
    var tally: CellTally
    var textBytes: Int
  }

  /// `Application AppVersion` from `docProps/app.xml`, when present and readable.
  private static func producer(_ archive: Archive, limits: XMLLimits) -> String? {
    guard archive.contains(XLSXParts.appProperties),
      let reader = try? PartReader.read(XLSXParts.appProperties, in: archive, limits: limits, {
        ElementTextReader(parser: $0, names: ["Application", "AppVersion"], depth: 2)
      }),
      let app = reader.texts[0], !app.isEmpty
    else { return nil }
    if let version = reader.texts[1], !version.isEmpty { return "\(app) \(version)" }
    return app
  }

}
