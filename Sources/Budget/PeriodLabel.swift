/// Reads what a column header says about a period: whether it names one, and how many months.
public enum PeriodLabel {
  private static let monthNames: [(String, Int)] = [
    ("janvier", 1), ("january", 1), ("janv", 1), ("jan", 1),
    ("fevrier", 2), ("february", 2), ("fevr", 2), ("fev", 2), ("feb", 2),
    ("mars", 3), ("march", 3), ("mar", 3),
    ("avril", 4), ("april", 4), ("avr", 4), ("apr", 4),
    ("mai", 5), ("may", 5),
    ("juin", 6), ("june", 6), ("jun", 6),
    ("juillet", 7), ("july", 7), ("juil", 7), ("jul", 7),
    ("aout", 8), ("august", 8), ("aug", 8),
    ("septembre", 9), ("september", 9), ("sept", 9), ("sep", 9),
    ("octobre", 10), ("october", 10), ("oct", 10),
    ("novembre", 11), ("november", 11), ("nov", 11),
    ("decembre", 12), ("december", 12), ("dec", 12),
  ]

  /// The month a word names (`avr`, `April`, `décembre`), or nil.
  static func month(_ word: Word) -> Int? {
    monthNames.first { $0.0 == word }?.1
  }

  private static func isYear(_ w: Word) -> Bool {
    guard w.count == 4, let y = Int(w) else { return false }
    return y >= 1990 && y <= 2100
  }

  /// A fiscal year written in one word: "FY2025", "FY25".
  private static func isFiscalYear(_ w: Word) -> Bool {
    guard w.hasPrefix("fy") else { return false }
    let digits = w.dropFirst(2)
    return (digits.count == 2 || digits.count == 4) && digits.allSatisfy(\.isNumber)
      && (digits.count == 2 || isYear(Word(digits)))
  }

  /// True when a header names a period: a year, a month range, "Année 1", "Year 2", "Exercice".
  public static func isPeriod(_ header: String) -> Bool {
    let folded = TextFolding.fold(header)
    return isPeriod(folded: folded, words: TextFolding.words(folded))
  }

  static func isPeriod(folded: String, words: [Word]) -> Bool {
    if words.contains(where: { $0 == "total" || $0 == "totaux" || $0 == "cumul" || $0 == "cumule" }) { return false }
    if words.contains(where: { isYear($0) || isFiscalYear($0) }) || isRelativeYear(folded) || partOfYearMonths(words) != nil { return true }
    for (i, w) in words.enumerated() where i + 1 < words.count {
      if periodWords.contains(where: { $0 == w }),
        Int(words[i + 1]) != nil
      {
        return true
      }
      if let n = Int(w), n < 10, ordinalYearWords.contains(where: { $0 == words[i + 1] }) { return true }
    }
    return explicitMonths(words) != nil
  }

  /// Words that name a numbered period before its number: "Année 1", "Tranche 2".
  private static let periodWords = [
    "annee", "year", "an", "exercice", "periode", "period", "phase", "tranche", "semestre", "semester",
    // School and seasonal periods: "Term 1", "Saison 2", "Season 3".
    "term", "saison", "season",
  ]
  /// Words that name a year before its number: "Année 1", "Exercice 2".
  private static let yearWords = ["annee", "year", "an", "exercice"]
  /// Words after an ordinal that make it a year: "1ère année", "2e year".
  private static let ordinalYearWords = ["annee", "ere", "e", "eme", "year"]
  /// Words after a count that make it months: "6 mois".
  private static let monthWords = ["mois", "month", "months", "m"]

  /// The number of months a period header covers, or nil when it does not say.
  ///
  /// "05 à 12/2022" → 8, "01/2023 à 06/2024" → 18, "2024" → 12, "Année 1" → 12,
  /// "Year 1 (M1-M12)" → 12, "2025 (6 mois)" → 6, "Apr–Dec 2024" → 9.
  public static func months(_ header: String) -> Int? {
    let folded = TextFolding.fold(header)
    return months(folded: folded, words: TextFolding.words(folded))
  }

  static func months(folded: String, words: [Word]) -> Int? {
    if let m = explicitMonths(words) { return m }
    if let m = partOfYearMonths(words) { return m }
    if words.contains(where: { isYear($0) || isFiscalYear($0) }) || isRelativeYear(folded) { return 12 }
    for (i, w) in words.enumerated() where i + 1 < words.count {
      if yearWords.contains(where: { $0 == w }), Int(words[i + 1]) != nil { return 12 }
      if let n = Int(w), n < 10, ordinalYearWords.contains(where: { $0 == words[i + 1] }) { return 12 }
    }
    return nil
  }

  /// Half years and quarters: "S1 2025", "H2", "2e semestre", "Semester 1" → 6; "T3 2024",
  /// "Q4", "1er trimestre", "Quarter 2" → 3; nil for anything else.
  static func partOfYearMonths(_ words: [Word]) -> Int? {
    for (i, w) in words.enumerated() {
      if let m = partCodes[w] { return m }
      guard let m = partWords[w] else { continue }
      // A number next to the word: "Semestre 1", "2e semestre", "1er trimestre".
      let next = i + 1 < words.count ? words[i + 1] : ""
      let before = i > 0 ? words[i - 1] : ""
      let beforeOrdinal = i > 1 ? words[i - 2] : ""
      if Int(next) != nil || Int(before) != nil || ordinalMarks.contains(before) && Int(beforeOrdinal) != nil
        || ordinalNumber(before)
      {
        return m
      }
    }
    return nil
  }

