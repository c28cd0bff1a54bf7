import Foundation
import Testing

/// With `--lang fr`, no English sentence reaches the user: every command, on the shared plans,
/// on the corpus's unreadable files and on the hostile fixtures, and the usage errors and
/// refusals around them.
///
/// What is scanned is what a person reads: stderr, the text reports, the `message` fields of
/// JSON and SARIF, the severity and message columns of CSV, the text of JUnit and HTML. What is
/// left out is the file's own data (what is quoted « … », the paths, sheet names, line labels,
/// the producer), ids (`[zip.corrupt]`, JSON keys, options, formulas) and the machine formats'
/// data (`export`, `cells --format json|csv`). The English words looked for are function words
/// and the words of the messages French must not show.
@Suite("French everywhere")
struct FrenchEverywhereTests {
  static let plans = FixCommandTests.plans
  static let corpus = CLI.packageRoot.deletingLastPathComponent().appendingPathComponent("shared/corpus")

  /// Words that are English and not French: one of them in French output is English text.
  static let englishWords: Set<String> = [
    "the", "is", "are", "not", "cannot", "could", "file", "files", "refusing", "found", "error", "errors", "of",
    "and", "with", "has", "have", "no", "which", "should", "must", "was", "been", "unknown", "missing",
    "warning", "warnings", "corrected", "nothing", "left", "exists", "already", "sheet", "sheets", "cell",
    "without", "into", "from", "this", "that", "its", "does", "did", "see", "usage", "more",
    "information", "damaged", "unreadable", "unsupported", "ignored", "empty", "unexpected", "invalid", "please",
    "provide", "than", "raise", "allowed", "written", "write", "over", "by", "for", "to", "at", "or", "be", "can",
    "will", "caused", "cost", "peak", "memory", "producer", "merged", "cached", "value", "run", "read", "reads",
    "named", "there", "one", "sum", "rounding", "rate", "balance", "stale", "components", "states", "gap",
    "income", "costs", "amount", "stored", "months", "month", "periods", "period", "ok", "findings",
    "finding", "recognised", "checked", "workbook", "workbooks", "folder",
    "expected", "given", "takes", "least", "whole", "number",
  ]

