import Diagnostics
import FoundationEssentials
import Formula
import Workbook

/// One cell that `fix` changes, and why.
public struct Correction: Sendable, Equatable {
  public var sheet: String
  public var cell: CellReference
  /// The rule the cell broke first; later passes may correct it again (a total whose subtotal
  /// was corrected), and ``after`` is its last value.
  public var rule: Rule
  public var label: String
  public var period: String?
  /// What the cell held before: its value and, for a formula, its text.
  public var before: CellValue?
  public var beforeFormula: CellFormula?
  /// The value it holds now.
  public var after: Money
  /// What became of its formula.
  public var formula: CellPatch.Formula
  /// The finding that made the first change, for the report and the cell's note.
  public var finding: Finding
}

/// What correcting a workbook gives: the changes, the corrected model, and what is still wrong.
///
/// Only figures that follow from others are corrected: an aggregate or total that is not the sum
/// of its components (`sum`), a result that is not produits − charges (`result`), a percentage
/// line that is not its rate × its base (`rate`), a Total column that is not the sum of the
/// periods (`cross-total`), a formula's stale cached value (`formula.stale`), an amount stored as
/// text (`text-number`). What only the author knows is left as it is and stays among the
/// findings: which funder pays the gap of an unbalanced plan (`balance`), whether a remark's unit
/// rate or the amount is right (`unit`), a missing amount, a rounding gap (`sum.rounding`, whose
/// total is usually the right figure rounded).
public struct Corrections: Sendable {
  /// The plan as found in the input, or nil when none was found (nothing is corrected then).
  public var plan: Plan?
  /// The input's findings.
  public var before: [Finding]
  /// The changed cells, in sheet then row then column order.
  public var corrections: [Correction]
  /// The findings of the corrected workbook.
  public var after: [Finding]
  /// The corrected workbook's model.
  public var corrected: Workbook
  /// False when corrections kept changing the same cells, or the checks they may make ran out,
  /// and the passes stopped; when no set of corrections left the plan no worse, none is made.
  public var converged: Bool

  /// The rules `fix` corrects.
  public static let correctedRules: Set<Rule> = [.sum, .result, .rate, .crossTotal, .product, .formulaStale, .textNumber]

  /// Corrections that were not made because they would have broken a rule the input kept
  /// (correcting a rate line would unbalance the plan), with the findings they would have made.
  public var declined: [(finding: Finding, wouldBreak: [Finding])]

