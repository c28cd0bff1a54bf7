// libFuzzer target: `fix`'s writers. A workbook (xlsx or ods, from raw bytes or parts, as the
// reader targets take them) that reads is patched in a few cells of its first worksheet — an
// existing number, an existing text, a cell past the used range — with a number, a formula and a
// note, written, and read back: the patched cells must hold the new numbers and formulas, every
// other cell its old value. A refusal (a SpreadsheetError) is correct; a difference is a defect
// and stops the fuzzer like a crash.
import Diagnostics
import FuzzSupport
import Workbook

#if canImport(Glibc)
  import Glibc
#endif

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
  let bytes = UnsafeBufferPointer(start: data, count: size)
  let ods = looksLikeODS(bytes)
  guard let path = writeWorkbook(data, size, ext: ods ? "ods" : "xlsx") else { return 0 }
  defer { unlink(path) }
  guard let workbook = try? Workbook(contentsOf: path, options: fuzzOptions),
    let sheet = workbook.sheets.first(where: { $0.kind == .worksheet })
  else { return 0 }
  let output = path + ".fixed." + (ods ? "ods" : "xlsx")
  defer { unlink(output) }

  // The cells to patch: a number, a text, and one past the used range, when there are such.
  var targets: [CellReference] = []
  if let c = sheet.cells.first(where: { $0.value?.number != nil }) { targets.append(c.reference) }
  if let c = sheet.cells.first(where: { $0.value?.text != nil }) { targets.append(c.reference) }
  let last = sheet.usedRange?.end ?? CellReference(row: 0, column: 0)
  if last.row < 100, last.column < 100 { targets.append(CellReference(row: last.row + 1, column: last.column + 1)) }
  var patches: [CellReference: CellPatch] = [:]
  for (i, ref) in targets.enumerated() {
    let number = ["1234.5", "-0.25", "96720"][i % 3]
    let formula: CellPatch.Formula =
      i == 2 ? .set(ooxml: "SUM(A1:A2)", odf: "of:=SUM([.A1:.A2])") : (i == 1 ? .remove : .keep)
    patches[ref] = CellPatch(number: number, display: number, formula: formula, note: i == 0 ? "note & <fuzz>" : nil)
  }
  guard !patches.isEmpty else { return 0 }
  do throws(SpreadsheetError) {
    try WorkbookPatcher.write(path, workbook: workbook, patches: [sheet.name: patches], to: output, replacing: true, options: fuzzOptions)
  } catch {
    return 0
  }
  let back: Workbook
  do throws(SpreadsheetError) {
    back = try Workbook(contentsOf: output, options: fuzzOptions)
  } catch {
    fatalError("the patched workbook does not read back: \(error)")
  }
  guard let patched = back.sheets.first(where: { $0.name == sheet.name }) else {
    fatalError("the patched workbook lost sheet «\(sheet.name)»")
  }
  for (ref, patch) in patches {
    guard case .number(let v, _)? = patched.cell(at: ref)?.value, v == Double(patch.number)! else {
      fatalError("\(ref) holds \(String(describing: patched.cell(at: ref)?.value)), not \(patch.number)")
    }
    switch patch.formula {
    case .keep:
      if patched.formulas[ref] != sheet.formulas[ref] { fatalError("\(ref): the kept formula changed") }
    case .remove:
      if patched.formulas[ref] != nil { fatalError("\(ref): the removed formula is still there") }
    case .set(let ooxml, let odf):
      if patched.formulas[ref]?.text != (ods ? odf : ooxml) { fatalError("\(ref): the formula was not written") }
    }
  }
  for cell in sheet.cells where patches[cell.reference] == nil {
    if patched.cell(at: cell.reference)?.value != cell.value {
      fatalError("\(cell.reference) changed from \(String(describing: cell.value)) to \(String(describing: patched.cell(at: cell.reference)?.value))")
    }
  }
  return 0
}

/// An ODS input: a parts list naming `content.xml`, or a file whose bytes name the ODF mimetype.
func looksLikeODS(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
  if bytes.first == partSeparator {
    return parts(bytes).contains { $0.0 == "content.xml" }
  }
  // The mimetype entry comes first in an ODS: its text is within the first bytes.
  let needle = Array("opendocument.spreadsheet".utf8)
  let head = Array(bytes.prefix(256))
  guard head.count >= needle.count else { return false }
  return (0...(head.count - needle.count)).contains { i in head[i..<i + needle.count].elementsEqual(needle) }
}

/// The program's entry (see ``runFuzzer``).
@_cdecl("FuzzPatch_main")
public func fuzzerMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
  runFuzzer(argc, argv) { data, size in
    guard let data else { return 0 }
    return fuzz(data, size)
  }
}
