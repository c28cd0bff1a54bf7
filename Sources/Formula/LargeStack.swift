#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Runs work on a thread of its own with a large stack, and waits for it.
///
/// Parsing and evaluating a formula recurse once per level of nesting, and a debug build spends
/// up to about 47 KiB of stack on each nested function call (the evaluator's one big `switch`):
/// 8 MiB, a main thread's or a worker's default, is gone after some 175 levels of `ABS(ABS(…))`.
/// The recalculation therefore runs on a thread whose stack (``bytes``, reserved, and committed
/// only as it is touched) holds the deepest nesting ``FormulaLimits`` allows, ceilings included.
enum LargeStack {
  /// The stack reserved for a recalculation: 512 MiB of address space.
  static let bytes = 512 << 20

  /// The value of `body`, computed on a thread with a ``bytes`` stack; on the calling thread
  /// when no thread can be started (`pthread_create` fails).
  static func run<T>(_ body: () -> T) -> T {
    var result: T?
    withoutActuallyEscaping(body) { escapable in
      if !start(LargeStackJob { result = escapable() }) { result = escapable() }
    }
    return result ?? body()
  }

  /// Runs `job` on a new thread with a ``bytes`` stack and waits for it; false when no thread
  /// could be started.
  private static func start(_ job: LargeStackJob) -> Bool {
    var attributes = pthread_attr_t()
    pthread_attr_init(&attributes)
    defer { pthread_attr_destroy(&attributes) }
    pthread_attr_setstacksize(&attributes, bytes)
    let context = Unmanaged.passRetained(job).toOpaque()
    var thread = pthread_t()
    let started = pthread_create(
      &thread, &attributes,
      { raw in
        guard let raw else { return nil }
        Unmanaged<LargeStackJob>.fromOpaque(raw).takeRetainedValue().work()
        return nil
      }, context)
    guard started == 0 else {
      Unmanaged<LargeStackJob>.fromOpaque(context).release()
      return false
    }
    pthread_join(thread, nil)
    return true
  }
}

/// The work handed to the thread of ``LargeStack/run(_:)``; the caller joins the thread before
/// it reads what the work wrote.
final class LargeStackJob: @unchecked Sendable {
  let work: () -> Void

  init(_ work: @escaping () -> Void) { self.work = work }
}
