import Testing
import Workbook

@testable import Formula

@Suite("Parser and printer")
struct ParserTests {
  @Test(
    "OOXML formulas print back as written",
    arguments: [
      "SUM(B5:B9)", "'Plan 2023'!C7", "$A$1+B$2*$C3", "SUM(A:A)", "SUM(3:5)", "20%", "A1&\" €\"",
      "A1<>B1", "-A1^2", "1.5E-07*2", "\"say \"\"hi\"\"\"", "TRUE", "#DIV/0!", "IF(A1>=0,1,)",
      "IF(B2>0, (D2/B2)*100, 0)", "{0.03;0.1;0.2}", "{1,2;3,4}", "Sheet1:Sheet3!A1",
      "[1]Sheet1!$A$1", "Table1[[#This Row],[Amount]]", "_xlfn.CONCAT(A1,B1)", "A1:INDEX(B:B,3)",
      "='It''s'!A1", "SUM(Sheet2!D2,Sheet2!D11)", "+A4+1", "\"Judging: \" &  (A1)",
    ])
  func ooxmlRoundTrip(_ text: String) throws {
    let e = try FormulaParser.parse(text, dialect: .ooxml)
    let printed = FormulaPrinter.print(e, dialect: .ooxml)
    let expected = text.hasPrefix("=") ? String(text.dropFirst()) : text
    #expect(printed == expected)
    #expect(try FormulaParser.parse(printed, dialect: .ooxml) == e)
    let odf = FormulaPrinter.print(e, dialect: .odf)
    #expect(try FormulaParser.parse(odf, dialect: .odf).unwrapped != .missing)
  }

  @Test(
    "ODF formulas print back as written",
    arguments: [
      "of:=SUM([.B5:.B9])", "of:=[$'Plan 2023'.C7]", "of:=IF([.A1]>0;1;2)", "of:=[.$A$1]*2",
      "of:={1;2|3;4}", "of:=SUM([.A:.A])", "of:=[$Sheet1.A1:.B2]", "of:=TRUE()",
      "of:=COM.MICROSOFT.CONCAT([.A1];\" H \")", "of:=[head1]+[head''2]",
    ])
  func odfRoundTrip(_ text: String) throws {
    let e = try FormulaParser.parse(text, dialect: .odf)
    #expect(FormulaPrinter.print(e, dialect: .odf) == text)
    #expect(try FormulaParser.parse(FormulaPrinter.print(e, dialect: .odf), dialect: .odf) == e)
  }

  @Test func dialectsAgree() throws {
    let x = try FormulaParser.parse("SUM('Plan 2023'!B5:B9,C1)", dialect: .ooxml)
    let y = try FormulaParser.parse("of:=SUM(['Plan 2023'.B5:.B9];[.C1])", dialect: .odf)
    #expect(x == y)
    #expect(FormulaPrinter.print(x, dialect: .odf) == "of:=SUM(['Plan 2023'.B5:.B9];[.C1])")
    let z = try FormulaParser.parse("msoxl:=SUM(A1,B1)", dialect: .odf)
    #expect(z == (try FormulaParser.parse("SUM(A1,B1)", dialect: .ooxml)))
  }

  @Test func referencesAreZeroBased() throws {
    let e = try FormulaParser.parse("$B$7:C9", dialect: .ooxml)
    guard case .reference(let r) = e else {
      Issue.record("not a reference: \(e)")
      return
    }
    #expect(r.start == ReferencePart(column: 1, row: 6, columnAbsolute: true, rowAbsolute: true))
    #expect(r.range == CellRange("B7:C9"))
  }

