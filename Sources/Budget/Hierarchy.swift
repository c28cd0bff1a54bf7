import Workbook

/// Works out which lines are components of which, and the balance pairs.
///
/// Clues, strongest first: the formula in an aggregate cell (`=SUM(B9:B10)` names its components
/// exactly); a 'dont' / 'of which' prefix (a sub-line of the nearest line above that has none);
/// account codes (604 under 60); indentation, then bold; and last position, confirmed by
/// arithmetic (the run of lines under a line that adds up to it). Ties: a formula overrides every
/// other clue; 'dont' beats codes and style; codes beat style; indentation beats bold; when only
/// bold or nothing marks the lines, the run of following lines whose sum matches the line in the
/// most periods is taken (the longest such run, so trailing zero lines stay with their parent).
enum Hierarchy {
  static func build(
    _ plan: inout Plan, sheet: Sheet, blockOf: [Int], styles: [LabelStyle], grand: [Bool], words allWords: [[Word]],
    folded: [String]
  ) {
    let n = plan.lines.count
    var parent = [Int?](repeating: nil, count: n)
    var components = [[Int]?](repeating: nil, count: n)
    // Groups: one per block and section, lines in row order.
    var groups: [[Int]] = []
    var groupKeys: [Int] = []
    for i in 0..<n where plan.lines[i].kind != .result {
      let key = blockOf[i] * 4 + (plan.lines[i].section == .charges ? 0 : 1)
      if let g = groupKeys.firstIndex(of: key) {
        groups[g].append(i)
      } else {
        groupKeys.append(key)
        groups.append([i])
      }
    }
    // Cells to lines, for formulas (only when the sheet has some).
    var lineOfCell: [CellReference: Int] = [:]
    if !sheet.formulas.isEmpty {
      lineOfCell.reserveCapacity(plan.lines.count * max(plan.periods.count, 1))
      for (i, line) in plan.lines.enumerated() {
        for c in line.cells { lineOfCell[c] = i }
      }
    }

    for group in groups {
      // Read in place: copying whole lines costs a retain per field.
      let codes = group.map { plan.lines[$0].accountCode }
      let amounts = group.map { plan.lines[$0].amounts }
      let words = group.map { allWords[$0] }
      let isDont = group.indices.map { Wording.isDont(words[$0]) || Wording.isBullet(folded[group[$0]]) }
      let isTotal = group.map { plan.lines[$0].kind == .total }
      let candidates = group.indices.filter { !isTotal[$0] && !isDont[$0] }
      let indents = Set(candidates.map { styles[group[$0]].indent }).sorted()
      let hasIndent = indents.count >= 2
      let boldSet = Set(
        candidates.filter { codes[$0] == nil && Wording.outline(folded[group[$0]]) == nil }.map {
          styles[group[$0]].bold
        })
      let hasBold = boldSet.count == 2
      let codeLengths = codes.compactMap { $0?.count }
      let minCode = codeLengths.min() ?? 0
      // Outline numbers ("1.2", "C.1") work like account codes.
      let outlines = group.map { i in plan.lines[i].accountCode == nil ? Wording.outline(folded[i]) : nil }
      let outlineDepth = outlineDepths(outlines, labels: group.map { plan.lines[$0].label })
      let coded = group.indices.map { codes[$0] != nil || outlines[$0] != nil }
      var depth = [Int](repeating: 0, count: group.count)
      var lastNonDont: Int? = nil
      var lastCodeDepth: Int? = nil
      var seenBold = false
      for k in group.indices {
        if isTotal[k] {
          lastNonDont = nil
          lastCodeDepth = nil
          seenBold = false
          continue
        }
        if isDont[k] {
          depth[k] = lastNonDont.map { depth[$0] + 1 } ?? 0
        } else if let code = codes[k] {
          depth[k] = code.count - minCode
          lastCodeDepth = depth[k]
        } else if let d = outlineDepth[k] {
          depth[k] = d
          lastCodeDepth = depth[k]
        } else if hasIndent {
          depth[k] = indents.firstIndex(of: styles[group[k]].indent) ?? 0
        } else if let d = lastCodeDepth {
          depth[k] = d + 1
        } else if hasBold {
          if styles[group[k]].bold {
            depth[k] = 0
            seenBold = true
          } else {
            depth[k] = seenBold ? 1 : 0
          }
        }
        if !isDont[k] { lastNonDont = k }
      }
      // Parents from depths: the nearest line above with a smaller depth, within a segment.
      var localParent = [Int?](repeating: nil, count: group.count)
      var stack: [Int] = []
      // A heading row between two lines starts another group: the lines under "61 Services
      // extérieurs" are not children of "60 Achats" above it, however they are indented.
      let headingRows = plan.headings.filter { $0.block == blockOf[group[0]] }.map(\.row).sorted()
      func headingBetween(_ a: Int32, _ b: Int32) -> Bool {
        var low = 0
        var high = headingRows.count
        while low < high {
          let mid = (low + high) / 2
          if headingRows[mid] <= a { low = mid + 1 } else { high = mid }
        }
        // A category beside a line's detail is a heading on that line's own row.
        return low < headingRows.count && headingRows[low] <= b
      }
      for k in group.indices {
        if isTotal[k] {
          stack.removeAll()
          continue
        }
        if k > 0, headingBetween(plan.lines[group[k - 1]].row, plan.lines[group[k]].row) { stack.removeAll() }
        // An account is under the nearest account above whose code begins its own (604 under 60,
        // not 756 under 87).
        while let top = stack.last,
          depth[top] >= depth[k] || codes[k].map({ c in codes[top].map { !c.hasPrefix($0) } ?? false }) ?? false
        {
          stack.removeLast()
        }
        if let top = stack.last { localParent[k] = top }
        stack.append(k)
      }
      // Arithmetic: where style is weak (bold only, or nothing), keep the run of children that adds up.
      // Parents found by their sums alone, with no clue of style, are guesses the totals may overrule.
      var guessed: [Int] = []
      // Bold lines over plain ones: the children of each, their own sub-lines left to them.
      func boldRun(_ k: Int) -> [Int] {
        var run: [Int] = []
        var j = k + 1
        while j < group.count, !isTotal[j], depth[j] > depth[k] {
          if localParent[j] == k && !isDont[j] && !coded[j] { run.append(j) }
          j += 1
        }
        return run
      }
      // A style that marks parents wherever their lines add up marks them where they do not:
      // when two bold groups or more hold, and most do, the others are groups with an error.
      var trustBold = false
      if hasBold && !hasIndent {
        var candidates = 0
        var confirmed = 0
        for k in group.indices where !isTotal[k] && !isDont[k] && !coded[k] && styles[group[k]].bold {
          let run = boldRun(k)
          guard !run.isEmpty else { continue }
          candidates += 1
          if bestPrefix(parent: amounts[k], run: run.map { amounts[$0] }, minimum: 1) == run.count { confirmed += 1 }
        }
        trustBold = confirmed >= 2 && confirmed * 3 >= candidates * 2
      }
      if !hasIndent {
        var k = 0
        while k < group.count {
          defer { k += 1 }
          if isTotal[k] || isDont[k] { continue }
          if coded[k] {
            // Uncoded lines under an account: its sub-lines only if they add up to it.
            var run: [Int] = []
            var j = k + 1
            while j < group.count, !isTotal[j], !coded[j] {
              if localParent[j] == k && !isDont[j] { run.append(j) }
              j += 1
            }
            guard !run.isEmpty else { continue }
            let keep = bestPrefix(parent: amounts[k], run: run.map { amounts[$0] }, minimum: 1) ?? 0
            for (i, child) in run.enumerated() where i >= keep {
              localParent[child] = nil
              depth[child] = depth[k]
            }
            continue
          }
          // The run of candidate children right under k.
          var run: [Int] = []
          if hasBold {
            run = boldRun(k)
            if trustBold && !run.isEmpty {
              // A trusted group keeps its lines whether or not they add up, but for plain lines
              // after a first part that adds up exactly in every period: they follow the group
              // ("Dotations aux amortissements" after the last bold group, before the total).
              let exact = (1..<run.count).first { n in
                amounts[k].indices.allSatisfy { p in
                  guard let stated = amounts[k][p] else { return true }
                  return run.prefix(n).reduce(Money.zero) { $0 + (amounts[$1][p] ?? .zero) }.isClose(to: stated)
                } && amounts[k].contains { $0 != nil }
              }
              if let n = exact {
                for child in run.dropFirst(n) {
                  localParent[child] = nil
                  depth[child] = depth[k]
                }
              }
              continue
            }
          } else {
            // At most `sumReach` lines: each line starts a run, so unbounded runs made a sheet of
            // 100,000 plain lines quadratic (minutes); no plan has a parent of more sub-lines
            // that only their sum reveals.
            var j = k + 1
            while j < group.count, !isTotal[j], run.count < sumReach {
              if isDont[j] || coded[j] { break }
              guard localParent[j] == nil else { break }
              run.append(j)
              j += 1
            }
          }
          let minimum = hasBold ? 1 : 2
          guard run.count >= minimum else { continue }
          let best = bestPrefix(parent: amounts[k], run: run.map { amounts[$0] }, minimum: minimum)
          if hasBold {
            // Bold alone does not make a parent: the children must add up in some period.
            let keep = best ?? 0
            for (i, child) in run.enumerated() where i >= keep {
              localParent[child] = nil
              depth[child] = 0
            }
          } else if let keep = best {
            for child in run.prefix(keep) {
              localParent[child] = k
              depth[child] = depth[k] + 1
            }
            guessed.append(k)
            k += keep
          }
        }
      }
      for k in group.indices { if let p = localParent[k] { parent[group[k]] = group[p] } }
      // Formulas name components exactly.
      for k in group.indices {
        let i = group[k]
        guard let comps = formulaComponents(plan.lines[i], sheet: sheet, lineOfCell: lineOfCell, group: group)
        else { continue }
        components[i] = comps
        if plan.lines[i].kind == .total {
          // Lines between the formula's last line and the total, one row after another, that
          // nothing else claims: peers it left out (`=SUM(C5:C6)` over C5, C6, C7), so its
          // stated sum falls short of them.
          let lastRow = comps.map { plan.lines[$0].row }.max() ?? plan.lines[i].row
          var skipped: [Int] = []
          var j = k - 1
          var expected = plan.lines[i].row - 1
          while j >= 0, plan.lines[group[j]].row == expected, plan.lines[group[j]].row > lastRow {
            let c = group[j]
            guard !isTotal[j], !isDont[j], parent[c] == nil, !comps.contains(c),
              plan.lines[c].amounts.contains(where: { $0 != nil })
            else { break }
            skipped.append(c)
            expected -= 1
            j -= 1
          }
          if !comps.isEmpty, !skipped.isEmpty, j >= 0, plan.lines[group[j]].row == lastRow {
            components[i] = comps + skipped.reversed()
          }
          continue
        }
        for c in group where parent[c] == i && !comps.contains(c) { parent[c] = parent[i] }
        for c in comps where c != i && plan.lines[c].kind != .total { parent[c] = i }
      }
      // A total's formula that names a bold line and passes over the plain lines right under
      // it (`=C16+C17+C20` over C17 «National co-financing», C18, C19) leaves them to that line:
      // its sub-lines, whether or not they add up. Two lines at least, as for bold alone.
      var hasChildren = Set(group.compactMap { parent[$0] })
      for k in group.indices where isTotal[k] {
        guard let comps = components[group[k]], plan.lines[group[k]].kind == .total else { continue }
        let named = Set(comps)
        // Not a total the formula names: the lines under "Total PC" are another partner's.
        for (m, c) in group.enumerated() where m < k && named.contains(c) && styles[c].bold && !isDont[m] && !isTotal[m] {
          guard components[c] == nil, !hasChildren.contains(c) else { continue }
          var run: [Int] = []
          var j = m + 1
          while j < k, !named.contains(group[j]), !isTotal[j], !isDont[j], !styles[group[j]].bold,
            parent[group[j]] == nil, components[group[j]] == nil,
            !headingBetween(plan.lines[group[j - 1]].row, plan.lines[group[j]].row)
          {
            run.append(group[j])
            j += 1
          }
          // The run must end where the formula names a line again, or at the total.
          guard run.count >= 2, j == k || named.contains(group[j]) else { continue }
          for child in run { parent[child] = c }
          hasChildren.insert(c)
        }
      }
      // A parent guessed from sums alone gives way when the totals add up better without it
      // (a funder whose amount happens to equal the next two lines'), one guess at a time.
      // Each trial closes every total of the group again: past a budget (a sheet of tens of
      // thousands of lines built so that every line is a guess), the guesses stand.
      for k in guessed where guessed.count * group.count <= guessBudget {
        let p = group[k]
        let children = group.filter { parent[$0] == p }
        guard !children.isEmpty, components[p] == nil else { continue }
        let before = totalGaps(group, plan: plan, parent: parent, grand: grand, components: components)
        var flat = parent
        for c in children { flat[c] = nil }
        if totalGaps(group, plan: plan, parent: flat, grand: grand, components: components) < before { parent = flat }
      }
      if !hasIndent {
        // Lines that may head, or sit under, a parent the totals reveal: plain lines with no
        // sub-lines of their own; with bold in the group, bold heads and plain sub-lines.
        let plain = group.indices.map { k in
          !isTotal[k] && !isDont[k] && !coded[k] && components[group[k]] == nil && parent[group[k]] == nil
        }
        let parents = Set(group.compactMap { parent[$0] })
        let heads = group.indices.map { k in
          plain[k] && (!hasBold || styles[group[k]].bold) && !parents.contains(group[k])
        }
        let subs = group.indices.map { k in plain[k] && (!hasBold || !styles[group[k]].bold) }
        revealParents(
          group, plan: plan, parent: &parent, grand: grand, components: components, heads: heads, subs: subs,
          minimum: hasBold ? 1 : 2)
      }
      closeTotals(group, plan: plan, parent: parent, grand: grand, components: &components)
    }
    // Components of aggregates from parents, kinds and levels.
    // Children listed once (filtering every line for each line was quadratic: 100,000 lines took
    // 48 s).
    var childrenOf = [[Int]](repeating: [], count: n)
    for c in 0..<n { if let p = parent[c] { childrenOf[p].append(c) } }
    for i in 0..<n where components[i] == nil && plan.lines[i].kind != .total && !childrenOf[i].isEmpty {
      components[i] = childrenOf[i]
    }
    for i in 0..<n {
      var level = 0
      var p = parent[i]
      var guardCount = 0
      while let q = p, guardCount < 16 {
        level += 1
        p = parent[q]
        guardCount += 1
      }
      plan.lines[i].level = plan.lines[i].kind == .total ? 0 : level
      plan.lines[i].components = components[i] ?? []
      if plan.lines[i].kind == .item, let c = components[i], !c.isEmpty { plan.lines[i].kind = .aggregate }
    }
    // Balance pairs: grand totals of each side in order, and the 86/87 in-kind accounts.
    let chargesTotals = sideTotals(.charges, plan: plan, grand: grand)
    let produitsTotals = sideTotals(.produits, plan: plan, grand: grand)
    var pairs: [(charges: Int, produits: Int)] = zip(
      withoutInnerTotals(chargesTotals, toMatch: produitsTotals.count, plan: plan),
      withoutInnerTotals(produitsTotals, toMatch: chargesTotals.count, plan: plan)
    ).map { ($0, $1) }
    if let c86 = (0..<n).first(where: { plan.lines[$0].accountCode == "86" && plan.lines[$0].section == .charges }),
      let p87 = (0..<n).first(where: { plan.lines[$0].accountCode == "87" && plan.lines[$0].section == .produits })
    {
      pairs.append((c86, p87))
    }
    pairs.sort { plan.lines[$0.produits].row < plan.lines[$1.produits].row }
    pairs += namedPairs(plan: plan, besides: pairs)
    plan.balancePairs = pairs
    plan.resultLine = (0..<n).first { plan.lines[$0].kind == .result }
  }

