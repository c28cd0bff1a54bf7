import Workbook

/// Where an expression is evaluated.
struct Context {
  var sheet: Int
  var cell: CellReference
  /// Ranges become arrays in operators (an array formula, or SUMPRODUCT's arguments).
  var arrayMode: Bool
  var nameDepth = 0
}

/// One sheet's cells with a row index for cheap lookups.
struct SheetIndex {
  var cells: [Cell]
  /// `rowStart[r]` is the index of the first cell at row `r` or later; `rowStart.count` is
  /// the last used row + 2.
  var rowStart: [Int32]
  /// For each cell, its formula node or -1.
  var slots: [Int32]
  var maxColumn: Int32

  /// The index of a sheet's cells, with an empty cell added for any formula a reader left
  /// without one.
  ///
  /// Without `indexingRows` (the step budget could not pay for ``rowCount(of:)`` rows), the
  /// row index stays empty: cells are found by a binary search over all of them, and the
  /// engine computes nothing anyway.
  init(_ sheet: Sheet, indexingRows: Bool = true) {
    self.init(cells: sheet.cells, indexingRows: indexingRows)
    var missing: [Cell] = []
    for ref in sheet.formulas.keys where index(of: ref) == nil {
      missing.append(Cell(reference: ref, value: nil))
    }
    if !missing.isEmpty {
      self.init(
        cells: (sheet.cells + missing).sorted { $0.reference < $1.reference },
        indexingRows: indexingRows)
    }
  }

  /// The rows the index of `sheet` spans: its last used row + 2 (steps and `Int32`s).
  static func rowCount(of sheet: Sheet) -> Int {
    let lastRow = sheet.cells.last.map { Int($0.reference.row) } ?? -1
    let lastFormulaRow = sheet.formulas.keys.map { Int($0.row) }.max() ?? -1
    return max(lastRow, lastFormulaRow) + 2
  }

  init(cells: [Cell], indexingRows: Bool = true) {
    self.cells = cells
    slots = [Int32](repeating: -1, count: cells.count)
    guard indexingRows else {
      rowStart = []
      maxColumn = 0
      return
    }
    let lastRow = cells.last.map { Int($0.reference.row) } ?? -1
    var rowStart = [Int32](repeating: 0, count: lastRow + 2)
    var maxColumn: Int32 = 0
    var r = 0
    for (i, c) in cells.enumerated() {
      let row = Int(c.reference.row)
      while r <= row {
        rowStart[r] = Int32(i)
        r += 1
      }
      if c.reference.column > maxColumn { maxColumn = c.reference.column }
    }
    while r < rowStart.count {
      rowStart[r] = Int32(cells.count)
      r += 1
    }
    self.rowStart = rowStart
    self.maxColumn = maxColumn
  }

  var lastRow: Int32 { Int32(rowStart.count) - 2 }

  /// The index of the cell at `ref`, or nil.
  @inline(__always) func index(of ref: CellReference) -> Int? {
    let r = Int(ref.row)
    guard r >= 0, r + 1 < rowStart.count else { return rowStart.isEmpty ? search(ref) : nil }
    var lo = Int(rowStart[r])
    var hi = Int(rowStart[r + 1])
    while lo < hi {
      let mid = (lo + hi) / 2
      if cells[mid].reference.column < ref.column { lo = mid + 1 } else { hi = mid }
    }
    return lo < Int(rowStart[r + 1]) && cells[lo].reference.column == ref.column ? lo : nil
  }

  /// The index of the cell at `ref` found without the row index, or nil.
  func search(_ ref: CellReference) -> Int? {
    var lo = 0
    var hi = cells.count
    while lo < hi {
      let mid = (lo + hi) / 2
      if cells[mid].reference < ref { lo = mid + 1 } else { hi = mid }
    }
    return lo < cells.count && cells[lo].reference == ref ? lo : nil
  }

  /// Calls `body` with the index of each non-empty cell in `range`, row by row; stops when
  /// `body` returns false.
  @inline(__always) func forEachIndex(in range: CellRange, _ body: (Int) -> Bool) {
    let lastRow = min(Int(range.end.row), rowStart.count - 2)
    var r = Int(range.start.row)
    while r <= lastRow {
      var lo = Int(rowStart[r])
      var hi = Int(rowStart[r + 1])
      let end = hi
      while lo < hi {
        let mid = (lo + hi) / 2
        if cells[mid].reference.column < range.start.column { lo = mid + 1 } else { hi = mid }
      }
      var k = lo
      while k < end, cells[k].reference.column <= range.end.column {
        if !body(k) { return }
        k += 1
      }
      r += 1
    }
  }
}

