import Formula
import Workbook

/// What a formula says a cell is, read from its parsed tree: the strongest evidence a sheet
/// gives about its structure (`docs/understanding.md`, "Signals").
enum FormulaShape: Equatable {
  /// A sum of cells and ranges of the formula's own sheet: `SUM(C5:C9)`, `C5+C7+C9`,
  /// `SUBTOTAL(9,C5:C9)`, `SUM(C6;C10;C11)`.
  case sum([CellRange])
  /// A product of two cells: `=B4*C4` (quantity × unit price, base × rate).
  case product(CellReference, CellReference)
  /// A cell times a constant: `=E4*0.8`, `=C20*20%`.
  case scaled(CellReference, Double)
  /// One cell minus another: `=G31-G32` (a result, a margin).
  case difference(CellReference, CellReference)
  /// Anything else: a constant expression, a lookup, a text concatenation.
  case other

  /// The shape of `formula`, on the sheet named `sheet`.
  static func of(_ formula: CellFormula, sheet: String) -> FormulaShape {
    guard let tree = try? FormulaParser.parse(formula) else { return .other }
    return of(tree.unwrapped, sheet: sheet)
  }

  static func of(_ e: FormulaExpression, sheet: String) -> FormulaShape {
    if let ranges = summed(e, sheet: sheet), !ranges.isEmpty { return .sum(ranges) }
    if case .binary(let op, let a, let b) = e {
      let l = a.unwrapped
      let r = b.unwrapped
      switch op {
      case .multiply:
        if let x = cell(l, sheet: sheet), let y = cell(r, sheet: sheet) { return .product(x, y) }
        if let x = cell(l, sheet: sheet), let k = constant(r) { return .scaled(x, k) }
        if let k = constant(l), let y = cell(r, sheet: sheet) { return .scaled(y, k) }
      case .divide:
        if let x = cell(l, sheet: sheet), let k = constant(r), k != 0 { return .scaled(x, 1 / k) }
      case .subtract:
        if let x = cell(l, sheet: sheet), let y = cell(r, sheet: sheet) { return .difference(x, y) }
      default: break
      }
    }
    return .other
  }

  /// Whether `formula` reads a cell of another sheet (`='Matériaux'!H3`, `[$Meubles.B15]`).
  static func readsOtherSheet(_ formula: CellFormula, sheet: String) -> Bool {
    mayReadOtherSheet(formula) && !sheetsRead(formula, sheet: sheet, first: true).isEmpty
  }

  /// Whether a formula calls SUBTOTAL or AGGREGATE (a byte scan of its text, any case).
  static func callsSubtotal(_ formula: CellFormula) -> Bool {
    let upper = formula.text.uppercased()
    return upper.contains("SUBTOTAL(") || upper.contains("AGGREGATE(")
  }

  /// Whether a formula's text may name another sheet: `!` in OOXML (`'2026'!B9`), a bracket not
  /// followed by a point in ODF (`['2026'.B9]`, `[$Feuille2.B3]`, not `[.B9]`). A byte scan,
  /// far cheaper than parsing.
  static func mayReadOtherSheet(_ formula: CellFormula) -> Bool {
    var previous: UInt8 = 0
    for byte in formula.text.utf8 {
      if byte == UInt8(ascii: "!") { return true }
      if previous == UInt8(ascii: "["), byte != UInt8(ascii: ".") { return true }
      previous = byte
    }
    return false
  }

  /// The other sheets of the workbook `formula` reads, in the formula's order (the first only
  /// when `first`).
  static func sheetsRead(_ formula: CellFormula, sheet: String, first: Bool = false) -> [String] {
    guard let tree = try? FormulaParser.parse(formula) else { return [] }
    var out: [String] = []
    // A work list, not recursion: `1+1+…+1` is a chain thousands deep.
    var pending = [tree]
    while let e = pending.popLast() {
      switch e {
      case .reference(let r):
        if r.workbook == nil, let other = r.sheet, other != sheet, !out.contains(other) {
          out.append(other)
          if first { return out }
        }
      case .function(_, let arguments): pending.append(contentsOf: arguments)
      case .prefix(_, let x), .percent(let x), .parenthesized(let x), .spaced(_, let x, _): pending.append(x)
      case .binary(_, let a, let b):
        pending.append(b)
        pending.append(a)
      default: break
      }
    }
    return out
  }

  /// The ranges a pure sum adds up, in the formula's order; nil when the expression is not
  /// one. A work list, not recursion: `1+1+…+1` is a chain thousands deep.
  static func summed(_ e: FormulaExpression, sheet: String) -> [CellRange]? {
    var out: [CellRange] = []
    var pending = [e]
    while let next = pending.popLast() {
      switch next.unwrapped {
      case .reference(let r):
        guard r.workbook == nil, r.lastSheet == nil, r.sheet == nil || r.sheet == sheet else { return nil }
        out.append(r.range)
      case .binary(.add, let a, let b):
        pending.append(b)
        pending.append(a)
      case .function(let name, let arguments):
        let upper = name.uppercased()
        var args = arguments
        if upper == "SUBTOTAL" || upper == "AGGREGATE" {
          // SUBTOTAL(9 or 109, …) sums; its other codes count, average…
          guard let code = args.first.flatMap(constant), code == 9 || code == 109 else { return nil }
          args.removeFirst()
        } else if upper != "SUM" {
          return nil
        }
        pending.append(contentsOf: args.reversed())
      default:
        return nil
      }
    }
    return out
  }

  static func cell(_ e: FormulaExpression, sheet: String) -> CellReference? {
    guard case .reference(let r) = e.unwrapped, r.end == nil, r.workbook == nil, r.sheet == nil || r.sheet == sheet,
      let row = r.start.row, let column = r.start.column
    else { return nil }
    return CellReference(row: row, column: column)
  }

  static func constant(_ e: FormulaExpression) -> Double? {
    switch e.unwrapped {
    case .number(let v): return v
    case .percent(let inner): return constant(inner).map { $0 / 100 }
    case .prefix(.minus, let inner): return constant(inner).map { -$0 }
    default: return nil
    }
  }
}
