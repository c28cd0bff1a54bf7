import Foundation
import Testing

/// Runs the built `equilibre` as a user would and checks stdout, stderr and the exit status.
enum CLI {
  static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

  /// The binary next to the test bundle (`.build/<triple>/debug/equilibre`), or the one
  /// `EQUILIBRE_TEST_BINARY` names (to run a test against another build, an older one).
  static let binary: URL = {
    if let other = ProcessInfo.processInfo.environment["EQUILIBRE_TEST_BINARY"], !other.isEmpty {
      return URL(fileURLWithPath: other)
    }
    let candidates = [
      Bundle.main.bundleURL.appendingPathComponent("equilibre"),
      Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("equilibre"),
      packageRoot.appendingPathComponent(".build/debug/equilibre"),
    ]
    return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[2]
  }()

  struct Result {
    var status: Int32
    var stdout: String
    var stderr: String
  }

  /// Runs `equilibre` with `arguments` in `directory` (the package root by default).
  static func run(_ arguments: [String], in directory: URL? = nil) throws -> Result {
    let process = Process()
    process.executableURL = binary
    process.arguments = arguments
    process.currentDirectoryURL = directory ?? packageRoot
    var environment = ProcessInfo.processInfo.environment
    environment["LANG"] = "C.UTF-8"
    process.environment = environment
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    // stderr is read while stdout is: a pipe that fills (a verbose batch) would block the child.
    let errors = ErrorsRead()
    let reader = Thread { errors.data = err.fileHandleForReading.readDataToEndOfFile(); errors.done.signal() }
    reader.start()
    let o = out.fileHandleForReading.readDataToEndOfFile()
    errors.done.wait()
    let e = errors.data
    process.waitUntilExit()
    return Result(
      status: process.terminationStatus, stdout: String(decoding: o, as: UTF8.self),
      stderr: String(decoding: e, as: UTF8.self))
  }

  /// What a thread read from stderr, handed over once it is done.
  private final class ErrorsRead: @unchecked Sendable {
    var data = Data()
    let done = DispatchSemaphore(value: 0)
  }

  static func temporaryFile(_ name: String, _ contents: String) -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("equilibre-cli-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let path = dir.appendingPathComponent(name).path
    _ = FileManager.default.createFile(atPath: path, contents: Data(contents.utf8))
    return path
  }
}

@Suite("Command line")
struct CLITests {
  @Test func infoDescribesASample() throws {
    let r = try CLI.run(["info", "samples/seed-meuse-asp.xlsx"])
    #expect(r.status == 0)
    #expect(r.stdout.contains("format:      xlsx"))
    #expect(r.stdout.contains("“Plan de financement”"))
    let json = try CLI.run(["info", "samples/seed-meuse-asp.xlsx", "--format", "json"])
    let doc = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
    let sheets = try #require(doc["sheets"] as? [[String: Any]])
    #expect(sheets.first?["usedRange"] as? String == "A1:D29")
    #expect((sheets.first?["formulas"] as? Int ?? 0) > 0)
  }

  @Test func cellsPrintsTheTruthLayout() throws {
    let r = try CLI.run(["cells", "samples/seed-meuse-asp.xlsx", "--format", "json", "--sheet", "Plan de financement"])
    #expect(r.status == 0)
    let doc = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    let sheet = try #require((doc["sheets"] as? [[String: Any]])?.first)
    let cells = try #require(sheet["cells"] as? [[Any]])
    #expect(cells.contains { ($0[0] as? String) == "B8" && ($0[2] as? Int) == 49600 })
    let formulas = try #require(sheet["formulas"] as? [[Any]])
    #expect(formulas.contains { ($0[0] as? String) == "B8" && ($0[1] as? String) == "=SUM(B9:B10)" })
    let csv = try CLI.run(["cells", "samples/seed-meuse-asp.xlsx", "--format", "csv"])
    #expect(csv.stdout.hasPrefix("sheet,cell,type,value\n"))
    #expect(csv.stdout.contains("Plan de financement,B9,number,23600\n"))
    #expect(csv.stdout.contains("Plan de financement,A10,string,\"dont salaire chargé ASP 1/2 tps renfort, 1/2 tps coordination\"\n"))
  }

