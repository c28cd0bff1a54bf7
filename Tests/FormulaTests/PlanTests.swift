import Foundation
import Testing
import Workbook

@testable import Formula

@Suite("Plans", .enabled(if: Shared.hasPlans))
struct PlanTests {
  /// The formula cells whose stored value differs from the recomputed one by more than 0.005.
  static func stale(_ workbook: Workbook) -> [String] {
    let result = Recalculator(workbook: workbook).recalculate()
    var out: [String] = []
    for (s, sheet) in workbook.sheets.enumerated() {
      for (ref, r) in result.sheets[s] {
        guard case .number(let cached, _)? = sheet.cell(at: ref)?.value,
          case .value(.number(let v)) = r
        else { continue }
        if abs(cached - v) > 0.005 { out.append(ref.description) }
      }
    }
    return out.sorted()
  }

  @Test func staleFormulasOfTheDefectPlan() throws {
    let workbook = try Workbook(contentsOf: Shared.plans + "/seed-meuse-asp-formulas-defect-1.xlsx")
    #expect(Self.stale(workbook) == ["B19", "B21"])
    let stale = Recalculator(workbook: workbook).recalculate().staleCells(of: workbook)
    #expect(stale.map(\.reference.description) == ["B19", "B21"])
    #expect(Recalculator(workbook: workbook).recalculate().unsupported(sheet: 0).isEmpty)
  }

  /// Every plan with formulas, its cached values dropped (a twin such as a library would
  /// write), recomputes to the values the original stores, and the original has no stale
  /// cell except in the defect plan.
  @Test("Plans recompute to their cached values", arguments: Shared.workbooks(in: Shared.plans))
  func twinRecomputesToCache(_ name: String) throws {
    guard let workbook = try? Workbook(contentsOf: Shared.plans + "/" + name) else { return }
    guard workbook.sheets.contains(where: { !$0.formulas.isEmpty }) else { return }
    var twin = workbook
    for s in twin.sheets.indices {
      let formulas = twin.sheets[s].formulas
      for k in twin.sheets[s].cells.indices where formulas[twin.sheets[s].cells[k].reference] != nil
      {
        twin.sheets[s].cells[k].value = nil
      }
    }
    let result = Recalculator(workbook: twin).recalculate()
    let staleInOriginal = Set(Self.stale(workbook))
    if !name.contains("formulas-defect") {
      #expect(staleInOriginal.isEmpty, "\(name): \(staleInOriginal)")
    }
    for (s, sheet) in workbook.sheets.enumerated() {
      #expect(result.unsupported(sheet: s).isEmpty, "\(name) \(sheet.name)")
      for (ref, r) in result.sheets[s] where !staleInOriginal.contains(ref.description) {
        guard let cached = sheet.cell(at: ref)?.value, let v = r.value else { continue }
        #expect(
          Agreement.agrees(v, cached), "\(name) \(sheet.name)!\(ref): cached \(cached), twin \(v)")
      }
    }
  }
}
