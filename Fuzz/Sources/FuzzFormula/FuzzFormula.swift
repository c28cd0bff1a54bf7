// libFuzzer target: formula text.
//
// TODO(formula): the `Formula` target (parser and evaluator) is being written on another branch
// and is not on main yet. Once it is merged, add its parser here (parse, print, evaluate a
// one-cell workbook with a step cap) next to the shifter. Until then this fuzzes the only
// formula-text code on main: `FormulaShifter.shift`, which expands XLSX shared formulas.
//
// Input: byte 0 and byte 1 are the row and column offsets (signed; byte 2's low bits scale them
// up to the edges of the grid), the rest is the formula text (any bytes).
@testable import Workbook
import FuzzSupport

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
  guard size >= 3 else { return 0 }
  let scale = [1, 1000, 1 << 20, Int.max / 256][Int(data[2] & 3)]
  let dr = Int(Int8(bitPattern: data[0])).multipliedReportingOverflow(by: scale).partialValue
  let dc = Int(Int8(bitPattern: data[1])).multipliedReportingOverflow(by: scale).partialValue
  let text = String(decoding: UnsafeBufferPointer(start: data + 3, count: size - 3), as: UTF8.self)
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
