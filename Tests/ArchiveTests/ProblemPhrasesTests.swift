import Diagnostics
import Testing

/// Every ``Problem`` has its sentence in French and in English, and they are not the same words.
@Suite("Problem phrases")
struct ProblemPhrasesTests {
  static let libzip = Cause(.libzip, code: 17, text: "Premature end of file")
  static let truncated = Cause(.libzip, code: 19, text: "Not a zip archive")
  static let system = Cause(.system, code: 13, text: "Permission denied")
  static let libxml = Cause(.libxml2, code: 76, text: "Opening and ending tag mismatch: row line 1 and sheetData")

  /// One value of every case, with figures in its associated values (and the variants the
  /// sentences depend on: with and without a cause, a known and an unknown foreign format).
  static let samples: [Problem] = [
    .noSuchFile, .isFolder, .notRegularFile, .cannotOpen(system), .noExtension,
    .unknownExtension("csv", .delimitedText), .unknownExtension("txt", nil), .outputExists, .outputIsInput,
    .outputExtension, .outputFormat(input: "xlsx", output: "ods"), .cannotWrite(system),
    .cannotAddPart("xl/workbook.xml", libzip), .foldersTooDeep(limit: 64), .cannotOpenFolder(system),
    .folderNameNotUTF8, .fileNameNotUTF8, .danglingLink,
    .notZip, .encryptedPackage, .legacyBinary, .zipDamaged(libzip), .zipDamaged(truncated),
    .tooManyEntries(count: 200_000, limit: 100_000), .duplicateEntry("content.xml"), .missingPart("content.xml"),
    .entryDamaged(libzip), .entryEncrypted, .entryDeclaresTooMuch(bytes: 2_000_000_000, limitMiB: 1024),
    .entryInflatesTooMuch(limitMiB: 1024), .totalInflatesTooMuch(limitMiB: 1024),
    .inflateRatio(ratio: 400, inflated: 500_000_000, compressed: 1_000_000),
    .parserUnavailable, .malformedXML(nil), .malformedXML(libxml), .badEncoding, .utf16Part, .tooDeep(limit: 256),
    .textTooLong(limitMiB: 32), .doctype, .entityDeclaration, .noRootElement, .strayEndTag,
    .brokenMarkup(.unclosedTag, byte: 12), .brokenMarkup(.unclosedComment, byte: 12),
    .brokenMarkup(.unclosedCDATA, byte: 12), .brokenMarkup(.unclosedProcessingInstruction, byte: 12),
    .brokenMarkup(.unclosedAttribute, byte: 12), .brokenMarkup(.badAttribute, byte: 12),
    .brokenMarkup(.badTag, byte: 12), .brokenMarkup(.mismatchedEndTag, byte: 12),
    .brokenMarkup(.unclosedElement, byte: 12), .brokenMarkup(.truncated, byte: 12), .controlCharacter(0x1F),
    .noContent, .encryptedSpreadsheet, .notASpreadsheet, .noWorkbookPart("xl/workbook.xml"), .noWorkbookElement,
    .sheetWithoutPart(sheet: "Budget", relationship: "rId3"), .sheetWithoutPart(sheet: "Budget", relationship: nil),
    .tooManyCells(limit: 5_000_000), .tooMuchCellText(limitMiB: 256), .cellTextTooLong(limitMiB: 32),
    .tooManySharedStrings(limit: 5_000_000), .rowRepeatPastGrid(row: 12, repeats: 2_000_000),
    .cellRepeatPastGrid(row: 3, column: 4, repeats: 20_000), .rowPastLastColumn(row: 7),
    .notAPositiveNumber(attribute: "table:number-rows-repeated", value: "-1"), .rowOutsideGrid("0"),
    .notACellReference("ZZZZ1"), .notANumber("NaN"), .notADate("2024-13-45"),
    .sharedStringPastTable(index: "99", count: 3),
    .noSuchSheet("Budget"), .ambiguousSheet("Budget", count: 2), .sheetWithoutCells("Chart1"),
    .sheetSharesPart("Budget", with: "Copie"), .sheetHasComments("Budget"), .sheetHasLegacyDrawing("Budget"),
    .notPlainDecimal("1e5"), .rowsNotFollowed(missed: 2, of: 5), .moreTablesThanSheets(2),
    .tableNameMismatch(index: 1, written: "A", read: "B"), .rowInsideRow, .coveredCell("B3"),
    .overlappingRows("B3"), .arrayFormulaCell("B3", range: "B3:B5"), .noSheetData("B3", others: 0),
    .noSheetData("B3", others: 4), .noWorksheetElement, .sharedFormulaUnknown("C9"),
  ]

