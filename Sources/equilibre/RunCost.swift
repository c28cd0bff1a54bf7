import Diagnostics

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A command whose options are the shared ``GlobalOptions``.
protocol TakesGlobalOptions {
  var options: GlobalOptions { get }
}

extension Equilibre.Check: TakesGlobalOptions {}
extension Equilibre.Export: TakesGlobalOptions {}
extension Equilibre.Info: TakesGlobalOptions {}
extension Equilibre.Cells: TakesGlobalOptions {}

/// What a run cost, printed on stderr at exit under `--verbose`: the CPU time and the peak memory
/// of the process (for the wall-clock time, `time equilibre …`). Officers running batches on a
/// server size them with it, and the hostile-file tests read the peak of each command from it (a
/// parent's `wait4` would count the test runner's own memory, which the child inherits at `exec`
/// on Linux).
enum RunCost {
  /// Prints the cost when the process exits, however it exits (`exit` from any command).
  static func reportAtExit(_ language: MessageLanguage) {
    RunCost.language = language
    atexit { RunCost.report() }
  }

  /// The language of the line, set once before the command runs.
  nonisolated(unsafe) private static var language: MessageLanguage = .en

  private static func report() {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    let cpu = Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
      + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    #if os(Linux)
      let peak = peakKiB() ?? Int(usage.ru_maxrss)
    #else
      let peak = Int(usage.ru_maxrss) / 1024  // bytes on Darwin
    #endif
    Terminal.error(Phrases.of(language).runCost(format(cpu), (peak + 1023) / 1024))
  }

  /// The process's own peak resident memory (`VmHWM` in /proc/self/status), in KiB.
  /// `ru_maxrss` is not used on Linux: it keeps the peak of the process image that ran before
  /// `exec`, the parent's when a large program spawns this one.
  private static func peakKiB() -> Int? {
    guard let file = fopen("/proc/self/status", "r") else { return nil }
    defer { fclose(file) }
    var line = [CChar](repeating: 0, count: 256)
    while fgets(&line, Int32(line.count), file) != nil {
      let text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
      if text.hasPrefix("VmHWM:") {
        return Int(text.dropFirst(6).filter { $0.isNumber })
      }
    }
    return nil
  }

  private static func format(_ seconds: Double) -> String {
    let centis = Int((seconds * 100).rounded())
    let cents = centis % 100
    return "\(centis / 100).\(cents < 10 ? "0" : "")\(cents)"
  }
}
