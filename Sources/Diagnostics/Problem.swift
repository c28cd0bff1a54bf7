#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// What went wrong, as data: the kind of failure and its figures, with no words.
///
/// A ``SpreadsheetError`` carries one; its sentence is written at the last moment, in the
/// user's language, by ``ProblemPhrases`` (one table per language, each an exhaustive `switch`,
/// so that a problem added without its sentence in both languages does not compile). Names in
/// the figures (a part, a sheet, an extension) are the file's own and are shown as they are.
public enum Problem: Sendable, Equatable {
  // MARK: Files and the operating system

  /// A path named on the command line does not exist.
  case noSuchFile
  /// A folder was given where a workbook file was expected.
  case isFolder
  /// The path is a pipe, a socket or a device.
  case notRegularFile
  /// The operating system refused to open the file.
  case cannotOpen(Cause)
  /// The path has no extension, so no format.
  case noExtension
  /// The extension names no format Equilibre reads (`csv`), and, when known, what it is.
  case unknownExtension(String, Foreign?)
  /// The output file exists and `--force` was not given.
  case outputExists
  /// The output is the input.
  case outputIsInput
  /// The output's extension names no format Equilibre writes.
  case outputExtension
  /// `fix` was asked to write another format than the input's, where it can't.
  case outputFormat(input: String, output: String)
  /// Writing the output archive failed (creating, writing, moving it into place).
  case cannotWrite(Cause)
  /// A part could not be added to, or copied into, the output archive.
  case cannotAddPart(String, Cause)
  /// A folder nests deeper than searched.
  case foldersTooDeep(limit: Int)
  /// A folder could not be opened to be searched.
  case cannotOpenFolder(Cause)
  /// A folder's name is not UTF-8, so it was not searched.
  case folderNameNotUTF8
  /// A workbook's name is not UTF-8, so it cannot be named to be read.
  case fileNameNotUTF8
  /// A link to a workbook points at nothing.
  case danglingLink

  // MARK: The container

  /// The file is not a zip archive, so not a workbook package.
  case notZip
  /// The file is an encrypted OOXML package (an OLE2 container).
  case encryptedPackage
  /// The file is a legacy binary workbook (`.xls`, BIFF in OLE2).
  case legacyBinary
  /// The zip archive's directory or headers are damaged.
  case zipDamaged(Cause)
  /// The archive lists more entries than allowed.
  case tooManyEntries(count: Int64, limit: Int)
  /// Two entries have the same name.
  case duplicateEntry(String)
  /// A part the format requires, or a part named, is absent.
  case missingPart(String)
  /// A part's header or data could not be read.
  case entryDamaged(Cause)
  /// A part is encrypted inside the zip.
  case entryEncrypted
  /// A part declares more inflated bytes than allowed.
  case entryDeclaresTooMuch(bytes: UInt64, limitMiB: Int64)
  /// A part inflates past the cap of one part.
  case entryInflatesTooMuch(limitMiB: Int64)
  /// The parts read inflate past the cap of all parts together.
  case totalInflatesTooMuch(limitMiB: Int64)
  /// A part inflates more than the allowed ratio: a zip bomb.
  case inflateRatio(ratio: Int64, inflated: Int64, compressed: Int64)

  // MARK: XML

  /// libxml2 could not make a parser (out of memory).
  case parserUnavailable
  /// The XML is not well-formed; the cause, when the parser gave one.
  case malformedXML(Cause?)
  /// The bytes are not valid in the part's declared encoding.
  case badEncoding
  /// The part is UTF-16, which the patchers do not rewrite.
  case utf16Part
  /// Elements nest deeper than allowed.
  case tooDeep(limit: Int)
  /// A text node is longer than allowed.
  case textTooLong(limitMiB: Int)
  /// The part declares a document type.
  case doctype
  /// The part declares an entity.
  case entityDeclaration
  /// The part has no root element.
  case noRootElement
  /// An end tag closes no element.
  case strayEndTag
  /// The markup breaks off or is not markup where a tag was expected, at a byte offset.
  case brokenMarkup(Markup, byte: Int)
  /// A text holds a control character XML cannot carry.
  case controlCharacter(UInt32)

  // MARK: The workbook

  /// An ODF package has no `content.xml`.
  case noContent
  /// The ODF spreadsheet is encrypted.
  case encryptedSpreadsheet
  /// An ODF document holds no spreadsheet body.
  case notASpreadsheet
  /// An OOXML package has no workbook part (named).
  case noWorkbookPart(String)
  /// The workbook part has no `workbook` element.
  case noWorkbookElement
  /// A sheet names no part (its relationship id, if any).
  case sheetWithoutPart(sheet: String, relationship: String?)
  /// More non-empty cells than allowed.
  case tooManyCells(limit: Int)
  /// More text in the cells than allowed.
  case tooMuchCellText(limitMiB: Int)
  /// A cell's text is longer than allowed.
  case cellTextTooLong(limitMiB: Int)
  /// More shared strings than allowed.
  case tooManySharedStrings(limit: Int)
  /// A row repeated with content past the grid's last row.
  case rowRepeatPastGrid(row: Int, repeats: Int)
  /// A cell repeated with content past the grid.
  case cellRepeatPastGrid(row: Int, column: Int, repeats: Int)
  /// A row with more cells than the grid's columns.
  case rowPastLastColumn(row: Int)
  /// An attribute that must be a positive whole number is not (`table:number-columns-repeated`).
  case notAPositiveNumber(attribute: String, value: String)
  /// A row number outside the grid.
  case rowOutsideGrid(String)
  /// A cell reference outside the grid.
  case notACellReference(String)
  /// A value that should be a number is not.
  case notANumber(String)
  /// A cell's value that should be an ISO 8601 date is not.
  case notADate(String)
  /// A cell points at a shared string past the table.
  case sharedStringPastTable(index: String, count: Int)

