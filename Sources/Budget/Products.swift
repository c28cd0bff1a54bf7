import Workbook

/// Quantity × unit price where no formula says it: which two columns of a sheet a column of
/// line amounts is the product of (`docs/understanding.md`, "Products").
///
/// A pair of columns is taken when their products hold on enough of the rows that have all three
/// cells: half of them (one at least) when the headers above name a quantity and a unit
/// price, three in four (and at least three) when nothing names them. One column of amounts has
/// at most one pair, the one whose products hold most often.
enum ProductColumns {
  /// Words of a quantity header: "Quantité", "Qté", "Nb jours", "Units", "Hours".
  static let quantityWords: Set<Word> = [
    "quantite", "quantites", "qte", "qtes", "qty", "quantity", "quantities", "nombre", "nb", "nbre", "number",
    "units", "unites", "jours", "days", "heures", "hours", "effectif", "volume",
  ]
  /// Words of a unit price header: "Prix unitaire", "PU", "Coût unitaire", "Unit cost", "TJM".
  static let unitPriceWords: Set<Word> = [
    "unitaire", "unitaires", "unit", "pu", "prix", "price", "tarif", "tjm", "rate", "taux", "cost",
  ]

  /// Whether a header names a count and no money: "Quantité", "Nb jours", "Hours"; not
  /// "Montant", "Coût unitaire", "Prix" or "€".
  static func namesCount(_ header: String) -> Bool {
    let folded = TextFolding.fold(header)
    let words = TextFolding.words(folded)
    guard words.contains(where: { quantityWords.contains($0) }), !folded.contains("€") else { return false }
    return !words.contains { Wording.amountHeaderWords.contains($0) || unitPriceWords.contains($0) || $0 == "total" }
  }

  /// The relations of `plan`'s item lines. `value` gives a cell's amount; `header` the text
  /// over a column above a row; `known` the amount cells a formula already explains.
  static func relations(
    _ plan: Plan, sheet: Sheet, value: (Cell) -> Money?, header: (Int32, Int32) -> String?,
    known: Set<CellReference> = []
  ) -> [ProductRelation] {
    var amountColumns = Set<Int32>()
    for line in plan.lines {
      for c in line.cells { amountColumns.insert(c.column) }
      if let t = line.totalCell { amountColumns.insert(t.column) }
    }
    // Candidate factor columns: numbers on the lines' rows, outside the plan's amount columns,
    // read once.
    var factorColumns = Set<Int32>()
    var numbers: [CellReference: Money] = [:]
    let lineRows = Set(plan.lines.map(\.row))
    for cell in sheet.cells where lineRows.contains(cell.reference.row) && !amountColumns.contains(cell.reference.column) {
      if let v = value(cell) {
        factorColumns.insert(cell.reference.column)
        numbers[cell.reference] = v
      }
    }
    guard factorColumns.count >= 2 else { return [] }
    // Cells a formula already explains are not checked here, but they witness the columns: a
    // column of `=C9*D9` over one typed amount makes C and D its factors.
    var byColumn: [Int32: [(line: Int, period: Int, cell: CellReference, amount: Money, known: Bool)]] = [:]
    for (i, line) in plan.lines.enumerated() where line.kind == .item {
      for (p, c) in line.cells.enumerated() {
        guard p < line.amounts.count, let amount = line.amounts[p] else { continue }
        byColumn[c.column, default: []].append((i, p, c, amount, known.contains(c)))
      }
    }
    var out: [ProductRelation] = []
    for (column, cells) in byColumn.sorted(by: { $0.key < $1.key })
    where cells.count >= 2 && cells.contains(where: { !$0.known && sheet.formulas[$0.cell] == nil }) {
      let candidates = factorColumns.filter { abs($0 - column) <= 8 }.sorted()
      guard candidates.count >= 2, let top = cells.map(\.cell.row).min() else { continue }
      func names(_ c: Int32, _ words: Set<Word>) -> Bool {
        guard let h = header(c, top) else { return false }
        return TextFolding.words(TextFolding.fold(h)).contains { words.contains($0) }
      }
      var best: (Int32, Int32, rank: Int)? = nil
      for a in 0..<candidates.count {
        for b in (a + 1)..<candidates.count {
          let (x, y) = (candidates[a], candidates[b])
          var rows = 0
          var holds = 0
          var witnessed = 0
          for (_, _, c, amount, known) in cells {
            // Another formula (`=F29*E29*2`) says neither way.
            guard known || sheet.formulas[c] == nil else { continue }
            guard let u = numbers[CellReference(row: c.row, column: x)], let v = numbers[CellReference(row: c.row, column: y)]
            else { continue }
            rows += 1
            if (amount - u * v.value).magnitude <= Money.tolerance {
              holds += 1
              if known { witnessed += 1 }
            }
          }
          // A product formula over the two columns names them as well as their headers would.
          let named =
            (names(x, quantityWords) && names(y, unitPriceWords)) || (names(y, quantityWords) && names(x, unitPriceWords))
            || witnessed > 0
          let enough = named ? holds >= 1 && holds * 2 >= rows : holds >= 3 && holds * 4 >= rows * 3
          guard enough else { continue }
          // Named columns first, then the pair that holds most often.
          let rank = (named ? 1_000_000 : 0) + holds
          if rank > (best?.rank ?? -1) { best = (x, y, rank) }
        }
      }
      guard let (qa, qb, _) = best else { continue }
      // A formula says what its cell computes (`=F29*E29*2`): only typed amounts are checked.
      for (i, p, c, _, known) in cells where !known && sheet.formulas[c] == nil {
        let x = CellReference(row: c.row, column: qa)
        let y = CellReference(row: c.row, column: qb)
        guard let a = numbers[x], let b = numbers[y] else { continue }
        out.append(ProductRelation(line: i, period: p, factors: (a, b), factorCells: (x, y), stated: false))
      }
    }
    return out
  }
}

