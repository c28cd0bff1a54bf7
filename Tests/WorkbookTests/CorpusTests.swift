import Diagnostics
import Foundation
import Testing
import Workbook

/// Every workbook of `../shared/corpus/` read and compared with its `.truth.json`, as that
/// folder's README says: sheet names and order, visibility, kind, every non-empty cell's type
/// and value, and (OOXML) the formula text.
@Suite("Corpus", .enabled(if: Fixtures.hasCorpus))
struct CorpusTests {
  static let files: [String] = {
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: Fixtures.corpus.path) else { return [] }
    return names.filter { $0.hasSuffix(".truth.json") }.map { String($0.dropLast(".truth.json".count)) }.sorted()
  }()

  /// Where we believe the truth (python-calamine 0.9.1) is wrong, each with its reason. A cell is
  /// excused only when our value has the shape the reason describes.
  static func excused(file: String, ours: Typed?, truth: Typed?) -> Bool {
    guard file.hasSuffix(".ods") else { return false }
    // ODS `office:time-value` of 24 hours or more (PT288H00M00S): calamine cannot make a time of
    // day of it and falls back to the attribute's raw text; it is an elapsed time, a duration.
    if let ours, let truth, ours.type == "duration", truth.type == "string",
      "\(truth.value)".hasPrefix("PT")
    {
      return true
    }
    // `text:tab` and `text:line-break` are a tab and a new line (ODF 1.3 §6.1.4, §6.1.5);
    // calamine drops them.
    if let ours, let truth, ours.type == "string", truth.type == "string",
      "\(ours.value)".filter({ $0 != "\t" && $0 != "\n" }) == "\(truth.value)", "\(ours.value)" != "\(truth.value)"
    {
      return true
    }
    // Cells with text but no `office:value-type` (StarOffice 8) are text, as LibreOffice reads
    // them; calamine drops them.
    if file == "staroffice-8-win3-vt-percentage-1.ods", let ours, ours.type == "string", truth == nil {
      return true
    }
    return false
  }

  @Test("reads like the established readers", arguments: files)
  func agrees(file: String) throws {
    let truthURL = Fixtures.corpus.appendingPathComponent(file + ".truth.json")
    let truth = try #require(
      JSONSerialization.jsonObject(with: Data(contentsOf: truthURL)) as? [String: Any])
    let path = Fixtures.corpus.appendingPathComponent(file).path
    guard let truthSheets = truth["sheets"] as? [[String: Any]] else {
      // No reader could open it.
      let expectError = truth["expect_error"] as? Bool ?? false
      do {
        _ = try Workbook(contentsOf: path)
        #expect(!expectError, "\(file) should be refused")
      } catch {
        let code = error.code.rawValue
        if expectError {
          #expect(code.hasPrefix("zip.") || code == "workbook.encrypted" || code == "workbook.legacyXls",
            "\(file): refused as \(code), expected a container error")
        }
        #expect(!error.message.isEmpty)
      }
      return
    }
    let workbook = try Workbook(contentsOf: path)
    let layout = try #require(
      JSONSerialization.jsonObject(with: Data(workbook.truthLayout().serialized().utf8)) as? [String: Any])
    let ours = try #require(layout["sheets"] as? [[String: Any]])
    let truthNames = truthSheets.compactMap { $0["name"] as? String }
    if truth["sheet_name_mismatch"] == nil {
      #expect(ours.compactMap { $0["name"] as? String } == truthNames, "\(file): sheet names")
    }
    let disagreements = Set(
      (truth["disagreements"] as? [[String: Any]] ?? []).map { "\($0["sheet"] ?? "")!\($0["cell"] ?? "")" })
    for ts in truthSheets {
      guard let name = ts["name"] as? String, let os = ours.first(where: { $0["name"] as? String == name }) else {
        continue
      }
      if let v = ts["visibility"] as? String, truth["visibility_mismatch"] == nil {
        #expect(os["visibility"] as? String == v, "\(file) «\(name)» visibility")
      }
      if let k = ts["kind"] as? String {
        #expect(os["kind"] as? String == k, "\(file) «\(name)» kind")
      }
      let truthCells = Self.cells(ts["cells"])
      let alternative = Self.cells(ts["openpyxl_cells"])
      let ourCells = Self.cells(os["cells"]).filter { $0.value.type != "error" }
      for ref in Set(truthCells.keys).union(ourCells.keys).sorted() {
        let key = "\(name)!\(ref)"
        if disagreements.contains(key) { continue }
        let o = ourCells[ref]
        if let o, let t = truthCells[ref], o.matches(t) { continue }
        if let o, let a = alternative[ref], o.matches(a) { continue }
        if Self.excused(file: file, ours: o, truth: truthCells[ref]) { continue }
        Issue.record("\(file) «\(name)» \(ref): ours \(String(describing: o)), truth \(String(describing: truthCells[ref]))")
      }
      if let truthFormulas = ts["formulas"] as? [[Any]] {
        let t = Set(truthFormulas.map { $0.map { "\($0)" }.joined(separator: "|") })
        let o = Set(((os["formulas"] as? [[Any]]) ?? []).map { $0.map { "\($0)" }.joined(separator: "|") })
        #expect(o == t, "\(file) «\(name)» formulas differ: ours-only \(o.subtracting(t).sorted().prefix(5)), truth-only \(t.subtracting(o).sorted().prefix(5))")
      }
    }
  }

  struct Typed: CustomStringConvertible {
    var type: String
    var value: Any
    var description: String { "\(type) \(value)" }

    func matches(_ other: Typed) -> Bool {
      guard type == other.type else { return false }
      if type == "number", let a = (value as? NSNumber)?.doubleValue, let b = (other.value as? NSNumber)?.doubleValue {
        if abs(a) < 1e-12 && abs(b) < 1e-12 { return true }
        return abs(a - b) <= 1e-9 * max(abs(a), abs(b))
      }
      if type == "bool" { return (value as? Bool) == (other.value as? Bool) }
      return "\(value)" == "\(other.value)"
    }
  }

  static func cells(_ any: Any?) -> [String: Typed] {
    var out: [String: Typed] = [:]
    for c in any as? [[Any]] ?? [] where c.count == 3 {
      if let ref = c[0] as? String, let type = c[1] as? String { out[ref] = Typed(type: type, value: c[2]) }
    }
    return out
  }
}
