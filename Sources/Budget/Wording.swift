import Workbook

/// The words that mark sections, totals, results and sub-lines, in French and English, folded
/// (lower case, no accents).
enum Wording {
  static let chargesWords: Set<Word> = [
    "charges", "charge", "depenses", "depense", "costs", "cost", "expenditure", "expenditures", "expenses",
    "expense", "emplois", "couts", "cout", "spending", "uses", "revient",
    // German and Spanish plans: Ausgaben, Kosten; gastos, costes.
    "ausgaben", "kosten", "aufwendungen", "gastos", "costes", "egresos",
    // Italian: uscite, spese, costi.
    "uscite", "spese", "costi",
  ]
  static let produitsWords: Set<Word> = [
    "produits", "produit", "ressources", "ressource", "recettes", "recette", "income", "incomes", "revenue",
    "revenues", "resources", "financement", "financements", "funding", "receipts", "financing", "sources", "finance",
    "einnahmen", "ertrage", "ertraege", "finanzierung", "entrate", "ricavi",
  ]
  /// Words that may qualify a section heading without making it a line ("Estimated costs").
  static let headingQualifiers: Set<Word> = [
    "estimated", "forecast", "budget", "budgets", "previsionnel", "previsionnelle", "previsionnels",
    "previsionnelles", "de", "des", "du", "la", "le", "l", "les", "the", "of", "total", "eur", "en", "in",
    "euros", "euro", "planned", "prevues", "prevus", "projet", "project", "action", "operation", "l'action",
    "plan", "eligibles", "eligible", "annuel", "annuelles", "annuels", "and",
  ]
  static let remarkWords: Set<Word> = [
    "remarques", "remarque", "commentaires", "commentaire", "observations", "observation", "notes", "note",
    "remarks", "remark", "comments", "comment", "justification", "justifications", "precisions", "explications",
    "details", "detail", "explanation", "explanations", "calcul", "hypotheses", "base", "description",
  ]
  static let amountHeaderWords: Set<Word> = [
    "montant", "montants", "amount", "amounts", "budget", "eur", "euros", "prevu", "previsionnel",
    "valeur", "value", "sollicite", "demande", "requested",
    // What was spent beside what was planned: its sums hold as the plan's do.
    "actual", "actuals", "realise", "realisee", "realises", "reel", "reelle", "reels",
  ]
  static let resultWords: Set<Word> = [
    "resultat", "resultats", "solde", "balance", "excedent", "deficit", "result", "ecart", "difference",
    "surplus", "benefice", "perte", "ergebnis", "saldo", "resultado",
  ]
  /// Words that may open a result line before its result word: "Net result", "Solde final".
  static let resultQualifiers: Set<Word> = ["net", "final"]
  /// Words after a result word that make it a balancing resource: "Solde à financer".
  static let balancingWords: Set<Word> = [
    "financer", "funded", "fund", "charge", "reporter", "propres", "autofinancement", "own",
  ]
  static let grandTotalWords: Set<Word> = chargesWords.union(produitsWords).union([
    "general", "generale", "grand", "budget", "projet", "project", "operation", "action", "overall",
  ])

  /// The section a heading names, when every word of it is a section word or a qualifier
  /// ("CHARGES", "Estimated income", "Budget des dépenses").
  static func sectionHeading(_ folded: String) -> Section? {
    let words = TextFolding.words(folded)
    // "Plan de financement" names the whole plan, not its resources.
    guard !words.isEmpty, words.count <= 6, !words.contains("plan") else { return nil }
    var section: Section? = nil
    for (i, w) in words.enumerated() {
      if namesStaff(words, at: i) { return nil }
      if chargesWords.contains(w) {
        if section == .produits { return nil }
        section = .charges
      } else if produitsWords.contains(w) {
        if section == .charges { return nil }
        section = .produits
      } else if !headingQualifiers.contains(w) && Int(w) == nil {
        return nil
      }
    }
    return section
  }

