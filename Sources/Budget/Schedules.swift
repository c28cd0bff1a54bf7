import Workbook

/// Blank cells by design: a schedule of quarters or months, or a plan of three periods or more
/// in which many lines are filled in some periods only (a cost that falls in one year of three,
/// scenario columns), or whose Total column adds the filled cells alone. There blanks are zeros, and only a placeholder is a missing amount
/// (`domain.md` §4.9).
enum Schedules {
  /// Whether the layout plan's blanks are zeros by design; its placeholders ("€" alone, "…")
  /// are recorded either way.
  static func mark(_ plan: inout Plan, sheet: Sheet) {
    var blanks = 0
    var cells = 0
    // Lines with blanks whose Total column states the sum of their filled cells: the blanks are
    // zeros the Total counts ("État | Région | FEDER | Total" with a funder absent from a line).
    var linesWithBlanks = 0
    var totalsCountBlanksAsZero = 0
    for line in plan.lines where line.kind == .item && line.amounts.contains(where: { $0 != nil }) {
      let empty = line.amounts.indices.filter { p in
        line.amounts[p] == nil && p < line.cells.count && sheet.cell(at: line.cells[p])?.value == nil
      }
      // A cell holding a sign or a word ("£", "TBC") is no blank: it says something is missing.
      if !empty.isEmpty, empty.count == line.amounts.filter({ $0 == nil }).count {
        linesWithBlanks += 1
        if let total = line.total, line.amounts.reduce(Money.zero, { $0 + ($1 ?? .zero) }).isClose(to: total) {
          totalsCountBlanksAsZero += 1
        }
      }
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
    // Two lines at least where the columns are periods: one line left blank in a year where the
    // others are filled is `missing` (§4.9); columns of funders or partners (no period's months)
    // leave a blank wherever one pays nothing.
    let named = plan.periods.count >= 2 && plan.periods.allSatisfy { $0.months == nil }
    let counted = linesWithBlanks >= (named ? 1 : 2) && totalsCountBlanksAsZero * 4 >= linesWithBlanks * 3
    if short || sparse || counted { plan.blanksAreZero = true }
  }
}
