import Formula
import Workbook

extension PlanReader {
  /// A reader whose formula cells are recomputed by the `Formula` engine: a cached value that
  /// differs from the recomputed one is `formula.stale`, and the checks use the recomputed value.
  /// The workbook is recalculated once, the first time a formula cell of the plan is read, within
  /// `limits`; a cell the engine could not compute (a cap hit included) keeps its stored value.
  public static func recalculating(_ workbook: Workbook, limits: FormulaLimits = .default)
    -> PlanReader
  {
    guard workbook.sheets.contains(where: { !$0.formulas.isEmpty }) else { return PlanReader() }
    let engine = LazyRecalculation(workbook, limits: limits)
    return PlanReader(
      recalculate: { sheet, reference in engine.number(sheet: sheet, at: reference) },
      computesBlank: { sheet, reference in engine.isBlank(sheet: sheet, at: reference) })
  }
}

/// The workbook's recalculation, computed on first use. Used by one thread at a time (the worker
/// that reads the workbook), hence `@unchecked Sendable`.
final class LazyRecalculation: @unchecked Sendable {
  let workbook: Workbook
  let limits: FormulaLimits
  private var result: RecalculationResult?

  init(_ workbook: Workbook, limits: FormulaLimits) {
    self.workbook = workbook
    self.limits = limits
  }

  /// The recomputed number of a formula cell; nil when it holds no formula, is not a number, or
  /// the engine does not support it.
  func number(sheet: Sheet, at reference: CellReference) -> Double? {
    if case .number(let v)? = value(sheet: sheet, at: reference) { return v }
    return nil
  }

  /// Whether a formula cell computes to an empty text or a blank.
  func isBlank(sheet: Sheet, at reference: CellReference) -> Bool {
    switch value(sheet: sheet, at: reference) {
    case .blank?: return true
    case .text(let t)?: return t.allSatisfy(\.isWhitespace)
    default: return false
    }
  }

  private func value(sheet: Sheet, at reference: CellReference) -> FormulaValue? {
    guard let index = workbook.sheets.firstIndex(where: { $0.name == sheet.name }) else { return nil }
    let computed: RecalculationResult
    if let result {
      computed = result
    } else {
      let recalculator = Recalculator(workbook: workbook, limits: limits)
      computed = recalculator.recalculate()
      result = computed
    }
    return computed.recalculated(sheet: index, at: reference)
  }
}
