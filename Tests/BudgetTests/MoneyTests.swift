import FoundationEssentials
import Testing
import Diagnostics
import Workbook

@testable import Budget

@Suite struct MoneyTests {
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

  @Test(arguments: [("€63,000", "63000"), ("EUR 2,100", "2100"), ("63,000.00", "63000"), ("1,5", "1.5")])
  func english(_ text: String, _ expected: String) {
    #expect(Self.amount(text, .english) == Decimal(string: expected))
  }

  @Test func dashesAndEmpty() {
    for dash in ["-", "–", "—"] { #expect(Money.parse(dash) == .dash) }
    #expect(Money.parse("€") == .empty)
    #expect(Money.parse("  ") == .empty)
    #expect(Money.parse("à définir") == .notAmount)
  }

  @Test func storedNumbersKeepTheirDigits() {
    let a = Money(storedNumber: 12857.142857142857)
    let b = Money(storedNumber: 4285.714285714286)
    let c = Money(storedNumber: 17142.857142857143)
    if let a, let b, let c { #expect((a + b).isClose(to: c)) } else { Issue.record("not parsed") }
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
