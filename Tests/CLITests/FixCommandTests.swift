import Archive
import Foundation
import TestSupport
import Testing

/// `equilibre fix` as a user runs it: on every shared plan, the output holds the input with only
/// the corrected cells changed (and, when a text amount became a number, the style sheet gaining
/// its number format), reads back, checks as the report says, and opens in LibreOffice.
@Suite("fix")
struct FixCommandTests {
  static let plans = CLI.packageRoot.deletingLastPathComponent().appendingPathComponent("shared/plans")
  static var hasPlans: Bool { FileManager.default.fileExists(atPath: plans.path) }
  static let files: [String] = {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: plans.path)) ?? []
    return names.filter { $0.hasSuffix(".xlsx") || $0.hasSuffix(".ods") }.sorted()
  }()

  static func folder() -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("equilibre-fix-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir
  }

  static func json(_ text: String) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
  }

  /// `cells --format json` of a workbook: sheet → cell → "type value", and sheet → cell → formula.
  static func cells(_ path: String) throws -> (values: [String: [String: String]], formulas: [String: [String: String]]) {
    let r = try CLI.run(["cells", path, "--format", "json"])
    #expect(r.status == 0, "cells \(path): \(r.stderr)")
    var values: [String: [String: String]] = [:]
    var formulas: [String: [String: String]] = [:]
    for sheet in try json(r.stdout)["sheets"] as? [[String: Any]] ?? [] {
      let name = sheet["name"] as? String ?? ""
      for cell in sheet["cells"] as? [[Any]] ?? [] {
        values[name, default: [:]]["\(cell[0])"] = "\(cell[1]) \(cell[2])"
      }
      for f in sheet["formulas"] as? [[Any]] ?? [] { formulas[name, default: [:]]["\(f[0])"] = "\(f[1])" }
    }
    return (values, formulas)
  }

  /// The number a JSON value holds, as text without trailing zeros (`96720`, `0.5`).
  static func number(_ any: Any?) -> String? {
    guard let n = any as? NSNumber else { return nil }
    let d = n.doubleValue
    return d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : String(d)
  }

  @Test(.enabled(if: hasPlans), arguments: files)
  func onlyTheCorrectedCellsChange(file: String) throws {
    let input = Self.plans.appendingPathComponent(file).path
    let ext = (file as NSString).pathExtension
    let output = Self.folder().appendingPathComponent("fixed.\(ext)").path
    let r = try CLI.run(["fix", input, "-o", output, "--format", "json"])
    #expect(r.status == 0 || r.status == 1, "\(file): exit \(r.status): \(r.stderr)")
    let report = try Self.json(r.stdout)
    // Every changed cell: the corrections and, under them, the formulas they made recomputed.
    let corrections = (report["corrections"] as? [[String: Any]] ?? []).flatMap {
      [$0] + ($0["consequences"] as? [[String: Any]] ?? [])
    }
    let left = report["findings"] as? [[String: Any]] ?? []
    #expect(r.status == (left.contains { $0["severity"] as? String == "error" } ? 1 : 0))

    // Cells: equal but for the corrected ones, which hold the corrected numbers.
    let before = try Self.cells(input)
    let after = try Self.cells(output)
    var corrected: [String: Set<String>] = [:]
    for c in corrections {
      let sheet = c["sheet"] as? String ?? ""
      let cell = c["cell"] as? String ?? ""
      corrected[sheet, default: []].insert(cell)
      let shown = after.values[sheet]?[cell] ?? "nothing"
      #expect(shown.hasPrefix("number "), "\(file): \(sheet)!\(cell) holds \(shown)")
      #expect(Double(shown.dropFirst(7)) == (c["after"] as? NSNumber)?.doubleValue, "\(file): \(sheet)!\(cell) holds \(shown)")
    }
    #expect(Set(before.values.keys) == Set(after.values.keys))
    for (sheet, cells) in before.values {
      for (ref, value) in cells where !(corrected[sheet]?.contains(ref) ?? false) {
        #expect(after.values[sheet]?[ref] == value, "\(file): \(sheet)!\(ref) changed from \(value)")
      }
    }
    for (sheet, cells) in after.values {
      let extra = Set(cells.keys).subtracting(before.values[sheet]?.keys.map { $0 } ?? []).subtracting(corrected[sheet] ?? [])
      #expect(extra.isEmpty, "\(file): \(sheet) gained \(extra.sorted())")
    }
    // No formula is added, changed or lost (without --formulas, none is written).
    #expect(before.formulas == after.formulas, "\(file): formulas changed")

    // The output checks as the report says.
    let check = try CLI.run(["check", output, "--format", "json"])
    let files = try Self.json(check.stdout)["files"] as? [[String: Any]] ?? []
    let found = (files.first?["findings"] as? [[String: Any]] ?? []).map { "\($0["rule"] ?? "")@\($0["cell"] ?? "")" }
    #expect(Set(found) == Set(left.map { "\($0["rule"] ?? "")@\($0["cell"] ?? "")" }), "\(file): check of the output")

    // Every part but the rewritten ones is the input's, byte for byte.
    let a = try Archive(path: input)
    let b = try Archive(path: output)
    var rewritable: Set<String> = [
      "content.xml", "xl/workbook.xml", "[Content_Types].xml", "xl/_rels/workbook.xml.rels", "xl/calcChain.xml",
    ]
    // A number that replaces a text amount gets a number format like the text's: only then does
    // the style sheet change (ods's automatic styles are in content.xml).
    if corrections.contains(where: { $0["rule"] as? String == "text-number" }) { rewritable.insert("xl/styles.xml") }
    #expect(b.entryNames.first == a.entryNames.first)
    for name in a.entryNames where !rewritable.contains(name) && !name.hasPrefix("xl/worksheets/") {
      #expect(b.contains(name), "\(file): \(name) is missing")
      if b.contains(name) { #expect(try a.read(name) == b.read(name), "\(file): \(name) changed") }
    }
    if corrections.isEmpty {
      for name in a.entryNames { #expect(try a.read(name) == b.read(name), "\(file): \(name) changed with nothing to correct") }
    }
  }

  /// LibreOffice opens every corrected plan, and what it saves shows the corrected figures (it
  /// recalculates an xlsx on load, asked to by the corrected file).
  @Test(.enabled(if: hasPlans && LibreOffice.isInstalled), arguments: files.filter { $0.contains("defect") || $0.contains("text") })
  func libreOfficeOpensTheCorrectedPlan(file: String) throws {
    let input = Self.plans.appendingPathComponent(file).path
    let ext = (file as NSString).pathExtension
    let output = Self.folder().appendingPathComponent("fixed.\(ext)").path
    let r = try CLI.run(["fix", input, "-o", output, "--format", "json", "--annotate"])
    #expect(r.status == 0 || r.status == 1, "\(file): exit \(r.status): \(r.stderr)")
    let corrections = (try Self.json(r.stdout)["corrections"] as? [[String: Any]] ?? []).flatMap {
      [$0] + ($0["consequences"] as? [[String: Any]] ?? [])
    }
    let saved = try LibreOffice.convert(output, to: ext == "ods" ? "xlsx" : "ods")
    let cells = try Self.cells(saved)
    for c in corrections {
      let sheet = c["sheet"] as? String ?? ""
      let cell = c["cell"] as? String ?? ""
      let shown = cells.values[sheet]?[cell] ?? "nothing"
      // LibreOffice keeps 15 significant digits of what it reads.
      let value = Double(shown.split(separator: " ").last ?? "") ?? .nan
      let expected = (c["after"] as? NSNumber)?.doubleValue ?? .nan
      #expect(abs(value - expected) < 1e-6, "\(file): LibreOffice shows \(sheet)!\(cell) as \(shown)")
    }
  }

  /// With `--formulas`, the corrected total is a formula; LibreOffice computes it to the figure.
  @Test(.enabled(if: hasPlans), arguments: ["seed-meuse-asp-defect-1.xlsx", "seed-meuse-asp-defect-1.ods"])
  func formulasAreWrittenInTheInputsDialect(file: String) throws {
    let input = Self.plans.appendingPathComponent(file).path
    let ext = (file as NSString).pathExtension
    let output = Self.folder().appendingPathComponent("fixed.\(ext)").path
    let r = try CLI.run(["fix", input, "-o", output, "--formulas"])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(r.stdout.contains("C17"))
    let cells = try Self.cells(output)
    let formula = cells.formulas.values.compactMap { $0["C17"] }.first
    #expect(formula == (ext == "ods" ? "of:=SUM([.C8];[.C11];[.C16])" : "=SUM(C8,C11,C16)"))
    if LibreOffice.isInstalled {
      let saved = try LibreOffice.convert(output, to: ext == "ods" ? "xlsx" : "ods")
      let shown = try Self.cells(saved).values.values.compactMap { $0["C17"] }.first
      #expect(shown == "number 96720")
    }
  }

  @Test(.enabled(if: hasPlans)) func neverWritesOverAFileOrTheInput() throws {
    let dir = Self.folder()
    let input = dir.appendingPathComponent("plan.xlsx").path
    try FileManager.default.copyItem(atPath: Self.plans.appendingPathComponent("seed-meuse-asp-defect-1.xlsx").path, toPath: input)
    let original = try Data(contentsOf: URL(fileURLWithPath: input))
    let existing = dir.appendingPathComponent("out.xlsx").path
    _ = FileManager.default.createFile(atPath: existing, contents: Data("mine".utf8))

    var r = try CLI.run(["fix", input, "-o", existing])
    #expect(r.status == 2)
    #expect(r.stderr.contains("exists already") && r.stderr.contains("[io.failed]"))
    #expect(try Data(contentsOf: URL(fileURLWithPath: existing)) == Data("mine".utf8))

    for target in [input, dir.appendingPathComponent("./plan.xlsx").path] {
      r = try CLI.run(["fix", input, "-o", target, "--force"])
      #expect(r.status == 2)
      #expect(r.stderr.contains("never writes over its input"))
    }
    let link = dir.appendingPathComponent("link.xlsx").path
    try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: input)
    r = try CLI.run(["fix", input, "-o", link, "--force"])
    #expect(r.status == 2)
    #expect(try Data(contentsOf: URL(fileURLWithPath: input)) == original)

    r = try CLI.run(["fix", input, "-o", existing, "--force"])
    #expect(r.status == 0, "\(r.stderr)")
    #expect(try Archive(path: existing).contains("xl/workbook.xml"))
    // Nothing but the files named is left in the folder.
    #expect(Set(try FileManager.default.contentsOfDirectory(atPath: dir.path)) == ["plan.xlsx", "out.xlsx", "link.xlsx"])
  }

  @Test(.enabled(if: hasPlans)) func correctsIntoAnotherFormatAndRefusesAPlanlessWorkbook() throws {
    let dir = Self.folder()
    let input = Self.plans.appendingPathComponent("seed-meuse-asp-defect-1.ods").path
    // Into the other format: corrected and converted in one step; the copy checks clean of errors.
    let converted = dir.appendingPathComponent("out.xlsx").path
    var r = try CLI.run(["fix", input, "-o", converted])
    #expect(r.status == 0, "\(r.stderr)")
    r = try CLI.run(["check", converted, "--lang", "en"])
    #expect(r.status == 0, "\(r.stdout)")
    r = try CLI.run(["fix", input, "-o", converted])
    #expect(r.status == 2 && r.stderr.contains("exists already"), "\(r.stderr)")
    r = try CLI.run(["fix", input, "-o", dir.appendingPathComponent("out.csv").path])
    #expect(r.status == 2)
    // A workbook without a plan: nothing is written.
    let planless = Self.folder().appendingPathComponent("hello.xlsx").path
    let w = try ArchiveWriter(path: planless)
    try w.add("[Content_Types].xml", text: #"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#)
    try w.add(
      "xl/workbook.xml",
      text: #"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>"#)
    try w.add(
      "xl/_rels/workbook.xml.rels",
      text: #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#)
    try w.add(
      "xl/worksheets/sheet1.xml",
      text: #"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>hello</t></is></c></row></sheetData></worksheet>"#)
    try w.commit()
    let out = dir.appendingPathComponent("none.xlsx").path
    r = try CLI.run(["fix", planless, "-o", out])
    #expect(r.status == 2)
    #expect(r.stderr.contains("no financing plan found"))
    #expect(!FileManager.default.fileExists(atPath: out))
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["out.xlsx"])
  }

  @Test(.enabled(if: hasPlans)) func reportsInFrenchAndEnglish() throws {
    let input = Self.plans.appendingPathComponent("cerfa-12156-defect-2.xlsx").path
    let dir = Self.folder()
    var r = try CLI.run(["fix", input, "-o", dir.appendingPathComponent("fr.xlsx").path, "--lang", "fr"])
    #expect(r.status == 1)
    #expect(r.stdout.contains("rien à corriger"))
    #expect(r.stdout.contains("non corrigé") && r.stdout.contains("équilibre D36"))
    r = try CLI.run(["fix", input, "-o", dir.appendingPathComponent("en.xlsx").path, "--lang", "en"])
    #expect(r.stdout.contains("nothing to correct") && r.stdout.contains("not corrected"))
    #expect(r.stdout.contains("Left in"))
  }
}

extension FixCommandTests {
  /// A formula recomputed because of a correction (`formula.stale` after it) is listed under the
  /// correction that caused it, in JSON and in the text, and is no correction of its own.
  @Test(.enabled(if: hasPlans)) func consequencesAreListedUnderTheirCorrection() throws {
    var plansWithConsequences = 0
    for file in Self.files {
      let input = Self.plans.appendingPathComponent(file).path
      let ext = (file as NSString).pathExtension
      let dir = Self.folder()
      let r = try CLI.run(["fix", input, "-o", dir.appendingPathComponent("a.\(ext)").path, "--format", "json"])
      let top = try Self.json(r.stdout)["corrections"] as? [[String: Any]] ?? []
      let consequences = top.flatMap { $0["consequences"] as? [[String: Any]] ?? [] }
      guard !consequences.isEmpty else { continue }
      plansWithConsequences += 1
      // Under a correction of another rule, and only recomputed formulas.
      for c in top where c["consequences"] != nil {
        #expect(c["rule"] as? String != "formula.stale", "\(file): \(c)")
      }
      #expect(consequences.allSatisfy { $0["rule"] as? String == "formula.stale" }, "\(file): \(consequences)")
      // The text says the same: the first line counts them apart, each is named under its cause.
      let fr = try CLI.run(["fix", input, "-o", dir.appendingPathComponent("b.\(ext)").path, "--lang", "fr"])
      let first = fr.stdout.split(separator: "\n").first.map(String.init) ?? ""
      #expect(first.contains("\(top.count) cellule") && first.contains("\(consequences.count) recalculée"), "\(file): \(first)")
      let named = fr.stdout.split(separator: "\n").filter { $0.contains("recalculé après la correction de") }
      #expect(named.count == consequences.count, "\(file): \(fr.stdout)")
    }
    // The shared plans hold a subtotal typed wrong under formula totals: the test is not empty.
    #expect(plansWithConsequences > 0)
  }
}

extension FixCommandTests {
  /// A text amount (`49 600 €`) corrected into a number still shows as one in LibreOffice: the
  /// number's format has the euro sign and the thousands grouping (with the separator of
  /// LibreOffice's locale), not a bare `49600`; in the input's format (patched) and in the other
  /// (the corrected model, converted).
  @Test(.enabled(if: hasPlans && LibreOffice.isInstalled), arguments: ["xlsx", "ods"])
  func textAmountsKeepTheirLookInLibreOffice(ext: String) throws {
    let dir = Self.folder()
    var input = Self.plans.appendingPathComponent("seed-meuse-asp-text.xlsx").path
    if ext == "ods" {
      let converted = dir.appendingPathComponent("text.ods").path
      let c = try CLI.run(["convert", input, converted])
      #expect(c.status == 0, "\(c.stderr)")
      input = converted
    }
    for out in ["xlsx", "ods"] {
      let output = dir.appendingPathComponent("fixed-\(out).\(out)").path
      let r = try CLI.run(["fix", input, "-o", output])
      #expect(r.status == 0, "\(r.stderr)")
      #expect(try Self.cells(output).values.values.compactMap { $0["B8"] }.first == "number 49600")
      let shown = try LibreOffice.csvAsShown(output)
      let personnel = shown.split(separator: "\n").first { $0.hasPrefix("Personnel,") }.map(String.init) ?? ""
      // 49 600 €, with the grouping character LibreOffice's locale uses.
      let grouped = ["49,600 €", "49 600 €", "49\u{A0}600 €", "49\u{202F}600 €", "49.600 €"]
      #expect(grouped.contains { personnel.contains($0) }, "\(ext) → \(out): \(personnel)")
      #expect(!personnel.contains("49600"), "\(ext) → \(out): \(personnel)")
      // A text amount without the euro sign stays without it, grouped.
      let fse = shown.split(separator: "\n").first { $0.hasPrefix("Fonds européens FSE,") }.map(String.init) ?? ""
      let fseGrouped = ["27,265", "27 265", "27\u{A0}265", "27\u{202F}265", "27.265"].contains { fse.contains($0) }
      #expect(fseGrouped && !fse.contains("€"), "\(ext) → \(out): \(fse)")
    }
  }
}

extension FixCommandTests {
  /// A formula written with `--formulas` follows the form of the line's other periods: the 15 %
  /// line's `=0.15*B7` beside it gives `=0.15*C7`, which LibreOffice computes to the figure.
  @Test(.enabled(if: hasPlans), arguments: ["fse-plus-defect-1.xlsx", "fse-plus-defect-1.ods"])
  func aWrittenFormulaFollowsItsNeighbours(file: String) throws {
    let input = Self.plans.appendingPathComponent(file).path
    let ext = (file as NSString).pathExtension
    let output = Self.folder().appendingPathComponent("fixed.\(ext)").path
    let r = try CLI.run(["fix", input, "-o", output, "--formulas"])
    #expect(r.status == 0, "\(r.stderr)")
    let formula = try Self.cells(output).formulas.values.compactMap { $0["C16"] }.first
    #expect(formula == (ext == "ods" ? "of:=0.15*[.C7]" : "=0.15*C7"))
    if LibreOffice.isInstalled {
      let saved = try LibreOffice.convert(output, to: ext == "ods" ? "xlsx" : "ods")
      #expect(try Self.cells(saved).values.values.compactMap { $0["C16"] }.first == "number 11310")
    }
  }
}
