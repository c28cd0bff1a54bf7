import Workbook

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

extension Engine {
  /// The names of the functions the engine computes, upper-case, without `_xlfn.` prefixes.
  static let supportedFunctions: Set<String> = [
    "SUM", "SUMIF", "SUMIFS", "SUMPRODUCT", "PRODUCT", "ROUND", "ROUNDUP", "ROUNDDOWN", "INT",
    "TRUNC", "ABS", "MIN", "MAX", "AVERAGE", "COUNT", "COUNTA", "COUNTBLANK", "COUNTIF",
    "COUNTIFS", "AVERAGEIF", "AVERAGEIFS", "IF", "IFERROR", "IFNA", "AND", "OR", "NOT", "XOR",
    "TRUE", "FALSE", "ISBLANK", "ISNUMBER", "ISTEXT", "ISNONTEXT", "ISLOGICAL", "ISERROR",
    "ISERR", "ISNA", "ISREF", "ERROR.TYPE", "NA", "CONCATENATE", "CONCAT", "TEXT", "VLOOKUP",
    "HLOOKUP", "INDEX", "MATCH", "CHOOSE", "ROW", "COLUMN", "ROWS", "COLUMNS", "LEN", "LEFT",
    "RIGHT", "MID", "UPPER", "LOWER", "TRIM", "VALUE", "N", "T", "REPT", "EXACT", "SIGN", "SQRT",
    "POWER", "MOD", "EXP", "LN", "LOG", "LOG10", "PI", "DATE", "YEAR", "MONTH", "DAY", "HOUR",
    "MINUTE", "SECOND", "EOMONTH", "EDATE", "DATEDIF", "WEEKDAY", "MEDIAN", "SUBTOTAL",
    "CEILING", "FLOOR", "MROUND", "SUMSQ", "CODE", "CHAR", "INDIRECT", "OFFSET", "ADDRESS",
    "SHEET", "HYPERLINK", "TRANSPOSE",
  ]

  /// Functions whose value changes at each recalculation: never compared with a cache.
  static let volatileFunctions: Set<String> = ["RAND", "RANDBETWEEN", "NOW", "TODAY", "RANDARRAY"]

  /// The name a function is known by: upper-case, without the `_xlfn.`, `_xlws.` or
  /// `COM.MICROSOFT.` prefixes files add to newer functions, or ODF's `LEGACY.`.
  static func canonicalName(_ name: String) -> String {
    var upper = name.uppercased()
    if upper.hasPrefix("'"), upper.hasSuffix("'"), upper.count >= 2 {
      upper = String(upper.dropFirst().dropLast())
    }
    for prefix in ["_XLFN._XLWS.", "_XLFN.", "_XLWS.", "COM.MICROSOFT.", "ORG.OPENOFFICE.", "LEGACY."]
    where upper.hasPrefix(prefix) {
      upper.removeFirst(prefix.count)
    }
    return upper
  }

