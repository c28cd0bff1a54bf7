import Archive
import Diagnostics
import XMLStream

/// `content.xml` written sheet by sheet, and the package around it.
///
/// The tables go to the archive in pieces as they are written (a big content.xml is never held
/// whole); the head, whose automatic styles the tables name, is written after them and put
/// first. A sheet is written whole (``write(_:)``) or while it is read: ``begin(_:)`` once its
/// columns and merged ranges are known, ``feed(_:completeBelow:)`` for each batch of rows, then
/// ``end()``. Both give the same bytes.
public struct ODSDocumentWriter {
  private let context: ODSWriteContext
  private var styles: ODSCellStyles
  private var report = WorkbookWriter.Report()
  private let part = StreamedPart()
  private var body: XMLWriter
  private var columnStyles: [Double: Int] = [:]
  private var rowStyles: [Double: Int] = [:]
  private var current: SheetWriter?

  /// A writer for a workbook of these styles, date system, sheets and names (in ODF's dialect);
  /// `cellCount`, when known, sizes the first buffer.
  public init(
    styles: [CellStyle], dateSystem: DateSystem, sheetNames: [String], definedNames: [DefinedName],
    cellCount: Int? = nil
  ) {
    self.init(
      context: ODSWriteContext(styles: styles, dateSystem: dateSystem, sheetNames: sheetNames, definedNames: definedNames),
      cellCount: cellCount)
  }

  init(context: ODSWriteContext, cellCount: Int?) {
    self.context = context
    styles = ODSCellStyles(context.styles)
    let full = XMLWriter.spillSize + (256 << 10)
    body = XMLWriter(capacity: cellCount.map { min(full, max(4096, $0 * 112)) } ?? full)
  }

  /// Writes a whole sheet.
  public mutating func write(_ sheet: Sheet) {
    var writer = SheetWriter(sheet: sheet, context: context)
    writer.write(
      into: &body, styles: &styles, columnStyles: &columnStyles, rowStyles: &rowStyles, report: &report, part: part)
  }

  /// Starts a sheet: `sheet` gives its name, visibility, columns, default sizes and merged
  /// ranges; its cells and row formats come through ``feed(_:completeBelow:)``.
  public mutating func begin(_ sheet: Sheet) {
    let writer = SheetWriter(sheet: sheet, context: context)
    writer.begin(into: &body, columnStyles: &columnStyles)
    current = writer
  }

  /// Writes what `batch` decides; every cell and row format of the rows above `completeBelow`
  /// is in it or in the batches before; nil when the sheet has no more rows.
  public mutating func feed(_ batch: RowBatch, completeBelow: Int32?) {
    guard var writer = current else { return }
    current = nil
    writer.feed(
      batch, completeBelow: completeBelow, into: &body, styles: &styles, rowStyles: &rowStyles, report: &report,
      part: part)
    current = writer
  }

  /// Ends the sheet begun last (after its last ``feed(_:completeBelow:)``, with nil).
  public mutating func end() {
    current?.end(into: &body)
    current = nil
  }

  /// Writes the package: `workbook` is the one written, for its view (the active sheet, frozen
  /// panes); its cells are not read again.
  public mutating func finish(_ workbook: Workbook, to archive: ArchiveWriter) throws(SpreadsheetError)
    -> WorkbookWriter.Report
  {
    ODSWriter.writeNamedExpressions(context, sheet: nil, into: &body)
    body.raw("</office:spreadsheet></office:body></office:document-content>")
    report.droppedCharacters += body.droppedCharacters
    part.write(body.take())

    var head = XMLWriter(capacity: 16384)
    head.declaration()
    head.raw("<office:document-content")
    ODSWriter.namespaces(&head)
    head.raw(" office:version=\"1.3\">")
    styles.fontFaces(&head)
    head.raw("<office:automatic-styles>")
    for (width, i) in columnStyles.sorted(by: { $0.value < $1.value }) {
      head.raw("<style:style style:name=\"co")
      head.integer(i)
      head.raw("\" style:family=\"table-column\"><style:table-column-properties fo:break-before=\"auto\"")
      head.attribute("style:column-width", ODSWriter.length(width))
      head.raw("/></style:style>")
    }
    for (height, i) in rowStyles.sorted(by: { $0.value < $1.value }) {
      head.raw("<style:style style:name=\"ro")
      head.integer(i)
      head.raw("\" style:family=\"table-row\"><style:table-row-properties")
      head.attribute("style:row-height", ODSWriter.length(height))
      head.raw(" fo:break-before=\"auto\" style:use-optimal-row-height=\"false\"/></style:style>")
    }
    head.raw("<style:style style:name=\"ta1\" style:family=\"table\" style:master-page-name=\"Default\"><style:table-properties table:display=\"true\" style:writing-mode=\"lr-tb\"/></style:style>")
    head.raw("<style:style style:name=\"ta2\" style:family=\"table\" style:master-page-name=\"Default\"><style:table-properties table:display=\"false\" style:writing-mode=\"lr-tb\"/></style:style>")
    styles.automaticStyles(&head)
    head.raw("</office:automatic-styles><office:body><office:spreadsheet>")
    report.droppedCharacters += head.droppedCharacters

    try archive.add(ODSParts.mimetype, Array(ODSParts.spreadsheetMediaType.utf8), compressed: false)
    try archive.add(ODSParts.manifest, ODSWriter.manifest())
    try archive.add(ODSParts.meta, ODSWriter.meta())
    try archive.add(ODSParts.styles, ODSWriter.documentStyles(styles))
    try archive.add(ODSParts.settings, ODSWriter.settings(workbook))
    try archive.addPart(ODSParts.content, prefix: head.take(), streamed: part)
    return report
  }
}