  /// A side's grand totals; when its totals all name something more ("Total des dépenses du
  /// projet pilote"), the last of them that no other total adds up.
  /// Totals of the two sides that name the same part of the plan, the side words aside: "Total
  /// cash expenses" and "Total cash income", "Total in-kind (uses)" and "Total in-kind
  /// (sources)", "Total dépenses de fonctionnement" and "Total recettes de fonctionnement".
  /// Each such pair balances too (`domain.md` §4.3: each pair is checked), after the side's
  /// grand totals (`besides`), which keep their order.
  static func namedPairs(plan: Plan, besides pairs: [(charges: Int, produits: Int)]) -> [(charges: Int, produits: Int)] {
    let link: Set<Word> = [
      "de", "des", "du", "d", "la", "le", "les", "l", "of", "the", "and", "et", "total", "totaux", "sous", "sub",
      "subtotal", "soustotal", "montant", "amount",
    ]
    let paired = Set(pairs.flatMap { [$0.charges, $0.produits] })
    func part(_ i: Int) -> [Word]? {
      let line = plan.lines[i]
      guard line.kind == .total, !paired.contains(i) else { return nil }
      let words = TextFolding.words(TextFolding.fold(line.label)).filter {
        !link.contains($0) && !Wording.chargesWords.contains($0) && !Wording.produitsWords.contains($0)
      }
      // The label must name its side, and something besides.
      guard Wording.sectionMentioned(TextFolding.words(TextFolding.fold(line.label))) == line.section,
        words.contains(where: { $0.count >= 3 })
      else { return nil }
      return words
    }
    var out: [(charges: Int, produits: Int)] = []
    var used = Set<Int>()
    for c in plan.lines.indices where plan.lines[c].section == .charges {
      guard let words = part(c) else { continue }
      let matches = plan.lines.indices.filter { p in
        plan.lines[p].section == .produits && !used.contains(p) && part(p) == words
      }
      // One counterpart, or the pairing is a guess.
      guard matches.count == 1, let p = matches.first else { continue }
      out.append((c, p))
      used.insert(p)
    }
    return out
  }