  func call(_ written: String, _ args: [FormulaExpression], _ ctx: Context) throws(Bail) -> Value {
    let name = Engine.canonicalName(written)
    switch name {
    case "SUM":
      var total = 0.0
      try forEachNumber(args, ctx, counting: false) { total += $0 }
      return number(total)
    case "SUMSQ":
      var total = 0.0
      try forEachNumber(args, ctx, counting: false) { total += $0 * $0 }
      return number(total)
    case "PRODUCT":
      var product = 1.0
      var any = false
      try forEachNumber(args, ctx, counting: false) {
        product *= $0
        any = true
      }
      return number(any ? product : 0)
    case "MIN", "MAX":
      var best: Double?
      let isMin = name == "MIN"
      try forEachNumber(args, ctx, counting: false) { d in
        if let b = best { best = isMin ? min(b, d) : max(b, d) } else { best = d }
      }
      return number(best ?? 0)
    case "AVERAGE":
      var total = 0.0
      var n = 0
      try forEachNumber(args, ctx, counting: false) {
        total += $0
        n += 1
      }
      return n == 0 ? .div0 : number(total / Double(n))
    case "MEDIAN":
      var all: [Double] = []
      try forEachNumber(args, ctx, counting: false) { all.append($0) }
      guard !all.isEmpty else { return .num }
      all.sort()
      return number(
        all.count % 2 == 1 ? all[all.count / 2] : (all[all.count / 2 - 1] + all[all.count / 2]) / 2)
    case "COUNT":
      var n = 0
      try forEachNumber(args, ctx, counting: true) { _ in n += 1 }
      return .number(Double(n))
    case "COUNTA":
      return .number(Double(try countNonBlank(args, ctx)))
    case "COUNTBLANK":
      try arity(args, 1, 1)
      guard case .reference(let area) = evaluate(args[0], ctx) else { return .valueError }
      var filled = 0
      forEachCell(area) { _, v in
        if case .text(let t) = v, t.isEmpty { return true }
        filled += 1
        return true
      }
      return .number(Double(area.rows * area.columns - filled))
    case "SUBTOTAL":
      try arity(args, 2, 255)
      let f = try integerArgument(args[0], ctx) % 100
      let rest = Array(args.dropFirst())
      // The other subtotals in its ranges are left out, so that nested groups are not counted
      // twice (ECMA-376 §18.17.7.330; LibreOffice and Excel alike).
      var numbers: [Double] = []
      try forEachNumber(rest, ctx, counting: f != 9 && f != 6, skippingSubtotals: true) { numbers.append($0) }
      switch f {
      case 1: return numbers.isEmpty ? .error("#DIV/0!") : number(numbers.reduce(0, +) / Double(numbers.count))
      case 2: return .number(Double(numbers.count))
      case 4: return number(numbers.max() ?? 0)
      case 5: return number(numbers.min() ?? 0)
      case 6: return number(numbers.isEmpty ? 0 : numbers.reduce(1, *))
      case 9: return number(numbers.reduce(0, +))
      default: break
      }
      switch f {
      case 1: return try call("AVERAGE", rest, ctx)
      case 2: return try call("COUNT", rest, ctx)
      case 3: return try call("COUNTA", rest, ctx)
      case 4: return try call("MAX", rest, ctx)
      case 5: return try call("MIN", rest, ctx)
      case 6: return try call("PRODUCT", rest, ctx)
      case 9: return try call("SUM", rest, ctx)
      default: return .unsupported("function SUBTOTAL(\(f))")
      }
    case "SUMPRODUCT":
      return try sumProduct(args, ctx)
    case "SUMIF", "AVERAGEIF":
      try arity(args, 2, 3)
      let criteria = try Criterion(scalarArgument(args[1], ctx), engine: self)
      guard case .reference(let range) = evaluate(args[0], ctx) else { return .valueError }
      var target = range
      if args.count == 3 {
        guard case .reference(let s) = evaluate(args[2], ctx) else { return .valueError }
        target = Area(
          sheet: s.sheet,
          range: CellRange(
            start: s.range.start,
            end: CellReference(
              row: s.range.start.row + range.range.end.row - range.range.start.row,
              column: s.range.start.column + range.range.end.column - range.range.start.column)))
      }
      return sumOfMatches(target, range, [], [criteria], average: name == "AVERAGEIF")
    case "SUMIFS", "AVERAGEIFS":
      guard args.count >= 3, args.count % 2 == 1 else { throw Bail(value: .valueError) }
      guard case .reference(let target) = evaluate(args[0], ctx) else { return .valueError }
      var areas: [Area] = []
      var criteria: [Criterion] = []
      for k in stride(from: 1, to: args.count, by: 2) {
        guard case .reference(let a) = evaluate(args[k], ctx) else { return .valueError }
        guard a.rows == target.rows, a.columns == target.columns else { return .valueError }
        areas.append(a)
        criteria.append(try Criterion(scalarArgument(args[k + 1], ctx), engine: self))
      }
      return sumOfMatches(
        target, areas[0], Array(areas.dropFirst()), criteria, average: name == "AVERAGEIFS")
    case "COUNTIF", "COUNTIFS":
      guard args.count >= 2, args.count % 2 == 0 else { throw Bail(value: .valueError) }
      var areas: [Area] = []
      var criteria: [Criterion] = []
      for k in stride(from: 0, to: args.count, by: 2) {
        guard case .reference(let a) = evaluate(args[k], ctx) else { return .valueError }
        if let first = areas.first, a.rows != first.rows || a.columns != first.columns {
          return .valueError
        }
        areas.append(a)
        criteria.append(try Criterion(scalarArgument(args[k + 1], ctx), engine: self))
      }
      var n = 0
      forEachMatch(areas[0], Array(areas.dropFirst()), criteria) { _, _ in n += 1 }
      return .number(Double(n))

    case "ROUND", "ROUNDUP", "ROUNDDOWN":
      try arity(args, 1, 2)
      let x = try numberArgument(args[0], ctx)
      let digits = args.count > 1 ? try numberArgument(args[1], ctx) : 0
      return number(
        Engine.round(
          x, Engine.clampedInteger(digits),
          name == "ROUND"
            ? .toNearestOrAwayFromZero : name == "ROUNDUP" ? .awayFromZero : .towardZero))
    case "TRUNC":
      try arity(args, 1, 2)
      let x = try numberArgument(args[0], ctx)
      let digits = args.count > 1 ? try numberArgument(args[1], ctx) : 0
      return number(Engine.round(x, Engine.clampedInteger(digits), .towardZero))
    case "INT": return try unary(args, ctx) { .number(floor($0)) }
    case "ABS": return try unary(args, ctx) { .number(abs($0)) }
    case "SIGN": return try unary(args, ctx) { .number($0 > 0 ? 1 : $0 < 0 ? -1 : 0) }
    case "SQRT": return try unary(args, ctx) { $0 < 0 ? .num : .number(sqrt($0)) }
    case "EXP": return try unary(args, ctx) { self.number(exp($0)) }
    case "LN": return try unary(args, ctx) { $0 <= 0 ? .num : .number(log($0)) }
    case "LOG10": return try unary(args, ctx) { $0 <= 0 ? .num : .number(log10($0)) }
    case "LOG":
      try arity(args, 1, 2)
      let x = try numberArgument(args[0], ctx)
      let base = args.count > 1 ? try numberArgument(args[1], ctx) : 10
      guard x > 0, base > 0, base != 1 else { return x > 0 && base == 1 ? .div0 : .num }
      return number(log(x) / log(base))
    case "PI":
      return .number(Double.pi)
    case "POWER":
      try arity(args, 2, 2)
      return apply(
        .power, .number(try numberArgument(args[0], ctx)), .number(try numberArgument(args[1], ctx))
      )
    case "MOD":
      try arity(args, 2, 2)
      let a = try numberArgument(args[0], ctx)
      let b = try numberArgument(args[1], ctx)
      guard b != 0 else { return .div0 }
      return number(a - b * floor(a / b))
    case "CEILING", "FLOOR", "MROUND":
      try arity(args, 1, name == "MROUND" ? 2 : 3)
      let x = try numberArgument(args[0], ctx)
      let step = args.count > 1 ? try numberArgument(args[1], ctx) : (x < 0 ? -1 : 1)
      // ODF's third argument: a non-zero mode rounds negative numbers away from zero
      // (CEILING) or toward zero (FLOOR) instead.
      let mode = args.count > 2 ? try numberArgument(args[2], ctx) : 0
      if step == 0 { return name == "FLOOR" ? .div0 : .number(0) }
      if x > 0 && step < 0 || name == "MROUND" && x * step < 0 { return .num }
      let q = Engine.roundSignificant(x / abs(step), 15)
      let n: Double
      switch name {
      case "CEILING":
        n =
          args.count > 2
          ? (x < 0 && mode != 0 ? floor(q) : ceil(q)) : (x < 0 && step < 0 ? -ceil(-q) : ceil(q))
      case "FLOOR":
        n =
          args.count > 2
          ? (x < 0 && mode != 0 ? ceil(q) : floor(q)) : (x < 0 && step < 0 ? -floor(-q) : floor(q))
      default:
        n = q.rounded(.toNearestOrAwayFromZero)
      }
      return number(n * abs(step))

    case "IF":
      try arity(args, 1, 3)
      let condition = operand(evaluate(args[0], ctx), ctx)
      if case .array(let m) = condition {
        let then = args.count > 1 ? operand(evaluate(args[1], ctx), ctx) : .bool(true)
        let otherwise = args.count > 2 ? operand(evaluate(args[2], ctx), ctx) : .bool(false)
        let a = asMatrix(then)
        let b = asMatrix(otherwise)
        guard spend(m.values.count) else { return stepsExhausted }
        let values = (0..<m.values.count).map { k -> Value in
          let r = k / m.columns
          let c = k % m.columns
          switch toBool(m.values[k]) {
          case .success(let t): return t ? element(a, r, c) : element(b, r, c)
          case .failure(let e): return e.value
          }
        }
        return .array(Matrix(rows: m.rows, columns: m.columns, values: values))
      }
      let test = try unwrap(toBool(scalar(condition, ctx)))
      if test { return args.count > 1 ? evaluate(args[1], ctx) : .bool(true) }
      return args.count > 2 ? evaluate(args[2], ctx) : .bool(false)
    case "IFERROR", "IFNA":
      try arity(args, 2, 2)
      let v = operand(evaluate(args[0], ctx), ctx)
      let onlyNA = name == "IFNA"
      func caught(_ v: Value) -> Bool {
        guard case .error(let e) = v else { return false }
        return !onlyNA || e == "#N/A"
      }
      if case .array(let m) = v {
        let fallback = operand(evaluate(args[1], ctx), ctx)
        let f = asMatrix(fallback)
        guard spend(m.values.count) else { return stepsExhausted }
        let values = (0..<m.values.count).map { k in
          caught(m.values[k]) ? element(f, k / m.columns, k % m.columns) : m.values[k]
        }
        return .array(Matrix(rows: m.rows, columns: m.columns, values: values))
      }
      return caught(v) ? evaluate(args[1], ctx) : v
    case "AND", "OR", "XOR":
      var seen = false
      var result = name == "AND"
      var trues = 0
      try forEachLogical(args, ctx) { b in
        seen = true
        if b { trues += 1 }
        if name == "AND" { result = result && b } else { result = result || b }
      }
      guard seen else { return .valueError }
      return .bool(name == "XOR" ? trues % 2 == 1 : result)
    case "NOT":
      try arity(args, 1, 1)
      return .bool(!(try unwrap(toBool(scalarArgument(args[0], ctx)))))
    case "TRUE": return .bool(true)
    case "FALSE": return .bool(false)
    case "NA": return .na
    case "CHOOSE":
      try arity(args, 2, 255)
      let k = try integerArgument(args[0], ctx)
      guard k >= 1, k < args.count else { return .valueError }
      return evaluate(args[k], ctx)

    case "ISBLANK", "ISNUMBER", "ISTEXT", "ISNONTEXT", "ISLOGICAL", "ISERROR", "ISERR", "ISNA",
      "ISREF":
      try arity(args, 1, 1)
      let raw = evaluate(args[0], ctx)
      if name == "ISREF" {
        if case .reference = raw { return .bool(true) }
        return .bool(false)
      }
      let v = scalar(raw, ctx)
      if case .unsupported = v { return v }
      switch name {
      case "ISBLANK":
        if case .blank = v, case .reference = raw { return .bool(true) }
        return .bool(false)
      case "ISNUMBER":
        if case .number = v { return .bool(true) }
        return .bool(false)
      case "ISTEXT":
        if case .text = v { return .bool(true) }
        return .bool(false)
      case "ISNONTEXT":
        if case .text = v { return .bool(false) }
        return .bool(true)
      case "ISLOGICAL":
        if case .bool = v { return .bool(true) }
        return .bool(false)
      case "ISERROR":
        if case .error = v { return .bool(true) }
        return .bool(false)
      case "ISERR":
        if case .error(let e) = v { return .bool(e != "#N/A") }
        return .bool(false)
      default:
        if case .error(let e) = v { return .bool(e == "#N/A") }
        return .bool(false)
      }
    case "ERROR.TYPE":
      try arity(args, 1, 1)
      let v = scalar(evaluate(args[0], ctx), ctx)
      guard case .error(let e) = v else {
        if case .unsupported = v { return v }
        return .na
      }
      let codes = [
        "#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA",
      ]
      guard let k = codes.firstIndex(of: e) else { return .na }
      return .number(Double(k + 1))

    case "CONCATENATE", "CONCAT":
      var out = ""
      for a in args {
        let v = evaluate(a, ctx)
        if name == "CONCAT", case .reference(let area) = v {
          var failure: Value?
          forEachCell(area) { _, x in
            switch toText(x) {
            case .success(let t): out += t
            case .failure(let e):
              failure = e.value
              return false
            }
            return true
          }
          if let failure { return failure }
          continue
        }
        if name == "CONCAT", case .array(let m) = v {
          for x in m.values { out += try unwrap(toText(x)) }
          continue
        }
        out += try unwrap(toText(scalar(v, ctx)))
        guard Engine.withinTextLimit(out.utf8.count, out) else { return .valueError }
      }
      guard Engine.withinTextLimit(out.utf8.count, out) else { return .valueError }
      return .text(out)
    case "TEXT":
      try arity(args, 2, 2)
      let v = try scalarArgument(args[0], ctx)
      let format = try unwrap(toText(try scalarArgument(args[1], ctx)))
      if case .text(let t) = v, Engine.parseNumber(t) == nil { return .text(t) }
      let x = try unwrap(toNumber(v))
      if TextFormat.isDate(format), x < 0 || x >= Engine.maxSerial { return .valueError }
      return TextFormat.format(x, format, system: workbook.dateSystem).map(Value.text)
        ?? .unsupported("TEXT format «\(format)»")
    case "LEN":
      try arity(args, 1, 1)
      return .number(Double(try textArgument(args[0], ctx).utf16.count))
    case "LEFT", "RIGHT":
      try arity(args, 1, 2)
      let t = try textArgument(args[0], ctx)
      let n = args.count > 1 ? try integerArgument(args[1], ctx) : 1
      guard n >= 0 else { return .valueError }
      return .text(String(name == "LEFT" ? t.prefix(n) : t.suffix(n)))
    case "MID":
      try arity(args, 3, 3)
      let t = try textArgument(args[0], ctx)
      let start = try integerArgument(args[1], ctx)
      let n = try integerArgument(args[2], ctx)
      guard start >= 1, n >= 0 else { return .valueError }
      return .text(String(t.dropFirst(start - 1).prefix(n)))
    case "UPPER": return .text(try textArgument(args.first ?? .missing, ctx).uppercased())
    case "LOWER": return .text(try textArgument(args.first ?? .missing, ctx).lowercased())
    case "TRIM":
      try arity(args, 1, 1)
      return .text(try textArgument(args[0], ctx).split(separator: " ").joined(separator: " "))
    case "REPT":
      try arity(args, 2, 2)
      let t = try textArgument(args[0], ctx)
      let n = try integerArgument(args[1], ctx)
      guard n >= 0, t.utf8.count * n <= 32767 else { return .valueError }
      return .text(String(repeating: t, count: n))
    case "CODE":
      try arity(args, 1, 1)
      guard let first = try textArgument(args[0], ctx).unicodeScalars.first else {
        return .valueError
      }
      guard first.value < 0x80 || (first.value >= 0xA0 && first.value < 0x100) else {
        return .unsupported("function CODE of a character outside Latin-1")
      }
      return .number(Double(first.value))
    case "CHAR":
      try arity(args, 1, 1)
      let n = try integerArgument(args[0], ctx)
      guard n >= 1, n <= 255 else { return .valueError }
      guard n < 0x80 || n >= 0xA0, let scalar = Unicode.Scalar(UInt32(n)) else {
        return .unsupported("function CHAR of a Windows-1252 code")
      }
      return .text(String(Character(scalar)))
    case "EXACT":
      try arity(args, 2, 2)
      return .bool(try textArgument(args[0], ctx) == textArgument(args[1], ctx))
    case "VALUE":
      try arity(args, 1, 1)
      let v = try scalarArgument(args[0], ctx)
      if case .text(let t) = v { return Engine.parseNumber(t).map(Value.number) ?? .valueError }
      return .number(try unwrap(toNumber(v)))
    case "N":
      try arity(args, 1, 1)
      let v = try scalarArgument(args[0], ctx)
      switch v {
      case .number: return v
      case .bool(let b): return .number(b ? 1 : 0)
      default: return .number(0)
      }
    case "T":
      try arity(args, 1, 1)
      let v = try scalarArgument(args[0], ctx)
      if case .text = v { return v }
      return .text("")

    case "VLOOKUP", "HLOOKUP":
      return try lookup(args, ctx, vertical: name == "VLOOKUP")
    case "MATCH":
      return try match(args, ctx)
    case "INDEX":
      return try index(args, ctx)
    case "ROW", "COLUMN":
      if args.isEmpty {
        return .number(Double(name == "ROW" ? ctx.cell.row + 1 : ctx.cell.column + 1))
      }
      let v = evaluate(args[0], ctx)
      if v.isFailure { return v }
      guard case .reference(let area) = v else { return .valueError }
      return .number(Double(name == "ROW" ? area.range.start.row + 1 : area.range.start.column + 1))
    case "INDIRECT":
      try arity(args, 1, 2)
      let text = try textArgument(args[0], ctx)
      if args.count > 1, !(try unwrap(toBool(scalarArgument(args[1], ctx)))) {
        return .unsupported("function INDIRECT with R1C1 text")
      }
      var parsed = try? FormulaParser.parse(text, dialect: .ooxml, limits: limits)
      if parsed == nil, workbook.format == .ods {
        parsed = try? FormulaParser.parse("[" + text + "]", dialect: .odf, limits: limits)
      }
      switch parsed?.unwrapped {
      case .reference(let r)?:
        guard r.workbook == nil, r.lastSheet == nil, let a = area(r, sheet: ctx.sheet) else {
          return .refError
        }
        return .reference(a)
      case .name(let n)?:
        guard let (expression, scope) = resolveName(n, sheet: ctx.sheet) else { return .refError }
        var inner = ctx
        inner.nameDepth += 1
        if let scope { inner.sheet = scope }
        guard inner.nameDepth < 16 else { return .refError }
        let v = evaluate(expression, inner)
        if case .reference = v { return v }
        return .refError
      default:
        return .refError
      }
    case "OFFSET":
      try arity(args, 3, 5)
      guard case .reference(let base) = evaluate(args[0], ctx) else { return .valueError }
      let dr = try integerArgument(args[1], ctx)
      let dc = try integerArgument(args[2], ctx)
      var height = base.rows
      var width = base.columns
      if args.count > 3, case .missing = args[3].unwrapped {
      } else if args.count > 3 {
        height = try integerArgument(args[3], ctx)
      }
      if args.count > 4, case .missing = args[4].unwrapped {
      } else if args.count > 4 {
        width = try integerArgument(args[4], ctx)
      }
      let top = Int(base.range.start.row) + dr
      let left = Int(base.range.start.column) + dc
      guard height >= 1, width >= 1, top >= 0, left >= 0,
        top + height <= Int(CellReference.maxRows),
        left + width <= Int(CellReference.maxColumns)
      else { return .refError }
      return .reference(
        Area(
          sheet: base.sheet,
          range: CellRange(
            start: CellReference(row: Int32(top), column: Int32(left)),
            end: CellReference(row: Int32(top + height - 1), column: Int32(left + width - 1)))))
    case "ADDRESS":
      try arity(args, 2, 5)
      let row = try integerArgument(args[0], ctx)
      let column = try integerArgument(args[1], ctx)
      let kind = args.count > 2 ? try integerArgument(args[2], ctx) : 1
      if args.count > 3, !(try unwrap(toBool(scalarArgument(args[3], ctx)))) {
        return .unsupported("function ADDRESS in R1C1 style")
      }
      guard row >= 1, row <= Int(CellReference.maxRows), column >= 1,
        column <= Int(CellReference.maxColumns),
        (1...4).contains(kind)
      else { return .valueError }
      let part = ReferencePart(
        column: Int32(column - 1), row: Int32(row - 1), columnAbsolute: kind == 1 || kind == 3,
        rowAbsolute: kind == 1 || kind == 2)
      var prefix = ""
      if args.count > 4 {
        let sheetName = try textArgument(args[4], ctx)
        // LibreOffice writes `Sheet.A1`, Excel `Sheet!A1`.
        prefix =
          workbook.format == .ods
          ? FormulaPrinter.odfSheet(sheetName) + "."
          : FormulaPrinter.ooxmlSheetPrefix(workbook: nil, sheet: sheetName, lastSheet: nil)
      }
      return .text(prefix + part.a1)
    case "SHEET":
      try arity(args, 0, 1)
      guard let a = args.first else { return .number(Double(ctx.sheet + 1)) }
      switch evaluate(a, ctx) {
      case .reference(let area): return .number(Double(area.sheet + 1))
      case .text(let name):
        return sheetNumbers[name.uppercased()].map { .number(Double($0 + 1)) } ?? .na
      case let v where v.isFailure: return v
      default: return .valueError
      }
    case "HYPERLINK":
      try arity(args, 1, 2)
      return try scalarArgument(args.count > 1 ? args[1] : args[0], ctx)
    case "TRANSPOSE":
      try arity(args, 1, 1)
      var arrayContext = ctx
      arrayContext.arrayMode = true
      let m = asMatrix(operand(evaluate(args[0], arrayContext), arrayContext))
      guard spend(m.values.count) else { return stepsExhausted }
      var values: [Value] = []
      values.reserveCapacity(m.values.count)
      for c in 0..<m.columns { for r in 0..<m.rows { values.append(m[r, c]) } }
      return .array(Matrix(rows: m.columns, columns: m.rows, values: values))
    case "ROWS", "COLUMNS":
      try arity(args, 1, 1)
      switch evaluate(args[0], ctx) {
      case .reference(let area): return .number(Double(name == "ROWS" ? area.rows : area.columns))
      case .array(let m): return .number(Double(name == "ROWS" ? m.rows : m.columns))
      case let v where v.isFailure: return v
      default: return .number(1)
      }

    case "DATE":
      try arity(args, 3, 3)
      var y = try integerArgument(args[0], ctx)
      let m = try integerArgument(args[1], ctx)
      let d = try integerArgument(args[2], ctx)
      if y < 1900 { y += 1900 }
      guard (0...9999).contains(y), abs(m) < 1_000_000, abs(d) < 100_000_000 else { return .num }
      let serial = dateSerial(y, m, d)
      return serial >= 0 && serial < Engine.maxSerial ? .number(serial) : .num
    case "YEAR", "MONTH", "DAY", "HOUR", "MINUTE", "SECOND", "WEEKDAY":
      try arity(args, 1, name == "WEEKDAY" ? 2 : 1)
      let x = try dateArgument(args[0], ctx)
      let c = DateSerial.components(x, system: workbook.dateSystem)
      switch name {
      case "YEAR": return .number(Double(c.year))
      case "MONTH": return .number(Double(c.month))
      case "DAY": return .number(Double(c.day))
      case "HOUR": return .number(Double(c.hour))
      case "MINUTE": return .number(Double(c.minute))
      case "SECOND": return .number(Double(c.second))
      default:
        let type = args.count > 1 ? try integerArgument(args[1], ctx) : 1
        let weekday = Engine.weekday(x, system: workbook.dateSystem)  // 1 = Sunday
        switch type {
        case 1: return .number(Double(weekday))
        case 2: return .number(Double((weekday + 5) % 7 + 1))
        case 3: return .number(Double((weekday + 5) % 7))
        default: return .num
        }
      }
    case "EOMONTH", "EDATE":
      try arity(args, 2, 2)
      let x = try dateArgument(args[0], ctx)
      let months = try integerArgument(args[1], ctx)
      guard abs(months) < 120_000 else { return .num }
      let c = DateSerial.components(floor(x), system: workbook.dateSystem)
      if name == "EOMONTH" { return number(dateSerial(c.year, c.month + months + 1, 1) - 1) }
      let target = dateSerial(c.year, c.month + months, 1)
      let t = DateSerial.components(target, system: workbook.dateSystem)
      let last = DateSerial.components(
        dateSerial(t.year, t.month + 1, 1) - 1, system: workbook.dateSystem
      ).day
      return number(dateSerial(t.year, t.month, min(c.day, last)))
    case "DATEDIF":
      try arity(args, 3, 3)
      let a = floor(try dateArgument(args[0], ctx))
      let b = floor(try dateArgument(args[1], ctx))
      let unit = try textArgument(args[2], ctx).uppercased()
      guard a <= b else { return .num }
      let p = DateSerial.components(a, system: workbook.dateSystem)
      let q = DateSerial.components(b, system: workbook.dateSystem)
      var months = (q.year - p.year) * 12 + q.month - p.month
      if q.day < p.day { months -= 1 }
      switch unit {
      case "D": return .number(b - a)
      case "M": return .number(Double(months))
      case "Y": return .number(Double(months / 12))
      case "YM": return .number(Double(months % 12))
      case "MD":
        if q.day >= p.day { return .number(Double(q.day - p.day)) }
        return .number(b - dateSerial(q.year, q.month - 1, p.day))
      case "YD":
        var start = dateSerial(q.year, p.month, p.day)
        if start > b { start = dateSerial(q.year - 1, p.month, p.day) }
        return .number(b - start)
      default: return .num
      }
    default:
      if Engine.volatileFunctions.contains(name) {
        return .unsupported("volatile function \(name)")
      }
      return .unsupported("function \(name)")
    }
  }

