// libFuzzer target: formula text.
//
// Input: byte 0 and byte 1 are row and column offsets (signed; byte 2's low bits scale them up
// to the edges of the grid), byte 2's bit 2 picks the dialect (OOXML or ODF), the rest is the
// formula text (any bytes). Each input goes through
// - `FormulaParser.parse` (a `FormulaSyntaxError` is a correct refusal) and, when it parses,
//   `FormulaPrinter.print` in both dialects, and a parse of what was printed;
// - `FormulaShifter.shift`, which expands XLSX shared formulas;
// - when it parses, the engine: evaluated as if it stood in a small workbook
//   (`Recalculator.evaluate(_:dialect:)`), then stored in one of its cells and the workbook
//   recalculated (so it may refer to itself), both within a small step budget
//   (`fuzzLimits`): a hang or a runaway allocation would be a finding, a `formula.limit` is not.
@testable import Workbook
import Formula
import FuzzSupport

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
  guard size >= 3 else { return 0 }
  let scale = [1, 1000, 1 << 20, Int.max / 256][Int(data[2] & 3)]
  let dr = Int(Int8(bitPattern: data[0])).multipliedReportingOverflow(by: scale).partialValue
  let dc = Int(Int8(bitPattern: data[1])).multipliedReportingOverflow(by: scale).partialValue
  let text = String(decoding: UnsafeBufferPointer(start: data + 3, count: size - 3), as: UTF8.self)
  let dialect: CellFormula.Dialect = data[2] & 4 == 0 ? .ooxml : .odf
  if let expression = try? FormulaParser.parse(text, dialect: dialect) {
    for d in [CellFormula.Dialect.ooxml, .odf] {
      let printed = FormulaPrinter.print(expression, dialect: d)
      blackHole(printed.utf8.count)
      _ = try? FormulaParser.parse(printed, dialect: d)
    }
    evaluate(text, dialect: dialect)
  }
  let shifted = FormulaShifter.shift(text, rows: dr, columns: dc)
  // Shifting by nothing is the identity.
  precondition(FormulaShifter.shift(text, rows: 0, columns: 0) == text)
  blackHole(shifted.utf8.count)
  return 0
}

/// The caps the engine runs with here: the default length and nesting, and few enough steps that
/// each input stays fast (an array of more elements is refused before it is allocated).
let fuzzLimits = FormulaLimits(maxEvaluationSteps: 100_000)

/// A small workbook to evaluate in: numbers, text, a boolean, an error, an empty cell, two sheets
/// and defined names, so that references, ranges, lookups and names have something to read.
let fuzzWorkbook: Workbook = {
  func cells(_ values: [(String, CellValue)]) -> [Cell] {
    values.compactMap { a1, v in CellReference(a1).map { Cell(reference: $0, value: v) } }
      .sorted { $0.reference < $1.reference }
  }
  let plan = Sheet(
    name: "Plan",
    cells: cells([
      ("A1", .number(1, .plain)), ("A2", .number(2.5, .plain)), ("A3", .text("x")),
      ("B1", .text("Personnel")), ("B2", .bool(true)), ("B3", .error("#N/A")),
      ("C1", .number(-4, .plain)), ("C3", .number(45000, .date)),
    ]))
  let other = Sheet(name: "Plan 2", cells: cells([("A1", .number(7, .plain))]))
  return Workbook(
    format: .xlsx, sheets: [plan, other],
    definedNames: [
      DefinedName(name: "Rate", formula: "0.2"), DefinedName(name: "Lines", formula: "Plan!$A$1:$A$3"),
    ])
}()

/// Evaluates the formula detached (stored values read), then as the formula of cell D4 in a
/// recalculation of the whole workbook (it may reach itself: a cycle).
func evaluate(_ text: String, dialect: CellFormula.Dialect) {
  let detached = try? Recalculator(workbook: fuzzWorkbook, limits: fuzzLimits)
    .evaluate(text, dialect: dialect, sheet: 0, at: CellReference(row: 3, column: 3))
  blackHole(detached == nil ? 0 : 1)
  var workbook = fuzzWorkbook
  let d4 = CellReference(row: 3, column: 3)
  workbook.sheets[0].formulas[d4] = CellFormula(text: text, dialect: dialect)
  workbook.sheets[0].cells.append(Cell(reference: d4, value: nil))
  workbook.sheets[0].cells.sort { $0.reference < $1.reference }
  let result = Recalculator(workbook: workbook, limits: fuzzLimits).recalculate()
  blackHole(result.sheets[0].count)
}

/// The program's entry (see ``runFuzzer``).
@_cdecl("FuzzFormula_main")
public func fuzzerMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
  runFuzzer(argc, argv) { data, size in
    guard let data else { return 0 }
    return fuzz(data, size)
  }
}
