import Workbook

/// What checking one workbook gives: the plan found (if any) and its findings.
public struct PlanCheck: Sendable {
  /// The plan, or nil when no sheet holds one.
  public var plan: Plan?
  /// The findings, sorted by row.
  public var findings: [Finding]

  /// Finds the plan in `workbook` and checks it.
  public init(_ workbook: Workbook, reader: PlanReader = PlanReader()) {
    guard let reading = reader.read(workbook) else {
      plan = nil
      findings = []
      return
    }
    plan = reading.plan
    findings = Checker.check(reading)
  }

  /// The worst severity among the findings, or nil when there are none.
  public var worstSeverity: Severity? { findings.map(\.severity).max() }
}