  static func sideTotals(_ section: Section, plan: Plan, grand: [Bool]) -> [Int] {
    let totals = plan.lines.indices.filter { plan.lines[$0].kind == .total && plan.lines[$0].section == section }
    let grands = totals.filter { grand[$0] }
    if !grands.isEmpty { return grands }
    let inside = Set(totals.flatMap { plan.lines[$0].components })
    let outer = totals.last { !inside.contains($0) }
    return outer.map { [$0] } ?? []
  }

  /// A side's grand totals, less those that another of them adds up ("Total dépenses directes"
  /// inside "TOTAL DES DÉPENSES") while the side has more totals than the other one.
  static func withoutInnerTotals(_ totals: [Int], toMatch count: Int, plan: Plan) -> [Int] {
    guard totals.count > count else { return totals }
    // One set of what the totals add up (searching every total's components for each total was
    // cubic in the totals of a 100,000-line sheet).
    let inside = Set(totals.flatMap { plan.lines[$0].components })
    var removed = Set<Int>()
    for t in totals where totals.count - removed.count > count && inside.contains(t) { removed.insert(t) }
    return totals.filter { !removed.contains($0) }
  }

  /// Gives each total without a formula its components: a grand total adds the top lines and
  /// subtotals since the previous grand total; a subtotal the top lines since the previous total,
  /// or only the last of them when those alone add up to it ("Total subventions publiques").
  static func closeTotals(
    _ group: [Int], plan: Plan, parent: [Int?], grand: [Bool], components: inout [[Int]?]
  ) {
    var pending: [Int] = []
    for i in group {
      if plan.lines[i].kind == .total {
        if components[i] == nil {
          if grand[i] {
            components[i] = pending
          } else {
            let since = pending.lastIndex { plan.lines[$0].kind == .total }.map { $0 + 1 } ?? 0
            let candidates = Array(pending[since...])
            // A subtotal may close only the last lines ("Total subventions publiques"): when all
            // of them do not add up, the longest run of the last ones that does.
            if let k = bestPrefix(
              parent: plan.lines[i].amounts, run: candidates.reversed().map { plan.lines[$0].amounts }, minimum: 1),
              k < candidates.count, !matchesSomePeriod(plan.lines[i].amounts, candidates.map { plan.lines[$0].amounts })
            {
              let suffix = Array(candidates.suffix(k))
              components[i] = suffix
              // The first of its lines may sum the lines before it, with no total word
              // ("Charges de personnel" under the four salaries): it is their parent, in every
              // period that states it.
              let leftover = Array(candidates.prefix(candidates.count - k))
              if leftover.count >= 2, let head = suffix.first, components[head] == nil, plan.lines[head].kind == .item,
                leftover.allSatisfy({ components[$0] == nil && plan.lines[$0].kind == .item && parent[$0] == nil }),
                sumsEveryStatedPeriod(of: leftover, to: head, plan: plan)
              {
                components[head] = leftover
                pending.removeAll { leftover.contains($0) }
              }
            } else if let carried = carriedTotals(pending, since: since, total: i, plan: plan) {
              components[i] = carried
            } else {
              components[i] = candidates
            }
          }
        }
        if let memo = memoLine(components[i] ?? [], total: i, plan: plan) {
          components[i]?.removeAll { $0 == memo }
        }
        if grand[i] {
          pending = [i]
        } else {
          // What the total covers leaves the pending lines: the lines since the previous total,
          // and the earlier totals it carries forward.
          let covered = Set(components[i] ?? [])
          pending.removeAll { covered.contains($0) }
          pending.append(i)
        }
      } else if parent[i] == nil {
        pending.append(i)
      }
    }
  }

