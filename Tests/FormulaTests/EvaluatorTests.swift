import Testing
import Workbook

@testable import Formula

/// A workbook built from `[sheet: [A1: value or "=formula"]]`.
func makeWorkbook(_ sheets: [(String, [String: Any])], names: [DefinedName] = []) -> Workbook {
  var out: [Sheet] = []
  for (name, contents) in sheets {
    var cells: [Cell] = []
    var formulas: [CellReference: CellFormula] = [:]
    for (a1, v) in contents {
      guard let ref = CellReference(a1) else { continue }
      switch v {
      case let s as String where s.hasPrefix("="):
        formulas[ref] = CellFormula(text: String(s.dropFirst()), dialect: .ooxml)
        cells.append(Cell(reference: ref, value: nil))
      case let s as String: cells.append(Cell(reference: ref, value: .text(s)))
      case let b as Bool: cells.append(Cell(reference: ref, value: .bool(b)))
      case let d as Double: cells.append(Cell(reference: ref, value: .number(d, .plain)))
      case let i as Int: cells.append(Cell(reference: ref, value: .number(Double(i), .plain)))
      default: break
      }
    }
    cells.sort { $0.reference < $1.reference }
    out.append(Sheet(name: name, cells: cells, formulas: formulas))
  }
  return Workbook(format: .xlsx, sheets: out, definedNames: names)
}

func value(_ formula: String, _ cells: [String: Any] = [:], names: [DefinedName] = [])
  -> RecalculatedCell?
{
  var contents = cells
  contents["Z100"] = "=" + formula
  let wb = makeWorkbook(
    [("Sheet1", contents), ("Plan 2023", ["C7": 7, "B5": 1, "B6": 2])], names: names)
  return Recalculator(workbook: wb).recalculate().cell(
    sheet: 0, at: CellReference(row: 99, column: 25))
}

@Suite("Evaluator")
struct EvaluatorTests {
  static var data: [String: Any] {
    [
      "A1": 10, "A2": 20, "A3": "x", "A4": true, "A5": 2.5, "B1": "apple", "B2": "banana",
      "B3": "cherry",
      "C1": 1, "C2": 2, "C3": 3, "D1": "=1/0",
    ]
  }

