import Foundation
import Testing

/// Workbooks and folders built for the status tests, each in a new temporary folder.
enum StatusFixtures {
  /// A new empty folder.
  static func folder(_ name: String = "status") throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent(
      "equilibre-\(name)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  /// An xlsx that reads but holds no financing plan: minutes of a meeting, no amounts.
  static func workbookWithoutPlan(at path: String) throws {
    let row1 =
      #"<row r="1"><c r="A1" t="inlineStr"><is><t>Compte rendu de réunion</t></is></c></row>"#
    let row2 =
      #"<row r="2"><c r="A2" t="inlineStr"><is><t>Présents : Anne, Karim</t></is></c></row>"#
    try HostileFilesTests.xlsx(HostileFilesTests.sheet(row1 + row2))(path)
  }

  /// A copy of one of `samples/`.
  static func copySample(_ name: String, to path: String) throws {
    try FileManager.default.copyItem(
      atPath: CLI.packageRoot.appendingPathComponent("samples/\(name)").path, toPath: path)
  }

  static func json(_ text: String) throws -> [String: Any] {
    try #require(
      try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "not JSON: \(text)"
    )
  }
}

/// A workbook in which no plan is recognised is not "ok": a person must look at it.
@Suite("check: a file without a plan")
struct CheckStatusTests {
  @Test func aWorkbookWithoutAPlanIsNoPlanAndExitsWithOne() throws {
    let path = try StatusFixtures.folder().appendingPathComponent("compte-rendu.xlsx").path
    try StatusFixtures.workbookWithoutPlan(at: path)
    let r = try CLI.run(["check", path, "--format", "json"])
    #expect(r.status == 1, "\(r.stderr)")
    let doc = try StatusFixtures.json(r.stdout)
    let file = try #require((doc["files"] as? [[String: Any]])?.first)
    #expect(file["status"] as? String == "noPlan")
    #expect(file["plan"] == nil)
    #expect(file["error"] == nil)
    let summary = try #require(doc["summary"] as? [String: Any])
    #expect(summary["files"] as? Int == 1)
    #expect(summary["noPlan"] as? Int == 1)
    #expect(summary["ok"] as? Int == 0)
    #expect(summary["unsupported"] as? Int == 0)
    #expect(summary["unreadable"] as? Int == 0)
  }

  @Test func theTextReportSaysSoInBothLanguages() throws {
    let path = try StatusFixtures.folder().appendingPathComponent("compte-rendu.xlsx").path
    try StatusFixtures.workbookWithoutPlan(at: path)
    let fr = try CLI.run(["check", path, "--lang", "fr"])
    #expect(fr.status == 1)
    #expect(fr.stdout.contains("aucun plan de financement reconnu"), "\(fr.stdout)")
    #expect(fr.stdout.contains("à vérifier à la main"), "\(fr.stdout)")
    #expect(fr.stdout.contains("1 sans plan"), "\(fr.stdout)")
    let en = try CLI.run(["check", path, "--lang", "en"])
    #expect(en.status == 1)
    #expect(en.stdout.contains("no financing plan recognised"), "\(en.stdout)")
    #expect(en.stdout.contains("check this file by hand"), "\(en.stdout)")
    #expect(en.stdout.contains("1 without a plan"), "\(en.stdout)")
    // --quiet keeps the result.
    #expect(
      try CLI.run(["check", path, "--lang", "en", "--quiet"]).stdout.contains(
        "no financing plan recognised"))
  }

  @Test func inABatchNoPlanIsOneAndUnreadableStillWinsWithTwo() throws {
    let dir = try StatusFixtures.folder()
    let path = dir.appendingPathComponent("compte-rendu.xlsx").path
    try StatusFixtures.workbookWithoutPlan(at: path)
    let clean = CLI.packageRoot.appendingPathComponent("samples/seed-meuse-asp.xlsx").path
    #expect(try CLI.run(["check", clean]).status == 0)
    let both = try CLI.run(["check", clean, path, "--format", "json"])
    #expect(both.status == 1)
    let files = try #require(try StatusFixtures.json(both.stdout)["files"] as? [[String: Any]])
    #expect(files.map { $0["status"] as? String } == ["findings", "noPlan"])
    let broken = CLI.temporaryFile("broken.xlsx", "not a zip")
    #expect(try CLI.run(["check", path, broken]).status == 2)
  }

  @Test func fixRefusesAndExportSaysSoInBothLanguages() throws {
    let dir = try StatusFixtures.folder()
    let path = dir.appendingPathComponent("compte-rendu.xlsx").path
    try StatusFixtures.workbookWithoutPlan(at: path)
    let output = dir.appendingPathComponent("out.xlsx").path
    let fix = try CLI.run(["fix", path, "-o", output])
    #expect(fix.status == 2)
    #expect(!FileManager.default.fileExists(atPath: output))
    let en = try CLI.run(["export", path, "--lang", "en"])
    #expect(en.status == 2)
    #expect(en.stdout.isEmpty)
    #expect(en.stderr.contains("no financing plan found"), "\(en.stderr)")
    let fr = try CLI.run(["export", path, "--lang", "fr"])
    #expect(fr.status == 2)
    #expect(fr.stderr.contains("aucun plan de financement trouvé"), "\(fr.stderr)")
    #expect(fr.stderr.contains(path))
  }
}
