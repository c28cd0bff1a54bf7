import Foundation
import Testing

/// Every path named is reported; in folders, workbook-like files Equilibre does not read are
/// listed as unsupported and the rest counted as ignored; nothing is checked twice.
@Suite("check: honest batches")
struct HonestBatchTests {
  static func write(_ text: String, to url: URL) {
    _ = FileManager.default.createFile(atPath: url.path, contents: Data(text.utf8))
  }

  /// A folder of two workbooks (one in a subfolder), an .xls, a .csv, and three files that are
  /// no workbook at all.
  static func mixedFolder() throws -> URL {
    let dir = try StatusFixtures.folder("batch")
    let sub = dir.appendingPathComponent("2024")
    try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
    try StatusFixtures.copySample(
      "seed-meuse-asp.xlsx", to: dir.appendingPathComponent("plan.xlsx").path)
    try StatusFixtures.copySample(
      "seed-meuse-asp.ods", to: sub.appendingPathComponent("plan.ods").path)
    write("\u{D0}\u{CF}\u{11}\u{E0}", to: dir.appendingPathComponent("ancien.xls"))
    write("Poste;Montant\nPersonnel;49600\n", to: sub.appendingPathComponent("budget.csv"))
    write("notes", to: dir.appendingPathComponent("notes.txt"))
    write("%PDF-1.4", to: sub.appendingPathComponent("convention.pdf"))
    write("x", to: dir.appendingPathComponent("LISEZMOI"))
    return dir
  }

  @Test func unsupportedWorkbooksAreListedAndOtherFilesCounted() throws {
    let dir = try Self.mixedFolder()
    let r = try CLI.run(["check", dir.path, "--format", "json", "--lang", "en"])
    // The two workbooks have warnings only; the unsupported ones were not checked: 1.
    #expect(r.status == 1, "\(r.stderr)")
    let doc = try StatusFixtures.json(r.stdout)
    let files = try #require(doc["files"] as? [[String: Any]])
    let byName = Dictionary(
      uniqueKeysWithValues: files.map {
        (URL(fileURLWithPath: $0["path"] as? String ?? "").lastPathComponent, $0)
      })
    #expect(Set(byName.keys) == ["plan.xlsx", "plan.ods", "ancien.xls", "budget.csv"])
    #expect(byName["plan.xlsx"]?["status"] as? String == "findings")
    #expect(byName["plan.ods"]?["status"] as? String == "findings")
    for name in ["ancien.xls", "budget.csv"] {
      let file = try #require(byName[name])
      #expect(file["status"] as? String == "unsupported", "\(name)")
      #expect(file["plan"] == nil && file["error"] == nil)
      let message = file["message"] as? String ?? ""
      #expect(message.contains(".xlsx") && message.contains(".ods"), "\(name): \(message)")
    }
    let summary = try #require(doc["summary"] as? [String: Any])
    #expect(summary["files"] as? Int == 4)
    #expect(summary["withWarnings"] as? Int == 2)
    #expect(summary["unsupported"] as? Int == 2)
    #expect(summary["ignored"] as? Int == 3)
    #expect(summary["unreadable"] as? Int == 0)
  }

  @Test func theTextReportNamesThemInBothLanguages() throws {
    let dir = try Self.mixedFolder()
    let en = try CLI.run(["check", dir.path, "--lang", "en"])
    #expect(en.status == 1, "\(en.stderr)")
    #expect(en.stdout.contains("ancien.xls\n  unsupported: "), "\(en.stdout)")
    #expect(en.stdout.contains("save it as .xlsx or .ods"), "\(en.stdout)")
    #expect(en.stdout.contains("2 unsupported"), "\(en.stdout)")
    #expect(en.stdout.contains("3 other files ignored"), "\(en.stdout)")
    let fr = try CLI.run(["check", dir.path, "--lang", "fr"])
    #expect(fr.status == 1, "\(fr.stderr)")
    #expect(fr.stdout.contains("ancien.xls\n  non pris en charge : "), "\(fr.stdout)")
    #expect(fr.stdout.contains("enregistrez-le en .xlsx ou .ods"), "\(fr.stdout)")
    #expect(fr.stdout.contains("2 non pris en charge"), "\(fr.stdout)")
    #expect(fr.stdout.contains("3 autres fichiers ignorés"), "\(fr.stdout)")
    // --verbose names what was ignored.
    let verbose = try CLI.run(["check", dir.path, "--verbose"])
    #expect(verbose.stderr.contains("notes.txt"), "\(verbose.stderr)")
  }

