import FoundationEssentials

/// Percentage lines: "Dépenses indirectes (20% des charges)", "25% of direct costs excluding
/// subcontracting", "FSE+ (50 % du coût total éligible)".
enum Rates {
  struct Stated {
    var percent: Decimal
    /// The folded words after the percent sign, up to a closing parenthesis.
    var phrase: [Word]
  }

  /// The rate a line states in its label, or in its remark when the remark is about the whole line
  /// (a percent at its start, outside parentheses: "Frais gestion (10% sal ch)" describes a part).
  static func statedRate(_ line: Line) -> Stated? {
    if let r = rate(in: line.label, fromRemark: false) { return r }
    if let remark = line.remark, let r = rate(in: remark, fromRemark: true) { return r }
    return nil
  }

  static func rate(in text: String, fromRemark: Bool) -> Stated? {
    let percent = UInt8(ascii: "%")
    guard text.utf8.withContiguousStorageIfAvailable({ $0.contains(percent) }) ?? text.utf8.contains(percent) else {
      return nil
    }
    let folded = TextFolding.fold(text)
    guard let percentIndex = folded.firstIndex(of: "%") else { return nil }
    // The number before the sign.
    var start = percentIndex
    var sawDigit = false
    while start > folded.startIndex {
      let prev = folded[folded.index(before: start)]
      if prev.isNumber || prev == "," || prev == "." {
        sawDigit = sawDigit || prev.isNumber
        start = folded.index(before: start)
      } else if prev == " " && !sawDigit {
        start = folded.index(before: start)
      } else {
        break
      }
    }
    let numberText = folded[start..<percentIndex].filter { $0 != " " }.replacingCommas()
    guard sawDigit, let percent = Decimal(string: numberText), percent > 0, percent <= 100 else { return nil }
    let before = folded[..<start]
    if fromRemark {
      let opens = before.filter { $0 == "(" }.count
      let closes = before.filter { $0 == ")" }.count
      if opens > closes { return nil }
      if TextFolding.words(String(before)).count > 3 { return nil }
    }
    var after = folded[folded.index(after: percentIndex)...]
    if let close = after.firstIndex(of: ")") { after = after[..<close] }
    return Stated(percent: percent, phrase: TextFolding.words(String(after)))
  }

  static let exclusionWords: Set<Word> = ["hors", "excluding", "except", "excl", "sauf", "without", "sans"]
  static let staffWords: Set<Word> = [
    "personnel", "personnels", "staff", "salaires", "salaire", "salaries", "salary", "salariales", "remuneration",
    "remunerations", "wages", "wage", "salariaux", "salariale", "salarial", "payroll",
  ]
  static let filler: Set<Word> = [
    "de", "des", "du", "la", "le", "les", "l", "d", "of", "the", "on", "sur", "and", "et", "a", "au", "aux",
    "eligible", "eligibles", "direct", "directs", "directe", "directes",
  ]

  /// Words of a line of staff on-costs, whatever its rate's phrase: "NI and pension on-costs @ 25%",
  /// "Fringe benefits (31%)", "Charges sociales (45 %)".
  static let onCostWords: Set<Word> = [
    "fringe", "benefits", "oncosts", "oncost", "pension", "pensions", "ni", "sociales", "patronales", "employer",
  ]

  /// Words of a contribution in kind.
  static let inKindWords: Set<Word> = ["inkind", "benevolat", "volontaires", "contra"]

  static func isOnCost(_ label: String) -> Bool {
    let words = TextFolding.words(TextFolding.fold(label))
    if words.contains(where: { onCostWords.contains($0) }) { return true }
    // "on-costs" folds to "on" "costs".
    return zip(words, words.dropFirst()).contains { $0 == ("on", "costs") || $0 == ("on", "cost") }
  }

  /// Words of a tax line: "TVA 20 %", "VAT (20%)", "Taxe 5,5 %".
  static let taxWords: Set<Word> = ["tva", "vat", "taxe", "tax", "taxes"]
  /// Words of a before-tax line: "Total HT", "Montant hors taxes", "Subtotal excl. VAT".
  static let beforeTaxWords: Set<Word> = ["ht", "hors", "excl", "excluding", "net"]

