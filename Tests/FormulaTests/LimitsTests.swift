import Foundation
import Testing
import Workbook

@testable import Formula

/// The caps of ``FormulaLimits``: each is hit at its default (a `formula.limit` reason naming
/// the option, never a crash or a silent 0) and passes once raised.
@Suite("Formula limits")
struct LimitsTests {
  /// The result of a one-formula workbook's `Z100` within `limits`.
  static func result(
    _ formula: String, _ cells: [String: Any] = [:], limits: FormulaLimits = .default
  ) -> RecalculatedCell? {
    var contents = cells
    contents["Z100"] = "=" + formula
    let workbook = makeWorkbook([("Sheet1", contents)])
    return Recalculator(workbook: workbook, limits: limits).recalculate()
      .cell(sheet: 0, at: CellReference(row: 99, column: 25))
  }

  /// Whether `cell` is unsupported for a cap hit that names `option`.
  static func isLimit(_ cell: RecalculatedCell?, option: String) -> Bool {
    guard case .unsupported(let reason)? = cell else { return false }
    return reason.hasPrefix("formula.limit: ") && reason.hasSuffix("(raise with \(option))")
  }

  @Test func formulaLengthIsCappedAndCanBeRaised() {
    let long = Array(repeating: "1", count: 4200).joined(separator: "+")  // 8,399 characters
    #expect(Self.isLimit(Self.result(long), option: "--max-formula-length"))
    let raised = FormulaLimits(maxLength: 10_000)
    #expect(Self.result(long, limits: raised) == .value(.number(4200)))
  }

  @Test func formulaDepthIsCappedAndCanBeRaised() {
    let deep = String(repeating: "(", count: 300) + "7" + String(repeating: ")", count: 300)
    #expect(Self.isLimit(Self.result(deep), option: "--max-formula-depth"))
    #expect(Self.result(deep, limits: FormulaLimits(maxDepth: 400)) == .value(.number(7)))
    do {
      _ = try FormulaParser.parse(deep, dialect: .ooxml, limits: FormulaLimits(maxDepth: 299))
      Issue.record("nesting past the cap was accepted")
    } catch {
      #expect(error.code == .tooDeep)
    }
  }

  /// Regression: 200 nested calls (`ABS(ABS(…))`) overflowed the 8 MiB stack of a debug build
  /// in the evaluator; recalculation now runs on a large stack.
  @Test func nestedCallsDoNotExhaustTheStack() {
    let calls = String(repeating: "ABS(", count: 254) + "-3" + String(repeating: ")", count: 254)
    #expect(Self.result(calls) == .value(.number(3)))
    let deepest = String(repeating: "ABS(", count: 510) + "-3" + String(repeating: ")", count: 510)
    #expect(Self.result(deepest, limits: FormulaLimits.ceiling) == .value(.number(3)))
  }

  /// A postfix `%` nests without parentheses: the evaluation cap stops it.
  @Test func percentChainsAreCapped() {
    let percents = "1" + String(repeating: "%", count: 8000)
    #expect(Self.isLimit(Self.result(percents), option: "--max-formula-depth"))
  }

  /// Only a workbook that may nest deeply pays for the large stack's thread.
  @Test func largeStackOnlyWhenNeeded() {
    let plan = makeWorkbook([("Plan", ["B5": 1, "B6": 2, "B7": "=SUM(B5:B6)", "B8": "=B7*20%-B5"])])
    #expect(!LargeStack.isNeeded(for: plan))
    #expect(LargeStack.isNeeded(for: plan, evaluating: String(repeating: "ABS(", count: 65) + "1"))
    let dynamic = makeWorkbook([("Plan", ["A1": "=SUM(INDIRECT(\"B1\"))"])])
    #expect(LargeStack.isNeeded(for: dynamic))
    let names = (1...70).map { DefinedName(name: "Deep\($0)", formula: "-Deep\($0 + 1)") }
    #expect(LargeStack.isNeeded(for: makeWorkbook([("Plan", ["A1": "=Deep1"])], names: names)))
  }

