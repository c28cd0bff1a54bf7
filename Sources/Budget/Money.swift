import FoundationEssentials

/// An amount of money, exact: a decimal read from the literal text of a cell, never rounded on
/// input and never summed as `Double`. Only display rounds.
///
/// Almost every amount of a plan is a decimal of at most 18 significant digits: such an amount is
/// held as `units × 10^-scale` in an `Int64`, where adding, comparing and printing cost a few
/// instructions (a `Decimal` costs thousands). An amount that does not fit, or a result that
/// would overflow, is held as a `Decimal`; both forms give the same answers.
public struct Money: Sendable, Hashable, Comparable, CustomStringConvertible {
  private enum Storage: Sendable {
    /// `units × 10^-scale`, scale in 0...18.
    case scaled(units: Int64, scale: Int8)
    /// A value no `scaled` form holds.
    case decimal(Decimal)
  }

  private var storage: Storage

  /// The exact value.
  public var value: Decimal {
    get {
      switch storage {
      case .scaled(let units, let scale):
        return Decimal(
          sign: units < 0 ? .minus : .plus, exponent: -Int(scale), significand: Decimal(units.magnitude))
      case .decimal(let d):
        return d
      }
    }
    set { self = Money(newValue) }
  }

  private init(units: Int64, scale: Int8) { storage = .scaled(units: units, scale: scale) }

  /// Wraps a decimal value.
  public init(_ value: Decimal) {
    if value.isFinite, let (units, scale) = Money.scaled(text: value.description.utf8) {
      storage = .scaled(units: units, scale: scale)
    } else {
      storage = .decimal(value)
    }
  }

  /// A whole amount.
  public init(_ value: Int) { self.init(units: Int64(value), scale: 0) }

  /// The amount a stored number holds, read from its shortest round-trip text (`8571.42857142857`)
  /// so that every digit the file stored is kept; nil for NaN and infinities.
  public init?(storedNumber: Double) {
    guard storedNumber.isFinite else { return nil }
    if storedNumber == storedNumber.rounded(), abs(storedNumber) < 9.0e15 {
      self.init(units: Int64(storedNumber), scale: 0)
      return
    }
    // Cents: when a decimal of at most 15 significant digits and 2 decimals gives back this
    // double, it is the double's shortest text (15 digits always round-trip).
    let cents = (storedNumber * 100).rounded()
    if abs(cents) < 1e15, cents / 100 == storedNumber {
      self.init(units: Int64(cents), scale: 2)
      return
    }
    let text = "\(storedNumber)"
    if let (units, scale) = Money.scaled(text: text.utf8) {
      self.init(units: units, scale: scale)
    } else if let d = Money.decimal(shortestText: text) {
      self.init(d)
    } else {
      return nil
    }
  }

  /// Reads plain decimal text (`-12.50`, `1e-07`, `1.5e+20`) as `units × 10^-scale`; nil when it
  /// is not such text or does not fit (more than 18 significant digits, scale past 18).
  static func scaled(text: some Sequence<UInt8>) -> (Int64, Int8)? {
    var units: Int64 = 0
    var negative = false
    var fractionDigits = 0
    var afterPoint = false
    var sawDigit = false
    var exponent: Int? = nil
    var exponentNegative = false
    var position = 0
    for b in text {
      defer { position += 1 }
      if var e = exponent {
        if b == UInt8(ascii: "-") || b == UInt8(ascii: "+") {
          exponentNegative = b == UInt8(ascii: "-")
          continue
        }
        guard b >= 48, b <= 57, e < 1000 else { return nil }
        e = e * 10 + Int(b - 48)
        exponent = e
        continue
      }
      switch b {
      case UInt8(ascii: "-") where position == 0: negative = true
      case UInt8(ascii: "."):
        guard !afterPoint else { return nil }
        afterPoint = true
      case UInt8(ascii: "e"), UInt8(ascii: "E"):
        guard sawDigit else { return nil }
        exponent = 0
      case 48...57:
        sawDigit = true
        let (times, o1) = units.multipliedReportingOverflow(by: 10)
        let (plus, o2) = times.addingReportingOverflow(Int64(b - 48))
        guard !o1, !o2, plus < 1_000_000_000_000_000_000 else { return nil }
        units = plus
        if afterPoint { fractionDigits += 1 }
      default: return nil
      }
    }
    guard sawDigit else { return nil }
    var scale = fractionDigits - (exponentNegative ? -(exponent ?? 0) : (exponent ?? 0))
    while scale > 18, units % 10 == 0, units != 0 {
      units /= 10
      scale -= 1
    }
    if units == 0 { scale = 0 }
    if scale < 0 {
      guard scale >= -18 else { return nil }
      let (u, overflow) = units.multipliedReportingOverflow(by: Money.powerOfTen[-scale])
      guard !overflow else { return nil }
      units = u
      scale = 0
    }
    guard scale <= 18 else { return nil }
    return (negative ? -units : units, Int8(scale))
  }