  /// Corrects `workbook`; with `formulas`, corrected totals, results, rates and Total columns
  /// get a formula that computes them (a cell that held a wrong formula always does).
  ///
  /// A correction must not make the plan worse: when the corrected workbook breaks a rule at a
  /// cell where the input broke none (the parent of partial 'dont' lines set to their sum leaves
  /// the plan unbalanced), the correction that started it is declined and the others are tried
  /// again without it.
  public init(_ workbook: Workbook, formulas: Bool = false, limits: FormulaLimits = .default) {
    var excluded: Set<Corrector.Key> = []
    var declined: [(finding: Finding, wouldBreak: [Finding])] = []
    let budget = Corrector.Budget()
    var corrector = Corrector(workbook, formulas: formulas, limits: limits, excluded: excluded, budget: budget)
    budget.setFor(lines: corrector.firstCheck.plan?.lines.count ?? 0)
    corrector.run()
    let before = corrector.firstCheck.findings
    // Cells the input's findings of corrected rules name: the only typed cells a correction may
    // change (an unbalanced total is not wrong for that: which side is, only the author knows).
    let named = Set(before.filter { Self.correctedRules.contains($0.rule) }.map { "\($0.sheet)!\($0.cell)" })
    func worsened(_ c: Corrector) -> [Finding] {
      let old = Set(before.filter { $0.severity >= .warning }.map { Corrector.Key(sheet: $0.sheet, cell: $0.cell, rule: $0.rule) })
      var out = c.lastCheck.findings.filter {
        $0.severity >= .warning && !old.contains(.init(sheet: $0.sheet, cell: $0.cell, rule: $0.rule))
      }
      // A typed figure that broke no rule in the input is right: a cascade that reaches it (a
      // subtotal set to the sum of a wrong line, then its total) started from the wrong cell.
      // A line's Total column follows its periods: it is no other figure.
      for correction in c.corrections.values
      where correction.beforeFormula == nil && !correction.isNoChange && correction.rule != .crossTotal
        && !named.contains("\(correction.sheet)!\(correction.cell)")
      {
        out.append(correction.finding)
      }
      // In sheet and cell order, not the dictionary's: the report must read the same every run.
      let rules = Rule.allCases
      return out.sorted { a, b in
        if a.sheet != b.sheet { return a.sheet < b.sheet }
        if a.cell != b.cell { return a.cell < b.cell }
        return (rules.firstIndex(of: a.rule) ?? 0) < (rules.firstIndex(of: b.rule) ?? 0)
      }
    }
    var worse = worsened(corrector)
    var attempts = 0
    // Decline one first-pass correction at a time: the one whose absence leaves the fewest new
    // findings, until none is left.
    while !worse.isEmpty, attempts < Corrector.maxAttempts {
      var best: (key: Corrector.Key, run: Corrector, worse: [Finding])? = nil
      for root in corrector.roots where attempts < Corrector.maxAttempts {
        attempts += 1
        guard budget.left > 0 else { break }
        var trial = Corrector(
          workbook, formulas: formulas, limits: limits, excluded: excluded.union([root.key]), budget: budget,
          first: corrector.firstCheck)
        trial.run()
        let w = worsened(trial)
        if best == nil || w.count < best!.worse.count { best = (root.key, trial, w) }
        if w.isEmpty { break }
      }
      guard let chosen = best else { break }
      if let root = corrector.roots.first(where: { $0.key == chosen.key }) {
        // What declining it took away.
        declined.append((root.finding, worse.filter { !chosen.worse.contains($0) }))
      }
      excluded.insert(chosen.key)
      corrector = chosen.run
      worse = chosen.worse
    }
    plan = corrector.firstCheck.plan
    self.before = before
    guard worse.isEmpty else {
      // No set of corrections found that leaves the plan no worse: none is made.
      self.declined = declined + corrector.roots.map { ($0.finding, worse) }
      corrections = []
      after = before
      corrected = workbook
      converged = false
      return
    }
    self.declined = declined
    corrections = corrector.corrections.values.filter { !$0.isNoChange }.sorted { a, b in
      if a.sheet != b.sheet { return a.sheet < b.sheet }
      return a.cell < b.cell
    }
    after = corrector.lastCheck.findings
    corrected = corrector.workbook
    converged = corrector.converged
  }

  /// The patches that write these corrections into the input file, by sheet; with `annotate`,
  /// each changed cell carries a note saying what it held and why it changed.
  ///
  /// A consequence (a formula recomputed because of another correction, see ``causes(limits:)``)
  /// carries no note of its own: the note of the correction that caused it names it.
  public func patches(annotate: Bool, language: MessageLanguage) -> [String: [CellReference: CellPatch]] {
    let french = (plan?.numberStyle ?? .french) == .french
    let causes = annotate ? causes() : [:]
    var consequences: [String: [Correction]] = [:]
    for c in corrections {
      if let cause = causes["\(c.sheet)!\(c.cell)"] { consequences["\(cause.sheet)!\(cause.cell)", default: []].append(c) }
    }
    var out: [String: [CellReference: CellPatch]] = [:]
    for c in corrections {
      let place = "\(c.sheet)!\(c.cell)"
      let note = annotate && causes[place] == nil ? c.note(language, consequences: consequences[place] ?? []) : nil
      // A number that replaces a text amount is shown as the text was («49 600 €»).
      var format: String? = nil
      if case .text(let text)? = c.before {
        format = Money.formatCode(lookingLike: text, style: plan?.numberStyle ?? .french)
      }
      out[c.sheet, default: [:]][c.cell] = CellPatch(
        number: c.after.description, display: c.after.formatted(french: french, currency: format?.contains("€") ?? false),
        formula: c.formula, note: note, numberFormat: format)
    }
    return out
  }
}

extension Correction {
  /// What the cell held, as an officer reads it: an amount, «text», or "empty".
  public func beforeText(_ language: MessageLanguage) -> String {
    let fr = language == .fr
    switch before {
    case .number(let v, _)?: return Money(storedNumber: v).map { $0.formatted(french: fr) } ?? String(v)
    case .text(let s)?: return language.quoted(s)
    case .bool(let b)?: return fr ? (b ? "VRAI" : "FAUX") : (b ? "TRUE" : "FALSE")
    case .error(let e)?: return e
    case nil: return fr ? "vide" : "empty"
    }
  }