  /// The position of `problem`'s case among the cases: an exhaustive `switch`, so that a case
  /// added to ``Problem`` must be added here, and then to ``samples`` for the count to hold.
  static func caseIndex(_ problem: Problem) -> Int {
    switch problem {
    case .noSuchFile: 0
    case .isFolder: 1
    case .notRegularFile: 2
    case .cannotOpen: 3
    case .noExtension: 4
    case .unknownExtension: 5
    case .outputExists: 6
    case .outputIsInput: 7
    case .outputExtension: 8
    case .outputFormat: 9
    case .cannotWrite: 10
    case .cannotAddPart: 11
    case .foldersTooDeep: 12
    case .cannotOpenFolder: 13
    case .folderNameNotUTF8: 14
    case .fileNameNotUTF8: 15
    case .danglingLink: 16
    case .notZip: 17
    case .encryptedPackage: 18
    case .legacyBinary: 19
    case .zipDamaged: 20
    case .tooManyEntries: 21
    case .duplicateEntry: 22
    case .missingPart: 23
    case .entryDamaged: 24
    case .entryEncrypted: 25
    case .entryDeclaresTooMuch: 26
    case .entryInflatesTooMuch: 27
    case .totalInflatesTooMuch: 28
    case .inflateRatio: 29
    case .parserUnavailable: 30
    case .malformedXML: 31
    case .badEncoding: 32
    case .utf16Part: 33
    case .tooDeep: 34
    case .textTooLong: 35
    case .doctype: 36
    case .entityDeclaration: 37
    case .noRootElement: 38
    case .strayEndTag: 39
    case .brokenMarkup: 40
    case .controlCharacter: 41
    case .noContent: 42
    case .encryptedSpreadsheet: 43
    case .notASpreadsheet: 44
    case .noWorkbookPart: 45
    case .noWorkbookElement: 46
    case .sheetWithoutPart: 47
    case .tooManyCells: 48
    case .tooMuchCellText: 49
    case .cellTextTooLong: 50
    case .tooManySharedStrings: 51
    case .rowRepeatPastGrid: 52
    case .cellRepeatPastGrid: 53
    case .rowPastLastColumn: 54
    case .notAPositiveNumber: 55
    case .rowOutsideGrid: 56
    case .notACellReference: 57
    case .notANumber: 58
    case .notADate: 59
    case .sharedStringPastTable: 60
    case .noSuchSheet: 61
    case .ambiguousSheet: 62
    case .sheetWithoutCells: 63
    case .sheetSharesPart: 64
    case .sheetHasComments: 65
    case .sheetHasLegacyDrawing: 66
    case .notPlainDecimal: 67
    case .rowsNotFollowed: 68
    case .moreTablesThanSheets: 69
    case .tableNameMismatch: 70
    case .rowInsideRow: 71
    case .coveredCell: 72
    case .overlappingRows: 73
    case .arrayFormulaCell: 74
    case .noSheetData: 75
    case .noWorksheetElement: 76
    case .sharedFormulaUnknown: 77
    }
  }
  static let caseCount = 78

  @Test func theSamplesCoverEveryCase() {
    #expect(Set(Self.samples.map(Self.caseIndex)) == Set(0..<Self.caseCount))
  }

