// libFuzzer target: the ODS reader (a whole read, as `info` and `cells` do), from raw file bytes
// or from a list of package parts (see FuzzSupport).
import FuzzSupport

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
  if let path = writeWorkbook(data, size, ext: "ods") { exerciseReaders(path: path, streaming: false) }
  return 0
}

/// The program's entry (see ``runFuzzer``).
@_cdecl("FuzzODS_main")
public func fuzzerMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
  runFuzzer(argc, argv) { data, size in
    guard let data else { return 0 }
    return fuzz(data, size)
  }
}