  /// Whether `lines` add up to `head` in every period where `head` states an amount (one at least).
  static func sumsEveryStatedPeriod(of lines: [Int], to head: Int, plan: Plan) -> Bool {
    var stated = 0
    for (p, amount) in plan.lines[head].amounts.enumerated() {
      guard let amount else { continue }
      stated += 1
      if !plan.sum(of: lines, period: p).isClose(to: amount) { return false }
    }
    return stated > 0
  }

  /// A memo line among a total's components, that the total leaves out: a base written for a
  /// rate ("Modified Total Direct Costs (MTDC)" between TOTAL DIRECT COSTS and the indirect
  /// costs on it). Only when the components add up in no period, their sum without that one
  /// line holds in every period stating an amount, and its label names a total or a base.
  static func memoLine(_ parts: [Int], total i: Int, plan: Plan) -> Int? {
    let stated = plan.lines[i].amounts
    guard parts.count >= 3, stated.contains(where: { ($0?.magnitude ?? .zero) > Money.tolerance }),
      !matchesSomePeriod(stated, parts.map { plan.lines[$0].amounts })
    else { return nil }
    let memos = parts.filter { k in
      plan.lines[k].kind != .total && plan.lines[k].components.isEmpty
        && Wording.namesBase(TextFolding.words(TextFolding.fold(plan.lines[k].label)))
    }
    let holding = memos.filter { k in
      let rest = parts.filter { $0 != k }
      return stated.indices.allSatisfy { p in
        guard let amount = stated[p] else { return true }
        return plan.sum(of: rest, period: p).isClose(to: amount)
      }
    }
    return holding.count == 1 ? holding[0] : nil
  }