  /// Whether the word at `i` is the resources of "ressources humaines", "human resources".
  static func namesStaff(_ words: [Word], at i: Int) -> Bool {
    let w = words[i]
    if w == "ressources" || w == "ressource" { return i + 1 < words.count && words[i + 1].hasPrefix("humain") }
    if w == "resources" { return i > 0 && words[i - 1] == "human" }
    return false
  }

  /// The section words mention, anywhere ("TOTAL DES CHARGES", "Total (produits + 87)").
  /// "Ressources humaines", "Human resources" are staff, not income.
  static func sectionMentioned(_ words: [Word]) -> Section? {
    var found: Section? = nil
    for (i, w) in words.enumerated() where !namesStaff(words, at: i) {
      if chargesWords.contains(w) { if found == .produits { return nil }; found = .charges }
      if produitsWords.contains(w) { if found == .charges { return nil }; found = .produits }
    }
    return found
  }

  /// Whether a label starts a total: "TOTAL …", "Sous-total …", "Subtotal", "Grand total", "Montant total".
  /// Words about the amounts or the whole, which leave a total grand: "TOTAL CHARGES TTC",
  /// "Total expenses for the period", "Total global", "Total des charges de l'association".
  static let grandQualifiers: Set<Word> = [
    "ttc", "ht", "tva", "vat", "net", "nets", "brut", "bruts", "euro", "for", "pour", "year", "annee", "period",
    "periode", "exercice", "all", "tous", "toutes", "global", "globale", "globales", "globaux", "cumul", "cumule",
    "association", "structure", "organisme", "organisation", "organization", "programme", "program",
  ]

  /// A line's number typed as text: "1", "12", "1.1", "2.10", "3.", "1.2.3" — groups of one to
  /// three digits joined by single points, with no sign, space, currency or comma.
  /// Account codes ("60", "604") are no line numbers: they are left to the code column. The
  /// number trimmed, or nil.
  static func lineNumber(_ text: String) -> String? {
    let t = text.trimmingSpaces()
    guard !t.isEmpty, t.utf8.count <= 12, accountCode(inCell: .text(t)) == nil else { return nil }
    var groupLength = 0
    for byte in t.utf8 {
      if byte >= 0x30 && byte <= 0x39 {
        groupLength += 1
        if groupLength > 3 { return nil }
      } else if byte == UInt8(ascii: ".") {
        if groupLength == 0 { return nil }
        groupLength = 0
      } else {
        return nil
      }
    }
    return t
  }

  /// The account code a cell of a code column holds: a whole number or a text of two to four
  /// digits beginning with 6, 7 or 8 ("60", 6226, "741"), nil for anything else.
  static func accountCode(inCell value: CellValue?) -> String? {
    let text: String
    switch value {
    case .number(let v, _)? where v == v.rounded() && v >= 60 && v < 9000: text = String(Int(v))
    case .text(let t)?: text = t.trimmingSpaces()
    default: return nil
    }
    guard text.utf8.count >= 2, text.utf8.count <= 4, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
      let first = text.first, "678".contains(first)
    else { return nil }
    return text
  }

  /// Whether a line's words name a total or a base inside them, as a memo line does: "Modified
  /// Total Direct Costs (MTDC)", "Base de calcul des frais indirects", "Assiette".
  static func namesBase(_ words: [Word]) -> Bool {
    words.contains { ["total", "totaux", "base", "assiette", "mtdc", "tdc", "subtotal"].contains($0) }
  }

  /// Whether a label names what a client pays, tax included: "Net à payer", "Total due",
  /// "Amount due", "Total à payer".
  static func namesPayable(_ label: String) -> Bool {
    let words = TextFolding.words(TextFolding.fold(label))
    guard words.count <= 5 else { return false }
    return zip(words, words.dropFirst()).contains { $0 == ("a", "payer") || $0.1 == "due" && ["total", "amount", "balance"].contains($0.0) }
  }