  @Test func unreadableFilesExitWithTwoAndACode() throws {
    let text = CLI.temporaryFile("plan.xlsx", "this is not a workbook")
    let r = try CLI.run(["cells", text, "--format", "json"])
    #expect(r.status == 2)
    let doc = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    let error = try #require(doc["error"] as? [String: Any])
    #expect(error["code"] as? String == "zip.notZip")
    #expect((error["message"] as? String)?.contains(text) == true)
    #expect(r.stderr.contains("zip.notZip"))
    let missing = try CLI.run(["info", "/nonexistent/plan.ods"])
    #expect(missing.status == 2)
    #expect(missing.stderr.contains("/nonexistent/plan.ods"))
  }

  @Test func badUsageExitsWithTwo() throws {
    #expect(try CLI.run(["info"]).status == 2)
    #expect(try CLI.run(["cells", "samples/seed-meuse-asp.xlsx", "--format", "yaml"]).status == 2)
    #expect(try CLI.run(["info", "samples/seed-meuse-asp.xlsx", "--max-cells", "0"]).status == 2)
    let sheet = try CLI.run(["cells", "samples/seed-meuse-asp.xlsx", "--sheet", "Nope"])
    #expect(sheet.status == 2)
    #expect(sheet.stderr.contains("Plan de financement"))
    let help = try CLI.run(["--help"])
    #expect(help.status == 0)
    #expect(help.stdout.contains("cells"))
  }

  @Test func limitsCanBeRaised() throws {
    let r = try CLI.run(["info", "samples/seed-meuse-asp.xlsx", "--max-cells", "10"])
    #expect(r.status == 2)
    #expect(r.stderr.contains("workbook.limit"))
    #expect(r.stderr.contains("--max-cells"))
    #expect(try CLI.run(["info", "samples/seed-meuse-asp.xlsx", "--max-cells", "1000"]).status == 0)
  }
}

@Suite("check walks folders")
struct CheckFolderTests {
  @Test func followsLinksToWorkbooksButNotToFolders() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("equilibre-walk-\(UUID().uuidString)")
    let inner = dir.appendingPathComponent("inner")
    try FileManager.default.createDirectory(at: inner, withIntermediateDirectories: true)
    let sample = CLI.packageRoot.appendingPathComponent("samples/seed-meuse-asp.xlsx").path
    try FileManager.default.createSymbolicLink(atPath: inner.appendingPathComponent("plan.xlsx").path, withDestinationPath: sample)
    // A link back to the top folder would loop if followed.
    try FileManager.default.createSymbolicLink(atPath: inner.appendingPathComponent("loop").path, withDestinationPath: dir.path)
    _ = FileManager.default.createFile(atPath: inner.appendingPathComponent("notes.txt").path, contents: Data("x".utf8))
    // The lock file Excel keeps beside an open workbook is no workbook.
    _ = FileManager.default.createFile(atPath: inner.appendingPathComponent("~$plan.xlsx").path, contents: Data("x".utf8))
    let r = try CLI.run(["check", dir.path, "--format", "json"])
    #expect(r.status == 0)
    let doc = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    let files = try #require(doc["files"] as? [[String: Any]])
    #expect(files.count == 1)
    #expect((files.first?["path"] as? String)?.hasSuffix("inner/plan.xlsx") == true)
    // The link to the folder, the notes and the lock file are counted, not lost without a word.
    #expect((doc["summary"] as? [String: Any])?["ignored"] as? Int == 3)
  }

  /// A sheet of more rows than any plan is not laid out as one, and --verbose says why.
  @Test func aSheetOfMoreRowsThanAnyPlanIsNotReadAsOne() throws {
    let rows = (1...20_001).map { #"<row r="\#($0)"><c r="A\#($0)" t="inlineStr"><is><t>Ligne</t></is></c><c r="B\#($0)"><v>1</v></c></row>"# }
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("equilibre-rows-\(UUID().uuidString).xlsx").path
    try HostileFilesTests.xlsx(HostileFilesTests.sheet(rows.joined()))(path)
    let r = try CLI.run(["check", path, "--verbose", "--format", "json"])
    // No plan is recognised, so a person must look: 1.
    #expect(r.status == 1)
    #expect(r.stderr.contains("“Plan”: 20001 rows, more than the 20000 of any financing plan"), "\(r.stderr)")
    let doc = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    #expect((doc["files"] as? [[String: Any]])?.first?["plan"] == nil)
    #expect((doc["files"] as? [[String: Any]])?.first?["status"] as? String == "noPlan")
  }

  /// A submitted file whose name is not UTF-8 was skipped without a word; it is reported now.
  @Test func reportsAWorkbookWhoseNameIsNotUTF8() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("equilibre-names-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let sample = try Data(contentsOf: CLI.packageRoot.appendingPathComponent("samples/seed-meuse-asp.xlsx"))
    try sample.write(to: dir.appendingPathComponent("plan.xlsx"))
    // "plan\xE9.xlsx": Latin-1 é, as an old Windows zip tool may write it.
    let raw = Array(dir.path.utf8) + Array("/plan".utf8) + [0xE9] + Array(".xlsx".utf8) + [0]
    let fd = raw.withUnsafeBufferPointer { open(UnsafeRawPointer($0.baseAddress!).assumingMemoryBound(to: CChar.self), O_WRONLY | O_CREAT, 0o600) }
    try #require(fd >= 0)
    _ = sample.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    close(fd)
    // A folder so named: the workbooks in it are not lost without a word either.
    let folder = Array(dir.path.utf8) + Array("/caf".utf8) + [0xE9, 0]
    #expect(folder.withUnsafeBufferPointer { mkdir(UnsafeRawPointer($0.baseAddress!).assumingMemoryBound(to: CChar.self), 0o700) } == 0)
    let r = try CLI.run(["check", dir.path, "--format", "json"])
    #expect(r.status == 2)
    let doc = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    let files = try #require(doc["files"] as? [[String: Any]])
    #expect(files.count == 3)
    #expect(files.contains { (($0["error"] as? [String: Any])?["message"] as? String)?.contains("folder's name") == true })
    let refused = files.first { (($0["error"] as? [String: Any])?["message"] as? String)?.contains("file's name") == true }
    #expect((refused?["error"] as? [String: Any])?["code"] as? String == "io.failed")
    #expect(((refused?["error"] as? [String: Any])?["message"] as? String)?.contains("not valid UTF-8") == true)
  }
}

