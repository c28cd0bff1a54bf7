internal import CZip
import Diagnostics

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Caps that keep a hostile archive from exhausting time or memory.
public struct ArchiveLimits: Sendable, Equatable {
  /// The most bytes one entry may inflate to (default 1 GiB; `--max-inflated-mib`).
  public var maxInflatedBytes: Int64
  /// The highest inflated-to-compressed ratio an entry may reach once it has inflated past
  /// ``ratioFloorBytes`` (default 400; `--max-inflate-ratio`). Deflate tops out near 1032:1.
  public var maxInflateRatio: Int64
  /// Entries smaller than this are never refused for their ratio (16 MiB).
  public var ratioFloorBytes: Int64
  /// The most entries an archive may list (default 100,000; `--max-zip-entries`).
  public var maxEntries: Int
  /// The most bytes all the entries read from one archive may inflate to together (default 1 GiB;
  /// `--max-total-inflated-mib`): entries just under the ratio floor, or one entry read again
  /// and again, are refused here.
  public var maxTotalInflatedBytes: Int64

  public init(
    maxInflatedBytes: Int64 = 1 << 30, maxInflateRatio: Int64 = 400,
    ratioFloorBytes: Int64 = 16 << 20, maxEntries: Int = 100_000, maxTotalInflatedBytes: Int64 = 1 << 30
  ) {
    self.maxTotalInflatedBytes = maxTotalInflatedBytes
    self.maxInflatedBytes = maxInflatedBytes
    self.maxInflateRatio = maxInflateRatio
    self.ratioFloorBytes = ratioFloorBytes
    self.maxEntries = maxEntries
  }

  public static let `default` = ArchiveLimits()
}

/// What kind of container a file's first bytes announce.
public enum ContainerKind: Sendable, Equatable {
  case zip
  /// An OLE2 compound file holding an encrypted OOXML package (`EncryptedPackage` stream).
  case encryptedOOXML
  /// An OLE2 compound file holding a legacy workbook (.xls) or anything else.
  case ole2
  case other
}

/// A zip archive opened read-only through libzip.
///
/// The archive owns its `zip_t` and discards it in `deinit`. Entry names are matched
/// case-insensitively, as OPC (ECMA-376 Part 2 §6.2.2.3) requires for part names; two
/// entries whose names differ only by case are refused as `zip.corrupt`.
public final class Archive {
  let handle: OpaquePointer
  /// The path the archive was opened from, as given.
  public let path: String
  public let limits: ArchiveLimits
  /// Entry names in archive order.
  public let entryNames: [String]
  private let indexByFoldedName: [String: Int]
  /// The bytes inflated so far by every read of this archive, against
  /// ``ArchiveLimits/maxTotalInflatedBytes``.
  public private(set) var inflatedSoFar: Int64 = 0

  /// Opens `path` as a zip archive.
  ///
  /// - Throws: `zip.notZip` for anything that is not a zip, `workbook.encrypted` and
  ///   `workbook.legacyXls` for OLE2 containers, `zip.corrupt` for damaged archives,
  ///   `zip.limit` past ``ArchiveLimits/maxEntries``, `io.failed` when the file can't be read.
  public init(path: String, limits: ArchiveLimits = .default) throws(SpreadsheetError) {
    self.path = path
    self.limits = limits
    let here = SpreadsheetError.Location(file: path)
    switch try Archive.sniff(path: path) {
    case .zip: break
    case .encryptedOOXML:
      throw SpreadsheetError(.encrypted, .encryptedPackage, at: here)
    case .ole2:
      throw SpreadsheetError(.legacyXLS, .legacyBinary, at: here)
    case .other:
      throw SpreadsheetError(.notZip, .notZip, at: here)
    }
    var code: Int32 = 0
    guard let za = zip_open(path, ZIP_RDONLY, &code) else {
      var error = zip_error_t()
      zip_error_init_with_code(&error, code)
      let text = String(cString: zip_error_strerror(&error))
      zip_error_fini(&error)
      // The file starts like a zip, so any failure here is damage (truncation, bad directory).
      throw SpreadsheetError(.zipCorrupt, .zipDamaged(Cause(.libzip, code: code, text: text)), at: here)
    }
    handle = za
    let count = zip_get_num_entries(za, 0)
    guard count >= 0, count <= Int64(limits.maxEntries) else {
      zip_discard(za)
      throw SpreadsheetError(.zipLimit, .tooManyEntries(count: count, limit: limits.maxEntries), at: here)
    }
    var names: [String] = []
    var index: [String: Int] = [:]
    names.reserveCapacity(Int(count))
    for i in 0..<Int(count) {
      guard let raw = zip_get_name(za, zip_uint64_t(i), zip_flags_t(ZIP_FL_ENC_GUESS)) else {
        names.append("")
        continue
      }
      let name = String(cString: raw)
      let folded = Archive.fold(name)
      if index[folded] != nil {
        zip_discard(za)
        throw SpreadsheetError(.zipCorrupt, .duplicateEntry(name), at: here)
      }
      index[folded] = i
      names.append(name)
    }
    entryNames = names
    indexByFoldedName = index
  }

