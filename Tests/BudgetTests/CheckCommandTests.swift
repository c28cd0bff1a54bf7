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

  @Test func batchJSONFollowsTheContractInInputOrder() throws {
    let a = SharedPlans.folder + "/seed-meuse-asp-defect-1.xlsx"
    let b = SharedPlans.folder + "/cerfa-12156.xlsx"
    let output = try #require(Binary.output(["check", "--format", "json", "--jobs", "2", b, a, b + ".missing.xlsx"]))
    let doc = try #require(JSON.parse(output))
    #expect(doc["version"]?.int == 1)
    let files = doc["files"]?.array ?? []
    #expect(files.compactMap { $0["path"]?.string } == [b, a, b + ".missing.xlsx"])
    #expect(files.compactMap { $0["status"]?.string } == ["ok", "findings", "error"])
    #expect(files[1]["plan"]?["periods"]?.array.count == 2)
    #expect(files[2]["error"]?["code"]?.string == "io.failed")
    #expect(doc["summary"]?["withErrors"]?.int == 1)
    #expect(doc["summary"]?["unreadable"]?.int == 1)
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

  /// Runs the binary with `arguments` and returns what it printed on stdout.
  static func output(_ arguments: [String]) -> String? {
    guard let binary else { return nil }
    let quoted = ([binary] + arguments).map { "'" + $0.replacingQuotes() + "'" }.joined(separator: " ")
    guard let pipe = popen(quoted + " 2>/dev/null", "r") else { return nil }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
      let n = fread(&buffer, 1, buffer.count, pipe)
      if n <= 0 { break }
      bytes += buffer[0..<n]
    }
    pclose(pipe)
    return String(decoding: bytes, as: UTF8.self)
  }

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