  /// Defined names that each nest calls and use the next one nest the evaluation past any one
  /// formula's depth: it stops at four times the cap.
  @Test func evaluationDepthIsCappedThroughNames() {
    let nest = { (inner: String) in
      String(repeating: "ABS(", count: 200) + inner + String(repeating: ")", count: 200)
    }
    let names =
      (1...15).map { DefinedName(name: "Deep\($0)", formula: nest("Deep\($0 + 1)")) }
      + [DefinedName(name: "Deep16", formula: "-3")]
    let workbook = makeWorkbook([("Sheet1", ["A1": "=Deep1", "A2": "=Deep13"])], names: names)
    let result = Recalculator(workbook: workbook).recalculate()
    #expect(
      Self.isLimit(result.cell(sheet: 0, at: CellReference("A1")!), option: "--max-formula-depth"))
    #expect(result.cell(sheet: 0, at: CellReference("A2")!) == .value(.number(3)))
  }

  /// The whole grid as an array is refused before it is allocated: the test would take 500 GiB
  /// otherwise.
  @Test func wholeGridArrayIsRefusedBeforeItIsBuilt() {
    let grid: [String: Any] = ["A1": 1, "XFD1048576": 2]
    let clock = ContinuousClock()
    // The grid made an array, and a column times a row (each small, their product the grid).
    for formula in ["=SUMPRODUCT(Grid!A1:XFD1048576*1)", "=SUMPRODUCT(Grid!A:A*Grid!1:1)"] {
      let workbook = makeWorkbook([("Sheet1", ["A1": formula]), ("Grid", grid)])
      let elapsed = clock.measure {
        let a1 = Recalculator(workbook: workbook).recalculate()
          .cell(sheet: 0, at: CellReference(row: 0, column: 0))
        #expect(Self.isLimit(a1, option: "--max-evaluation-steps"), "\(formula)")
      }
      #expect(elapsed < .seconds(5), "\(formula)")
    }
  }

  @Test func evaluationStepsAreCappedAndCanBeRaised() {
    var cells: [String: Any] = [:]
    for r in 1...1000 { cells["A\(r)"] = r }
    let small = FormulaLimits(maxEvaluationSteps: 500)
    #expect(
      Self.isLimit(
        Self.result("SUM(A1:A1000)", cells, limits: small), option: "--max-evaluation-steps"))
    #expect(Self.result("SUM(A1:A1000)", cells) == .value(.number(500_500)))
    #expect(
      Self.isLimit(
        Self.result("SUMPRODUCT(A1:A1000*2)", cells, limits: small),
        option: "--max-evaluation-steps"))
    #expect(Self.result("SUMPRODUCT(A1:A1000*2)", cells) == .value(.number(1_001_000)))
  }

  /// Sheets that end at the grid's last row cost a step per row to index: 21 of them spend the
  /// default budget before any formula is computed.
  @Test func indexingRowsIsPaidFor() {
    var sheets: [(String, [String: Any])] = [("Sheet1", ["A1": 2, "B1": "=A1*3"])]
    for k in 1...21 { sheets.append(("S\(k)", ["A1048576": k])) }
    let workbook = makeWorkbook(sheets)
    let b1 = CellReference(row: 0, column: 1)
    let spent = Recalculator(workbook: workbook).recalculate().cell(sheet: 0, at: b1)
    #expect(Self.isLimit(spent, option: "--max-evaluation-steps"))
    let raised = Recalculator(
      workbook: workbook, limits: FormulaLimits(maxEvaluationSteps: 30_000_000))
    #expect(raised.recalculate().cell(sheet: 0, at: b1) == .value(.number(6)))
  }

  /// A wildcard pattern that fails late against a long text tries characters quadratically
  /// (each start, then the whole pattern): each try is a step.
  @Test func wildcardMatchesArePaidFor() {
    let text = String(repeating: "a", count: 30_000)
    let pattern = "*" + String(repeating: "a", count: 2000) + "b"
    let cells: [String: Any] = ["A1": text, "B1": pattern]
    #expect(Self.isLimit(Self.result("COUNTIF(A1,B1)", cells), option: "--max-evaluation-steps"))
    #expect(Self.result("COUNTIF(A1,\"*b\")", cells) == .value(.number(0)))
  }

  /// Once the budget is spent, the cells computed before keep their exact values and every
  /// later one is unsupported: the cut is where the dependency order puts it, and no cell is 0.
  @Test func cellsAfterTheBudgetAreUnsupported() {
    var cells: [String: Any] = ["A1": 1]
    for r in 2...100 { cells["A\(r)"] = "=A\(r - 1)+1" }
    let workbook = makeWorkbook([("Sheet1", cells)])
    let result = Recalculator(workbook: workbook, limits: FormulaLimits(maxEvaluationSteps: 300))
      .recalculate()
    let list = result.sheets[0]
    let computed = list.filter { $0.result.value != nil }
    #expect(!computed.isEmpty && computed.count < list.count)
    for entry in computed {
      #expect(entry.result == .value(.number(Double(entry.reference.row + 1))))
    }
    let cut = computed.map(\.reference.row).max() ?? 0
    for entry in list where entry.reference.row > cut {
      #expect(Self.isLimit(entry.result, option: "--max-evaluation-steps"), "\(entry.reference)")
    }
  }

  @Test func detachedEvaluationHasTheSameBudget() throws {
    var cells: [String: Any] = [:]
    for r in 1...1000 { cells["A\(r)"] = r }
    let workbook = makeWorkbook([("Sheet1", cells)])
    let small = Recalculator(workbook: workbook, limits: FormulaLimits(maxEvaluationSteps: 100))
    #expect(
      Self.isLimit(
        try small.evaluate("SUM(A1:A1000)", dialect: .ooxml), option: "--max-evaluation-steps"))
    #expect(
      try Recalculator(workbook: workbook).evaluate("SUM(A1:A1000)", dialect: .ooxml)
        == .value(.number(500_500)))
  }

  /// Every workbook of the shared corpus and plans recalculates exactly as without a budget,
  /// within a tenth of the default (so the default leaves room for larger real workbooks).
  @Test(.enabled(if: Shared.hasCorpus)) func realWorkbooksNeedATenthOfTheDefault() throws {
    var most = (name: "", steps: 0)
    let paths =
      Shared.workbooks(in: Shared.corpus).map { Shared.corpus + "/" + $0 }
      + Shared.workbooks(in: Shared.plans).map { Shared.plans + "/" + $0 }
    for path in paths {
      guard let workbook = try? Workbook(contentsOf: path) else { continue }
      let engine = Engine(workbook)
      engine.run(roots: nil)
      #expect(!engine.exhausted, "\(path)")
      if engine.steps > most.steps { most = (path, engine.steps) }
      let unbounded = Engine(workbook, limits: FormulaLimits(maxEvaluationSteps: Int.max))
      unbounded.run(roots: nil)
      #expect(
        engine.result().sheets.elementsEqual(unbounded.result().sheets) {
          $0.elementsEqual($1) { $0 == $1 }
        })
    }
    print("most evaluation steps: \(most.steps) for \(most.name)")
    #expect(most.steps < FormulaLimits.default.maxEvaluationSteps / 10)
  }
}
