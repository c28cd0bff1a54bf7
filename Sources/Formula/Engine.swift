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
  init(_ sheet: Sheet) {
    self.init(cells: sheet.cells)
    var missing: [Cell] = []
    for ref in sheet.formulas.keys where index(of: ref) == nil {
      missing.append(Cell(reference: ref, value: nil))
    }
    if !missing.isEmpty {
      self.init(cells: (sheet.cells + missing).sorted { $0.reference < $1.reference })
    }
  }

  init(cells: [Cell]) {
    self.cells = cells
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
    slots = [Int32](repeating: -1, count: cells.count)
  }

  var lastRow: Int32 { Int32(rowStart.count) - 2 }

  /// The index of the cell at `ref`, or nil.
  @inline(__always) func index(of ref: CellReference) -> Int? {
    let r = Int(ref.row)
    guard r >= 0, r + 1 < rowStart.count else { return nil }
    var lo = Int(rowStart[r])
    var hi = Int(rowStart[r + 1])
    while lo < hi {
      let mid = (lo + hi) / 2
      if cells[mid].reference.column < ref.column { lo = mid + 1 } else { hi = mid }
    }
    return lo < Int(rowStart[r + 1]) && cells[lo].reference.column == ref.column ? lo : nil
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

  init(_ workbook: Workbook) {
    self.workbook = workbook
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
    sheets = workbook.sheets.map(SheetIndex.init)
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
            Result { () throws(FormulaSyntaxError) in try FormulaParser.parse(formula) })
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

  /// The formula nodes a node's static references reach.
  func dependencies(of node: Int) -> [Int] {
    guard case .success(let expression) = expressions[Int(nodeExpression[node])] else { return [] }
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
        return true
      }
    }
    return out
  }

  /// The areas an expression reads, defined names followed (to a bounded depth).
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
    while let e = pending.popLast() {
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
      return try? FormulaParser.parse(text, dialect: .ooxml)
    }
    let isFormula =
      text.hasPrefix("of:") || text.hasPrefix("oooc:") || text.hasPrefix("msoxl:")
      || text.hasPrefix("=")
    if !isFormula, let e = try? FormulaParser.parse("[" + text + "]", dialect: .odf), !isOpaque(e) {
      return e
    }
    return try? FormulaParser.parse(text, dialect: .odf)
  }

  func isOpaque(_ e: FormulaExpression) -> Bool {
    if case .opaque = e.unwrapped { return true }
    if case .name = e.unwrapped { return true }
    return false
  }

  // MARK: Computing

  func compute(_ node: Int) -> Value {
    switch expressions[Int(nodeExpression[node])] {
    case .failure(let error):
      return .unsupported(
        error.code == .unsupportedSyntax
          ? "syntax: " + error.message : "unparsable formula: " + error.message)
    case .success(let expression):
      nameExpansions = 0
      let ctx = Context(
        sheet: Int(nodeSheet[node]), cell: nodeReference[node], arrayMode: nodeArray[node] != nil)
      return finalize(evaluate(expression, ctx), ctx, arrayRange: nodeArray[node])
    }
  }

  func evaluateDetached(_ expression: FormulaExpression, sheet: Int, at ref: CellReference)
    -> RecalculatedCell
  {
    let ctx = Context(sheet: sheet, cell: ref, arrayMode: false)
    return recalculated(finalize(evaluate(expression, ctx), ctx, arrayRange: nil))
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

  /// The value of a cell: recomputed for a formula cell, stored otherwise.
  @inline(__always) func cellValue(_ sheet: Int, _ ref: CellReference) -> Value {
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
    return Value(sheets[sheet].cells[i].value)
  }

  /// Calls `body` with each non-empty cell of an area (formula cells with their recomputed
  /// value); stops when `body` returns false.
  func forEachCell(_ area: Area, _ body: (CellReference, Value) -> Bool) {
    guard area.sheet >= 0, area.sheet < sheets.count else { return }
    let index = sheets[area.sheet]
    index.forEachIndex(in: area.range) { i in
      body(index.cells[i].reference, value(area.sheet, i))
    }
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

  static let maxArrayCells = 4_000_000

  /// An area as an array of its values, blanks included.
  func matrix(_ area: Area) -> Value {
    let a = clamped(area)
    let rows = a.rows
    let columns = a.columns
    guard rows * columns <= Engine.maxArrayCells else {
      return .unsupported("an array of more than \(Engine.maxArrayCells) cells")
    }
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
