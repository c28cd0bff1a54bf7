import Workbook

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
/// A recalculation that may nest deeper than ``ordinaryNesting`` therefore runs on a thread
/// whose stack (``bytes``, reserved, and committed only as it is touched) holds the deepest
/// nesting ``FormulaLimits`` allows, ceilings included. Starting that thread costs about 0.2 ms,
/// a sixth of checking a small plan, so ordinary workbooks stay on the caller's thread.
enum LargeStack {
  /// The stack reserved for a recalculation: 512 MiB of address space.
  static let bytes = 512 << 20

  /// The nesting a recalculation may reach on the caller's thread: 64 levels, some 3 MiB of
  /// stack in a debug build.
  static let ordinaryNesting = 64

  /// Whether recalculating `workbook` (and evaluating `extra` in it) may nest deeper than
  /// ``ordinaryNesting``.
  ///
  /// The bound counts the characters that can open a level (`(`, `%`, and `+` or `-`, which may
  /// be signs) in the most nested formula and adds those of every defined name (names may use
  /// one another); a text that names INDIRECT or OFFSET may compute another formula inside the
  /// current one, up to 64 deep, so then any bound above 0 is too deep.
  static func isNeeded(for workbook: Workbook, evaluating extra: String? = nil) -> Bool {
    var texts = workbook.definedNames.map(\.formula)
    var bound = texts.reduce(0) { $0 + levelOpeners($1) }
    var deepest = extra.map(levelOpeners) ?? 0
    for sheet in workbook.sheets {
      for formula in sheet.formulas.values { deepest = max(deepest, levelOpeners(formula.text)) }
    }
    bound += deepest
    if bound == 0 { return false }
    if bound > ordinaryNesting { return true }
    if let extra { texts.append(extra) }
    return texts.contains(where: namesDynamicReference)
      || workbook.sheets.contains { $0.formulas.values.contains { namesDynamicReference($0.text) } }
  }

  /// How many characters of `text` may open a level of nesting: `(`, `%`, `+`, `-`.
  static func levelOpeners(_ text: String) -> Int {
    var n = 0
    for b in text.utf8
    where b == UInt8(ascii: "(") || b == UInt8(ascii: "%") || b == UInt8(ascii: "+")
      || b == UInt8(ascii: "-")
    {
      n += 1
    }
    return n
  }

  /// Whether `text` names INDIRECT or OFFSET, in any case.
  static func namesDynamicReference(_ text: String) -> Bool {
    text.utf8.withContiguousStorageIfAvailable(namesDynamicReference)
      ?? Array(text.utf8).withUnsafeBufferPointer(namesDynamicReference)
  }

  static func namesDynamicReference(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    dynamicFunctions.contains { word in
      bytes.count >= word.count
        && (0...(bytes.count - word.count)).contains { start in
          word.indices.allSatisfy { word[$0] == bytes[start + $0] | 0x20 }
        }
    }
  }

  /// The functions whose references are found while computing, lower-case.
  static let dynamicFunctions = [Array("indirect".utf8), Array("offset".utf8)]

  /// The value of `body`, computed on a thread with a ``bytes`` stack when `needed`, on the
  /// calling thread otherwise, or when no thread can be started (`pthread_create` fails).
  static func run<T>(if needed: Bool, _ body: () -> T) -> T {
    guard needed else { return body() }
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
