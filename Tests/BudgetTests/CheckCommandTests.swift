import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// Runs the built `equilibre` binary on sample plans and checks its exit status.
@Suite(.enabled(if: SharedPlans.exists && Binary.binary != nil, "the shared plans and the built binary exist"))
struct CheckCommandTests {
  @Test func defectPlanExitsWithOne() {
    #expect(Binary.run(["check", "--quiet", SharedPlans.folder + "/seed-meuse-asp-defect-1.xlsx"]) == 1)
  }

  @Test func cleanPlanExitsWithZero() {
    #expect(Binary.run(["check", "--quiet", SharedPlans.folder + "/cerfa-12156.xlsx"]) == 0)
    // Warnings only (sum.rounding, missing) are not errors.
    #expect(Binary.run(["check", "--quiet", SharedPlans.folder + "/seed-meuse-asp.xlsx"]) == 0)
  }

  @Test func unreadableWinsOverErrors() {
    #expect(
      Binary.run(["check", "--quiet", SharedPlans.folder + "/seed-meuse-asp-defect-1.xlsx", SharedPlans.folder + "/README.md"])
        == 2)
  }
}

enum Binary {
  /// The `equilibre` binary next to the test bundle, in the same build folder.
  static let binary: String? = {
    var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
    parts.removeLast(3)
    let root = parts.joined(separator: "/")
    for scratch in [".build-budget", ".build"] {
      for config in ["debug", "release"] {
        let path = "\(root)/\(scratch)/\(config)/equilibre"
        if access(path, X_OK) == 0 { return path }
      }
    }
    return nil
  }()

  /// Runs the binary with `arguments`, output discarded; returns its exit status.
  static func run(_ arguments: [String]) -> Int32 {
    guard let binary else { return -1 }
    let quoted = ([binary] + arguments).map { "'" + $0.replacingQuotes() + "'" }.joined(separator: " ")
    let status = system(quoted + " >/dev/null 2>&1")
    return (status >> 8) & 0xFF
  }
}

extension String {
  fileprivate func replacingQuotes() -> String {
    var out = ""
    for c in self { out += c == "'" ? "'\\''" : String(c) }
    return out
  }
}
