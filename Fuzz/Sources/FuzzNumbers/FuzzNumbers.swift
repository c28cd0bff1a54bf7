// libFuzzer target: the number and date text parsers, and the date formatting of `cells`.
//
// - `NumberParser.parseDouble` must agree with `strtod` in the C locale whenever it accepts a
//   text (its fast path must round like strtod), and accept only finite numbers.
// - `DateSerial.serial(iso:system:)` must not trap on any text.
// - The ISO formatting of a serial (`typed`, used by `cells` and the truth layout) must not trap
//   on any finite number a cell can hold.
import FuzzSupport
import Workbook
import XMLStream

#if canImport(Glibc)
  import Glibc
#endif

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
  let bytes = UnsafeBufferPointer(start: data, count: size)
  let text = String(decoding: bytes, as: UTF8.self)
  let system: DateSystem = size > 0 && data[0] & 1 == 1 ? .from1904 : .from1900

  // Numbers, checked against strtod on the same trimmed bytes.
  if let value = NumberParser.parseDouble(data, size) {
    precondition(value.isFinite, "parseDouble returned a non-finite number")
    var lo = 0
    var hi = size
    let space: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
    while lo < hi, space(data[lo]) { lo += 1 }
    while hi > lo, space(data[hi - 1]) { hi -= 1 }
    var copy = [CChar](repeating: 0, count: hi - lo + 1)
    for i in lo..<hi { copy[i - lo] = CChar(bitPattern: data[i]) }
    let expected = copy.withUnsafeBufferPointer { strtod($0.baseAddress!, nil) }
    precondition(
      value.bitPattern == expected.bitPattern,
      "parseDouble(\(text.debugDescription)) = \(value), strtod says \(expected)")
    blackHole(Int(truncatingIfNeeded: formatAll(value, system)))
  }
  _ = NumberParser.parseDouble(text)

  // Dates.
  if let serial = DateSerial.serial(iso: text, system: system), serial.isFinite {
    blackHole(formatAll(serial, system))
  }

  // Any 8 bytes as a double: a cell's number can be any finite value.
  if size >= 8 {
    var raw: UInt64 = 0
    for i in 0..<8 { raw |= UInt64(data[i]) << (8 * UInt64(i)) }
    let d = Double(bitPattern: raw)
    if d.isFinite { blackHole(formatAll(d, system)) }
  }
  return 0
}

/// Formats a number every way `cells` may show it.
func formatAll(_ d: Double, _ system: DateSystem) -> Int {
  let workbook = Workbook(format: .xlsx, dateSystem: system)
  var n = 0
  for kind in [NumberKind.plain, .date, .time, .dateTime, .duration, .percentage, .currency] {
    n &+= workbook.typed(.number(d, kind)).text.utf8.count
  }
  return n
}

/// The program's entry (see ``runFuzzer``).
@_cdecl("FuzzNumbers_main")
public func fuzzerMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
  runFuzzer(argc, argv) { data, size in
    guard let data else { return 0 }
    return fuzz(data, size)
  }
}
