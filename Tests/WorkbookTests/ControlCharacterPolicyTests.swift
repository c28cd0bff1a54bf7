import Archive
import Diagnostics
import Foundation
import Testing

@testable import Workbook

/// One policy for the characters XML 1.0 cannot carry (docs/markup.md): never written raw,
/// never a refusal; OOXML strings escape them as `_xHHHH_`, everything else leaves them out and
/// counts them.
@Suite("Control characters")
struct ControlCharacterPolicyTests {
  @Test func ooxmlStringEscapesRoundTrip() {
    for text in [
      "a\u{1}b", "line_x000D_literal", "_x005F_", "tab\there\r\n", "\u{FFFE}\u{FFFF}",
      "_xABCD_\u{7}",
    ] {
      #expect(OOXMLEscapes.decode(Array(OOXMLEscapes.encode(text).utf8)) == text, "\(text)")
    }
    #expect(OOXMLEscapes.encode("a\u{1}b") == "a_x0001_b")
    #expect(OOXMLEscapes.encode("say _x000D_") == "say _x005F_x000D_")
    #expect(OOXMLEscapes.decode(Array("a_x000D_b_x005f_x0041_".utf8)) == "a\rb_x0041_")
    let note = String(decoding: XLSXMarkup.string("«\"x\"»\u{7} _x0041_ <&>"), as: UTF8.self)
    #expect(note == "«&quot;x&quot;»_x0007_ _x005F_x0041_ &lt;&amp;&gt;")
  }

  @Test func xlsxNoteWithAControlCharacterIsEscapedNotRefused() throws {
    let path = try XLSXPatcherTests.package(
      sheet: XLSXPatcherTests.sheet(#"<row r="1"><c r="A1"><v>1</v></c></row>"#))
    let out = Fixtures.temporaryDirectory().appendingPathComponent("note.xlsx").path
    let report = try WorkbookPatcher.write(
      path, workbook: try Workbook(contentsOf: path),
      patches: [
        "Plan": [
          CellReference("A1")!: XLSXPatcherTests.number("2", note: "Libellé\u{7}fin _x0041_")
        ]
      ],
      to: out)
    #expect(report.droppedCharacters == 0)
    let comments = String(decoding: try Archive(path: out).read("xl/comments1.xml"), as: UTF8.self)
    #expect(comments.contains("Libellé_x0007_fin _x005F_x0041_"))
    #expect(
      try Workbook(contentsOf: out).sheets[0].cell(at: CellReference("A1")!)?.value
        == .number(2, .plain))
  }

  @Test func odsNoteWithAControlCharacterLeavesItOutAndCountsIt() throws {
    let path = try ODSPatcherTests.package(
      ODSPatcherTests.content(
        #"<table:table table:name="Plan"><table:table-row><table:table-cell office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell></table:table-row></table:table>"#
      ))
    let out = Fixtures.temporaryDirectory().appendingPathComponent("note.ods").path
    let report = try WorkbookPatcher.write(
      path, workbook: try Workbook(contentsOf: path),
      patches: [
        "Plan": [CellReference("A1")!: ODSPatcherTests.number("2", note: "a\u{7}b\u{FFFF}c")]
      ],
      to: out)
    #expect(report.droppedCharacters == 2)
    let content = String(decoding: try Archive(path: out).read("content.xml"), as: UTF8.self)
    #expect(content.contains("<text:p>abc</text:p>"))
    #expect(
      try Workbook(contentsOf: out).sheets[0].cell(at: CellReference("A1")!)?.value
        == .number(2, .plain))
  }
}
