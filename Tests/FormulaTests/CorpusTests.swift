import Foundation
import Testing
import Workbook

@testable import Formula

/// The shared folders, found next to the package (`../shared/corpus`, `../shared/plans`).
enum Shared {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared")
  static let corpus = root.appendingPathComponent("corpus").path
  static let plans = root.appendingPathComponent("plans").path
  static var hasCorpus: Bool { FileManager.default.fileExists(atPath: corpus + "/MANIFEST.tsv") }
  static var hasPlans: Bool { FileManager.default.fileExists(atPath: plans) }

  /// The truth files that list formulas, with their formulas `(sheet, ref, "=TEXT")`.
  static func truthFormulas() -> [(file: String, formulas: [(String, String, String)])] {
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: corpus) else {
      return []
    }
    var out: [(String, [(String, String, String)])] = []
    for name in names.sorted() where name.hasSuffix(".truth.json") {
      guard let data = FileManager.default.contents(atPath: corpus + "/" + name),
        let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
        let sheets = json["sheets"] as? [[String: Any]]
      else { continue }
      var formulas: [(String, String, String)] = []
      for sheet in sheets {
        let sheetName = sheet["name"] as? String ?? ""
        for f in sheet["formulas"] as? [[Any]] ?? [] {
          if let ref = f.first as? String, f.count > 1, let text = f[1] as? String {
            formulas.append((sheetName, ref, text))
          }
        }
      }
      if !formulas.isEmpty { out.append((String(name.dropLast(".truth.json".count)), formulas)) }
    }
    return out
  }

  /// Producers by file name, from `MANIFEST.tsv`.
  static func producers() -> [String: String] {
    guard let text = try? String(contentsOfFile: corpus + "/MANIFEST.tsv", encoding: .utf8) else {
      return [:]
    }
    var out: [String: String] = [:]
    for line in text.split(separator: "\n").dropFirst() {
      let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
      if fields.count > 4 { out[String(fields[0])] = String(fields[4]) }
    }
    return out
  }

  static func workbooks(in folder: String) -> [String] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
    return names.sorted().filter { n in
      SpreadsheetFormat(fileExtension: String(n.split(separator: ".").last ?? "")) != nil
    }
  }
}

