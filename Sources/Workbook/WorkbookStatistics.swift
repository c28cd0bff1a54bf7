import Archive
import Diagnostics

/// What `equilibre info` tells about a sheet: how many cells, how many formulas, where.
public struct SheetStatistics: Sendable, Equatable {
  public var name: String
  public var visibility: SheetVisibility
  public var kind: SheetKind
  /// Non-empty cells (a value or a formula).
  public var cellCount: Int
  public var formulaCount: Int
  /// The smallest range holding every cell; nil for an empty sheet.
  public var usedRange: CellRange?

  public init(
    name: String, visibility: SheetVisibility, kind: SheetKind, cellCount: Int, formulaCount: Int,
    usedRange: CellRange?
  ) {
    self.name = name
    self.visibility = visibility
    self.kind = kind
    self.cellCount = cellCount
    self.formulaCount = formulaCount
    self.usedRange = usedRange
  }
}

/// A workbook described without keeping its cells: every cell is read and typed, then counted.
public struct WorkbookStatistics: Sendable, Equatable {
  public var format: SpreadsheetFormat
  public var producer: String?
  public var dateSystem: DateSystem
  public var sheets: [SheetStatistics]
}

extension Sheet {
  /// This sheet's counts and used range.
  public var statistics: SheetStatistics {
    SheetStatistics(
      name: name, visibility: visibility, kind: kind, cellCount: cells.count, formulaCount: formulas.count,
      usedRange: usedRange)
  }
}

/// Counts cells as a reader streams them, instead of keeping them.
struct CellTally {
  var count = 0
  var formulas = 0
  var minRow = Int32.max
  var maxRow = Int32.min
  var minColumn = Int32.max
  var maxColumn = Int32.min

  mutating func add(_ reference: CellReference, times: Int = 1) {
    count += times
    minRow = min(minRow, reference.row)
    maxRow = max(maxRow, reference.row)
    minColumn = min(minColumn, reference.column)
    maxColumn = max(maxColumn, reference.column)
  }

  var usedRange: CellRange? {
    count == 0
      ? nil
      : CellRange(
        start: CellReference(row: minRow, column: minColumn), end: CellReference(row: maxRow, column: maxColumn))
  }
}

extension WorkbookStatistics {
  /// Reads every cell of the workbook at `path` and counts them, without keeping them: the
  /// streaming path behind `equilibre info`, with the same errors as ``Workbook/init(contentsOf:options:)``.
  public init(contentsOf path: String, options: ReadOptions = .default) throws(SpreadsheetError) {
    let ext = path.split(separator: ".").last.map(String.init) ?? ""
    guard SpreadsheetFormat(fileExtension: ext) == .xlsx else {
      // Other formats are read whole, then counted.
      let workbook = try Workbook(contentsOf: path, options: options)
      self.init(
        format: workbook.format, producer: workbook.producer, dateSystem: workbook.dateSystem,
        sheets: workbook.sheets.map(\.statistics))
      return
    }
    do throws(SpreadsheetError) {
      let archive = try Archive(path: path, limits: options.archive)
      var tallies: [CellTally] = []
      let workbook = try XLSXReader.read(archive, options: options, tallies: &tallies)
      var sheets: [SheetStatistics] = []
      for (i, sheet) in workbook.sheets.enumerated() {
        let tally = i < tallies.count ? tallies[i] : CellTally()
        sheets.append(
          SheetStatistics(
            name: sheet.name, visibility: sheet.visibility, kind: sheet.kind, cellCount: tally.count,
            formulaCount: tally.formulas, usedRange: tally.usedRange))
      }
      self.init(format: .xlsx, producer: workbook.producer, dateSystem: workbook.dateSystem, sheets: sheets)
    } catch {
      throw error.adding(.init(file: path))
    }
  }
}
