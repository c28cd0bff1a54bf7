import Archive
import Diagnostics
import XMLStream

/// Writes a ``Workbook`` as a transitional SpreadsheetML package (ECMA-376 Part 1 §18, packaged
/// per Part 2 §9–10): content types, package and workbook relationships, `docProps/core.xml`
/// and `app.xml`, the workbook (sheets in order with their visibility, defined names), styles,
/// shared strings and one worksheet part per sheet.
enum XLSXWriter {
  static func write(_ workbook: Workbook, to archive: ArchiveWriter) throws(SpreadsheetError) -> WorkbookWriter.Report {
    var report = WorkbookWriter.Report()
    var styles = XLSXStylesWriter(workbook.styles)
    var strings = SharedStringsWriter()
    // Each sheet goes to the archive in pieces as it is written (a big sheet is never held
    // whole as XML); the parts are added after the shared strings its cells fill.
    var sheetParts: [StreamedPart] = []
    for sheet in workbook.sheets {
      let part = StreamedPart()
      var w = XMLWriter(capacity: min(XMLWriter.spillSize + (256 << 10), max(4096, sheet.cells.count * 56)))
      writeSheet(sheet, workbook: workbook, styles: &styles, strings: &strings, into: &w, report: &report, part: part)
      report.droppedCharacters += w.droppedCharacters
      part.write(w.take())
      sheetParts.append(part)
    }
    // Where each part goes: the map the reader would make of the copy.
    let package = XLSXPackageMap.written(sheetCount: workbook.sheets.count)
    try archive.add(XLSXParts.contentTypes, contentTypes(package))
    try archive.add(XLSXParts.rootRelationships, rootRelationships())
    try archive.add(XLSXWritten.coreProperties, coreProperties())
    try archive.add(XLSXParts.appProperties, appProperties(workbook))
    var workbookPart = XMLWriter()
    writeWorkbook(workbook, package: package, into: &workbookPart)
    report.droppedCharacters += workbookPart.droppedCharacters
    try archive.add(package.workbookEntry, workbookPart.take())
    try archive.add(Relationships.partName(for: package.workbookEntry), workbookRelationships(package))
    try archive.add(package.stylesPart ?? XLSXParts.defaultStyles, styles.part())
    var stringsPart = strings.part()
    report.droppedCharacters += stringsPart.droppedCharacters
    try archive.addPart(package.sharedStringsPart ?? XLSXParts.defaultSharedStrings, [stringsPart.take()])
    for (sheet, part) in zip(package.sheets, sheetParts) {
      try archive.addPart(sheet.entry ?? "", streamed: part)
    }
    return report
  }

  // MARK: - Package