  /// The components of a subtotal that carries earlier totals forward: "Total Direct Costs"
  /// under "Total salaries", fringe, travel…, adds the salaries' total and the lines since it.
  /// Tried only when the lines since the previous total add up in no period: the window of
  /// `pending` is extended back over one earlier total at a time (with the top lines between
  /// them), and the first window that adds up exactly in every period stating an amount wins.
  /// A total is carried only from the row right above the lines after it, never across a
  /// heading or a blank row, which start another group.
  static func carriedTotals(_ pending: [Int], since: Int, total i: Int, plan: Plan) -> [Int]? {
    let stated = plan.lines[i].amounts
    guard stated.contains(where: { ($0?.magnitude ?? .zero) > Money.tolerance }) else { return nil }
    func holds(_ parts: [Int]) -> Bool {
      for p in stated.indices {
        guard let amount = stated[p] else { continue }
        if !plan.sum(of: parts, period: p).isClose(to: amount) { return false }
      }
      return true
    }
    let candidates = Array(pending[since...])
    if candidates.isEmpty {
      // Right under other totals ("Total direct costs" under "Total WP3"): the shortest run of
      // the totals above, with what they left between them, that adds up in every period.
      var start = pending.count
      while let previous = pending[..<start].lastIndex(where: { plan.lines[$0].kind == .total }) {
        start = previous
        let window = Array(pending[start...])
        if window.count >= 2, holds(window) { return window }
      }
      return nil
    }
    if matchesSomePeriod(stated, candidates.map { plan.lines[$0].amounts }) { return nil }
    var start = since
    while start > 0 {
      // Back to the previous total, taking the lines between it and the window.
      guard let previous = pending[..<start].lastIndex(where: { plan.lines[$0].kind == .total }) else { return nil }
      // Carried only when right above what follows it: a heading or a gap between starts a group.
      guard plan.lines[pending[previous]].row + 1 == plan.lines[pending[previous + 1]].row else { return nil }
      start = previous
      let window = Array(pending[start...])
      if holds(window) { return window }
      if let memo = memoLine(window, total: i, plan: plan) { return window.filter { $0 != memo } }
    }
    return nil
  }

