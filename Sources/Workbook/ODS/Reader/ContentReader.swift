import Diagnostics
import XMLStream

/// Streams an ODS `content.xml` (ODF 1.3 Part 3 §9.1, §19) into sheets, cells, formulas,
/// merged ranges and named ranges.
///
/// Tables come in document order, with their visibility from the automatic table style
/// (`style:table-properties table:display="false"` hides one). Rows may sit in
/// `table:table-header-rows`, `table:table-row-group` and `table:table-rows` wrappers.
/// `table:number-rows-repeated` and `table:number-columns-repeated` cost nothing for empty
/// content: the position advances arithmetically and stops at the grid's edge. Repeated
/// non-empty content is materialised and counted against the cell cap. Text comes from the
/// cell's `text:p` paragraphs (joined by `\n`), with `text:s`, `text:tab` and
/// `text:line-break`; annotations and drawings inside a cell are skipped, and whitespace
/// outside paragraphs (pretty-printed files) is ignored.
///
/// A cell's value comes from the attribute its `office:value-type` names, else from any value
/// attribute present, else (no type at all) from its text, as LibreOffice reads it. Covered
/// cells are read like any other; spans become merged ranges. LibreOffice's
/// `calcext:value-type="error"` gives an error value with the paragraph's text.
final class ContentReader: XMLContentHandler {
  private enum ValueType {
    case none, float, percentage, currency, date, time, boolean, string, other
  }

  // Namespaces.
  private let nsOffice, nsTable, nsText, nsStyle, nsDrawing, nsCalcExtension, nsFO: XMLName
  // Elements.
  private let eSpreadsheet, eTable, eRow, eCell, eCoveredCell, eAnnotation: XMLName
  private let eParagraph, eHeading, eSpace, eTab, eLineBreak: XMLName
  private let eStyle, eTableProperties, eNamedRange, eNamedExpression: XMLName
  private let eDatabaseRange, aTargetRangeAddress, aContainsHeader, aContainsFooter: XMLName
  /// Database ranges (`table:database-range`, ODF 1.3 Part 3 §9.4.1), which ODF formulas may
  /// name like Excel tables (`table[#data]`): name, range address, header and footer rows.
  private(set) var databaseRanges: [(name: String, address: String, header: Bool, footer: Bool)] = []
  private let eTextProperties, eParagraphProperties, eColumn: XMLName
  private let aFontWeight, aMarginLeft, aDefaultCellStyleName: XMLName
  // Attributes.
  private let aName, aStyleName, aFamily, aDisplay: XMLName
  private let aRowsRepeated, aColumnsRepeated, aColumnsSpanned, aRowsSpanned, aFormula: XMLName
  private let aValueType, aValue, aDateValue, aTimeValue, aBooleanValue, aStringValue: XMLName
  private let aSpaceCount, aCellRangeAddress, aExpression: XMLName
  // Looks: cell, column and row styles, number styles.
  private let nsNumber: XMLName
  private let eTableCellProperties, eTableColumnProperties, eTableRowProperties: XMLName
  private let aFontStyle, aUnderlineStyle, aColor, aFontSize, aFontName, aBackgroundColor: XMLName
  private let aBorder, aBorderLeft, aBorderRight, aBorderTop, aBorderBottom, aWrapOption, aTextAlign: XMLName
  private let aDataStyleName, aColumnWidth, aRowHeight, aUseOptimalRowHeight, aVisibility: XMLName
  private let eNumberText, eCurrencySymbol, eNumberNumber, eDay, eMonth, eYear, eHours, eMinutes, eSeconds: XMLName
  private let aDecimalPlaces, aGrouping, aNumberStyle, aTextual: XMLName
  private let eAnnotationName, eContentValidations, eDataPilotTables, eConditionalFormats: XMLName
  private let aMatrixColumnsSpanned, aMatrixRowsSpanned: XMLName
  /// The range an array formula fills (`table:number-matrix-*-spanned`), columns × rows.
  private var matrixColumns = 0
  private var matrixRows = 0

  // Limits.
  private let maxCells: Int
  /// The most bytes of text the cells may hold, after repeats; and the bytes so far.
  private let maxCellTextBytes: Int
  private var cellTextBytes = 0
  private let maxTextBytes: Int
  private static let maxRows = Int(CellReference.maxRows)
  private static let maxColumns = Int(CellReference.maxColumns)

  // Outputs. The buffers marked `@exclusivity(unchecked)` are touched for every cell: the
  // reader runs on one thread and never lends them out, so the run-time exclusivity checks of
  // class properties would only cost time.
  private(set) var sheets: [Sheet] = []
  private(set) var definedNames: [DefinedName] = []
  /// Whether an `office:spreadsheet` body was seen.
  private(set) var sawSpreadsheet = false
  /// Non-empty cells and merged ranges counted so far, against `maxCells`.
  @exclusivity(unchecked) private var cellCount = 0

