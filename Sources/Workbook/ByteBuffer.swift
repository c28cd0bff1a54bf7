/// A growable byte buffer for the readers' hot paths: cheaper to clear and append to than an
/// `Array`, since it never checks uniqueness. Owned by one reader; freed with ``deallocate()``.
struct ByteBuffer {
  private(set) var base: UnsafeMutablePointer<UInt8>
  private(set) var count = 0
  private var capacity: Int

  init(capacity: Int = 256) {
    self.capacity = capacity
    base = .allocate(capacity: capacity)
  }

  /// Frees the storage; the buffer must not be used afterwards.
  func deallocate() { base.deallocate() }

  var isEmpty: Bool { count == 0 }

  mutating func removeAll() { count = 0 }

  mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
    guard let source = bytes.baseAddress, bytes.count > 0 else { return }
    if count + bytes.count > capacity {
      var newCapacity = capacity * 2
      while newCapacity < count + bytes.count { newCapacity *= 2 }
      let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
      grown.update(from: base, count: count)
      base.deallocate()
      base = grown
      capacity = newCapacity
    }
    (base + count).update(from: source, count: bytes.count)
    count += bytes.count
  }

  /// Drops XML whitespace from both ends of the bytes from `start` on.
  mutating func trimWhitespace(from start: Int) {
    var end = count
    while end > start, XMLWhitespace.isSpace(base[end - 1]) { end -= 1 }
    var begin = start
    while begin < end, XMLWhitespace.isSpace(base[begin]) { begin += 1 }
    if begin > start { (base + start).update(from: base + begin, count: end - begin) }
    count = start + (end - begin)
  }

  /// The bytes, lent to `body`.
  func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
    try body(UnsafeBufferPointer(start: base, count: count))
  }

  /// The bytes as an array (for the escape decoder).
  var array: [UInt8] { Array(UnsafeBufferPointer(start: base, count: count)) }

  /// The bytes decoded as UTF-8.
  var string: String { String(decoding: UnsafeBufferPointer(start: base, count: count), as: UTF8.self) }
}
