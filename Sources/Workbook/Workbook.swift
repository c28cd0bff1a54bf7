/// The file format a workbook was read from or is written as.
public enum SpreadsheetFormat: String, Sendable, Equatable {
  /// Office Open XML SpreadsheetML (.xlsx, .xlsm, .xltx, .xltm), transitional or Strict.
  case xlsx
  /// OpenDocument Spreadsheet (.ods, .ots).
  case ods

  /// The format an extension names, or nil (`xlsx`, `XLSM`, `ots`…).
  public init?(fileExtension: String) {
    switch fileExtension.lowercased() {
    case "xlsx", "xlsm", "xltx", "xltm": self = .xlsx
    case "ods", "ots": self = .ods
    default: return nil
    }
  }

  /// The format the extension of a path's last component names (`out/plan.XLSX` → xlsx), or nil
  /// (no extension, a dot-file, another extension).
  public init?(path: String) {
    let base = path.split(separator: "/").last.map(String.init) ?? path
    guard let dot = base.lastIndex(of: "."), dot != base.startIndex else { return nil }
    self.init(fileExtension: String(base[base.index(after: dot)...]))
  }

  /// Every extension Equilibre reads, lower-case, without the dot.
  public static let fileExtensions = ["xlsx", "xlsm", "xltx", "xltm", "ods", "ots"]
}

/// How serial numbers map to dates (ECMA-376 Part 1 §18.17.4.1).
public enum DateSystem: Int, Sendable, Equatable {
  /// Serial 1 is 1900-01-01, with Lotus's phantom 1900-02-29 (serial 60).
  case from1900 = 1900
  /// Serial 0 is 1904-01-01 (old Mac Excel; `date1904="1"`).
  case from1904 = 1904
}

/// What a number's format says it means; decides how it is shown and typed.
public enum NumberKind: UInt8, Sendable, Equatable {
  case plain
  case percentage
  case currency
  /// A date, maybe with a time of day (serial days).
  case date
  /// A date written with a time of day, even midnight (ODS `office:date-value="…T00:00:00"`):
  /// always shown as a date-time.
  case dateTime
  /// A time of day only (fraction of a day).
  case time
  /// An elapsed time such as `[h]:mm` (days, may exceed 1).
  case duration
}

/// A cell's stored value: a small closed set, the same whichever format it came from.
public enum CellValue: Sendable, Equatable {
  /// A number, with what its format says it is. Dates and times are serial days in the
  /// workbook's ``DateSystem``.
  case number(Double, NumberKind)
  case text(String)
  case bool(Bool)
  /// An error value such as `#DIV/0!`.
  case error(String)

  /// The number, for numbers (dates included).
  public var number: Double? {
    if case .number(let v, _) = self { return v }
    return nil
  }

  /// The text, for text.
  public var text: String? {
    if case .text(let s) = self { return s }
    return nil
  }
}

/// A formula as written in the file, in the dialect of its format.
public struct CellFormula: Sendable, Equatable {
  public enum Dialect: String, Sendable, Equatable {
    /// OOXML's A1 dialect, without the leading `=` (`SUM(B5:B9)`).
    case ooxml
    /// OpenFormula as ODF writes it, prefix included (`of:=SUM([.B5:.B9])`).
    case odf
  }
  public var text: String
  public var dialect: Dialect
  /// For an array formula, the range it fills.
  public var arrayRange: CellRange?

  public init(text: String, dialect: Dialect, arrayRange: CellRange? = nil) {
    self.text = text
    self.dialect = dialect
    self.arrayRange = arrayRange
  }
}

/// One non-empty cell.
public struct Cell: Sendable, Equatable {
  public var reference: CellReference
  /// The stored value; nil for a formula with no cached value.
  public var value: CellValue?
  /// Index into ``Workbook/styles``; 0 is the default style.
  public var style: Int32

  public init(reference: CellReference, value: CellValue?, style: Int32 = 0) {
    self.reference = reference
    self.value = value
    self.style = style
  }
}

/// A sheet's visibility, as the workbook declares it.
public enum SheetVisibility: String, Sendable, Equatable {
  case visible
  case hidden
  /// Hidden and not listed by the application's unhide dialog (OOXML `veryHidden`).
  case veryHidden = "veryhidden"
}

/// What a sheet holds.
public enum SheetKind: String, Sendable, Equatable {
  case worksheet
  /// A sheet that holds one chart and no cells.
  case chartsheet
  case dialogsheet
  case macrosheet
}

