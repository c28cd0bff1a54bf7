import Workbook

/// What checking one workbook gives: the plan found (if any) and its findings.
public struct PlanCheck: Sendable {
  /// The plan, or nil when no sheet holds one.
  public var plan: Plan?
  /// The findings, sorted by row.
  public var findings: [Finding]
  /// What was left unchecked and why, for a verbose report.
  public var notes: [String] = []

  /// Finds the plan in `workbook` and checks it, formulas recomputed by the `Formula` engine.
  public init(_ workbook: Workbook) {
    self.init(workbook, reader: .recalculating(workbook))
  }

  /// Finds the plan in `workbook` with `reader` and checks it.
  public init(_ workbook: Workbook, reader: PlanReader) {
    guard let reading = reader.read(workbook) else {
      plan = nil
      findings = []
      return
    }
    plan = reading.plan
    var notes: [String] = []
    findings = Checker.check(reading, notes: &notes)
    self.notes = notes
  }

  /// The worst severity among the findings, or nil when there are none.
  public var worstSeverity: Severity? { findings.map(\.severity).max() }
}