/// The state of one recalculation: sheets, formula nodes, computed values.
final class Engine {
  let workbook: Workbook
  var sheets: [SheetIndex]
  let sheetNumbers: [String: Int]
  /// Defined names by upper-cased name: the sheet scope (nil for the workbook) and the text.
  let names: [String: [(scope: Int?, formula: String)]]
  var nameCache: [String: FormulaExpression?] = [:]
  /// LibreOffice has no boolean type: TRUE is 1 in comparisons there (ODS workbooks).
  let booleansAreNumbers: Bool
  /// When true, formula cells read their stored values (detached evaluation).
  var useCachedValues = false

  // Formula nodes.
  var nodeSheet: [Int32] = []
  var nodeCell: [Int32] = []
  var nodeReference: [CellReference] = []
  var nodeExpression: [Int32] = []
  var nodeArray: [CellRange?] = []
  var expressions: [Result<FormulaExpression, FormulaSyntaxError>] = []
  var values: [Value] = []
  /// 0 not visited, 1 on the walk's stack, 3 being computed, 2 done.
  var state: [UInt8] = []
  var circular: [Bool] = []
  var walkStack: [(node: Int, dependencies: [Int], next: Int)] = []
  var stackIndex: [Int32] = []
  /// Defined names expanded while computing the current cell, bounded by
  /// ``maxNameExpansions`` (names that each use another twice would otherwise double the work
  /// at each level).
  var nameExpansions = 0
  static let maxNameExpansions = 10_000
  /// Reused by ``dependencies(of:)``.
  var areaBuffer: [Area] = []
  /// How many walks are entered from inside a computation (dynamic references), bounded.
  var dynamicDepth = 0

  /// The caps of this recalculation.
  let limits: FormulaLimits
  /// Steps spent so far, against ``FormulaLimits/maxEvaluationSteps`` (see ``FormulaLimits``
  /// for what counts as a step).
  var steps = 0
  /// Whether the step budget is spent: from then on every formula cell computed is unsupported,
  /// and so is the one being computed, whatever partial value it reached.
  var exhausted = false
  /// What those cells become.
  let stepsExhausted: Value
  /// How deeply ``evaluate(_:_:)`` is nested, bounded by ``FormulaLimits/maxDepth`` × 4.
  var evaluationDepth = 0

  init(_ workbook: Workbook, limits: FormulaLimits = .default) {
    self.workbook = workbook
    self.limits = limits
    stepsExhausted = .unsupported(limits.stepsReason)
    booleansAreNumbers = workbook.format == .ods
    var numbers: [String: Int] = [:]
    for (i, s) in workbook.sheets.enumerated() where numbers[s.name.uppercased()] == nil {
      numbers[s.name.uppercased()] = i
    }
    sheetNumbers = numbers
    var names: [String: [(scope: Int?, formula: String)]] = [:]
    for n in workbook.definedNames {
      names[n.name.uppercased(), default: []].append((n.sheetIndex, n.formula))
    }
    self.names = names
    // Each row a sheet's index spans is a step, paid before the index is allocated.
    var indexed = 0
    sheets = workbook.sheets.map { sheet in
      indexed = indexed.addingReportingOverflow(SheetIndex.rowCount(of: sheet)).partialValue
      return SheetIndex(sheet, indexingRows: indexed <= limits.maxEvaluationSteps)
    }
    steps = indexed
    exhausted = indexed > limits.maxEvaluationSteps
    var textCache: [String: Int32] = [:]
    for s in workbook.sheets.indices {
      let sheet = workbook.sheets[s]
      // Sort positions only (small elements), then read each formula by its dictionary index.
      var order: [(CellReference, Dictionary<CellReference, CellFormula>.Index)] = []
      order.reserveCapacity(sheet.formulas.count)
      var k = sheet.formulas.startIndex
      while k != sheet.formulas.endIndex {
        order.append((sheet.formulas[k].key, k))
        k = sheet.formulas.index(after: k)
      }
      order.sort { $0.0 < $1.0 }
      for (ref, position) in order {
        let formula = sheet.formulas[position].value
        guard let cellIndex = sheets[s].index(of: ref) else { continue }
        let node = Int32(nodeSheet.count)
        let key = formula.dialect == .odf ? "\u{1}" + formula.text : formula.text
        let expression: Int32
        if let cached = textCache[key] {
          expression = cached
        } else {
          expression = Int32(expressions.count)
          expressions.append(
            Result { () throws(FormulaSyntaxError) in
              try FormulaParser.parse(formula, limits: limits)
            })
          textCache[key] = expression
        }
        nodeSheet.append(Int32(s))
        nodeCell.append(Int32(cellIndex))
        nodeReference.append(ref)
        nodeExpression.append(expression)
        nodeArray.append(formula.arrayRange)
        sheets[s].slots[cellIndex] = node
      }
    }
    values = [Value](repeating: .blank, count: nodeSheet.count)
    state = [UInt8](repeating: 0, count: nodeSheet.count)
    circular = [Bool](repeating: false, count: nodeSheet.count)
  }