extension ProductColumns {
  /// A cell's amount for the factor search: a number (not a date) or an amount typed as text.
  static func cellAmount(_ sheet: Sheet, _ ref: CellReference) -> Money? {
    sheet.cell(at: ref).flatMap(amount)
  }

  /// A cell's number, not a date: what a layout reading takes as a factor.
  static func number(_ cell: Cell) -> Money? {
    guard case .number(let v, let kind)? = cell.value, kind != .date && kind != .dateTime && kind != .time else { return nil }
    return Money(storedNumber: v)
  }

  /// A cell's amount: a number (not a date) or an amount typed as text.
  static func amount(_ cell: Cell) -> Money? {
    switch cell.value {
    case .number(let v, let kind)? where kind != .date && kind != .dateTime && kind != .time:
      return Money(storedNumber: v)
    case .text(let t)?:
      if case .amount(let m) = Money.parse(t) { return m }
      return nil
    default:
      return nil
    }
  }

  /// Whether a text may be an amount, before it is parsed: it starts with a digit, a sign, a
  /// currency or a bracket, and has no more letters than a currency's name ("1 200 euros"), so
  /// that "60 - Achats" is not parsed.
  static func mayBeAmount(_ text: String) -> Bool {
    var started = false
    var letters = 0
    for u in text.unicodeScalars {
      if !started {
        if u == " " || u == "\u{A0}" || u == "\u{202F}" || u == "\t" { continue }
        guard ("0"..."9").contains(u) || "+-−(€$£.,".unicodeScalars.contains(u) else { return false }
        started = true
      } else if u.properties.isAlphabetic {
        letters += 1
        if letters > 5 { return false }
      }
    }
    return started
  }

  /// The nearest text over `column` in the eight rows above `row`.
  static func headerText(_ sheet: Sheet, column: Int32, above row: Int32) -> String? {
    var r = row - 1
    while r >= max(0, row - 8) {
      if case .text(let t)? = sheet.cell(at: CellReference(row: r, column: column))?.value { return t }
      r -= 1
    }
    return nil
  }
}