/// One sheet: its cells in row-major order, formulas, merged ranges.
public struct Sheet: Sendable, Equatable {
  public var name: String
  public var visibility: SheetVisibility
  public var kind: SheetKind
  /// Non-empty cells (a value, or a formula), sorted by row then column.
  public var cells: [Cell]
  /// Formulas by cell.
  public var formulas: [CellReference: CellFormula]
  public var merged: [CellRange]
  /// Column widths and hidden columns, in column order, runs that differ from the default only.
  public var columns: [ColumnFormat]
  /// Row heights and hidden rows, in row order, runs that differ from the default only.
  public var rows: [RowFormat]
  /// Empty cells that hold a style other than the default (a border, a fill), sorted like
  /// ``cells``, with no value: what a copy needs to draw a table's grid. Bounded: at most
  /// ``Sheet/maxBlanks`` per sheet, and ODS cells repeated over rows or many columns are not
  /// expanded.
  public var blanks: [Cell] = []
  /// The most styled empty cells kept per sheet.
  public static let maxBlanks = 200_000
  /// The width of the columns ``columns`` does not list, in points, when the sheet says.
  public var defaultColumnWidth: Double? = nil
  /// The height of the rows ``rows`` does not list, in points, when the sheet says.
  public var defaultRowHeight: Double? = nil
  /// Frozen panes: how many rows at the top and columns at the left stay in view when the rest
  /// scrolls (0 and 0: none). A split that is not frozen is not carried.
  public var frozenRows: Int32 = 0
  public var frozenColumns: Int32 = 0

  public init(
    name: String, visibility: SheetVisibility = .visible, kind: SheetKind = .worksheet,
    cells: [Cell] = [], formulas: [CellReference: CellFormula] = [:], merged: [CellRange] = [],
    columns: [ColumnFormat] = [], rows: [RowFormat] = []
  ) {
    self.name = name
    self.visibility = visibility
    self.kind = kind
    self.cells = cells
    self.formulas = formulas
    self.merged = merged
    self.columns = columns
    self.rows = rows
  }

  /// The cell at `reference`, or nil (binary search over the sorted cells).
  public func cell(at reference: CellReference) -> Cell? {
    var lo = 0
    var hi = cells.count
    while lo < hi {
      let mid = (lo + hi) / 2
      if cells[mid].reference < reference { lo = mid + 1 } else { hi = mid }
    }
    return lo < cells.count && cells[lo].reference == reference ? cells[lo] : nil
  }

  /// The smallest range holding every cell, or nil for an empty sheet.
  public var usedRange: CellRange? {
    guard let first = cells.first, let last = cells.last else { return nil }
    var minColumn = first.reference.column
    var maxColumn = first.reference.column
    for c in cells {
      minColumn = min(minColumn, c.reference.column)
      maxColumn = max(maxColumn, c.reference.column)
    }
    return CellRange(
      start: CellReference(row: first.reference.row, column: minColumn),
      end: CellReference(row: last.reference.row, column: maxColumn))
  }
}

/// A defined name: `Plan!$B$5:$B$9` under a name, for the workbook or one sheet.
public struct DefinedName: Sendable, Equatable {
  public var name: String
  /// The formula text it stands for, in the workbook's dialect.
  public var formula: String
  /// The index of the sheet it is local to, or nil for the whole workbook.
  public var sheetIndex: Int?

  public init(name: String, formula: String, sheetIndex: Int? = nil) {
    self.name = name
    self.formula = formula
    self.sheetIndex = sheetIndex
  }
}

/// A spreadsheet document, format-neutral: what the XLSX and ODS readers both produce.
public struct Workbook: Sendable, Equatable {
  public var format: SpreadsheetFormat
  /// The program that wrote the file, as it says (`Microsoft Excel 16.0300`, `LibreOffice/7.6…`).
  public var producer: String?
  public var dateSystem: DateSystem
  public var sheets: [Sheet]
  /// Cell styles; ``Cell/style`` indexes this array.
  public var styles: [CellStyle]
  public var definedNames: [DefinedName]
  /// What the file holds that the model does not carry (charts, images, macros, comments…),
  /// part by part, so that a writer can say what a copy leaves out.
  public var notCarried: [NotCarried]
  /// Excel tables, read from xlsx for the formulas that name them.
  public var tables: [TableDefinition] = []
  /// The index in ``sheets`` of the sheet shown when the file opens, when the file says.
  public var activeSheet: Int? = nil
  /// Where the reader found the parts of the file (nil for a workbook not read from one): what
  /// the patcher edits. Not part of the model, and left out of `==`.
  public internal(set) var package: PackageMap? = nil

  public init(
    format: SpreadsheetFormat, producer: String? = nil, dateSystem: DateSystem = .from1900,
    sheets: [Sheet] = [], styles: [CellStyle] = [.plain], definedNames: [DefinedName] = [],
    notCarried: [NotCarried] = []
  ) {
    self.format = format
    self.producer = producer
    self.dateSystem = dateSystem
    self.sheets = sheets
    self.styles = styles
    self.definedNames = definedNames
    self.notCarried = notCarried
  }

  /// The style of a cell (the plain style when the index is out of range).
  public func style(of cell: Cell) -> CellStyle {
    let i = Int(cell.style)
    return i >= 0 && i < styles.count ? styles[i] : .plain
  }

  /// The sheet with this name (exact match), or nil.
  public func sheet(named name: String) -> Sheet? { sheets.first { $0.name == name } }

  /// Equal models, wherever they were read from (``package`` is left out).
  public static func == (a: Workbook, b: Workbook) -> Bool {
    a.format == b.format && a.producer == b.producer && a.dateSystem == b.dateSystem
      && a.sheets == b.sheets && a.styles == b.styles && a.definedNames == b.definedNames
      && a.notCarried == b.notCarried && a.tables == b.tables && a.activeSheet == b.activeSheet
  }
}