  /// Pays `count` steps; false (and ``exhausted`` set) once the budget is spent.
  @inline(__always) @discardableResult func spend(_ count: Int) -> Bool {
    let (total, overflow) = steps.addingReportingOverflow(count)
    steps = overflow ? Int.max : total
    if steps > limits.maxEvaluationSteps { exhausted = true }
    return !exhausted
  }

  /// Pays for reading or comparing a text: a step per 64 bytes.
  @inline(__always) @discardableResult func spend(text: String) -> Bool {
    spend(text.utf8.count >> 6)
  }

  func node(sheet: Int, at ref: CellReference) -> Int? {
    guard sheet >= 0, sheet < sheets.count, let i = sheets[sheet].index(of: ref) else { return nil }
    let slot = sheets[sheet].slots[i]
    return slot >= 0 ? Int(slot) : nil
  }

  // MARK: Dependency order

  /// Computes the given nodes (all when nil) after what they depend on.
  func run(roots: [Int]?) {
    if stackIndex.count != nodeSheet.count {
      stackIndex = [Int32](repeating: -1, count: nodeSheet.count)
    }
    for root in roots ?? Array(0..<nodeSheet.count) where state[root] == 0 { walk(from: root) }
  }

  /// An iterative depth-first walk from `root`: each node is computed once all it depends on
  /// is; a node met again while on the walk's stack closes a cycle, and every node of the
  /// cycle gets the circular error. The walk may be entered again from ``value(_:_:)`` for a
  /// reference found only while computing (INDIRECT, OFFSET); it then shares the stack.
  func walk(from root: Int) {
    let base = walkStack.count
    state[root] = 1
    stackIndex[root] = Int32(walkStack.count)
    walkStack.append((root, dependencies(of: root), 0))
    while walkStack.count > base {
      let top = walkStack.count - 1
      if walkStack[top].next < walkStack[top].dependencies.count {
        let d = walkStack[top].dependencies[walkStack[top].next]
        walkStack[top].next += 1
        switch state[d] {
        case 0:
          state[d] = 1
          stackIndex[d] = Int32(walkStack.count)
          walkStack.append((d, dependencies(of: d), 0))
        case 1:
          if stackIndex[d] >= 0 {
            for k in Int(stackIndex[d])..<walkStack.count { circular[walkStack[k].node] = true }
          }
        default:
          break
        }
      } else {
        let n = walkStack[top].node
        walkStack.removeLast()
        stackIndex[n] = -1
        state[n] = 3
        let v = circular[n] ? .error(FormulaValue.circularError) : compute(n)
        values[n] = circular[n] ? .error(FormulaValue.circularError) : v
        state[n] = 2
      }
    }
  }

  /// The formula nodes a node's static references reach; each cell scanned is a step.
  func dependencies(of node: Int) -> [Int] {
    guard !exhausted, case .success(let expression) = expressions[Int(nodeExpression[node])] else {
      return []
    }
    var areas = areaBuffer
    areas.removeAll(keepingCapacity: true)
    defer { areaBuffer = areas }
    var visited: Set<String> = []
    collectAreas(expression, sheet: Int(nodeSheet[node]), depth: 0, visited: &visited, into: &areas)
    if areas.isEmpty { return [] }
    var out: [Int] = []
    for area in areas {
      guard area.sheet >= 0, area.sheet < sheets.count else { continue }
      let index = sheets[area.sheet]
      if area.isSingleCell {
        if let i = index.index(of: area.range.start), index.slots[i] >= 0 {
          out.append(Int(index.slots[i]))
        }
        continue
      }
      index.forEachIndex(in: area.range) { i in
        if index.slots[i] >= 0 { out.append(Int(index.slots[i])) }
        return spend(1)
      }
    }
    return out
  }