  /// True when the cell ends as it was: a cascade that came back to the stored figure (a result
  /// corrected after a total, then again once the total was).
  var isNoChange: Bool {
    guard case .number(let v, _)? = before, Money(storedNumber: v) == after else { return false }
    switch formula {
    case .keep: return true
    case .remove: return beforeFormula == nil
    case .set: return false
    }
  }

  /// The note a corrected cell carries: what it held, the finding that changed it, and the
  /// cells recomputed because of it.
  public func note(_ language: MessageLanguage, consequences: [Correction] = []) -> String {
    let was = beforeText(language)
    let places = consequences.map { $0.sheet == sheet ? "\($0.cell)" : "\($0.sheet)!\($0.cell)" }.joined(separator: ", ")
    switch language {
    case .fr:
      return "Corrigé par Equilibre (\(rule.name(language))) ; valait \(was). " + finding.message(language)
        + (consequences.isEmpty ? "" : " Recalculé\(consequences.count > 1 ? "es" : "e") en conséquence : \(places).")
    case .en:
      return "Corrected by Equilibre (\(rule.name(language))); was \(was). " + finding.message(language)
        + (consequences.isEmpty ? "" : " Recomputed as a result: \(places).")
    }
  }
}

/// Corrects a workbook pass by pass: each pass checks the plan, corrects every finding of a
/// corrected rule, and writes the new values into the model, so the next pass sees the cascade
/// (a subtotal corrected makes its total wrong). Stops when a pass finds nothing to correct.
struct Corrector {
  var workbook: Workbook
  let formulas: Bool
  let limits: FormulaLimits
  var corrections: [Key: Correction] = [:]
  var firstCheck: PlanCheck
  var lastCheck: PlanCheck
  var converged = true
  private var edits: [Key: Int] = [:]
  private let original: Workbook

  /// The cells not to correct.
  let excluded: Set<Key>
  let budget: Budget

  /// What all the runs of one correction share: the plan checks they may make together (a few
  /// hundred for a plan of tens of lines, a handful for a sheet of thousands, whose checks take
  /// seconds, so that no workbook can keep `fix` busy), and the input's recalculation.
  final class Budget {
    var left = 512
    func setFor(lines: Int) { left = min(512, max(8, 200_000 / max(lines, 1))) }
    /// The input's recalculation, made once for all the runs that need it.
    var inputRecalculation: RecalculationResult?
  }
  /// The corrections of the first pass, each the start of a cascade.
  var roots: [(key: Key, finding: Finding)] = []

  struct Key: Hashable {
    var sheet: String
    var cell: CellReference
    var rule: Rule? = nil
  }

  /// Runs of the corrector allowed while declining corrections.
  static let maxAttempts = 32

  /// Passes allowed; a cell corrected more often than ``maxEditsPerCell`` stops them too.
  static let maxPasses = 64
  static let maxEditsPerCell = 8

  /// A corrector of `workbook`; `first` is its check when already made (the runs that decline
  /// corrections start from the same input).
  init(
    _ workbook: Workbook, formulas: Bool, limits: FormulaLimits, excluded: Set<Key>, budget: Budget,
    first: PlanCheck? = nil
  ) {
    self.excluded = excluded
    self.budget = budget
    self.workbook = workbook
    self.original = workbook
    self.formulas = formulas
    self.limits = limits
    let check = first ?? PlanCheck(workbook, reader: .recalculating(workbook, limits: limits))
    firstCheck = check
    lastCheck = check
  }

  mutating func run() {
    guard let firstPlan = firstCheck.plan else { return }
    var check = firstCheck
    for pass in 0..<Self.maxPasses {
      guard let plan = check.plan, plan.sheet == firstPlan.sheet else {
        // The corrections made the plan unreadable as one (a text amount that was a header):
        // none of them is kept.
        workbook = original
        corrections = [:]
        check = firstCheck
        converged = false
        break
      }
      // Only the plan's own sheet is corrected: another sheet's findings (a year's plan under a
      // summary) are reported, and their cells are no cells of this plan.
      let due = check.findings.filter { Corrections.correctedRules.contains($0.rule) && $0.sheet == plan.sheet }
      if due.isEmpty { break }
      var changed = false
      var seen: Set<CellReference> = []
      for finding in due where seen.insert(finding.cell).inserted {
        let key = Key(sheet: plan.sheet, cell: finding.cell)
        guard !excluded.contains(key), let change = correction(for: finding, in: plan) else { continue }
        if pass == 0 { roots.append((key, finding)) }
        edits[key, default: 0] += 1
        if edits[key]! > Self.maxEditsPerCell {
          converged = false
          break
        }
        apply(change, at: key, finding: finding)
        changed = true
      }
      if !converged || !changed { break }
      guard budget.left > 0 else {
        converged = false
        break
      }
      budget.left -= 1
      check = PlanCheck(workbook, reader: .recalculating(workbook, limits: limits))
    }
    lastCheck = check
    if !corrections.isEmpty { refreshDependentCaches() }
  }

