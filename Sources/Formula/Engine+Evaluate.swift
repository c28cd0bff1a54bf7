import Workbook

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A value that stops a computation (an error, or an unsupported part), thrown to unwind.
struct Bail: Error {
  let value: Value
}

extension Engine {
  /// Evaluates an expression to a value, which may still be a reference or an array; each node
  /// evaluated is a step.
  ///
  /// Evaluation recurses once per level of nesting, defined names and dynamic references
  /// included: past ``FormulaLimits/maxDepth`` × 4 levels it stops with a `formula.limit`.
  func evaluate(_ e: FormulaExpression, _ ctx: Context) -> Value {
    guard spend(1) else { return stepsExhausted }
    evaluationDepth += 1
    defer { evaluationDepth -= 1 }
    guard evaluationDepth <= limits.maxDepth * 4 else {
      return .unsupported(
        FormulaLimits.reason(
          "the evaluation nests deeper than \(limits.maxDepth * 4) levels",
          option: "--max-formula-depth"))
    }
    switch e {
    case .number(let d): return .number(d)
    case .text(let t): return .text(t)
    case .bool(let b): return .bool(b)
    case .error(let x): return .error(x)
    case .reference(let r):
      if r.workbook != nil { return .unsupported("external reference") }
      if r.lastSheet != nil { return .unsupported("3-D reference") }
      guard let a = area(r, sheet: ctx.sheet) else { return .refError }
      return .reference(a)
    case .name(let n):
      guard ctx.nameDepth < 16 else { return .unsupported("defined names nested too deeply") }
      nameExpansions += 1
      guard nameExpansions <= Engine.maxNameExpansions else {
        return .unsupported(
          "more than \(Engine.maxNameExpansions) defined-name expansions in one formula")
      }
      guard let (expression, scope) = resolveName(n, sheet: ctx.sheet) else {
        if n.hasPrefix("[") { return .unsupported("external reference") }
        return .nameError
      }
      var inner = ctx
      inner.nameDepth += 1
      if let scope { inner.sheet = scope }
      return evaluate(expression, inner)
    case .function(let name, let arguments):
      do {
        let v = try call(name, arguments, ctx)
        if case .text(let t) = v { spend(text: t) }
        return v
      } catch {
        return error.value
      }
    case .prefix(let op, let inner):
      let v = operand(evaluate(inner, ctx), ctx)
      return op == .minus ? map(v) { -$0 } : v
    case .percent(let inner):
      return map(operand(evaluate(inner, ctx), ctx)) { $0 / 100 }
    case .binary(let op, let l, let r):
      guard case .binary = l else { return binary(op, evaluate(l, ctx), r, ctx) }
      // Walk the left spine without recursion.
      var spine: [(BinaryOperator, FormulaExpression)] = []
      var node = e
      while case .binary(let o, let left, let right) = node {
        spine.append((o, right))
        node = left
      }
      var acc = evaluate(node, ctx)
      for (o, right) in spine.reversed() { acc = binary(o, acc, right, ctx) }
      return acc
    case .array(let rows):
      let columns = rows.map(\.count).max() ?? 0
      guard spend(rows.count * columns) else { return stepsExhausted }
      var values: [Value] = []
      values.reserveCapacity(rows.count * columns)
      for row in rows {
        for k in 0..<columns {
          values.append(k < row.count ? scalar(evaluate(row[k], ctx), ctx) : .na)
        }
      }
      return .array(Matrix(rows: rows.count, columns: columns, values: values))
    case .missing: return .blank
    case .parenthesized(let inner), .spaced(_, let inner, _): return evaluate(inner, ctx)
    case .opaque(let kind, _):
      return .unsupported(
        kind == .structuredReference ? "structured reference" : "ODF label reference")
    }
  }

