import Testing
import Workbook

@testable import Budget

#if canImport(Glibc)
  import Glibc
#endif

/// `check` on every readable workbook of `../shared/corpus/`: real files written by many programs,
/// most of them not plans. Each must be checked without a crash (two once crashed the
/// formula reading of `check`), and what it finds must be a plan with lines or nothing.
@Suite struct CorpusCheckTests {
  static let folder = String(SharedPlans.folder.dropLast("plans".count)) + "corpus"

  static var workbooks: [String] {
    guard let dir = opendir(folder) else { return [] }
    defer { closedir(dir) }
    var names: [String] = []
    while let entry = readdir(dir) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
      if name.hasSuffix(".xlsx") || name.hasSuffix(".ods") || name.hasSuffix(".xlsm") { names.append(name) }
    }
    return names.sorted()
  }

  @Test func everyCorpusWorkbookIsCheckedWithoutACrash() throws {
    let names = Self.workbooks
    try #require(names.count > 100, "../shared/corpus not found at \(Self.folder)")
    var plans = 0
    for name in names {
      guard let workbook = try? Workbook(contentsOf: Self.folder + "/" + name) else { continue }
      let check = PlanCheck(workbook)
      if let plan = check.plan {
        plans += 1
        #expect(!plan.lines.isEmpty, "\(name): a plan without lines")
      }
    }
    #expect(plans < names.count)
  }
}