  /// The areas an expression reads, defined names followed (to a bounded depth); each node
  /// walked is a step.
  func collectAreas(
    _ root: FormulaExpression, sheet: Int, depth: Int, visited: inout Set<String>,
    into areas: inout [Area]
  ) {
    // The common shapes without a work list: `A1`, `A1+B1`, `SUM(A1:A9)`.
    switch root {
    case .reference(let r):
      if let area = area(r, sheet: sheet) { areas.append(area) }
      return
    case .binary(let op, .reference(let a), .reference(let b)) where op != .range:
      if let x = area(a, sheet: sheet) { areas.append(x) }
      if let y = area(b, sheet: sheet) { areas.append(y) }
      return
    case .function(_, let arguments)
    where arguments.allSatisfy({ if case .reference = $0 { return true } else { return false } }):
      for case .reference(let r) in arguments {
        if let x = area(r, sheet: sheet) { areas.append(x) }
      }
      return
    default: break
    }
    var pending = [root]
    while let e = pending.popLast(), spend(1) {
      switch e {
      case .reference(let r):
        if let area = area(r, sheet: sheet) { areas.append(area) }
      case .name(let n):
        // Each name once per formula, and not too deep: hostile names cannot blow up the work.
        let key = "\(sheet)!" + n.uppercased()
        if depth < 16, visited.insert(key).inserted,
          let (expression, scope) = resolveName(n, sheet: sheet)
        {
          collectAreas(
            expression, sheet: scope ?? sheet, depth: depth + 1, visited: &visited, into: &areas)
        }
      case .function(_, let arguments): pending.append(contentsOf: arguments)
      case .prefix(_, let inner), .percent(let inner), .parenthesized(let inner),
        .spaced(_, let inner, _):
        pending.append(inner)
      case .binary(let op, let l, let r):
        if op == .range, let a = rangeOperatorArea(l, r, sheet: sheet) {
          areas.append(a)
        }
        pending.append(l)
        pending.append(r)
      case .array(let rows): for row in rows { pending.append(contentsOf: row) }
      default: break
      }
    }
  }

  /// The area of `A1:B2` written with the range operator between two plain references.
  func rangeOperatorArea(_ l: FormulaExpression, _ r: FormulaExpression, sheet: Int) -> Area? {
    guard case .reference(let a) = l.unwrapped, case .reference(let b) = r.unwrapped,
      let x = area(a, sheet: sheet), let y = area(b, sheet: sheet), x.sheet == y.sheet
    else { return nil }
    return Area(sheet: x.sheet, range: bounding(x.range, y.range))
  }

  func bounding(_ a: CellRange, _ b: CellRange) -> CellRange {
    CellRange(
      start: CellReference(
        row: min(a.start.row, b.start.row), column: min(a.start.column, b.start.column)),
      end: CellReference(row: max(a.end.row, b.end.row), column: max(a.end.column, b.end.column)))
  }

  /// The area a reference names, or nil for another workbook, a 3-D span or an unknown sheet.
  func area(_ r: FormulaReference, sheet: Int) -> Area? {
    guard r.workbook == nil, r.lastSheet == nil else { return nil }
    var s = sheet
    if let name = r.sheet {
      guard let found = sheetNumbers[name.uppercased()] else { return nil }
      s = found
    }
    return Area(sheet: s, range: r.range)
  }

  /// A defined name's expression and scope: the sheet's own first, then the workbook's.
  func resolveName(_ written: String, sheet: Int) -> (FormulaExpression, Int?)? {
    var name = written
    var scopeSheet = sheet
    if let bang = written.lastIndex(of: "!") {
      var sheetName = String(written[..<bang])
      if sheetName.hasPrefix("'"), sheetName.hasSuffix("'"), sheetName.count >= 2 {
        sheetName = String(sheetName.dropFirst().dropLast()).undoubling("'")
      }
      guard let s = sheetNumbers[sheetName.uppercased()] else { return nil }
      scopeSheet = s
      name = String(written[written.index(after: bang)...])
    }
    guard let candidates = names[name.uppercased()] else { return nil }
    let chosen = candidates.first { $0.scope == scopeSheet } ?? candidates.first { $0.scope == nil }
    guard let chosen else { return nil }
    let key = "\(chosen.scope ?? -1)\u{1}\(name.uppercased())"
    if let cached = nameCache[key] {
      guard let cached else { return nil }
      return (cached, chosen.scope)
    }
    let expression = parseName(chosen.formula)
    nameCache[key] = expression
    guard let expression else { return nil }
    return (expression, chosen.scope)
  }

