import Foundation
import Testing
import Workbook

@testable import Budget

/// Prices converted between before-tax (HT) and after-tax (TTC) columns by formulas: the factor
/// most conversions of the sheet use is the rate; one the other way must divide by it.
@Suite struct TaxConversionTests {
  /// A quote: Désignation | Qté | PU HT | PU TTC | Total HT, rows 2-5, a total on row 6. `ht`
  /// and `ttc` give each row's formula for the price that is not typed.
  static func quote(_ prices: [(ht: String?, ttc: String?, typed: Double, computed: Double)], headers: (String, String)) -> Workbook {
    var rows: [[Any?]] = [["Désignation", "Qté", headers.0, headers.1, "Total HT"]]
    var formulas: [CellReference: CellFormula] = [:]
    for (i, p) in prices.enumerated() {
      let r = i + 2
      let ht = p.ht == nil ? p.typed : p.computed
      let ttc = p.ht == nil ? p.computed : p.typed
      rows.append(["Article \(r)", 2, ht, ttc, 2 * ht])
      if let f = p.ht { formulas[CellReference("C\(r)")!] = CellFormula(text: f, dialect: .ooxml) }
      if let f = p.ttc { formulas[CellReference("D\(r)")!] = CellFormula(text: f, dialect: .ooxml) }
      formulas[CellReference("E\(r)")!] = CellFormula(text: "B\(r)*C\(r)", dialect: .ooxml)
    }
    let last = prices.count + 1
    let total = rows.dropFirst().reduce(0.0) { $0 + (($1[4] as? Double) ?? 0) }
    rows.append(["Total", nil, nil, nil, total])
    formulas[CellReference("E\(last + 1)")!] = CellFormula(text: "SUM(E2:E\(last))", dialect: .ooxml)
    var wb = LayoutTests.workbook(rows, sheet: "Devis")
    wb.sheets[0].formulas = formulas
    return wb
  }

  @Test func aBeforeTaxPriceTimesPointEightIsARateFinding() throws {
    let wb = Self.quote(
      [
        (nil, "C2*1.2", 100, 120),
        ("D3*0.8", nil, 250, 200),  // 250 / 1.2 = 208.33, not 200
        (nil, "C4*1.2", 50, 60),
        ("D5/1.2", nil, 360, 300),
      ], headers: ("Prix HT", "Prix TTC"))
    let check = PlanCheck(wb)
    let rates = check.findings.filter { $0.rule == .rate }
    #expect(rates.map(\.cell.description) == ["C3"])
    #expect(rates.first?.expected?.rounded(digits: 2) == Money(Decimal(string: "208.33")!))
    #expect(rates.first?.actual == Money(200))
    #expect(rates.first?.message(.fr).contains("D3 ÷ 1,2") == true, "\(rates.first?.message(.fr) ?? "")")
  }

  @Test func consistentConversionsGiveNothing() throws {
    let wb = Self.quote(
      [(nil, "C2*1.2", 100, 120), ("D3/1.2", nil, 240, 200), (nil, "C4*1.2", 50, 60)],
      headers: ("PU H.T.", "PU T.T.C."))
    #expect(PlanCheck(wb).findings.filter { $0.rule == .rate }.isEmpty)
  }

  @Test func oneConversionAloneSetsNoRate() throws {
    // ×0.8 alone could be a discount: nothing on the sheet says the rate.
    let wb = Self.quote([("D2*0.8", nil, 250, 200), (nil, nil, 50, 50)], headers: ("Prix HT", "Prix TTC"))
    #expect(PlanCheck(wb).findings.filter { $0.rule == .rate }.isEmpty)
  }

  @Test func columnsWithoutTaxWordsAreNoConversions() throws {
    let wb = Self.quote(
      [(nil, "C2*1.2", 100, 120), ("D3*0.8", nil, 250, 200), (nil, "C4*1.2", 50, 60)],
      headers: ("Prix", "Prix majoré"))
    #expect(PlanCheck(wb).findings.filter { $0.rule == .rate }.isEmpty)
  }

  @Test func theSideAHeaderNames() {
    #expect(TaxConversions.side("Prix  (HT)") == .beforeTax)
    #expect(TaxConversions.side("Total H.T.") == .beforeTax)
    #expect(TaxConversions.side("Montant hors taxes") == .beforeTax)
    #expect(TaxConversions.side("Prix (TTC)") == .afterTax)
    #expect(TaxConversions.side("Price incl. VAT") == .afterTax)
    #expect(TaxConversions.side("Amount excl. VAT") == .beforeTax)
    #expect(TaxConversions.side("Prix unitaire") == nil)
    #expect(TaxConversions.side("TVA") == nil)
  }

  @Test func theCorrectionDividesByTheSheetsFactor() throws {
    let wb = Self.quote(
      [(nil, "C2*1.2", 100, 120), ("D3*0.8", nil, 250, 200), (nil, "C4*1.2", 50, 60)],
      headers: ("Prix HT", "Prix TTC"))
    let corrections = Corrections(wb)
    let c3 = corrections.corrections.first { $0.cell == CellReference("C3")! }
    #expect(c3?.formula == .set(ooxml: "D3/1.2", odf: "of:=[.D3]/1.2"), "\(corrections.corrections)")
    #expect(c3?.after.rounded(digits: 2) == Money(Decimal(string: "208.33")!))
  }
}

/// HT / TVA / TTC lines: the tax is a rate of the before-tax total above it, the after-tax total
/// is their sum (`domain.md` §4.13).
@Suite struct TaxLineTests {
  static func quote(tax: Int, ttc: Int) -> Workbook {
    LayoutTests.workbook(
      [
        ["Désignation", "Montant"],
        ["Conception", 800],
        ["Hébergement", 200],
        ["Total HT", 1000],
        ["TVA 20 %", tax],
        ["Total TTC", ttc],
      ], sheet: "Devis")
  }

  static func findings(_ wb: Workbook) -> Set<String> {
    Set(PlanCheck(wb).findings.filter { $0.severity != .info }.map { "\($0.rule.rawValue) \($0.cell)" })
  }

  @Test func aRightQuoteGivesNothing() {
    #expect(Self.findings(Self.quote(tax: 200, ttc: 1200)).isEmpty)
  }

  @Test func aWrongTaxIsARate() {
    // 20 % of 1 000 is 200; the TTC adds the stated 190.
    #expect(Self.findings(Self.quote(tax: 190, ttc: 1190)) == ["rate B5"])
  }

  @Test func aWrongAfterTaxTotalIsASum() {
    #expect(Self.findings(Self.quote(tax: 200, ttc: 1250)) == ["sum B6"])
  }
}
