// libFuzzer target: formula text.
//
// Input: byte 0 and byte 1 are row and column offsets (signed; byte 2's low bits scale them up
// to the edges of the grid), byte 2's bit 2 picks the dialect (OOXML or ODF), the rest is the
// formula text (any bytes). Each input goes through
// - `FormulaParser.parse` (a `FormulaSyntaxError` is a correct refusal) and, when it parses,
//   `FormulaPrinter.print` in both dialects, and a parse of what was printed;
// - `FormulaShifter.shift`, which expands XLSX shared formulas.
// TODO(formula): evaluate the parsed formula in a one-cell workbook with the engine's step cap.
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
  }
  let shifted = FormulaShifter.shift(text, rows: dr, columns: dc)
  // Shifting by nothing is the identity.
  precondition(FormulaShifter.shift(text, rows: 0, columns: 0) == text)
  blackHole(shifted.utf8.count)
  return 0
}

/// The program's entry (see ``runFuzzer``).
@_cdecl("FuzzFormula_main")
public func fuzzerMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
  runFuzzer(argc, argv) { data, size in
    guard let data else { return 0 }
    return fuzz(data, size)
  }
}
