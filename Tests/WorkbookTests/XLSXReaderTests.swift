import Foundation
import Diagnostics
import Testing

@testable import Workbook

@Suite("XLSX reader")
struct XLSXReaderTests {
  func read(_ path: String, options: ReadOptions = .default) throws -> Workbook {
    try Workbook(contentsOf: path, options: options)
  }

  @Test func readsTypesAndSkipsEmptyStrings() throws {
    let path = try Fixtures.xlsx(
      sheetData: """
        <row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1"><v>49600</v></c><c r="C1" t="b"><v>1</v></c>\
        <c r="D1" t="e"><v>#DIV/0!</v></c><c r="E1" t="str"><v>x</v></c><c r="F1" t="inlineStr"><is><t>in</t></is></c>\
        <c r="G1" t="s"><v>1</v></c><c r="H1" t="d"><v>2022-05-01T12:00:00</v></c></row>
        """, sharedStrings: ["<t>Personnel</t>", "<t></t>"])
    let sheet = try #require(try read(path).sheets.first)
    #expect(sheet.name == "Plan")
    #expect(sheet.cells.map(\.reference.description) == ["A1", "B1", "C1", "D1", "E1", "F1", "H1"])
    #expect(sheet.cells[0].value == .text("Personnel"))
    #expect(sheet.cells[1].value == .number(49600, .plain))
    #expect(sheet.cells[2].value == .bool(true))
    #expect(sheet.cells[3].value == .error("#DIV/0!"))
    #expect(sheet.cells[6].value == .number(44682.5, .date))
  }