  /// The value and formula that correct `finding`, or nil when it has no value to write.
  private func correction(for finding: Finding, in plan: Plan) -> (value: Money, formula: CellPatch.Formula)? {
    guard let sheet = workbook.sheet(named: plan.sheet) else { return nil }
    let hasFormula = sheet.formulas[finding.cell] != nil
    switch finding.rule {
    case .formulaStale:
      guard let expected = finding.expected else { return nil }
      return (expected, .keep)
    case .textNumber:
      // A formula that makes text («=TEXT(B5;"# ##0 €")») is the author's: it stays.
      guard !hasFormula, let amount = finding.actual else { return nil }
      return (amount, .remove)
    case .sum, .result, .crossTotal, .rate:
      guard var expected = finding.expected else { return nil }
      var formula: FormulaText? = nil
      if formulas || hasFormula {
        // The form the line's neighbours use (`=0.15*B7` beside it), when it gives the figure.
        if finding.detail.taxFactor == nil, let follow = neighbourFormula(for: finding, in: plan, expected: expected) {
          return (follow.value, .set(ooxml: follow.formula.ooxml, odf: "of:=" + follow.formula.odf))
        }
        formula = self.formula(for: finding, in: plan)
        // A wrong formula is never kept: without a formula to replace it, its cell is left alone.
        if formula == nil && hasFormula { return nil }
      }
      if finding.rule == .rate, finding.detail.taxFactor != nil {
        // A tax conversion is written like the sheet's others, unrounded (`=E4/1.2`).
        guard let formula else { return (expected, hasFormula ? .remove : .keep) }
        return (expected, .set(ooxml: formula.ooxml, odf: "of:=" + formula.odf))
      }
      if finding.rule == .rate {
        let digits = plan.wholeEuros ? 0 : 2
        expected = expected.rounded(digits: digits)
        formula = formula.map { FormulaText(ooxml: "ROUND(\($0.ooxml),\(digits))", odf: "ROUND(\($0.odf);\(digits))") }
      }
      guard let formula else { return (expected, hasFormula ? .remove : .keep) }
      return (expected, .set(ooxml: formula.ooxml, odf: "of:=" + formula.odf))
    case .product:
      // A typed amount that is not its quantity × its unit price: the product, when that leaves
      // the plan no worse (its total then adds up too, or it was a formula's).
      guard !hasFormula, let expected = finding.expected else { return nil }
      return (expected, .keep)
    case .balance, .unit, .missing, .sumRounding:
      return nil
    }
  }

  /// The formula of a neighbour moved to the finding's cell, when it computes `expected` there
  /// (with its value): the sheet's own form (`=0.15*B7`, `=SUM(B5:B9)`) rather than Equilibre's.
  /// The neighbours are the same line's other period cells, nearest first, or, for a Total
  /// column's cell, the other lines' Total cells, nearest first; as a spreadsheet fills a
  /// formula right or down, their relative references move.
  private func neighbourFormula(for finding: Finding, in plan: Plan, expected: Money)
    -> (formula: FormulaText, value: Money)?
  {
    guard let s = workbook.sheets.firstIndex(where: { $0.name == plan.sheet }) else { return nil }
    let sheet = workbook.sheets[s]
    let cell = finding.cell
    var neighbours: [CellReference]
    if let line = plan.lines.first(where: { $0.cells.contains(cell) }) {
      neighbours = line.cells.filter { $0 != cell }
    } else {
      neighbours = plan.lines.compactMap(\.totalCell).filter { $0 != cell && $0.column == cell.column }
    }
    func distance(_ n: CellReference) -> Int { abs(Int(n.row - cell.row)) + abs(Int(n.column - cell.column)) }
    neighbours.sort { distance($0) < distance($1) }
    let recalculator = Recalculator(workbook: workbook, limits: limits)
    for n in neighbours.prefix(4) {
      guard let written = sheet.formulas[n],
        let parsed = try? FormulaParser.parse(written, limits: limits),
        let moved = Self.shifted(parsed, rows: cell.row - n.row, columns: cell.column - n.column),
        !Self.refers(moved, to: cell)
      else { continue }
      let ooxml = FormulaPrinter.print(moved, dialect: .ooxml)
      let odf = String(FormulaPrinter.print(moved, dialect: .odf).dropFirst(4))
      let text = written.dialect == .odf ? "of:=" + odf : ooxml
      let result = try? recalculator.evaluate(text, dialect: written.dialect, sheet: s, at: cell)
      guard case .value(.number(let v))? = result,
        let value = Money(storedNumber: v), value.isClose(to: expected)
      else { continue }
      return (FormulaText(ooxml: ooxml, odf: odf), value)
    }
    return nil
  }

