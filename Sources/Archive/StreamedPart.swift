internal import CZip
import Dispatch
import Diagnostics

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A part handed to the archive in pieces as it is written, so that a big part is never held
/// whole: past `threshold` bytes, the pieces are deflated (raw deflate, zlib level 1) on a
/// second thread while the writer goes on, and only the compressed bytes are kept until
/// ``ArchiveWriter/add(_:prefix:streamed:)`` puts them in the archive.
///
/// A part that stays under `threshold` is kept as it is and added like any other (deflated by
/// libzip at level 6): small workbooks give the same bytes as when their parts were built whole.
/// The compressed bytes depend only on the bytes written, never on the threads' timing.
public final class StreamedPart: @unchecked Sendable {
  public let threshold: Int
  /// Pieces kept while under `threshold` (only touched by the writer's thread).
  private var pending: [[UInt8]] = []
  private var pendingSize = 0
  /// The deflater, created past `threshold`; touched only on `queue` once started.
  private var stream: Deflater?
  private let queue = DispatchQueue(label: "equilibre.deflate")
  /// At most this many pieces wait for the deflater: the writer waits rather than piling them up.
  private let slots = DispatchSemaphore(value: 4)

  public init(threshold: Int = 4 << 20) { self.threshold = threshold }

  /// Appends these bytes to the part.
  public func write(_ bytes: [UInt8]) {
    guard !bytes.isEmpty else { return }
    if let stream {
      slots.wait()
      queue.async { [slots] in
        stream.feed(bytes, finish: false)
        slots.signal()
      }
      return
    }
    pending.append(bytes)
    pendingSize += bytes.count
    if pendingSize > threshold {
      let started = Deflater(level: 1)
      stream = started
      let kept = pending
      pending = []
      queue.async {
        for piece in kept { started.feed(piece, finish: false) }
      }
    }
  }

  /// True when the part went past `threshold` and is being deflated here.
  public var isStreamed: Bool { stream != nil }

  /// The part's bytes when it stayed under `threshold`.
  var plainChunks: [[UInt8]] { pending }

  /// How many bytes are kept as they are (all of them, when the part stayed under `threshold`).
  public var plainSize: Int { pendingSize }

  /// Ends the stream: the raw deflate bytes, the CRC-32 and the size of what was written.
  func finish() -> (compressed: [UInt8], crc: UInt, size: Int) {
    guard let stream else { return ([], 0, 0) }
    queue.sync { stream.feed([], finish: true) }
    return (stream.output, stream.crc, stream.size)
  }
}

/// zlib's raw deflate, fed piece by piece.
/// Used by one thread at a time: a ``StreamedPart``'s queue, or the caller alone.
final class Deflater: @unchecked Sendable {
  private var z = z_stream()
  private(set) var output: [UInt8] = []
  private(set) var crc: UInt = crc32(0, nil, 0)
  private(set) var size = 0
  private var buffer = [UInt8](repeating: 0, count: 256 << 10)

