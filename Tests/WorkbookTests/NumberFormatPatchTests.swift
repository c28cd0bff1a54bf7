import Archive
import Diagnostics
import Foundation
import TestSupport
import Testing

@testable import Workbook

/// A patch with a number format (``CellPatch/numberFormat``): the cell gets a style like its own
/// showing numbers that way; the style sheet gains only what it lacked.
@Suite("Number formats in patches")
struct NumberFormatPatchTests {
  static let euro = #"#,##0 "€""#
  static func patch(_ n: String, _ format: String?) -> CellPatch {
    CellPatch(number: n, display: n, formula: .remove, numberFormat: format)
  }
  static func ref(_ a1: String) -> CellReference { CellReference(a1)! }

  /// An xlsx whose style sheet has a prefix, no `numFmts`, a text cell format (1, bold) and a
  /// cell format that already shows `#,##0` bold (2).
  static func xlsx(styles: String?) throws -> String {
    let sheet = XLSXPatcherTests.sheet(
      #"<row r="1"><c r="A1" s="1" t="inlineStr"><is><t>1 200 €</t></is></c><c r="B1" s="1" t="inlineStr"><is><t>1 300</t></is></c><c r="C1" t="inlineStr"><is><t>5 €</t></is></c><c r="D1" s="1" t="inlineStr"><is><t>7 €</t></is></c></row>"#)
    let path = try XLSXPatcherTests.package(sheet: sheet)
    guard let styles else { return path }
    let archive = try Archive(path: path)
    let out = Fixtures.temporaryDirectory().appendingPathComponent("styled.xlsx").path
    let writer = try ArchiveWriter(path: out)
    for name in archive.entryNames { try writer.copy(name, from: archive) }
    try writer.add("xl/styles.xml", text: styles)
    try writer.commit()
    return out
  }

  static let styleSheet = """
    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
    <x:styleSheet xmlns:x="\(XLSXPatcherTests.main)"><x:fonts count="2"><x:font/><x:font><x:b/></x:font></x:fonts>\
    <x:fills count="1"><x:fill/></x:fills><x:borders count="1"><x:border/></x:borders>\
    <x:cellXfs count="3"><x:xf numFmtId="0" fontId="0"/><x:xf numFmtId="49" fontId="1" applyFont="1"/>\
    <x:xf numFmtId="3" fontId="1" applyFont="1" applyNumberFormat="1"/></x:cellXfs></x:styleSheet>
    """

  @Test func xlsxCellsGetACloneOfTheirCellFormat() throws {
    let input = try Self.xlsx(styles: Self.styleSheet)
    let output = try XLSXPatcherTests.patch(
      input,
      ["Plan": [
        Self.ref("A1"): Self.patch("1200", Self.euro), Self.ref("B1"): Self.patch("1300", "#,##0"),
        Self.ref("C1"): Self.patch("5", Self.euro), Self.ref("D1"): Self.patch("7", Self.euro),
      ]])
    let styles = try String(decoding: Archive(path: output).read("xl/styles.xml"), as: UTF8.self)
    // The new format once, under the root's prefix; the clones appended, counted.
    #expect(styles.contains(##"<x:numFmts count="1"><x:numFmt numFmtId="164" formatCode="#,##0 &quot;€&quot;"/></x:numFmts><x:fonts"##))
    #expect(styles.contains(#"<x:cellXfs count="5">"#))
    #expect(styles.components(separatedBy: "numFmtId=\"164\"").count == 4)  // the format, two clones
    let sheet = try String(decoding: Archive(path: output).read("xl/worksheets/sheet1.xml"), as: UTF8.self)
    // A1 and D1 share the bold euro clone, B1 reuses the existing bold #,##0 format (2), C1 (no
    // style) gets a clone of the default.
    #expect(sheet.contains(#"<c r="A1" s="3"><v>1200</v></c>"#), "\(sheet)")
    #expect(sheet.contains(#"<c r="B1" s="2"><v>1300</v></c>"#), "\(sheet)")
    #expect(sheet.contains(#"<c r="C1" s="4"><v>5</v></c>"#), "\(sheet)")
    #expect(sheet.contains(#"<c r="D1" s="3"><v>7</v></c>"#), "\(sheet)")
    let workbook = try Workbook(contentsOf: output)
    let plan = try #require(workbook.sheet(named: "Plan"))
    let a1 = workbook.style(of: try #require(plan.cell(at: Self.ref("A1"))))
    #expect(a1.numberFormat == Self.euro && a1.bold)
    #expect(workbook.style(of: try #require(plan.cell(at: Self.ref("C1")))).numberFormat == Self.euro)
  }

  @Test func anXlsxWithoutAStyleSheetKeepsItsCellsUnstyled() throws {
    let input = try Self.xlsx(styles: nil)
    let output = try XLSXPatcherTests.patch(input, ["Plan": [Self.ref("A1"): Self.patch("1200", Self.euro)]])
    #expect(!(try Archive(path: output).contains("xl/styles.xml")))
    let sheet = try String(decoding: Archive(path: output).read("xl/worksheets/sheet1.xml"), as: UTF8.self)
    #expect(sheet.contains(#"<c r="A1" s="1"><v>1200</v></c>"#), "\(sheet)")
  }

  /// An ods: the automatic style is copied with the data style; a cell without style gets a
  /// new one; the same style and format give one style; without automatic styles, they are made.
  @Test(arguments: [true, false]) func odsCellsGetACopyOfTheirStyle(automaticStyles: Bool) throws {
    let row = """
      <table:table table:name="Plan"><table:table-row>\
      <table:table-cell table:style-name="ce1" office:value-type="string"><text:p>1 200 €</text:p></table:table-cell>\
      <table:table-cell office:value-type="string"><text:p>1 300</text:p></table:table-cell>\
      <table:table-cell table:style-name="ce1" office:value-type="string"><text:p>7 €</text:p></table:table-cell>\
      </table:table-row></table:table>
      """
    var content = ODSPatcherTests.content(row)
    if !automaticStyles {
      let start = try #require(content.range(of: "<office:automatic-styles>"))
      let end = try #require(content.range(of: "</office:automatic-styles>"))
      content.removeSubrange(start.lowerBound..<end.upperBound)
    }
    let input = try ODSPatcherTests.package(content)
    let output = try ODSPatcherTests.patch(
      input,
      ["Plan": [
        Self.ref("A1"): Self.patch("1200", Self.euro), Self.ref("B1"): Self.patch("1300", "#,##0"),
        Self.ref("C1"): Self.patch("7", Self.euro),
      ]])
    let text = try ODSPatcherTests.text(of: "content.xml", in: output)
    #expect(text.components(separatedBy: "<number:currency-style").count == 2, "\(text)")
    #expect(text.components(separatedBy: "<number:number-style").count == 2, "\(text)")
    let workbook = try Workbook(contentsOf: output)
    let plan = try #require(workbook.sheet(named: "Plan"))
    let a1 = workbook.style(of: try #require(plan.cell(at: Self.ref("A1"))))
    let c1 = workbook.style(of: try #require(plan.cell(at: Self.ref("C1"))))
    let b1 = workbook.style(of: try #require(plan.cell(at: Self.ref("B1"))))
    #expect(a1.numberFormat.contains("#,##0") && a1.numberFormat.contains("€"), "\(a1.numberFormat)")
    #expect(a1.bold == automaticStyles && a1 == c1)
    #expect(b1.numberFormat.contains("#,##0") && !b1.numberFormat.contains("€") && !b1.bold, "\(b1.numberFormat)")
    // Outside the automatic styles and the patched row, nothing changed.
    if automaticStyles {
      let original = try ODSPatcherTests.text(of: "content.xml", in: input)
      let head = try #require(original.range(of: "</office:automatic-styles>"))
      #expect(text.hasPrefix(String(original[..<head.lowerBound])))
    }
  }
}
