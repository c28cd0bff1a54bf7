import FoundationEssentials

/// An amount of money, exact: a `Decimal` parsed from the literal text of a cell, never rounded on
/// input and never summed as `Double`. Only display rounds.
public struct Money: Sendable, Hashable, Comparable, CustomStringConvertible {
  /// The exact value.
  public var value: Decimal {
    didSet { literal = nil }
  }
  /// The text the value was read from, when it came from a stored number (its shortest
  /// round-trip form): written back as is, which is both exact and fast.
  private var literal: String?

  /// Wraps a decimal value.
  public init(_ value: Decimal) { self.value = value }

  /// A whole amount.
  public init(_ value: Int) {
    self.value = Decimal(value)
    literal = String(value)
  }

  /// Amounts are equal when their values are.
  public static func == (a: Money, b: Money) -> Bool { a.value == b.value }

  /// Hashes the value.
  public func hash(into hasher: inout Hasher) { hasher.combine(value) }

  /// The amount a stored number holds, read from its shortest round-trip text (`8571.42857142857`)
  /// so that every digit the file stored is kept; nil for NaN and infinities.
  public init?(storedNumber: Double) {
    guard storedNumber.isFinite else { return nil }
    if storedNumber == storedNumber.rounded(), abs(storedNumber) < 9.0e15 {
      let whole = Int64(storedNumber)
      value = Decimal(whole)
      literal = String(whole)
      return
    }
    let text = "\(storedNumber)"
    guard let d = Money.decimal(shortestText: text) else { return nil }
    value = d
    literal = text
  }

  /// Reads a double's shortest text ("8571.42857142857", "1e-07", "-1.5e+20") into a Decimal
  /// holding exactly those digits.
  static func decimal(shortestText text: String) -> Decimal? {
    var mantissa: UInt64 = 0
    var digits = 0
    var exponent = 0
    var negative = false
    var afterPoint = false
    var expPart: Int? = nil
    var expNegative = false
    for b in text.utf8 {
      if var e = expPart {
        if b == UInt8(ascii: "-") { expNegative = true; continue }
        if b == UInt8(ascii: "+") { continue }
        guard b >= 48, b <= 57 else { return nil }
        e = e * 10 + Int(b - 48)
        expPart = e
        continue
      }
      switch b {
      case UInt8(ascii: "-"): negative = true
      case UInt8(ascii: "."): afterPoint = true
      case UInt8(ascii: "e"), UInt8(ascii: "E"): expPart = 0
      case 48...57:
        guard digits < 19 else { return Decimal(string: text) }
        mantissa = mantissa * 10 + UInt64(b - 48)
        if mantissa > 0 { digits += 1 }
        if afterPoint { exponent -= 1 }
      default: return nil
      }
    }
    if let e = expPart { exponent += expNegative ? -e : e }
    return Decimal(sign: negative ? .minus : .plus, exponent: exponent, significand: Decimal(mantissa))
  }

  /// Zero.
  public static let zero = Money(Decimal(0))
  /// The tolerance under which two amounts are equal (binary floating point leaves such gaps).
  public static let tolerance = Money(Decimal(string: "0.005") ?? Decimal(0))

  /// The exact sum.
  public static func + (a: Money, b: Money) -> Money { Money(a.value + b.value) }
  /// The exact difference.
  public static func - (a: Money, b: Money) -> Money { Money(a.value - b.value) }
  /// The amount times a factor (a rate, a number of months), exactly.
  public static func * (a: Money, b: Decimal) -> Money { Money(a.value * b) }
  /// Orders amounts by value.
  public static func < (a: Money, b: Money) -> Bool { a.value < b.value }

  /// The absolute value.
  public var magnitude: Money { Money(value.magnitude) }

  /// True when the two amounts differ by at most ``tolerance``.
  public func isClose(to other: Money) -> Bool { (self - other).magnitude <= Money.tolerance }

  /// The exact decimal text (`11428.5714285714`, `-1000`).
  public var description: String { literal ?? value.description }

  /// A `Double` approximation, for display only.
  public var approximateDouble: Double { Double(description) ?? 0 }

  /// The amount as an officer reads it: grouped digits, cents only when not whole, and the euro
  /// sign. French: `11 429 €` with U+202F between groups and a decimal comma; English: `€11,429`.
  public func formatted(french: Bool) -> String {
    let d = approximateDouble
    let negative = d < 0
    let cents = (abs(d) * 100).rounded(.toNearestOrAwayFromZero)
    let whole = Int64(cents / 100)
    let fraction = Int64(cents) - whole * 100
    let digits = String(whole)
    var grouped = ""
    for (i, c) in digits.enumerated() {
      if i > 0 && (digits.count - i) % 3 == 0 { grouped += french ? "\u{202F}" : "," }
      grouped.append(c)
    }
    if fraction != 0 {
      grouped += (french ? "," : ".") + (fraction < 10 ? "0" : "") + String(fraction)
    }
    if french { return (negative ? "−" : "") + grouped + "\u{A0}€" }
    return (negative ? "-" : "") + "€" + grouped
  }
}