  // MARK: Argument helpers

  func arity(_ args: [FormulaExpression], _ least: Int, _ most: Int) throws(Bail) {
    guard args.count >= least, args.count <= most else { throw Bail(value: .valueError) }
  }

  func unwrap<T>(_ r: Result<T, Bail>) throws(Bail) -> T {
    switch r {
    case .success(let v): return v
    case .failure(let b): throw b
    }
  }

  /// One value for a scalar parameter; errors and unsupported parts are thrown.
  func scalarArgument(_ e: FormulaExpression, _ ctx: Context) throws(Bail) -> Value {
    let v = scalar(evaluate(e, ctx), ctx)
    if v.isFailure { throw Bail(value: v) }
    return v
  }

  func numberArgument(_ e: FormulaExpression, _ ctx: Context) throws(Bail) -> Double {
    try unwrap(toNumber(scalarArgument(e, ctx)))
  }

  /// A whole number for a count, index or position, truncated toward zero; `#NUM!` past
  /// ±2³¹ (so no conversion can trap).
  func integerArgument(_ e: FormulaExpression, _ ctx: Context) throws(Bail) -> Int {
    let d = try numberArgument(e, ctx)
    guard d.isFinite, abs(d) < 2_147_483_648 else { throw Bail(value: .num) }
    return Int(d.rounded(.towardZero))
  }