@Suite("Corpus", .enabled(if: Shared.hasCorpus))
struct CorpusTests {
  @Test("Truth formulas round-trip", arguments: Shared.truthFormulas().map(\.file))
  func truthRoundTrip(_ file: String) throws {
    guard let entry = Shared.truthFormulas().first(where: { $0.file == file }) else { return }
    for (sheet, ref, text) in entry.formulas {
      let body = String(text.dropFirst())
      let e: FormulaExpression
      do {
        e = try FormulaParser.parse(body, dialect: .ooxml)
      } catch {
        // Only syntax the model knowingly leaves out may fail.
        #expect(error.code == .unsupportedSyntax, "\(file) \(sheet)!\(ref) «\(body)»: \(error)")
        continue
      }
      let printed = FormulaPrinter.print(e, dialect: .ooxml)
      #expect(printed == body, "\(file) \(sheet)!\(ref)")
      #expect(try FormulaParser.parse(printed, dialect: .ooxml) == e, "\(file) \(sheet)!\(ref)")
      let odf = FormulaPrinter.print(e, dialect: .odf)
      #expect(
        try FormulaParser.parse(odf, dialect: .odf) == FormulaParser.parse(odf, dialect: .odf))
    }
  }

  @Test(
    "Workbook formulas round-trip in their dialect",
    arguments: Shared.workbooks(in: Shared.corpus)
      + Shared.workbooks(in: Shared.plans).map { "plans/" + $0 })
  func workbookRoundTrip(_ name: String) throws {
    let path =
      name.hasPrefix("plans/") ? Shared.plans + "/" + name.dropFirst(6) : Shared.corpus + "/" + name
    guard let workbook = try? Workbook(contentsOf: path) else { return }
    for sheet in workbook.sheets {
      for (ref, f) in sheet.formulas {
        guard let e = try? FormulaParser.parse(f) else { continue }
        let printed = FormulaPrinter.print(e, dialect: f.dialect)
        #expect(
          try FormulaParser.parse(printed, dialect: f.dialect) == e,
          "\(name) \(sheet.name)!\(ref) «\(f.text)» → «\(printed)»")
      }
    }
  }

  /// Recomputes every formula cell with a cached value in the files Excel or LibreOffice
  /// wrote, compares, and prints the agreement and the unsupported-function table.
  @Test func agreementWithCachedValues() throws {
    let producers = Shared.producers()
    var compared = 0
    var agreeing = 0
    var unsupported: [String: Int] = [:]
    var mismatches: [String] = []
    var excused: [String] = []
    for name in Shared.workbooks(in: Shared.corpus) {
      guard let producer = producers[name],
        producer.hasPrefix("Excel") || producer.hasPrefix("LibreOffice")
          || producer.hasPrefix("app:Microsoft Excel") || producer.contains("Excel Online")
      else { continue }
      guard let workbook = try? Workbook(contentsOf: Shared.corpus + "/" + name) else { continue }
      let result = Recalculator(workbook: workbook).recalculate()
      for (s, sheet) in workbook.sheets.enumerated() {
        for (ref, recalculated) in result.sheets[s] {
          guard let cached = sheet.cell(at: ref)?.value else { continue }
          switch recalculated {
          case .unsupported(let reason):
            unsupported[reason, default: 0] += 1
          case .value(let v):
            compared += 1
            if Agreement.agrees(v, cached) {
              agreeing += 1
            } else if let reason = Agreement.excuse(name, sheet, ref) {
              excused.append("\(name) \(sheet.name)!\(ref): \(reason)")
            } else {
              mismatches.append(
                "\(name) \(sheet.name)!\(ref) «\(sheet.formulas[ref]?.text ?? "")»: cached \(cached), recomputed \(v)"
              )
            }
          }
        }
      }
    }
    // Every formula of every corpus workbook: the functions the engine lacks, by cells using them.
    var byFunction: [String: Int] = [:]
    var formulaCells = 0
    for name in Shared.workbooks(in: Shared.corpus) {
      guard let workbook = try? Workbook(contentsOf: Shared.corpus + "/" + name) else { continue }
      for sheet in workbook.sheets {
        for f in sheet.formulas.values {
          formulaCells += 1
          guard let e = try? FormulaParser.parse(f) else {
            byFunction["(syntax not modelled)", default: 0] += 1
            continue
          }
          for missing in Self.unsupportedParts(e) { byFunction[missing, default: 0] += 1 }
        }
      }
    }
    let share = compared == 0 ? 1 : Double(agreeing) / Double(compared)
    let judged = compared - excused.count
    let judgedShare = judged == 0 ? 1 : Double(agreeing) / Double(judged)
    var report =
      "corpus agreement: \(agreeing) of \(compared) cells (\(Double(Int(share * 10000)) / 100) %)\n"
    report +=
      "without \(excused.count) cells whose cached value the file itself gets wrong: \(agreeing) of \(judged) (\(Double(Int(judgedShare * 10000)) / 100) %)\n"
    report += "excused:\n" + excused.joined(separator: "\n") + "\n"
    report += "unsupported (reason → cells):\n"
    for (reason, n) in unsupported.sorted(by: {
      $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key
    }) {
      report += "  \(reason)\t\(n)\n"
    }
    report +=
      "functions and constructs the engine lacks, over all \(formulaCells) corpus formula cells (name → cells using it):\n"
    for (name, n) in byFunction.sorted(by: {
      $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key
    }) {
      report += "  \(name)\t\(n)\n"
    }
    report += "mismatches:\n" + mismatches.prefix(150).joined(separator: "\n")
    print(report)
    #expect(judgedShare >= 0.995, "\(report)")
    #expect(share >= 0.99, "\(report)")
  }
}

