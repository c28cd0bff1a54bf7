// libFuzzer target: the XLSX reader (`info`'s streaming path and the whole read), from raw
// file bytes or from a list of package parts (see FuzzSupport).
import FuzzSupport

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
  // Inputs of odd length go through the streaming statistics of `info` too, the others only
  // through the whole read: both paths are covered, at half the cost of reading every input twice.
  if let path = writeWorkbook(data, size, ext: "xlsx") { exerciseReaders(path: path, streaming: size % 2 == 1) }
  return 0
}

/// The program's entry (see ``runFuzzer``).
@_cdecl("FuzzXLSX_main")
public func fuzzerMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
  runFuzzer(argc, argv) { data, size in
    guard let data else { return 0 }
    return fuzz(data, size)
  }
}