  @Test func anUnsupportedFileNamedIsRefusedWithAHint() throws {
    let dir = try StatusFixtures.folder("batch")
    let xls = dir.appendingPathComponent("ancien.xls")
    Self.write("\u{D0}\u{CF}\u{11}\u{E0}", to: xls)
    let r = try CLI.run(["check", xls.path, "--format", "json"])
    #expect(r.status == 2)
    let file = try #require((try StatusFixtures.json(r.stdout)["files"] as? [[String: Any]])?.first)
    #expect(file["status"] as? String == "error")
    let error = try #require(file["error"] as? [String: Any])
    #expect(error["code"] as? String == "workbook.unsupported")
    #expect((error["message"] as? String)?.contains("save it as .xlsx or .ods") == true, "\(error)")
  }

  @Test func anEmptyFolderIsAWarningAndExitsWithOne() throws {
    let empty = try StatusFixtures.folder("empty")
    let r = try CLI.run(["check", empty.path, "--lang", "en"])
    #expect(r.status == 1)
    #expect(
      r.stderr.contains("equilibre: \(empty.path): no workbook to check in this folder"),
      "\(r.stderr)")
    let fr = try CLI.run(["check", empty.path, "--lang", "fr"])
    #expect(fr.stderr.contains("aucun classeur à vérifier dans ce dossier"), "\(fr.stderr)")
    // A folder with no workbook, only other files, is the same, and JSON still prints a report.
    let notes = try StatusFixtures.folder("notes")
    Self.write("notes", to: notes.appendingPathComponent("notes.txt"))
    let json = try CLI.run(["check", notes.path, "--format", "json", "--lang", "en"])
    #expect(json.status == 1)
    #expect(json.stderr.contains("no workbook to check in this folder"), "\(json.stderr)")
    let summary = try #require(try StatusFixtures.json(json.stdout)["summary"] as? [String: Any])
    #expect(summary["files"] as? Int == 0)
    #expect(summary["ignored"] as? Int == 1)
    // With a workbook beside it, the empty folder still warns: a folder named was not checked.
    let sample = CLI.packageRoot.appendingPathComponent("samples/seed-meuse-asp.xlsx").path
    let both = try CLI.run(["check", sample, empty.path])
    #expect(both.status == 1)
    #expect(both.stderr.contains(empty.path))
  }

  /// A link to a workbook that points at nothing was skipped without a word; it is reported.
  @Test func aDanglingLinkToAWorkbookIsReported() throws {
    let dir = try StatusFixtures.folder("dangling")
    let link = dir.appendingPathComponent("plan.xlsx")
    try FileManager.default.createSymbolicLink(
      atPath: link.path, withDestinationPath: dir.appendingPathComponent("gone.xlsx").path)
    let r = try CLI.run(["check", dir.path, "--format", "json"])
    #expect(r.status == 2)
    let file = try #require((try StatusFixtures.json(r.stdout)["files"] as? [[String: Any]])?.first)
    #expect(file["path"] as? String == link.path)
    #expect((file["error"] as? [String: Any])?["code"] as? String == "io.failed")
  }

  @Test func aFileReachedTwiceIsCheckedOnce() throws {
    let dir = try StatusFixtures.folder("twice")
    let plan = dir.appendingPathComponent("plan.xlsx")
    try StatusFixtures.copySample("seed-meuse-asp.xlsx", to: plan.path)
    let link = dir.appendingPathComponent("lien.xlsx")
    try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: plan.path)
    let sameByAnotherPath = dir.path + "/./plan.xlsx"
    let r = try CLI.run([
      "check", plan.path, plan.path, sameByAnotherPath, link.path, dir.path, "--format", "json",
    ])
    #expect(r.status == 0, "\(r.stderr)")
    let doc = try StatusFixtures.json(r.stdout)
    let files = try #require(doc["files"] as? [[String: Any]])
    // The first path that names it is the one reported.
    #expect(files.map { $0["path"] as? String } == [plan.path])
    #expect((doc["summary"] as? [String: Any])?["files"] as? Int == 1)
    // A path that does not exist, named twice, is reported once too.
    let missing = dir.appendingPathComponent("absent.xlsx").path
    let m = try CLI.run(["check", missing, missing, "--format", "json"])
    #expect(m.status == 2)
    #expect((try StatusFixtures.json(m.stdout)["files"] as? [[String: Any]])?.count == 1)
  }
}
