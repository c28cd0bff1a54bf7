// libFuzzer target: `convert`'s writers. A workbook (xlsx or ods, from raw bytes or parts, as the
// reader targets take them) that reads is translated and written in both formats
// (`WorkbookTranslation` then `WorkbookWriter`, what `convert` does), and each copy is read back:
// same sheets in the same order and visibility, every value (texts without the control
// characters XML cannot carry, dates to the millisecond, a 1904 workbook's dates shifted to the
// 1900 system in ODS), the same merges (of more than one cell), and every formula the translation
// kept. A difference, or a copy that does not read back, stops the fuzzer like a crash. A refusal
// to write (a SpreadsheetError) is correct.
import Diagnostics
import Formula
import FuzzSupport
import Workbook

#if canImport(Glibc)
  import Glibc
#endif

/// What a value must read back as (the rules of `ConvertTests.same`).
func same(_ a: CellValue?, _ b: CellValue?, dateShift: Double) -> Bool {
  switch (a, b) {
  case (.number(let x, let kx)?, .number(let y, let ky)?):
    if x == y || (x.isNaN && y.isNaN) { return true }
    let dated: Set<NumberKind> = [.date, .dateTime]
    if dated.contains(kx) && dated.contains(ky) && abs(x + dateShift - y) < 1e-7 { return true }
    let timed: Set<NumberKind> = [.date, .dateTime, .time, .duration]
    return timed.contains(kx) && timed.contains(ky) && abs(x - y) < 1e-7
  case (.text(let x)?, _):
    let carried = x.unicodeScalars.filter { $0.value >= 0x20 || $0 == "\t" || $0 == "\n" || $0 == "\r" }
      .map(String.init).joined()
    if carried.isEmpty && b == nil { return true }
    return b == .text(x) || b == .text(carried)
  default: return a == b
  }
}

/// Stops the fuzzer when `copy` (read back from `target`) differs from `original`.
func compare(_ original: Workbook, _ copy: Workbook, kept: WorkbookTranslation.Result, target: SpreadsheetFormat) {
  let to = target.rawValue
  if original.sheets.map(\.name) != copy.sheets.map(\.name) {
    fatalError("→ \(to): sheets \(original.sheets.map(\.name)) became \(copy.sheets.map(\.name))")
  }
  let asValues = Set(kept.formulasAsValues.map { "\($0.sheet)!\($0.cell)" })
  let dateShift: Double = original.dateSystem == .from1904 && copy.dateSystem == .from1900 ? 1462 : 0
  for (a, b) in zip(original.sheets, copy.sheets) {
    if (a.visibility != .visible) != (b.visibility != .visible) { fatalError("→ \(to): \(a.name) visibility changed") }
    var copied: [CellReference: CellValue] = [:]
    for c in b.cells { if let v = c.value { copied[c.reference] = v } }
    for c in a.cells {
      guard let v = c.value else { continue }
      if !same(v, copied[c.reference], dateShift: dateShift) {
        fatalError("→ \(to): \(a.name)!\(c.reference): \(v) became \(String(describing: copied[c.reference]))")
      }
    }
    let merges = { (m: [CellRange]) in Set(m.filter { $0.start != $0.end }) }
    if merges(a.merged) != merges(b.merged) { fatalError("→ \(to): \(a.name) merges \(a.merged) became \(b.merged)") }
    let keptA = Set(a.formulas.keys.filter { !asValues.contains("\(a.name)!\($0)") })
    if keptA != Set(b.formulas.keys) {
      fatalError("→ \(to): \(a.name) formulas at \(keptA.sorted().prefix(5)) became \(Set(b.formulas.keys).sorted().prefix(5))")
    }
  }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
  let bytes = UnsafeBufferPointer(start: data, count: size)
  let ods = looksLikeODS(bytes)
  guard let path = writeWorkbook(data, size, ext: ods ? "ods" : "xlsx") else { return 0 }
  defer { unlink(path) }
  guard let original = try? Workbook(contentsOf: path, options: fuzzOptions) else { return 0 }
  for target in [SpreadsheetFormat.xlsx, .ods] {
    let output = path + ".copy." + target.rawValue
    defer { unlink(output) }
    let translation = WorkbookTranslation.translate(original, to: target)
    do throws(SpreadsheetError) {
      try WorkbookWriter.write(translation.workbook, to: output, replacing: true)
    } catch {
      continue
    }
    let copy: Workbook
    do throws(SpreadsheetError) {
      copy = try Workbook(contentsOf: output, options: fuzzOptions)
    } catch {
      fatalError("the copy in \(target.rawValue) does not read back: \(error)")
    }
    compare(original, copy, kept: translation, target: target)
  }
  return 0
}

/// An ODS input: a parts list naming `content.xml`, or a file whose bytes name the ODF mimetype.
func looksLikeODS(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
  if bytes.first == partSeparator {
    return parts(bytes).contains { $0.0 == "content.xml" }
  }
  let needle = Array("opendocument.spreadsheet".utf8)
  let head = Array(bytes.prefix(256))
  guard head.count >= needle.count else { return false }
  return (0...(head.count - needle.count)).contains { i in head[i..<i + needle.count].elementsEqual(needle) }
}

/// The program's entry (see ``runFuzzer``).
@_cdecl("FuzzConvert_main")
public func fuzzerMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
  runFuzzer(argc, argv) { data, size in
    guard let data else { return 0 }
    return fuzz(data, size)
  }
}