  // Styles: names of automatic table styles that hide their table.
  private var hiddenTableStyles: Set<String> = []
  private var tableStyleName: String?
  private var inTableStyle = false
  /// Cell styles (bold, indentation) in ``Workbook/styles`` order; index 0 is the plain style.
  private(set) var cellStyles: [CellStyle] = [.plain]
  /// Automatic cell style names (`ce1`) → index in ``cellStyles``.
  private var cellStyleIndex: [String: Int32] = [:]
  /// The cell style being read, while inside its `style:style`.
  private var cellStyleName: String?
  private var cellStyle = CellStyle.plain
  /// Automatic column styles → width in points; row styles → custom height in points.
  private var columnWidths: [String: Double] = [:]
  private var rowHeights: [String: Double] = [:]
  private var columnStyleName: String?
  private var rowStyleName: String?
  /// Number styles (`number:number-style`…) → format code in OOXML's syntax.
  private var dataStyles: [String: String] = [:]
  private var dataStyleName: String?
  private var dataStyleCode = ""
  private var dataStyleText: [UInt8]?
  /// Depth of number-namespace elements inside the number style being read.
  private var dataStyleDepth = 0
  /// The sheet's column widths and row heights, as read.
  private var columnFormats: [ColumnFormat] = []
  private var rowFormats: [RowFormat] = []
  /// What the document holds that the model does not carry.
  private(set) var notCarried: [NotCarried] = []
  private var sheetDrops: Set<NotCarried.Kind> = []
  /// Each column's default cell style (`table:default-cell-style-name`), for the sheet being read.
  private var columnStyles: [Int32] = []
  /// The style of the cell being read.
  private var style: Int32 = 0
  private var lastStyleName: [UInt8] = []
  private var lastStyle: Int32 = 0

  // Where we are.
  private var inSpreadsheet = false
  private var inTable = false
  private var inRow = false
  private var inCell = false
  /// Depth inside an ignored subtree (an annotation, a drawing, a table inside a cell).
  private var skipDepth = 0

  // The sheet being read.
  private var sheetName = ""
  private var sheetVisibility = SheetVisibility.visible
  @exclusivity(unchecked) private var cells: [Cell] = []
  /// Formulas in document order (a dictionary is built once per sheet, at its end).
  @exclusivity(unchecked) private var formulas: [FormulaAt] = []
  @exclusivity(unchecked) private var rowFormulas: [(column: Int32, formula: CellFormula)] = []
  private typealias FormulaAt = (reference: CellReference, formula: CellFormula)
  @exclusivity(unchecked) private var merged: [CellRange] = []
  /// Styled empty cells of the sheet being read, when kept.
  private var blanks: [Cell] = []
  private let keepsBlanks: Bool

  // The row being read.
  private var row = 0
  private var rowRepeat = 1
  private var rowFirstCell = 0
  private var rowFirstMerge = 0
  private var column = 0

  // The cell being read.
  private var columnRepeat = 1
  private var columnsSpanned = 1
  private var rowsSpanned = 1
  private var valueType = ValueType.none
  /// The cell holds an error value (`calcext:value-type="error"`).
  private var isError = false
  @exclusivity(unchecked) private var value: CellValue?
  @exclusivity(unchecked) private var formula: String?
  private var wantText = false
  @exclusivity(unchecked) private var text: [UInt8] = []
  private var paragraphs = 0
  private var paragraphDepth = 0

  init(parser: XMLPushParser, maxCells: Int, maxTextBytes: Int, maxCellTextBytes: Int = .max, keepsBlanks: Bool = true) {
    self.keepsBlanks = keepsBlanks
    nsNumber = parser.intern(ODSNamespace.number)
    eTableCellProperties = parser.intern("table-cell-properties")
    eTableColumnProperties = parser.intern("table-column-properties")
    eTableRowProperties = parser.intern("table-row-properties")
    aFontStyle = parser.intern("font-style")
    aUnderlineStyle = parser.intern("text-underline-style")
    aColor = parser.intern("color")
    aFontSize = parser.intern("font-size")
    aFontName = parser.intern("font-name")
    aBackgroundColor = parser.intern("background-color")
    aBorder = parser.intern("border")
    aBorderLeft = parser.intern("border-left")
    aBorderRight = parser.intern("border-right")
    aBorderTop = parser.intern("border-top")
    aBorderBottom = parser.intern("border-bottom")
    aWrapOption = parser.intern("wrap-option")
    aTextAlign = parser.intern("text-align")
    aDataStyleName = parser.intern("data-style-name")
    aColumnWidth = parser.intern("column-width")
    aRowHeight = parser.intern("row-height")
    aUseOptimalRowHeight = parser.intern("use-optimal-row-height")
    aVisibility = parser.intern("visibility")
    eNumberText = parser.intern("text")
    eCurrencySymbol = parser.intern("currency-symbol")
    eNumberNumber = parser.intern("number")
    eDay = parser.intern("day")
    eMonth = parser.intern("month")
    eYear = parser.intern("year")
    eHours = parser.intern("hours")
    eMinutes = parser.intern("minutes")
    eSeconds = parser.intern("seconds")
    aDecimalPlaces = parser.intern("decimal-places")
    aGrouping = parser.intern("grouping")
    aNumberStyle = parser.intern("style")
    aTextual = parser.intern("textual")
    eAnnotationName = parser.intern("annotation")
    eContentValidations = parser.intern("content-validations")
    eDataPilotTables = parser.intern("data-pilot-tables")
    eConditionalFormats = parser.intern("conditional-formats")
    aMatrixColumnsSpanned = parser.intern("number-matrix-columns-spanned")
    aMatrixRowsSpanned = parser.intern("number-matrix-rows-spanned")
    nsOffice = parser.intern(ODSNamespace.office)
    nsTable = parser.intern(ODSNamespace.table)
    nsText = parser.intern(ODSNamespace.text)
    nsStyle = parser.intern(ODSNamespace.style)
    nsDrawing = parser.intern(ODSNamespace.drawing)
    nsCalcExtension = parser.intern(ODSNamespace.calcExtension)
    nsFO = parser.intern(ODSNamespace.fo)
    eTextProperties = parser.intern("text-properties")
    eParagraphProperties = parser.intern("paragraph-properties")
    eColumn = parser.intern("table-column")
    aFontWeight = parser.intern("font-weight")
    aMarginLeft = parser.intern("margin-left")
    aDefaultCellStyleName = parser.intern("default-cell-style-name")
    eSpreadsheet = parser.intern("spreadsheet")
    eTable = parser.intern("table")
    eRow = parser.intern("table-row")
    eCell = parser.intern("table-cell")
    eCoveredCell = parser.intern("covered-table-cell")
    eAnnotation = parser.intern("annotation")
    eParagraph = parser.intern("p")
    eHeading = parser.intern("h")
    eSpace = parser.intern("s")
    eTab = parser.intern("tab")
    eLineBreak = parser.intern("line-break")
    eStyle = parser.intern("style")
    eTableProperties = parser.intern("table-properties")
    eNamedRange = parser.intern("named-range")
    eDatabaseRange = parser.intern("database-range")
    aTargetRangeAddress = parser.intern("target-range-address")
    aContainsHeader = parser.intern("contains-header")
    aContainsFooter = parser.intern("contains-footer")
    eNamedExpression = parser.intern("named-expression")
    aName = parser.intern("name")
    aStyleName = parser.intern("style-name")
    aFamily = parser.intern("family")
    aDisplay = parser.intern("display")
    aRowsRepeated = parser.intern("number-rows-repeated")
    aColumnsRepeated = parser.intern("number-columns-repeated")
    aColumnsSpanned = parser.intern("number-columns-spanned")
    aRowsSpanned = parser.intern("number-rows-spanned")
    aFormula = parser.intern("formula")
    aValueType = parser.intern("value-type")
    aValue = parser.intern("value")
    aDateValue = parser.intern("date-value")
    aTimeValue = parser.intern("time-value")
    aBooleanValue = parser.intern("boolean-value")
    aStringValue = parser.intern("string-value")
    aSpaceCount = parser.intern("c")
    aCellRangeAddress = parser.intern("cell-range-address")
    aExpression = parser.intern("expression")
    self.maxCells = maxCells
    self.maxTextBytes = maxTextBytes
    self.maxCellTextBytes = maxCellTextBytes
  }

