import Testing
import Workbook

@testable import Budget

#if canImport(Glibc)
  import Glibc
#endif

/// The development set of real budgets, `../shared/realworld` (its README says how the truth
/// was made): each file's plan must be on the truth's sheet, its last total per side must state
/// the truth's totals, and its error and warning findings must be the truth's (text-number and
/// the truth's `ambiguous` cells aside), as `../shared/tools/score_realworld.py` scores them.
@Suite(.enabled(if: RealWorld.exists)) struct RealWorldTests {
  /// Where Equilibre is still wrong, and why. A file listed here that comes right fails the
  /// test ("known issue was not recorded"): take it off the list then.
  static let knownIssues: [String: String] = [
    "en_nau_3year_grant_budget.xlsx":
      "the Cumulative column is the sum of the year columns, read as a Total column; the truth counts it as a period",
  ]

  static let files: [String] = {
    guard let dir = opendir(RealWorld.folder) else { return [] }
    defer { closedir(dir) }
    var names: [String] = []
    while let entry = readdir(dir) {
      let name = withUnsafePointer(to: entry.pointee.d_name) {
        $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
      }
      if name.hasSuffix(".truth.json") { names.append(String(name.dropLast(".truth.json".count))) }
    }
    return names.sorted()
  }()

  /// What differs between Equilibre's reading of `file` and its truth.
  static func problems(_ file: String) throws -> [String] {
    let truth = try #require(SharedPlans.read(RealWorld.folder + "/" + file + ".truth.json").flatMap(JSON.parse))
    let workbook = try Workbook(contentsOf: RealWorld.folder + "/" + file)
    let check = PlanCheck(workbook)
    var out: [String] = []
    guard let plan = check.plan else { return ["no plan found"] }
    if plan.sheet != truth["sheet"]?.string { out.append("plan on «\(plan.sheet)», truth «\(truth["sheet"]?.string ?? "")»") }
    for side in [Section.charges, .produits] {
      let want = truth["totals"]?[side.rawValue]?.array.map(\.number) ?? []
      guard !want.isEmpty else { continue }
      let last = plan.lines.last { $0.section == side && $0.kind == .total }
      let got = last?.amounts.map { $0.map { Double("\($0)") ?? .nan } } ?? []
      for (i, w) in want.enumerated() {
        guard let w else { continue }
        if i >= got.count || got[i].map({ abs($0 - w) > 0.005 }) ?? true {
          out.append("\(side.rawValue) totals \(got) vs stated \(want)")
          break
        }
      }
    }
    let ambiguous = Set(truth["ambiguous"]?.array.compactMap(\.string) ?? [])
    let expected = Set(
      (truth["findings"]?.array ?? []).compactMap { f -> String? in
        guard let rule = f["rule"]?.string, rule != "text-number", let sheet = f["sheet"]?.string,
          let cell = f["cell"]?.string, !ambiguous.contains("\(sheet)!\(cell)")
        else { return nil }
        return "\(rule) \(sheet)!\(cell)"
      })
    let got = Set(
      check.findings.filter { $0.severity != .info && !ambiguous.contains("\($0.sheet)!\($0.cell)") }.map {
        "\($0.rule.rawValue) \($0.sheet)!\($0.cell)"
      })
    for m in expected.subtracting(got).sorted() { out.append("missed \(m)") }
    for e in got.subtracting(expected).sorted() { out.append("false \(e)") }
    return out
  }

  @Test(arguments: files) func readsAsItsTruthSays(_ file: String) throws {
    let problems = try Self.problems(file)
    if let reason = Self.knownIssues[file] {
      withKnownIssue(Comment(rawValue: reason)) {
        for p in problems { Issue.record("\(file): \(p)") }
      }
    } else {
      for p in problems { Issue.record("\(file): \(p)") }
    }
  }
}

/// `../shared/realworld`, next to the package.
enum RealWorld {
  static let folder: String = String(SharedPlans.folder.dropLast("plans".count)) + "realworld"
  static var exists: Bool { access(folder + "/README.md", F_OK) == 0 }
}