  /// The base of a tax line that names none ("TVA 20 %"): the nearest line above it whose label
  /// is before tax ("Total HT"), else the nearest total or aggregate above it (`domain.md` §4.13).
  static func taxBase(of index: Int, in plan: Plan) -> [Int]? {
    let line = plan.lines[index]
    let words = TextFolding.words(TextFolding.fold(line.label))
    guard words.contains(where: { taxWords.contains($0) }), !words.contains(where: { beforeTaxWords.contains($0) })
    else { return nil }
    var i = index - 1
    var nearestTotal: Int? = nil
    while i >= 0, index - i <= 12, plan.lines[i].section == line.section {
      let l = plan.lines[i]
      let w = TextFolding.words(TextFolding.fold(l.label))
      if w.contains(where: { beforeTaxWords.contains($0) }) || (w.contains("h") && w.contains("t")) { return [i] }
      if nearestTotal == nil, l.kind == .total || l.kind == .aggregate { nearestTotal = i }
      i -= 1
    }
    return nearestTotal.map { [$0] }
  }

  /// The lines a rate's phrase names as its base, or nil when it cannot be resolved.
  static func base(of index: Int, in plan: Plan, phrase: [Word]) -> [Int]? {
    let line = plan.lines[index]
    var main = phrase
    var excluded: [Word] = []
    if let x = phrase.firstIndex(where: { exclusionWords.contains($0) }) {
      main = Array(phrase[..<x])
      excluded = phrase[(x + 1)...].filter { $0.count >= 4 && !filler.contains($0) }
    }
    guard !main.isEmpty else { return nil }
    // "25% of A + C": lines named by their outline letters.
    let linkWords: Set<Word> = ["of", "de", "des", "du", "the", "on", "sur", "and", "et", "lines", "lignes", "postes"]
    let letters = main.filter { !linkWords.contains($0) }
    if !letters.isEmpty, letters.allSatisfy({ $0.count == 1 && ($0.first?.isLetter ?? false) }) {
      var out: [Int] = []
      for letter in letters {
        guard let i = plan.lines.indices.first(where: { i in
          let l = plan.lines[i]
          guard l.section == line.section || line.section != .charges, l.kind != .total, i != index else { return false }
          let f = TextFolding.fold(l.label)
          guard f.hasPrefix(String(letter)), f.count > 1 else { return false }
          let next = f[f.index(after: f.startIndex)]
          return next == "." || next == ")" || next == " " || next == "-"
        })
        else { return nil }
        out.append(i)
      }
      return out
    }
    // "5% of subtotal": the nearest total above the line, in its section.
    if main.contains("subtotal") || main.contains("soustotal") || zip(main, main.dropFirst()).contains(where: {
      ($0.0 == "sous" || $0.0 == "sub") && $0.1 == "total"
    }) {
      let above = plan.lines.indices.last { i in
        plan.lines[i].kind == .total && plan.lines[i].section == line.section && plan.lines[i].row < line.row
      }
      return above.map { [$0] }
    }
    // "15% of direct costs" under "TOTAL DIRECT COSTS": the total that the phrase names.
    if let named = namedTotal(main, excluded: excluded, above: index, in: plan) { return [named] }
    let mentionsCharges = main.contains { Wording.chargesWords.contains($0) }
    let chargesTotal = plan.balancePairs.first?.charges
      ?? plan.lines.indices.first { plan.lines[$0].kind == .total && plan.lines[$0].section == .charges }
    let direct = main.contains { $0 == "direct" || $0 == "directs" || $0 == "directe" || $0 == "directes" }
    // "du total des dépenses": the charges total; "of total direct costs": the direct lines, below.
    if !direct && (main.contains("total") || main.contains("totaux")) {
      guard let t = chargesTotal, mentionsCharges || main.count <= 3 else { return nil }
      if contains(t, index, plan: plan) { return nil }  // circular
      return [t]
    }
    func excludedLine(_ l: Line) -> Bool {
      let words = TextFolding.words(TextFolding.fold(l.label))
      return words.contains { w in excluded.contains { $0 == w || (w.count >= 6 && $0.hasPrefix(w.prefix(6))) } }
    }
    if main.contains(where: { staffWords.contains($0) }) {
      let matches = plan.lines.indices.filter { i in
        let l = plan.lines[i]
        guard i != index, l.section == .charges, l.kind != .total, l.row <= line.row || line.section != .charges else {
          return false
        }
        let words = TextFolding.words(TextFolding.fold(l.label))
        // Not a group that holds the rate line itself ("Staff costs" over the salaries and
        // their on-costs).
        return words.contains { staffWords.contains($0) } && !excludedLine(l) && !contains(i, index, plan: plan)
      }
      var top = matches.filter { i in !matches.contains { plan.lines[$0].components.contains(i) } }
      // The group or block that holds the rate line.
      let holder = plan.lines.indices.first { plan.lines[$0].components.contains(index) }
      // In a block of its own ("Total PP2" over a partner's staff, office costs at 15 % of staff
      // costs, travel…), the staff of that block, not of every block above.
      if let block = holder {
        let inBlock = top.filter { contains(block, $0, plan: plan) }
        if !inBlock.isEmpty { top = inBlock }
      }
      if !top.isEmpty { return top }
      // On-costs inside the staff group they belong to ("Personnel" over "Heures de cours",
      // "Charges sociales (45 % des rémunérations)"): the group's lines above them.
      if let group = holder,
        TextFolding.words(TextFolding.fold(plan.lines[group].label)).contains(where: { staffWords.contains($0) })
      {
        let above = plan.lines[group].components.filter { i in
          i != index && plan.lines[i].row < line.row && rate(in: plan.lines[i].label, fromRemark: false) == nil
            && !excludedLine(plan.lines[i])
        }
        if !above.isEmpty { return above }
      }
      return headedGroup(matching: staffWords, above: line, in: plan)
    }
    // An income line's share of one kind of cost ("aide à la traduction (50 % du coût de
    // traduction)"): the cost lines that name it.
    if line.section == .produits, let named = namedCosts(main, for: index, in: plan) { return named }
    // An income line's share "des dépenses éligibles": the whole cost.
    if line.section == .produits, mentionsCharges, let t = chargesTotal { return [t] }
    guard mentionsCharges || direct else { return nil }
    // The direct charges above the line: top lines, other rate lines and excluded lines left out.
    let base = plan.lines.indices.filter { i in
      let l = plan.lines[i]
      guard i != index, l.section == .charges, l.level == 0, l.kind == .item || l.kind == .aggregate,
        l.row < line.row || line.section != .charges
      else { return false }
      // Other rate lines are not direct costs, but for on-costs of the staff ("Benefits (28% of
      // salaries)"), which are.
      if let other = rate(in: l.label, fromRemark: false), !other.phrase.contains(where: { staffWords.contains($0) }),
        !isOnCost(l.label)
      {
        return false
      }
      let words = TextFolding.words(TextFolding.fold(l.label))
      if direct && words.contains(where: { $0.hasPrefix("indirect") }) {
        return false
      }
      // Contributions in kind are no cost of the budget a rate applies to: "In-kind costs",
      // "86 - Emplois des contributions volontaires en nature", "Bénévolat".
      if l.accountCode?.hasPrefix("86") == true || words.contains(where: { inKindWords.contains($0) })
        || zip(words, words.dropFirst()).contains(where: { $0 == ("in", "kind") || $0 == ("en", "nature") })
      {
        return false
      }
      return !excludedLine(l)
    }
    return base.isEmpty ? nil : base
  }