  private var here: SpreadsheetError.Location {
    let reference = CellReference(
      row: Int32(min(row, Self.maxRows - 1)), column: Int32(min(column, Self.maxColumns - 1)))
    return .init(sheet: inTable ? sheetName : nil, cell: inRow ? reference.description : nil)
  }

  // MARK: - Events

  func startElement(_ name: XMLName, namespace: XMLName, attributes: XMLAttributes)
    throws(SpreadsheetError)
  {
    if skipDepth > 0 {
      skipDepth += 1
      return
    }
    if inCell {
      try startInsideCell(name, namespace: namespace, attributes: attributes)
      return
    }
    guard namespace == nsTable else {
      if namespace == nsStyle {
        startStyle(name, attributes: attributes)
      } else if namespace == nsNumber {
        startNumberStyle(name, attributes: attributes)
      } else if name == eSpreadsheet, namespace == nsOffice {
        inSpreadsheet = true
        sawSpreadsheet = true
      } else if namespace == nsDrawing {
        if inTable { sheetDrops.insert(.drawing) }
        skipDepth = 1  // shapes (`table:shapes`) may embed whole documents; none of it is cells
      } else if namespace == nsCalcExtension, name == eConditionalFormats {
        if inTable { sheetDrops.insert(.conditionalFormat) }
      }
      return
    }
    if name == eCell || name == eCoveredCell {
      if inRow { try startCell(attributes) }
    } else if name == eRow {
      if inTable { try startRow(attributes) }
    } else if name == eTable {
      if inSpreadsheet && !inTable { startTable(attributes) }
    } else if name == eColumn {
      if inTable && !inRow { try startColumn(attributes) }
    } else if name == eNamedRange || name == eNamedExpression {
      startNamedRange(attributes)
    } else if name == eDatabaseRange {
      if let n = attributes.value(aName, namespace: nsTable)?.string,
        let address = attributes.value(aTargetRangeAddress, namespace: nsTable)?.string,
        databaseRanges.count < 10_000
      {
        let header = attributes.value(aContainsHeader, namespace: nsTable).map { !$0.equals("false") } ?? true
        let footer = attributes.value(aContainsFooter, namespace: nsTable).map { $0.equals("true") } ?? false
        databaseRanges.append((n, address, header, footer))
      }
    } else if name == eContentValidations {
      notCarried.append(NotCarried(.dataValidation, part: ODSParts.content))
    } else if name == eDataPilotTables {
      notCarried.append(NotCarried(.pivotTable, part: ODSParts.content))
    }
  }