  static let powerOfTen: [Int64] = (0...18).map { k in (0..<k).reduce(Int64(1)) { p, _ in p * 10 } }

  /// Both amounts as units of one scale; nil when that overflows.
  private static func aligned(_ a: Money, _ b: Money) -> (Int64, Int64, Int8)? {
    guard case .scaled(let ua, let sa) = a.storage, case .scaled(let ub, let sb) = b.storage else { return nil }
    if sa == sb { return (ua, ub, sa) }
    if sa < sb {
      let (u, overflow) = ua.multipliedReportingOverflow(by: powerOfTen[Int(sb - sa)])
      return overflow ? nil : (u, ub, sb)
    }
    let (u, overflow) = ub.multipliedReportingOverflow(by: powerOfTen[Int(sa - sb)])
    return overflow ? nil : (ua, u, sa)
  }

  /// Amounts are equal when their values are.
  public static func == (a: Money, b: Money) -> Bool {
    if let (x, y, _) = aligned(a, b) { return x == y }
    return a.value == b.value
  }

  /// Hashes the value (a scaled amount without its trailing zeros, so that 1.5 and 1.50 agree).
  public func hash(into hasher: inout Hasher) {
    switch storage {
    case .scaled(var units, var scale):
      while scale > 0, units % 10 == 0 {
        units /= 10
        scale -= 1
      }
      hasher.combine(units)
      hasher.combine(scale)
    case .decimal(let d):
      hasher.combine(d)
    }
  }

  /// Zero.
  public static let zero = Money(0)
  /// The tolerance under which two amounts are equal (binary floating point leaves such gaps).
  public static let tolerance = Money(units: 5, scale: 3)

  /// The exact sum.
  public static func + (a: Money, b: Money) -> Money {
    if let (x, y, scale) = aligned(a, b), case (let sum, false) = x.addingReportingOverflow(y) {
      return Money(units: sum, scale: scale)
    }
    return Money(a.value + b.value)
  }
  /// The exact difference.
  public static func - (a: Money, b: Money) -> Money {
    if let (x, y, scale) = aligned(a, b), case (let difference, false) = x.subtractingReportingOverflow(y) {
      return Money(units: difference, scale: scale)
    }
    return Money(a.value - b.value)
  }
  /// The amount times a factor (a rate, a number of months), exactly.
  public static func * (a: Money, b: Decimal) -> Money { Money(a.value * b) }
  /// Orders amounts by value.
  public static func < (a: Money, b: Money) -> Bool {
    if let (x, y, _) = aligned(a, b) { return x < y }
    return a.value < b.value
  }

  /// The absolute value.
  public var magnitude: Money {
    if case .scaled(let units, let scale) = storage, units != .min {
      return Money(units: abs(units), scale: scale)
    }
    return Money(value.magnitude)
  }

  /// True when the two amounts differ by at most ``tolerance``.
  public func isClose(to other: Money) -> Bool { (self - other).magnitude <= Money.tolerance }

  /// The exact decimal text, without trailing zeros (`11428.5714285714`, `-1000`, `0.5`), as
  /// `Decimal` prints it.
  public var description: String {
    guard case .scaled = storage else { return value.description }
    var bytes: [UInt8] = []
    appendText(to: &bytes)
    return String(decoding: bytes, as: UTF8.self)
  }