@Suite("help, version and unknown commands")
struct HelpTests {
  @Test func theTopLevelHelpShowsCheckAndFix() throws {
    let help = try CLI.run(["--help"])
    #expect(help.status == 0)
    #expect(help.stdout.contains("equilibre check "), "\(help.stdout)")
    #expect(help.stdout.contains("equilibre fix "), "\(help.stdout)")
    #expect(help.stdout.contains("--version"), "\(help.stdout)")
  }

  @Test func versionPrintsTheVersion() throws {
    let r = try CLI.run(["--version"])
    #expect(r.status == 0)
    let version = r.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    #expect(version.split(separator: ".").count == 3 && version.allSatisfy { $0.isNumber || $0 == "." }, "\(r.stdout)")
    #expect(r.stdout == "0.10.0\n")
  }

  @Test func anUnknownCommandIsNamedAndTheCommandsListed() throws {
    let serve = try CLI.run(["serve", "--port", "8080"])
    #expect(serve.status == 2)
    #expect(serve.stderr.contains("“serve” is not a command Equilibre has yet"), "\(serve.stderr)")
    #expect(serve.stderr.contains("check, fix, convert, export, info, cells"), "\(serve.stderr)")
    #expect(!serve.stderr.contains("unexpected argument"), "\(serve.stderr)")
    let typo = try CLI.run(["chek", "samples/"])
    #expect(typo.status == 2)
    #expect(typo.stderr.contains("unknown command “chek”"), "\(typo.stderr)")
    #expect(typo.stderr.contains("did you mean “check”?"), "\(typo.stderr)")
    // A workbook given with no command: the command to type.
    let bare = try CLI.run(["samples/seed-meuse-asp.xlsx"])
    #expect(bare.status == 2)
    #expect(bare.stderr.contains("equilibre check samples/seed-meuse-asp.xlsx"), "\(bare.stderr)")
    // Bad usage of a command that exists is still 2, through ArgumentParser.
    #expect(try CLI.run(["check", "--jobs", "0", "samples/"]).status == 2)
    #expect(try CLI.run(["check", "--no-such-option", "samples/"]).status == 2)
  }
}