  /// Whether a word is an ordinal written as one word: "1er", "2e", "2eme", "1st", "2nd", "first".
  private static func ordinalNumber(_ w: Word) -> Bool {
    if ordinalWords.contains(w) { return true }
    let digits = w.prefix { $0.isASCII && $0.isNumber }
    guard !digits.isEmpty, digits.count < w.count else { return false }
    return ordinalMarks.contains(String(w.dropFirst(digits.count)))
  }

  /// "S1", "T3", "Q4", "H2": half years and quarters by their code.
  private static let partCodes: [Word: Int] = [
    "s1": 6, "s2": 6, "h1": 6, "h2": 6, "t1": 3, "t2": 3, "t3": 3, "t4": 3, "q1": 3, "q2": 3, "q3": 3, "q4": 3,
  ]
  /// Words naming a half year or a quarter, and its months.
  private static let partWords: [Word: Int] = [
    "semestre": 6, "semester": 6, "half": 6, "trimestre": 3, "quarter": 3,
  ]
  /// Suffixes and words that make a number an ordinal.
  private static let ordinalMarks: Set<Word> = ["er", "ere", "e", "eme", "nd", "st", "rd", "th"]
  private static let ordinalWords: Set<Word> = ["first", "second", "third", "fourth", "premier", "deuxieme"]

  /// "N", "N+1", "Année N-1", "Exercice N": a year counted from the current one.
  static func isRelativeYear(_ folded: String) -> Bool {
    // A standalone "n", maybe followed by "+1" / "- 1": "Année N", "Montant N+1 (€)", "N-1".
    let u = Array(folded.utf8)
    for (i, b) in u.enumerated() where b == UInt8(ascii: "n") {
      let before = i == 0 ? UInt8(ascii: " ") : u[i - 1]
      let after = i + 1 < u.count ? u[i + 1] : UInt8(ascii: " ")
      let isBoundary: (UInt8) -> Bool = { !(($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39)) }
      guard isBoundary(before), isBoundary(after) || after == UInt8(ascii: "+") || after == UInt8(ascii: "-") else {
        continue
      }
      // Not a word like "n°" (number sign) or "n." (abbreviation).
      if after == 0xC2 || after == UInt8(ascii: ".") { continue }
      return true
    }
    return false
  }

  /// Explicit month counts and ranges, from the words of folded text.
  static func explicitMonths(_ words: [Word]) -> Int? {
    // "(6 mois)", "6 months"
    for (i, w) in words.enumerated() where i + 1 < words.count {
      if let n = Int(w), n > 0, n <= 120, monthWords.contains(where: { $0 == words[i + 1] }) {
        if words[i + 1] == "m" { continue }
        return n
      }
    }
    // "M1-M12"
    var mIndices: [Int] = []
    for w in words where w.count >= 2 && w.first == "m" {
      if let n = Int(w.dropFirst()) { mIndices.append(n) }
    }
    if mIndices.count == 2, mIndices[1] >= mIndices[0] { return mIndices[1] - mIndices[0] + 1 }
    // Tokens with positions: numbers and month names in order.
    var points: [(month: Int, year: Int?)] = []
    var pendingMonth: Int? = nil
    var numbers: [Int] = []
    for w in words {
      if let m = month(w) {
        if let p = pendingMonth { points.append((p, nil)) }
        pendingMonth = m
      } else if isYear(w), let y = Int(w) {
        if let p = pendingMonth {
          points.append((p, y))
          pendingMonth = nil
        } else if let n = numbers.last, n >= 1, n <= 12 {
          numbers.removeLast()
          points.append((n, y))
        } else {
          numbers.append(y)
        }
      } else if let n = Int(w), w.count <= 2 {
        if let p = pendingMonth {
          points.append((p, nil))
          pendingMonth = nil
        }
        numbers.append(n)
      }
    }
    if let p = pendingMonth { points.append((p, nil)) }
    // One month: "Jan", "janv. 2026", "01/2026" (a monthly schedule's column).
    if points.count == 1, numbers.isEmpty, words.count <= 2,
      words.allSatisfy({ month($0) != nil || isYear($0) || (Int($0) != nil && $0.count <= 2) })
    {
      return 1
    }
    // "05 à 12/2022": a bare month number then month/year.
    if points.count == 1, let n = numbers.first, n >= 1, n <= 12, let y = points[0].year {
      let start = n
      let end = points[0].month
      if end >= start { return end - start + 1 }
      _ = y
    }
    if points.count == 2 {
      let a = points[0]
      let b = points[1]
      let ya = a.year ?? b.year ?? 0
      let yb = b.year ?? ya
      let span = (yb - ya) * 12 + b.month - a.month + 1
      if span > 0 && span <= 120 { return span }
      if a.year == nil && b.month < a.month { return b.month + 12 - a.month + 1 }
    }
    return nil
  }
}