  /// `d` truncated and clamped to ±1,000 (decimal places).
  static func clampedInteger(_ d: Double) -> Int {
    guard d.isFinite else { return 0 }
    return Int(max(-1000, min(1000, d.rounded(.towardZero))))
  }

  /// A date serial within what the calendar functions accept (years 1900–9999).
  func dateArgument(_ e: FormulaExpression, _ ctx: Context) throws(Bail) -> Double {
    let d = try numberArgument(e, ctx)
    guard d >= 0, d < Engine.maxSerial else { throw Bail(value: .num) }
    return d
  }

  /// The serial after 9999-12-31.
  static let maxSerial = 2_958_466.0

  func textArgument(_ e: FormulaExpression, _ ctx: Context) throws(Bail) -> String {
    try unwrap(toText(scalarArgument(e, ctx)))
  }

  func unary(_ args: [FormulaExpression], _ ctx: Context, _ f: (Double) -> Value) throws(Bail)
    -> Value
  {
    try arity(args, 1, 1)
    return f(try numberArgument(args[0], ctx))
  }

  /// The numbers of SUM-like arguments: in ranges and arrays only numbers count (text and
  /// booleans are skipped); typed directly, booleans and numeric text count too. Errors stop
  /// the walk, except for COUNT (`counting`), which skips them.
  func forEachNumber(
    _ args: [FormulaExpression], _ ctx: Context, counting: Bool, skippingSubtotals: Bool = false,
    _ body: (Double) -> Void
  ) throws(Bail) {
    for a in args {
      let v = evaluate(a, ctx)
      switch v {
      case .reference(let area):
        var failure: Value?
        forEachCell(area, skippingSubtotals: skippingSubtotals) { _, x in
          switch x {
          case .number(let d): body(d)
          case .unsupported: failure = x
          case .error: if !counting { failure = x }
          default: break
          }
          return failure == nil
        }
        if let failure { throw Bail(value: failure) }
      case .array(let m):
        for x in m.values {
          switch x {
          case .number(let d): body(d)
          case .unsupported: throw Bail(value: x)
          case .error: if !counting { throw Bail(value: x) }
          default: break
          }
        }
      case .number(let d): body(d)
      case .bool(let b): body(b ? 1 : 0)
      case .text(let t):
        if let d = Engine.parseNumber(t) {
          body(d)
        } else if !counting {
          throw Bail(value: .valueError)
        }
      case .blank:
        if !counting { body(0) }
      case .unsupported: throw Bail(value: v)
      case .error: if !counting { throw Bail(value: v) }
      }
    }
  }

