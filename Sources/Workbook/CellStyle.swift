/// A cell's formatting: what the checks read (number format, bold, indentation) and what a
/// faithful copy needs (font, fill, alignment, wrapping, borders).
///
/// Cells share styles through ``Workbook/styles``: a cell holds an index, never a style, so
/// reading a sheet allocates nothing per cell for its looks. Colours are six upper-case hex
/// digits, `RRGGBB` (`"FF0000"`); lengths are points.
public struct CellStyle: Sendable, Hashable {
  /// The number format code in OOXML's syntax (ECMA-376 Part 1 §18.8.31), `General` by default.
  public var numberFormat: String
  public var bold: Bool
  /// The indentation level (OOXML `indent`; ODS margin in steps of about 0.35 cm).
  public var indent: Int
  public var italic: Bool = false
  public var underline: Bool = false
  /// The font's colour, `RRGGBB`, or nil for the default (black).
  public var fontColor: String? = nil
  /// The font's size in points, or nil for the default.
  public var fontSize: Double? = nil
  /// The font's family name (`Calibri`, `Liberation Sans`), or nil for the default.
  public var fontName: String? = nil
  /// The background colour of a solid fill, `RRGGBB`, or nil for none.
  public var fill: String? = nil
  public var horizontalAlignment: HorizontalAlignment? = nil
  /// Whether text wraps inside the cell.
  public var wrap: Bool = false
  public var borders: CellBorders = CellBorders()

  public init(numberFormat: String = "General", bold: Bool = false, indent: Int = 0) {
    self.numberFormat = numberFormat
    self.bold = bold
    self.indent = indent
  }
  public static let plain = CellStyle()
}

/// Where text sits across a cell (OOXML `horizontal`, ODF `fo:text-align`).
public enum HorizontalAlignment: String, Sendable, Hashable {
  case left, center, right, justify
}

/// The four borders of a cell; nil is no line.
public struct CellBorders: Sendable, Hashable {
  public var left: BorderLine?
  public var right: BorderLine?
  public var top: BorderLine?
  public var bottom: BorderLine?

  public init(left: BorderLine? = nil, right: BorderLine? = nil, top: BorderLine? = nil, bottom: BorderLine? = nil) {
    self.left = left
    self.right = right
    self.top = top
    self.bottom = bottom
  }

  /// Whether no side has a line.
  public var isEmpty: Bool { left == nil && right == nil && top == nil && bottom == nil }
}

/// One border line: its weight and pattern, and its colour (`RRGGBB`, nil for black).
public struct BorderLine: Sendable, Hashable {
  /// OOXML's names (ECMA-376 Part 1 §18.18.3), the few both formats draw alike.
  public enum Style: String, Sendable, Hashable {
    case thin, medium, thick, dashed, dotted, double
  }
  public var style: Style
  public var color: String?

  public init(_ style: Style, color: String? = nil) {
    self.style = style
    self.color = color
  }
}

/// A run of columns with a width other than the default, or hidden. Zero-based, inclusive.
public struct ColumnFormat: Sendable, Equatable {
  public var first: Int32
  public var last: Int32
  /// The width in points, or nil for the default.
  public var width: Double?
  public var hidden: Bool

  public init(first: Int32, last: Int32, width: Double?, hidden: Bool = false) {
    self.first = first
    self.last = last
    self.width = width
    self.hidden = hidden
  }
}

/// A run of rows with a height other than the default, or hidden. Zero-based, inclusive.
public struct RowFormat: Sendable, Equatable {
  public var first: Int32
  public var last: Int32
  /// The height in points, or nil for the default.
  public var height: Double?
  public var hidden: Bool

  public init(first: Int32, last: Int32, height: Double?, hidden: Bool = false) {
    self.first = first
    self.last = last
    self.height = height
    self.hidden = hidden
  }
}

/// Something a workbook holds that the model does not carry, so a converted copy lacks it.
public struct NotCarried: Sendable, Equatable {
  public enum Kind: String, Sendable, Equatable {
    case chart, image, drawing, macro, pivotTable, conditionalFormat, dataValidation, comment
    case embeddedObject, externalLink, table
  }
  public var kind: Kind
  /// The part (`xl/charts/chart1.xml`) or, for what lives inside a sheet, the sheet's part.
  public var part: String
  /// The sheet, when known.
  public var sheet: String?

  public init(_ kind: Kind, part: String, sheet: String? = nil) {
    self.kind = kind
    self.part = part
    self.sheet = sheet
  }
}

/// An Excel table (ECMA-376 Part 1 §18.5, a `ListObject`): a named range whose columns formulas
/// name (`Articles[[#This Row],[Prix]]`). The model keeps it so that such references can be
/// written as plain ranges in ODF; the table itself (its banding, filter buttons) is not carried.
public struct TableDefinition: Sendable, Equatable {
  public var name: String
  public var sheetIndex: Int
  /// The whole table, header and totals rows included.
  public var range: CellRange
  public var columns: [String]
  public var headerRows: Int
  public var totalsRows: Int

  public init(name: String, sheetIndex: Int, range: CellRange, columns: [String], headerRows: Int, totalsRows: Int) {
    self.name = name
    self.sheetIndex = sheetIndex
    self.range = range
    self.columns = columns
    self.headerRows = headerRows
    self.totalsRows = totalsRows
  }
}