  func binary(
    _ op: BinaryOperator, _ left: Value, _ rightExpression: FormulaExpression, _ ctx: Context
  ) -> Value {
    let right = evaluate(rightExpression, ctx)
    if op == .range {
      guard case .reference(let a) = left, case .reference(let b) = right else {
        if left.isFailure { return left }
        if right.isFailure { return right }
        return .valueError
      }
      guard a.sheet == b.sheet else { return .valueError }
      return .reference(Area(sheet: a.sheet, range: bounding(a.range, b.range)))
    }
    return apply(op, operand(left, ctx), operand(right, ctx))
  }

  // MARK: Conversions

  /// A value ready for an operator: a cell read, a range made an array (array mode) or
  /// intersected with the formula's row or column.
  func operand(_ v: Value, _ ctx: Context) -> Value {
    guard case .reference(let area) = v else { return v }
    if area.isSingleCell { return cellValue(area.sheet, area.range.start) }
    if ctx.arrayMode { return matrix(area) }
    return intersection(area, ctx)
  }

  func intersection(_ area: Area, _ ctx: Context) -> Value {
    let r = area.range
    if r.start.column == r.end.column, ctx.cell.row >= r.start.row, ctx.cell.row <= r.end.row {
      return cellValue(area.sheet, CellReference(row: ctx.cell.row, column: r.start.column))
    }
    if r.start.row == r.end.row, ctx.cell.column >= r.start.column, ctx.cell.column <= r.end.column
    {
      return cellValue(area.sheet, CellReference(row: r.start.row, column: ctx.cell.column))
    }
    return .valueError
  }

  /// One value: a reference read (intersected), an array's first element.
  func scalar(_ v: Value, _ ctx: Context) -> Value {
    switch v {
    case .reference(let area):
      if area.isSingleCell { return cellValue(area.sheet, area.range.start) }
      if ctx.arrayMode {
        return cellValue(area.sheet, area.range.start)
      }
      return intersection(area, ctx)
    case .array(let m): return m.values.first ?? .valueError
    default: return v
    }
  }

  func map(_ v: Value, _ f: (Double) -> Double) -> Value {
    if case .array(let m) = v {
      guard spend(m.values.count) else { return stepsExhausted }
      return .array(Matrix(rows: m.rows, columns: m.columns, values: m.values.map { map($0, f) }))
    }
    switch toNumber(v) {
    case .success(let d): return number(f(d))
    case .failure(let b): return b.value
    }
  }

  func number(_ d: Double) -> Value { d.isFinite ? .number(d) : .num }

  func toNumber(_ v: Value) -> Result<Double, Bail> {
    switch v {
    case .number(let d): return .success(d)
    case .bool(let b): return .success(b ? 1 : 0)
    case .blank: return .success(0)
    case .text(let t):
      guard let d = Engine.parseNumber(t) else { return .failure(Bail(value: .valueError)) }
      return .success(d)
    case .error, .unsupported: return .failure(Bail(value: v))
    case .array(let m): return toNumber(m.values.first ?? .valueError)
    case .reference: return .failure(Bail(value: .valueError))
    }
  }

  /// A number written as text, as Excel converts it in arithmetic (`" 12.5 "`, `"-3e2"`, `"50%"`).
  static func parseNumber(_ text: String) -> Double? {
    var t = Substring(text)
    while let f = t.first, f == " " { t.removeFirst() }
    while let l = t.last, l == " " { t.removeLast() }
    var scale = 1.0
    if t.hasSuffix("%") {
      scale = 0.01
      t.removeLast()
    }
    guard !t.isEmpty,
      t.utf8.allSatisfy({
        ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2E || $0 == 0x2B || $0 == 0x2D || $0 | 0x20 == 0x65
      }),
      let d = Double(t)
    else { return nil }
    return d * scale
  }

  func toText(_ v: Value) -> Result<String, Bail> {
    switch v {
    case .text(let t): return .success(t)
    case .number(let d): return .success(Engine.generalText(d))
    case .bool(let b): return .success(b ? "TRUE" : "FALSE")
    case .blank: return .success("")
    case .error, .unsupported: return .failure(Bail(value: v))
    case .array(let m): return toText(m.values.first ?? .valueError)
    case .reference: return .failure(Bail(value: .valueError))
    }
  }