  /// The longest run of sub-lines the totals reveal under a line.
  static let revealReach = 12

  /// The longest run of lines that their sum alone makes the sub-lines of the line above them.
  static let sumReach = 64

  /// The most guesses × lines of a group for which each guess is tried against the totals (a
  /// plan of 500 lines with 100 guesses needs 50,000).
  static let guessBudget = 4_000_000

  /// Finds parents whose sub-lines do not add up to them (a defect, or rounding), which the sums
  /// alone missed: when a total without a formula exceeds its stated amount by exactly the
  /// amounts of a run of lines right under a line `heads` allows, in every period, and that run
  /// comes within half of the line's own amount, the run is that line's sub-lines; or when a run
  /// right above the line adds up to it exactly (a group summed below its lines, no total word). The line then
  /// reports its own `sum`, and the total adds up.
  static func revealParents(
    _ group: [Int], plan: Plan, parent: inout [Int?], grand: [Bool], components: [[Int]?], heads: [Bool],
    subs: [Bool], minimum: Int
  ) {
    var closed = components
    closeTotals(group, plan: plan, parent: parent, grand: grand, components: &closed)
    var position: [Int: Int] = [:]
    for (k, i) in group.enumerated() { position[i] = k }
    for t in group where plan.lines[t].kind == .total && components[t] == nil {
      let parts = closed[t] ?? []
      let periods = plan.lines[t].amounts.indices
      let gaps = periods.map { p -> Money? in
        guard let stated = plan.lines[t].amounts[p] else { return nil }
        return parts.reduce(Money.zero) { $0 + (plan.lines[$1].amounts[p] ?? .zero) } - stated
      }
      guard gaps.contains(where: { $0.map { $0.magnitude > Money.tolerance } ?? false }) else { continue }
      let inTotal = Set(parts)
      search: for head in parts {
        guard let k = position[head], heads[k] else { continue }
        var sums = [Money](repeating: .zero, count: periods.count)
        var run: [Int] = []
        var j = k + 1
        while j < group.count, run.count < revealReach {
          let i = group[j]
          j += 1
          if parent[i] != nil { continue }  // a sub-line of the run's last line ('dont')
          guard subs[j - 1], inTotal.contains(i) else { break }
          run.append(i)
          for p in periods { sums[p] = sums[p] + (plan.lines[i].amounts[p] ?? .zero) }
          guard run.count >= minimum, explains(sums, gaps: gaps, head: plan.lines[head].amounts) else { continue }
          for c in run { parent[c] = head }
          closeTotals(group, plan: plan, parent: parent, grand: grand, components: &closed)
          break search
        }
        // Or right above it: a line that sums the run before it exactly, with no total word
        // ("Charges de personnel" under the four salaries), two lines at least.
        sums = [Money](repeating: .zero, count: periods.count)
        run = []
        j = k - 1
        while j >= 0, run.count < revealReach {
          let i = group[j]
          j -= 1
          guard parent[i] == nil, subs[j + 1], inTotal.contains(i), components[i] == nil else { break }
          run.append(i)
          for p in periods { sums[p] = sums[p] + (plan.lines[i].amounts[p] ?? .zero) }
          guard run.count >= 2, explains(sums, gaps: gaps, head: plan.lines[head].amounts),
            zip(sums, plan.lines[head].amounts).allSatisfy({ sum, stated in stated.map { sum.isClose(to: $0) } ?? true })
          else { continue }
          for c in run { parent[c] = head }
          closeTotals(group, plan: plan, parent: parent, grand: grand, components: &closed)
          break search
        }
      }
    }
  }