  @Test func nestedParenthesesBombIsRefused() {
    let bomb = String(repeating: "(", count: 1000) + "1" + String(repeating: ")", count: 1000)
    #expect(throws: FormulaSyntaxError.self) { try FormulaParser.parse(bomb, dialect: .ooxml) }
    do {
      _ = try FormulaParser.parse(bomb, dialect: .ooxml)
    } catch {
      #expect(error.code == .tooDeep)
    }
    let minus = String(repeating: "-", count: 4000) + "1"
    #expect(throws: FormulaSyntaxError.self) { try FormulaParser.parse(minus, dialect: .ooxml) }
    let calls = String(repeating: "ABS(", count: 300) + "1" + String(repeating: ")", count: 300)
    #expect(throws: FormulaSyntaxError.self) { try FormulaParser.parse(calls, dialect: .ooxml) }
    let fine = String(repeating: "(", count: 200) + "1" + String(repeating: ")", count: 200)
    #expect((try? FormulaParser.parse(fine, dialect: .ooxml)) != nil)
  }

  @Test func longTextIsRefused() {
    let long = String(repeating: "1+", count: 5000) + "1"
    do {
      _ = try FormulaParser.parse(long, dialect: .ooxml)
      Issue.record("a 10,001-character formula was accepted")
    } catch {
      #expect(error.code == .tooLong)
    }
  }

  @Test func longOperatorChainsDoNotRecurse() throws {
    let chain = (1...1500).map { "A\($0)" }.joined(separator: "+")
    let e = try FormulaParser.parse(chain, dialect: .ooxml)
    #expect(FormulaPrinter.print(e, dialect: .ooxml) == chain)
  }

  @Test(
    "Malformed formulas throw",
    arguments: [
      "SUM(1,2", "\"open", "1+", "A1 B1", "(A1,B1)", "#WHAT?", "'Sheet1", ")", "{1,2", "[.A1",
    ])
  func malformed(_ text: String) {
    #expect(throws: FormulaSyntaxError.self) { try FormulaParser.parse(text, dialect: .ooxml) }
  }
}

/// A small deterministic generator (SplitMix64), so fuzz cases repeat.
struct SplitMix: RandomNumberGenerator {
  var state: UInt64
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

@Suite("Parser fuzz")
struct ParserFuzzTests {
  static let pieces = [
    "A1", "$B$2", "C:C", "3:5", "'My sheet'!", "Sheet1!", "[", "]", "[.A1]", "[$S.B2:.C3]", "(",
    ")",
    ",", ";", "|", "{", "}", "\"", "\"x\"", "'", "+", "-", "*", "/", "^", "&", "=", "<>", "<=", "%",
    " ", "SUM(", "IF(", "#REF!", "#N/A", "#", "1", "2.5E-3", ".", "e", "TRUE", "_xlfn.", "Table1[",
    "[#This Row]", "!", ":", "~", "of:=", "msoxl:=", "é", "\u{1F600}", "\n", "$", "''",
  ]

  /// Random fragments never crash the parser; what parses prints back to the same tree, and
  /// evaluating it on a small workbook gives some result.
  @Test(arguments: [CellFormula.Dialect.ooxml, .odf])
  func randomFragments(_ dialect: CellFormula.Dialect) {
    var rng = SplitMix(state: dialect == .ooxml ? 1 : 2)
    let workbook = makeWorkbook([("Sheet1", ["A1": 1, "B2": "x"]), ("My sheet", ["A1": 2])])
    let recalculator = Recalculator(workbook: workbook)
    for _ in 0..<20_000 {
      let n = Int.random(in: 1...12, using: &rng)
      var text = dialect == .odf && Bool.random(using: &rng) ? "of:=" : ""
      for _ in 0..<n { text += Self.pieces.randomElement(using: &rng) ?? "" }
      guard let e = try? FormulaParser.parse(text, dialect: dialect) else { continue }
      let printed = FormulaPrinter.print(e, dialect: dialect)
      #expect(
        (try? FormulaParser.parse(printed, dialect: dialect)) == e, "«\(text)» → «\(printed)»")
      _ = try? recalculator.evaluate(text, dialect: dialect)
    }
  }
}
