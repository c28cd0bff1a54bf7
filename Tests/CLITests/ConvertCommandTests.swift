import Archive
import Foundation
import Testing

/// `equilibre convert` as a program: what it writes, what it refuses, what it says.
@Suite("convert command")
struct ConvertCommandTests {
  static let plans = FixCommandTests.plans

  @Test(.enabled(if: FixCommandTests.hasPlans)) func convertsBothWaysAndTheCopiesCheckTheSame() throws {
    let dir = FixCommandTests.folder()
    let xlsx = Self.plans.appendingPathComponent("seed-meuse-asp-defect-1.xlsx").path
    let ods = dir.appendingPathComponent("plan.ods").path
    var r = try CLI.run(["convert", xlsx, ods, "--lang", "en"])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.contains("→") && r.stdout.contains("1 sheet"), "\(r.stdout)")
    let back = dir.appendingPathComponent("back.xlsx").path
    r = try CLI.run(["convert", ods, back, "--format", "json"])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.contains("\"asValues\"") && r.stdout.contains("\"notCarried\""), "\(r.stdout)")
    let original = try CLI.run(["check", xlsx, "--format", "json"])
    for copy in [ods, back] {
      let checked = try CLI.run(["check", copy, "--format", "json"])
      #expect(checked.status == original.status)
      let rules = { (s: String) in s.components(separatedBy: "\"rule\"").count }
      #expect(rules(checked.stdout) == rules(original.stdout), "\(copy)")
    }
  }

  @Test(.enabled(if: FixCommandTests.hasPlans)) func refusesItsInputAnExistingFileAndAnUnknownExtension() throws {
    let dir = FixCommandTests.folder()
    let input = dir.appendingPathComponent("plan.xlsx").path
    try FileManager.default.copyItem(atPath: Self.plans.appendingPathComponent("seed-meuse-asp.xlsx").path, toPath: input)
    let before = try Data(contentsOf: URL(fileURLWithPath: input))
    var r = try CLI.run(["convert", input, input, "--lang", "fr"])
    #expect(r.status == 2 && r.stderr.contains("n'écrit jamais"), "\(r.stderr)")
    let link = dir.appendingPathComponent("link.xlsx").path
    try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: input)
    r = try CLI.run(["convert", input, link, "--force", "--lang", "en"])
    #expect(r.status == 2 && r.stderr.contains("never writes over"), "\(r.stderr)")
    #expect(try Data(contentsOf: URL(fileURLWithPath: input)) == before)
    let existing = dir.appendingPathComponent("out.ods").path
    FileManager.default.createFile(atPath: existing, contents: Data("x".utf8))
    r = try CLI.run(["convert", input, existing, "--lang", "en"])
    #expect(r.status == 2 && r.stderr.contains("exists already") && r.stderr.contains(existing), "\(r.stderr)")
    r = try CLI.run(["convert", input, existing, "--force"])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(try Archive(path: existing).contains("content.xml"))
    r = try CLI.run(["convert", input, dir.appendingPathComponent("out.csv").path, "--lang", "en"])
    #expect(r.status == 2 && r.stderr.contains("must end in"), "\(r.stderr)")
    r = try CLI.run(["convert", dir.appendingPathComponent("missing.xlsx").path, dir.appendingPathComponent("o.ods").path])
    #expect(r.status == 2 && r.stderr.contains("missing.xlsx"), "\(r.stderr)")
    // Nothing but the files named is left in the folder (no temporary file).
    #expect(Set(try FileManager.default.contentsOfDirectory(atPath: dir.path)) == ["plan.xlsx", "link.xlsx", "out.ods"])
  }

  @Test func helpHasExamples() throws {
    let r = try CLI.run(["help", "convert"])
    #expect(r.stdout.contains("equilibre convert plan.xlsx plan.ods"), "\(r.stdout)")
  }
}
