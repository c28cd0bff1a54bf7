import Archive
import Diagnostics
import Formula
import Foundation
import Testing
import Workbook

/// `convert` of an .xlsx into .ods writes the rows while it reads them
/// (``StreamedConversion``); the bytes must be those of the ordinary path — read whole,
/// translate, write — whatever the batches, and a workbook whose rows can't be written early
/// must be declined with nothing written.
@Suite("Streamed conversion")
struct StreamedConversionTests {
  /// A small deterministic generator (the same workbooks on every run).
  struct Generator {
    var state: UInt64
    mutating func next(_ n: Int) -> Int {
      state = state &* 6364136223846793005 &+ 1442695040888963407
      return Int((state >> 33) % UInt64(n))
    }
  }

  /// A workbook with sheets of a few to some thousands of rows: gaps of empty rows (some longer
  /// than a batch), heights and hidden rows (also past the last cell), styled empty cells,
  /// formulas that translate and some that don't (with and without a cached value), names, a
  /// sheet with a default column width (and a merged range), frozen panes; a merged range on
  /// the first sheet when `merges`.
  static func workbook(seed: UInt64, merges: Bool) -> Workbook {
    var g = Generator(state: seed)
    var sheets: [Sheet] = []
    let count = 1 + g.next(3)
    for s in 0..<count {
      var cells: [Cell] = []
      var blanks: [Cell] = []
      var formulas: [CellReference: CellFormula] = [:]
      var rows: [RowFormat] = []
      var r: Int32 = Int32(g.next(4))
      let target = 200 + g.next(14_000)
      while cells.count < target {
        let width = 1 + g.next(4)
        for c in 0..<width {
          let ref = CellReference(row: r, column: Int32(c))
          switch g.next(10) {
          case 0: cells.append(Cell(reference: ref, value: .text("ligne \(g.next(50)) <&>"), style: 1))
          case 1: blanks.append(Cell(reference: ref, value: nil, style: 1))
          case 2:
            let above = max(0, Int(r))
            cells.append(Cell(reference: ref, value: .number(Double(g.next(1000)), .plain)))
            formulas[ref] = CellFormula(text: "A\(above + 1)*2+SUM(B1:B\(above + 1))", dialect: .ooxml)
          case 3 where g.next(20) == 0:
            // Not carried: a reference into another file, with and without a cached value.
            let cached: CellValue? = g.next(2) == 0 ? .number(7, .plain) : nil
            cells.append(Cell(reference: ref, value: cached))
            formulas[ref] = CellFormula(text: "[1]Feuil1!A1+1", dialect: .ooxml)
          case 4: cells.append(Cell(reference: ref, value: .bool(g.next(2) == 0)))
          default: cells.append(Cell(reference: ref, value: .number(Double(g.next(100_000)) / 100, .currency), style: 2))
          }
        }
        if g.next(9) == 0 { rows.append(RowFormat(first: r, last: r, height: Double(12 + g.next(30)))) }
        if g.next(40) == 0 { rows.append(RowFormat(first: r, last: r, height: nil, hidden: true)) }
        // Mostly the next row; sometimes a gap, now and then longer than a batch.
        switch g.next(60) {
        case 0 where r < 200_000 && g.next(8) == 0: r += Int32(2_000 + g.next(20_000))
        case 1...6: r += Int32(2 + g.next(40))
        default: r += 1
        }
        if g.next(200) == 0 { rows.append(RowFormat(first: r, last: r, height: 40)) }
      }
      // Formats past the last cell, and a cell-less formatted row at the end.
      rows.append(RowFormat(first: r + 3, last: r + 3, height: nil, hidden: true))
      var sheet = Sheet(name: s == 1 ? "Année 2" : "Plan \(s)", cells: cells, formulas: formulas, rows: rows)
      sheet.blanks = blanks.filter { b in formulas[b.reference] == nil }
      sheet.columns = [ColumnFormat(first: 0, last: 0, width: 90), ColumnFormat(first: 2, last: 2, width: nil, hidden: true)]
      if s == 1 { sheet.defaultColumnWidth = 50 }
      if s == 0 { sheet.frozenRows = 1 }
      // The first sheet is written as it is read: its merged ranges, known after its rows,
      // decline the workbook. The second (a default width) is written whole: its merges don't.
      if (merges && s == 0) || s == 1 { sheet.merged = [CellRange("A1:B1")!] }
      sheets.append(sheet)
    }
    var bold = CellStyle(numberFormat: "General", bold: true)
    bold.fill = "FFFF00"
    let euro = CellStyle(numberFormat: "#,##0.00\\ \"€\"")
    return Workbook(
      format: .xlsx, sheets: sheets, styles: [.plain, bold, euro],
      definedNames: [
        DefinedName(name: "Total", formula: "'Plan 0'!$B$3"), DefinedName(name: "Ailleurs", formula: "[1]Feuil1!$A$1"),
      ])
  }