  /// Whether sub-lines summing to `sums` close a total's `gaps` exactly and come within half of
  /// their head's amount, in every period that states them.
  static func explains(_ sums: [Money], gaps: [Money?], head: [Money?]) -> Bool {
    for p in sums.indices {
      guard let gap = gaps[p] else { continue }
      if (sums[p] - gap).magnitude > Money.tolerance { return false }
      if let h = head[p], h.magnitude > Money.tolerance, (h - sums[p]).magnitude * 2 > h.magnitude { return false }
    }
    return true
  }

  /// The number of periods, over the group's totals without a formula, whose stated amount is
  /// not the sum of the components `parent` gives them.
  static func totalGaps(_ group: [Int], plan: Plan, parent: [Int?], grand: [Bool], components: [[Int]?]) -> Int {
    var closed = components
    closeTotals(group, plan: plan, parent: parent, grand: grand, components: &closed)
    var gaps = 0
    for i in group where plan.lines[i].kind == .total && components[i] == nil {
      let parts = closed[i] ?? []
      for (p, stated) in plan.lines[i].amounts.enumerated() {
        guard let stated else { continue }
        let sum = parts.reduce(Money.zero) { $0 + (plan.lines[$1].amounts[p] ?? .zero) }
        if !stated.isClose(to: sum) { gaps += 1 }
      }
    }
    return gaps
  }

