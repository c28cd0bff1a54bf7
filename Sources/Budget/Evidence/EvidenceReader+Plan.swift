import Workbook

extension EvidenceReader {
  /// The plan the sheet's structure holds, or nil when no aggregate of three cells or more is
  /// found in it.
  func read() -> PlanReader.Reading? {
    guard amounts.count <= Self.maxAmounts else { return nil }
    let s = build()
    // A column of shares (every figure within ±1: 30 %, 20 %, … 100 %) holds no amounts.
    let shareColumns = Set(columnRows.compactMap { column, rows in
      rows.allSatisfy { (amounts[CellReference(row: $0, column: column)] ?? .zero).magnitude <= Money(1) } ? column : nil
    })
    // In cell order: what follows must not depend on a dictionary's order.
    let roots = s.aggregates.values.filter { s.claimedBy[$0.cell] == nil && !shareColumns.contains($0.cell.column) }
      .sorted { $0.cell < $1.cell }
    guard !roots.isEmpty else { return nil }

    // Each root's subtree: the aggregate and every cell under it.
    func subtree(_ c: CellReference) -> [CellReference] {
      var out: [CellReference] = []
      var stack = [c]
      var seen = Set<CellReference>()
      while let x = stack.popLast(), out.count < 100_000 {
        guard seen.insert(x).inserted else { continue }
        out.append(x)
        if let agg = s.aggregates[x] { stack += agg.components }
      }
      return out
    }
    var trees: [CellReference: [CellReference]] = [:]
    for r in roots { trees[r.cell] = subtree(r.cell) }
    func structural(_ a: Aggregate) -> Bool { a.evidence.contains { $0.isStructural } }
    // The main root: the largest structure, one with words or a formula before one of sums alone.
    // A row's total (`=SUM(C17:D17)` in a Total column) holds the periods' trees under it, but it
    // is no column's structure: a root that adds up cells of other rows comes first.
    func vertical(_ a: Aggregate) -> Bool { a.components.contains { $0.row != a.cell.row } }
    guard
      let main = roots.filter({ (trees[$0.cell]?.count ?? 0) >= 3 }).max(by: { a, b in
        // Ties go to the leftmost: the first period.
        let ka = (vertical(a) ? 1 : 0, structural(a) ? 1 : 0, trees[a.cell]?.count ?? 0, a.cell.row, -a.cell.column)
        let kb = (vertical(b) ? 1 : 0, structural(b) ? 1 : 0, trees[b.cell]?.count ?? 0, b.cell.row, -b.cell.column)
        return ka < kb
      })
    else { return nil }

    // Columns whose cells are factors of products where both factors vary (quantity × unit
    // price): they are not amounts of the plan.
    var factorValues: [Int32: Set<Money>] = [:]
    var factorCells: [Int32: Int] = [:]
    var factorPairs: [(Int32, Int32)] = []
    for (_, pair) in s.products {
      factorValues[pair.0.column, default: []].insert(amounts[pair.0] ?? .zero)
      factorValues[pair.1.column, default: []].insert(amounts[pair.1] ?? .zero)
      factorCells[pair.0.column, default: 0] += 1
      factorCells[pair.1.column, default: 0] += 1
      factorPairs.append((pair.0.column, pair.1.column))
    }
    var factorColumns = Set<Int32>()
    for (a, b) in factorPairs where (factorValues[a]?.count ?? 0) > 1 && (factorValues[b]?.count ?? 0) > 1 {
      for c in [a, b] where (factorCells[c] ?? 0) * 2 >= (columnRows[c]?.count ?? 0) { factorColumns.insert(c) }
    }

    // Period columns: the main root's, and those of roots on its row whose lines are its rows.
    let mainRows = Set((s.aggregates[main.cell]?.components ?? []).map(\.row))
    var periodColumns: [Int32] = [main.cell.column]
    for r in roots where r.cell.row == main.cell.row && r.cell.column != main.cell.column {
      guard !factorColumns.contains(r.cell.column), structural(r) || structural(main) else { continue }
      let rows = Set(r.components.map(\.row))
      let overlap = rows.intersection(mainRows).count
      if overlap * 2 >= min(rows.count, mainRows.count) { periodColumns.append(r.cell.column) }
    }
    periodColumns.sort()
    // Two amount columns with a column of labels between them are two blocks side by side
    // (charges left, produits right), not two periods.
    func separated(_ a: Int32, _ b: Int32, rows: Set<Int32>) -> Bool {
      let lo = min(a, b)
      let hi = max(a, b)
      guard hi - lo > 1, !rows.isEmpty else { return false }
      for c in (lo + 1)..<hi {
        let labelled = rows.filter { r in rowTexts[r]?.contains { $0.column == c } ?? false }.count
        if labelled * 2 >= rows.count { return true }
      }
      return false
    }
    if periodColumns.count > 1 {
      var kept = [main.cell.column]
      for c in periodColumns where c != main.cell.column && !separated(c, main.cell.column, rows: mainRows) {
        kept.append(c)
      }
      periodColumns = kept.sorted()
    }
    // A column of shares (every figure within ±1) holds no amounts.
    periodColumns = periodColumns.filter { c in
      c == main.cell.column || mainRows.contains { amounts[CellReference(row: $0, column: c)].map { $0.magnitude > Money(1) } ?? false }
    }
    // A Total column: on most rows, the sum of the other period columns.
    var totalColumn: Int32? = nil
    if periodColumns.count >= 3 {
      for c in periodColumns.reversed() {
        let others = periodColumns.filter { $0 != c }
        var rows = 0
        var holds = 0
        for r in Set((trees[main.cell] ?? []).map(\.row)) {
          guard let v = amounts[CellReference(row: r, column: c)] else { continue }
          rows += 1
          let total = others.reduce(Money.zero) { $0 + (amounts[CellReference(row: r, column: $1)] ?? .zero) }
          if total.isClose(to: v) { holds += 1 }
        }
        if rows >= 2, holds * 4 >= rows * 3 {
          totalColumn = c
          break
        }
      }
      if let t = totalColumn { periodColumns.removeAll { $0 == t } }
    }
    let multi = periodColumns.count > 1

    // The roots the plan holds: the main one, and the other blocks that words or formulas name.
    var included = [main.cell]
    var coveredRows = Set((trees[main.cell] ?? []).map(\.row))
    var coveredCells = Set(trees[main.cell] ?? [])
    for r in roots.sorted(by: { $0.cell < $1.cell }) where r.cell != main.cell {
      if multi {
        guard periodColumns.contains(r.cell.column) else { continue }
      } else {
        let rows = Set((trees[r.cell] ?? []).map(\.row))
        guard structural(r), (trees[r.cell]?.count ?? 0) >= 3,
          !coveredRows.contains(r.cell.row) || separated(r.cell.column, main.cell.column, rows: rows)
        else { continue }
      }
      guard let tree = trees[r.cell], !tree.contains(where: { coveredCells.contains($0) }) else { continue }
      included.append(r.cell)
      coveredRows.formUnion(tree.map(\.row))
      coveredCells.formUnion(tree)
    }

    // Sections: from the root's words, the headings above its lines, or the lines' own words.
    var sectionOf: [CellReference: Section] = [:]
    for root in included {
      let tree = trees[root] ?? []
      let top = tree.map(\.row).min() ?? root.row
      var found: Section? = label(row: root.row, column: root.column).flatMap { Self.section(Self.words($0)) }
      if found == nil {
        var r = top
        while found == nil, r >= max(0, top - 3) {
          for t in (rowTexts[r] ?? []).reversed() where t.column <= root.column {
            if let sec = Wording.sectionHeading(TextFolding.fold(t.text)) ?? Self.section(Self.words(t.text)),
              Self.words(t.text).count <= 6
            {
              found = sec
              break
            }
          }
          r -= 1
        }
      }
      for c in tree { sectionOf[c] = found ?? .charges }
    }

    // Lines: one per cell (one period), or one per row across the period columns.
    var lineCells: [[CellReference]] = []
    var anchor: [CellReference] = []
    if multi {
      let rows = Set(included.flatMap { trees[$0] ?? [] }.map(\.row)).sorted()
      for r in rows {
        let cells = periodColumns.map { CellReference(row: r, column: $0) }
        guard cells.contains(where: { amounts[$0] != nil }) else { continue }
        lineCells.append(cells)
        anchor.append(cells.first(where: { s.aggregates[$0] != nil }) ?? cells.first(where: { amounts[$0] != nil })!)
      }
    } else {
      for c in included.flatMap({ trees[$0] ?? [] }).sorted() {
        lineCells.append([c])
        anchor.append(c)
      }
    }
    var lineOf: [CellReference: Int] = [:]
    for (i, cells) in lineCells.enumerated() { for c in cells { lineOf[c] = i } }

    // A single period is named by the header of the column most of its lines are in.
    var columnCount: [Int32: Int] = [:]
    for cells in lineCells { columnCount[cells[0].column, default: 0] += 1 }
    let mostLines = columnCount.max { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }?.key
    let headerLabels = periodColumns.map { period -> String in
      let column = multi ? period : (mostLines ?? period)
      let top = lineCells.filter { $0.contains { $0.column == column } }.map { $0[0].row }.min() ?? 0
      return headerLabel(column: column, below: top)
    }
    var periods = periodColumns.enumerated().map { i, column in
      Period(label: headerLabels[i], column: column, months: PeriodLabel.months(headerLabels[i]))
    }
    // "Prévu | Réalisé" twice, under the years over each pair: "2025 Prévu", "2025 Réalisé"…
    if multi, Set(headerLabels).count < headerLabels.count {
      let top = lineCells.map { $0[0].row }.min() ?? 0
      let rows = Set(periodColumns.compactMap { headerRow(column: $0, below: top) })
      if rows.count == 1, let row = rows.first {
        let distinct = layout.labelledOnce(periods.map { ($0.label, $0.months) }, columns: periodColumns, headerRow: row)
        for i in periods.indices where i < distinct.count {
          periods[i].label = distinct[i].0
          periods[i].months = distinct[i].1 ?? periods[i].months
        }
      }
    }
    // One period headed "Montant" or nothing: the title naming the exercice names it.
    if periods.count == 1, periods[0].months == nil {
      let top = lineCells.map { $0[0].row }.min() ?? 0
      if let (label, months) = layout.exerciceLabel(above: top) {
        periods[0].label = label
        periods[0].months = months
      }
    }

    var lines: [Line] = []
    var evidence: [[Evidence]] = []
    var findings: [Finding] = []
    let rootSet = Set(included)
    for (i, cells) in lineCells.enumerated() {
      let a = anchor[i]
      let text = label(row: a.row, column: a.column) ?? ""
      let agg = s.aggregates[a]
      var components: [Int] = []
      for c in agg?.components ?? [] {
        if let j = lineOf[c], j != i, !components.contains(j) { components.append(j) }
      }
      let kind: LineKind = rootSet.contains(a) ? .total : (agg != nil ? .aggregate : .item)
      let section = sectionOf[a] ?? sectionOf[cells.first { sectionOf[$0] != nil } ?? a] ?? .charges
      let labelColumn = rowTexts[a.row]?.last(where: { $0.column < a.column })?.column ?? a.column
      lines.append(
        Line(
          section: section, label: text, level: 0, kind: kind, row: a.row, labelColumn: labelColumn,
          // A placeholder counts as zero in the structure but states no amount.
          amounts: cells.map { placeholders.contains($0) ? nil : amounts[$0] }, cells: cells, remark: nil,
          accountCode: Wording.accountCode(TextFolding.fold(text)), components: components, total: nil, totalCell: nil))
      if multi, let t = totalColumn {
        let cell = CellReference(row: a.row, column: t)
        if let v = amounts[cell] {
          lines[lines.count - 1].total = v
          lines[lines.count - 1].totalCell = cell
        }
      }
      evidence.append(agg.map { Array($0.evidence).sorted() } ?? [])
      for (p, c) in cells.enumerated() {
        let period = periods[multi ? p : 0].label
        if let raw = textOf[c], let m = amounts[c] {
          findings.append(
            Finding(
              rule: .textNumber, sheet: sheet.name, cell: c, expected: m, actual: m, raw: raw, label: text,
              period: period, detail: .init()))
        }
        if let (cached, recomputed) = stale[c] {
          findings.append(
            Finding(
              rule: .formulaStale, sheet: sheet.name, cell: c, expected: recomputed, actual: cached, raw: nil,
              label: text, period: period, detail: .init()))
        }
      }
      // The line's Total column cell is the plan's too: its stale cache is a finding.
      if let t = lines[lines.count - 1].totalCell, let (cached, recomputed) = stale[t] {
        findings.append(
          Finding(
            rule: .formulaStale, sheet: sheet.name, cell: t, expected: recomputed, actual: cached, raw: nil,
            label: text, period: nil, detail: .init()))
      }
    }
    // One total per side: the largest block's; the other blocks of that side are aggregates.
    for section in [Section.charges, .produits] {
      let roots = lines.indices.filter { lines[$0].kind == .total && lines[$0].section == section }
      guard roots.count > 1 else { continue }
      let size = { (i: Int) in trees[anchor[i]]?.count ?? 0 }
      // The largest block; of blocks as large, the one that states the most (a side's total
      // is at least what any of its blocks is), then the lower.
      func stated(_ i: Int) -> Money { lines[i].amounts.compactMap { $0?.magnitude }.max() ?? .zero }
      let keep = roots.max { a, b in
        if size(a) != size(b) { return size(a) < size(b) }
        if stated(a) != stated(b) { return stated(a) < stated(b) }
        return a < b
      }
      for i in roots where i != keep { lines[i].kind = .aggregate }
    }
    // Levels from the tree.
    func depth(_ i: Int, _ seen: Int) -> Int {
      guard seen < 32, let parent = lines.indices.first(where: { lines[$0].components.contains(i) }) else { return 0 }
      return depth(parent, seen + 1) + 1
    }
    if lines.count <= 2000 { for i in lines.indices { lines[i].level = max(0, depth(i, 0) - 1) } }

    var plan = Plan(
      sheet: sheet.name, periods: periods,
      totalColumnLabel: totalColumn.map { t in headerLabel(column: t, below: lineCells.map { $0[0].row }.min() ?? 0) },
      lines: lines, balancePairs: [], resultLine: nil,
      numberStyle: style)
    plan.reading = "evidence"
    plan.evidence = evidence
    plan.blanksAreZero = true
    plan.placeholders = placeholders

    // Balance: the last total of each side.
    let totals = plan.lines.indices.filter { plan.lines[$0].kind == .total }
    if let c = totals.last(where: { plan.lines[$0].section == .charges }),
      let p = totals.last(where: { plan.lines[$0].section == .produits })
    {
      plan.balancePairs = [(c, p)]
      // A form's inner totals balance too: the two sides' totals before the contributions in
      // kind ("TOTAL DES CHARGES" and "TOTAL PRODUITS" on one row, inside the two "TOTAL"s),
      // and the contributions themselves (86 and 87).
      for ci in plan.lines[c].components {
        guard let pi = plan.lines[p].components.first(where: { plan.lines[$0].row == plan.lines[ci].row }) else {
          continue
        }
        let (a, b) = (plan.lines[ci], plan.lines[pi])
        let totals =
          Self.totalLevel(Self.words(a.label)) != nil && Self.totalLevel(Self.words(b.label)) != nil
          && !a.components.isEmpty && !b.components.isEmpty
        let inKind = a.accountCode?.hasPrefix("86") == true && b.accountCode?.hasPrefix("87") == true
        if totals || inKind { plan.balancePairs.insert((ci, pi), at: plan.balancePairs.count - 1) }
      }
      // The result: a row that subtracts one side's total from the other's, or a row below
      // both totals whose label names a result ("Résultat", "Solde", "Balance").
      var resultRow: (row: Int32, evidence: Evidence)? = nil
      for (cell, pair) in s.differences.sorted(by: { $0.key < $1.key }) {
        guard let x = lineOf[pair.0], let y = lineOf[pair.1], Set([x, y]) == Set([c, p]), lineOf[cell] == nil,
          periods.contains(where: { $0.column == cell.column })
        else { continue }
        resultRow = (cell.row, .formula)
        break
      }
      if resultRow == nil {
        let below = max(plan.lines[c].row, plan.lines[p].row)
        for row in (below + 1)...(below + 6) {
          guard let text = labelText(row: row, column: periods[0].column), Wording.isResult(TextFolding.words(TextFolding.fold(text.text))),
            periods.contains(where: { amounts[CellReference(row: row, column: $0.column)] != nil })
          else { continue }
          resultRow = (row, .label)
          break
        }
      }
      if let (row, ev) = resultRow {
        let cells = periods.map { CellReference(row: row, column: $0.column) }
        let text = labelText(row: row, column: periods[0].column)
        plan.lines.append(
          Line(
            section: .result, label: text?.text ?? "", level: 0, kind: .result, row: row,
            labelColumn: text?.column ?? periods[0].column, amounts: cells.map { amounts[$0] }, cells: cells, remark: nil,
            accountCode: nil, components: [], total: nil, totalCell: nil))
        plan.evidence.append([ev])
        plan.resultLine = plan.lines.count - 1
      }
    }

    // Products: the formula's, and those of columns whose products hold on most rows.
    for (i, line) in plan.lines.enumerated() {
      for (p, c) in line.cells.enumerated() {
        guard let (x, y) = s.products[c], let a = amounts[x], let b = amounts[y] else { continue }
        plan.products.append(ProductRelation(line: i, period: p, factors: (a, b), factorCells: (x, y), stated: true))
      }
    }
    plan.products += ProductColumns.relations(
      plan, sheet: sheet, value: { amounts[$0.reference] }, header: { ProductColumns.headerText(sheet, column: $0, above: $1) },
      known: Set(s.products.keys))

    // Confidence: the share of aggregates, weighted by their evidence, whose sums hold.
    var support = 0.0
    var weight = 0.0
    for (i, line) in plan.lines.enumerated() where !line.components.isEmpty {
      let ev = plan.evidence[i]
      let w = ev.contains(.formula) ? 2.0 : ev.contains(.label) ? 1.5 : 0.5
      weight += w
      if ev.contains(.sum) { support += w }
    }
    plan.confidence = weight == 0 ? 0.3 : min(1, 0.3 + 0.7 * support / weight)
    return PlanReader.Reading(plan: plan, cellFindings: findings, uncachedFormulas: uncached)
  }

  /// The row of the text over `column` in the six rows above `row`, if any.
  func headerRow(column: Int32, below row: Int32) -> Int32? {
    var r = row - 1
    while r >= max(0, row - 6) {
      if rowTexts[r]?.contains(where: { $0.column == column }) == true { return r }
      if headerYears[CellReference(row: r, column: column)] != nil { return r }
      r -= 1
    }
    return nil
  }

  /// The text over `column` in the six rows above `row`, or the column's letter.
  func headerLabel(column: Int32, below row: Int32) -> String {
    var r = row - 1
    while r >= max(0, row - 6) {
      if let t = rowTexts[r]?.first(where: { $0.column == column }) { return t.text }
      if let y = headerYears[CellReference(row: r, column: column)] { return y }
      r -= 1
    }
    return CellReference.columnName(column)
  }
}