  func countNonBlank(_ args: [FormulaExpression], _ ctx: Context) throws(Bail) -> Int {
    var n = 0
    for a in args {
      if case .missing = a.unwrapped { continue }
      let v = evaluate(a, ctx)
      switch v {
      case .reference(let area):
        var failure: Value?
        forEachCell(area) { _, x in
          if case .unsupported = x {
            failure = x
            return false
          }
          n += 1
          return true
        }
        if let failure { throw Bail(value: failure) }
      case .array(let m):
        for x in m.values {
          if case .blank = x { continue }
          n += 1
        }
      case .unsupported: throw Bail(value: v)
      default: n += 1
      }
    }
    return n
  }

  func forEachLogical(_ args: [FormulaExpression], _ ctx: Context, _ body: (Bool) -> Void)
    throws(Bail)
  {
    for a in args {
      let v = evaluate(a, ctx)
      switch v {
      case .reference(let area):
        var failure: Value?
        forEachCell(area) { _, x in
          switch x {
          case .number(let d): body(d != 0)
          case .bool(let b): body(b)
          case .error, .unsupported: failure = x
          default: break
          }
          return failure == nil
        }
        if let failure { throw Bail(value: failure) }
      case .array(let m):
        for x in m.values {
          switch x {
          case .number(let d): body(d != 0)
          case .bool(let b): body(b)
          case .error, .unsupported: throw Bail(value: x)
          default: break
          }
        }
      case .blank: continue
      default: body(try unwrap(toBool(v)))
      }
    }
  }