  /// The cost lines an income line's phrase names by words other than the side's, the kinds of
  /// costs' and the totals' ("du coût de traduction": the line "Traduction"): the group under a
  /// heading that names them, else the outermost charges lines whose labels say just that kind,
  /// or nil when none or the phrase names no such word.
  static func namedCosts(_ phrase: [Word], for index: Int, in plan: Plan) -> [Int]? {
    let ignored: Set<Word> = [
      "of", "de", "des", "du", "the", "on", "sur", "and", "et", "a", "au", "aux", "la", "le", "les", "l", "d",
      "total", "totaux", "totale", "totales", "montant", "amount", "sum", "somme", "project", "projet", "budget",
      "eligible", "eligibles", "direct", "directs", "directe", "directes", "indirect", "indirects", "global", "globale",
    ]
    let words = phrase.filter { !ignored.contains($0) && !Wording.chargesWords.contains($0) && $0.count >= 4 }
    guard !words.isEmpty, words.count <= 3 else { return nil }
    // A heading that names them ("Translation" over the translator, the copy-editing and their
    // subtotal): its group.
    if let heading = plan.headings.first(where: { h in
      h.section == .charges && words.allSatisfy { w in h.words.contains { same(w, $0) } }
    }) {
      let next = plan.headings.first { $0.row > heading.row && $0.section == heading.section }?.row ?? Int32.max
      let inGroup = plan.lines.indices.filter { i in
        let l = plan.lines[i]
        return l.section == .charges && l.row >= heading.row && l.row < next
      }
      // Its subtotal, else its lines up to the first total (which closes more than the group).
      if let subtotal = inGroup.first(where: { plan.lines[$0].kind == .total }),
        inGroup.prefix(while: { plan.lines[$0].kind != .total }).allSatisfy({ plan.lines[subtotal].components.contains($0) || plan.lines[$0].level > 0 })
      {
        return [subtotal]
      }
    }
    // A line only when its label is that kind and nothing more ("Traduction"): a label that
    // merely holds the word ("Frais du partenaire 2") is another thing.
    let matches = plan.lines.indices.filter { i in
      let l = plan.lines[i]
      guard i != index, l.section == .charges, l.kind != .result else { return false }
      let label = TextFolding.words(TextFolding.fold(l.label)).filter {
        !ignored.contains($0) && !Wording.chargesWords.contains($0) && $0.count >= 3
      }
      return !label.isEmpty && words.allSatisfy { w in label.contains { same(w, $0) } }
        && label.allSatisfy { w in words.contains { same(w, $0) } }
    }
    let outer = matches.filter { i in !matches.contains { contains($0, i, plan: plan) } }
    return outer.isEmpty ? nil : outer
  }

