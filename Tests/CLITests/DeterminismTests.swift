import Foundation
import Testing

/// Each process hashes with its own seed: a reading that depended on a dictionary's order
/// would differ from one run to the next. The same file must give the same report every time.
@Suite struct DeterminismTests {
  static let shared = CLI.packageRoot.appendingPathComponent("../shared").standardized.path

  /// The samples, and real budgets of several layouts.
  static let files: [String] = {
    var out = ["samples/eu-grant-typo.xlsx", "samples/seed-meuse-asp.xlsx", "samples/seed-meuse-asp.ods"]
    for name in [
      "fr_it_park_capex_ht_ttc.xlsx", "en_nau_3year_grant_budget.xlsx", "fr_shop_budget_previsionnel.ods",
      "fr_lan_event_budget.xlsx", "en_drone_parts_budget.ods",
    ] {
      let path = shared + "/realworld/" + name
      if FileManager.default.fileExists(atPath: path) { out.append(path) }
    }
    return out
  }()

  @Test(arguments: files) func theSameFileGivesTheSameReport(_ file: String) throws {
    let first = try CLI.run(["check", file, "--format", "json"])
    for _ in 0..<4 {
      let again = try CLI.run(["check", file, "--format", "json"])
      #expect(again.stdout == first.stdout, "\(file): the report changed from one run to the next")
      #expect(again.status == first.status)
    }
  }
}