  func endElement(_ name: XMLName, namespace: XMLName) throws(SpreadsheetError) {
    if skipDepth > 0 {
      skipDepth -= 1
      return
    }
    if inCell {
      if namespace == nsText {
        if wantText, name == eParagraph || name == eHeading { paragraphDepth -= 1 }
      } else if namespace == nsTable, name == eCell || name == eCoveredCell {
        try endCell()
      }
      return
    }
    if namespace == nsTable {
      if name == eRow {
        if inRow { try endRow() }
      } else if name == eTable {
        if inTable { endTable() }
      }
    } else if namespace == nsNumber {
      endNumberStyle(name)
    } else if namespace == nsStyle {
      if name == eStyle {
        columnStyleName = nil
        rowStyleName = nil
        inTableStyle = false
        if let styleName = cellStyleName {
          if cellStyle == .plain {
            cellStyleIndex[styleName] = 0
          } else {
            cellStyleIndex[styleName] = Int32(cellStyles.count)
            cellStyles.append(cellStyle)
          }
          cellStyleName = nil
        }
      }
    } else if name == eSpreadsheet, namespace == nsOffice {
      inSpreadsheet = false
    }
  }

  func characters(_ chunk: XMLBytes) throws(SpreadsheetError) {
    if dataStyleText != nil, (dataStyleText?.count ?? 0) < 256 {
      chunk.withUnsafeBytes { dataStyleText?.append(contentsOf: $0.prefix(256)) }
      return
    }
    guard inCell, wantText, paragraphDepth > 0, skipDepth == 0 else { return }
    guard text.count + chunk.count <= maxTextBytes else { throw textTooLong() }
    chunk.withUnsafeBytes { text.append(contentsOf: $0) }
  }

  // MARK: - Styles

  private func startStyle(_ name: XMLName, attributes: XMLAttributes) {
    if name == eStyle {
      inTableStyle = false
      cellStyleName = nil
      guard let family = attributes.value(aFamily, namespace: nsStyle),
        let styleName = attributes.value(aName, namespace: nsStyle)
      else { return }
      if family.equals("table-cell") {
        cellStyleName = styleName.string
        cellStyle = .plain
        if let data = attributes.value(aDataStyleName, namespace: nsStyle), let code = dataStyles[data.string] {
          cellStyle.numberFormat = code
        }
        return
      }
      if family.equals("table-column") {
        columnStyleName = styleName.string
        return
      }
      if family.equals("table-row") {
        rowStyleName = styleName.string
        return
      }
      guard family.equals("table") else { return }
      inTableStyle = true
      tableStyleName = styleName.string
    } else if cellStyleName != nil, name == eTextProperties {
      if let weight = attributes.value(aFontWeight, namespace: nsFO) {
        cellStyle.bold = weight.equals("bold") || (weight.integer ?? 0) >= 600
      }
      if let italic = attributes.value(aFontStyle, namespace: nsFO) {
        cellStyle.italic = italic.equals("italic") || italic.equals("oblique")
      }
      if let underline = attributes.value(aUnderlineStyle, namespace: nsStyle) {
        cellStyle.underline = !underline.equals("none")
      }
      if let color = attributes.value(aColor, namespace: nsFO) { cellStyle.fontColor = ODSLength.color(color.string) }
      if let size = attributes.value(aFontSize, namespace: nsFO) { cellStyle.fontSize = ODSLength.points(size.string) }
      if let font = attributes.value(aFontName, namespace: nsStyle) { cellStyle.fontName = font.string }
    } else if cellStyleName != nil, name == eParagraphProperties {
      if let margin = attributes.value(aMarginLeft, namespace: nsFO) {
        cellStyle.indent = Self.indentLevel(margin.string)
      }
      if let align = attributes.value(aTextAlign, namespace: nsFO) {
        switch align.string {
        case "start", "left": cellStyle.horizontalAlignment = .left
        case "center": cellStyle.horizontalAlignment = .center
        case "end", "right": cellStyle.horizontalAlignment = .right
        case "justify": cellStyle.horizontalAlignment = .justify
        default: break
        }
      }
    } else if cellStyleName != nil, name == eTableCellProperties {
      if let fill = attributes.value(aBackgroundColor, namespace: nsFO) { cellStyle.fill = ODSLength.color(fill.string) }
      if let wrap = attributes.value(aWrapOption, namespace: nsFO) { cellStyle.wrap = wrap.equals("wrap") }
      if let all = attributes.value(aBorder, namespace: nsFO).flatMap({ ODSLength.border($0.string) }) {
        cellStyle.borders = CellBorders(left: all, right: all, top: all, bottom: all)
      }
      if let v = attributes.value(aBorderLeft, namespace: nsFO) { cellStyle.borders.left = ODSLength.border(v.string) }
      if let v = attributes.value(aBorderRight, namespace: nsFO) { cellStyle.borders.right = ODSLength.border(v.string) }
      if let v = attributes.value(aBorderTop, namespace: nsFO) { cellStyle.borders.top = ODSLength.border(v.string) }
      if let v = attributes.value(aBorderBottom, namespace: nsFO) { cellStyle.borders.bottom = ODSLength.border(v.string) }
    } else if let styleName = columnStyleName, name == eTableColumnProperties {
      if let width = attributes.value(aColumnWidth, namespace: nsStyle).flatMap({ ODSLength.points($0.string) }) {
        columnWidths[styleName] = width
      }
    } else if let styleName = rowStyleName, name == eTableRowProperties {
      let optimal = attributes.value(aUseOptimalRowHeight, namespace: nsStyle)?.equals("true") ?? false
      if !optimal, let height = attributes.value(aRowHeight, namespace: nsStyle).flatMap({ ODSLength.points($0.string) }) {
        rowHeights[styleName] = height
      }
    } else if name == eTableProperties, inTableStyle, let styleName = tableStyleName {
      if let display = attributes.value(aDisplay, namespace: nsTable), display.equals("false") {
        hiddenTableStyles.insert(styleName)
      }
    }
  }

