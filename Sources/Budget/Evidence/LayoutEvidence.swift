import Workbook

/// The evidence for each aggregate of a plan read by its layout, worked out after the reading
/// from the sheet: the formula in its cell, its label, its components' 'dont' words, codes,
/// indentation, the style that sets it apart, and whether their sum holds.
enum LayoutEvidence {
  static func annotate(_ plan: inout Plan, sheet: Sheet, workbook: Workbook) {
    var evidence = [[Evidence]](repeating: [], count: plan.lines.count)
    func labelStyle(_ line: Line) -> CellStyle? {
      sheet.cell(at: CellReference(row: line.row, column: line.labelColumn)).map { workbook.style(of: $0) }
    }
    for (i, line) in plan.lines.enumerated() where !line.components.isEmpty {
      var set = Set<Evidence>()
      let comps = line.components.map { plan.lines[$0] }
      // A formula over the components' cells.
      for (p, cell) in line.cells.enumerated() {
        guard let f = sheet.formulas[cell], case .sum(let ranges) = FormulaShape.of(f, sheet: sheet.name) else { continue }
        let covered = comps.filter { c in p < c.cells.count && ranges.contains { $0.contains(c.cells[p]) } }.count
        if covered * 2 >= comps.count {
          set.insert(.formula)
          break
        }
      }
      let words = EvidenceReader.words(line.label)
      if line.kind == .total || EvidenceReader.totalLevel(words) != nil { set.insert(.label) }
      if comps.allSatisfy({ c in
        let folded = TextFolding.fold(c.label)
        return Wording.isDont(TextFolding.words(folded)) || Wording.isBullet(folded)
      }) {
        set.insert(.dont)
      }
      if let code = line.accountCode,
        comps.allSatisfy({ c in c.accountCode.map { $0.count > code.count && $0.hasPrefix(code) } ?? false })
      {
        set.insert(.code)
      }
      // Outline numbers work as codes: "2.1" and "2.2" under "2.".
      let outline = Wording.outline(TextFolding.fold(line.label))
      if let outline, comps.allSatisfy({ c in
        guard let o = Wording.outline(TextFolding.fold(c.label)) else { return false }
        return o.count > outline.count && Array(o.prefix(outline.count)) == outline
      }) {
        set.insert(.code)
      }
      if let own = labelStyle(line) {
        let styles = comps.compactMap(labelStyle)
        if !styles.isEmpty, styles.allSatisfy({ $0.indent > own.indent }) { set.insert(.indent) }
        // A bold heading over plain lines: the style a person reads as "these are its lines".
        if own.bold, !styles.isEmpty, styles.allSatisfy({ !$0.bold }) { set.insert(.bold) }
      }
      var holds = true
      for p in line.amounts.indices {
        guard let stated = line.amounts[p] else { continue }
        if !plan.sum(of: line.components, period: p).isClose(to: stated) { holds = false }
      }
      if holds { set.insert(.sum) }
      evidence[i] = set.sorted()
      if evidence[i].isEmpty { evidence[i] = [] }
    }
    plan.evidence = evidence
  }
}

extension LayoutEvidence {
  /// Undoes the parents that nothing but position or codes supports, whose sum fails in every
  /// period, where their parent adds up better with their lines as its own: `606` then `6068`
  /// read as parent and child, while the group `60` equals `604 + 606 + 6068` exactly.
  static func reconsider(_ plan: inout Plan, sheet: Sheet) {
    func gaps(_ i: Int, _ components: [Int]) -> Int {
      var count = 0
      for p in plan.lines[i].amounts.indices {
        guard let stated = plan.lines[i].amounts[p] else { continue }
        if !plan.sum(of: components, period: p).isClose(to: stated) { count += 1 }
      }
      return count
    }
    // A cell whose formula multiplies or subtracts ("=C4*C3", "=0.25*(C5+C9)") says what it is: not a sum.
    for a in plan.lines.indices where !plan.lines[a].components.isEmpty {
      let shapes = plan.lines[a].cells.compactMap { sheet.formulas[$0].map { FormulaShape.of($0, sheet: sheet.name) } }
      if shapes.contains(where: { if case .sum = $0 { return false } else { return $0 != .other } }) {
        plan.lines[a].components = []
        if plan.lines[a].kind == .aggregate { plan.lines[a].kind = .item }
      }
    }
    // A formula that adds a line and the lines under it side by side says they are peers: the
    // line is no parent of those (a sum that holds by chance, 14 250 = 1 900 + 600 + 11 750).
    for t in plan.lines.indices where !plan.lines[t].components.isEmpty {
      let sums = plan.lines[t].cells.contains { c in
        sheet.formulas[c].map { if case .sum = FormulaShape.of($0, sheet: sheet.name) { return true } else { return false } } ?? false
      }
      guard sums else { continue }
      let peers = Set(plan.lines[t].components)
      for a in plan.lines[t].components where !plan.lines[a].components.isEmpty && plan.lines[a].kind != .total {
        guard plan.lines[a].components.allSatisfy(peers.contains),
          !plan.lines[a].cells.contains(where: { sheet.formulas[$0] != nil })
        else { continue }
        for c in plan.lines[a].components { plan.lines[c].level = plan.lines[a].level }
        plan.lines[a].components = []
        if plan.lines[a].kind == .aggregate { plan.lines[a].kind = .item }
      }
    }
    var parentOf: [Int: Int] = [:]
    for (i, line) in plan.lines.enumerated() { for c in line.components where parentOf[c] == nil { parentOf[c] = i } }
    for a in plan.lines.indices where !plan.lines[a].components.isEmpty && plan.lines[a].kind != .total {
      let line = plan.lines[a]
      let stated = line.amounts.compactMap { $0 }.count
      guard stated > 0, gaps(a, line.components) == stated else { continue }
      if line.cells.contains(where: { sheet.formulas[$0] != nil }) { continue }
      if EvidenceReader.totalLevel(EvidenceReader.words(line.label)) != nil { continue }
      guard let parent = parentOf[a] else { continue }
      let before = gaps(parent, plan.lines[parent].components)
      guard before > 0 else { continue }
      let flat = (plan.lines[parent].components + line.components).sorted()
      if gaps(parent, flat) < before {
        plan.lines[parent].components = flat
        for c in line.components { parentOf[c] = parent }
        plan.lines[a].components = []
        if plan.lines[a].kind == .aggregate { plan.lines[a].kind = .item }
        for c in line.components { plan.lines[c].level = plan.lines[a].level }
      }
    }
  }
}

extension LayoutEvidence {
  /// Quantity × unit price in a layout reading: the products its formulas state (`=B4*C4`),
  /// then the columns whose headers and products say so (``ProductColumns``).
  static func findProducts(_ plan: inout Plan, sheet: Sheet) {
    var known = Set<CellReference>()
    for (i, line) in plan.lines.enumerated() where line.kind == .item {
      for (p, c) in line.cells.enumerated() {
        guard let f = sheet.formulas[c], case .product(let x, let y) = FormulaShape.of(f, sheet: sheet.name),
          x.row == c.row, y.row == c.row, x.column != y.column,
          let a = ProductColumns.cellAmount(sheet, x), let b = ProductColumns.cellAmount(sheet, y)
        else { continue }
        known.insert(c)
        plan.products.append(ProductRelation(line: i, period: p, factors: (a, b), factorCells: (x, y), stated: true))
      }
    }
    plan.products += ProductColumns.relations(
      plan, sheet: sheet, value: ProductColumns.number,
      header: { ProductColumns.headerText(sheet, column: $0, above: $1) }, known: known)
  }
}
