// Shared by the reader fuzz targets: turn fuzz bytes into a workbook file, read it the ways the
// commands do, and use every value, so that only real crashes and hangs stop the fuzzer.
import Archive
import Diagnostics
import Workbook

#if canImport(Glibc)
  import Glibc
#endif

/// Record and field separators of the "parts" input form: `\u{1}NAME\u{2}BYTES` repeated.
/// A fuzz input that starts with `\u{1}` is a list of package parts, zipped here (stored) into a
/// package; any other input is the file's bytes as they are. The parts form lets mutations reach
/// the XML readers instead of dying on a zip CRC; `scripts/fuzz_seeds.py` writes both forms.
public let partSeparator: UInt8 = 0x01
public let nameSeparator: UInt8 = 0x02

/// One temporary file per process (and extension) in /dev/shm when it exists.
private func temporaryPath(_ ext: String) -> String {
  let dir = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp"
  return "\(dir)/equilibre-fuzz-\(getpid()).\(ext)"
}

/// Splits a parts-form input into (name, bytes) pairs; records without a name separator are skipped.
/// The separators are found with `memchr`: libc is not instrumented, and a Swift byte loop here
/// cost a fifth of each execution in coverage callbacks on bytes no reader ever sees.
public func parts(_ bytes: UnsafeBufferPointer<UInt8>) -> [(String, [UInt8])] {
  guard let base = bytes.baseAddress else { return [] }
  var out: [(String, [UInt8])] = []
  var start = 0
  while start < bytes.count {
    let rest = bytes.count - start
    let end = memchr(base + start, Int32(partSeparator), rest).map { UnsafeRawPointer(base).distance(to: $0) } ?? bytes.count
    if end > start, let cut = memchr(base + start, Int32(nameSeparator), end - start) {
      let cutIndex = UnsafeRawPointer(base).distance(to: cut)
      let name = String(decoding: UnsafeBufferPointer(start: base + start, count: cutIndex - start), as: UTF8.self)
      out.append((name, Array(UnsafeBufferPointer(start: base + cutIndex + 1, count: end - cutIndex - 1))))
    }
    start = end + 1
  }
  return out
}

/// Writes the fuzz input as a workbook file with extension `ext`; nil when the parts can't be zipped.
public func writeWorkbook(_ data: UnsafePointer<UInt8>, _ size: Int, ext: String) -> String? {
  let path = temporaryPath(ext)
  let bytes = UnsafeBufferPointer(start: data, count: size)
  if size > 0, data[0] == partSeparator {
    do throws(SpreadsheetError) {
      let writer = try ArchiveWriter(path: path, replacing: true)
      for (name, content) in parts(bytes) where !name.isEmpty {
        // The ODF mimetype entry must come first and stored; everything is stored here.
        try writer.add(name, content, compressed: false)
      }
      try writer.commit()
    } catch {
      return nil
    }
    return path
  }
  guard let file = fopen(path, "wb") else { fatalError("cannot write \(path)") }
  if size > 0 { _ = fwrite(data, 1, size, file) }
  fclose(file)
  return path
}

/// The default caps, but at most 100,000 cells. A 900-byte ODS can repeat a cell a million times;
/// read, typed and laid out as JSON under ASan that passes the 1 GiB RSS limit (the release build
/// needs 345 MB for `cells --format json` on it), and each such input takes seconds. The cell cap
/// itself is tested in the unit tests; the fuzzer does better spending its time elsewhere.
public let fuzzOptions = ReadOptions(maxCells: 100_000)

/// Reads the file the ways `info`, `cells` and `check` do, touching every value: first through
/// the streaming statistics of `info` when `streaming` (XLSX has its own; ODS statistics are a
/// whole read, so they would only read the file twice), then whole.
/// A thrown ``SpreadsheetError`` is a correct refusal; anything else stops the fuzzer.
public func exerciseReaders(path: String, streaming: Bool) {
  defer { unlink(path) }
  var sink = 0
  if streaming, let stats = try? WorkbookStatistics(contentsOf: path, options: fuzzOptions) {
    for sheet in stats.sheets { sink &+= sheet.cellCount &+ sheet.formulaCount &+ sheet.name.utf8.count }
  }
  if let workbook = try? Workbook(contentsOf: path, options: fuzzOptions) {
    for sheet in workbook.sheets {
      _ = sheet.usedRange
      for cell in sheet.cells {
        sink &+= cell.reference.description.utf8.count
        if let value = cell.value { sink &+= workbook.typed(value).text.utf8.count }
      }
      for (_, formula) in sheet.formulas { sink &+= formula.text.utf8.count }
    }
    for name in workbook.definedNames { sink &+= name.formula.utf8.count }
    sink &+= workbook.truthLayout().serialized().utf8.count
  }
  blackHole(sink)
}

@inline(never) public func blackHole(_ x: Int) {
  if x == -0x7fff_ffff_1234 { print(x) }
}

/// libFuzzer's entry point for programs that keep their own `main`.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
  _ argc: UnsafeMutablePointer<Int32>,
  _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
  _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
) -> Int32

/// Runs libFuzzer with the process's arguments. SwiftPM links a debug executable with
/// `--defsym main=MODULE_main`, so each target defines `MODULE_main` and lands here instead of
/// in libFuzzer's own `main`.
public func runFuzzer(
  _ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
  _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
) -> Int32 {
  var count = argc
  var vector = argv
  return LLVMFuzzerRunDriver(&count, &vector, callback)
}