  /// Appends ``description``'s UTF-8 bytes.
  func appendText(to bytes: inout [UInt8]) {
    guard case .scaled(var units, var scale) = storage else {
      bytes.append(contentsOf: value.description.utf8)
      return
    }
    while scale > 0, units % 10 == 0 {
      units /= 10
      scale -= 1
    }
    // Digits from the last, with the point inserted after `scale` of them.
    var digits: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)  // 32 bytes of scratch
    withUnsafeMutableBytes(of: &digits) { buffer in
      var n = units.magnitude
      var i = buffer.count
      var written = 0
      repeat {
        if written == Int(scale), scale > 0 {
          i -= 1
          buffer[i] = UInt8(ascii: ".")
        }
        i -= 1
        buffer[i] = UInt8(48 + n % 10)
        n /= 10
        written += 1
      } while n > 0 || written <= Int(scale)
      if units < 0 {
        i -= 1
        buffer[i] = UInt8(ascii: "-")
      }
      bytes.append(contentsOf: buffer[i...])
    }
  }

  /// A `Double` approximation, for display only.
  public var approximateDouble: Double { Double(description) ?? 0 }

  /// The amount in whole cents, rounded half away from zero; nil when it does not fit.
  var roundedCents: Int64? {
    guard case .scaled(let units, let scale) = storage, units != .min else { return nil }
    let magnitude = abs(units)
    var cents: Int64
    if scale > 2 {
      let divisor = Money.powerOfTen[Int(scale) - 2]
      cents = magnitude / divisor
      if (magnitude % divisor) * 2 >= divisor { cents += 1 }
    } else {
      let (c, overflow) = magnitude.multipliedReportingOverflow(by: Money.powerOfTen[2 - Int(scale)])
      guard !overflow else { return nil }
      cents = c
    }
    return units < 0 ? -cents : cents
  }

  /// The amount as an officer reads it: grouped digits, cents only when not whole, and the euro
  /// sign. French: `11 429 €` with U+202F between groups and a decimal comma; English: `€11,429`.
  public func formatted(french: Bool) -> String { formatted(french: french, currency: true) }

  /// The amount grouped as ``formatted(french:)`` does, with or without the euro sign.
  public func formatted(french: Bool, currency: Bool) -> String {
    let cents: Int64
    if let exact = roundedCents {
      cents = exact
    } else {
      let d = approximateDouble
      let c = (abs(d) * 100).rounded(.toNearestOrAwayFromZero)
      guard c < 9.0e18 else { return description }
      cents = d < 0 ? -Int64(c) : Int64(c)
    }
    let whole = cents.magnitude / 100
    let fraction = cents.magnitude % 100
    var out: [UInt8] = []
    out.reserveCapacity(32)
    if cents < 0 { out.append(contentsOf: french ? "−".utf8 : "-".utf8) }
    if !french && currency { out.append(contentsOf: "€".utf8) }
    let digits = Array(String(whole).utf8)
    for (i, d) in digits.enumerated() {
      if i > 0 && (digits.count - i) % 3 == 0 { out.append(contentsOf: french ? "\u{202F}".utf8 : ",".utf8) }
      out.append(d)
    }
    if fraction != 0 {
      out.append(french ? UInt8(ascii: ",") : UInt8(ascii: "."))
      out.append(UInt8(48 + fraction / 10))
      out.append(UInt8(48 + fraction % 10))
    }
    if french && currency { out.append(contentsOf: "\u{A0}€".utf8) }
    return String(decoding: out, as: UTF8.self)
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
    var sawDash = false
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
      } else if c == "-" || c == "−" || c == "–" || c == "—" {
        if sawDigit { return .notAmount }
        negative.toggle()
        sawDash = true
      } else if c == "+" {
        if sawDigit { return .notAmount }
      } else if c == " " || c == "\u{A0}" || c == "\u{202F}" || c == "\u{2009}" || c == "'" || c == "’" {
        // A group separator, or the space before the currency.
      } else if c == "€" || c == "$" || c == "£" {
        sawCurrency = true
      } else if c.isLetter {
        // Only a currency code may appear: EUR, USD, GBP… ("US$", "CA$" too).
        let word = rest[i...].prefix { $0.isLetter }
        if !Self.currencyWords.contains(word.uppercased()) { return .notAmount }
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
    // "-   €", "€ -": the accounting format's dash for nothing.
    if !sawDigit { return sawDash && body.isEmpty && !(s.first == "(") ? .dash : sawCurrency ? .empty : .notAmount }
    guard let decimal = normalizedDecimal(body, style: style) else { return .notAmount }
    if let (units, scale) = Money.scaled(text: decimal.utf8) {
      return .amount(Money(units: negative ? -units : units, scale: scale))
    }
    guard var d = Decimal(string: decimal) else { return .notAmount }
    if negative { d = -d }
    return .amount(Money(d))
  }

  /// The words that may stand beside an amount: currency codes and names, and the tax side.
  static let currencyWords: Set<String> = [
    "EUR", "EURO", "EUROS", "HT", "TTC", "USD", "GBP", "CAD", "AUD", "NZD", "CHF", "US", "CA", "AU", "NZ",
  ]

  /// Turns digits with "," and "." into POSIX decimal text, deciding which mark is the decimal one.
  static func normalizedDecimal(_ chars: [Character], style: NumberStyle) -> String? {
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
