import Workbook

/// A formula parsed into a tree, the same whichever dialect it was written in.
///
/// OOXML's A1 dialect (`SUM('Plan 2023'!B5:B9)`, ECMA-376 Part 1 §18.17) and ODF's OpenFormula
/// dialect (`of:=SUM(['Plan 2023'.B5:.B9])`, ODF 1.3 Part 4) parse to the same tree. Spaces and
/// parentheses are kept (``spaced(_:_:_:)``, ``parenthesized(_:)``) so a formula prints back as it
/// was written; they mean nothing to the evaluator.
///
/// Example:
/// ```swift
/// let e = try FormulaParser.parse("SUM(B5:B9)*20%", dialect: .ooxml)
/// FormulaPrinter.print(e, dialect: .odf)  // "of:=SUM([.B5:.B9])*20%"
/// ```
public indirect enum FormulaExpression: Sendable, Equatable {
  /// A number literal (`12`, `1.5E-3`).
  case number(Double)
  /// A string literal, without its quotes.
  case text(String)
  /// `TRUE` or `FALSE`.
  case bool(Bool)
  /// An error literal such as `#DIV/0!` or `#N/A`.
  case error(String)
  /// A cell, range, whole-column or whole-row reference, maybe on another sheet.
  case reference(FormulaReference)
  /// A defined name (`TauxTVA`), resolved against the workbook when evaluated.
  case name(String)
  /// A function call; `name` is kept as written (`_xlfn.CONCAT`, `sum`).
  case function(name: String, arguments: [FormulaExpression])
  /// A prefix operator (`-A1`, `+A1`).
  case prefix(PrefixOperator, FormulaExpression)
  /// The postfix percent operator (`20%`, a division by 100).
  case percent(FormulaExpression)
  /// A binary operator.
  case binary(BinaryOperator, FormulaExpression, FormulaExpression)
  /// An array constant (`{1,2;3,4}`): rows of literals.
  case array([[FormulaExpression]])
  /// An argument left empty (`IF(A1,,2)`).
  case missing
  /// A parenthesized expression, kept to print it back as written.
  case parenthesized(FormulaExpression)
  /// An expression with the spaces written around it, kept to print it back as written.
  case spaced(String, FormulaExpression, String)
  /// A part the parser recognises but the model does not interpret: an Excel table's
  /// structured reference (`Table1[[#This Row],[Amount]]`) or an ODF label (`[head1]`). The
  /// text is kept verbatim for the dialect it came from.
  case opaque(kind: OpaqueKind, text: String)

  /// The same expression without the spaces and parentheses kept for printing.
  public var unwrapped: FormulaExpression {
    var e = self
    while true {
      switch e {
      case .parenthesized(let inner): e = inner
      case .spaced(_, let inner, _): e = inner
      default: return e
      }
    }
  }
}

/// What an ``FormulaExpression/opaque(kind:text:)`` part is.
public enum OpaqueKind: String, Sendable, Equatable {
  /// An Excel table reference (`Table1[Amount]`), OOXML only.
  case structuredReference
  /// A bracketed ODF part that is neither a cell nor a range (`[head1]`), ODF only.
  case odfLabel
}

/// A prefix operator.
public enum PrefixOperator: String, Sendable, Equatable {
  /// `+A1`: the value itself.
  case plus = "+"
  /// `-A1`: the negation (binds tighter than `^`: `-2^2` is 4).
  case minus = "-"
}

/// A binary operator, with its spelling (the same in both dialects).
public enum BinaryOperator: String, Sendable, Equatable, CaseIterable {
  /// `:` between two references or reference-valued functions (`A1:INDEX(…)`).
  case range = ":"
  /// `^`, left-associative as in Excel (`2^3^2` is 64).
  case power = "^"
  /// `*`.
  case multiply = "*"
  /// `/`; a zero divisor gives `#DIV/0!`.
  case divide = "/"
  /// `+`.
  case add = "+"
  /// `-`.
  case subtract = "-"
  /// `&`, text concatenation.
  case concatenate = "&"
  /// `=`, text compared without case.
  case equal = "="
  /// `<>`.
  case notEqual = "<>"
  /// `<`.
  case less = "<"
  /// `<=`.
  case lessOrEqual = "<="
  /// `>`.
  case greater = ">"
  /// `>=`.
  case greaterOrEqual = ">="