  deinit { zip_discard(handle) }

  /// Reads the first bytes of a file and says what container they announce.
  /// Only a regular file is read: a pipe would block the batch forever, a device (a link to
  /// /dev/zero or /dev/urandom) never ends.
  public static func sniff(path: String) throws(SpreadsheetError) -> ContainerKind {
    // Non-blocking, so that opening a FIFO returns at once; fstat then says what was opened.
    let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
    guard fd >= 0 else {
      let cause = Cause.system(errno)
      throw SpreadsheetError(.io, errno == ENOENT ? .noSuchFile : .cannotOpen(cause), at: .init(file: path))
    }
    var info = stat()
    guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
      let folder = info.st_mode & S_IFMT == S_IFDIR
      close(fd)
      throw SpreadsheetError(.io, folder ? .isFolder : .notRegularFile, at: .init(file: path))
    }
    guard let file = fdopen(fd, "rb") else {
      let cause = Cause.system(errno)
      close(fd)
      throw SpreadsheetError(.io, .cannotOpen(cause), at: .init(file: path))
    }
    defer { fclose(file) }
    var head = [UInt8](repeating: 0, count: 8)
    let n = fread(&head, 1, 8, file)
    if n >= 4, head[0] == 0x50, head[1] == 0x4B, (head[2] == 3 || head[2] == 5 || head[2] == 7) {
      return .zip
    }
    let ole: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]
    guard n == 8, head == ole else { return .other }
    // The directory names its streams in UTF-16LE; an encrypted OOXML package has
    // "EncryptedPackage". Scan at most the first 8 MiB for it.
    let needle = Array("EncryptedPackage".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
    var buffer = [UInt8](repeating: 0, count: 1 << 16)
    var carry: [UInt8] = []
    var total = 0
    while total < 8 << 20 {
      let got = fread(&buffer, 1, buffer.count, file)
      if got <= 0 { break }
      total += got
      let window = carry + buffer[0..<got]
      if contains(window, needle) { return .encryptedOOXML }
      carry = Array(window.suffix(needle.count))
    }
    return .ole2
  }

  private static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
    guard haystack.count >= needle.count, let first = needle.first else { return false }
    var i = 0
    let last = haystack.count - needle.count
    while i <= last {
      if haystack[i] == first {
        var j = 1
        while j < needle.count, haystack[i + j] == needle[j] { j += 1 }
        if j == needle.count { return true }
      }
      i += 1
    }
    return false
  }

  /// A part name folded for case-insensitive matching: ASCII letters lowered (OPC compares part
  /// names ASCII case-insensitively; other characters are kept as they are).
  static func fold(_ name: String) -> String {
    guard name.utf8.contains(where: { $0 >= 0x41 && $0 <= 0x5A }) else { return name }
    return String(decoding: name.utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }, as: UTF8.self)
  }

  /// Whether the archive has an entry with this name (case-insensitive).
  public func contains(_ name: String) -> Bool { indexByFoldedName[Archive.fold(name)] != nil }

  /// The position of an entry in the archive (case-insensitive name), or nil.
  func index(of name: String) -> Int? { indexByFoldedName[Archive.fold(name)] }

  /// The archive's name for this entry, with its own case, or nil.
  public func entryName(matching name: String) -> String? {
    indexByFoldedName[Archive.fold(name)].map { entryNames[$0] }
  }

  /// The declared inflated size of an entry.
  public func declaredSize(of name: String) -> Int64? {
    guard let i = indexByFoldedName[Archive.fold(name)] else { return nil }
    var st = zip_stat_t()
    zip_stat_init(&st)
    guard zip_stat_index(handle, zip_uint64_t(i), 0, &st) == 0 else { return nil }
    return Int64(st.size)
  }

  /// Whether an entry is stored without compression (method 0), or nil when there is no such
  /// entry (`zip_stat_index`).
  public func isStored(_ name: String) -> Bool? {
    guard let i = indexByFoldedName[Archive.fold(name)] else { return nil }
    var st = zip_stat_t()
    zip_stat_init(&st)
    guard zip_stat_index(handle, zip_uint64_t(i), 0, &st) == 0 else { return nil }
    return st.comp_method == UInt16(ZIP_CM_STORE)
  }

  /// Reads a whole entry into memory (for small parts: relationships, workbook, styles).
  ///
  /// - Throws: `workbook.missingPart` when absent, `zip.corrupt`, `zip.limit`.
  public func read(_ name: String) throws(SpreadsheetError) -> [UInt8] {
    var out: [UInt8] = []
    try stream(name) { chunk in out.append(contentsOf: chunk) }
    return out
  }

  /// Streams an entry's inflated bytes to `body`, chunk by chunk.
  ///
  /// The buffer is lent for the duration of each call only. Calls `zip_fopen_index` and
  /// `zip_fread`; counts the bytes against ``ArchiveLimits``.
  /// - Throws: `workbook.missingPart` when absent, `zip.corrupt` on a bad stream or CRC,
  ///   `zip.limit` past the caps, and whatever `body` throws.
  public func stream(
    _ name: String, chunkSize: Int = 1 << 16,
    _ body: (UnsafeRawBufferPointer) throws(SpreadsheetError) -> Void
  ) throws(SpreadsheetError) {
    let here = SpreadsheetError.Location(file: path, part: name)
    guard let i = indexByFoldedName[Archive.fold(name)] else {
      throw SpreadsheetError(.missingPart, .missingPart(name), at: here)
    }
    var st = zip_stat_t()
    zip_stat_init(&st)
    guard zip_stat_index(handle, zip_uint64_t(i), 0, &st) == 0 else {
      throw SpreadsheetError(.zipCorrupt, .entryDamaged(archiveCause()), at: here)
    }
    let compressed = Int64(st.comp_size)
    if Int64(st.size) > limits.maxInflatedBytes {
      throw SpreadsheetError(
        .zipLimit, .entryDeclaresTooMuch(bytes: UInt64(st.size), limitMiB: limits.maxInflatedBytes / (1 << 20)), at: here)
    }
    guard let file = zip_fopen_index(handle, zip_uint64_t(i), 0) else {
      let code = zip_error_code_zip(zip_get_error(handle))
      if code == ZIP_ER_NOPASSWD || code == ZIP_ER_WRONGPASSWD || code == ZIP_ER_ENCRNOTSUPP {
        throw SpreadsheetError(.encrypted, .entryEncrypted, at: here)
      }
      throw SpreadsheetError(.zipCorrupt, .entryDamaged(archiveCause()), at: here)
    }
    defer { zip_fclose(file) }
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 16)
    defer { buffer.deallocate() }
    var total: Int64 = 0
    // A reader's refusal of damaged-looking bytes, held while the rest of the entry is read: damaged
    // data reaches the parser before the CRC at the entry's end is checked, and the damage, not
    // its symptom, is what to report. A cap reached meanwhile stops the reading quietly.
    var refusal: SpreadsheetError? = nil
    while true {
      let n = zip_fread(file, buffer.baseAddress, zip_uint64_t(chunkSize))
      if n < 0 {
        let error = zip_file_get_error(file)
        let cause = Cause(.libzip, code: zip_error_code_zip(error), text: String(cString: zip_error_strerror(error)))
        throw SpreadsheetError(.zipCorrupt, .entryDamaged(cause), at: here)
      }
      if n == 0 { break }
      total += Int64(n)
      inflatedSoFar += Int64(n)
      if let capped = capError(total: total, compressed: compressed, at: here) { throw refusal ?? capped }
      guard refusal == nil else { continue }
      do {
        try body(UnsafeRawBufferPointer(rebasing: buffer[0..<Int(n)]))
      } catch where error.code == .xmlMalformed || error.code == .invalid {
        refusal = error
      }
    }
    if let refusal { throw refusal }
  }

  /// The cap an entry that has inflated to `total` bytes (from `compressed`) has passed, if any:
  /// all the entries read together, this entry's size, its inflate ratio.
  private func capError(total: Int64, compressed: Int64, at here: SpreadsheetError.Location) -> SpreadsheetError? {
    if inflatedSoFar > limits.maxTotalInflatedBytes {
      return SpreadsheetError(.zipLimit, .totalInflatesTooMuch(limitMiB: limits.maxTotalInflatedBytes / (1 << 20)), at: here)
    }
    if total > limits.maxInflatedBytes {
      return SpreadsheetError(.zipLimit, .entryInflatesTooMuch(limitMiB: limits.maxInflatedBytes / (1 << 20)), at: here)
    }
    if total > limits.ratioFloorBytes, total > limits.maxInflateRatio * max(compressed, 1) {
      return SpreadsheetError(
        .zipLimit, .inflateRatio(ratio: limits.maxInflateRatio, inflated: total, compressed: compressed), at: here)
    }
    return nil
  }

  /// The archive's last libzip error, with libzip's own text.
  private func archiveCause() -> Cause {
    let error = zip_get_error(handle)
    return Cause(.libzip, code: zip_error_code_zip(error), text: String(cString: zip_error_strerror(error)))
  }
}
