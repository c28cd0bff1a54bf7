import Diagnostics
import FoundationEssentials
import Testing
import Workbook

@testable import Budget

/// A number that replaces a text amount is shown as the text was (issue 13, honest fixes): the
/// number format follows the text's euro sign, grouping and decimals.
@Suite("Text amounts' formats")
struct TextAmountFormatTests {
  @Test func theFormatLooksLikeTheText() {
    #expect(Money.formatCode(lookingLike: "49 600 €") == #"#,##0 "€""#)
    #expect(Money.formatCode(lookingLike: "49\u{202F}600\u{A0}€") == #"#,##0 "€""#)
    #expect(Money.formatCode(lookingLike: "1 200,50 €") == #"#,##0.00 "€""#)
    #expect(Money.formatCode(lookingLike: "1200,50€") == #"0.00"€""#)
    #expect(Money.formatCode(lookingLike: "€2,400", style: .english) == ##""€"#,##0"##)
    #expect(Money.formatCode(lookingLike: "€ 2,400.00", style: .english) == ##""€" #,##0.00"##)
    #expect(Money.formatCode(lookingLike: "27 265") == "#,##0")
    #expect(Money.formatCode(lookingLike: "0 €") == #"#,##0 "€""#)
    #expect(Money.formatCode(lookingLike: "12000 EUR") == #"0 "€""#)
    #expect(Money.formatCode(lookingLike: "hello") == nil)
  }

  /// Written into the input (xlsx, and the same plan as ods), read back: the corrected cells are
  /// numbers whose style shows the euro sign and groups thousands; every other cell keeps its
  /// style.
  @Test(.enabled(if: SharedPlans.exists), arguments: ["xlsx", "ods"])
  func theCorrectedCellsShowAsTheTextDid(ext: String) throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("equilibre-fmt-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    var input = SharedPlans.folder + "/seed-meuse-asp-text.xlsx"
    if ext == "ods" {
      let converted = dir.appendingPathComponent("text.ods").path
      try WorkbookWriter.write(try Workbook(contentsOf: input), to: converted)
      input = converted
    }
    let workbook = try Workbook(contentsOf: input)
    let c = Corrections(workbook)
    #expect(c.corrections.count == 40)
    let patches = c.patches(annotate: false, language: .fr)
    let output = dir.appendingPathComponent("fixed.\(ext)").path
    try WorkbookPatcher.write(input, workbook: workbook, patches: patches, to: output)
    let fixed = try Workbook(contentsOf: output)
    let before = try #require(workbook.sheets.first)
    let sheet = try #require(fixed.sheets.first)
    var codes: Set<String> = []
    for k in c.corrections {
      let cell = try #require(sheet.cell(at: k.cell))
      guard case .number(let v, _)? = cell.value else {
        Issue.record("\(k.cell) holds \(String(describing: cell.value))")
        continue
      }
      #expect(Money(storedNumber: v) == k.after)
      let code = fixed.style(of: cell).numberFormat
      codes.insert(code)
      guard case .text(let text)? = k.before else { continue }
      #expect(code.contains("#,##0"), "\(k.cell): \(code)")
      #expect(code.contains("€") == text.contains("€"), "\(k.cell) «\(text)»: \(code)")
      // The rest of the look is the cell's: bold, fill, borders.
      let old = workbook.style(of: try #require(before.cell(at: k.cell)))
      let new = fixed.style(of: cell)
      #expect(new.bold == old.bold && new.fill == old.fill && new.borders == old.borders, "\(k.cell)")
    }
    #expect(codes.count == 2, "\(codes)")
    let corrected = Set(c.corrections.map(\.cell))
    for cell in before.cells where !corrected.contains(cell.reference) {
      let after = try #require(sheet.cell(at: cell.reference))
      #expect(fixed.style(of: after) == workbook.style(of: cell), "\(cell.reference)'s style changed")
    }
  }
}