  /// A number style (ODF 1.3 Part 3 §16.29): its parts become an OOXML format code.
  private func startNumberStyle(_ name: XMLName, attributes: XMLAttributes) {
    if dataStyleName == nil {
      guard let styleName = attributes.value(aName, namespace: nsStyle) else { return }
      dataStyleName = styleName.string
      dataStyleCode = ""
      dataStyleDepth = 0
      return
    }
    dataStyleDepth += 1
    if name == eNumberNumber {
      let places = attributes.value(aDecimalPlaces, namespace: nsNumber)?.integer ?? 0
      let grouping = attributes.value(aGrouping, namespace: nsNumber)?.equals("true") ?? false
      dataStyleCode += (grouping ? "#,##0" : "0") + (places > 0 ? "." + String(repeating: "0", count: min(places, 15)) : "")
    } else if name == eNumberText || name == eCurrencySymbol {
      dataStyleText = []
    } else {
      let long = attributes.value(aNumberStyle, namespace: nsNumber)?.equals("long") ?? false
      if name == eDay {
        dataStyleCode += long ? "dd" : "d"
      } else if name == eMonth {
        let textual = attributes.value(aTextual, namespace: nsNumber)?.equals("true") ?? false
        dataStyleCode += textual ? (long ? "mmmm" : "mmm") : (long ? "mm" : "m")
      } else if name == eYear {
        dataStyleCode += long ? "yyyy" : "yy"
      } else if name == eHours {
        dataStyleCode += long ? "hh" : "h"
      } else if name == eMinutes {
        dataStyleCode += long ? "mm" : "m"
      } else if name == eSeconds {
        dataStyleCode += long ? "ss" : "s"
      }
    }
  }

  private func endNumberStyle(_ name: XMLName) {
    guard let styleName = dataStyleName else { return }
    if dataStyleDepth == 0 {
      dataStyles[styleName] = dataStyleCode.isEmpty ? "General" : dataStyleCode
      dataStyleName = nil
      return
    }
    dataStyleDepth -= 1
    if let text = dataStyleText {
      dataStyleText = nil
      let literal = String(decoding: text, as: UTF8.self)
      if name == eCurrencySymbol {
        dataStyleCode += "\"" + literal + "\""
      } else if literal == "%" {
        dataStyleCode += "%"
      } else if !literal.isEmpty {
        dataStyleCode += "\"" + literal.filter { $0 != "\"" } + "\""
      }
    }
  }

  /// An indentation level from a left margin (`0.353cm`, `0.1665in`, `10pt`): LibreOffice
  /// writes one level of Excel's indent as about 0.353 cm.
  static func indentLevel(_ length: String) -> Int {
    let units: [(String, Double)] = [("cm", 1), ("mm", 0.1), ("in", 2.54), ("pt", 2.54 / 72), ("pc", 2.54 / 6)]
    for (unit, cm) in units where length.hasSuffix(unit) {
      guard let v = NumberText.double(String(length.dropLast(unit.count))), v > 0 else { return 0 }
      return max(1, Int((v * cm / 0.353).rounded()))
    }
    return 0
  }

  // MARK: - Tables and rows

  private func startTable(_ attributes: XMLAttributes) {
    inTable = true
    sheetName = attributes.value(aName, namespace: nsTable)?.string ?? "Sheet\(sheets.count + 1)"
    let style = attributes.value(aStyleName, namespace: nsTable)?.string
    sheetVisibility = style.map { hiddenTableStyles.contains($0) } == true ? .hidden : .visible
    cells = []
    formulas = []
    merged = []
    columnStyles = []
    columnFormats = []
    rowFormats = []
    blanks = []
    sheetDrops = []
    row = 0
  }

  /// A `table:table-column`: remembers its default cell style for the columns it covers.
  private func startColumn(_ attributes: XMLAttributes) throws(SpreadsheetError) {
    var repeats = 1
    if let r = attributes.value(aColumnsRepeated, namespace: nsTable) {
      repeats = try repeatCount(r, what: "number-columns-repeated")
    }
    let styleName = attributes.value(aDefaultCellStyleName, namespace: nsTable)?.string
    let index = styleName.flatMap { cellStyleIndex[$0] } ?? 0
    let room = Self.maxColumns - columnStyles.count
    guard room > 0 else { return }
    let width = attributes.value(aStyleName, namespace: nsTable).flatMap { columnWidths[$0.string] }
    let hidden = attributes.value(aVisibility, namespace: nsTable).map { !$0.equals("visible") } ?? false
    if width != nil || hidden {
      let first = Int32(columnStyles.count)
      let last = Int32(columnStyles.count + min(repeats, room) - 1)
      // An empty trailing run of default-width columns is what LibreOffice writes; keep runs.
      columnFormats.append(ColumnFormat(first: first, last: last, width: width, hidden: hidden))
    }
    columnStyles.append(contentsOf: repeatElement(index, count: min(repeats, room)))
  }

  /// The index of the cell style named by these bytes; the last name is remembered, since
  /// neighbouring cells mostly share one.
  private func cellStyle(named bytes: XMLBytes) -> Int32 {
    let same = bytes.withUnsafeBytes { $0.elementsEqual(lastStyleName) }
    if !same {
      lastStyleName = bytes.withUnsafeBytes { Array($0) }
      lastStyle = cellStyleIndex[bytes.string] ?? 0
    }
    return lastStyle
  }

