import Diagnostics
import Testing
import Workbook

@testable import Budget

#if canImport(Glibc)
  import Glibc
#endif

/// The shared sample plans, next to the package: `../shared/plans`.
enum SharedPlans {
  static let folder: String = {
    var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
    parts.removeLast(3)  // Tests/BudgetTests/TruthTests.swift
    let root = parts.joined(separator: "/")
    let up = root.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
    return up + "/shared/plans"
  }()

  static var exists: Bool { access(folder + "/README.md", F_OK) == 0 }

  static func read(_ path: String) -> String? {
    guard let f = fopen(path, "rb") else { return nil }
    defer { fclose(f) }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
      let n = fread(&buffer, 1, buffer.count, f)
      if n <= 0 { break }
      bytes += buffer[0..<n]
    }
    return String(decoding: bytes, as: UTF8.self)
  }

  /// Every (plan name, workbook file) the truth files name.
  static let cases: [String] = {
    guard let dir = opendir(folder) else { return [] }
    defer { closedir(dir) }
    var names: [String] = []
    while let e = readdir(dir) {
      let name = withUnsafeBytes(of: e.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
      if name.hasSuffix(".truth.json") { names.append(String(name.dropLast(11))) }
    }
    var out: [String] = []
    for n in names.sorted() {
      guard let text = read(folder + "/" + n + ".truth.json"), let truth = JSON.parse(text) else { continue }
      for f in truth["files"]?.array ?? [] { if let s = f.string { out.append(s) } }
    }
    return out
  }()

  /// Whether this build reads ODS yet (the reader is written on another branch).
  static let readsODS: Bool = {
    let probe = folder + "/seed-meuse-asp.ods"
    do throws(SpreadsheetError) {
      _ = try Workbook(contentsOf: probe)
      return true
    } catch {
      return error.code != .unsupported
    }
  }()
}

/// Rounds to the cent, as the truth files store amounts.
func cents(_ d: Double?) -> Int64? { d.map { Int64(($0 * 100).rounded()) } }
func cents(_ m: Money?) -> Int64? { m.map { Int64((m?.approximateDouble ?? 0) * 100 + ($0.value < 0 ? -0.5 : 0.5)) } }

struct FindingKey: Hashable, CustomStringConvertible {
  var rule: String
  var sheet: String
  var cell: String
  var expected: Int64?
  var actual: Int64?
  var raw: String?
  var description: String { "\(rule) \(sheet)!\(cell) expected \(expected.map(String.init) ?? "null") actual \(actual.map(String.init) ?? "null")\(raw.map { " raw «\($0)»" } ?? "")" }
}

@Suite(.enabled(if: SharedPlans.exists, "the shared plans are next to the package"))
struct TruthTests {
  @Test(arguments: SharedPlans.cases.filter { !$0.hasSuffix(".ods") })
  func xlsxPlanMatchesTruth(_ file: String) throws { try matchesTruth(file) }

  @Test(.enabled(if: SharedPlans.readsODS, "the ODS reader is merged"), arguments: SharedPlans.cases.filter { $0.hasSuffix(".ods") })
  func odsPlanMatchesTruth(_ file: String) throws { try matchesTruth(file) }

