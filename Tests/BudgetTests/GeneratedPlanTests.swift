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

  /// The seeds every run reads: the same plans on every machine, so a change of the reader shows
  /// as a change of this test.
  static let seeds = UInt64(1)...UInt64(1000)

  /// Seeds of 1…1000 that the reader still gets wrong, and why. A seed listed here that comes
  /// right fails the test ("known issue was not recorded"): take it off the list then.
  static let knownIssues: [UInt64: String] = [
    19: "two of four bold groups carry a typo: bold is trusted as a parent's mark only where most bold groups add up",
    334: "two of three quantity × unit price rows are wrong: the columns are confirmed only where half the products hold",
    635: "two of three quantity × unit price rows are wrong: the columns are confirmed only where half the products hold",
    822: "a subtotal with a typo, a placeholder and amounts as text: the grand total is not taken as the charges' total",
  ]

  /// Seeds found wrong by a random run and since fixed: kept so they stay fixed.
  static let regressions: [UInt64] = []

  @Test func generatedPlansAreReadAsMade() {
    var wrong: [String] = []
    for seed in Self.seeds {
      var generator = PlanGenerator(seed: seed)
      let g = generator.make()
      let d = Self.differences(g)
      if let reason = Self.knownIssues[seed] {
        withKnownIssue(Comment(rawValue: reason)) { #expect(d.isEmpty, "\(g): \(d.joined(separator: "; "))") }
      } else if !d.isEmpty {
        wrong.append("\(g): \(d.joined(separator: "; "))")
      }
    }
    #expect(wrong.isEmpty, "\(wrong.count) generated plans read wrong:\n\(wrong.joined(separator: "\n"))")
  }

  @Test(arguments: regressions) func regression(seed: UInt64) {
    var generator = PlanGenerator(seed: seed)
    let g = generator.make()
    #expect(Self.differences(g).isEmpty, "\(g)")
  }

  /// New plans each run, from random seeds: `EQUILIBRE_RANDOM_PLANS=N swift test --filter
  /// GeneratedPlanTests`. A failing seed is printed; add it to ``regressions`` once fixed.
  static let randomCount = ProcessInfo.processInfo.environment["EQUILIBRE_RANDOM_PLANS"].flatMap { Int($0) }

  @Test(.enabled(if: randomCount != nil)) func randomPlansAreReadAsMade() async {
    await propertyCheck(count: Self.randomCount ?? 0, input: Gen.uint64(in: 0...UInt64.max)) { seed in
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
    var (found, extra, missed, totals) = (0, 0, 0, 0)
    for seed in 1...UInt64(Self.count ?? 0) {
      var generator = PlanGenerator(seed: seed)
      let g = generator.make()
      let check = PlanCheck(g.workbook)
      let got = Set(check.findings.filter { $0.severity != .info }.map { "\($0.rule.rawValue) \($0.cell)" })
      found += got.intersection(g.findings).count
      extra += got.subtracting(g.findings).count
      missed += g.findings.subtracting(got).count
      let last = check.plan?.lines.last { $0.section == .charges && $0.kind == .total }?.amounts.map { $0?.value }
      if last == g.charges.map(Optional.some) { totals += 1 }
      let d = GeneratedPlanTests.differences(g)
      guard !d.isEmpty else { continue }
      wrong += 1
      print("=== \(g)\n\(d.joined(separator: "\n"))\n\(g.grid)\n\(Self.reading(g.workbook))")
    }
    let precision = Double(found) / Double(max(1, found + extra))
    let recall = Double(found) / Double(max(1, found + missed))
    print("survey: \(wrong) of \(Self.count ?? 0) plans read wrong; charges totals right in \(totals); error and warning findings: precision \(precision), recall \(recall) (\(found) found, \(extra) extra, \(missed) missed)")
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

/// `fix` on generated plans: it changes no cell but those of findings it may correct, and
/// corrects every one it may.
@Suite struct GeneratedFixTests {
  static func differences(_ g: GeneratedPlan) -> [String] {
    let corrections = Corrections(g.workbook)
    let fixable = Set(
      g.findings.compactMap { f -> String? in
        let parts = f.split(separator: " ")
        guard let rule = Rule(rawValue: String(parts[0])), Corrections.correctedRules.contains(rule) else { return nil }
        return String(parts[1])
      })
    // An amount typed as text becomes the same number: no change of value. A formula kept as it
    // is and recomputed after a correction follows it.
    let changed = Set(
      corrections.corrections.filter { c in
        c.rule != .textNumber && !(c.beforeFormula != nil && c.formula == .keep && !fixable.contains(c.cell.description))
      }.map(\.cell.description))
    var out: [String] = []
    let collateral = changed.subtracting(fixable)
    if !collateral.isEmpty { out.append("changed cells that were right: \(collateral.sorted())") }
    // What the corrected workbook still breaks, of what fix may correct.
    let after = Set(corrections.after.filter { Corrections.correctedRules.contains($0.rule) && $0.severity != .info }.map(\.cell.description))
    let left = fixable.intersection(after)
    if !left.isEmpty { out.append("left uncorrected: \(left.sorted())") }
    return out
  }

  /// No right cell changed on the generated plans of seeds 1…500 (a cell with no finding `fix`
  /// may correct, other than an amount typed as text made a number, or a formula recomputed).
  @Test func fixChangesNoRightCell() {
    var wrong: [String] = []
    for seed in UInt64(1)...UInt64(500) where GeneratedPlanTests.knownIssues[seed] == nil {
      var generator = PlanGenerator(seed: seed)
      let g = generator.make()
      if let collateral = Self.differences(g).first(where: { $0.hasPrefix("changed") }) { wrong.append("\(g): \(collateral)") }
    }
    #expect(wrong.isEmpty, "\(wrong.joined(separator: "\n"))")
  }

  @Test(.enabled(if: ProcessInfo.processInfo.environment["EQUILIBRE_FIX_SURVEY"] != nil)) func survey() {
    var (collateral, left, plans) = (0, 0, 0)
    for seed in UInt64(1)...UInt64(Int(ProcessInfo.processInfo.environment["EQUILIBRE_FIX_SURVEY"] ?? "0") ?? 0) {
      var generator = PlanGenerator(seed: seed)
      let g = generator.make()
      let d = Self.differences(g)
      plans += 1
      if d.contains(where: { $0.hasPrefix("changed") }) { collateral += 1 }
      if d.contains(where: { $0.hasPrefix("left") }) { left += 1 }
      if !d.isEmpty {
        let c = Corrections(g.workbook)
        let made = c.corrections.map { "\($0.cell) \($0.rule.rawValue) → \($0.after.value)" }
        let declined = c.declined.map { "\($0.finding.cell) \($0.finding.rule.rawValue) would break \($0.wouldBreak.map { "\($0.rule.rawValue) \($0.cell)" })" }
        print("=== \(g)\n\(d.joined(separator: "\n"))\nexpected \(g.findings.sorted())\nmade \(made)\ndeclined \(declined)\n\(g.grid)")
      }
    }
    print("fix survey: \(plans) plans, \(collateral) with a right cell changed, \(left) with a fixable error left")
  }
}