  func sumProduct(_ args: [FormulaExpression], _ ctx: Context) throws(Bail) -> Value {
    guard !args.isEmpty else { throw Bail(value: .valueError) }
    var arrayContext = ctx
    arrayContext.arrayMode = true
    var matrices: [Matrix] = []
    for a in args {
      let v = operand(evaluate(a, arrayContext), arrayContext)
      if case .unsupported = v { throw Bail(value: v) }
      let m = asMatrix(v)
      if let first = matrices.first, first.rows != m.rows || first.columns != m.columns {
        return .valueError
      }
      matrices.append(m)
    }
    var total = 0.0
    for k in 0..<matrices[0].values.count {
      var product = 1.0
      for m in matrices {
        switch m.values[k] {
        case .number(let d): product *= d
        case .error, .unsupported: throw Bail(value: m.values[k])
        default: product = 0
        }
      }
      total += product
    }
    return number(total)
  }

  /// The sum (or mean) of `target`'s numbers where every criterion holds over its area, as
  /// SUMIF(S) and AVERAGEIF(S) compute it; the first error met wins, and a mean of nothing is
  /// `#DIV/0!`.
  func sumOfMatches(_ target: Area, _ first: Area, _ others: [Area], _ criteria: [Criterion], average: Bool)
    -> Value
  {
    var total = 0.0
    var n = 0
    var failure: Value?
    forEachMatch(first, others, criteria) { dr, dc in
      let v = cellValue(
        target.sheet,
        CellReference(row: target.range.start.row + Int32(dr), column: target.range.start.column + Int32(dc)))
      switch v {
      case .number(let d):
        total += d
        n += 1
      case .error, .unsupported:
        failure = failure ?? v
      default: break
      }
    }
    if let failure { return failure }
    if average { return n == 0 ? .div0 : number(total / Double(n)) }
    return number(total)
  }

  /// Calls `body` with the offsets of the cells where every criterion holds over its area.
  func forEachMatch(
    _ first: Area, _ others: [Area], _ criteria: [Criterion], _ body: (Int, Int) -> Void
  ) {
    func rest(_ dr: Int, _ dc: Int) -> Bool {
      for (k, area) in others.enumerated() {
        let v = cellValue(
          area.sheet,
          CellReference(
            row: area.range.start.row + Int32(dr), column: area.range.start.column + Int32(dc)))
        if !criteria[k + 1].matches(v, engine: self) { return false }
      }
      return true
    }
    if criteria[0].matchesBlank {
      let a = clamped(first)
      for r in 0..<a.rows where !exhausted {
        for c in 0..<a.columns {
          let v = cellValue(
            a.sheet,
            CellReference(
              row: a.range.start.row + Int32(r), column: a.range.start.column + Int32(c)))
          if criteria[0].matches(v, engine: self), rest(r, c) { body(r, c) }
        }
      }
      return
    }
    forEachCell(first) { ref, v in
      let dr = Int(ref.row - first.range.start.row)
      let dc = Int(ref.column - first.range.start.column)
      if criteria[0].matches(v, engine: self), rest(dr, dc) { body(dr, dc) }
      return true
    }
  }

