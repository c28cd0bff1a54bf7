import FoundationEssentials

/// Unit rates stated in remarks: "2 950 € / mois en 2022, 3 000 € / mois en 2023",
/// "EUR 2,100 per month in year 1", "1 900 € / mois", and pro-rata bases "Base de 15 000 € sur
/// budget 14 mois". Conditional illustrations ("268 € / mois si 4 SIAE") are left alone.
enum UnitRates {
  /// A rate: `amount / per` a month.
  struct Rate {
    var amount: Money
    var per: Decimal
    /// Months the remark states itself ("pendant 6 mois"), which win over the period's.
    var months: Int? = nil
  }

  /// A number in the text and where it lies (in folded characters).
  struct NumberToken {
    var text: String
    var start: Int
    var end: Int
  }

  static let markers = [
    "/ mois", "/mois", "par mois", "per month", "/ month", "/month", "a month", "mensuels", "mensuel", "monthly",
    "/ an", "/an", "par an", "per year", "/ year", "/year", "a year", "annuels", "annuel", "yearly", "per annum",
  ]
  /// The markers of a yearly rate, a twelfth of it a month ("36 000 € / an", "EUR 30,000 per year").
  static let yearlyMarkers: Set<String> = [
    "/ an", "/an", "par an", "per year", "/ year", "/year", "a year", "annuels", "annuel", "yearly", "per annum",
  ]
  /// Words before a rate that make it a rate per head or per share of a post.
  static let headcountWords: Set<Word> = [
    "postes", "poste", "personnes", "agents", "salaries", "etp", "fte", "persons", "people", "posts", "positions",
  ]
  /// Words that multiply a rate by a stated count of months: "2 500 € x 12 mois".
  static let times: Set<Word> = ["x", "fois", "times"]
  static let between: Set<Word> = ["eur", "euros", "euro", "ht", "ttc", "brut", "bruts", "net", "nets", "charge", "charges"]

  /// Every rate names a month or a year: text with none of these states no rate. This
  /// keeps the character-by-character scan below off the labels and remarks of ordinary lines.
  static let timeWords: [[UInt8]] = [
    "mois", "month", "mensuel", "year", "annuel", "annum", "/", "par an", "par\u{A0}an", "par\u{202F}an",
  ].map { Array($0.utf8) }
  /// The first characters of the markers, to skip the positions where none can start.
  static let markerStarts: Set<Character> = Set(markers.compactMap(\.first))

  /// The bytes a time word starts with, lower-cased: most bytes of a label start none.
  static let timeWordStarts: [Bool] = (0..<256).map { b in timeWords.contains { $0[0] == UInt8(b) } }

  /// Whether text mentions a month or a year at all: one of ``timeWords``, ASCII case ignored.
  static func mentionsTime(_ text: String) -> Bool {
    let starts = timeWordStarts
    func search(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
      for i in bytes.indices where starts[Int(bytes[i] | 0x20)] {
        let first = bytes[i] | 0x20
        for word in timeWords where word[0] == first && i + word.count <= bytes.count {
          var k = 1
          while k < word.count, bytes[i + k] | (word[k] >= 0x61 && word[k] <= 0x7A ? 0x20 : 0) == word[k] { k += 1 }
          if k == word.count { return true }
        }
      }
      return false
    }
    return text.utf8.withContiguousStorageIfAvailable(search) ?? Array(text.utf8).withUnsafeBufferPointer(search)
  }

