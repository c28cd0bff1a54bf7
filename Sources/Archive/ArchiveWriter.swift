internal import CZip
import Diagnostics

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Writes a new zip archive through libzip, atomically: entries go to a temporary file
/// beside the destination, which replaces the destination only when ``commit()`` succeeds.
/// An existing file is never overwritten unless `replacing` is true.
public final class ArchiveWriter {
  private var handle: OpaquePointer?
  public let path: String
  private let temporaryPath: String
  private let replacing: Bool
  private var committed = false

  /// Starts an archive that will be written to `path`.
  /// - Throws: `io.failed` when `path` exists and `replacing` is false, or it can't be created.
  public init(path: String, replacing: Bool = false) throws(SpreadsheetError) {
    self.path = path
    self.replacing = replacing
    if !replacing, access(path, F_OK) == 0 {
      throw SpreadsheetError(.io, .outputExists, at: .init(file: path))
    }
    temporaryPath = path + ".equilibre-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).tmp"
    var code: Int32 = 0
    guard let za = zip_open(temporaryPath, ZIP_CREATE | ZIP_EXCL, &code) else {
      var error = zip_error_t()
      zip_error_init_with_code(&error, code)
      let text = String(cString: zip_error_strerror(&error))
      zip_error_fini(&error)
      throw SpreadsheetError(.io, .cannotWrite(Cause(.libzip, code: code, text: text)), at: .init(file: path))
    }
    handle = za
  }

  deinit {
    if let handle { zip_discard(handle) }
    if !committed { unlink(temporaryPath) }
  }

  /// Adds an entry with these bytes, deflated unless `compressed` is false (the ODF
  /// `mimetype` entry must be stored).
  public func add(_ name: String, _ bytes: [UInt8], compressed: Bool = true) throws(SpreadsheetError) {
    try add(name, chunks: [bytes], compressed: compressed)
  }

  /// Adds an entry made of these chunks one after the other (a part written in pieces is not
  /// joined first: one copy, not two).
  ///
  /// `level` is zlib's (1 fastest … 9 smallest); the writers of whole workbooks ask for 1 on big
  /// parts, where deflating at 6 took a third of a conversion's time.
  public func add(_ name: String, chunks: [[UInt8]], compressed: Bool = true, level: Int = 6) throws(SpreadsheetError) {
    guard let za = handle else { return }
    let size = chunks.reduce(0) { $0 + $1.count }
    // An empty entry has no buffer: libzip keeps no fragment for zero bytes, so it would never
    // free one (LeakSanitizer found the byte malloc(1) lost for each empty entry).
    let copy = size > 0 ? malloc(size) : nil
    if size > 0, let copy {
      var offset = 0
      for chunk in chunks where !chunk.isEmpty {
        chunk.withUnsafeBytes { _ = memcpy(copy + offset, $0.baseAddress!, chunk.count) }
        offset += chunk.count
      }
    }
    // libzip frees the buffer (freep = 1) once the archive is written.
    guard let source = zip_source_buffer(za, copy, zip_uint64_t(size), copy == nil ? 0 : 1) else {
      free(copy)
      throw SpreadsheetError(.io, .cannotAddPart(name, errorCause()), at: .init(file: path))
    }
    let index = zip_file_add(za, name, source, zip_flags_t(ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE))
    guard index >= 0 else {
      zip_source_free(source)
      throw SpreadsheetError(.io, .cannotAddPart(name, errorCause()), at: .init(file: path))
    }
    let method = compressed ? ZIP_CM_DEFLATE : ZIP_CM_STORE
    // zlib's own default level (6): libzip's is 9 (`unzip -v` says Defl:X), the slowest, and the
    // bulk of the 4 s a 145 MB ODS content part took to write.
    if zip_set_file_compression(za, zip_uint64_t(index), Int32(method), compressed ? zip_uint32_t(min(max(level, 1), 9)) : 0) != 0 {
      throw SpreadsheetError(.io, .cannotAddPart(name, errorCause()), at: .init(file: path))
    }
    // Fixed timestamps: the same input gives the same bytes.
    _ = zip_file_set_mtime(za, zip_uint64_t(index), entryTime, 0)
  }

