import Foundation
import TestSupport
import Testing

/// The batch every report test checks, built once in a temporary folder and checked from there
/// with relative paths, so that the reports hold no absolute path and can be compared with golden
/// files: a sample plan with warnings, a plan with errors and one with an amount kept as text
/// (copies of `../shared/plans`), a plan whose labels are hostile markup and a formula, a workbook
/// with no plan, a file that is no zip, and a folder holding an old `.xls`.
enum ReportFixtures {
  static let plans = CLI.packageRoot.deletingLastPathComponent().appendingPathComponent(
    "shared/plans")
  static var available: Bool {
    FileManager.default.fileExists(
      atPath: plans.appendingPathComponent("seed-meuse-asp-text.xlsx").path)
  }

  /// What `check` is given, in this order.
  static let arguments = [
    "seed-meuse-asp.ods", "defect.xlsx", "text.xlsx", "hostile.xlsx", "notes.xlsx", "broken.xlsx",
    "old",
    "--jobs", "2",
  ]

  /// The folder, built on first use.
  static let folder: URL? = try? build()

  static func build() throws -> URL {
    let dir = try StatusFixtures.folder("reports")
    try StatusFixtures.copySample(
      "seed-meuse-asp.ods", to: dir.appendingPathComponent("seed-meuse-asp.ods").path)
    for (from, to) in [
      ("seed-meuse-asp-defect-1.xlsx", "defect.xlsx"), ("seed-meuse-asp-text.xlsx", "text.xlsx"),
    ] {
      try FileManager.default.copyItem(
        atPath: plans.appendingPathComponent(from).path, toPath: dir.appendingPathComponent(to).path
      )
    }
    try hostilePlan(at: dir.appendingPathComponent("hostile.xlsx").path)
    try StatusFixtures.workbookWithoutPlan(at: dir.appendingPathComponent("notes.xlsx").path)
    try Data("this is not a workbook".utf8).write(to: dir.appendingPathComponent("broken.xlsx"))
    let old = dir.appendingPathComponent("old")
    try FileManager.default.createDirectory(at: old, withIntermediateDirectories: true)
    try Data([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]).write(
      to: old.appendingPathComponent("ancien.xls"))
    return dir
  }

