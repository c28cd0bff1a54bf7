import Foundation
import Testing

@testable import Workbook

/// The same plan saved as .xlsx and as .ods reads as the same workbook: sheets, cell values,
/// formulas' presence and bold labels.
@Suite("XLSX and ODS parity", .enabled(if: Fixtures.hasPlans))
struct ParityTests {
  static let pairs: [String] = {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: Fixtures.plans.path)) ?? []
    return names.filter { $0.hasSuffix(".ods") }.map { String($0.dropLast(4)) }
      .filter { names.contains($0 + ".xlsx") }.sorted()
  }()

  @Test("reads the same", arguments: pairs)
  func same(plan: String) throws {
    let x = try Workbook(contentsOf: Fixtures.plans.appendingPathComponent(plan + ".xlsx").path)
    let o = try Workbook(contentsOf: Fixtures.plans.appendingPathComponent(plan + ".ods").path)
    #expect(x.sheets.map(\.name) == o.sheets.map(\.name))
    for (xs, os) in zip(x.sheets, o.sheets) {
      let xCells = Dictionary(uniqueKeysWithValues: xs.cells.map { ($0.reference, $0) })
      let oCells = Dictionary(uniqueKeysWithValues: os.cells.map { ($0.reference, $0) })
      #expect(Set(xCells.keys) == Set(oCells.keys), "\(plan) «\(xs.name)»: cells at different places")
      for (ref, xc) in xCells {
        guard let oc = oCells[ref] else { continue }
        switch (xc.value, oc.value) {
        case (.number(let a, _)?, .number(let b, _)?):
          #expect(abs(a - b) <= 1e-9 * max(abs(a), abs(b), 1), "\(plan) \(ref): \(a) vs \(b)")
        default:
          #expect(xc.value == oc.value, "\(plan) \(ref)")
        }
        if case .text? = xc.value {
          #expect(x.style(of: xc).bold == o.style(of: oc).bold, "\(plan) \(ref): bold differs")
        }
      }
      #expect(Set(xs.formulas.keys) == Set(os.formulas.keys), "\(plan) «\(xs.name)»: formulas at different places")
    }
  }
}