  /// Adds an entry already deflated (``StreamedPart``): libzip copies the bytes as they are.
  func addCompressed(_ name: String, _ box: CompressedSourceBox) throws(SpreadsheetError) {
    guard let za = handle else { return }
    guard let source = box.zipSource(za) else {
      throw SpreadsheetError(.io, .cannotAddPart(name, errorCause()), at: .init(file: path))
    }
    let index = zip_file_add(za, name, source, zip_flags_t(ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE))
    guard index >= 0 else {
      zip_source_free(source)
      throw SpreadsheetError(.io, .cannotAddPart(name, errorCause()), at: .init(file: path))
    }
    _ = zip_file_set_mtime(za, zip_uint64_t(index), entryTime, 0)
  }

  /// Adds entry `name` of `archive` as it is stored there: its compressed bytes, method, CRC and
  /// time are copied, not inflated and deflated again. `archive` must stay open until
  /// ``commit()``, which reads the bytes.
  public func copy(_ name: String, from archive: Archive) throws(SpreadsheetError) {
    guard let za = handle else { return }
    guard let index = archive.index(of: name) else {
      throw SpreadsheetError(.missingPart, .missingPart(name), at: .init(file: archive.path, part: name))
    }
    guard
      let source = zip_source_zip(za, archive.handle, zip_uint64_t(index), zip_flags_t(ZIP_FL_COMPRESSED), 0, -1)
    else {
      throw SpreadsheetError(.io, .cannotAddPart(name, errorCause()), at: .init(file: path))
    }
    let stored = archive.entryNames[index]
    let added = zip_file_add(za, stored, source, zip_flags_t(ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE))
    guard added >= 0 else {
      zip_source_free(source)
      throw SpreadsheetError(.io, .cannotAddPart(name, errorCause()), at: .init(file: path))
    }
    // A new entry asks for the default method (deflate): ask for the source's own instead, so
    // that libzip copies the bytes as they are (a stored ODF `mimetype` stays stored).
    var st = zip_stat_t()
    zip_stat_init(&st)
    guard zip_stat_index(archive.handle, zip_uint64_t(index), 0, &st) == 0,
      zip_set_file_compression(za, zip_uint64_t(added), Int32(st.comp_method), 0) == 0
    else {
      throw SpreadsheetError(.io, .cannotAddPart(name, errorCause()), at: .init(file: path))
    }
  }

  /// Adds an entry from UTF-8 text.
  public func add(_ name: String, text: String, compressed: Bool = true) throws(SpreadsheetError) {
    try add(name, Array(text.utf8), compressed: compressed)
  }

  /// Writes the archive and moves it into place.
  public func commit() throws(SpreadsheetError) {
    guard let za = handle else { return }
    handle = nil
    if zip_close(za) != 0 {
      let error = zip_get_error(za)
      let cause = Cause(.libzip, code: zip_error_code_zip(error), text: String(cString: zip_error_strerror(error)))
      zip_discard(za)
      throw SpreadsheetError(.io, .cannotWrite(cause), at: .init(file: path))
    }
    if replacing {
      if rename(temporaryPath, path) != 0 {
        throw SpreadsheetError(.io, .cannotWrite(.system(errno)), at: .init(file: path))
      }
    } else {
      // A hard link fails if a file appeared at `path` since `init`: nothing is ever replaced.
      if link(temporaryPath, path) != 0 {
        // A file system without hard links (FAT, some network mounts): check, then rename.
        let noLinks = errno == EPERM || errno == ENOTSUP || errno == EOPNOTSUPP
        if noLinks, access(path, F_OK) != 0, rename(temporaryPath, path) == 0 {
          committed = true
          return
        }
        throw SpreadsheetError(.io, errno == EEXIST ? .outputExists : .cannotWrite(.system(errno)), at: .init(file: path))
      }
      unlink(temporaryPath)
    }
    committed = true
  }

  /// The archive's last libzip error, with libzip's own text.
  private func errorCause() -> Cause {
    guard let handle else { return Cause(.libzip, code: -1, text: "closed") }
    let error = zip_get_error(handle)
    return Cause(.libzip, code: zip_error_code_zip(error), text: String(cString: zip_error_strerror(error)))
  }
}