  private func endTable() {
    inTable = false
    inRow = false
    var byCell: [CellReference: CellFormula] = [:]
    byCell.reserveCapacity(formulas.count)
    for f in formulas { byCell[f.reference] = f.formula }
    sheets.append(
      Sheet(
        name: sheetName, visibility: sheetVisibility, kind: .worksheet, cells: cells,
        formulas: byCell,
        merged: merged, columns: Self.trimmed(columnFormats), rows: rowFormats))
    sheets[sheets.count - 1].blanks = blanks
    for kind in [NotCarried.Kind.comment, .drawing, .conditionalFormat] where sheetDrops.contains(kind) {
      notCarried.append(NotCarried(kind, part: ODSParts.content, sheet: sheetName))
    }
    cells = []
    formulas = []
    merged = []
  }

  /// The column runs without the last one when it reaches the grid's edge with only a width:
  /// LibreOffice writes the remaining 16,000 columns at the default width.
  private static func trimmed(_ columns: [ColumnFormat]) -> [ColumnFormat] {
    guard let last = columns.last, !last.hidden, last.last == CellReference.maxColumns - 1,
      last.last - last.first > 256
    else { return columns }
    return Array(columns.dropLast())
  }

  private func startRow(_ attributes: XMLAttributes) throws(SpreadsheetError) {
    inRow = true
    rowRepeat = 1
    if let repeated = attributes.value(aRowsRepeated, namespace: nsTable) {
      rowRepeat = try repeatCount(repeated, what: "number-rows-repeated")
    }
    if attributes.count > 0, row < Self.maxRows {
      let height = attributes.value(aStyleName, namespace: nsTable).flatMap { rowHeights[$0.string] }
      let hidden = attributes.value(aVisibility, namespace: nsTable).map { !$0.equals("visible") } ?? false
      if height != nil || hidden {
        let last = min(row + rowRepeat - 1, Self.maxRows - 1)
        rowFormats.append(RowFormat(first: Int32(row), last: Int32(last), height: height, hidden: hidden))
      }
    }
    rowFirstCell = cells.count
    rowFirstMerge = merged.count
    rowFormulas.removeAll(keepingCapacity: true)
    column = 0
  }

  /// Ends a row: an empty one only moves the position; a non-empty repeated one is copied
  /// onto the rows it repeats over, within the grid and the cell cap.
  private func endRow() throws(SpreadsheetError) {
    inRow = false
    let cellsInRow = cells.count - rowFirstCell
    let mergesInRow = merged.count - rowFirstMerge
    if cellsInRow == 0 && mergesInRow == 0 {
      row = rowRepeat >= Self.maxRows - row ? Self.maxRows : row + rowRepeat
      return
    }
    let copies = rowRepeat - 1
    if copies > 0 {
      guard rowRepeat <= Self.maxRows - row else {
        throw SpreadsheetError(
          .workbookLimit,
          .rowRepeatPastGrid(row: row + 1, repeats: rowRepeat),
          at: here)
      }
      let added = (cellsInRow + mergesInRow) * copies
      try reserve(added)
      var rowText = 0
      for i in rowFirstCell..<(rowFirstCell + cellsInRow) {
        if case .text(let s)? = cells[i].value { rowText += s.utf8.count }
      }
      try reserveText(rowText, times: copies)
      cells.reserveCapacity(cells.count + cellsInRow * copies)
      let firstMerge = rowFirstMerge
      for k in 1...copies {
        let r = Int32(row + k)
        for i in rowFirstCell..<(rowFirstCell + cellsInRow) {
          var copy = cells[i]
          copy.reference.row = r
          cells.append(copy)
        }
        for f in rowFormulas {
          formulas.append((CellReference(row: r, column: f.column), f.formula))
        }
        for i in firstMerge..<(firstMerge + mergesInRow) {
          let m = merged[i]
          let lastRow = min(Int(m.end.row) + k, Self.maxRows - 1)
          merged.append(
            CellRange(
              start: CellReference(row: r, column: m.start.column),
              end: CellReference(row: Int32(lastRow), column: m.end.column)))
        }
      }
    }
    row += rowRepeat
  }

  /// Parses a `*-repeated` count: a non-negative integer (0 is read as 1, as LibreOffice does).
  private func repeatCount(_ bytes: XMLBytes, what: String) throws(SpreadsheetError) -> Int {
    guard let n = bytes.integer else {
      throw SpreadsheetError(.invalid, .notAPositiveNumber(attribute: "table:" + what, value: bytes.string), at: here)
    }
    return max(n, 1)
  }

  /// Counts `count` more cells (or merged ranges) against the cap.
  @inline(__always)
  private func reserve(_ count: Int) throws(SpreadsheetError) {
    guard count <= maxCells - cellCount else { throw limitError() }
    cellCount += count
  }

  /// Counts `bytes` of text repeated `times` against the cells' text cap.
  private func reserveText(_ bytes: Int, times: Int) throws(SpreadsheetError) {
    let (total, overflow) = bytes.multipliedReportingOverflow(by: times)
    guard !overflow, total <= maxCellTextBytes - cellTextBytes else {
      throw SpreadsheetError(
        .workbookLimit,
        .tooMuchCellText(limitMiB: maxCellTextBytes >> 20),
        at: here)
    }
    cellTextBytes += total
  }