  @Test(arguments: samples)
  func frenchAndEnglishDiffer(problem: Problem) {
    let fr = ProblemPhrases.text(problem, .fr)
    let en = ProblemPhrases.text(problem, .en)
    #expect(!fr.isEmpty && !en.isEmpty)
    #expect(fr != en)
    // Each in its own words: no English function word in the French sentence, no French one in
    // the English sentence (the figures, quoted, are left out).
    let words = { (s: String) in Set(Self.unquoted(s).lowercased().split { !$0.isLetter && $0 != "'" }.map(String.init)) }
    let english: Set<String> = ["the", "is", "not", "of", "and", "with", "has", "cannot", "could", "file", "than", "which"]
    let french: Set<String> = ["le", "la", "les", "est", "pas", "une", "des", "du", "ne", "fichier", "n'est", "qu'equilibre"]
    #expect(words(fr).isDisjoint(with: english), "\(fr)")
    #expect(words(en).isDisjoint(with: french), "\(en)")
    // Typography: French quotes with narrow no-break spaces inside, English with curly quotes.
    #expect(!en.contains("«") && !en.contains("»"), "\(en)")
    #expect(!fr.contains("“") && !fr.contains("”"), "\(fr)")
    if fr.contains("«") { #expect(fr.contains("«\u{202F}") && fr.contains("\u{202F}»"), "\(fr)") }
  }

  /// `s` without what is between quotation marks (the file's own names and figures).
  static func unquoted(_ s: String) -> String {
    var out = ""
    var depth = 0
    for c in s {
      if c == "«" || c == "“" { depth += 1 } else if c == "»" || c == "”" { depth = max(0, depth - 1) } else if depth == 0 { out.append(c) }
    }
    return out
  }

  @Test func aLibraryCauseIsTranslatedInFrenchAndQuotedAsItIsInEnglish() {
    let problem = Problem.entryDamaged(Self.libzip)
    #expect(ProblemPhrases.text(problem, .en).contains("Premature end of file"))
    #expect(!ProblemPhrases.text(problem, .fr).contains("Premature"))
    #expect(ProblemPhrases.text(problem, .fr).contains("tronqué"))
    // A code the table does not know is given by its number, not in English.
    let unknown = Problem.entryDamaged(Cause(.libzip, code: 999, text: "Something new"))
    #expect(ProblemPhrases.text(unknown, .fr).contains("999") && !ProblemPhrases.text(unknown, .fr).contains("Something"))
  }

  @Test func aTruncatedArchiveSaysSo() {
    #expect(ProblemPhrases.text(.zipDamaged(Self.truncated), .en).contains("truncated"))
    #expect(!ProblemPhrases.text(.zipDamaged(Self.truncated), .en).contains("Not a zip archive"))
    #expect(ProblemPhrases.text(.zipDamaged(Self.truncated), .fr).contains("tronqué"))
  }

  @Test func theLocationAndTheErrorLineFollowTheLanguage() {
    let error = SpreadsheetError(
      .zipCorrupt, .missingPart("content.xml"), at: .init(file: "a.ods", sheet: "Budget", cell: "B7"))
    #expect(error.description(.fr) == "a.ods, feuille «\u{202F}Budget\u{202F}», cellule B7\u{A0}: le paquet n'a pas de partie «\u{202F}content.xml\u{202F}» [zip.corrupt]")
    #expect(error.description(.en) == "a.ods, sheet “Budget”, cell B7: the package has no part “content.xml” [zip.corrupt]")
  }

  @Test func countsTakeRealPlurals() {
    #expect(MessageLanguage.fr.count(0, "fichier", "fichiers") == "0 fichier")
    #expect(MessageLanguage.fr.count(1, "fichier", "fichiers") == "1 fichier")
    #expect(MessageLanguage.fr.count(2, "fichier", "fichiers") == "2 fichiers")
    #expect(MessageLanguage.en.count(0, "file", "files") == "0 files")
    #expect(MessageLanguage.en.count(1, "file", "files") == "1 file")
  }
}