  /// Binding strength; higher binds tighter (Excel: `:` › `%` › `^` › `*/` › `+-` › `&` › comparisons).
  var precedence: Int {
    switch self {
    case .range: return 7
    case .power: return 5
    case .multiply, .divide: return 4
    case .add, .subtract: return 3
    case .concatenate: return 2
    case .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual: return 1
    }
  }
}

/// One end of a reference: a column and/or a row, each maybe `$`-anchored.
///
/// Zero-based like ``CellReference``. A whole-column reference has no row; a whole-row
/// reference has no column.
public struct ReferencePart: Sendable, Equatable {
  /// The zero-based column, or nil for a whole-row reference.
  public var column: Int32?
  /// The zero-based row, or nil for a whole-column reference.
  public var row: Int32?
  /// Whether the column is `$`-anchored.
  public var columnAbsolute: Bool
  /// Whether the row is `$`-anchored.
  public var rowAbsolute: Bool

  /// A part with the given coordinates and anchors.
  public init(column: Int32?, row: Int32?, columnAbsolute: Bool = false, rowAbsolute: Bool = false)
  {
    self.column = column
    self.row = row
    self.columnAbsolute = columnAbsolute
    self.rowAbsolute = rowAbsolute
  }

  /// The A1 text of this part (`$B7`, `C`, `$12`).
  public var a1: String {
    var s = ""
    if let column {
      if columnAbsolute { s += "$" }
      s += CellReference.columnName(column)
    }
    if let row {
      if rowAbsolute { s += "$" }
      s += String(row + 1)
    }
    return s
  }
}

/// A reference as written: an optional external workbook, an optional sheet (or 3-D sheet
/// span), and one part or two (a range).
public struct FormulaReference: Sendable, Equatable {
  /// The external workbook (`[1]` → `"1"`, `['file:///x.xlsx']` → `"'file:///x.xlsx'"`), as written.
  public var workbook: String?
  /// The sheet name, unquoted; nil for the formula's own sheet.
  public var sheet: String?
  /// The last sheet of a 3-D reference (`Sheet1:Sheet3!A1`), unquoted.
  public var lastSheet: String?
  /// The first (or only) corner.
  public var start: ReferencePart
  /// The other corner of a range, or nil for a single cell.
  public var end: ReferencePart?
  /// Whether the ODF form named the sheet with `$` (`[$Plan.A1]`); kept for printing.
  public var sheetAbsolute: Bool

  /// A reference to `start` (to `end` when given), on `sheet` or on the formula's own sheet.
  public init(
    workbook: String? = nil, sheet: String? = nil, lastSheet: String? = nil,
    start: ReferencePart, end: ReferencePart? = nil, sheetAbsolute: Bool = false
  ) {
    self.workbook = workbook
    self.sheet = sheet
    self.lastSheet = lastSheet
    self.start = start
    self.end = end
    self.sheetAbsolute = sheetAbsolute
  }

  /// The rectangle this reference covers, with whole rows and columns stretched to the grid.
  public var range: CellRange {
    let a = CellReference(row: start.row ?? 0, column: start.column ?? 0)
    let e = end ?? start
    let b = CellReference(
      row: e.row ?? (start.row == nil ? CellReference.maxRows - 1 : e.row ?? 0),
      column: e.column ?? (start.column == nil ? CellReference.maxColumns - 1 : e.column ?? 0))
    return CellRange(start: a, end: b)
  }
}