  @Test func placesCellsAndRowsWithoutReferences() throws {
    let path = try Fixtures.xlsx(
      sheetData: #"<row><c><v>1</v></c><c><v>2</v></c></row><row r="5"><c r="C5"><v>3</v></c><c><v>4</v></c></row><row><c><v>5</v></c></row>"#)
    let refs = try read(path).sheets[0].cells.map(\.reference.description)
    #expect(refs == ["A1", "B1", "C5", "D5", "A6"])
  }

  @Test func expandsSharedFormulasShiftingOnlyRelativeReferences() throws {
    let path = try Fixtures.xlsx(
      sheetData: """
        <row r="2"><c r="D2"><f t="shared" ref="D2:D4" si="0">SUM(B2:C2)*$A$1+B$1+'My Sheet'!A2</f><v>1</v></c></row>\
        <row r="3"><c r="D3"><f t="shared" si="0"/><v>2</v></c></row>\
        <row r="4"><c r="E4"><f t="shared" ref="E4:F4" si="1">LOG10(A4)&amp;"A1"</f><v>3</v></c><c r="F4"><f t="shared" si="1"/><v>4</v></c></row>\
        <row r="5"><c r="A5"><f t="array" ref="A5:A7">B1:B3*2</f><v>5</v></c><c r="B5"><f>A5</f></c></row>
        """)
    let f = try read(path).sheets[0].formulas
    #expect(f[CellReference("D3")!]?.text == "SUM(B3:C3)*$A$1+B$1+'My Sheet'!A3")
    #expect(f[CellReference("F4")!]?.text == "LOG10(B4)&\"A1\"")
    #expect(f[CellReference("A5")!]?.arrayRange == CellRange("A5:A7"))
    // A formula with no cached value is kept, with no value.
    let sheet = try read(path).sheets[0]
    #expect(sheet.cell(at: CellReference("B5")!)?.value == nil)
    #expect(sheet.formulas[CellReference("B5")!]?.text == "A5")
  }

  @Test func shifterHandlesRangesAndEdges() {
    #expect(FormulaShifter.shift("A1+$B2+C$3+$D$4", rows: 1, columns: 1) == "B2+$B3+D$3+$D$4")
    #expect(FormulaShifter.shift("SUM(A:A)+SUM(1:2)", rows: 1, columns: 1) == "SUM(B:B)+SUM(2:3)")
    #expect(FormulaShifter.shift("A1", rows: -1, columns: 0) == "#REF!")
    #expect(FormulaShifter.shift("Sheet1!A1+\"B2\"", rows: 1, columns: 0) == "Sheet1!A2+\"B2\"")
  }

  @Test func matchesNamespacesByURI() throws {
    let prefixed = try Fixtures.xlsx(
      sheetData: #"<x:row r="1"><x:c r="A1"><x:v>7</x:v></x:c></x:row>"#, prefix: "x")
    #expect(try read(prefixed).sheets[0].cells.first?.value == .number(7, .plain))
    let strict = try Fixtures.xlsx(
      sheetData: #"<row r="1"><c r="A1"><v>8</v></c></row>"#, namespace: "http://purl.oclc.org/ooxml/spreadsheetml/main")
    #expect(try read(strict).sheets[0].cells.first?.value == .number(8, .plain))
    // Elements of another namespace (an extension list's xm:f) are not cells or formulas.
    let ext = try Fixtures.xlsx(
      sheetData: #"<row r="1"><c r="A1"><v>9</v></c></row>"#,
      sheetExtra: #"<extLst><ext uri="x"><xm:f xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main">A1</xm:f></ext></extLst>"#)
    let sheet = try read(ext).sheets[0]
    #expect(sheet.formulas.isEmpty)
    #expect(sheet.cells.count == 1)
  }

  @Test func decodesEscapesJoinsRunsAndDropsPhonetics() throws {
    let path = try Fixtures.xlsx(
      sheetData: #"<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>"#,
      sharedStrings: [
        #"<r><t>Total</t></r><r><t xml:space="preserve"> charges_x000D_</t></r><rPh><t>ふりがな</t></rPh>"#,
        #"<t>_x005F_x0041_ and _x0041_</t>"#,
      ])
    let cells = try read(path).sheets[0].cells
    #expect(cells[0].value == .text("Total charges\r"))
    #expect(cells[1].value == .text("_x0041_ and A"))
  }

  @Test func readsTheLastCellOfTheGridAndIgnoresTheDeclaredDimension() throws {
    let path = try Fixtures.xlsx(
      sheetData: #"<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>"#,
      sheetExtra: "")
    let sheet = try read(path).sheets[0]
    #expect(sheet.cells.map(\.reference.description) == ["XFD1048576"])
  }

  @Test func refusesReferencesPastTheGrid() throws {
    let path = try Fixtures.xlsx(sheetData: #"<row r="1"><c r="XFE1"><v>1</v></c></row>"#)
    #expect(Fixtures.error(reading: path)?.code == .invalid)
    let row = try Fixtures.xlsx(sheetData: #"<row r="1048577"><c><v>1</v></c></row>"#)
    #expect(Fixtures.error(reading: row)?.code == .invalid)
  }

  @Test func namesTheCellOfABadValue() throws {
    let sst = try Fixtures.xlsx(sheetData: #"<row r="3"><c r="B3" t="s"><v>7</v></c></row>"#, sharedStrings: ["<t>a</t>"])
    let e = try #require(Fixtures.error(reading: sst))
    #expect(e.code == .invalid)
    #expect(e.location.cell == "B3")
    #expect(e.location.sheet == "Plan")
    #expect(e.location.part == "xl/worksheets/sheet1.xml")
    #expect(e.location.file == sst)
    let number = try Fixtures.xlsx(sheetData: #"<row r="1"><c r="A1"><v>12,5O</v></c></row>"#)
    #expect(Fixtures.error(reading: number)?.code == .invalid)
    let overflow = try Fixtures.xlsx(sheetData: #"<row r="1"><c r="A1"><v>1e400</v></c></row>"#)
    #expect(Fixtures.error(reading: overflow)?.code == .invalid)
  }

  @Test func capsTheNumberOfCells() throws {
    let row = (1...50).map { "<c><v>\($0)</v></c>" }.joined()
    let path = try Fixtures.xlsx(sheetData: "<row>\(row)</row><row>\(row)</row>")
    #expect(Fixtures.error(reading: path, options: ReadOptions(maxCells: 60))?.code == .workbookLimit)
    #expect(try read(path, options: ReadOptions(maxCells: 100)).sheets[0].cells.count == 100)
  }

  @Test func refusesARelationshipClimbingOutOfThePackage() throws {
    #expect(Relationships.resolve("../../etc/passwd", from: "xl/workbook.xml") == nil)
    #expect(Relationships.resolve("/xl/worksheets/sheet1.xml", from: "xl/workbook.xml") == "xl/worksheets/sheet1.xml")
    #expect(Relationships.resolve("worksheets/../worksheets/./s%201.xml", from: "xl/workbook.xml") == "xl/worksheets/s 1.xml")
    let path = try Fixtures.zip(
      "out.xlsx",
      [
        ("xl/workbook.xml", #"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>"#),
        ("xl/_rels/workbook.xml.rels", #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="../../../etc/passwd"/></Relationships>"#),
      ])
    let e = try #require(Fixtures.error(reading: path))
    #expect(e.code == .missingPart)
    #expect(!e.description.contains("root:"))
  }

  @Test func readsThe1904DateSystemAndDateFormats() throws {
    let styles = #"<numFmts count="1"><numFmt numFmtId="164" formatCode="[h]:mm"/></numFmts><cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/></cellXfs>"#
    let path = try Fixtures.xlsx(
      sheetData: #"<row r="1"><c r="A1" s="1"><v>0</v></c><c r="B1" s="2"><v>1.5</v></c><c r="C1" s="1"><v>0.5</v></c></row>"#,
      workbookExtra: #"<workbookPr date1904="true"/>"#, styles: styles)
    let wb = try read(path)
    #expect(wb.dateSystem == .from1904)
    let typed = wb.sheets[0].cells.compactMap { $0.value.map { wb.typed($0) } }
    #expect(typed.map(\.type) == ["time", "duration", "time"])
    #expect(typed[1].text == "PT36H0M0S")
    #expect(DateSerial.isoDate(1, system: .from1904) == "1904-01-02")
    #expect(DateSerial.isoDate(61, system: .from1900) == "1900-03-01")
    #expect(DateSerial.isoDate(59, system: .from1900) == "1900-02-28")
    #expect(DateSerial.serial(iso: "2022-05-01", system: .from1900) == 44682)
  }

  @Test func refusesOtherExtensionsByName() throws {
    let dir = Fixtures.temporaryDirectory()
    let csv = dir.appendingPathComponent("plan.csv").path
    try "a,b".write(toFile: csv, atomically: true, encoding: .utf8)
    #expect(Fixtures.error(reading: csv)?.code == .unsupported)
    let xls = dir.appendingPathComponent("plan.xls").path
    try "a,b".write(toFile: xls, atomically: true, encoding: .utf8)
    #expect(Fixtures.error(reading: xls)?.code == .legacyXLS)
  }

  @Test func refusesAPackageWithoutAWorkbook() throws {
    let path = try Fixtures.zip("empty.xlsx", [("docProps/app.xml", "<Properties/>")])
    #expect(Fixtures.error(reading: path)?.code == .missingPart)
  }

  /// Two sheets naming one part (Excel never writes it; a hostile file names one part thousands
  /// of times): both get its cells, read once, and both count against the caps.
  @Test func sheetsNamingOnePartShareItsCellsAndCountTwice() throws {
    let ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    let rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    let path = try Fixtures.zip(
      "twice.xlsx",
      [
        (
          "xl/workbook.xml",
          #"<workbook xmlns="\#(ns)" xmlns:r="\#(rel)"><sheets><sheet name="A" sheetId="1" r:id="rId1"/><sheet name="B" sheetId="2" r:id="rId1" state="hidden"/></sheets></workbook>"#
        ),
        (
          "xl/_rels/workbook.xml.rels",
          #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="\#(rel)/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#
        ),
        (
          "xl/worksheets/sheet1.xml",
          #"<worksheet xmlns="\#(ns)"><sheetData><row r="1"><c r="A1"><v>1</v></c><c r="B1"><f>A1*2</f><v>2</v></c></row></sheetData><mergeCells><mergeCell ref="C1:D1"/></mergeCells></worksheet>"#
        ),
      ])
    let book = try read(path)
    #expect(book.sheets.map(\.name) == ["A", "B"])
    #expect(book.sheets[1].visibility == .hidden)
    #expect(book.sheets[0].cells == book.sheets[1].cells && book.sheets[1].cells.count == 2)
    #expect(book.sheets[0].formulas == book.sheets[1].formulas && book.sheets[1].formulas.count == 1)
    #expect(book.sheets[1].merged.map(\.description) == ["C1:D1"])
    let stats = try WorkbookStatistics(contentsOf: path)
    #expect(stats.sheets.map(\.cellCount) == [2, 2])
    // 4 cells in all: a cap of 3 refuses them at the second sheet, one of 4 reads them.
    let refused = Fixtures.error(reading: path, options: ReadOptions(maxCells: 3))
    #expect(refused?.code == .workbookLimit && refused?.location.sheet == "B")
    #expect(Fixtures.error(reading: path, options: ReadOptions(maxCells: 4)) == nil)
  }
}