  /// Whether `e` names `cell` on its own sheet (a formula there would refer to itself).
  static func refers(_ e: FormulaExpression, to cell: CellReference) -> Bool {
    switch e {
    case .reference(let r):
      guard r.sheet == nil else { return false }
      let end = r.end ?? r.start
      let rows = (r.start.row ?? 0)...(end.row ?? Int32.max)
      let columns = (r.start.column ?? 0)...(end.column ?? Int32.max)
      return rows.contains(cell.row) && columns.contains(cell.column)
    case .function(_, let arguments): return arguments.contains { refers($0, to: cell) }
    case .prefix(_, let a), .percent(let a), .parenthesized(let a), .spaced(_, let a, _): return refers(a, to: cell)
    case .binary(_, let a, let b): return refers(a, to: cell) || refers(b, to: cell)
    default: return false
    }
  }

  /// `e` with its relative references moved, or nil when one leaves the grid, names another file,
  /// or `e` holds what cannot be moved (a structured reference, an ODF label).
  static func shifted(_ e: FormulaExpression, rows dr: Int32, columns dc: Int32) -> FormulaExpression? {
    func part(_ p: ReferencePart) -> ReferencePart? {
      var q = p
      if let c = p.column, !p.columnAbsolute { q.column = c + dc }
      if let r = p.row, !p.rowAbsolute { q.row = r + dr }
      if let c = q.column, c < 0 { return nil }
      if let r = q.row, r < 0 { return nil }
      return q
    }
    func go(_ e: FormulaExpression) -> FormulaExpression? {
      switch e {
      case .number, .text, .bool, .error, .name, .missing: return e
      case .opaque: return nil
      case .reference(var r):
        guard r.workbook == nil, let start = part(r.start) else { return nil }
        r.start = start
        if let end = r.end {
          guard let moved = part(end) else { return nil }
          r.end = moved
        }
        return .reference(r)
      case .function(let name, let arguments):
        var out: [FormulaExpression] = []
        for a in arguments {
          guard let m = go(a) else { return nil }
          out.append(m)
        }
        return .function(name: name, arguments: out)
      case .prefix(let op, let a): return go(a).map { .prefix(op, $0) }
      case .percent(let a): return go(a).map { .percent($0) }
      case .binary(let op, let a, let b):
        guard let x = go(a), let y = go(b) else { return nil }
        return .binary(op, x, y)
      case .array: return e
      case .parenthesized(let a): return go(a).map { .parenthesized($0) }
      case .spaced(let before, let a, let after): return go(a).map { .spaced(before, $0, after) }
      }
    }
    return go(e)
  }

  /// A formula in both dialects, without `=` or the ODF prefix.
  struct FormulaText {
    var ooxml: String
    var odf: String
  }

