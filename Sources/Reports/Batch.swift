
#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Runs a job on `count` threads and waits for them.
public enum Workers {
  final class Box: @unchecked Sendable {
    let work: @Sendable () -> Void
    init(_ work: @escaping @Sendable () -> Void) { self.work = work }
  }

  /// Runs `work` on `count` threads (on this one when `count` is 1) and waits for them.
  public static func run(count: Int, _ work: @escaping @Sendable () -> Void) {
    if count <= 1 {
      work()
      return
    }
    var threads: [pthread_t] = []
    for _ in 0..<count {
      let box = Unmanaged.passRetained(Box(work)).toOpaque()
      var thread = pthread_t()
      let rc = pthread_create(
        &thread, nil,
        { raw in
          guard let raw else { return nil }
          let box = Unmanaged<Box>.fromOpaque(raw).takeRetainedValue()
          box.work()
          return nil
        }, box)
      if rc == 0 {
        threads.append(thread)
      } else {
        Unmanaged<Box>.fromOpaque(box).release()
        work()
      }
    }
    for t in threads { pthread_join(t, nil) }
  }
}

/// What a worker keeps of one file: where the summary counts it, how many findings the report
/// hides, and its part of the report.
public struct Stored: Sendable {
  public var category: FileCategory
  public var hidden: Int
  public var rendered: RenderedFile

  public init(category: FileCategory, hidden: Int, rendered: RenderedFile) {
    self.category = category
    self.hidden = hidden
    self.rendered = rendered
  }
}

/// The results of a batch, filled by worker threads in any order and read in input order.
public final class FileChecks: @unchecked Sendable {
  private struct State {
    var outcomes: [Stored?]
    var nextIndex = 0
    var done = 0
  }
  /// Guarded by a pthread mutex, which ThreadSanitizer sees (it does not see the futex under
  /// Synchronization's `Mutex` on Linux, and reported races that were none).
  private let state: PthreadLocked<State>

  /// Room for `count` files.
  public init(count: Int) { state = PthreadLocked(State(outcomes: Array(repeating: nil, count: count))) }

  /// The next file index to check, or nil when all are taken.
  public func next() -> Int? {
    state.withLock { s in
      guard s.nextIndex < s.outcomes.count else { return nil }
      s.nextIndex += 1
      return s.nextIndex - 1
    }
  }

  /// Stores a result; returns how many are done.
  public func store(_ outcome: Stored, at index: Int) -> Int {
    state.withLock { s in
      s.outcomes[index] = outcome
      s.done += 1
      return s.done
    }
  }

  /// The results in input order.
  public func all() -> [Stored] {
    state.withLock { s in
      s.outcomes.map { $0 ?? Stored(category: .unreadable, hidden: 0, rendered: RenderedFile()) }
    }
  }
}

/// A value behind a pthread mutex.
final class PthreadLocked<Value>: @unchecked Sendable {
  private var value: Value
  private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)

  init(_ value: Value) {
    self.value = value
    pthread_mutex_init(mutex, nil)
  }

  deinit {
    pthread_mutex_destroy(mutex)
    mutex.deallocate()
  }

  func withLock<R>(_ body: (inout Value) -> R) -> R {
    pthread_mutex_lock(mutex)
    defer { pthread_mutex_unlock(mutex) }
    return body(&value)
  }
}