  private func limitError() -> SpreadsheetError {
    SpreadsheetError(.workbookLimit, .tooManyCells(limit: maxCells), at: here)
  }

  // MARK: - Cells

  private func startCell(_ attributes: XMLAttributes) throws(SpreadsheetError) {
    inCell = true
    columnRepeat = 1
    columnsSpanned = 1
    rowsSpanned = 1
    valueType = .none
    value = nil
    formula = nil
    matrixColumns = 0
    matrixRows = 0
    style = column < columnStyles.count ? columnStyles[column] : 0
    var number: XMLBytes?
    var dateValue: XMLBytes?
    var timeValue: XMLBytes?
    var booleanValue: XMLBytes?
    var stringValue: XMLBytes?
    isError = false
    for i in 0..<attributes.count {
      let a = attributes[i]
      if a.namespace == nsOffice {
        if a.name == aValueType {
          valueType = Self.valueType(a.value)
        } else if a.name == aValue {
          number = a.value
        } else if a.name == aStringValue {
          stringValue = a.value
        } else if a.name == aDateValue {
          dateValue = a.value
        } else if a.name == aTimeValue {
          timeValue = a.value
        } else if a.name == aBooleanValue {
          booleanValue = a.value
        }
      } else if a.namespace == nsCalcExtension {
        if a.name == aValueType, a.value.equals("error") { isError = true }
      } else if a.namespace == nsTable {
        if a.name == aColumnsRepeated {
          columnRepeat = try repeatCount(a.value, what: "number-columns-repeated")
        } else if a.name == aFormula {
          formula = a.value.string
        } else if a.name == aMatrixColumnsSpanned {
          matrixColumns = a.value.integer ?? 0
        } else if a.name == aMatrixRowsSpanned {
          matrixRows = a.value.integer ?? 0
        } else if a.name == aColumnsSpanned {
          columnsSpanned = try repeatCount(a.value, what: "number-columns-spanned")
        } else if a.name == aRowsSpanned {
          rowsSpanned = try repeatCount(a.value, what: "number-rows-spanned")
        } else if a.name == aStyleName {
          style = cellStyle(named: a.value)
        }
      }
    }
    wantText = false
    // The attribute the declared type names gives the value; failing that, whichever value
    // attribute is present (StarOffice writes `office:value-type="float"
    // office:string-value="OK"` for a formula's text result, and some producers omit the type).
    switch valueType {
    case .float, .percentage, .currency:
      if let number {
        let kind: NumberKind =
          valueType == .percentage ? .percentage : valueType == .currency ? .currency : .plain
        value = .number(try parseNumber(number), kind)
      }
    case .date:
      if let dateValue { value = Self.date(dateValue) }
    case .time:
      if let timeValue { value = Self.time(timeValue) }
    case .boolean:
      if let booleanValue { value = .bool(booleanValue.withUnsafeBytes { ODSValues.boolean($0) }) }
    case .string:
      if let stringValue { value = .text(stringValue.string) } else { wantText = true }
    case .none, .other:
      break
    }
    if isError {
      // LibreOffice marks an error result with calcext:value-type="error"; the paragraph
      // holds its text (`#DIV/0!`, `Err:502`), office:value a meaningless 0 or "".
      value = nil
      wantText = true
    } else if value == nil, !wantText {
      if let number {
        let d = try parseNumber(number)
        switch valueType {
        case .date: value = .number(d, .date)
        case .time: value = .number(d, .time)
        case .boolean: value = .bool(d != 0)
        default: value = .number(d, .plain)
        }
      } else if let dateValue {
        value = Self.date(dateValue)
      } else if let timeValue {
        value = Self.time(timeValue)
      } else if let booleanValue {
        value = .bool(booleanValue.withUnsafeBytes { ODSValues.boolean($0) })
      } else if let stringValue {
        value = .text(stringValue.string)
      } else if valueType == .none {
        // No type: the paragraphs are the value, as LibreOffice reads it (its default cell
        // type is text).
        wantText = true
      }
    }
    if wantText {
      text.removeAll(keepingCapacity: true)
      paragraphs = 0
      paragraphDepth = 0
    }
  }

  private func parseNumber(_ bytes: XMLBytes) throws(SpreadsheetError) -> Double {
    guard let d = bytes.double else {
      throw SpreadsheetError(.invalid, .notANumber(bytes.string), at: here)
    }
    return d
  }

  /// An `office:date-value` as a date serial; its text when it is not a date.
  private static func date(_ bytes: XMLBytes) -> CellValue {
    guard let date = bytes.withUnsafeBytes({ ODSValues.date($0) }) else {
      return .text(bytes.string)
    }
    return .number(date.serial, date.hasTime ? .dateTime : .date)
  }

  /// An `office:time-value` as a day fraction (a time of day below one day, else a
  /// duration); its text when it is not a duration.
  private static func time(_ bytes: XMLBytes) -> CellValue {
    guard let days = bytes.withUnsafeBytes({ ODSValues.duration($0) }) else {
      return .text(bytes.string)
    }
    return .number(days, days >= 0 && days < 1 ? .time : .duration)
  }

  private static func valueType(_ v: XMLBytes) -> ValueType {
    switch v.first {
    case UInt8(ascii: "f"): return v.equals("float") ? .float : .other
    case UInt8(ascii: "s"): return v.equals("string") ? .string : .other
    case UInt8(ascii: "p"): return v.equals("percentage") ? .percentage : .other
    case UInt8(ascii: "c"): return v.equals("currency") ? .currency : .other
    case UInt8(ascii: "d"): return v.equals("date") ? .date : .other
    case UInt8(ascii: "t"): return v.equals("time") ? .time : .other
    case UInt8(ascii: "b"): return v.equals("boolean") ? .boolean : .other
    default: return .other
    }
  }

