import FoundationEssentials
import Testing
import Diagnostics
import Workbook

@testable import Budget

@Suite struct MoneyTests {
  /// A quotient past 18 digits rounds like any amount, half away from zero.
  @Test func longQuotientsRound() {
    let q = Money(Decimal(250) / Decimal(string: "1.2")!)
    #expect(q.rounded(digits: 2) == Money(Decimal(string: "208.33")!))
    #expect(q.rounded(digits: 0) == Money(208))
    let r = Money(Decimal(-785) / Decimal(string: "1.2")!)  // -654.1666…
    #expect(r.rounded(digits: 2) == Money(Decimal(string: "-654.17")!))
    #expect(Money(Decimal(string: "654.075")!).rounded(digits: 2) == Money(Decimal(string: "654.08")!))
  }

  static func amount(_ s: String, _ style: NumberStyle = .french) -> Decimal? {
    if case .amount(let m) = Money.parse(s, style: style) { return m.value }
    return nil
  }

  @Test(arguments: [
    ("49 600 €", "49600"), ("49\u{00A0}600\u{00A0}€", "49600"), ("27\u{202F}265", "27265"),
    ("1 071,43", "1071.43"), ("1.234,50", "1234.5"), ("(500 €)", "-500"), ("−1 200", "-1200"),
    ("-1 200 €", "-1200"), ("49 600,00 €", "49600"), ("49 600 EUR", "49600"), ("0 €", "0"), ("0", "0"), ("1 200 euros", "1200"), ("3 000 € HT", "3000"),
  ])
  func french(_ text: String, _ expected: String) {
    #expect(Self.amount(text) == Decimal(string: expected))
  }

  @Test(arguments: [
    ("€63,000", "63000"), ("EUR 2,100", "2100"), ("63,000.00", "63000"), ("1,5", "1.5"), ("$2,500", "2500"),
    ("£43,827", "43827"), ("US$ 1,200.50", "1200.5"), ("(USD 1,200)", "-1200"), ("CHF 800", "800"),
  ])
  func english(_ text: String, _ expected: String) {
    #expect(Self.amount(text, .english) == Decimal(string: expected))
  }