  /// The formula that computes what `finding` expects, from the cells the plan names.
  private func formula(for finding: Finding, in plan: Plan) -> FormulaText? {
    if finding.rule == .rate, let source = finding.detail.taxSource, let factor = finding.detail.taxFactor {
      let op = finding.detail.taxToAfterTax == true ? "*" : "/"
      let ref = Self.reference(source)
      return FormulaText(ooxml: "\(ref.ooxml)\(op)\(factor)", odf: "\(ref.odf)\(op)\(factor)")
    }
    guard let lineIndex = plan.lines.firstIndex(where: { $0.cells.contains(finding.cell) || $0.totalCell == finding.cell }),
      let p = finding.period.flatMap({ label in plan.periods.firstIndex { $0.label == label } })
        ?? plan.lines[lineIndex].cells.firstIndex(of: finding.cell)
    else {
      // A Total column's cell names no period.
      guard finding.rule == .crossTotal,
        let line = plan.lines.first(where: { $0.totalCell == finding.cell })
      else { return nil }
      return Self.sum(line.cells)
    }
    let line = plan.lines[lineIndex]
    let written = workbook.sheet(named: plan.sheet)?.formulas[finding.cell]
    switch finding.rule {
    case .sum:
      return Self.sum(line.components.map { plan.lines[$0].cells[p] }, like: written)
    case .crossTotal:
      return Self.sum(line.cells)
    case .result:
      guard let pair = plan.balancePairs.first else { return nil }
      let produits = Self.reference(plan.lines[pair.produits].cells[p])
      let charges = Self.reference(plan.lines[pair.charges].cells[p])
      return FormulaText(ooxml: "\(produits.ooxml)-\(charges.ooxml)", odf: "\(produits.odf)-\(charges.odf)")
    case .rate:
      guard let stated = Rates.statedRate(line), let base = Rates.base(of: lineIndex, in: plan, phrase: stated.phrase)
      else { return nil }
      let sum = Self.sum(base.map { plan.lines[$0].cells[p] })
      let factor = (Money(stated.percent) * Decimal(string: "0.01")!).description
      return FormulaText(ooxml: "\(sum.ooxml)*\(factor)", odf: "\(sum.odf)*\(factor)")
    default:
      return nil
    }
  }

  private static func reference(_ cell: CellReference) -> FormulaText {
    FormulaText(ooxml: cell.description, odf: "[.\(cell.description)]")
  }

  /// The sum of these cells: in the style of `written` when it added cells one by one, else
  /// `SUM` over the runs of a column (`SUM(D19:D32)`, `SUM(D5:D9,D12)`).
  static func sum(_ cells: [CellReference], like written: CellFormula? = nil) -> FormulaText {
    let cells = cells.sorted { ($0.column, $0.row) < ($1.column, $1.row) }
    guard let first = cells.first else { return FormulaText(ooxml: "0", odf: "0") }
    // The formula the cell had, when it added cells one by one (`=D19+D20+D22`), sets the style.
    if let written, !written.text.uppercased().contains("SUM"), written.text.contains("+") {
      let rows = cells.sorted()
      return FormulaText(
        ooxml: rows.map(\.description).joined(separator: "+"), odf: rows.map { "[.\($0)]" }.joined(separator: "+"))
    }
    // Runs of a column as ranges: `SUM(D19:D32)`, `SUM(D5:D9,D12)`.
    var runs: [(CellReference, CellReference)] = []
    for c in cells {
      if let last = runs.last, last.1.column == c.column, last.1.row + 1 == c.row {
        runs[runs.count - 1].1 = c
      } else {
        runs.append((c, c))
      }
    }
    if runs.count == 1, cells.count > 1 {
      return FormulaText(ooxml: "SUM(\(first):\(runs[0].1))", odf: "SUM([.\(first):.\(runs[0].1)])")
    }
    func ooxml(_ r: (CellReference, CellReference)) -> String { r.0 == r.1 ? "\(r.0)" : "\(r.0):\(r.1)" }
    func odf(_ r: (CellReference, CellReference)) -> String { r.0 == r.1 ? "[.\(r.0)]" : "[.\(r.0):.\(r.1)]" }
    return FormulaText(
      ooxml: "SUM(\(runs.map(ooxml).joined(separator: ",")))", odf: "SUM(\(runs.map(odf).joined(separator: ";")))")
  }

  /// Writes a correction into the model and records it.
  private mutating func apply(_ change: (value: Money, formula: CellPatch.Formula), at key: Key, finding: Finding) {
    guard let s = workbook.sheets.firstIndex(where: { $0.name == key.sheet }) else { return }
    setCell(sheet: s, key.cell, value: change.value, formula: change.formula)
    if var existing = corrections[key] {
      existing.after = change.value
      // A formula written once stays; a later pass only refreshes its value.
      if case .set = existing.formula, case .keep = change.formula {} else if case .remove = existing.formula,
        case .keep = change.formula
      {} else {
        existing.formula = change.formula
      }
      corrections[key] = existing
    } else {
      let sheet = original.sheets[s]
      corrections[key] = Correction(
        sheet: key.sheet, cell: key.cell, rule: finding.rule, label: finding.label, period: finding.period,
        before: sheet.cell(at: key.cell)?.value, beforeFormula: sheet.formulas[key.cell], after: change.value,
        formula: change.formula, finding: finding)
    }
  }