  /// The rate that applies to each period index.
  static func parse(_ remark: String, periods: [Period], style: NumberStyle) -> [Int: Rate] {
    guard remark.utf8.contains(where: { $0 >= 0x30 && $0 <= 0x39 }), mentionsTime(remark) else { return [:] }
    let chars = Array(TextFolding.fold(remark))
    let tokens = numbers(chars)
    var keyed: [Int: Rate] = [:]
    var unkeyed: [Rate] = []
    // Monthly rates: a number, currency words, then a per-month marker.
    var found: [(token: NumberToken, markerEnd: Int, per: Decimal)] = []
    var i = 0
    while i < chars.count {
      guard markerStarts.contains(chars[i]), let marker = markers.first(where: { matches(chars, at: i, $0) }) else {
        i += 1
        continue
      }
      defer { i += marker.count }
      guard let token = tokens.last(where: { $0.end <= i }) else { continue }
      let gapWords = TextFolding.words(String(chars[token.end..<i]))
      guard gapWords.allSatisfy({ between.contains($0) }), i - token.end <= 16 else { continue }
      found.append((token, i + marker.count, yearlyMarkers.contains(marker) ? 12 : 1))
    }
    // "2 500 € x 12 mois", "EUR 2,500 × 6 months": a monthly amount times the months it lasts.
    for (k, token) in tokens.enumerated() where k + 1 < tokens.count {
      let n = tokens[k + 1]
      let gap = chars[token.end..<n.start]
      let gapWords = TextFolding.words(String(gap))
      let afterWords = TextFolding.words(String(chars[n.end..<min(chars.count, n.end + 8)]))
      guard gap.contains("×") || gap.contains("*") || gapWords.last.map(times.contains) == true,
        gapWords.allSatisfy({ between.contains($0) || times.contains($0) }), n.start - token.end <= 16,
        afterWords.first == "mois" || afterWords.first == "months", let months = Int(n.text), months > 0, months <= 120,
        !found.contains(where: { $0.token.start == token.start })
      else { continue }
      found.append((token, n.end, 1))
    }
    found.sort { $0.token.start < $1.token.start }
    for (k, rate) in found.enumerated() {
      guard case .amount(let amount) = Money.parse(rate.token.text, style: style) else { continue }
      // What follows, up to the next rate's number.
      let nextStart = k + 1 < found.count ? max(found[k + 1].token.start, rate.markerEnd) : chars.count
      let tail = TextFolding.words(String(chars[rate.markerEnd..<nextStart]))
      // "268 € / mois si 4 SIAE", "… par SIAE": a conditional or per-member illustration.
      if tail.prefix(3).contains(where: { $0 == "si" || $0 == "if" || $0 == "par" || $0 == "per" }) { continue }
      // A share of a post ("× 0,5 ETP") or a percentage: not a plain monthly rate.
      if tail.prefix(6).contains(where: { $0 == "etp" || $0 == "fte" }) { continue }
      if String(chars[rate.markerEnd..<nextStart]).contains("%") { continue }
      // A rate for each of several ("2 postes à 1 500 € / mois", "0,5 ETP à …"): not the line's.
      let before = TextFolding.words(String(chars[max(0, rate.token.start - 24)..<rate.token.start]))
      if before.contains(where: { headcountWords.contains($0) }) { continue }
      var explicitMonths: Int? = nil
      // The months stated after the rate ("pendant 6 mois"), or before the next one ("x 12 mois").
      let head = Array(TextFolding.words(String(chars[rate.token.end..<nextStart])).prefix(8))
      for (w, word) in head.enumerated() where w + 1 < head.count {
        if let n = Int(word), n > 0, n <= 120, head[w + 1] == "mois" || head[w + 1] == "months" {
          explicitMonths = n
          break
        }
      }
      if let p = periodIndex(tail.prefix(5), periods: periods) {
        keyed[p] = Rate(amount: amount, per: rate.per, months: explicitMonths)
      } else {
        unkeyed.append(Rate(amount: amount, per: rate.per, months: explicitMonths))
      }
    }
    // Pro-rata: "15 000 € sur budget 14 mois", "15,000 over 14 months".
    for (k, token) in tokens.enumerated() where k + 1 < tokens.count {
      let n = tokens[k + 1]
      let gapWords = TextFolding.words(String(chars[token.end..<n.start]))
      let afterWords = TextFolding.words(String(chars[n.end..<min(chars.count, n.end + 8)]))
      guard gapWords.contains(where: { $0 == "sur" || $0 == "over" }), gapWords.count <= 5,
        afterWords.first == "mois" || afterWords.first == "months",
        let months = Int(n.text.filter { $0.isNumber }), months > 0, months <= 240,
        case .amount(let amount) = Money.parse(token.text, style: style)
      else { continue }
      unkeyed.append(Rate(amount: amount, per: Decimal(months)))
    }
    var out = keyed
    if unkeyed.count == 1, let only = unkeyed.first {
      for p in periods.indices where out[p] == nil { out[p] = only }
    }
    return out
  }

  /// The period a phrase names: "en 2022", "in year 1", "année 2".
  static func periodIndex(_ words: ArraySlice<Word>, periods: [Period]) -> Int? {
    let list = Array(words)
    for (k, w) in list.enumerated() {
      if w.count == 4, let year = Int(w), year >= 1990, year <= 2100 {
        return periods.firstIndex { TextFolding.words(TextFolding.fold($0.label)).contains(w) }
      }
      if (w == "year" || w == "annee" || w == "an"), k + 1 < list.count, let n = Int(list[k + 1]) {
        if let p = periods.firstIndex(where: {
          let f = TextFolding.words(TextFolding.fold($0.label))
          return zip(f, f.dropFirst()).contains { $0.0 == w && Int($0.1) == n }
        }) {
          return p
        }
        return n >= 1 && n <= periods.count ? n - 1 : nil
      }
    }
    return nil
  }

  static func matches(_ chars: [Character], at i: Int, _ s: String) -> Bool {
    var j = i
    for c in s {
      guard j < chars.count, chars[j] == c else { return false }
      j += 1
    }
    // A word boundary after a marker ending in a letter.
    if j < chars.count, chars[j].isLetter, s.last?.isLetter == true, !s.hasSuffix("mensuel") { return false }
    if i > 0, chars[i - 1].isLetter, s.first?.isLetter == true { return false }
    return true
  }

  /// Number tokens: digits with groups of three (space, comma or dot) and a decimal part.
  static func numbers(_ chars: [Character]) -> [NumberToken] {
    var out: [NumberToken] = []
    var i = 0
    func isDigit(_ c: Character) -> Bool { c.isASCII && c.isNumber }
    while i < chars.count {
      guard isDigit(chars[i]), i == 0 || !(chars[i - 1].isLetter || isDigit(chars[i - 1])) else {
        i += 1
        continue
      }
      let start = i
      while i < chars.count && isDigit(chars[i]) { i += 1 }
      // Groups of exactly three digits.
      while i + 3 < chars.count, chars[i] == " " || chars[i] == "," || chars[i] == ".",
        isDigit(chars[i + 1]), isDigit(chars[i + 2]), isDigit(chars[i + 3]),
        i + 4 >= chars.count || !isDigit(chars[i + 4])
      {
        i += 4
      }
      // Decimal part: "," or "." and 1-2 digits.
      if i + 1 < chars.count, chars[i] == "," || chars[i] == ".", isDigit(chars[i + 1]) {
        var j = i + 1
        while j < chars.count && isDigit(chars[j]) { j += 1 }
        if j - i - 1 <= 2 { i = j }
      }
      out.append(NumberToken(text: String(chars[start..<i]), start: start, end: i))
    }
    return out
  }
}