  /// Whether two words are one on their first five letters ("cost" and "costs", "salary" and
  /// "salaries", "traduction" and "traductions").
  static func same(_ a: Word, _ b: Word) -> Bool {
    if a == b { return true }
    let n = min(5, a.count, b.count)
    return n >= 4 && a.prefix(n) == b.prefix(n)
  }

  /// Words of a group that holds the rest of a kind: "Other direct costs", "Autres charges".
  static let remainderWords: Set<Word> = ["other", "others", "autre", "autres", "remaining", "divers", "diverses"]

  /// The nearest total or aggregate above a rate line, in its section, whose label has every
  /// word the rate's phrase names ("direct costs" in "TOTAL DIRECT COSTS", "dépenses directes" in
  /// "Sous-total des dépenses directes"), when the phrase names no exclusion. Words match on
  /// their first five letters ("cost" and "costs", "salary" and "salaries").
  static func namedTotal(_ phrase: [Word], excluded: [Word], above index: Int, in plan: Plan) -> Int? {
    guard excluded.isEmpty else { return nil }
    let link: Set<Word> = [
      "of", "de", "des", "du", "the", "on", "sur", "and", "et", "a", "au", "aux", "la", "le", "les", "l", "d",
      "total", "totaux", "totale", "totales", "montant", "amount", "sum", "somme",
    ]
    // The side's own word names no total ("dépenses de fonctionnement": "Sous-total
    // fonctionnement"), unless nothing else is named ("des charges").
    let words = phrase.filter { !link.contains($0) }
    let specific = words.filter { !Wording.chargesWords.contains($0) && !Wording.produitsWords.contains($0) }
    // Only when what is left names a group, not a kind of costs ("coûts directs", "dépenses
    // éligibles": the direct lines, the eligible total).
    let kinds = ["direct", "indirect", "eligib", "totau", "global"]
    let namesGroup = specific.contains { w in w.count >= 4 && !kinds.contains { w.hasPrefix($0) } }
    let named = namesGroup ? specific : words
    guard !named.isEmpty, named.count <= 4, named.contains(where: { $0.count >= 4 }) else { return nil }
    let line = plan.lines[index]
    for i in plan.lines.indices.reversed() where i != index {
      let l = plan.lines[i]
      guard l.row < line.row, l.section == line.section, l.kind == .total || !l.components.isEmpty else { continue }
      let words = TextFolding.words(TextFolding.fold(l.label))
      guard named.allSatisfy({ n in words.contains { same(n, $0) } }) else { continue }
      // "Other direct costs" is what is left of the direct costs, not all of them.
      if words.contains(where: { remainderWords.contains($0) }) { continue }
      if contains(i, index, plan: plan) { continue }
      return i
    }
    return nil
  }

  /// The lines under a heading whose words include one of `words` ("1. Frais de personnel :"):
  /// the subtotal that closes the group, or else its top lines.
  static func headedGroup(matching words: Set<Word>, above line: Line, in plan: Plan) -> [Int]? {
    guard let heading = plan.headings.first(where: { h in
      h.section == .charges && h.row < line.row && h.words.contains { words.contains($0) }
    })
    else { return nil }
    let nextHeading = plan.headings.first { $0.row > heading.row && $0.section == heading.section }?.row ?? Int32.max
    let inGroup = plan.lines.indices.filter { i in
      let l = plan.lines[i]
      // A category beside its first line is a heading on that line's row.
      return l.section == .charges && l.row >= heading.row && l.row < min(nextHeading, line.row)
    }
    if let subtotal = inGroup.first(where: { plan.lines[$0].kind == .total }) { return [subtotal] }
    let top = inGroup.filter { plan.lines[$0].level == 0 }
    return top.isEmpty ? nil : top
  }

  /// Whether line `inner` is among the (transitive) components of `outer`.
  static func contains(_ outer: Int, _ inner: Int, plan: Plan) -> Bool {
    var stack = plan.lines[outer].components
    var seen = Set<Int>()
    while let c = stack.popLast() {
      if c == inner { return true }
      if seen.insert(c).inserted { stack += plan.lines[c].components }
    }
    return false
  }
}

extension String {
  fileprivate func replacingCommas() -> String {
    String(map { $0 == "," ? "." : $0 })
  }
}