  @Test(
    "Functions and operators",
    arguments: [
      ("SUM(A1:A5)", FormulaValue.number(32.5)),
      ("A1+A3", .error("#VALUE!")),
      ("A1+A9", .number(10)),
      ("A1&\"€\"", .text("10€")),
      ("20%*A1", .number(2)),
      ("-2^2", .number(4)),
      ("2^3^2", .number(64)),
      ("1/0", .error("#DIV/0!")),
      ("SUM(D1,1)", .error("#DIV/0!")),
      ("IFERROR(D1,7)", .number(7)),
      ("IFERROR(SUM(A1:A2),7)", .number(30)),
      ("'Plan 2023'!C7*2", .number(14)),
      ("SUM('Plan 2023'!B5:B6)", .number(3)),
      ("Nope!A1", .error("#REF!")),
      ("UnknownName+1", .error("#NAME?")),
      ("ROUND(2.675,2)", .number(2.68)),
      ("ROUND(-2.5,0)", .number(-3)),
      ("ROUNDUP(0.1*3,1)", .number(0.3)),
      ("ROUNDDOWN(1.99,1)", .number(1.9)),
      ("ROUND(1234.5,-2)", .number(1200)),
      ("INT(-1.5)", .number(-2)),
      ("TRUNC(-1.57,1)", .number(-1.5)),
      ("ABS(-3)", .number(3)),
      ("MIN(A1:A5)", .number(2.5)),
      ("MAX(A1:A5,100)", .number(100)),
      ("AVERAGE(A1:A2)", .number(15)),
      ("AVERAGE(A3)", .error("#DIV/0!")),
      ("COUNT(A1:A5)", .number(3)),
      ("COUNTA(A1:B5)", .number(8)),
      ("PRODUCT(C1:C3)", .number(6)),
      ("SUMPRODUCT(C1:C3,C1:C3)", .number(14)),
      ("SUMPRODUCT((C1:C3>1)*C1:C3)", .number(5)),
      ("SUMIF(C1:C3,\">1\")", .number(5)),
      ("SUMIF(B1:B3,\"b*\",C1:C3)", .number(2)),
      ("SUMIFS(C1:C3,B1:B3,\"<>apple\",C1:C3,\">=2\")", .number(5)),
      ("AVERAGEIF(C1:C3,\">1\")", .number(2.5)),
      ("AVERAGEIF(C1:C3,\">9\")", .error("#DIV/0!")),
      ("AVERAGEIFS(C1:C3,C1:C3,\">=2\")", .number(2.5)),
      ("COUNTIF(B1:B3,\"?????\")", .number(1)),
      ("COUNTIF(A1:A5,\">=10\")", .number(2)),
      ("IF(A1>5,\"big\",\"small\")", .text("big")),
      ("IF(FALSE,1,)", .number(0)),
      ("IF(FALSE,1)", .bool(false)),
      ("AND(TRUE,A1>1)", .bool(true)),
      ("OR(FALSE,A4)", .bool(true)),
      ("NOT(A4)", .bool(false)),
      ("ISBLANK(A9)", .bool(true)),
      ("ISBLANK(A1)", .bool(false)),
      ("ISNUMBER(A1)", .bool(true)),
      ("ISERROR(D1)", .bool(true)),
      ("CONCATENATE(B1,\"-\",A1)", .text("apple-10")),
      ("TEXT(1234.567,\"#,##0.00\")", .text("1,234.57")),
      ("TEXT(0.256,\"0.0%\")", .text("25.6%")),
      ("TEXT(45000,\"dd/mm/yyyy\")", .text("15/03/2023")),
      ("VLOOKUP(\"banana\",B1:C3,2,FALSE)", .number(2)),
      ("VLOOKUP(\"kiwi\",B1:C3,2,FALSE)", .error("#N/A")),
      ("VLOOKUP(2.5,C1:C3,1)", .number(2)),
      ("INDEX(C1:C3,MATCH(\"cherry\",B1:B3,0))", .number(3)),
      ("INDEX(B1:C3,2,2)", .number(2)),
      ("MATCH(2,C1:C3)", .number(2)),
      ("0.1+0.2=0.3", .bool(true)),
      ("\"abc\"=\"ABC\"", .bool(true)),
      ("A9=0", .bool(true)),
      ("A9=\"\"", .bool(true)),
      ("\"a\"<1", .bool(false)),
      ("MAX((C3-{1;2;3})*{1;2;3})", .number(2)),
      ("DATE(2023,14,1)", .number(45323)),
      ("EOMONTH(DATE(2023,1,15),1)", .number(44985)),
      ("DATEDIF(DATE(2022,5,1),DATE(2023,4,30),\"m\")", .number(11)),
      ("YEAR(45000)", .number(2023)),
      ("ROW()", .number(100)),
      ("ROW(C3)", .number(3)),
      ("MOD(-3,2)", .number(1)),
      ("TRUE+1", .number(2)),
      ("\"3\"*2", .number(6)),
      ("ERROR.TYPE(D1)", .number(2)),
      ("#N/A", .error("#N/A")),
      ("INDIRECT(\"A\"&2)", .number(20)),
      ("SUM(INDIRECT(\"C1:C3\"))", .number(6)),
      ("INDIRECT(\"'Plan 2023'!C7\")", .number(7)),
      ("SUM(OFFSET(C1,1,0,2,1))", .number(5)),
      ("ADDRESS(3,2)", .text("$B$3")),
      ("ADDRESS(3,2,4,TRUE,\"Plan 2023\")", .text("'Plan 2023'!B3")),
      ("SHEET()", .number(1)),
      ("HYPERLINK(\"http://x\",\"name\")", .text("name")),
      ("CODE(\"A\")", .number(65)),
      ("FLOOR(-2.5,2)", .number(-4)),
      ("FLOOR(-2.5,-2)", .number(-2)),
      ("CEILING(-2.5,-2)", .number(-4)),
      ("CEILING(-2.5,2)", .number(-2)),
      ("CEILING(2.1,0.5)", .number(2.5)),
      ("FLOOR(-15,-10,1)", .number(-10)),
      ("CEILING(-15,-10,1)", .number(-20)),
      ("FLOOR(2.5,-2)", .error("#NUM!")),
    ] as [(String, FormulaValue)])
  func evaluates(_ formula: String, _ expected: FormulaValue) {
    #expect(value(formula, Self.data) == .value(expected), "\(formula)")
  }