  private func startInsideCell(_ name: XMLName, namespace: XMLName, attributes: XMLAttributes)
    throws(SpreadsheetError)
  {
    if namespace == nsText {
      guard wantText else { return }
      if name == eParagraph || name == eHeading {
        if paragraphs > 0 { text.append(0x0A) }
        paragraphs += 1
        paragraphDepth += 1
      } else if name == eSpace {
        var count = 1
        if let c = attributes.value(aSpaceCount, namespace: nsText), let n = c.integer { count = n }
        guard count <= maxTextBytes - text.count else { throw textTooLong() }
        text.append(contentsOf: repeatElement(0x20, count: count))
      } else if name == eTab {
        text.append(0x09)
      } else if name == eLineBreak {
        text.append(0x0A)
      }
    } else if namespace == nsDrawing || namespace == nsTable
      || (namespace == nsOffice && name == eAnnotation)
    {
      if namespace == nsOffice { sheetDrops.insert(.comment) } else if namespace == nsDrawing { sheetDrops.insert(.drawing) }
      skipDepth = 1
    }
  }

  private func endCell() throws(SpreadsheetError) {
    inCell = false
    if wantText {
      if isError {
        // An error whose paragraph is empty has no cached value to show.
        value = text.isEmpty ? nil : .error(String(decoding: text, as: UTF8.self))
      } else if !text.isEmpty {
        value = .text(String(decoding: text, as: UTF8.self))
      } else if valueType == .string && formula != nil {
        value = .text("")  // a formula whose cached result is the empty string
      }
    }
    let repeats = columnRepeat
    var empty = value == nil && formula == nil
    if case .text(let s)? = value, s.isEmpty, formula == nil { empty = true }
    let spanned = columnsSpanned > 1 || rowsSpanned > 1
    if empty {
      // A styled empty cell (a border, a fill), kept for the writers when not repeated far.
      if keepsBlanks, style != 0, rowRepeat == 1, repeats <= 64, row < Self.maxRows, blanks.count < Sheet.maxBlanks,
        repeats <= Self.maxColumns - column
      {
        for k in 0..<repeats {
          blanks.append(Cell(reference: CellReference(row: Int32(row), column: Int32(column + k)), value: nil, style: style))
        }
      }
      if spanned { try addMerges(repeats) }
      column = repeats >= Self.maxColumns - column ? Self.maxColumns : column + repeats
      return
    }
    guard row < Self.maxRows, repeats <= Self.maxColumns - column else {
      throw SpreadsheetError(
        .workbookLimit,
        .cellRepeatPastGrid(row: row + 1, column: column + 1, repeats: repeats),
        at: here)
    }
    try reserve(repeats)
    if case .text(let s)? = value { try reserveText(s.utf8.count, times: repeats) }
    let r = Int32(row)
    var array: CellRange?
    if matrixColumns > 0 || matrixRows > 0 {
      let lastColumn = Int32(min(column + max(matrixColumns, 1) - 1, Self.maxColumns - 1))
      let lastRow = Int32(min(row + max(matrixRows, 1) - 1, Self.maxRows - 1))
      array = CellRange(start: CellReference(row: r, column: Int32(column)), end: CellReference(row: lastRow, column: lastColumn))
    }
    let f = formula.map { CellFormula(text: $0, dialect: .odf, arrayRange: array) }
    for k in 0..<repeats {
      let reference = CellReference(row: r, column: Int32(column + k))
      cells.append(Cell(reference: reference, value: value, style: style))
      if let f {
        formulas.append((reference, f))
        if rowRepeat > 1 { rowFormulas.append((reference.column, f)) }
      }
    }
    if spanned { try addMerges(repeats) }
    column += repeats
  }

  /// Records the merged range a spanned cell starts, once per repetition, clipped to the grid.
  private func addMerges(_ repeats: Int) throws(SpreadsheetError) {
    guard row < Self.maxRows, column < Self.maxColumns else { return }
    let count = min(repeats, Self.maxColumns - column)
    try reserve(count)
    let lastRow = Int32(min(row + rowsSpanned - 1, Self.maxRows - 1))
    for k in 0..<count {
      let first = column + k
      let lastColumn = Int32(min(first + columnsSpanned - 1, Self.maxColumns - 1))
      merged.append(
        CellRange(
          start: CellReference(row: Int32(row), column: Int32(first)),
          end: CellReference(row: lastRow, column: lastColumn)))
    }
  }

  private func textTooLong() -> SpreadsheetError {
    SpreadsheetError(
      .xmlLimit,
      .cellTextTooLong(limitMiB: maxTextBytes / (1 << 20)),
      at: here)
  }

  // MARK: - Named ranges

  private func startNamedRange(_ attributes: XMLAttributes) {
    guard let name = attributes.value(aName, namespace: nsTable)?.string else { return }
    let target =
      attributes.value(aCellRangeAddress, namespace: nsTable)
      ?? attributes.value(aExpression, namespace: nsTable)
    guard let target else { return }
    definedNames.append(
      DefinedName(name: name, formula: target.string, sheetIndex: inTable ? sheets.count : nil))
  }
}
