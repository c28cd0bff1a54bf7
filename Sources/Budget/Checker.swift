import FoundationEssentials
import Workbook

/// Checks a plan against the rules of `domain.md` §4 and reports every violation once, cascades
/// included: `sum`, `sum.rounding`, `balance`, `result`, `rate`, `unit`, `cross-total`, `missing`,
/// plus the cell findings made while reading (`text-number`, `formula.stale`).
public enum Checker {
  /// Every finding of a plan, sorted by row, then column, then rule.
  public static func check(_ reading: PlanReader.Reading) -> [Finding] {
    var notes: [CheckNote] = []
    return check(reading, notes: &notes)
  }

  /// Every finding of a plan; `notes` receives what was left unchecked and why (a rate whose
  /// base could not be resolved), for `--verbose`.
  public static func check(_ reading: PlanReader.Reading, notes: inout [CheckNote]) -> [Finding] {
    let plan = reading.plan
    var findings = reading.cellFindings
    func add(
      _ rule: Rule, _ line: Line, _ p: Int?, cell: CellReference, expected: Money?, actual: Money?,
      detail: Finding.Detail = .init()
    ) {
      findings.append(
        Finding(
          rule: rule, sheet: plan.sheet, cell: cell, expected: expected, actual: actual, raw: nil, label: line.label,
          period: p.flatMap { $0 < plan.periods.count ? plan.periods[$0].label : nil }, detail: detail))
    }
    let one = Money(1)
    /// Whether an aggregate's sum fails in every period where it has an amount.
    func failsEverywhere(_ line: Line) -> Bool {
      var stated = 0
      var fails = 0
      for p in line.amounts.indices {
        guard let amount = line.amounts[p] else { continue }
        stated += 1
        if !plan.sum(of: line.components, period: p).isClose(to: amount) { fails += 1 }
      }
      return stated > 0 && fails == stated
    }
    for (index, line) in plan.lines.enumerated() {
      // missing: where blanks are zeros by design, only a placeholder is a missing amount.
      for p in line.amounts.indices
      where line.amounts[p] == nil && !reading.uncachedFormulas.contains(line.cells[p]) && !plan.unheaded.contains(line.cells[p]) {
        if plan.blanksAreZero && !plan.placeholders.contains(line.cells[p]) { continue }
        add(.missing, line, p, cell: line.cells[p], expected: nil, actual: nil)
      }
      // sum, sum.rounding: only where more than arithmetic says these are its components.
      let evidence = index < plan.evidence.count ? plan.evidence[index] : []
      let oneComponent =
        line.components.count == 1 && !evidence.contains(where: { $0 != .label && $0 != .sum })
        && !Wording.totalKind(TextFolding.words(TextFolding.fold(line.label))).isGrand
      if oneComponent {
        // "Total indirect costs" over one line is that line's name, not a sum.
        notes.append(.oneComponent(row: line.displayRow, label: line.label))
      } else if !evidence.contains(where: \.isStructural) && (!evidence.isEmpty || failsEverywhere(line)) {
        if !line.components.isEmpty {
          notes.append(.componentsFromSum(row: line.displayRow, label: line.label))
        }
      } else if !line.components.isEmpty {
        for p in line.amounts.indices {
          guard let stated = line.amounts[p] else { continue }
          let parts = line.components.map { plan.lines[$0].amounts[p] }
          let expected = parts.reduce(Money.zero) { $0 + ($1 ?? .zero) }
          let gap = (stated - expected).magnitude
          if gap <= Money.tolerance { continue }
          // A column of counts ("Quantité", "Hours") is no money: nothing in it was rounded.
          let counts = p < plan.periods.count && ProductColumns.namesCount(plan.periods[p].label)
          let rule: Rule = gap <= Money(parts.count) && !counts ? .sumRounding : .sum
          var detail = Finding.Detail(components: parts.count)
          detail.counts = counts
          add(rule, line, p, cell: line.cells[p], expected: expected, actual: stated, detail: detail)
        }
      }
      // cross-total
      if let total = line.total, let cell = line.totalCell, line.amounts.contains(where: { $0 != nil }) {
        let expected = line.amounts.reduce(Money.zero) { $0 + ($1 ?? .zero) }
        if !expected.isClose(to: total) { add(.crossTotal, line, nil, cell: cell, expected: expected, actual: total) }
      }
    }
    // balance
    for pair in plan.balancePairs {
      let c = plan.lines[pair.charges]
      let pr = plan.lines[pair.produits]
      for p in pr.amounts.indices where p < c.amounts.count {
        guard let charges = c.amounts[p], let produits = pr.amounts[p], !charges.isClose(to: produits) else { continue }
        add(.balance, pr, p, cell: pr.cells[p], expected: charges, actual: produits)
      }
    }
    // result
    if let r = plan.resultLine, let pair = plan.balancePairs.first {
      let line = plan.lines[r]
      for p in line.amounts.indices {
        guard let stated = line.amounts[p], let charges = plan.lines[pair.charges].amounts[p],
          let produits = plan.lines[pair.produits].amounts[p]
        else { continue }
        let expected = produits - charges
        if !stated.isClose(to: expected) { add(.result, line, p, cell: line.cells[p], expected: expected, actual: stated) }
      }
    }
    // rate
    for (i, line) in plan.lines.enumerated() where line.kind != .total && line.kind != .result {
      guard let rate = Rates.statedRate(line) else { continue }
      // "TVA 20 %" names no base: the before-tax total above it.
      let named = rate.phrase.contains { !Rates.filler.contains($0) }
      guard let base = named ? Rates.base(of: i, in: plan, phrase: rate.phrase) : Rates.taxBase(of: i, in: plan) else {
        let phrase = rate.phrase.joined(separator: " ")
        notes.append(.rateBaseUnresolved(row: line.displayRow, label: line.label, percent: "\(rate.percent)", phrase: phrase))
        continue
      }
      for p in line.amounts.indices {
        guard let stated = line.amounts[p] else { continue }
        let sum = base.reduce(Money.zero) { $0 + (plan.lines[$1].amounts[p] ?? .zero) }
        let expected = sum * (rate.percent / 100)
        if (stated - expected).magnitude > one {
          add(.rate, line, p, cell: line.cells[p], expected: expected, actual: stated, detail: .init(percent: rate.percent))
        }
      }
    }
    // unit
    for line in plan.lines where line.kind != .total && line.kind != .result {
      // The remark's rate, or else the label's ("Coordinatrice (1 500 € / mois)").
      var rates = line.remark.map { UnitRates.parse($0, periods: plan.periods, style: plan.numberStyle) } ?? [:]
      if rates.isEmpty { rates = UnitRates.parse(line.label, periods: plan.periods, style: plan.numberStyle) }
      for p in line.amounts.indices {
        guard let stated = line.amounts[p], p < plan.periods.count, let months = plan.periods[p].months,
          let rate = rates[p]
        else { continue }
        let expected = Money(rate.amount.value * Decimal(rate.months ?? months) / rate.per)
        if (stated - expected).magnitude > one {
          add(
            .unit, line, p, cell: line.cells[p], expected: expected, actual: stated,
            detail: .init(monthlyRate: Money(rate.amount.value / rate.per), months: rate.months ?? months))
        }
      }
    }
    // product
    for relation in plan.products where relation.line < plan.lines.count {
      let line = plan.lines[relation.line]
      guard relation.period < line.amounts.count, let stated = line.amounts[relation.period] else { continue }
      let expected = relation.factors.0 * relation.factors.1.value
      // A unit price shown to the cent may have been rounded: its quantity times half a cent.
      let cents = stated.rounded(digits: 0) != stated || expected.rounded(digits: 0) != expected
      let (x, y) = (relation.factors.0.magnitude, relation.factors.1.magnitude)
      let xWhole = x.rounded(digits: 0) == x
      let yWhole = y.rounded(digits: 0) == y
      let quantity = xWhole != yWhole ? (xWhole ? x : y) : min(x, y)
      let allowed = cents ? quantity * Decimal(string: "0.005")! + Money.tolerance : one
      if (stated - expected).magnitude > allowed {
        add(.product, line, relation.period, cell: line.cells[relation.period], expected: expected, actual: stated)
      }
    }
    // rate: HT ↔ TTC conversions that do not use the sheet's factor.
    for conversion in plan.taxConversions where conversion.line < plan.lines.count {
      add(
        .rate, plan.lines[conversion.line], nil, cell: conversion.cell, expected: conversion.expected,
        actual: conversion.stated, detail: .init(taxSource: conversion.source, taxFactor: conversion.factor, taxToAfterTax: conversion.toAfterTax))
    }
    let order = Rule.allCases
    findings.sort { a, b in
      if a.cell.row != b.cell.row { return a.cell.row < b.cell.row }
      if a.cell.column != b.cell.column { return a.cell.column < b.cell.column }
      return (order.firstIndex(of: a.rule) ?? 0) < (order.firstIndex(of: b.rule) ?? 0)
    }
    return findings
  }
}

extension Money {
  static func * (a: Money, b: Money) -> Money { Money(a.value * b.value) }
}