  // MARK: Writing a corrected copy

  /// The workbook has no sheet of that name.
  case noSuchSheet(String)
  /// Several tables have the name of the sheet to correct.
  case ambiguousSheet(String, count: Int)
  /// A chartsheet, or a sheet without a cells part.
  case sheetWithoutCells(String)
  /// Two sheets share one part.
  case sheetSharesPart(String, with: String)
  /// The sheet has comments already, which Equilibre cannot add its notes to.
  case sheetHasComments(String)
  /// The sheet has a legacy drawing already.
  case sheetHasLegacyDrawing(String)
  /// A patched value is not a plain decimal.
  case notPlainDecimal(String)
  /// Some cells to patch lie where the rows could not be followed.
  case rowsNotFollowed(missed: Int, of: Int)
  /// The part holds more tables than the sheets read from it.
  case moreTablesThanSheets(Int)
  /// A table's name differs from the sheet read at its place.
  case tableNameMismatch(index: Int, written: String, read: String)
  /// A row starts inside the row being patched.
  case rowInsideRow
  /// The cell is covered by a merged range.
  case coveredCell(String)
  /// The cell lies where rows overlap.
  case overlappingRows(String)
  /// The cell is part of an array formula.
  case arrayFormulaCell(String, range: String)
  /// A cell could not be written: the sheet has no `sheetData` (and how many others).
  case noSheetData(String, others: Int)
  /// The sheet part has no worksheet element.
  case noWorksheetElement
  /// A cell shares a formula whose master changes, but its formula is unknown.
  case sharedFormulaUnknown(String)

  /// What a file in a format Equilibre does not read is, as its extension names it.
  public enum Foreign: Sendable, Equatable {
    /// Excel 97–2003 (BIFF8 in an OLE2 container): `.xls`, `.xlt`.
    case legacyExcel
    /// Excel's binary workbook: `.xlsb`.
    case excelBinary
    /// Values separated by commas, semicolons or tabs: `.csv`, `.tsv`.
    case delimitedText
    /// Apple Numbers: `.numbers`.
    case numbers
    /// OpenDocument as one XML file, not a package: `.fods`.
    case flatOpenDocument
    /// Another spreadsheet program's format: StarOffice, Gnumeric, Lotus 1-2-3, Quattro Pro,
    /// WPS, DIF, SYLK, Works.
    case otherSpreadsheet

    /// The format `fileExtension` names (any case, without the dot), or nil when it names none.
    public init?(fileExtension: String) {
      switch fileExtension.lowercased() {
      case "xls", "xlt": self = .legacyExcel
      case "xlsb": self = .excelBinary
      case "csv", "tsv": self = .delimitedText
      case "numbers": self = .numbers
      case "fods": self = .flatOpenDocument
      case "sxc", "stc", "gnumeric", "wk1", "wk3", "wk4", "wks", "123", "qpw", "wb1", "wb2", "wb3",
        "et", "ett",
        "dif", "slk", "xlr", "uos":
        self = .otherSpreadsheet
      default: return nil
      }
    }

    /// The extension of the file `path` names, without the dot; empty when it has none (a name
    /// that starts with its only dot, `.profile`, has none).
    public static func fileExtension(of path: String) -> String {
      let base = path.split(separator: "/").last.map(String.init) ?? path
      guard let dot = base.lastIndex(of: "."), dot != base.startIndex else { return "" }
      return String(base[base.index(after: dot)...])
    }
  }

  /// Where markup broke off.
  public enum Markup: Sendable, Equatable {
    /// A start or end tag, a comment, a CDATA section, a processing instruction or an
    /// attribute value that does not close.
    case unclosedTag, unclosedComment, unclosedCDATA, unclosedProcessingInstruction, unclosedAttribute
    /// An attribute without `=`, without quotes, or not separated from the one before.
    case badAttribute
    /// A `<` not followed by a name, a bad end tag, a `/` in a start tag not before `>`.
    case badTag
    /// An end tag does not match the start tag it closes.
    case mismatchedEndTag
    /// The document ends with elements still open.
    case unclosedElement
    /// The document ends inside markup.
    case truncated
  }
}

extension Problem {
  /// The lower-level failure behind this problem, when a library or the system gave one.
  public var cause: Cause? {
    switch self {
    case .cannotOpen(let c), .cannotWrite(let c), .cannotAddPart(_, let c), .cannotOpenFolder(let c),
      .zipDamaged(let c), .entryDamaged(let c):
      c
    case .malformedXML(let c): c
    default: nil
    }
  }
}

/// The lower-level failure behind a problem: a system call's `errno`, a libzip or libxml2 error,
/// with the library's own (English) text, shown as it is only in English.
public struct Cause: Sendable, Equatable {
  public enum Source: Sendable, Equatable { case system, libzip, libxml2 }
  public var source: Source
  public var code: Int32
  public var text: String

  public init(_ source: Source, code: Int32, text: String) {
    self.source = source
    self.code = code
    self.text = text
  }

  /// The system's failure `errno`, with the C library's text for it.
  public static func system(_ errno: Int32) -> Cause {
    Cause(.system, code: errno, text: String(cString: strerror(errno)))
  }
}