  /// The ordinary path: read whole, translate, write.
  static func ordinary(_ xlsx: String, to path: String) throws -> WorkbookTranslation.Result {
    let read = try Workbook(contentsOf: xlsx)
    let translation = WorkbookTranslation.translate(read, to: .ods)
    try WorkbookWriter.write(translation.workbook, to: path)
    return translation
  }

  @Test("rows written while read give the bytes of the ordinary path", arguments: 1...8)
  func sameBytes(seed: Int) throws {
    let folder = Fixtures.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: folder) }
    for merges in [false, true] {
      let xlsx = folder.appendingPathComponent("in-\(merges).xlsx").path
      try WorkbookWriter.write(Self.workbook(seed: UInt64(seed), merges: merges), to: xlsx)
      let expected = folder.appendingPathComponent("ordinary-\(merges).ods").path
      let translation = try Self.ordinary(xlsx, to: expected)
      let streamedPath = folder.appendingPathComponent("streamed-\(merges).ods").path
      let outcome = try StreamedConversion.xlsxToODS(
        input: xlsx, output: streamedPath, replacing: false, options: .default, limits: .default)
      switch outcome {
      case .written(_, let result, _):
        #expect(!merges, "seed \(seed): a sheet with a merged range is written whole, never early")
        #expect(FileManager.default.contents(atPath: streamedPath) == FileManager.default.contents(atPath: expected),
          "seed \(seed)")
        #expect(result.formulasKept == translation.formulasKept, "seed \(seed)")
        #expect(result.formulasAsValues == translation.formulasAsValues, "seed \(seed)")
        #expect(result.namesDropped == translation.namesDropped, "seed \(seed)")
      case .declined:
        // Only the first sheet's merged range declines a workbook here (it has no default width:
        // it is written as it is read).
        #expect(merges, "seed \(seed): declined without a reason")
        #expect(!FileManager.default.fileExists(atPath: streamedPath), "seed \(seed): nothing written when declined")
      }
    }
    // Nothing but the outputs: no temporary file left beside them.
    let left = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".tmp") }
    #expect(left.isEmpty, "\(left)")
  }

  /// A sheet whose rows go back up after a batch was handed over: declined, nothing written,
  /// and the ordinary path still converts it.
  @Test("rows out of order: declined, nothing written")
  func rowsOutOfOrder() throws {
    let folder = Fixtures.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: folder) }
    var rows = (1...12_000).map { #"<row r="\#($0 + 5)"><c r="A\#($0 + 5)"><v>\#($0)</v></c></row>"# }
    rows.append(#"<row r="2"><c r="B2"><v>42</v></c></row>"#)
    let xlsx = try Fixtures.xlsx(sheetData: rows.joined())
    let out = folder.appendingPathComponent("out.ods").path
    let outcome = try StreamedConversion.xlsxToODS(input: xlsx, output: out, replacing: false, options: .default, limits: .default)
    guard case .declined(let read) = outcome else {
      Issue.record("rows out of order were written early")
      return
    }
    #expect(!FileManager.default.fileExists(atPath: out))
    #expect(read.sheets[0].cells.first?.reference == CellReference("B2"), "the workbook read is whole and sorted")
    try WorkbookWriter.write(WorkbookTranslation.translate(read, to: .ods).workbook, to: out)
    let back = try Workbook(contentsOf: out)
    #expect(back.sheets[0].cells.count == 12_001)
  }

  /// A part that breaks after some batches were written: the error, and no file.
  @Test("a read error half-way leaves no file")
  func readErrorLeavesNothing() throws {
    let folder = Fixtures.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: folder) }
    var rows = (1...20_000).map { #"<row r="\#($0)"><c r="A\#($0)"><v>\#($0)</v></c></row>"# }
    rows.append(#"<row r="20001"><c r="A20001"><v>1</c></row>"#)
    let xlsx = try Fixtures.xlsx(sheetData: rows.joined())
    let out = folder.appendingPathComponent("out.ods").path
    #expect(throws: SpreadsheetError.self) {
      _ = try StreamedConversion.xlsxToODS(input: xlsx, output: out, replacing: false, options: .default, limits: .default)
    }
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
  }
}