  @Test func dashesAndEmpty() {
    for dash in ["-", "–", "—"] { #expect(Money.parse(dash) == .dash) }
    #expect(Money.parse("€") == .empty)
    #expect(Money.parse("$") == .empty)
    #expect(Money.parse("12 months") == .notAmount)
    #expect(Money.parse("2 USB keys") == .notAmount)
    #expect(Money.parse("  ") == .empty)
    #expect(Money.parse("à définir") == .notAmount)
  }

  @Test func storedNumbersKeepTheirDigits() {
    let a = Money(storedNumber: 12857.142857142857)
    let b = Money(storedNumber: 4285.714285714286)
    let c = Money(storedNumber: 17142.857142857143)
    if let a, let b, let c { #expect((a + b).isClose(to: c)) } else { Issue.record("not parsed") }
  }

  /// The scaled form answers as `Decimal` does: text, sums, differences, order, equality and
  /// hashing, on random amounts of 0 to 18 digits and 0 to 18 decimals, and past them.
  @Test func scaledAmountsAgreeWithDecimal() throws {
    var generator = SystemRandomNumberGenerator()
    func randomText() -> String {
      let digits = Int.random(in: 1...20, using: &generator)
      var text = (0..<digits).map { _ in String(Int.random(in: 0...9, using: &generator)) }.joined()
      let decimals = Int.random(in: 0...min(digits, 19), using: &generator)
      if decimals > 0 { text.insert(".", at: text.index(text.endIndex, offsetBy: -decimals)) }
      if text.hasPrefix(".") { text = "0" + text }
      return Bool.random(using: &generator) ? "-" + text : text
    }
    for _ in 0..<5_000 {
      let ta = randomText()
      let tb = randomText()
      let da = try #require(Decimal(string: ta))
      let db = try #require(Decimal(string: tb))
      let a = Money(da)
      let b = Money(db)
      #expect(a.value == da, "\(ta)")
      #expect(a.description == da.description, "\(ta)")
      #expect((a + b).value == da + db, "\(ta) + \(tb)")
      #expect((a - b).value == da - db, "\(ta) - \(tb)")
      #expect((a < b) == (da < db), "\(ta) < \(tb)")
      #expect((a == b) == (da == db), "\(ta) == \(tb)")
      #expect(a.magnitude.value == da.magnitude, "|\(ta)|")
      let padded = Money(try #require(Decimal(string: ta.contains(".") ? ta + "00" : ta + ".0")))
      #expect(padded == a && padded.hashValue == a.hashValue, "\(ta)")
    }
  }

  @Test func storedNumbersReadAsTheirShortestText() throws {
    for d in [8571.42857142857, 1e-07, -1.5e+20, 0.1, -27265.43, 1e100, 1e-100, 123456789.123456789] {
      let m = try #require(Money(storedNumber: d))
      #expect(m.value == Decimal(string: "\(d)"), "\(d)")
    }
    #expect(Money(storedNumber: .nan) == nil)
    // Amounts with cents take a shortcut that must give the same digits.
    var generator = SystemRandomNumberGenerator()
    for _ in 0..<20_000 {
      let d = Double(Int64.random(in: -99_999_999_999_999...99_999_999_999_999, using: &generator)) / 100
      let m = try #require(Money(storedNumber: d))
      #expect(m.value == Decimal(string: "\(d)"), "\(d)")
      let third = d / 3
      #expect(Money(storedNumber: third)?.value == Decimal(string: "\(third)"), "\(third)")
    }
  }

  @Test func centsRoundHalfAwayFromZero() {
    #expect(Money(Decimal(string: "1.005")!).formatted(french: false) == "€1.01")
    #expect(Money(Decimal(string: "-2.345")!).formatted(french: true) == "−2,35\u{A0}€")
    #expect(Money(Decimal(string: "-0.001")!).formatted(french: false) == "€0")
    #expect(Money(Decimal(string: "1234567.5")!).formatted(french: false) == "€1,234,567.50")
  }

  @Test func formatting() {
    #expect(Money(11429).formatted(french: true) == "11\u{202F}429\u{A0}€")
    #expect(Money(11429).formatted(french: false) == "€11,429")
  }
}

@Suite struct PeriodLabelTests {
  @Test(arguments: [
    ("05 à 12/2022", 8), ("01 à 12/2023", 12), ("2024", 12), ("Année 1", 12), ("Year 2", 12),
    ("Year 1 (M1-M12)", 12), ("2025 (6 mois)", 6), ("Apr–Dec 2024", 9), ("01/2023 à 06/2024", 18),
    ("Exercice 2025", 12), ("avril à décembre 2024", 9), ("Année N", 12), ("Montant N+1 (€)", 12),
  ])
  func months(_ label: String, _ expected: Int) {
    #expect(PeriodLabel.isPeriod(label))
    #expect(PeriodLabel.months(label) == expected)
  }

  @Test func notPeriods() {
    #expect(!PeriodLabel.isPeriod("Total 2024-2026"))
    #expect(!PeriodLabel.isPeriod("REMARQUES"))
    #expect(!PeriodLabel.isPeriod("N° de compte"))
  }
}

@Suite struct FormulaStructureTests {
  @Test(arguments: [
    ("SUM(B9:B10)", CellFormula.Dialect.ooxml, ["B9", "B10"]),
    ("B7+B11+B15+B16", .ooxml, ["B7", "B11", "B15", "B16"]),
    ("of:=SUM([.B9:.B10])", .odf, ["B9", "B10"]),
    ("of:=[.B19]+[.B20]+[.B21]+[.B25]", .odf, ["B19", "B20", "B21", "B25"]),
    ("SUM($C$5:$C$6,C9)", .ooxml, ["C5", "C6", "C9"]),
  ])
  func sums(_ text: String, _ dialect: CellFormula.Dialect, _ cells: [String]) {
    let refs = FormulaStructure.summedCells(CellFormula(text: text, dialect: dialect))
    #expect(refs?.map(\.description) == cells)
  }

  @Test(arguments: ["0.15*B7", "B17-B20-B21", "Other!B5+B6", "SUM(B5:B9)*2", "ROUND(B5,0)"])
  func notSums(_ text: String) {
    #expect(FormulaStructure.summedCells(CellFormula(text: text, dialect: .ooxml)) == nil)
  }

  @Test(arguments: [8571.42857142857, 1e-07, -1.5e+20, 0.1, 12857.142857142857, -27265.43])
  func shortestText(_ d: Double) {
    #expect(Money.decimal(shortestText: "\(d)") == Decimal(string: "\(d)"))
  }
}

@Suite struct JSONBytesTests {
  @Test(arguments: ["A1", "Z9", "AA10", "AB12", "ZZ99", "AAA1", "XFD1048576"])
  func cellNames(_ name: String) throws {
    let ref = try #require(CellReference(name))
    var out = JSONBytes()
    out.cell(ref)
    #expect(String(decoding: out.bytes, as: UTF8.self) == name)
  }

  @Test func stringsAreEscapedLikeTheTree() {
    for s in ["plain", "quote \" here", "back\\slash", "tab\there", "«Budget de l'action»"] {
      var out = JSONBytes()
      out.string(s)
      var tree = ""
      JSONValue.quote(s, into: &tree)
      #expect(String(decoding: out.bytes, as: UTF8.self) == tree)
    }
  }
}