  /// Words that open an after-tax total when "TTC" or "à payer" follows: "Net à payer TTC",
  /// "Montant TTC", "Prix TTC", "Amount due".
  static let afterTaxOpeners: Set<Word> = ["net", "montant", "prix", "somme", "reste", "amount"]

  /// Words before "total" that make a grand total: "Grand total", "Coût total".
  static let grandTotalPrefixes: Set<Word> = ["grand", "montant", "overall", "cout", "couts", "budget"]

  static func totalKind(_ words: [Word]) -> (isTotal: Bool, isGrand: Bool) {
    guard let first = words.first else { return (false, false) }
    // An outline letter or number before the total's word: "J. Total Direct and Indirect Costs",
    // "3 - Sous-total".
    if words.count >= 2, (first.count == 1 && first != "s") || Int(first) != nil || isRomanNumeral(first),
      ["total", "subtotal", "soustotal", "sous", "sub", "grand"].contains(words[1])
    {
      return totalKind(Array(words.dropFirst()))
    }
    var rest = words.dropFirst()
    if first == "total" || first == "totaux" || first == "summe" || first == "gesamt" || first == "insgesamt"
      || first == "gesamtsumme" || first == "totale"
    {
      // fallthrough below
    } else if first == "sous" || first == "sub" || first == "s", rest.first == "total" {
      return (true, false)
    } else if first == "subtotal" || first == "soustotal" || first == "zwischensumme" {
      return (true, false)
    } else if grandTotalPrefixes.contains(first), rest.first == "total" {
      rest = rest.dropFirst()
      return (true, true)
    } else if first == "net", words.count <= 4,
      rest.first.map({ ["after", "apres", "a", "de", "of", "total"].contains($0) }) == true,
      !words.contains(where: { resultWords.contains($0) })
    {
      // "Net after discount", "Net après remise", "Net à payer": a running total of a quote.
      return (true, words.contains("payer") || words.contains("ttc"))
    } else if afterTaxOpeners.contains(first), words.count <= 5,
      words.contains("ttc") || zip(words, words.dropFirst()).contains(where: { $0 == ("a", "payer") || $0 == ("amount", "due") })
        || (first == "amount" && words.dropFirst().first == "due")
    {
      // What the client pays: "Net à payer TTC", "Montant TTC", "Amount due".
      return (true, true)
    } else {
      return (false, false)
    }
    let meaningful = rest.filter { !headingQualifiers.contains($0) || grandTotalWords.contains($0) }
    // "TOTAL DES CHARGES", "Total général", "Total (A+B+C+D)", "TOTAL 2024": section and grand
    // words, outline letters and numbers only. One more word makes it part of a section: "Total
    // dépenses de personnel", "Total financements publics".
    let grand = meaningful.allSatisfy {
      grandTotalWords.contains($0) || $0.count == 1 || Int($0) != nil || isRomanNumeral($0) || grandQualifiers.contains($0)
    }
    return (true, grand)
  }

  /// Whether the label is a result line ("RESULTATS", "Solde", "Balance (income minus costs)"),
  /// not a balancing resource ("Solde à financer", "Balance to be funded").
  static func isResult(_ words: [Word]) -> Bool {
    guard var first = words.first else { return false }
    if resultQualifiers.contains(first), words.count > 1 { first = words[1] }
    guard resultWords.contains(first) else { return false }
    return !words.contains { balancingWords.contains($0) }
  }