  private mutating func setCell(sheet s: Int, _ reference: CellReference, value: Money, formula: CellPatch.Formula) {
    var sheet = workbook.sheets[s]
    var kind = NumberKind.plain
    let number = Double(value.description) ?? value.approximateDouble
    var lo = 0
    var hi = sheet.cells.count
    while lo < hi {
      let mid = (lo + hi) / 2
      if sheet.cells[mid].reference < reference { lo = mid + 1 } else { hi = mid }
    }
    if lo < sheet.cells.count, sheet.cells[lo].reference == reference {
      if case .number(_, let k)? = sheet.cells[lo].value { kind = k }
      if case .text(let text)? = sheet.cells[lo].value,
        let code = Money.formatCode(lookingLike: text, style: firstCheck.plan?.numberStyle ?? .french)
      {
        // A text amount becomes a number shown as the text was (what the patchers write too).
        kind = code.contains("€") ? .currency : .plain
        var style = workbook.style(of: sheet.cells[lo])
        style.numberFormat = code
        if let known = workbook.styles.firstIndex(of: style) {
          sheet.cells[lo].style = Int32(known)
        } else {
          workbook.styles.append(style)
          sheet.cells[lo].style = Int32(workbook.styles.count - 1)
        }
      }
      sheet.cells[lo].value = .number(number, kind)
    } else {
      sheet.cells.insert(Cell(reference: reference, value: .number(number, kind)), at: lo)
    }
    switch formula {
    case .keep: break
    case .remove: sheet.formulas[reference] = nil
    case .set(let ooxml, let odf):
      sheet.formulas[reference] =
        workbook.format == .xlsx
        ? CellFormula(text: ooxml, dialect: .ooxml) : CellFormula(text: odf, dialect: .odf)
    }
    workbook.sheets[s] = sheet
  }

  /// Formula cells outside the plan whose value follows from a corrected cell: their cached
  /// values are recomputed too, so a reader that does not recalculate sees the corrected figures.
  /// A cache that was already stale in the input, and did not move, is left as it was.
  private mutating func refreshDependentCaches() {
    guard workbook.sheets.contains(where: { !$0.formulas.isEmpty }) else { return }
    let before = budget.inputRecalculation ?? Recalculator(workbook: original, limits: limits).recalculate()
    budget.inputRecalculation = before
    let after = Recalculator(workbook: workbook, limits: limits).recalculate()
    for (s, list) in after.sheets.enumerated() where s < workbook.sheets.count {
      let name = workbook.sheets[s].name
      for entry in list {
        guard case .value(.number(let now)) = entry.result,
          corrections[Key(sheet: name, cell: entry.reference)] == nil,
          case .number(let stored, _)? = workbook.sheets[s].cell(at: entry.reference)?.value,
          abs(stored - now) > 0.005
        else { continue }
        if case .number(let then)? = before.recalculated(sheet: s, at: entry.reference), abs(then - now) <= 0.005 {
          continue
        }
        guard let value = Money(storedNumber: now) else { continue }
        let key = Key(sheet: name, cell: entry.reference)
        let finding = Finding(
          rule: .formulaStale, sheet: name, cell: entry.reference, expected: value, actual: Money(storedNumber: stored),
          raw: nil, label: "", period: nil, detail: .init())
        apply((value, .keep), at: key, finding: finding)
      }
    }
  }
}

extension Plan {
  /// True when every amount of the plan is a whole number of euros.
  var wholeEuros: Bool {
    lines.allSatisfy { line in line.amounts.allSatisfy { $0.map { $0.rounded(digits: 0) == $0 } ?? true } }
  }
}

