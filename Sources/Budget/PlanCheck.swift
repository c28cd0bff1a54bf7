import Workbook

/// What checking one workbook gives: the plan found (if any) and its findings.
public struct PlanCheck: Sendable {
  /// The plan, or nil when no sheet holds one.
  public var plan: Plan?
  /// The findings, sorted by row.
  public var findings: [Finding]
  /// What was left unchecked and why, for a verbose report.
  public var notes: [CheckNote] = []

  /// Finds the plan in `workbook` and checks it, formulas recomputed by the `Formula` engine.
  public init(_ workbook: Workbook) {
    self.init(workbook, reader: .recalculating(workbook))
  }

  /// Finds the plan in `workbook` with `reader` and checks it.
  public init(_ workbook: Workbook, reader: PlanReader) {
    var notes: [CheckNote] = []
    for sheet in workbook.sheets where sheet.kind == .worksheet {
      let rows = PlanReader.rowCount(sheet)
      if rows > PlanReader.maxPlanRows {
        notes.append(.tooManyRows(sheet: sheet.name, rows: rows, most: PlanReader.maxPlanRows))
      }
    }
    guard let reading = reader.read(workbook) else {
      plan = nil
      findings = []
      self.notes = notes
      return
    }
    plan = reading.plan
    findings = Checker.check(reading, notes: &notes)
    // The sheets the plan pulls from, after the plan's own findings; a cell both report once.
    var seen = Set(findings.map { "\($0.rule.rawValue) \($0.sheet) \($0.cell)" })
    for source in reading.sources {
      notes.append(.alsoChecked(sheet: source.plan.sheet))
      for f in Checker.check(source, notes: &notes) where seen.insert("\(f.rule.rawValue) \(f.sheet) \(f.cell)").inserted {
        findings.append(f)
      }
    }
    self.notes = notes
  }

  /// The worst severity among the findings, or nil when there are none.
  public var worstSeverity: Severity? { findings.map(\.severity).max() }
}

/// Something `check` left unchecked, and why, as data: the command line phrases it in the
/// user's language under `--verbose`.
public enum CheckNote: Sendable, Equatable {
  /// A sheet too long to be a financing plan, not read as one.
  case tooManyRows(sheet: String, rows: Int, most: Int)
  /// An aggregate with one component, read as a label.
  case oneComponent(row: Int, label: String)
  /// An aggregate whose components are known from their sum alone.
  case componentsFromSum(row: Int, label: String)
  /// A percentage line whose base was not found.
  case rateBaseUnresolved(row: Int, label: String, percent: String, phrase: String)
  /// Another sheet holding a plan of its own, checked too.
  case alsoChecked(sheet: String)
}