  /// A defined name's text: OOXML `Sheet1!$A$1:$B$5`; ODF `of:=…`, or a bare range
  /// address `$Sheet1.$A$1:.$B$5` (`table:cell-range-address`).
  func parseName(_ text: String) -> FormulaExpression? {
    if workbook.format == .xlsx {
      return try? FormulaParser.parse(text, dialect: .ooxml, limits: limits)
    }
    let isFormula =
      text.hasPrefix("of:") || text.hasPrefix("oooc:") || text.hasPrefix("msoxl:")
      || text.hasPrefix("=")
    if !isFormula,
      let e = try? FormulaParser.parse("[" + text + "]", dialect: .odf, limits: limits),
      !isOpaque(e)
    {
      return e
    }
    return try? FormulaParser.parse(text, dialect: .odf, limits: limits)
  }

  func isOpaque(_ e: FormulaExpression) -> Bool {
    if case .opaque = e.unwrapped { return true }
    if case .name = e.unwrapped { return true }
    return false
  }

  // MARK: Computing

  /// A node's value; unsupported with the `formula.limit` reason when the step budget is spent
  /// before or while computing it.
  func compute(_ node: Int) -> Value {
    guard !exhausted else { return stepsExhausted }
    switch expressions[Int(nodeExpression[node])] {
    case .failure(let error):
      return .unsupported(Engine.reason(for: error))
    case .success(let expression):
      nameExpansions = 0
      let ctx = Context(
        sheet: Int(nodeSheet[node]), cell: nodeReference[node], arrayMode: nodeArray[node] != nil)
      let v = finalize(evaluate(expression, ctx), ctx, arrayRange: nodeArray[node])
      return exhausted ? stepsExhausted : v
    }
  }

  /// Why a formula that does not parse is unsupported: a cap on its text is a `formula.limit`
  /// naming the option that raises it.
  static func reason(for error: FormulaSyntaxError) -> String {
    switch error.code {
    case .tooLong: return FormulaLimits.reason(error.message, option: "--max-formula-length")
    case .tooDeep: return FormulaLimits.reason(error.message, option: "--max-formula-depth")
    case .unsupportedSyntax: return "syntax: " + error.message
    default: return "unparsable formula: " + error.message
    }
  }

  func evaluateDetached(_ expression: FormulaExpression, sheet: Int, at ref: CellReference)
    -> RecalculatedCell
  {
    let ctx = Context(sheet: sheet, cell: ref, arrayMode: false)
    let v = finalize(evaluate(expression, ctx), ctx, arrayRange: nil)
    return recalculated(exhausted ? stepsExhausted : v)
  }

  /// The one value a cell shows: a reference is read, an array gives its element for the
  /// cell (its top-left one outside an array range), and blank reads as 0.
  func finalize(_ v: Value, _ ctx: Context, arrayRange: CellRange?) -> Value {
    var result = v
    let dr = arrayRange.map { Int(ctx.cell.row - $0.start.row) } ?? 0
    let dc = arrayRange.map { Int(ctx.cell.column - $0.start.column) } ?? 0
    switch v {
    case .reference(let area):
      if ctx.arrayMode {
        result =
          dr < area.rows && dc < area.columns
          ? cellValue(
            area.sheet,
            CellReference(
              row: area.range.start.row + Int32(dr), column: area.range.start.column + Int32(dc)))
          : .na
      } else {
        result = scalar(v, ctx)
      }
    case .array(let m):
      result = dr < m.rows && dc < m.columns ? m[dr, dc] : .na
    default: break
    }
    if case .blank = result { return .number(0) }
    return result
  }

  func recalculated(_ node: Int) -> RecalculatedCell { recalculated(values[node]) }

  func recalculated(_ v: Value) -> RecalculatedCell {
    switch v {
    case .number(let d): return .value(d.isFinite ? .number(d) : .error("#NUM!"))
    case .text(let t): return .value(.text(t))
    case .bool(let b): return .value(.bool(b))
    case .error(let e): return .value(.error(e))
    case .blank: return .value(.blank)
    case .unsupported(let reason): return .unsupported(reason)
    case .array, .reference: return .value(.error("#VALUE!"))
    }
  }

  func result() -> RecalculationResult {
    var perSheet: [[(reference: CellReference, result: RecalculatedCell)]] = Array(
      repeating: [], count: sheets.count)
    for n in 0..<nodeSheet.count {
      perSheet[Int(nodeSheet[n])].append((nodeReference[n], recalculated(n)))
    }
    return RecalculationResult(sheets: perSheet)
  }