extension CorpusTests {
  /// The unsupported functions and constructs an expression uses, each once.
  static func unsupportedParts(_ root: FormulaExpression) -> Set<String> {
    var out: Set<String> = []
    var pending = [root]
    while let e = pending.popLast() {
      switch e {
      case .function(let name, let arguments):
        let canonical = Engine.canonicalName(name)
        if !Engine.supportedFunctions.contains(canonical) { out.insert(canonical) }
        pending.append(contentsOf: arguments)
      case .opaque(let kind, _):
        out.insert(kind == .structuredReference ? "(structured reference)" : "(ODF label)")
      case .reference(let r):
        if r.workbook != nil { out.insert("(external reference)") }
        if r.lastSheet != nil { out.insert("(3-D reference)") }
      case .prefix(_, let inner), .percent(let inner), .parenthesized(let inner),
        .spaced(_, let inner, _):
        pending.append(inner)
      case .binary(_, let l, let r):
        pending.append(l)
        pending.append(r)
      case .array(let rows): for row in rows { pending.append(contentsOf: row) }
      default: break
      }
    }
    return out
  }
}

enum Agreement {
  /// Corpus cells whose cached value is a defect of the file, not a value to reproduce.
  static func excuse(_ file: String, _ sheet: Sheet, _ ref: CellReference) -> String? {
    let cell = "\(sheet.name)!\(ref)"
    switch (file, cell) {
    case ("excel15-ods-multi-paragraph-1.ods", _) where sheet.formulas[ref]?.text == "of:=#N/A":
      return "Excel's ODS export stores 0 as the value of =#N/A"
    case ("lo-3.7-error-1.xlsx", "Sheet2!B4"), ("lo-3.7-error-1.xlsx", "Sheet2!C4"),
      ("lo-3.7-error-1.xlsx", "Sheet2!A5"), ("lo-3.7-error-1.xlsx", "Sheet2!B5"),
      ("lo-3.7-error-1.xlsx", "Sheet2!C5"):
      return "LibreOffice 3.7 exported the spill of the array {1,2,3;4,5,6} as =A4 formulas"
    case ("lo-4.1-inline-string-1.xlsx", _) where ref.row == 37:
      return
        "a numeric formula whose cached value is an empty inline string (hand-made POI fixture)"
    case ("lo-4.2-covered-cells-1.ods", "Delete!G22"):
      return "=#REF! stored with an empty string value"
    default:
      break
    }
    // LibreOffice's own test sheets compare with cells the file stores without a value.
    if file.hasPrefix("lo-"), let formula = sheet.formulas[ref],
      let e = try? FormulaParser.parse(formula)
    {
      for r in references(e) where r.sheet == nil && r.end == nil {
        let target = r.range.start
        if sheet.formulas[target] != nil, sheet.cell(at: target)?.value == nil {
          return "reads \(target), a formula cell the file stores without a value"
        }
      }
    }
    return nil
  }

  static func references(_ root: FormulaExpression) -> [FormulaReference] {
    var out: [FormulaReference] = []
    var pending = [root]
    while let e = pending.popLast() {
      switch e {
      case .reference(let r): out.append(r)
      case .function(_, let arguments): pending.append(contentsOf: arguments)
      case .prefix(_, let inner), .percent(let inner), .parenthesized(let inner),
        .spaced(_, let inner, _):
        pending.append(inner)
      case .binary(_, let l, let r):
        pending.append(l)
        pending.append(r)
      default: break
      }
    }
    return out
  }

  /// Numbers within 1e-9 relative (1e-12 absolute near zero); text, booleans and errors equal.
  static func agrees(_ v: FormulaValue, _ cached: CellValue) -> Bool {
    switch (v, cached) {
    case (.number(let a), .number(let b, _)):
      return a == b || abs(a - b) <= max(1e-12, 1e-9 * max(abs(a), abs(b)))
    case (.text(let a), .text(let b)): return a == b
    case (.bool(let a), .bool(let b)): return a == b
    // LibreOffice has no boolean type: a TRUE result may be stored as the number 1.
    case (.bool(let a), .number(let b, _)): return b == (a ? 1 : 0)
    case (.number(let a), .bool(let b)): return a == (b ? 1 : 0)
    case (.error(let a), .error(let b)): return a == b
    case (.blank, .text(let b)): return b.isEmpty
    default: return false
    }
  }
}