  // MARK: Lookups

  /// A table read cell by cell: an area or an array.
  struct Table {
    var rows: Int
    var columns: Int
    var at: (Int, Int) -> Value
  }

  func table(_ v: Value) -> Table? {
    switch v {
    case .reference(let area):
      let a = clamped(area)
      return Table(rows: a.rows, columns: a.columns) { r, c in
        self.cellValue(
          a.sheet,
          CellReference(row: a.range.start.row + Int32(r), column: a.range.start.column + Int32(c)))
      }
    case .array(let m):
      return Table(rows: m.rows, columns: m.columns) { r, c in m[r, c] }
    case .number, .text, .bool, .blank:
      return Table(rows: 1, columns: 1) { _, _ in v }
    default: return nil
    }
  }

  /// Whether a lookup key equals a value (text without case, `*` and `?` wildcards when
  /// asked); or orders before it.
  func lookupEquals(_ key: Value, _ v: Value, wildcards: Bool) -> Bool {
    if wildcards, case .text(let pattern) = key, case .text(let t) = v,
      pattern.contains(where: { $0 == "*" || $0 == "?" || $0 == "~" })
    {
      return Criterion.wildcardMatch(pattern.lowercased(), t.lowercased(), engine: self)
    }
    switch (key, v) {
    case (.number, .number), (.text, .text), (.bool, .bool): return compare(key, v) == 0
    default: return false
    }
  }

  /// The position found by an approximate lookup: the last value not above the key, among
  /// values of the key's type (data sorted ascending, as Excel's binary search assumes).
  func approximatePosition(_ key: Value, count: Int, _ at: (Int) -> Value) -> Int? {
    var found: Int?
    for k in 0..<count where !exhausted {
      let v = at(k)
      switch (key, v) {
      case (.number, .number), (.text, .text), (.bool, .bool):
        if compare(v, key) <= 0 { found = k } else { return found }
      default: continue
      }
    }
    return found
  }

  func lookup(_ args: [FormulaExpression], _ ctx: Context, vertical: Bool) throws(Bail) -> Value {
    try arity(args, 3, 4)
    let key = try scalarArgument(args[0], ctx)
    let tableValue = evaluate(args[1], ctx)
    if tableValue.isFailure { return tableValue }
    guard let t = table(tableValue) else { return .valueError }
    let index = try integerArgument(args[2], ctx)
    var exact = false
    if args.count > 3 {
      if case .missing = args[3].unwrapped {
        exact = true
      } else {
        exact = !(try unwrap(toBool(scalarArgument(args[3], ctx))))
      }
    }
    let count = vertical ? t.rows : t.columns
    let width = vertical ? t.columns : t.rows
    guard index >= 1 else { return .valueError }
    guard index <= width else { return .refError }
    let keyAt: (Int) -> Value = { k in vertical ? t.at(k, 0) : t.at(0, k) }
    var position: Int?
    if exact {
      for k in 0..<count {
        let v = keyAt(k)
        if case .unsupported = v { return v }
        if lookupEquals(key, v, wildcards: true) {
          position = k
          break
        }
      }
    } else {
      position = approximatePosition(key, count: count, keyAt)
    }
    guard let p = position else { return .na }
    let v = vertical ? t.at(p, index - 1) : t.at(index - 1, p)
    return v
  }

  func match(_ args: [FormulaExpression], _ ctx: Context) throws(Bail) -> Value {
    try arity(args, 2, 3)
    let key = try scalarArgument(args[0], ctx)
    let tableValue = evaluate(args[1], ctx)
    if tableValue.isFailure { return tableValue }
    guard let t = table(tableValue) else { return .valueError }
    guard t.rows == 1 || t.columns == 1 else { return .na }
    let type = args.count > 2 ? try integerArgument(args[2], ctx) : 1
    let count = t.rows == 1 ? t.columns : t.rows
    let at: (Int) -> Value = { k in t.rows == 1 ? t.at(0, k) : t.at(k, 0) }
    if type == 0 {
      for k in 0..<count where !exhausted && lookupEquals(key, at(k), wildcards: true) {
        return .number(Double(k + 1))
      }
      return .na
    }
    if type > 0 {
      return approximatePosition(key, count: count, at).map { .number(Double($0 + 1)) } ?? .na
    }
    var found: Int?
    for k in 0..<count where !exhausted {
      let v = at(k)
      switch (key, v) {
      case (.number, .number), (.text, .text), (.bool, .bool):
        if compare(v, key) >= 0 {
          found = k
        } else {
          return found.map { .number(Double($0 + 1)) } ?? .na
        }
      default: continue
      }
    }
    return found.map { .number(Double($0 + 1)) } ?? .na
  }

  func index(_ args: [FormulaExpression], _ ctx: Context) throws(Bail) -> Value {
    try arity(args, 2, 4)
    let source = evaluate(args[0], ctx)
    if source.isFailure { return source }
    if args.count == 4 { return .unsupported("function INDEX with an area number") }
    var row = try integerArgument(args[1], ctx)
    var column = args.count > 2 ? try integerArgument(args[2], ctx) : 0
    switch source {
    case .reference(let area):
      if args.count == 2, area.rows == 1 {
        column = row
        row = 1
      }
      guard row >= 0, column >= 0, row <= area.rows, column <= area.columns else {
        return .refError
      }
      let r = area.range
      let top = row == 0 ? r.start.row : r.start.row + Int32(row - 1)
      let bottom = row == 0 ? r.end.row : top
      let left = column == 0 ? r.start.column : r.start.column + Int32(column - 1)
      let right = column == 0 ? r.end.column : left
      return .reference(
        Area(
          sheet: area.sheet,
          range: CellRange(
            start: CellReference(row: top, column: left),
            end: CellReference(row: bottom, column: right))))
    case .array(let m):
      if args.count == 2, m.rows == 1 {
        column = row
        row = 1
      }
      guard row >= 1, column >= 1 || m.columns == 1, row <= m.rows, column <= m.columns else {
        return .refError
      }
      return m[row - 1, max(column, 1) - 1]
    default:
      return row <= 1 && column <= 1 ? source : .refError
    }
  }

  // MARK: Dates