  /// The English words in `text`, once the data, the quoted parts and the ids are taken out.
  static func englishIn(_ text: String, data: [String] = []) -> [String] {
    var s = text
    // The file's own data, longest first (a path before the folder that holds it).
    for d in data.filter({ $0.count > 2 }).sorted(by: { $0.count > $1.count }) {
      s = s.replacingOccurrences(of: d, with: " ")
    }
    var found: [String] = []
    // English quotation marks are English typography, whatever they hold.
    if s.contains("“") || s.contains("”") { found.append("“”") }
    // What is quoted in French is the file's own (a label, a sheet, a value) or an id.
    var out = ""
    var depth = 0
    for c in s {
      if c == "«" { depth += 1 } else if c == "»" { depth = max(0, depth - 1) } else if depth == 0 { out.append(c) }
    }
    // Ids and data that are no words: codes in brackets, options, formulas, paths, part names,
    // key=value pairs.
    let tokens = out.split(whereSeparator: \.isWhitespace).filter { token in
      !(token.hasPrefix("[") && token.contains(".") && !token.contains(" "))
        && !token.hasPrefix("--") && !token.hasPrefix("-") && !token.contains("=") && !token.contains("/")
        && !token.contains("!") && !token.contains("<") && !token.contains(">")
        && token.range(of: #"\.[A-Za-z0-9]"#, options: .regularExpression) == nil
    }
    for token in tokens {
      for word in token.lowercased().split(whereSeparator: { !$0.isLetter }) where englishWords.contains(String(word)) {
        found.append(String(word))
      }
    }
    return found
  }

  /// The strings of `json` under the keys a person reads (`message`, SARIF's `text`).
  static func messages(inJSON json: String) -> [String] {
    var out: [String] = []
    func walk(_ v: Any) {
      if let d = v as? [String: Any] {
        for (k, value) in d {
          if (k == "message" || k == "text"), let s = value as? String { out.append(s) } else { walk(value) }
        }
      } else if let a = v as? [Any] {
        a.forEach(walk)
      }
    }
    for line in json.split(separator: "\n") where line.hasPrefix("{") || json.hasPrefix("{\n") {
      if let v = try? JSONSerialization.jsonObject(with: Data((json.hasPrefix("{\n") ? json : String(line)).utf8)) {
        walk(v)
      }
      if json.hasPrefix("{\n") { break }
    }
    return out
  }

  /// The severity and message columns of the CSV report, its header (ids) left out.
  static func messages(inCSV csv: String) -> [String] {
    csv.split(separator: "\r\n").dropFirst().flatMap { row -> [String] in
      let fields = parseCSVRow(String(row))
      return fields.count >= 10 ? [fields[4], fields[9]] : [String(row)]
    }
  }

  static func parseCSVRow(_ row: String) -> [String] {
    var fields: [String] = []
    var field = ""
    var quoted = false
    var chars = Array(row)
    if chars.first == "\u{FEFF}" { chars.removeFirst() }
    var i = 0
    while i < chars.count {
      let c = chars[i]
      if quoted {
        if c == "\"" {
          if i + 1 < chars.count, chars[i + 1] == "\"" { field.append("\""); i += 1 } else { quoted = false }
        } else { field.append(c) }
      } else if c == "\"" { quoted = true } else if c == ";" { fields.append(field); field = "" } else { field.append(c) }
      i += 1
    }
    fields.append(field)
    return fields
  }

  /// The text of an XML or HTML report: attribute values a person reads (`title`, `message`)
  /// and the text between tags, the page's style, the plans' line labels, period headings and
  /// file names (`th`, `h2`, data) left out.
  static func readableText(inMarkup markup: String) -> String {
    var s = markup
    for pattern in [#"<style>[\s\S]*?</style>"#, #"<th[^>]*>[\s\S]*?</th>"#, #"<h2>[\s\S]*?</h2>"#, #"<\?xml[^>]*>"#] {
      s = s.replacingOccurrences(of: pattern, with: " ", options: .regularExpression)
    }
    var readable: [String] = []
    // The attributes a person reads.
    let attribute = try! NSRegularExpression(pattern: #"(?:title|message)="([^"]*)""#)
    for m in attribute.matches(in: s, range: NSRange(s.startIndex..., in: s)) {
      readable.append(String(s[Range(m.range(at: 1), in: s)!]))
    }
    readable.append(s.replacingOccurrences(of: #"<[^>]*>"#, with: " ", options: .regularExpression))
    return readable.joined(separator: "\n")
      .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
      .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#10;", with: "\n")
      .replacingOccurrences(of: "&amp;", with: "&")
  }

  /// The cells' lines of `cells --format text` are data; the headings and words around them are not.
  static func readableText(inCells text: String) -> String {
    text.split(separator: "\n").map { line in
      line.range(of: #"^  [A-Z]+[0-9]+\t"#, options: .regularExpression) != nil
        ? (line.contains("\t(") ? String(line[line.range(of: "\t(")!.lowerBound...]) : "") : String(line)
    }.joined(separator: "\n")
  }

  /// What `run` printed that is English, each with the stream and the command.
  static func english(
    _ arguments: [String], stdout: (String) -> String = { $0.hasPrefix("{") ? messages(inJSON: $0).joined(separator: "\n") : $0 },
    data: [String] = []
  ) throws -> [String] {
    let r = try CLI.run(arguments + ["--lang", "fr"])
    var found: [String] = []
    let dataAll = data + arguments.filter { $0.contains("/") }
    let outWords = englishIn(stdout(r.stdout), data: dataAll)
    let errWords = englishIn(r.stderr, data: dataAll)
    if !outWords.isEmpty { found.append("\(arguments.joined(separator: " ")): stdout: \(Set(outWords).sorted()) in\n\(r.stdout.prefix(1500))") }
    if !errWords.isEmpty { found.append("\(arguments.joined(separator: " ")): stderr: \(Set(errWords).sorted()) in\n\(r.stderr.prefix(1500))") }
    return found
  }

  /// The data of a workbook that outputs may show unquoted: its sheet names and producer, and
  /// its plan's period labels.
  static func data(of path: String) throws -> [String] {
    var data: [String] = []
    let info = try CLI.run(["info", path, "--format", "json"])
    if let doc = try? JSONSerialization.jsonObject(with: Data(info.stdout.utf8)) as? [String: Any] {
      if let p = doc["producer"] as? String { data.append(p) }
      data += (doc["sheets"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
    }
    let export = try CLI.run(["export", path, "--format", "json"])
    if let doc = try? JSONSerialization.jsonObject(with: Data(export.stdout.utf8)) as? [String: Any] {
      data += (doc["periods"] as? [[String: Any]] ?? []).compactMap { $0["label"] as? String }
      data += (doc["lines"] as? [[String: Any]] ?? []).compactMap { $0["label"] as? String }
      if let s = doc["sheet"] as? String { data.append(s) }
    }
    return data
  }

  /// Every command a person runs on one workbook, with the parts of its output a person reads.
  static func everyCommand(on path: String, in dir: URL) throws -> [String] {
    let data = try data(of: path)
    let ext = (path as NSString).pathExtension.isEmpty ? "xlsx" : (path as NSString).pathExtension
    let other = ext == "ods" ? "xlsx" : "ods"
    let name = UUID().uuidString
    var found: [String] = []
    found += try english(["check", path], data: data)
    found += try english(["check", path, "--format", "json"], stdout: { messages(inJSON: $0).joined(separator: "\n") }, data: data)
    found += try english(["check", path, "-v"], data: data)
    found += try english(
      ["fix", path, "-o", dir.appendingPathComponent("\(name).\(ext)").path, "--annotate", "--formulas"], data: data)
    found += try english(
      ["fix", path, "-o", dir.appendingPathComponent("\(name)-j.\(ext)").path, "--format", "json"],
      stdout: { messages(inJSON: $0).joined(separator: "\n") }, data: data)
    // Into a file that exists: the refusal.
    found += try english(["fix", path, "-o", dir.appendingPathComponent("\(name).\(ext)").path], data: data)
    found += try english(["convert", path, dir.appendingPathComponent("\(name).\(other)").path], data: data)
    found += try english(["convert", path, dir.appendingPathComponent("\(name).\(other)").path], data: data)
    found += try english(["export", path], stdout: { _ in "" }, data: data)
    found += try english(["export", path, "--format", "csv"], stdout: { _ in "" }, data: data)
    found += try english(["info", path], data: data)
    found += try english(["info", path, "--format", "json"], stdout: { messages(inJSON: $0).joined(separator: "\n") }, data: data)
    found += try english(["cells", path], stdout: readableText(inCells:), data: data)
    found += try english(["cells", path, "--sheet", "Pas de feuille"], data: data)
    found += try english(["cells", path, "--format", "json"], stdout: { messages(inJSON: $0).joined(separator: "\n") }, data: data)
    return found
  }

  /// The reports of `check` over a whole folder, in every format.
  static func everyReport(on folder: String, data: [String]) throws -> [String] {
    var found: [String] = []
    found += try english(["check", folder], data: data)
    found += try english(["check", folder, "-v", "--severity", "error"], data: data)
    found += try english(["check", folder, "--format", "json"], stdout: { messages(inJSON: $0).joined(separator: "\n") }, data: data)
    found += try english(["check", folder, "--format", "csv"], stdout: { messages(inCSV: $0).joined(separator: "\n") }, data: data)
    found += try english(["check", folder, "--format", "junit"], stdout: readableText(inMarkup:), data: data)
    found += try english(["check", folder, "--format", "sarif"], stdout: { messages(inJSON: $0).joined(separator: "\n") }, data: data)
    found += try english(["check", folder, "--format", "html"], stdout: readableText(inMarkup:), data: data)
    return found
  }

  static func folder() -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("equilibre-fr-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  static let planFiles: [String] = {
    ((try? FileManager.default.contentsOfDirectory(atPath: plans.path)) ?? [])
      .filter { $0.hasSuffix(".xlsx") || $0.hasSuffix(".ods") }.sorted()
  }()

  /// The corpus files no reader could open (their truth has no sheets).
  static let unreadableCorpusFiles: [String] = {
    ((try? FileManager.default.contentsOfDirectory(atPath: corpus.path)) ?? []).filter { $0.hasSuffix(".truth.json") }
      .filter { truth in
        let doc = (try? Data(contentsOf: corpus.appendingPathComponent(truth)))
          .flatMap { try? JSONSerialization.jsonObject(with: $0) as? [String: Any] }
        return doc?["sheets"] == nil
      }.map { String($0.dropLast(".truth.json".count)) }.sorted()
  }()

  // MARK: - The scan finds English

  @Test func theScanFindsEnglishAndLeavesFrenchAndDataAlone() {
    #expect(!Self.englishIn("equilibre: a.xls: «.xls» is not a workbook extension Equilibre reads").isEmpty)
    #expect(!Self.englishIn("b.xlsx exists already; refusing to write over it").isEmpty)
    #expect(!Self.englishIn("Error: check prints text or json.").isEmpty)
    #expect(!Self.englishIn("  C17 [missing, warning] «Département» : aucun montant.").isEmpty)
    #expect(!Self.englishIn("feuille “Budget”").isEmpty)
    #expect(Self.englishIn("equilibre: a.xlsx, feuille « The sheet of costs », cellule B7 : le fichier n'est pas une archive zip [zip.notZip]").isEmpty)
    #expect(Self.englishIn("  C17   erreur   somme   « Total costs » (Year 1) : ses 3 composantes font 96 720 €", data: ["Year 1"]).isEmpty)
    #expect(Self.englishIn("--max-cells pour relever la limite ; xl/worksheets/sheet1.xml:3 (=SUM(C8,C11))").isEmpty)
  }

  // MARK: - Usage errors and refusals

  @Test(.enabled(if: FixCommandTests.hasPlans)) func usageErrorsAndRefusals() throws {
    let plan = Self.plans.appendingPathComponent("cerfa-12156-defect-2.xlsx").path
    let dir = Self.folder()
    let existing = dir.appendingPathComponent("existe.xlsx").path
    FileManager.default.createFile(atPath: existing, contents: Data("x".utf8))
    var found: [String] = []
    for arguments in [
      ["check"], ["check", "--jobs", "0", plan], ["check", "--no-such-option", plan], ["check", "--format", "pdf", plan],
      ["check", "--format"], ["check", plan, "--max-cells", "0"], ["check", plan, "--max-formula-depth", "100000"],
      ["fix", plan], ["fix", plan, "-o"], ["fix", plan, "-o", existing], ["fix", plan, "-o", plan],
      ["fix", plan, "-o", dir.appendingPathComponent("a.txt").path], ["fix", plan, "-o", existing, "--format", "json"],
      ["convert", plan], ["convert", plan, existing], ["convert", plan, plan], ["convert", plan, dir.appendingPathComponent("a.csv").path],
      ["convert", plan, dir.appendingPathComponent("b.ods").path, "extra", "args"],
      ["info"], ["info", plan, "--format", "csv"], ["export", plan, "--format", "text"], ["cells", plan, "--sheet"],
      ["chek", plan], ["serve", "--port", "8080"], [plan], ["check", dir.appendingPathComponent("absent.xlsx").path],
      ["check", dir.path], ["check", plan, plan, "--verbose"], ["info", dir.path], ["info", dir.appendingPathComponent("absent.xlsx").path],
      ["info", dir.appendingPathComponent("sans-extension").path], ["check", dir.appendingPathComponent("ancien.xls").path],
    ] {
      found += try Self.english(arguments)
    }
    #expect(found.isEmpty, "\(found.joined(separator: "\n\n"))")
  }

  // MARK: - The shared plans

  @Test(.enabled(if: FixCommandTests.hasPlans)) func everyReportOfThePlans() throws {
    var data: [String] = []
    for file in Self.planFiles { data += try Self.data(of: Self.plans.appendingPathComponent(file).path) }
    let found = try Self.everyReport(on: Self.plans.path, data: data)
    #expect(found.isEmpty, "\(found.joined(separator: "\n\n"))")
  }

  @Test(.enabled(if: FixCommandTests.hasPlans), arguments: planFiles)
  func everyCommandOnAPlan(file: String) throws {
    let found = try Self.everyCommand(on: Self.plans.appendingPathComponent(file).path, in: Self.folder())
    #expect(found.isEmpty, "\(found.joined(separator: "\n\n"))")
  }

  // MARK: - The corpus's unreadable files

  @Test(.enabled(if: !unreadableCorpusFiles.isEmpty), arguments: unreadableCorpusFiles)
  func everyCommandOnAnUnreadableFile(file: String) throws {
    let found = try Self.everyCommand(on: Self.corpus.appendingPathComponent(file).path, in: Self.folder())
    #expect(found.isEmpty, "\(found.joined(separator: "\n\n"))")
  }

  // MARK: - The hostile fixtures

  static let hostileFolder: URL = {
    let dir = folder()
    for fixture in HostileFilesTests.fixtures {
      try? fixture.make(dir.appendingPathComponent(fixture.name).path)
    }
    return dir
  }()

  @Test func everyReportOfTheHostileFixtures() throws {
    let names = HostileFilesTests.fixtures.map(\.name)
    let found = try Self.everyReport(on: Self.hostileFolder.path, data: names)
    #expect(found.isEmpty, "\(found.joined(separator: "\n\n"))")
  }

  @Test(arguments: HostileFilesTests.fixtures.map(\.name))
  func theCommandsOnAHostileFixture(name: String) throws {
    let path = Self.hostileFolder.appendingPathComponent(name).path
    let out = Self.folder()
    var found: [String] = []
    found += try Self.english(["check", path, "-v"], data: [name])
    found += try Self.english(["check", path, "--format", "json"], stdout: { Self.messages(inJSON: $0).joined(separator: "\n") }, data: [name])
    found += try Self.english(["info", path], data: [name])
    found += try Self.english(["fix", path, "-o", out.appendingPathComponent("f-" + name).path], data: [name])
    found += try Self.english(["export", path], stdout: { _ in "" }, data: [name])
    #expect(found.isEmpty, "\(found.joined(separator: "\n\n"))")
  }
}
