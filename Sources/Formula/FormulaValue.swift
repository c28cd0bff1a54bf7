import Workbook

/// The value a formula computes: what a cell shows after recalculation.
///
/// Errors are their spreadsheet text (`#DIV/0!`, `#VALUE!`, `#REF!`, `#NAME?`, `#N/A`, and
/// ``FormulaValue/circularError`` for the cells of a circular reference).
public enum FormulaValue: Sendable, Equatable, CustomStringConvertible {
  /// A number (dates are serial days).
  case number(Double)
  /// A text.
  case text(String)
  /// A boolean.
  case bool(Bool)
  /// An error value, by its text.
  case error(String)
  /// Nothing: an empty cell.
  case blank

  /// The error text given to every cell of a circular reference.
  public static let circularError = "#CIRCULAR!"

  /// The value as a cell would hold it (blank is nil); numbers keep the kind given.
  public func cellValue(kind: NumberKind = .plain) -> CellValue? {
    switch self {
    case .number(let d): return .number(d, kind)
    case .text(let t): return .text(t)
    case .bool(let b): return .bool(b)
    case .error(let e): return .error(e)
    case .blank: return nil
    }
  }

  /// A cell's stored value as a formula value.
  public init(_ value: CellValue?) {
    switch value {
    case .number(let d, _)?: self = .number(d)
    case .text(let t)?: self = .text(t)
    case .bool(let b)?: self = .bool(b)
    case .error(let e)?: self = .error(e)
    case nil: self = .blank
    }
  }

  /// `12.5`, `"text"`, `TRUE`, `#N/A`, `(blank)`.
  public var description: String {
    switch self {
    case .number(let d): return FormulaPrinter.number(d)
    case .text(let t): return "\"" + t + "\""
    case .bool(let b): return b ? "TRUE" : "FALSE"
    case .error(let e): return e
    case .blank: return "(blank)"
    }
  }
}

/// What recalculating one formula cell gave: a value, or the reason it could not be computed.
public enum RecalculatedCell: Sendable, Equatable {
  /// The recomputed value.
  case value(FormulaValue)
  /// The engine cannot compute this cell; the reason names the function or construct
  /// (`function INDIRECT`, `structured reference`, `syntax: …`), never a silent 0.
  case unsupported(String)

  /// The value, or nil when unsupported.
  public var value: FormulaValue? {
    if case .value(let v) = self { return v }
    return nil
  }
}

/// A rectangle of cells on one sheet, by sheet index.
struct Area: Equatable, Sendable {
  var sheet: Int
  var range: CellRange
  var rows: Int { Int(range.end.row - range.start.row) + 1 }
  var columns: Int { Int(range.end.column - range.start.column) + 1 }
  var isSingleCell: Bool { range.start == range.end }
}

/// A rectangular array of scalar values, row-major.
struct Matrix: Sendable {
  var rows: Int
  var columns: Int
  var values: [Value]

  subscript(row: Int, column: Int) -> Value { values[row * columns + column] }
}

/// A value during evaluation: a scalar, an array, a reference, or a reason to give up.
enum Value: Sendable {
  case number(Double)
  case text(String)
  case bool(Bool)
  case error(String)
  case blank
  /// Propagates like an error, but is never caught by IFERROR or ISERROR.
  case unsupported(String)
  case array(Matrix)
  case reference(Area)

  init(_ value: CellValue?) { self.init(FormulaValue(value)) }

  init(_ value: FormulaValue) {
    switch value {
    case .number(let d): self = .number(d)
    case .text(let t): self = .text(t)
    case .bool(let b): self = .bool(b)
    case .error(let e): self = .error(e)
    case .blank: self = .blank
    }
  }

  /// Errors and unsupported values: what stops a computation.
  var isFailure: Bool {
    switch self {
    case .error, .unsupported: return true
    default: return false
    }
  }

  static let div0 = Value.error("#DIV/0!")
  static let valueError = Value.error("#VALUE!")
  static let refError = Value.error("#REF!")
  static let nameError = Value.error("#NAME?")
  static let na = Value.error("#N/A")
  static let num = Value.error("#NUM!")
}
