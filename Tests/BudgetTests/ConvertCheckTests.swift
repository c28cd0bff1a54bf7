import Budget
import Formula
import Foundation
import Testing
import Workbook

/// A plan converted to the other format (and rewritten in its own) checks to the same findings:
/// same rules, sheets, cells, expected and actual amounts.
@Suite("Converted plans check the same", .enabled(if: SharedPlans.exists))
struct ConvertCheckTests {
  static let files: [String] = {
    var out = SharedPlans.cases.map { SharedPlans.folder + "/" + $0 }
    if RealWorld.exists {
      let names = (try? FileManager.default.contentsOfDirectory(atPath: RealWorld.folder)) ?? []
      out += names.filter { SpreadsheetFormat(path: $0) != nil }.sorted().map { RealWorld.folder + "/" + $0 }
    }
    return out
  }()

  static func keys(_ check: PlanCheck) -> [String] {
    check.findings.map {
      "\($0.rule.rawValue) \($0.sheet)!\($0.cell) \($0.expected.map { "\($0)" } ?? "-") \($0.actual.map { "\($0)" } ?? "-")"
    }.sorted()
  }

  @Test(arguments: files)
  func sameFindings(_ path: String) throws {
    guard let original = try? Workbook(contentsOf: path) else { return }
    let before = PlanCheck(original)
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("equilibre-convert-check-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    for target in [SpreadsheetFormat.xlsx, .ods] {
      let translation = WorkbookTranslation.translate(original, to: target)
      let out = folder.appendingPathComponent("copy." + target.rawValue).path
      try WorkbookWriter.write(translation.workbook, to: out)
      let after = PlanCheck(try Workbook(contentsOf: out))
      #expect((before.plan == nil) == (after.plan == nil), "\(path) → \(target)")
      #expect(Self.keys(before) == Self.keys(after), "\(URL(fileURLWithPath: path).lastPathComponent) → \(target)")
    }
  }
}
