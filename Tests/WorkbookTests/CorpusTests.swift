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

  /// Cells where we believe the truth is wrong, with the reason (none so far).
  static let exceptions: [String: String] = [:]

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
        if disagreements.contains(key) || Self.exceptions["\(file)!\(key)"] != nil { continue }
        let o = ourCells[ref]
        if let o, let t = truthCells[ref], o.matches(t) { continue }
        if let o, let a = alternative[ref], o.matches(a) { continue }
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