  init(level: Int) {
    // Raw deflate (negative window bits), as zip entries hold it; memLevel 8 is zlib's default.
    _ = deflateInit2_(&z, Int32(level), Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
  }

  deinit { deflateEnd(&z) }

  /// Deflates `bytes`; `finish` ends the stream (Z_FINISH), `sync` ends it on a byte boundary
  /// without a final block (Z_SYNC_FLUSH), so that another stream can follow it.
  func feed(_ bytes: [UInt8], finish: Bool, sync: Bool = false) {
    size += bytes.count
    bytes.withUnsafeBufferPointer { input in
      if input.count > 0 { crc = crc32(crc, input.baseAddress, UInt32(input.count)) }
      z.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
      z.avail_in = UInt32(input.count)
      let flush = finish ? Z_FINISH : (sync ? Z_SYNC_FLUSH : Z_NO_FLUSH)
      buffer.withUnsafeMutableBufferPointer { out in
        while true {
          z.next_out = out.baseAddress
          z.avail_out = UInt32(out.count)
          let rc = deflate(&z, flush)
          let produced = out.count - Int(z.avail_out)
          output.append(contentsOf: out[0..<produced])
          if rc == Z_STREAM_END || rc == Z_STREAM_ERROR { break }
          // Done when zlib took all input and had room left (nothing more pending).
          if z.avail_in == 0 && z.avail_out > 0 && !finish { break }
          if rc == Z_BUF_ERROR && z.avail_in == 0 { break }
        }
      }
      z.next_in = nil
    }
  }
}

/// What the source callback serves: the compressed bytes and their stat.
private final class CompressedSource {
  let bytes: [UInt8]
  let crc: UInt32
  let size: Int
  var offset = 0
  init(bytes: [UInt8], crc: UInt32, size: Int) {
    self.bytes = bytes
    self.crc = crc
    self.size = size
  }
}

/// The fixed time of every entry (see ``ArchiveWriter``).
let entryTime: time_t = 315_532_800 + 86400

private func compressedSourceCallback(
  _ user: UnsafeMutableRawPointer?, _ data: UnsafeMutableRawPointer?, _ length: zip_uint64_t, _ command: zip_source_cmd_t
) -> zip_int64_t {
  guard let user else { return -1 }
  let source = Unmanaged<CompressedSource>.fromOpaque(user).takeUnretainedValue()
  switch command {
  case ZIP_SOURCE_OPEN:
    source.offset = 0
    return 0
  case ZIP_SOURCE_READ:
    let n = min(Int(length), source.bytes.count - source.offset)
    if n > 0, let data {
      source.bytes.withUnsafeBytes { _ = memcpy(data, $0.baseAddress! + source.offset, n) }
    }
    source.offset += n
    return zip_int64_t(n)
  case ZIP_SOURCE_CLOSE:
    return 0
  case ZIP_SOURCE_STAT:
    guard let data else { return -1 }
    let st = data.assumingMemoryBound(to: zip_stat_t.self)
    zip_stat_init(st)
    st.pointee.size = zip_uint64_t(source.size)
    st.pointee.comp_size = zip_uint64_t(source.bytes.count)
    st.pointee.comp_method = zip_uint16_t(ZIP_CM_DEFLATE)
    st.pointee.crc = source.crc
    st.pointee.mtime = entryTime
    st.pointee.valid = zip_uint64_t(ZIP_STAT_SIZE | ZIP_STAT_COMP_SIZE | ZIP_STAT_COMP_METHOD | ZIP_STAT_CRC | ZIP_STAT_MTIME)
    return zip_int64_t(MemoryLayout<zip_stat_t>.size)
  case ZIP_SOURCE_ERROR:
    guard let data else { return -1 }
    let codes = data.assumingMemoryBound(to: Int32.self)
    codes[0] = 0
    codes[1] = 0
    return zip_int64_t(2 * MemoryLayout<Int32>.size)
  case ZIP_SOURCE_FREE:
    Unmanaged<CompressedSource>.fromOpaque(user).release()
    return 0
  case ZIP_SOURCE_SUPPORTS:
    let commands = [ZIP_SOURCE_OPEN, ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE, ZIP_SOURCE_STAT, ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE, ZIP_SOURCE_SUPPORTS]
    return commands.reduce(zip_int64_t(0)) { $0 | (zip_int64_t(1) << zip_int64_t($1.rawValue)) }
  default:
    return -1
  }
}

extension ArchiveWriter {
  /// Adds entry `name` made of `prefix` then what `streamed` was given. A streamed part is
  /// stored as its deflated bytes, `prefix` deflated apart and put first (a raw deflate stream
  /// ended by a sync flush can be followed by another); a part that stayed small is added whole,
  /// at `level`.
  public func add(_ name: String, prefix: [UInt8] = [], streamed: StreamedPart, level: Int = 6) throws(SpreadsheetError) {
    guard streamed.isStreamed else {
      try add(name, chunks: [prefix] + streamed.plainChunks, level: level)
      return
    }
    let body = streamed.finish()
    var bytes: [UInt8]
    var crc: UInt
    var size: Int
    if prefix.isEmpty {
      (bytes, crc, size) = body
    } else {
      let head = Deflater(level: 1)
      head.feed(prefix, finish: false, sync: true)
      bytes = head.output
      bytes.append(contentsOf: body.compressed)
      crc = crc32_combine(head.crc, body.crc, off_t(body.size))
      size = head.size + body.size
    }
    try addCompressed(name, CompressedSourceBox(bytes: bytes, crc: UInt32(truncatingIfNeeded: crc), size: size))
  }
}

/// Hands a ``CompressedSource`` to ``ArchiveWriter`` without making it public.
struct CompressedSourceBox {
  fileprivate let source: CompressedSource
  init(bytes: [UInt8], crc: UInt32, size: Int) { source = CompressedSource(bytes: bytes, crc: crc, size: size) }

  /// A libzip source serving the bytes; libzip releases it (ZIP_SOURCE_FREE).
  func zipSource(_ za: OpaquePointer) -> OpaquePointer? {
    let user = Unmanaged.passRetained(source).toOpaque()
    guard let s = zip_source_function(za, compressedSourceCallback, user) else {
      Unmanaged<CompressedSource>.fromOpaque(user).release()
      return nil
    }
    return s
  }
}