  /// The depth of each outlined line of a group (nil for the others): Roman numerals ("II.")
  /// above capital letters ("A.") above numbers ("1.", then "1.2" under them) above small letters
  /// ("a)"), the usual order of French and English templates, whichever of them the group uses.
  /// A lone "I." is a Roman numeral when the group has longer ones, else a letter.
  static func outlineDepths(_ outlines: [[Word]?], labels: [String]) -> [Int?] {
    let hasRoman = outlines.contains { o in (o?.first).map { $0.count > 1 && Wording.isRomanNumeral($0) } ?? false }
    func style(_ k: Int) -> Int {
      guard let b = labels[k].utf8.first else { return 2 }
      if b >= 0x41 && b <= 0x5A {
        guard let first = outlines[k]?.first, Wording.isRomanNumeral(first) else { return 1 }
        return first.count > 1 || hasRoman ? 0 : 1
      }
      if b >= 0x61 && b <= 0x7A { return 3 }
      return 2
    }
    // Per style: the fewest and most parts its outlines have.
    var parts: [(min: Int, max: Int)?] = [nil, nil, nil, nil]
    for k in outlines.indices {
      guard let count = outlines[k]?.count else { continue }
      let s = style(k)
      parts[s] = (min(parts[s]?.min ?? count, count), max(parts[s]?.max ?? count, count))
    }
    var base = [0, 0, 0, 0]
    var next = 0
    for s in 0..<4 {
      guard let range = parts[s] else { continue }
      base[s] = next
      next += range.max - range.min + 1
    }
    return outlines.indices.map { k in
      guard let count = outlines[k]?.count, let range = parts[style(k)] else { return nil }
      return base[style(k)] + count - range.min
    }
  }

  /// The lines a line's sum formula adds up, in the same group, when its first formula says.
  static func formulaComponents(
    _ line: Line, sheet: Sheet, lineOfCell: [CellReference: Int], group: [Int]
  ) -> [Int]? {
    for cell in line.cells {
      guard let formula = sheet.formulas[cell], let refs = FormulaStructure.summedCells(formula) else { continue }
      var out: [Int] = []
      for ref in refs {
        guard ref.column == cell.column, ref != cell else { return nil }
        guard let l = lineOfCell[ref] else { continue }  // an empty or unlabelled row
        if !out.contains(l) { out.append(l) }
      }
      return out.isEmpty ? nil : out
    }
    return nil
  }

  /// Whether `parts` add up to `parent` (within 1 € each) in some period where it is not zero.
  static func matchesSomePeriod(_ parent: [Money?], _ parts: [[Money?]]) -> Bool {
    for p in parent.indices {
      guard let stated = parent[p], stated.magnitude > Money.tolerance else { continue }
      let sum = parts.reduce(Money.zero) { $0 + ($1[p] ?? .zero) }
      if (stated - sum).magnitude <= Money(parts.count) { return true }
    }
    return false
  }

  /// How many of the run's first lines add up to the parent, best first: the prefix that matches
  /// in the most periods (gap ≤ 1 € per component), the exact ones first, then the longest (the
  /// lines a longer run adds hold zero).
  static func bestPrefix(parent: [Money?], run: [[Money?]], minimum: Int) -> Int? {
    var best: (k: Int, matches: Int, exact: Int)? = nil
    var sums = [Money](repeating: .zero, count: parent.count)
    for (index, amounts) in run.enumerated() {
      for p in sums.indices { if let a = amounts[p] { sums[p] = sums[p] + a } }
      let k = index + 1
      guard k >= minimum else { continue }
      var matches = 0
      var exact = 0
      for p in sums.indices {
        guard let stated = parent[p], stated.magnitude > Money.tolerance else { continue }
        let gap = (stated - sums[p]).magnitude
        if gap <= Money.tolerance { exact += 1 }
        if gap <= Money(k) { matches += 1 }
      }
      guard matches > 0 else { continue }
      // Ties go to the longer run: the lines it adds are zero or empty.
      if best == nil || matches > (best?.matches ?? 0) || (matches == best?.matches && exact >= (best?.exact ?? 0)) {
        best = (k, matches, exact)
      }
    }
    return best?.k
  }
}