/// The number style of the text a sheet holds, which decides what an ambiguous "2,100" means.
public enum NumberStyle: String, Sendable, Equatable {
  /// Comma decimals, space (or dot) groups: "1 071,43", "1.234,50".
  case french
  /// Dot decimals, comma groups: "63,000.00".
  case english
}

/// What an amount cell's text says.
public enum AmountText: Sendable, Equatable {
  /// An amount, such as "49 600 €".
  case amount(Money)
  /// A dash ("-", "–", "—"): written as nothing, counts as 0 with no finding.
  case dash
  /// Empty, or only a currency sign: no amount.
  case empty
  /// Text that is not an amount ("à définir").
  case notAmount
}

extension Money {
  /// Reads an amount written as text in French or English style: "49 600 €" (with U+0020,
  /// U+00A0 or U+202F groups), "1 071,43", "1.234,50", "€63,000", "(500 €)", "−1 200", "EUR 2,100".
  /// A comma followed by exactly three digits and no other mark is a thousands separator in
  /// `english` style and a decimal comma in `french` style.
  public static func parse(_ text: String, style: NumberStyle = .french) -> AmountText {
    var s = Substring(text)
    // Trim spaces of every kind.
    while let f = s.first, f.isWhitespace || f == "\u{202F}" || f == "\u{A0}" { s.removeFirst() }
    while let l = s.last, l.isWhitespace || l == "\u{202F}" || l == "\u{A0}" { s.removeLast() }
    if s.isEmpty { return .empty }
    if s == "-" || s == "–" || s == "—" || s == "−" { return .dash }
    var negative = false
    var body: [Character] = []
    var sawDigit = false
    var sawCurrency = false
    var rest = s
    if rest.first == "(" && rest.last == ")" {
      negative = true
      rest = rest.dropFirst().dropLast()
    }
    var i = rest.startIndex
    while i < rest.endIndex {
      let c = rest[i]
      if c.isNumber, let a = c.asciiValue, a >= 48, a <= 57 {
        body.append(c)
        sawDigit = true
      } else if c == "," || c == "." {
        body.append(c)
      } else if c == "-" || c == "−" || c == "–" {
        if sawDigit { return .notAmount }
        negative.toggle()
      } else if c == "+" {
        if sawDigit { return .notAmount }
      } else if c == " " || c == "\u{A0}" || c == "\u{202F}" || c == "\u{2009}" || c == "'" || c == "’" {
        // A group separator, or the space before the currency.
      } else if c == "€" {
        sawCurrency = true
      } else if c.isLetter {
        // Only a currency code may appear: EUR.
        let word = rest[i...].prefix { $0.isLetter }
        let upper = word.uppercased()
        if upper != "EUR" && upper != "EURO" && upper != "EUROS" && upper != "HT" && upper != "TTC" { return .notAmount }
        sawCurrency = true
        i = rest.index(i, offsetBy: word.count)
        continue
      } else if c == "(" || c == ")" {
        return .notAmount
      } else {
        return .notAmount
      }
      i = rest.index(after: i)
    }
    if !sawDigit { return sawCurrency ? .empty : .notAmount }
    guard let decimal = normalizedDecimal(body, style: style), var d = Decimal(string: decimal) else {
      return .notAmount
    }
    if negative { d = -d }
    return .amount(Money(d))
  }

  /// Turns digits with "," and "." into POSIX decimal text, deciding which mark is the decimal one.
  private static func normalizedDecimal(_ chars: [Character], style: NumberStyle) -> String? {
    let commas = chars.filter { $0 == "," }.count
    let dots = chars.filter { $0 == "." }.count
    var decimalMark: Character? = nil
    if commas > 0 && dots > 0 {
      // The last mark is the decimal one.
      decimalMark = chars.last { $0 == "," || $0 == "." }
    } else if commas + dots == 1 {
      let mark: Character = commas == 1 ? "," : "."
      let index = chars.firstIndex(of: mark) ?? 0
      let after = chars.count - index - 1
      if after == 3 {
        // "2,100": thousands in English, decimals in French; "1.234": the reverse.
        decimalMark = (mark == ",") == (style == .french) ? mark : nil
      } else {
        decimalMark = mark
      }
    } else if commas + dots > 1 {
      decimalMark = nil  // only group marks: "1.234.567", "1,234,567"
      if commas > 0 && dots > 0 { return nil }
    }
    let decimalIndex = decimalMark.flatMap { m in chars.lastIndex(of: m) }
    var out = ""
    for (i, c) in chars.enumerated() {
      if c == "," || c == "." {
        if i == decimalIndex { out += "." }
      } else {
        out.append(c)
      }
    }
    return out.isEmpty ? nil : out
  }
}
