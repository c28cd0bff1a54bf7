import Workbook

/// A total of another column on a total row of the plan (a quantity column's total beside the
/// money totals: `I29 = I7+I8+I10+…`) that names its cells one by one and leaves out lines the
/// plan's totals count: a `sum` finding, as for the plan's own columns (`docs/understanding.md`).
///
/// Without formulas, a typed number on a total row under a header naming a count ("Quantité",
/// "Qty") is the count of the total's lines when each of them has a count in that column: it
/// differs from their sum only by an error.
enum ColumnTotals {
  static func findings(_ plan: Plan, sheet: Sheet) -> [Finding] {
    typedCounts(plan, sheet: sheet) + formulaTotals(plan, sheet: sheet)
  }

  /// The item rows a total counts: its lines, and their lines.
  static func itemRows(of total: Line, in plan: Plan) -> Set<Int32> {
    var rows = Set<Int32>()
    var stack = total.components
    var seen = Set<Int>()
    while let i = stack.popLast(), seen.insert(i).inserted, seen.count < 10_000 {
      if plan.lines[i].kind == .item { rows.insert(plan.lines[i].row) }
      stack += plan.lines[i].components
    }
    return rows
  }

  static func typedCounts(_ plan: Plan, sheet: Sheet) -> [Finding] {
    // Only under a header naming a count, in the eight rows above the plan's first line.
    guard let first = plan.lines.map(\.row).min() else { return [] }
    let countColumns = Set(sheet.cells.prefix { $0.reference.row < first }.compactMap { cell -> Int32? in
      guard cell.reference.row >= first - 8, case .text(let t)? = cell.value, ProductColumns.namesCount(t) else { return nil }
      return cell.reference.column
    })
    guard !countColumns.isEmpty else { return [] }
    let planCells = Set(plan.lines.flatMap { $0.cells + ($0.totalCell.map { [$0] } ?? []) })
    var out: [Finding] = []
    var seen = Set<CellReference>()
    let lineRows = Set(plan.lines.filter { $0.kind != .total }.map(\.row))
    for total in plan.lines where total.kind == .total && !total.components.isEmpty {
      let rows = itemRows(of: total, in: plan)
      // A total row of its own, under or over its lines (not a side total beside them).
      guard rows.count >= 2, let top = rows.min(), let bottom = rows.max(), !lineRows.contains(total.row),
        total.row > bottom || total.row < top
      else { continue }
      for cell in cells(of: total.row, in: sheet)
      where countColumns.contains(cell.reference.column) && !planCells.contains(cell.reference)
        && sheet.formulas[cell.reference] == nil && seen.insert(cell.reference).inserted
      {
        guard let stated = ProductColumns.number(cell),
          let header = ProductColumns.headerText(sheet, column: cell.reference.column, above: top),
          ProductColumns.namesCount(header)
        else { continue }
        let counts = rows.map { sheet.cell(at: CellReference(row: $0, column: cell.reference.column)).flatMap(ProductColumns.number) }
        guard counts.allSatisfy({ $0 != nil }) else { continue }
        let expected = counts.reduce(Money.zero) { $0 + ($1 ?? .zero) }
        guard !expected.isClose(to: stated) else { continue }
        out.append(
          Finding(
            rule: .sum, sheet: plan.sheet, cell: cell.reference, expected: expected, actual: stated, raw: nil,
            label: total.label, period: nil, detail: counted(counts.count)))
      }
    }
    return out
  }

  static func formulaTotals(_ plan: Plan, sheet: Sheet) -> [Finding] {
    guard !sheet.formulas.isEmpty else { return [] }
    // Only a total row with a formula outside the plan's cells can hold such a total.
    var candidates: [Cell] = []
    for total in plan.lines where total.kind == .total && !total.components.isEmpty {
      for cell in cells(of: total.row, in: sheet) where sheet.formulas[cell.reference] != nil {
        if !plan.lines.contains(where: { $0.cells.contains(cell.reference) || $0.totalCell == cell.reference }) {
          candidates.append(cell)
        }
      }
    }
    guard !candidates.isEmpty else { return [] }
    var out: [Finding] = []
    for total in plan.lines where total.kind == .total && !total.components.isEmpty {
      let rows = itemRows(of: total, in: plan)
      guard let top = rows.min(), let bottom = rows.max() else { continue }
      for cell in candidates where cell.reference.row == total.row {
        guard let f = sheet.formulas[cell.reference], !f.text.uppercased().contains("SUM"),
          case .sum(let ranges) = FormulaShape.of(f, sheet: sheet.name), ranges.count >= 3,
          ranges.allSatisfy({ $0.start == $0.end && $0.start.column == cell.reference.column }),
          let stated = ProductColumns.number(cell)
        else { continue }
        let named = Set(ranges.map(\.start.row))
        // Lines of the total the formula passes over, in its column, holding a number.
        let left = rows.filter { $0 >= top && $0 <= bottom && !named.contains($0) }.sorted().compactMap { r -> Money? in
          sheet.cell(at: CellReference(row: r, column: cell.reference.column)).flatMap(ProductColumns.number)
        }.filter { $0 != .zero }
        guard !left.isEmpty else { continue }
        let namedSum = ranges.reduce(Money.zero) { t, r in
          t + (sheet.cell(at: r.start).flatMap(ProductColumns.number) ?? .zero)
        }
        guard namedSum.isClose(to: stated) else { continue }
        let expected = left.reduce(namedSum, +)
        out.append(
          Finding(
            rule: .sum, sheet: plan.sheet, cell: cell.reference, expected: expected, actual: stated, raw: nil,
            label: total.label, period: nil, detail: counted(ranges.count + left.count)))
      }
    }
    return out
  }

  /// The cells of one row (binary search: cells are sorted by row, then column).
  static func cells(of row: Int32, in sheet: Sheet) -> ArraySlice<Cell> {
    var lo = 0
    var hi = sheet.cells.count
    while lo < hi {
      let mid = (lo + hi) / 2
      if sheet.cells[mid].reference.row < row { lo = mid + 1 } else { hi = mid }
    }
    var end = lo
    while end < sheet.cells.count, sheet.cells[end].reference.row == row { end += 1 }
    return sheet.cells[lo..<end]
  }

  static func counted(_ components: Int) -> Finding.Detail {
    var d = Finding.Detail(components: components)
    d.counts = true
    return d
  }
}