  private static func contentTypes(_ package: XLSXPackageMap) -> [UInt8] {
    var w = XMLWriter()
    w.declaration()
    w.raw("<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">")
    w.raw("<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>")
    w.raw("<Default Extension=\"xml\" ContentType=\"application/xml\"/>")
    w.raw("<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>")
    for sheet in package.sheets {
      w.raw("<Override PartName=\"/")
      w.rawString(sheet.entry ?? "")
      w.raw("\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>")
    }
    w.raw("<Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>")
    w.raw("<Override PartName=\"/xl/sharedStrings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml\"/>")
    w.raw("<Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>")
    w.raw("<Override PartName=\"/docProps/app.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/>")
    w.raw("</Types>")
    return w.take()
  }

  private static func rootRelationships() -> [UInt8] {
    var w = XMLWriter()
    w.declaration()
    w.raw("<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">")
    w.raw("<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/>")
    w.raw("<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>")
    w.raw("<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties\" Target=\"docProps/app.xml\"/>")
    w.raw("</Relationships>")
    return w.take()
  }

  /// No dates: the same workbook gives the same bytes.
  private static func coreProperties() -> [UInt8] {
    var w = XMLWriter()
    w.declaration()
    w.raw("<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">")
    w.raw("<dc:creator>Equilibre</dc:creator></cp:coreProperties>")
    return w.take()
  }

  private static func appProperties(_ workbook: Workbook) -> [UInt8] {
    var w = XMLWriter()
    w.declaration()
    w.raw("<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\"><Application>Equilibre</Application></Properties>")
    return w.take()
  }

  private static func workbookRelationships(_ package: XLSXPackageMap) -> [UInt8] {
    var w = XMLWriter()
    w.declaration()
    w.raw("<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">")
    for r in package.relationships {
      w.raw("<Relationship")
      w.attribute("Id", r.id)
      w.attribute("Type", r.type)
      w.attribute(
        "Target", Relationships.relativeTarget(from: package.workbookEntry, to: r.partName ?? ""))
      w.raw("/>")
    }
    w.raw("</Relationships>")
    return w.take()
  }

  // MARK: - Workbook

  private static func writeWorkbook(_ workbook: Workbook, package: XLSXPackageMap, into w: inout XMLWriter) {
    w.declaration()
    w.raw("<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">")
    if workbook.dateSystem == .from1904 { w.raw("<workbookPr date1904=\"1\"/>") } else { w.raw("<workbookPr/>") }
    let active = workbook.shownSheet
    w.raw("<bookViews><workbookView")
    if active > 0 {
      w.attribute("activeTab", active)
      w.attribute("firstSheet", active)
    }
    w.raw("/></bookViews><sheets>")
    for (i, sheet) in workbook.sheets.enumerated() {
      w.raw("<sheet")
      w.attribute("name", sheet.name)
      w.attribute("sheetId", i + 1)
      switch sheet.visibility {
      case .visible: break
      case .hidden: w.raw(" state=\"hidden\"")
      case .veryHidden: w.raw(" state=\"veryHidden\"")
      }
      w.attribute("r:id", package.sheets[i].relationshipId ?? "")
      w.raw("/>")
    }
    w.raw("</sheets>")
    let names = workbook.definedNames.filter { !$0.formula.isEmpty }
    if !names.isEmpty {
      w.raw("<definedNames>")
      for name in names {
        w.raw("<definedName")
        w.attribute("name", name.name)
        if let sheet = name.sheetIndex, sheet >= 0, sheet < workbook.sheets.count { w.attribute("localSheetId", sheet) }
        w.raw(">")
        w.text(name.formula.hasPrefix("=") ? String(name.formula.dropFirst()) : name.formula)
        w.raw("</definedName>")
      }
      w.raw("</definedNames>")
    }
    w.raw("<calcPr calcId=\"191029\" fullCalcOnLoad=\"1\"/></workbook>")
  }

  // MARK: - Worksheets

  private static func writeSheet(
    _ sheet: Sheet, workbook: Workbook, styles: inout XLSXStylesWriter, strings: inout SharedStringsWriter,
    into w: inout XMLWriter, report: inout WorkbookWriter.Report, part: StreamedPart? = nil
  ) {
    w.declaration()
    w.raw("<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">")
    var used = sheet.usedRange
    for m in sheet.merged {
      if let u = used {
        used = CellRange(
          start: CellReference(row: min(u.start.row, m.start.row), column: min(u.start.column, m.start.column)),
          end: CellReference(row: max(u.end.row, m.end.row), column: max(u.end.column, m.end.column)))
      } else {
        used = m
      }
    }
    w.raw("<dimension ref=\"")
    w.rawString(used.map { $0.start == $0.end ? $0.start.description : $0.description } ?? "A1")
    w.raw("\"/><sheetViews><sheetView workbookViewId=\"0\"")
    if sheet.name == workbook.sheets[workbook.shownSheet].name { w.raw(" tabSelected=\"1\"") }
    let frozenRows = min(max(sheet.frozenRows, 0), CellReference.maxRows - 1)
    let frozenColumns = min(max(sheet.frozenColumns, 0), CellReference.maxColumns - 1)
    if frozenRows > 0 || frozenColumns > 0 {
      // ECMA-376 §18.3.1.66: the split counts, the first cell of the scrolling pane, and that pane.
      w.raw("><pane")
      if frozenColumns > 0 { w.attribute("xSplit", Int(frozenColumns)) }
      if frozenRows > 0 { w.attribute("ySplit", Int(frozenRows)) }
      w.attribute("topLeftCell", CellReference(row: frozenRows, column: frozenColumns).description)
      let pane = frozenRows > 0 && frozenColumns > 0 ? "bottomRight" : (frozenRows > 0 ? "bottomLeft" : "topRight")
      w.attribute("activePane", pane)
      w.raw(" state=\"frozen\"/><selection")
      w.attribute("pane", pane)
      w.raw("/></sheetView></sheetViews><sheetFormatPr")
    } else {
      w.raw("/></sheetViews><sheetFormatPr")
    }
    if let width = sheet.defaultColumnWidth {
      w.attribute("defaultColWidth", number: (width / XLSXUnits.pointsPerCharacter * 256).rounded() / 256)
    }
    if let height = sheet.defaultRowHeight {
      w.attribute("defaultRowHeight", number: (height * 100).rounded() / 100)
      w.raw(" customHeight=\"1\"/>")
    } else {
      w.raw(" defaultRowHeight=\"15\"/>")
    }
    if !sheet.columns.isEmpty {
      w.raw("<cols>")
      for c in sheet.columns {
        w.raw("<col")
        w.attribute("min", Int(c.first) + 1)
        w.attribute("max", Int(c.last) + 1)
        let width = (c.width ?? sheet.defaultColumnWidth).map { ($0 / XLSXUnits.pointsPerCharacter * 256).rounded() / 256 }
          ?? 9.140625
        w.attribute("width", number: width)
        if c.width != nil { w.raw(" customWidth=\"1\"") }
        if c.hidden { w.raw(" hidden=\"1\"") }
        w.raw("/>")
      }
      w.raw("</cols>")
    }
    w.raw("<sheetData>")
    let dialect = CellFormula.Dialect.ooxml
    let rows = sheet.rows.sorted { $0.first < $1.first }
    var runIndex = 0
    var nextFormatted = rows.first?.first ?? 0
    var openRow: Int32 = -1
    func openRowElement(_ r: Int32, _ format: RowFormat?, selfClosing: Bool, _ w: inout XMLWriter) {
      w.raw("<row r=\"")
      w.integer(Int(r) + 1)
      w.raw("\"")
      if let format {
        if let h = format.height {
          w.attribute("ht", number: (h * 100).rounded() / 100)
          w.raw(" customHeight=\"1\"")
        }
        if format.hidden { w.raw(" hidden=\"1\"") }
      }
      if selfClosing { w.raw("/>") } else { w.raw(">") }
    }
    /// Writes the formatted rows that hold no cell, before row `r`.
    func writeFormattedRows(before r: Int32, _ w: inout XMLWriter) {
      while runIndex < rows.count {
        let run = rows[runIndex]
        if nextFormatted < run.first { nextFormatted = run.first }
        if nextFormatted > run.last {
          runIndex += 1
          continue
        }
        if nextFormatted >= r { return }
        openRowElement(nextFormatted, run, selfClosing: true, &w)
        nextFormatted += 1
      }
    }
    func format(of r: Int32) -> RowFormat? {
      guard runIndex < rows.count, rows[runIndex].first <= r, r <= rows[runIndex].last else { return nil }
      return rows[runIndex]
    }
    let formulaList = sheet.sortedFormulas
    var nextFormula = 0
    for cell in sheet.cellsAndBlanks {
      let r = cell.reference.row
      if r != openRow {
        if openRow >= 0 { w.raw("</row>") }
        w.spill(to: part)
        writeFormattedRows(before: r, &w)
        openRowElement(r, format(of: r), selfClosing: false, &w)
        openRow = r
        nextFormatted = max(nextFormatted, r + 1)
      }
      while nextFormula < formulaList.count, formulaList[nextFormula].reference < cell.reference { nextFormula += 1 }
      var formula: CellFormula? = nil
      if nextFormula < formulaList.count, formulaList[nextFormula].reference == cell.reference {
        formula = formulaList[nextFormula].formula
      }
      if let f = formula, f.dialect != dialect {
        report.formulasAsValues.append((sheet.name, cell.reference))
        formula = nil
      }
      let kind: NumberKind
      if case .number(_, let k)? = cell.value { kind = k } else { kind = .plain }
      let s = styles.index(cell.style, kind: kind)
      if formula == nil && cell.value == nil {
        // A styled empty cell (or a formula not carried, with no value: listed).
        if s != 0 {
          w.raw("<c r=\"")
          w.withBytes { cell.reference.appendA1(to: &$0) }
          w.raw("\" s=\"")
          w.integer(s)
          w.raw("\"/>")
        }
        continue
      }
      w.raw("<c r=\"")
      w.withBytes { cell.reference.appendA1(to: &$0) }
      w.raw("\"")
      if s != 0 {
        w.raw(" s=\"")
        w.integer(s)
        w.raw("\"")
      }
      switch cell.value {
      case .number(let d, _)?:
        w.raw("><")
        if let formula { writeFormula(formula, &w) }
        w.raw("v>")
        w.number(d)
        w.raw("</v></c>")
      case .text(let t)?:
        if let formula {
          w.raw(" t=\"str\"><")
          writeFormula(formula, &w)
          w.raw("v>")
          w.text(OOXMLEscapes.encode(t))
          w.raw("</v></c>")
        } else {
          w.raw(" t=\"s\"><v>")
          w.integer(strings.index(t))
          w.raw("</v></c>")
        }
      case .bool(let b)?:
        w.raw(" t=\"b\"><")
        if let formula { writeFormula(formula, &w) }
        w.raw(b ? "v>1</v></c>" : "v>0</v></c>")
      case .error(let e)?:
        w.raw(" t=\"e\"><")
        if let formula { writeFormula(formula, &w) }
        w.raw("v>")
        w.text(e)
        w.raw("</v></c>")
      case nil:
        w.raw("><")
        if let formula { writeFormula(formula, &w) }
        w.raw("/c>")
      }
    }
    if openRow >= 0 { w.raw("</row>") }
    writeFormattedRows(before: Int32.max, &w)
    w.raw("</sheetData>")
    if !sheet.merged.isEmpty {
      w.raw("<mergeCells count=\"")
      w.integer(sheet.merged.count)
      w.raw("\">")
      for m in sheet.merged {
        w.raw("<mergeCell ref=\"")
        w.rawString(m.description)
        w.raw("\"/>")
      }
      w.raw("</mergeCells>")
    }
    w.raw("<pageMargins left=\"0.7\" right=\"0.7\" top=\"0.75\" bottom=\"0.75\" header=\"0.3\" footer=\"0.3\"/></worksheet>")
  }

  /// `f>…</f><` : the caller wrote the `<` before and writes the next element's name after.
  private static func writeFormula(_ formula: CellFormula, _ w: inout XMLWriter) {
    if let range = formula.arrayRange {
      w.raw("f t=\"array\" ref=\"")
      w.rawString(range.start == range.end ? range.start.description : range.description)
      w.raw("\">")
    } else {
      w.raw("f>")
    }
    w.text(formula.text.hasPrefix("=") ? String(formula.text.dropFirst()) : formula.text)
    w.raw("</f><")
  }
}

/// The parts the writer adds, beside those of ``XLSXParts``.
enum XLSXWritten {
  static let coreProperties = "docProps/core.xml"
}
