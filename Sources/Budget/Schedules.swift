import Workbook

/// Blank cells by design: a schedule of quarters or months, or a plan of three periods or more
/// in which many lines are filled in some periods only (a cost that falls in one year of three,
/// scenario columns). There blanks are zeros, and only a placeholder is a missing amount
/// (`domain.md` §4.9).
enum Schedules {
  /// Whether the layout plan's blanks are zeros by design; its placeholders ("€" alone, "…")
  /// are recorded either way.
  static func mark(_ plan: inout Plan, sheet: Sheet) {
    var blanks = 0
    var cells = 0
    for line in plan.lines where line.kind == .item && line.amounts.contains(where: { $0 != nil }) {
      for (p, amount) in line.amounts.enumerated() {
        cells += 1
        guard amount == nil, p < line.cells.count else { continue }
        if case .text(let t)? = sheet.cell(at: line.cells[p])?.value, case .empty = Money.parse(t) {
          plan.placeholders.insert(line.cells[p])
        } else {
          blanks += 1
        }
      }
    }
    guard blanks > 0 else { return }
    let short = plan.periods.count >= 2 && plan.periods.allSatisfy { ($0.months ?? 12) <= 3 }
    let sparse = plan.periods.count >= 3 && blanks * 5 >= cells
    if short || sparse { plan.blanksAreZero = true }
  }
}