extension Money {
  /// `d` rounded half away from zero to `digits` decimals, from its exact decimal digits.
  static func round(_ d: Decimal, digits: Int) -> Decimal {
    let text = d.description
    guard let dot = text.firstIndex(of: ".") else { return d }
    let fraction = text[text.index(after: dot)...]
    guard fraction.count > digits else { return d }
    let kept = String(text[..<dot]) + (digits > 0 ? "." + fraction.prefix(digits) : "")
    guard var out = Decimal(string: kept) else { return d }
    let next = fraction[fraction.index(fraction.startIndex, offsetBy: digits)]
    if let n = next.wholeNumberValue, n >= 5 {
      var step = Decimal(1)
      for _ in 0..<digits { step /= 10 }
      out += d < 0 ? -step : step
    }
    return out
  }

  /// The amount rounded half away from zero to `digits` decimals (0 or 2).
  func rounded(digits: Int) -> Money {
    guard let cents = roundedCents else {
      // Past 18 digits (a quotient such as 250 / 1.2): rounded as a decimal.
      return Money(Self.round(value, digits: digits >= 2 ? 2 : 0))
    }
    if digits >= 2 { return Money(Decimal(cents) / 100) }
    let euros = (cents.magnitude + 50) / 100
    return Money(cents < 0 ? -Int(euros) : Int(euros))
  }
}

extension Corrections {
  /// The corrections that only follow from another: a formula whose value was recomputed
  /// (`formula.stale`) because a cell it reads, directly or through other recomputed formulas,
  /// was corrected. Each is keyed by its place (`sheet!cell`) and gives the correction that
  /// caused it, the first in sheet and cell order when several did. A stale value no correction
  /// explains (stale in the input already) has no cause, and stays a correction of its own.
  public func causes(limits: FormulaLimits = .default) -> [String: Correction] {
    func key(_ sheet: String, _ cell: CellReference) -> String { "\(sheet)!\(cell)" }
    var byPlace: [String: Correction] = [:]
    for c in corrections { byPlace[key(c.sheet, c.cell)] = c }
    let followers = corrections.filter { $0.rule == .formulaStale }
    guard !followers.isEmpty, followers.count < corrections.count else { return [:] }
    /// The corrected cells that `c`'s formula reads, in sheet and cell order.
    func read(by c: Correction) -> [Correction] {
      guard let formula = corrected.sheet(named: c.sheet)?.formulas[c.cell] ?? c.beforeFormula,
        let expression = try? FormulaParser.parse(formula, limits: limits)
      else { return [] }
      var ranges: [(sheet: String, range: CellRange)] = []
      func walk(_ e: FormulaExpression) {
        switch e {
        case .reference(let r) where r.workbook == nil && r.lastSheet == nil:
          ranges.append((r.sheet ?? c.sheet, r.range))
        case .binary(.range, .reference(let a), .reference(let b))
        where a.workbook == nil && b.workbook == nil && (a.sheet ?? c.sheet) == (b.sheet ?? c.sheet):
          let ra = a.range
          let rb = b.range
          let start = CellReference(row: min(ra.start.row, rb.start.row), column: min(ra.start.column, rb.start.column))
          let end = CellReference(row: max(ra.end.row, rb.end.row), column: max(ra.end.column, rb.end.column))
          ranges.append((a.sheet ?? c.sheet, CellRange(start: start, end: end)))
        case .function(_, let arguments): arguments.forEach(walk)
        case .prefix(_, let inner), .percent(let inner), .parenthesized(let inner), .spaced(_, let inner, _): walk(inner)
        case .binary(_, let a, let b):
          walk(a)
          walk(b)
        case .array(let rows): rows.forEach { $0.forEach(walk) }
        default: break
        }
      }
      walk(expression)
      return corrections.filter { other in
        (other.sheet != c.sheet || other.cell != c.cell)
          && ranges.contains { $0.sheet == other.sheet && $0.range.contains(other.cell) }
      }
    }
    var out: [String: Correction] = [:]
    for follower in followers {
      // Breadth first through the recomputed formulas it reads, to the first correction of
      // another rule.
      var queue = [follower]
      var seen: Set<String> = [key(follower.sheet, follower.cell)]
      var cause: Correction? = nil
      while cause == nil, !queue.isEmpty, seen.count < 10_000 {
        let next = queue.removeFirst()
        for read in read(by: next) where !seen.contains(key(read.sheet, read.cell)) {
          seen.insert(key(read.sheet, read.cell))
          if read.rule != .formulaStale {
            cause = read
            break
          }
          queue.append(read)
        }
      }
      if let cause { out[key(follower.sheet, follower.cell)] = cause }
    }
    return out
  }
}
