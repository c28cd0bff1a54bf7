import Workbook

/// A result stated apart from the table: a cell that subtracts the charges' total from the
/// produits' total through the cells that point at them (`Somme des coûts = D20`, `Somme des
/// revenus = G15`, `Bénéfices = J4 − J3`), as event budgets put a summary block beside the lines
/// (`docs/understanding.md`, "From structure to plan").
enum SummaryResult {
  /// `reading` with its result line when it had none and the sheet states one this way in every
  /// period; the cell's stale cache is a `formula.stale` finding.
  static func add(to reading: inout PlanReader.Reading, sheet: Sheet, recalculate: CellRecalculator?) {
    var plan = reading.plan
    guard plan.resultLine == nil, let pair = plan.balancePairs.first, !sheet.formulas.isEmpty else { return }
    let charges = plan.lines[pair.charges]
    let produits = plan.lines[pair.produits]
    // Where each cell that is a single reference points, followed a few steps.
    func target(_ ref: CellReference) -> CellReference {
      var c = ref
      for _ in 0..<4 {
        guard let f = sheet.formulas[c], case .sum(let ranges) = FormulaShape.of(f, sheet: sheet.name), ranges.count == 1,
          ranges[0].start == ranges[0].end
        else { break }
        c = ranges[0].start
      }
      return c
    }
    var cells: [CellReference?] = Array(repeating: nil, count: plan.periods.count)
    let lineCells = Set(plan.lines.flatMap(\.cells))
    for (ref, f) in sheet.formulas.sorted(by: { $0.key < $1.key }) where !lineCells.contains(ref) {
      guard case .difference(let a, let b) = FormulaShape.of(f, sheet: sheet.name) else { continue }
      let (x, y) = (target(a), target(b))
      for p in plan.periods.indices where cells[p] == nil {
        if p < produits.cells.count, p < charges.cells.count, x == produits.cells[p], y == charges.cells[p] { cells[p] = ref }
      }
    }
    let found = cells.compactMap { $0 }
    guard found.count == plan.periods.count, let first = found.first else { return }
    var amounts: [Money?] = []
    for ref in found {
      let cell = sheet.cell(at: ref)
      var value = cell?.value?.number.flatMap { Money(storedNumber: $0) }
      if let recalc = recalculate, let recomputed = recalc(sheet, ref).flatMap({ Money(storedNumber: $0) }) {
        if let cached = value, !cached.isClose(to: recomputed) {
          reading.cellFindings.append(
            Finding(
              rule: .formulaStale, sheet: sheet.name, cell: ref, expected: recomputed, actual: cached, raw: nil,
              label: label(sheet, ref) ?? "", period: plan.periods[found.firstIndex(of: ref) ?? 0].label, detail: .init()))
        }
        value = recomputed
      }
      amounts.append(value)
    }
    let text = label(sheet, first)
    plan.lines.append(
      Line(
        section: .result, label: text ?? "", level: 0, kind: .result, row: first.row,
        labelColumn: max(0, first.column - 1), amounts: amounts, cells: found, remark: nil, accountCode: nil,
        components: [], total: nil, totalCell: nil))
    if !plan.evidence.isEmpty { plan.evidence.append([.formula]) }
    plan.resultLine = plan.lines.count - 1
    reading.plan = plan
  }

  /// The text left of `ref` on its row, the nearest.
  static func label(_ sheet: Sheet, _ ref: CellReference) -> String? {
    var c = ref.column - 1
    while c >= 0 && c >= ref.column - 4 {
      if case .text(let t)? = sheet.cell(at: CellReference(row: ref.row, column: c))?.value { return t }
      c -= 1
    }
    return nil
  }
}
