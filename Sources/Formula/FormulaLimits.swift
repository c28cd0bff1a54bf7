/// Caps on what parsing and recalculating formulas may cost, so that a hostile workbook cannot
/// hang a batch or exhaust its memory; each has a command-line option that raises it.
///
/// A cap that is hit never crashes and never gives a silent 0: the cell is
/// ``RecalculatedCell/unsupported(_:)`` with a reason that starts with ``code``
/// (`formula.limit: …`), names the cap and the option that raises it.
///
/// - ``maxLength`` and ``maxDepth`` bound one formula's text; past them, the cell is
///   unsupported (and ``FormulaParser/parse(_:dialect:limits:)`` throws `formula.tooLong` or
///   `formula.tooDeep`). Evaluation, which can nest further through defined names and dynamic
///   references, stops at ``maxDepth`` × 4 levels.
/// - ``maxEvaluationSteps`` bounds one recalculation (``Recalculator/recalculate()``, or one call
///   of ``Recalculator/evaluate(sheet:at:)`` or ``Recalculator/evaluate(_:dialect:sheet:at:)``).
///   A step is one unit of work: an expression node evaluated, a cell read or visited in a
///   range, a cell scanned for dependencies, a row of a sheet indexed, an element of an array
///   made (counted *before* the array is allocated, so an array of the whole grid is refused,
///   never built), and 64 bytes of text read or compared (a wildcard match counts each character
///   it tries). Once the budget is spent, the cell being computed and every formula cell not yet
///   computed are unsupported with the `formula.limit` reason; the cells computed before keep
///   their values, which are exact (the order is the dependency order, so the same workbook
///   always spends the same steps).
///
/// Example:
/// ```swift
/// var limits = FormulaLimits.default
/// limits.maxEvaluationSteps = 500_000_000  // --max-evaluation-steps 500000000
/// let result = Recalculator(workbook: workbook, limits: limits).recalculate()
/// ```
public struct FormulaLimits: Sendable, Equatable {
  /// The longest formula text accepted, in Unicode scalars (default 8,192, Excel's own limit;
  /// `--max-formula-length`, at most ``ceiling``'s).
  public var maxLength: Int
  /// The deepest nesting of parentheses, calls and prefix operators accepted (default 256;
  /// `--max-formula-depth`, at most ``ceiling``'s).
  public var maxDepth: Int
  /// The most steps one recalculation may take (default 10,000,000; `--max-evaluation-steps`).
  public var maxEvaluationSteps: Int

  /// Caps with the given values; the defaults are ``default``'s.
  public init(maxLength: Int = 8192, maxDepth: Int = 256, maxEvaluationSteps: Int = 10_000_000) {
    self.maxLength = maxLength
    self.maxDepth = maxDepth
    self.maxEvaluationSteps = maxEvaluationSteps
  }

  /// The default caps. Every workbook of the shared corpus and plans recalculates within a
  /// hundredth of the step budget (the largest needs 148,213 steps) and the benchmarks' sheet of
  /// 1,000,000 cells and 100,000 formulas within a fifth of it; a hostile workbook that spends it
  /// all (a thousand sums of a million cells, say) stops in about 1.5 s of a release build
  /// (10 s of a debug one).
  public static let `default` = FormulaLimits()

  /// How far ``maxLength`` and ``maxDepth`` may be raised: the parser and the evaluator recurse
  /// once per level of nesting, and releasing a parsed formula once per operator of a chain
  /// (`1+1+…`), so these bound the stack a formula may take. A recalculation runs on a thread
  /// with a 512 MiB stack (reserved, committed as touched); on an 8 MiB stack a debug build
  /// crashed past some 175 nested calls (`ABS(ABS(…))`, about 47 KiB of stack each) and 50,000
  /// chained operators, so the ceilings keep a wide margin on the large one.
  public static let ceiling = FormulaLimits(
    maxLength: 32_768, maxDepth: 512, maxEvaluationSteps: Int.max)

  /// The stable code every reason for a cap hit starts with.
  public static let code = "formula.limit"

  /// The reason given to a cell for a cap hit: `formula.limit: WHAT (raise with OPTION)`.
  static func reason(_ what: String, option: String) -> String {
    "\(code): \(what) (raise with \(option))"
  }

  /// The reason given to the cells left when the step budget is spent.
  var stepsReason: String {
    FormulaLimits.reason(
      "the recalculation needs more than \(maxEvaluationSteps) evaluation steps",
      option: "--max-evaluation-steps")
  }
}
