import Workbook

/// Recomputes the formulas of a ``Workbook``.
///
/// Every formula cell is parsed (identical texts once), its static references (cells, ranges,
/// defined names) give its dependencies, and cells are computed in dependency order by an
/// iterative depth-first walk: a chain of 50,000 cells needs no recursion. The cells of a
/// circular reference get ``FormulaValue/circularError``. A function or construct the engine
/// does not implement gives ``RecalculatedCell/unsupported(_:)`` with its name, and so does
/// every cell that depends on it: never a silent 0.
///
/// Semantics follow Excel's (ECMA-376 Part 1 §18.17): empty cells are 0 in arithmetic and
/// `""` in text, SUM and its kin skip text and booleans in ranges, errors propagate, and
/// a range where one value is wanted is intersected with the formula's row or column, unless
/// the formula is an array formula.
///
/// The work is bounded by ``FormulaLimits``: a formula too long or too deeply nested, and every
/// cell left once the recalculation has spent its evaluation steps, is unsupported with a
/// reason that starts with `formula.limit:`.
///
/// Example:
/// ```swift
/// let result = Recalculator(workbook: workbook).recalculate()
/// if case .number(let total)? = result.recalculated(sheet: 0, at: CellReference("B21")!) { … }
/// ```
public struct Recalculator: Sendable {
  /// The workbook whose formulas are recomputed.
  public let workbook: Workbook
  /// The caps on formula length, nesting and evaluation steps.
  public let limits: FormulaLimits

  /// A recalculator over `workbook` within `limits`; nothing is computed until asked.
  public init(workbook: Workbook, limits: FormulaLimits = .default) {
    self.workbook = workbook
    self.limits = limits
  }

  /// Recomputes every formula cell of every sheet, within one budget of evaluation steps.
  public func recalculate() -> RecalculationResult {
    LargeStack.run(if: LargeStack.isNeeded(for: workbook)) {
      let engine = Engine(workbook, limits: limits)
      engine.run(roots: nil)
      return engine.result()
    }
  }

  /// Recomputes one cell, and only the cells it depends on; nil when it holds no formula.
  ///
  /// - Parameters:
  ///   - sheet: The index of the sheet in ``Workbook/sheets``.
  ///   - reference: The cell.
  public func evaluate(sheet: Int, at reference: CellReference) -> RecalculatedCell? {
    LargeStack.run(if: LargeStack.isNeeded(for: workbook)) {
      let engine = Engine(workbook, limits: limits)
      guard let node = engine.node(sheet: sheet, at: reference) else { return nil }
      engine.run(roots: [node])
      return engine.recalculated(node)
    }
  }

  /// Evaluates a formula as if it stood in `reference` on `sheet`, reading the other cells'
  /// stored values (formula cells are not recomputed first).
  ///
  /// - Throws: ``FormulaSyntaxError`` when the text does not parse (or is past the length and
  ///   nesting caps of ``limits``).
  public func evaluate(
    _ text: String, dialect: CellFormula.Dialect, sheet: Int = 0,
    at reference: CellReference = CellReference(row: 0, column: 0)
  ) throws(FormulaSyntaxError) -> RecalculatedCell {
    let parsed = LargeStack.run(if: LargeStack.isNeeded(for: workbook, evaluating: text)) {
      Result { () throws(FormulaSyntaxError) in
        let expression = try FormulaParser.parse(text, dialect: dialect, limits: limits)
        let engine = Engine(workbook, limits: limits)
        engine.useCachedValues = true
        return engine.evaluateDetached(expression, sheet: sheet, at: reference)
      }
    }
    return try parsed.get()
  }
}

/// The recomputed formula cells of a workbook, sheet by sheet.
public struct RecalculationResult: Sendable {
  /// Per sheet (in workbook order), the formula cells sorted by position with their results.
  public let sheets: [[(reference: CellReference, result: RecalculatedCell)]]

  /// What recalculation gave for a cell, or nil when it holds no formula.
  public func cell(sheet: Int, at reference: CellReference) -> RecalculatedCell? {
    guard sheet >= 0, sheet < sheets.count else { return nil }
    let list = sheets[sheet]
    var lo = 0
    var hi = list.count
    while lo < hi {
      let mid = (lo + hi) / 2
      if list[mid].reference < reference { lo = mid + 1 } else { hi = mid }
    }
    return lo < list.count && list[lo].reference == reference ? list[lo].result : nil
  }

  /// The recomputed value of a formula cell; nil when the cell holds no formula or the
  /// engine does not support it (see ``unsupported(sheet:)``).
  ///
  /// This is the call for stale-cache checks: compare it with the cell's stored value.
  public func recalculated(sheet: Int, at reference: CellReference) -> FormulaValue? {
    cell(sheet: sheet, at: reference)?.value
  }

  /// The formula cells of a sheet that could not be computed, with the reason, by position.
  public func unsupported(sheet: Int) -> [(reference: CellReference, reason: String)] {
    guard sheet >= 0, sheet < sheets.count else { return [] }
    return sheets[sheet].compactMap { entry in
      if case .unsupported(let reason) = entry.result { return (entry.reference, reason) }
      return nil
    }
  }

  /// The formula cells whose stored number differs from the recomputed one by more than
  /// `tolerance` (the `formula.stale` rule of `domain.md` §4.8), in sheet and cell order.
  ///
  /// Only cells where both values are numbers count; cells without a stored value, and
  /// unsupported ones, are left out.
  public func staleCells(of workbook: Workbook, tolerance: Double = 0.005)
    -> [(sheet: Int, reference: CellReference, stored: Double, recalculated: Double)]
  {
    var out: [(sheet: Int, reference: CellReference, stored: Double, recalculated: Double)] = []
    for (s, list) in sheets.enumerated() where s < workbook.sheets.count {
      let sheet = workbook.sheets[s]
      for entry in list {
        guard case .value(.number(let v)) = entry.result,
          case .number(let stored, _)? = sheet.cell(at: entry.reference)?.value,
          abs(stored - v) > tolerance
        else { continue }
        out.append((s, entry.reference, stored, v))
      }
    }
    return out
  }

  /// A copy of `workbook` whose formula cells hold the recomputed values. Unsupported cells
  /// keep their stored value; a number keeps the kind (date, percentage…) its stored value had.
  public func applied(to workbook: Workbook) -> Workbook {
    var copy = workbook
    for (s, list) in sheets.enumerated() where s < copy.sheets.count && !list.isEmpty {
      var cells = copy.sheets[s].cells
      var k = 0
      for entry in list {
        guard case .value(let v) = entry.result else { continue }
        while k < cells.count, cells[k].reference < entry.reference { k += 1 }
        guard k < cells.count, cells[k].reference == entry.reference else { continue }
        var kind = NumberKind.plain
        if case .number(_, let stored)? = cells[k].value { kind = stored }
        cells[k].value = v.cellValue(kind: kind) ?? .number(0, kind)
      }
      copy.sheets[s].cells = cells
    }
    return copy
  }
}
