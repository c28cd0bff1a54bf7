import Foundation
import PropertyBased
import Testing
import Workbook

@testable import Budget

/// Plans made up by ``PlanGenerator`` from seeds: layouts, wordings, amounts as numbers, text
/// and formulas, with zero to two defects whose findings the generator derives from the
/// structure it built. A plan the generator makes and the reader gets wrong is a bug of the
/// reader; the seeds that found one are kept in ``regressions``.
@Suite struct GeneratedPlanTests {
  /// What Equilibre makes of a generated plan, against what the generator knows; empty when
  /// they agree.
  static func differences(_ g: GeneratedPlan) -> [String] {
    let check = PlanCheck(g.workbook)
    guard let plan = check.plan else { return ["no plan found"] }
    var out: [String] = []
    if plan.sheet != g.sheet { out.append("plan on \(plan.sheet), not \(g.sheet)") }
    let got = Set(check.findings.filter { $0.severity != .info }.map { "\($0.rule.rawValue) \($0.cell)" })
    if got != g.findings {
      out.append("findings: extra \(got.subtracting(g.findings).sorted()), missed \(g.findings.subtracting(got).sorted())")
    }
    func last(_ side: Section) -> [Decimal?] {
      plan.lines.last { $0.section == side && $0.kind == .total }?.amounts.map { $0?.value } ?? []
    }
    if last(.charges) != g.charges.map(Optional.some) { out.append("charges \(last(.charges)) vs \(g.charges)") }
    if let produits = g.produits, last(.produits) != produits.map(Optional.some) {
      out.append("produits \(last(.produits)) vs \(produits)")
    }
    return out
  }

  /// The seeds that once found a bug, kept so it stays fixed.
  static let regressions: [UInt64] = []

  @Test(arguments: regressions) func regression(seed: UInt64) {
    var generator = PlanGenerator(seed: seed)
    let g = generator.make()
    #expect(Self.differences(g).isEmpty, "\(g)")
  }

  @Test func generatedPlansAreReadAsMade() async {
    await propertyCheck(count: 300, input: Gen.uint64(in: 0...UInt64.max)) { seed in
      var generator = PlanGenerator(seed: seed)
      let g = generator.make()
      let d = Self.differences(g)
      #expect(d.isEmpty, "\(g): \(d.joined(separator: "; "))")
    }
  }
}

/// `EQUILIBRE_SURVEY=N swift test --filter GeneratedPlanSurvey`: runs seeds 1…N and prints
/// every plan read wrong, with its grid, to look at the reader's mistakes by kind.
@Suite struct GeneratedPlanSurvey {
  static let count = ProcessInfo.processInfo.environment["EQUILIBRE_SURVEY"].flatMap { Int($0) }

  @Test(.enabled(if: count != nil)) func survey() {
    var wrong = 0
    for seed in 1...UInt64(Self.count ?? 0) {
      var generator = PlanGenerator(seed: seed)
      let g = generator.make()
      let d = GeneratedPlanTests.differences(g)
      guard !d.isEmpty else { continue }
      wrong += 1
      print("=== \(g)\n\(d.joined(separator: "\n"))\n\(g.grid)\n\(Self.reading(g.workbook))")
    }
    print("survey: \(wrong) of \(Self.count ?? 0) plans read wrong")
  }
}

extension GeneratedPlanSurvey {
  /// The plan as Equilibre reads it: one line per row, its kind, level and components.
  static func reading(_ wb: Workbook) -> String {
    let check = PlanCheck(wb)
    guard let plan = check.plan else { return "-- no plan" }
    var out = [describe(plan)]
    for f in check.findings where f.severity != .info { out.append("  ! \(f.rule.rawValue) \(f.cell) expected \(f.expected.map { "\($0.value)" } ?? "nil")") }
    // Both readings of the plan's sheet, with their fit.
    if let sheet = wb.sheets.first(where: { $0.name == plan.sheet }) {
      let grid = SheetLayout(sheet: sheet, workbook: wb, recalculate: PlanReader.recalculating(wb).recalculate)
      if var layout = grid.read() {
        LayoutEvidence.reconsider(&layout.plan, sheet: sheet)
        LayoutEvidence.annotate(&layout.plan, sheet: sheet, workbook: wb)
        out.append("-- the layout's reading, fit \(PlanReader.fit(layout.plan))")
        if plan.reading != "layout" { out.append(describe(layout.plan)) }
      } else {
        out.append("-- no layout reading")
      }
      if let evidence = EvidenceReader(layout: grid).read() {
        out.append("-- the evidence reading, fit \(PlanReader.fit(evidence.plan))")
        if plan.reading == "layout" { out.append(describe(evidence.plan)) }
      }
    }
    return out.joined(separator: "\n")
  }

  static func describe(_ plan: Plan) -> String {
    var out = ["-- \(plan.reading) reading, confidence \(plan.confidence), periods \(plan.periods.map(\.label)), pairs \(plan.balancePairs), result \(plan.resultLine.map(String.init) ?? "none")"]
    for (i, line) in plan.lines.enumerated() {
      let parts = line.components.map { String(plan.lines[$0].displayRow) }.joined(separator: ",")
      let ev = plan.evidence.indices.contains(i) ? " \(plan.evidence[i])" : ""
      out.append("  \(i) r\(line.displayRow) \(line.section.rawValue) \(line.kind.rawValue) L\(line.level) '\(line.label)' [\(parts)]\(ev) \(line.amounts.map { $0.map { "\($0.value)" } ?? "nil" })")
    }
    return out.joined(separator: "\n")
  }
}

extension GeneratedPlan {
  /// The plan's sheet as text, row by row, formulas shown.
  var grid: String {
    guard let sheet = workbook.sheets.last else { return "" }
    var rows: [Int32: [String]] = [:]
    for cell in sheet.cells {
      var text: String
      switch cell.value {
      case .number(let v, _)?: text = "\(v)"
      case .text(let s)?: text = "'\(s)'"
      default: text = ""
      }
      if let f = sheet.formulas[cell.reference] { text += " [=\(f.text)]" }
      rows[cell.reference.row, default: []].append("\(cell.reference) \(text)")
    }
    return rows.keys.sorted().map { rows[$0]!.joined(separator: " | ") }.joined(separator: "\n")
  }
}