  /// A plan whose labels are hostile: markup, quotes, a separator, a formula. The charges total
  /// is wrong by 900 € and one line's amount is a lone euro sign (missing).
  static func hostilePlan(at path: String) throws {
    func text(_ ref: String, _ t: String) -> String {
      let escaped = t.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(
        of: "<", with: "&lt;"
      )
      .replacingOccurrences(of: ">", with: "&gt;")
      return #"<c r="\#(ref)" t="inlineStr"><is><t>\#(escaped)</t></is></c>"#
    }
    func number(_ ref: String, _ v: Int) -> String { #"<c r="\#(ref)"><v>\#(v)</v></c>"# }
    let rows: [[String]] = [
      [text("A1", "Charges"), text("B1", "Montant")],
      [text("A2", #"<script>alert("x")</script> & Co"#), number("B2", 1200)],
      [text("A3", #"=HYPERLINK("http://example.invalid")"#), text("B3", "€")],
      [text("A4", #"Frais; "divers""#), number("B4", 500)],
      [text("A5", #"Total <b>des</b> charges & "frais""#), number("B5", 2600)],
      [text("A6", "Produits"), text("B6", "Montant")],
      [text("A7", "Subvention"), number("B7", 2600)],
      [text("A8", "Total des produits"), number("B8", 2600)],
    ]
    let data = rows.enumerated().map { i, cells in
      #"<row r="\#(i + 1)">"# + cells.joined() + "</row>"
    }.joined()
    try HostileFilesTests.xlsx(HostileFilesTests.sheet(data))(path)
  }

  /// `check` on the batch with `more` options.
  static func check(_ more: [String]) throws -> CLI.Result {
    let dir = try #require(folder)
    return try CLI.run(["check"] + arguments + more, in: dir)
  }
}

/// Golden files: what a user reads, kept under `Tests/CLITests/Golden/`. Set
/// `EQUILIBRE_UPDATE_GOLDEN=1` to write them again from the current output (then read the diff).
enum Golden {
  static let folder = CLI.packageRoot.appendingPathComponent("Tests/CLITests/Golden")
  static var updating: Bool {
    ProcessInfo.processInfo.environment["EQUILIBRE_UPDATE_GOLDEN"] == "1"
  }

  static func compare(
    _ actual: String, with name: String, sourceLocation: SourceLocation = #_sourceLocation
  ) throws {
    let url = folder.appendingPathComponent(name)
    if updating {
      try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
      try Data(actual.utf8).write(to: url, options: .atomic)
      return
    }
    // Compared as bytes: a decoded String would lose the CSV's byte order mark.
    let data = try #require(
      try? Data(contentsOf: url), "no golden file \(name): run with EQUILIBRE_UPDATE_GOLDEN=1",
      sourceLocation: sourceLocation)
    let expected = String(decoding: data, as: UTF8.self)
    if Data(actual.utf8) != data {
      let a = actual.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map(
        String.init)
      let e = expected.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map(
        String.init)
      let line = (0..<min(a.count, e.count)).first { a[$0] != e[$0] } ?? min(a.count, e.count)
      Issue.record(
        "\(name) differs at line \(line + 1):\n  expected: \(line < e.count ? e[line] : "<end>")\n  actual:   \(line < a.count ? a[line] : "<end>")",
        sourceLocation: sourceLocation)
    }
  }
}

/// A Python 3 that has `module`, or nil: the tests that use one are skipped without it.
enum Python {
  static func with(_ module: String) -> String? {
    for python in ["/usr/bin/python3", "/usr/local/bin/python3"] + pathCandidates()
    where FileManager.default.isExecutableFile(atPath: python) {
      if let r = try? run(python, ["-c", "import \(module)"]), r.status == 0 { return python }
    }
    return nil
  }

  static func pathCandidates() -> [String] {
    (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map {
      "\($0)/python3"
    }
  }

  static func run(_ program: String, _ arguments: [String]) throws -> CLI.Result {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: program)
    process.arguments = arguments
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let o = out.fileHandleForReading.readDataToEndOfFile()
    let e = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return CLI.Result(
      status: process.terminationStatus, stdout: String(decoding: o, as: UTF8.self),
      stderr: String(decoding: e, as: UTF8.self))
  }

  static let jsonschema = with("jsonschema")
  static let junitparser = with("junitparser")
}

/// Headless Chromium (Debian's `chromium`), or nil.
enum Chromium {
  static let program: String? = ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
    .first { FileManager.default.isExecutableFile(atPath: $0) }
  static var isInstalled: Bool {
    program != nil && ProcessInfo.processInfo.environment["EQUILIBRE_SANITIZER"] == nil
  }

  /// Chromium run headless on `page` with `arguments`, within 90 s.
  static func run(_ arguments: [String], page: URL) throws -> CLI.Result {
    let program = try #require(program)
    let profile = FileManager.default.temporaryDirectory.appendingPathComponent(
      "equilibre-chromium-\(UUID().uuidString)")
    return try Python.run(
      "/usr/bin/timeout",
      [
        "-k", "5", "90", program, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
        "--user-data-dir=\(profile.path)", "--hide-scrollbars",
      ] + arguments + [page.absoluteString])
  }
}

@Suite("Reports: golden files")
struct GoldenReportTests {
  static let cases: [(name: String, options: [String])] = [
    ("check-fr.txt", ["--lang", "fr"]),
    ("check-en.txt", ["--lang", "en"]),
    ("check-severity-error-fr.txt", ["--lang", "fr", "--severity", "error"]),
    ("check.json", ["--lang", "en", "--format", "json"]),
    ("check-fr.csv", ["--lang", "fr", "--format", "csv"]),
    ("check-fr.junit.xml", ["--lang", "fr", "--format", "junit"]),
    ("check-en.sarif", ["--lang", "en", "--format", "sarif"]),
    ("check-fr.html", ["--lang", "fr", "--format", "html"]),
  ]

  @Test(.enabled(if: ReportFixtures.available), arguments: cases.map(\.name))
  func reportMatchesItsGoldenFile(_ name: String) throws {
    let options = try #require(Self.cases.first { $0.name == name }).options
    let r = try ReportFixtures.check(options)
    // broken.xlsx cannot be read: 2 wins.
    #expect(r.status == 2, "\(r.stderr)")
    try Golden.compare(r.stdout, with: name)
  }

  @Test(.enabled(if: ReportFixtures.available))
  func aSingleFileJSONDocumentMatchesItsGoldenFile() throws {
    let r = try CLI.run(
      ["check", "defect.xlsx", "--lang", "fr", "--format", "json"],
      in: try #require(ReportFixtures.folder))
    #expect(r.status == 1, "\(r.stderr)")
    try Golden.compare(r.stdout, with: "check-single-fr.json")
  }
}

@Suite("Reports: what each format promises")
struct ReportFormatTests {
  @Test(.enabled(if: ReportFixtures.available))
  func jsonFindingsNameTheirLineAndPeriod() throws {
    let r = try ReportFixtures.check(["--format", "json", "--lang", "fr"])
    let doc = try StatusFixtures.json(r.stdout)
    let files = try #require(doc["files"] as? [[String: Any]])
    let hostile = try #require(files.first { $0["path"] as? String == "hostile.xlsx" })
    let findings = try #require(hostile["findings"] as? [[String: Any]])
    let sum = try #require(findings.first { $0["rule"] as? String == "sum" })
    #expect(sum["label"] as? String == #"Total <b>des</b> charges & "frais""#)
    #expect(sum["period"] as? String == "Montant")
    #expect(sum["expected"] as? Int == 1700)
    #expect(sum["actual"] as? Int == 2600)
    #expect(Array((sum as NSDictionary).allKeys as? [String] ?? []).contains("message"))
  }

  @Test(.enabled(if: ReportFixtures.available))
  func severityHidesWarningsButNotTheExitStatus() throws {
    let all = try StatusFixtures.json(try ReportFixtures.check(["--format", "json"]).stdout)
    let filtered = try ReportFixtures.check(["--format", "json", "--severity", "error"])
    #expect(filtered.status == 2, "\(filtered.stderr)")
    let doc = try StatusFixtures.json(filtered.stdout)
    let files = try #require(doc["files"] as? [[String: Any]])
    let severities = files.flatMap {
      ($0["findings"] as? [[String: Any]] ?? []).compactMap { $0["severity"] as? String }
    }
    #expect(!severities.isEmpty)
    #expect(Set(severities) == ["error"])
    let allCount = (all["files"] as? [[String: Any]] ?? []).reduce(0) {
      $0 + (($1["findings"] as? [Any])?.count ?? 0)
    }
    let summary = try #require(doc["summary"] as? [String: Any])
    #expect(summary["severity"] as? String == "error")
    #expect(summary["hidden"] as? Int == allCount - severities.count)
    // Files are counted by all their findings: the warnings-only sample is still "with warnings".
    #expect(
      summary["withWarnings"] as? Int == (all["summary"] as? [String: Any])?["withWarnings"] as? Int
    )
    #expect((all["summary"] as? [String: Any])?["hidden"] == nil)
    // Only warnings in a plan: --severity error shows nothing and the exit status is still 0.
    let warningsOnly = try CLI.run([
      "check", "samples/seed-meuse-asp.xlsx", "--severity", "error", "--lang", "en",
    ])
    #expect(warningsOnly.status == 0, "\(warningsOnly.stderr)")
    #expect(!warningsOnly.stdout.contains("warning "))
    #expect(warningsOnly.stdout.contains("3 findings below “error” not shown"))
  }

  @Test(.enabled(if: ReportFixtures.available))
  func csvIsForExcelAndLibreOffice() throws {
    let r = try ReportFixtures.check(["--format", "csv", "--lang", "fr"])
    let bytes = Array(r.stdout.utf8)
    #expect(bytes.starts(with: [0xEF, 0xBB, 0xBF]))
    #expect(
      r.stdout.hasPrefix(
        "\u{FEFF}file;sheet;cell;rule;severity;label;period;expected;actual;message\r\n"))
    // Every line ends with CRLF (no bare LF outside quotes: messages have none).
    #expect(!r.stdout.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
    // A label that a spreadsheet would run as a formula is defused, quotes doubled.
    #expect(r.stdout.contains(#";"'=HYPERLINK(""http://example.invalid"")";"#))
    // Amounts are plain decimals with a point.
    #expect(
      r.stdout.contains(
        "hostile.xlsx;Plan;B5;sum;erreur;\"Total <b>des</b> charges & \"\"frais\"\"\";Montant;1700;2600;"
      ))
    #expect(r.stdout.contains("broken.xlsx;;;unreadable;erreur;"))
    #expect(r.stdout.contains("old/ancien.xls;;;unsupported;erreur;"))
  }

  @Test func eachCommandListsOnlyTheFormatsItPrints() throws {
    let check = try CLI.run(["check", "--help"])
    let help = check.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    #expect(help.contains("values: text, json, csv, junit, sarif, html"))
    #expect(help.contains("values: error, warning, info"))
    #expect(try CLI.run(["fix", "--help"]).stdout.contains("values: text, json;"))
    #expect(try CLI.run(["info", "--help"]).stdout.contains("values: text, json;"))
    #expect(try CLI.run(["export", "--help"]).stdout.contains("values: json, csv;"))
    #expect(try CLI.run(["cells", "--help"]).stdout.contains("values: text, json, csv;"))
    let refused = try CLI.run([
      "fix", "samples/eu-grant-typo.xlsx", "-o", "/tmp/x.xlsx", "--format", "csv",
    ])
    #expect(refused.status == 2)
    #expect(
      try CLI.run(["check", "samples/seed-meuse-asp.xlsx", "--severity", "fatal"]).status == 2)
  }

  @Test(.enabled(if: ReportFixtures.available))
  func htmlEscapesWhatComesFromWorkbooks() throws {
    let r = try ReportFixtures.check(["--format", "html", "--lang", "fr"])
    #expect(!r.stdout.contains("<script>alert"))
    #expect(r.stdout.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co"))
    #expect(!r.stdout.contains("<b>des</b>"))
    // Self-contained: nothing loaded from elsewhere.
    #expect(!r.stdout.contains("<link"))
    #expect(!r.stdout.contains("src="))
    #expect(!r.stdout.contains("url("))
  }
}

@Suite("Reports read by their consumers")
struct ReportConsumerTests {
  static func save(_ text: String, as name: String) throws -> URL {
    let dir = try StatusFixtures.folder("report-out")
    let url = dir.appendingPathComponent(name)
    try Data(text.utf8).write(to: url)
    return url
  }

  @Test(.enabled(if: ReportFixtures.available && Python.jsonschema != nil))
  func sarifValidatesAgainstTheSchema() throws {
    let python = try #require(Python.jsonschema)
    let schema = CLI.packageRoot.deletingLastPathComponent().appendingPathComponent(
      "shared/schemas/sarif-schema-2.1.0.json")
    try #require(FileManager.default.fileExists(atPath: schema.path))
    let r = try ReportFixtures.check(["--format", "sarif", "--lang", "fr"])
    let report = try Self.save(r.stdout, as: "check.sarif")
    // The schema's own patterns use `(?i)` mid-expression, which Python's `re` refuses in a
    // meta-schema check: validate the document only, with the validator the schema names.
    let script = """
      import json, sys
      import jsonschema
      schema = json.load(open(sys.argv[1]))
      doc = json.load(open(sys.argv[2]))
      validator = jsonschema.validators.validator_for(schema)(schema)
      def errors(d): return [e.message for e in validator.iter_errors(d)]
      print(json.dumps({"errors": errors(doc), "results": len(doc["runs"][0]["results"])}))
      doc["runs"][0]["results"][0]["level"] = "fatal"
      print(json.dumps({"errors": errors(doc)}))
      """
    let out = try Python.run(python, ["-c", script, schema.path, report.path])
    #expect(out.status == 0, "\(out.stderr)")
    let lines = out.stdout.split(separator: "\n").map(String.init)
    try #require(lines.count == 2)
    let valid = try StatusFixtures.json(lines[0])
    #expect((valid["errors"] as? [String])?.isEmpty == true, "\(valid)")
    #expect((valid["results"] as? Int ?? 0) >= 10)
    // The validator does look: a level SARIF does not have is refused.
    let tampered = try StatusFixtures.json(lines[1])
    #expect((tampered["errors"] as? [String])?.isEmpty == false)
  }

  @Test(.enabled(if: ReportFixtures.available && Python.junitparser != nil))
  func junitIsReadByJunitparser() throws {
    let python = try #require(Python.junitparser)
    let r = try ReportFixtures.check(["--format", "junit", "--lang", "fr"])
    let report = try Self.save(r.stdout, as: "check.xml")
    let script = """
      import json, sys
      from junitparser import JUnitXml, Failure, Error
      xml = JUnitXml.fromfile(sys.argv[1])
      cases = {}
      for suite in xml:
          for case in suite:
              results = case.result if isinstance(case.result, list) else ([case.result] if case.result else [])
              cases[case.name] = {
                  "failures": [r.type for r in results if isinstance(r, Failure)],
                  "errors": [r.type for r in results if isinstance(r, Error)],
                  "out": case.system_out or "",
              }
      suite = next(iter(xml))
      print(json.dumps({"cases": cases, "tests": suite.tests, "failures": suite.failures, "errors": suite.errors}))
      """
    let out = try Python.run(python, ["-c", script, report.path])
    #expect(out.status == 0, "\(out.stderr)")
    let doc = try StatusFixtures.json(out.stdout)
    let cases = try #require(doc["cases"] as? [String: [String: Any]])
    #expect(
      Set(cases.keys) == [
        "seed-meuse-asp.ods", "defect.xlsx", "text.xlsx", "hostile.xlsx", "notes.xlsx",
        "broken.xlsx", "old/ancien.xls",
      ])
    #expect(doc["tests"] as? Int == 7)
    #expect(doc["errors"] as? Int == 1)
    // defect, hostile, notes (no plan), ancien.xls (unsupported)
    #expect(doc["failures"] as? Int == 4)
    #expect(cases["hostile.xlsx"]?["failures"] as? [String] == ["sum"])
    #expect(
      (cases["hostile.xlsx"]?["out"] as? String)?.contains("[avertissement, montant manquant]")
        == true)
    #expect(cases["broken.xlsx"]?["errors"] as? [String] == ["zip.notZip"])
    #expect(cases["notes.xlsx"]?["failures"] as? [String] == ["noPlan"])
    #expect((cases["seed-meuse-asp.ods"]?["failures"] as? [String])?.isEmpty == true)
    #expect((cases["defect.xlsx"]?["failures"] as? [String])?.isEmpty == false)
  }

  @Test(.enabled(if: ReportFixtures.available && LibreOffice.isInstalled))
  func csvOpensInLibreOfficeWithItsAccents() throws {
    let r = try ReportFixtures.check(["--format", "csv", "--lang", "fr"])
    let csv = try Self.save(r.stdout, as: "constats.csv")
    // As a user opening it would choose: separated by ';', quoted by '"', UTF-8 (76).
    let saved = try LibreOffice.convert(csv.path, to: "xlsx", infilter: "CSV:59,34,76,1")
    let cells = try CLI.run(["cells", saved, "--format", "json"])
    #expect(cells.status == 0, "\(cells.stderr)")
    let doc = try StatusFixtures.json(cells.stdout)
    let sheet = try #require((doc["sheets"] as? [[String: Any]])?.first)
    var values: [String: String] = [:]
    for cell in sheet["cells"] as? [[Any]] ?? [] {
      if let ref = cell[0] as? String { values[ref] = cell.count > 2 ? "\(cell[2])" : "" }
    }
    // No byte order mark in A1, ten columns, accents intact, quotes and ';' kept inside a cell,
    // amounts read as numbers.
    #expect(values["A1"] == "file")
    #expect(values["J1"] == "message")
    let row = try #require(
      (2...500).first { values["A\($0)"] == "hostile.xlsx" && values["C\($0)"] == "B5" })
    #expect(values["F\(row)"] == #"Total <b>des</b> charges & "frais""#)
    #expect(values["H\(row)"] == "1700")
    #expect(values["I\(row)"] == "2600")
    #expect(values.values.contains { $0.contains("«\u{202F}Département\u{202F}»") })
    #expect(values.values.contains { $0 == "avertissement" })
    let types = Dictionary(
      uniqueKeysWithValues: (sheet["cells"] as? [[Any]] ?? []).compactMap {
        c -> (String, String)? in
        guard let ref = c[0] as? String, let type = c[1] as? String else { return nil }
        return (ref, type)
      })
    #expect(types["H\(row)"] == "number")
  }

  @Test(.enabled(if: ReportFixtures.available && Chromium.isInstalled))
  func htmlRendersInChromiumWithTheFindingsHighlighted() throws {
    let r = try ReportFixtures.check(["--format", "html", "--lang", "fr"])
    let page = try Self.save(r.stdout, as: "rapport.html")
    let dom = try Chromium.run(["--dump-dom"], page: page)
    #expect(dom.status == 0, "\(dom.stderr)")
    // The parsed page: the wrong total highlighted as an error, with its message beside it; the
    // missing amount as a warning; the hostile label as text, no script element.
    #expect(dom.stdout.contains(#"<td class="amount finding finding-error" data-cell="B5""#))
    #expect(dom.stdout.contains(#"<td class="amount finding finding-warning" data-cell="B3""#))
    // (the DOM is serialized with U+00A0 as &nbsp;)
    #expect(
      dom.stdout.contains(
        "ses 3 composantes font 1\u{202F}700&nbsp;€, la cellule indique 2\u{202F}600&nbsp;€"))
    #expect(!dom.stdout.contains("<script"))
    #expect(dom.stdout.contains("&lt;script&gt;"))
    let shot = page.deletingLastPathComponent().appendingPathComponent("rapport.png")
    let screenshot = try Chromium.run(
      ["--screenshot=\(shot.path)", "--window-size=1280,1800"], page: page)
    #expect(screenshot.status == 0, "\(screenshot.stderr)")
    let png = try Data(contentsOf: shot)
    #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]))
    #expect(png.count > 20_000)
    if let keep = ProcessInfo.processInfo.environment["EQUILIBRE_SCREENSHOT"] {
      try? FileManager.default.removeItem(atPath: keep)
      try FileManager.default.copyItem(at: shot, to: URL(fileURLWithPath: keep))
    }
  }
}