  /// The outline number a label starts with: "1.2 Salaires" → ["1", "2"], "C.1 Travel" → ["c", "1"],
  /// "A. Personnel" → ["a"], "2) Fonctionnement" → ["2"]; nil for "1 ordinateur" or "2024".
  static func outline(_ folded: String) -> [Word]? {
    let u = Array(folded.utf8)
    func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
    func isLetter(_ b: UInt8) -> Bool { b >= 0x61 && b <= 0x7A }
    func isRoman(_ b: UInt8) -> Bool { b == UInt8(ascii: "i") || b == UInt8(ascii: "v") || b == UInt8(ascii: "x") }
    var parts: [Range<Int>] = []
    var i = 0
    while true {
      let start = i
      if parts.isEmpty, i < u.count, isLetter(u[i]) {
        // One letter ("A."), or a Roman numeral ("II.", "iv)").
        i += 1
        while i < u.count, i - start < 4, isRoman(u[i]), isRoman(u[start]) { i += 1 }
        if i - start > 1, i < u.count, isLetter(u[i]) { return nil }
      } else {
        while i < u.count, isDigit(u[i]), i - start < 2 { i += 1 }
      }
      guard i > start, i < u.count, !isDigit(u[i]), !isLetter(u[i]) else { return nil }
      parts.append(start..<i)
      if u[i] == UInt8(ascii: "."), i + 1 < u.count, isDigit(u[i + 1]) {
        i += 1
        continue
      }
      break
    }
    // The end of the outline: "." or ")" then a space, or a space after a dotted number.
    var end = i
    if u[end] == UInt8(ascii: ".") || u[end] == UInt8(ascii: ")") {
      end += 1
    } else if parts.count == 1 {
      return nil
    }
    guard end < u.count, u[end] == 0x20 else { return nil }
    return parts.map { r in String(decoding: u[r], as: UTF8.self) }
  }


  /// Whether a folded word is a Roman numeral of up to four letters ("ii", "iv", "xii").
  static func isRomanNumeral(_ word: Word) -> Bool {
    !word.isEmpty && word.utf8.count <= 4
      && word.utf8.allSatisfy { $0 == UInt8(ascii: "i") || $0 == UInt8(ascii: "v") || $0 == UInt8(ascii: "x") }
  }

  /// Whether a folded label opens with a bullet ("- Salaires", "• Loyer", "> Région"): a sub-line
  /// of the line above, like 'dont'.
  static func isBullet(_ folded: String) -> Bool {
    guard let first = folded.unicodeScalars.first else { return false }
    return bulletMarks.contains(first)
  }
  /// The marks that open a bulleted label (dashes are folded to "-").
  static let bulletMarks: Set<Unicode.Scalar> = ["-", "\u{2022}", "\u{00B7}", "\u{25AA}", "\u{25E6}", "\u{2192}", ">", "\u{25BA}"]

  /// Whether the label is a sub-line marker: "dont …", "of which …", "including …".
  static func isDont(_ words: [Word]) -> Bool {
    guard let first = words.first else { return false }
    if first == "dont" || first == "including" || first == "incl" || first == "whereof" { return true }
    return first == "of" && words.count > 1 && words[1] == "which"
  }

  /// The account code a label starts with ("60 – Achats" → "60", "604 Achats" → "604"):
  /// 2 to 4 digits of class 6, 7 or 8 followed by a separator.
  static func accountCode(_ folded: String) -> String? {
    let u = folded.utf8
    var digits = 0
    var index = u.startIndex
    while index != u.endIndex, u[index] >= 0x30, u[index] <= 0x39 {
      digits += 1
      index = u.index(after: index)
    }
    guard digits >= 2, digits <= 4, let first = u.first, first >= 0x36, first <= 0x38, index != u.endIndex else {
      return nil
    }
    let next = u[index]
    guard next == 0x20 || next == UInt8(ascii: "-") || next == UInt8(ascii: ":") || next == UInt8(ascii: ".")
      || next == UInt8(ascii: ")") || next == UInt8(ascii: "/")
    else { return nil }
    // "60 %" is a rate, not an account.
    var after = index
    while after != u.endIndex, u[after] == 0x20 { after = u.index(after: after) }
    if after != u.endIndex, u[after] == UInt8(ascii: "%") { return nil }
    return String(folded[..<index])
  }

}