  // MARK: Cells

  /// The value of a cell: recomputed for a formula cell, stored otherwise; a step.
  @inline(__always) func cellValue(_ sheet: Int, _ ref: CellReference) -> Value {
    guard spend(1) else { return stepsExhausted }
    guard sheet >= 0, sheet < sheets.count, let i = sheets[sheet].index(of: ref) else {
      return .blank
    }
    return value(sheet, i)
  }

  @inline(__always) func value(_ sheet: Int, _ i: Int) -> Value {
    let slot = sheets[sheet].slots[i]
    if slot >= 0 && !useCachedValues {
      let n = Int(slot)
      switch state[n] {
      case 2: return values[n]
      case 0:
        // Reached only through a dynamic reference: compute it now.
        guard dynamicDepth < 64 else { return .unsupported("dynamic references nested too deeply") }
        dynamicDepth += 1
        walk(from: n)
        dynamicDepth -= 1
        return values[n]
      default:
        // On the walk's stack or being computed: a cycle through a dynamic reference.
        if stackIndex[n] >= 0 {
          for k in Int(stackIndex[n])..<walkStack.count { circular[walkStack[k].node] = true }
        }
        circular[n] = true
        return .error(FormulaValue.circularError)
      }
    }
    let v = Value(sheets[sheet].cells[i].value)
    if case .text(let t) = v { spend(text: t) }
    return v
  }

  /// Calls `body` with each non-empty cell of an area (formula cells with their recomputed
  /// value), a step each; stops when `body` returns false or the step budget is spent.
  func forEachCell(_ area: Area, skippingSubtotals: Bool = false, _ body: (CellReference, Value) -> Bool) {
    guard area.sheet >= 0, area.sheet < sheets.count else { return }
    let index = sheets[area.sheet]
    index.forEachIndex(in: area.range) { i in
      if skippingSubtotals, index.slots[i] >= 0, callsSubtotal(node: Int(index.slots[i])) { return spend(1) }
      return spend(1) && body(index.cells[i].reference, value(area.sheet, i))
    }
  }

  /// Whether a formula node calls SUBTOTAL or AGGREGATE anywhere: a subtotal, which the
  /// subtotals over it leave out. A work list, not recursion.
  func callsSubtotal(node: Int) -> Bool {
    guard case .success(let expression) = expressions[Int(nodeExpression[node])] else { return false }
    var pending = [expression]
    while let e = pending.popLast() {
      switch e {
      case .function(let name, let arguments):
        let upper = name.uppercased()
        if upper == "SUBTOTAL" || upper == "AGGREGATE" || upper.hasSuffix(".SUBTOTAL") || upper.hasSuffix(".AGGREGATE") {
          return true
        }
        pending.append(contentsOf: arguments)
      case .prefix(_, let x), .percent(let x), .parenthesized(let x), .spaced(_, let x, _): pending.append(x)
      case .binary(_, let a, let b):
        pending.append(a)
        pending.append(b)
      default: break
      }
    }
    return false
  }

  /// An area clamped to the used part of its sheet when it spans whole rows or columns.
  func clamped(_ area: Area) -> Area {
    guard area.sheet >= 0, area.sheet < sheets.count else { return area }
    var r = area.range
    let index = sheets[area.sheet]
    if r.end.row == CellReference.maxRows - 1 { r.end.row = max(r.start.row, index.lastRow) }
    if r.end.column == CellReference.maxColumns - 1 {
      r.end.column = max(r.start.column, index.maxColumn)
    }
    return Area(sheet: area.sheet, range: r)
  }

  /// An area as an array of its values, blanks included; its elements are paid for before it
  /// is allocated, so an array of the whole grid is refused, never built.
  func matrix(_ area: Area) -> Value {
    let a = clamped(area)
    let rows = a.rows
    let columns = a.columns
    guard spend(rows * columns) else { return stepsExhausted }
    var values = [Value](repeating: .blank, count: rows * columns)
    forEachCell(a) { ref, v in
      values[Int(ref.row - a.range.start.row) * columns + Int(ref.column - a.range.start.column)] =
        v
      return true
    }
    return .array(Matrix(rows: rows, columns: columns, values: values))
  }
}

extension String {
  /// The text with each doubled `character` made single (`It''s` → `It's`).
  func undoubling(_ character: Character) -> String {
    var out = ""
    var previous: Character?
    for c in self {
      if c == character, previous == character {
        previous = nil
        continue
      }
      out.append(c)
      previous = c
    }
    return out
  }
}