  func toBool(_ v: Value) -> Result<Bool, Bail> {
    switch v {
    case .bool(let b): return .success(b)
    case .number(let d): return .success(d != 0)
    case .blank: return .success(false)
    case .text(let t):
      switch t.uppercased() {
      case "TRUE": return .success(true)
      case "FALSE": return .success(false)
      default: return .failure(Bail(value: .valueError))
      }
    case .error, .unsupported: return .failure(Bail(value: v))
    case .array(let m): return toBool(m.values.first ?? .valueError)
    case .reference: return .failure(Bail(value: .valueError))
    }
  }

  /// A number as Excel's General format turns it into text: up to 15 significant digits.
  static func generalText(_ d: Double) -> String {
    if d == 0 { return "0" }
    if d == d.rounded(.towardZero), abs(d) < 1e15 { return String(Int64(d)) }
    let r = roundSignificant(d, 15)
    if r == r.rounded(.towardZero), abs(r) < 1e15 { return String(Int64(r)) }
    var t = String(r)
    if let e = t.firstIndex(of: "e") {
      let exponent = Int(t[t.index(after: e)...]) ?? 0
      let mantissa = String(t[..<e])
      if exponent < 0, exponent >= -9 {
        // Write small numbers out, as Excel does: 1e-05 → 0.00001.
        let digits = mantissa.filter { $0.isNumber }
        let sign = d < 0 ? "-" : ""
        t =
          sign + "0." + String(repeating: "0", count: -exponent - 1)
          + digits.trimmingTrailingZeros()
      } else {
        t = FormulaPrinter.number(r)
      }
    }
    return t
  }

  /// `x` rounded to `digits` significant digits.
  static func roundSignificant(_ x: Double, _ digits: Int) -> Double {
    guard x != 0, x.isFinite else { return x }
    let magnitude = Int(floor(log10(abs(x))))
    let power = digits - 1 - magnitude
    if power > 300 || power < -300 { return x }
    if power >= 0 {
      let f = pow(10, Double(power))
      let r = (x * f).rounded() / f
      return r.isFinite ? r : x
    }
    let f = pow(10, Double(-power))
    return (x / f).rounded() * f
  }

  /// Excel's limit on a text's length, in UTF-16 units.
  static let maxTextLength = 32_767

  /// Whether a text of `utf8Count` bytes is within ``maxTextLength`` (counted exactly only
  /// when the bytes alone do not settle it).
  static func withinTextLimit(_ utf8Count: Int, _ text: @autoclosure () -> String) -> Bool {
    if utf8Count <= maxTextLength { return true }
    if utf8Count > maxTextLength * 3 { return false }
    return text().utf16.count <= maxTextLength
  }

  // MARK: Operators

  func apply(_ op: BinaryOperator, _ a: Value, _ b: Value) -> Value {
    if case .array = a { return elementwise(op, a, b) }
    if case .array = b { return elementwise(op, a, b) }
    if a.isFailure { return a }
    if b.isFailure { return b }
    switch op {
    case .concatenate:
      switch (toText(a), toText(b)) {
      case (.success(let x), .success(let y)):
        guard Engine.withinTextLimit(x.utf8.count + y.utf8.count, x + y) else { return .valueError }
        let joined = x + y
        spend(text: joined)
        return .text(joined)
      case (.failure(let e), _), (_, .failure(let e)): return e.value
      }
    case .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual:
      let c = compare(a, b)
      switch op {
      case .equal: return .bool(c == 0)
      case .notEqual: return .bool(c != 0)
      case .less: return .bool(c < 0)
      case .lessOrEqual: return .bool(c <= 0)
      case .greater: return .bool(c > 0)
      default: return .bool(c >= 0)
      }
    default:
      let x: Double
      let y: Double
      switch toNumber(a) {
      case .success(let d): x = d
      case .failure(let e): return e.value
      }
      switch toNumber(b) {
      case .success(let d): y = d
      case .failure(let e): return e.value
      }
      switch op {
      case .add: return number(x + y)
      case .subtract: return number(x - y)
      case .multiply: return number(x * y)
      case .divide: return y == 0 ? .div0 : number(x / y)
      case .power:
        if x == 0 && y == 0 { return .num }
        if x == 0 && y < 0 { return .div0 }
        return number(pow(x, y))
      default: return .valueError
      }
    }
  }