  @Test func aSubtotalLeavesOutTheSubtotalsInItsRanges() {
    // Two groups, each with its SUBTOTAL, and a grand SUBTOTAL over the whole column: the inner
    // subtotals are not counted again (Excel and LibreOffice alike); a SUM over them is.
    let cells: [String: Any] = [
      "A1": 100, "A2": 200, "A3": "=SUBTOTAL(9,A1:A2)", "A4": 50, "A5": "=SUBTOTAL(109,A4:A4)",
    ]
    #expect(value("SUBTOTAL(9,A1:A5)", cells) == .value(.number(350)))
    #expect(value("SUBTOTAL(2,A1:A5)", cells) == .value(.number(3)))
    #expect(value("SUBTOTAL(1,A1:A5)", cells) == .value(.number(350.0 / 3)))
    #expect(value("SUM(A1:A5)", cells) == .value(.number(700)))
  }

  @Test func detachedEvaluationReadsStoredValues() throws {
    let wb = makeWorkbook([("S", ["A1": 2, "A2": 3])])
    let r = try Recalculator(workbook: wb).evaluate("of:=SUM([.A1:.A2])*2", dialect: .odf)
    #expect(r == .value(.number(10)))
  }

  @Test func definedNamesWorkbookAndSheetScope() {
    let names = [
      DefinedName(name: "Rate", formula: "0.2"),
      DefinedName(name: "Lines", formula: "Sheet1!$C$1:$C$3"),
      DefinedName(name: "Rate", formula: "0.5", sheetIndex: 1),
    ]
    #expect(
      value("SUM(Lines)*Rate", Self.data, names: names) == .value(.number(1.2000000000000002)))
  }

  @Test func unsupportedFunctionsAreReportedNotZero() {
    #expect(value("OFFSET(A1,1,0)", Self.data) == .value(.number(20)))
    #expect(value("1+IFERROR(FOO(1),0)", Self.data) == .unsupported("function FOO"))
    #expect(value("RAND()", Self.data) == .unsupported("volatile function RAND"))
    #expect(value("Table1[Amount]", Self.data) == .unsupported("structured reference"))
    // Unreached branches do not count.
    #expect(value("IF(TRUE,1,FOO())", Self.data) == .value(.number(1)))
    // A cell reading an unsupported cell is unsupported too.
    let wb = makeWorkbook([("S", ["A1": "=FOO()", "A2": "=A1+1", "A3": "=SUM(A1:A2)"])])
    let r = Recalculator(workbook: wb).recalculate()
    #expect(
      r.unsupported(sheet: 0).map(\.reason) == ["function FOO", "function FOO", "function FOO"])
    #expect(r.recalculated(sheet: 0, at: CellReference(row: 1, column: 0)) == nil)
  }

  @Test func chainOf50000CellsEvaluates() {
    var contents: [String: Any] = ["A1": 1]
    for r in 2...50_000 { contents["A\(r)"] = "=A\(r - 1)+1" }
    let wb = makeWorkbook([("Chain", contents)])
    let result = Recalculator(workbook: wb).recalculate()
    #expect(
      result.recalculated(sheet: 0, at: CellReference(row: 49_999, column: 0)) == .number(50_000))
    // One cell at the end of the chain, on its own.
    #expect(
      Recalculator(workbook: wb).evaluate(sheet: 0, at: CellReference(row: 49_999, column: 0))
        == .value(.number(50_000)))
  }

  @Test func reversedChainEvaluates() {
    var contents: [String: Any] = ["A50000": 1]
    for r in 1..<50_000 { contents["A\(r)"] = "=A\(r + 1)*1" }
    let wb = makeWorkbook([("Chain", contents)])
    let result = Recalculator(workbook: wb).recalculate()
    #expect(result.recalculated(sheet: 0, at: CellReference(row: 0, column: 0)) == .number(1))
  }

  @Test func cyclesAreErrorsOnTheirCells() {
    let wb = makeWorkbook([
      (
        "S",
        [
          "A1": "=B1+1", "B1": "=C1+1", "C1": "=A1+1", "D1": "=D1", "E1": 5, "F1": "=E1*2",
          "G1": "=SUM(G1:G2)",
        ]
      )
    ])
    let r = Recalculator(workbook: wb).recalculate()
    for a1 in ["A1", "B1", "C1", "D1", "G1"] {
      #expect(
        r.recalculated(sheet: 0, at: CellReference(a1)!) == .error(FormulaValue.circularError),
        "\(a1)")
    }
    #expect(r.recalculated(sheet: 0, at: CellReference("F1")!) == .number(10))
  }

  @Test func dynamicReferencesComputeTheirTargets() {
    // A3 is read only through INDIRECT, and is computed on demand.
    let wb = makeWorkbook([
      ("S", ["A1": "=INDIRECT(\"A3\")*2", "A2": 4, "A3": "=A2+1", "B1": "=INDIRECT(\"B1\")"])
    ])
    let r = Recalculator(workbook: wb).recalculate()
    #expect(r.recalculated(sheet: 0, at: CellReference("A1")!) == .number(10))
    #expect(
      r.recalculated(sheet: 0, at: CellReference("B1")!) == .error(FormulaValue.circularError))
  }

  @Test func arrayFormulas() {
    var sheet = makeWorkbook([("S", ["A1": 1, "A2": -2, "A3": 3, "A4": "x"])]).sheets[0]
    let ref = CellReference("B1")!
    sheet.formulas[ref] = CellFormula(
      text: "SUM(IF(A1:A4>0,A1:A4))", dialect: .ooxml, arrayRange: CellRange("B1"))
    sheet.cells.append(Cell(reference: ref, value: nil))
    sheet.cells.sort { $0.reference < $1.reference }
    let wb = Workbook(format: .xlsx, sheets: [sheet])
    #expect(Recalculator(workbook: wb).recalculate().recalculated(sheet: 0, at: ref) == .number(4))
  }

  @Test func odfFormulasEvaluate() {
    var sheet = makeWorkbook([("Plan", ["A1": 4, "A2": 6])]).sheets[0]
    let ref = CellReference("A3")!
    sheet.formulas[ref] = CellFormula(text: "of:=SUM([.A1:.A2])*[$Plan.A1]", dialect: .odf)
    sheet.cells.append(Cell(reference: ref, value: nil))
    let wb = Workbook(format: .ods, sheets: [sheet])
    #expect(Recalculator(workbook: wb).recalculate().recalculated(sheet: 0, at: ref) == .number(40))
  }

  @Test(
    "Huge arguments give errors, never a trap",
    arguments: [
      "LEFT(\"a\",1E300)", "MID(\"abc\",-1E300,2)", "REPT(\"ab\",1E9)", "YEAR(1E300)",
      "EOMONTH(1E20,1)", "DATE(1E15,1,1)", "INDEX(C1:C3,1E300)", "ROUND(1,1E300)",
      "TEXT(1E300,\"dd/mm/yyyy\")", "TEXT(1,\"0.000000000000000000000000000\")",
      "OFFSET(A1,1E12,0)", "CHAR(1E300)", "ADDRESS(1E300,1)", "DATEDIF(0,1E300,\"d\")",
      "TEXT(0.5,\"s.0000000000000000000000\")", "TEXT(1E300,\"0.00\")",
    ])
  func hugeArguments(_ formula: String) {
    // An error, a value or an unsupported format: anything but a trap.
    #expect(value(formula, Self.data) != nil)
  }

  @Test func textDoublingIsBounded() {
    var contents: [String: Any] = ["A1": "abcdefghij"]
    for r in 2...40 { contents["A\(r)"] = "=A\(r - 1)&A\(r - 1)" }
    let r = Recalculator(workbook: makeWorkbook([("S", contents)])).recalculate()
    #expect(r.recalculated(sheet: 0, at: CellReference("A40")!) == .error("#VALUE!"))
  }

  @Test func namesThatDoubleAreBounded() {
    var names = [DefinedName(name: "Level_0", formula: "1")]
    for k in 1...30 {
      names.append(DefinedName(name: "Level_\(k)", formula: "Level_\(k - 1)+Level_\(k - 1)"))
    }
    names.append(DefinedName(name: "Self", formula: "Self+1"))
    guard case .unsupported? = value("Level_30", names: names) else {
      Issue.record("2^30 name expansions were not refused")
      return
    }
    guard case .unsupported? = value("Self", names: names) else {
      Issue.record("a self-referencing name was not refused")
      return
    }
  }

  @Test func hostileFormulaIsUnsupportedNotACrash() {
    let bomb = String(repeating: "(", count: 2000) + "1" + String(repeating: ")", count: 2000)
    guard case .unsupported(let reason)? = value(bomb) else {
      Issue.record("a parenthesis bomb evaluated")
      return
    }
    #expect(reason.contains("nests deeper"))
  }
}