  func matchesTruth(_ file: String) throws {
    let name = String(file[..<(file.lastIndex(of: ".") ?? file.endIndex)])
    let truthText = try #require(SharedPlans.read(SharedPlans.folder + "/" + name + ".truth.json"))
    let truth = try #require(JSON.parse(truthText))
    let workbook = try Workbook(contentsOf: SharedPlans.folder + "/" + file)
    let check = PlanCheck(workbook)
    let plan = try #require(check.plan, "no plan found in \(file)")

    // With the formula engine merged, no plan is an exception: stale caches are found too.
    let staleCells: Set<String> = []
    let truthFindings = truth["findings"]?.array ?? []
    let expected = Set(
      truthFindings.map { f in
        FindingKey(
          rule: f["rule"]?.string ?? "", sheet: f["sheet"]?.string ?? "", cell: f["cell"]?.string ?? "",
          expected: cents(f["expected"]?.number), actual: cents(f["actual"]?.number), raw: f["raw"]?.string)
      })
    let got = Set(
      check.findings.filter { !staleCells.contains($0.cell.description) }.map { f in
        FindingKey(
          rule: f.rule.rawValue, sheet: f.sheet, cell: f.cell.description, expected: cents(f.expected),
          actual: cents(f.actual), raw: f.raw)
      })
    for missing in expected.subtracting(got).sorted(by: { $0.description < $1.description }) {
      Issue.record("\(file): missing finding \(missing)")
    }
    for extra in got.subtracting(expected).sorted(by: { $0.description < $1.description }) {
      Issue.record("\(file): unexpected finding \(extra)")
    }

    // The compact writer gives the same bytes as the JSON tree.
    var text = JSONBytes()
    plan.writeJSON(to: &text)
    #expect(String(decoding: text.bytes, as: UTF8.self) == plan.json.serialized())
    for f in check.findings {
      var t = JSONBytes()
      f.writeJSON(to: &t, language: .fr)
      #expect(String(decoding: t.bytes, as: UTF8.self) == f.json(.fr).serialized())
    }

    // The model.
    #expect(plan.sheet == truth["sheet"]?.string)
    let truthPeriods = (truth["periods"]?.array ?? []).compactMap(\.string)
    #expect(plan.periods.count == truthPeriods.count)
    for (i, label) in truthPeriods.enumerated() where i < plan.periods.count {
      #expect(plan.periods[i].months == truth["months"]?[label]?.int, "months of period \(label)")
    }
    let truthLines = truth["lines"]?.array ?? []
    #expect(plan.lines.count == truthLines.count, "\(file): line count")
    for t in truthLines {
      let row = t["row"]?.int ?? -1
      let section = t["section"]?.string ?? ""
      guard let line = plan.lines.first(where: { $0.displayRow == row && $0.section.rawValue == section }) else {
        Issue.record("\(file): no \(section) line at row \(row)")
        continue
      }
      #expect(line.label == t["label"]?.string, "\(file) row \(row) label")
      #expect(line.level == t["level"]?.int, "\(file) row \(row) «\(line.label)» level")
      #expect(line.kind.rawValue == t["kind"]?.string, "\(file) row \(row) «\(line.label)» kind")
      let truthAmounts = (t["amounts"]?.members ?? []).map { cents($0.1.number) }
      for (i, amount) in truthAmounts.enumerated() where i < line.amounts.count {
        if staleCells.contains(line.cells[i].description) { continue }
        #expect(cents(line.amounts[i]) == amount, "\(file) row \(row) «\(line.label)» amount \(i)")
      }
      let components = (t["components"]?.array ?? []).compactMap(\.int)
      #expect(line.components.map { plan.lines[$0].displayRow } == components, "\(file) row \(row) components")
    }
  }

  /// The formula engine's hook: a recomputed value that differs from the cache is `formula.stale`,
  /// and the other checks run on the recomputed value.
  @Test(.enabled(if: SharedPlans.exists)) func recalculationHook() throws {
    let workbook = try Workbook(contentsOf: SharedPlans.folder + "/seed-meuse-asp-formulas-defect-1.xlsx")
    // A stand-in engine that knows the two cells the edit left stale.
    let reader = PlanReader(recalculate: { _, ref in
      switch ref.description {
      case "B21": 28666
      case "B19": 26265.428571428572
      default: nil
      }
    })
    let check = PlanCheck(workbook, reader: reader)
    let keys = Set(check.findings.map { "\($0.rule.rawValue) \($0.cell)" })
    #expect(keys == ["formula.stale B19", "formula.stale B21", "missing B20", "missing C20"])
  }
}
