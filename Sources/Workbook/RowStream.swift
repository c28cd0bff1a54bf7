/// One batch of a sheet's rows: their cells and styled empty cells, sorted, the formulas of
/// those cells in cell order, and the row formats of those rows.
public struct RowBatch: Sendable {
  public var cells: [Cell]
  public var formulas: [(reference: CellReference, formula: CellFormula)]
  public var rowFormats: [RowFormat] = []

  public init(
    cells: [Cell], formulas: [(reference: CellReference, formula: CellFormula)], rowFormats: [RowFormat] = []
  ) {
    self.cells = cells
    self.formulas = formulas
    self.rowFormats = rowFormats
  }
}

/// Receives a workbook's rows while they are read, so that a conversion writes them meanwhile
/// (`convert` of a big .xlsx into .ods). Called on the reading thread, in this order: once
/// ``workbookBegins(_:)``; then for each sheet, in workbook order, ``sheetBegins(_:_:)`` (not for
/// a sheet without rows to read), ``rows(_:completeBelow:)`` some times, the last with nil, and
/// ``sheetEnds(_:_:inOrder:)``. Only the .xlsx reader calls it.
public protocol RowStreamObserver: AnyObject {
  /// What is known before any sheet: the sheets' names, the defined names, the styles and the
  /// date system (the workbook given has no sheet cells).
  func workbookBegins(_ workbook: Workbook)
  /// Sheet `index` starts: its name, visibility, kind, columns and default sizes (no cells yet,
  /// and its merged ranges, which follow its rows in the file, are not known).
  func sheetBegins(_ index: Int, _ header: Sheet)
  /// Rows of the sheet begun last: every cell and row format above `completeBelow` has come, in
  /// this batch or before; nil after the last row.
  func rows(_ batch: RowBatch, completeBelow: Int32?)
  /// Sheet `index` is read, whole. `inOrder` is false when its rows or cells came out of order
  /// (the batches handed over before that are then not the sheet's).
  func sheetEnds(_ index: Int, _ sheet: Sheet, inOrder: Bool)
}