  /// An operator over arrays, element by element; a single row or column is repeated to the
  /// other's size, and positions outside a smaller array give `#N/A`. The result's elements are
  /// paid for before it is allocated.
  func elementwise(_ op: BinaryOperator, _ a: Value, _ b: Value) -> Value {
    let ma = asMatrix(a)
    let mb = asMatrix(b)
    let rows = max(ma.rows, mb.rows)
    let columns = max(ma.columns, mb.columns)
    guard spend(rows * columns) else { return stepsExhausted }
    var values: [Value] = []
    values.reserveCapacity(rows * columns)
    for r in 0..<rows {
      for c in 0..<columns {
        values.append(apply(op, element(ma, r, c), element(mb, r, c)))
      }
    }
    return .array(Matrix(rows: rows, columns: columns, values: values))
  }

  func asMatrix(_ v: Value) -> Matrix {
    if case .array(let m) = v { return m }
    return Matrix(rows: 1, columns: 1, values: [v])
  }

  func element(_ m: Matrix, _ r: Int, _ c: Int) -> Value {
    let rr = m.rows == 1 ? 0 : r
    let cc = m.columns == 1 ? 0 : c
    guard rr < m.rows, cc < m.columns else { return .na }
    return m[rr, cc]
  }

  /// Spreadsheet ordering: numbers < text < booleans; blank is 0, `""` or FALSE against the
  /// other side; text compares without case (paid for by its length); numbers equal within 15
  /// significant digits.
  func compare(_ a: Value, _ b: Value) -> Int {
    func rank(_ v: Value) -> Int {
      switch v {
      case .number: return 0
      case .text: return 1
      case .bool: return 2
      default: return 3
      }
    }
    var x = a
    var y = b
    if booleansAreNumbers {
      if case .bool(let p) = x { x = .number(p ? 1 : 0) }
      if case .bool(let q) = y { y = .number(q ? 1 : 0) }
    }
    if case .blank = x {
      switch y {
      case .text: x = .text("")
      case .bool: x = .bool(false)
      default: x = .number(0)
      }
    }
    if case .blank = y {
      switch x {
      case .text: y = .text("")
      case .bool: y = .bool(false)
      default: y = .number(0)
      }
    }
    switch (x, y) {
    case (.number(let p), .number(let q)):
      if Engine.approximatelyEqual(p, q) { return 0 }
      return p < q ? -1 : 1
    case (.text(let p), .text(let q)):
      spend((p.utf8.count + q.utf8.count) >> 6)
      let l = p.lowercased()
      let m = q.lowercased()
      return l == m ? 0 : (l < m ? -1 : 1)
    case (.bool(let p), .bool(let q)):
      return p == q ? 0 : (!p ? -1 : 1)
    default:
      let d = rank(x) - rank(y)
      return d == 0 ? 0 : (d < 0 ? -1 : 1)
    }
  }

  static func approximatelyEqual(_ a: Double, _ b: Double) -> Bool {
    if a == b { return true }
    return abs(a - b) <= max(abs(a), abs(b)) * 1e-15 * 4
  }
}

extension String {
  func trimmingTrailingZeros() -> String {
    var s = Substring(self)
    while s.last == "0" { s.removeLast() }
    return String(s)
  }
}