  /// The serial of a date, months and days past their range carried over (DATE's rules).
  func dateSerial(_ year: Int, _ month: Int, _ day: Int) -> Double {
    let m0 = month - 1
    let y = year + (m0 >= 0 ? m0 / 12 : (m0 - 11) / 12)
    let m = ((m0 % 12) + 12) % 12 + 1
    return DateSerial.serial(year: y, month: m, day: 1, system: workbook.dateSystem)
      + Double(day - 1)
  }

  /// The day of the week of a serial, 1 for Sunday.
  static func weekday(_ serial: Double, system: DateSystem) -> Int {
    let days = Int(floor(serial)) + (system == .from1904 ? 1462 : 0)
    // Serial 1 (1900-01-01) was a Sunday in Excel's reckoning.
    return ((days - 1) % 7 + 7) % 7 + 1
  }

  /// `x` rounded to `digits` decimals (negative: tens, hundreds…), after bringing it to 15
  /// significant digits so that 2.675 rounds to 2.68 as Excel shows it.
  static func round(_ x: Double, _ digits: Int, _ rule: FloatingPointRoundingRule) -> Double {
    guard x.isFinite, digits > -309, digits < 309 else { return x }
    let f = pow(10, Double(abs(digits)))
    let scaled = digits >= 0 ? x * f : x / f
    guard scaled.isFinite, abs(scaled) < 1e300 else { return x }
    let r = roundSignificant(scaled, 15).rounded(rule)
    return digits >= 0 ? r / f : r * f
  }
}

/// A SUMIF / COUNTIF criterion: `5`, `">=10"`, `"<>"`, `"abc*"`, `""`.
struct Criterion {
  enum Operation { case equal, notEqual, less, lessOrEqual, greater, greaterOrEqual }
  var operation: Operation
  var operand: Value
  var wildcard: Bool

  init(_ v: Value, engine: Engine) throws(Bail) {
    guard case .text(let t) = v else {
      operation = .equal
      operand = v
      wildcard = false
      return
    }
    var rest = Substring(t)
    operation = .equal
    for (prefix, op) in [
      ("<>", Operation.notEqual), (">=", .greaterOrEqual), ("<=", .lessOrEqual), ("<", .less),
      (">", .greater), ("=", .equal),
    ] where rest.hasPrefix(prefix) {
      operation = op
      rest = rest.dropFirst(prefix.count)
      break
    }
    let text = String(rest)
    if let d = Engine.parseNumber(text) {
      operand = .number(d)
      wildcard = false
    } else if text.uppercased() == "TRUE" || text.uppercased() == "FALSE" {
      operand = .bool(text.uppercased() == "TRUE")
      wildcard = false
    } else if let e = FormulaParser.errorLiterals.first(where: {
      String(decoding: $0, as: UTF8.self) == text.uppercased()
    }) {
      operand = .error(String(decoding: e, as: UTF8.self))
      wildcard = false
    } else {
      operand = text.isEmpty ? .blank : .text(text)
      wildcard = text.contains(where: { $0 == "*" || $0 == "?" || $0 == "~" })
    }
  }

  /// Whether empty cells can match (`""`, `"="`, `"<>x"`), so the walk must visit them.
  var matchesBlank: Bool {
    switch (operation, operand) {
    case (.equal, .blank): return true
    case (.notEqual, .blank): return false
    case (.notEqual, _): return true
    default: return false
    }
  }

  func matches(_ v: Value, engine: Engine) -> Bool {
    switch operand {
    case .blank:
      let isEmpty: Bool
      switch v {
      case .blank: isEmpty = true
      case .text(let t): isEmpty = t.isEmpty && operation == .equal
      default: isEmpty = false
      }
      return operation == .notEqual ? !isEmpty : isEmpty
    case .number(let d):
      guard case .number(let x) = v else { return operation == .notEqual }
      let c = engine.compare(.number(x), .number(d))
      return holds(c)
    case .text(let pattern):
      guard case .text(let t) = v else { return operation == .notEqual }
      if wildcard, operation == .equal || operation == .notEqual {
        let m = Criterion.wildcardMatch(pattern.lowercased(), t.lowercased(), engine: engine)
        return operation == .equal ? m : !m
      }
      return holds(engine.compare(.text(t), .text(pattern)))
    case .bool(let b):
      guard case .bool(let x) = v else { return operation == .notEqual }
      return holds(engine.compare(.bool(x), .bool(b)))
    case .error(let e):
      guard case .error(let x) = v else { return operation == .notEqual }
      return operation == .equal ? x == e : operation == .notEqual ? x != e : false
    default:
      return false
    }
  }

  func holds(_ c: Int) -> Bool {
    switch operation {
    case .equal: return c == 0
    case .notEqual: return c != 0
    case .less: return c < 0
    case .lessOrEqual: return c <= 0
    case .greater: return c > 0
    case .greaterOrEqual: return c >= 0
    }
  }

  /// `*` any run, `?` one character, `~` escapes the next; iterative, no backtracking blow-up.
  ///
  /// A pattern with stars may still try each character of the text once per character of the
  /// pattern: each try is a step of `engine`'s budget, and the match gives up (false, with the
  /// budget spent) when it runs out.
  static func wildcardMatch(_ pattern: String, _ text: String, engine: Engine) -> Bool {
    var p: [(Character, Bool)] = []  // (char, isLiteral)
    var escape = false
    for c in pattern {
      if escape {
        p.append((c, true))
        escape = false
      } else if c == "~" {
        escape = true
      } else {
        p.append((c, false))
      }
    }
    let t = Array(text)
    var pi = 0
    var ti = 0
    var star = -1
    var mark = 0
    var tries = 0
    defer { engine.spend(tries & 4095) }
    while ti < t.count {
      tries += 1
      if tries & 4095 == 0, !engine.spend(4096) { return false }
      if pi < p.count, !p[pi].1, p[pi].0 == "?" || (p[pi].0 != "*" && p[pi].0 == t[ti]) {
        pi += 1
        ti += 1
      } else if pi < p.count, p[pi].1, p[pi].0 == t[ti] {
        pi += 1
        ti += 1
      } else if pi < p.count, !p[pi].1, p[pi].0 == "*" {
        star = pi
        mark = ti
        pi += 1
      } else if star >= 0 {
        pi = star + 1
        mark += 1
        ti = mark
      } else {
        return false
      }
    }
    while pi < p.count, !p[pi].1, p[pi].0 == "*" { pi += 1 }
    return pi == p.count
  }
}
