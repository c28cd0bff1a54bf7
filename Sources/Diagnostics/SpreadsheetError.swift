/// An error that says what went wrong and where.
///
/// Every failure of the readers carries a stable ``Code`` (the JSON contract's
/// `zip.corrupt`), a one-line message, and the ``Location`` each layer knows:
/// the file, the part inside the package, the XML line and column, the sheet
/// and the cell. Layers add what they know with ``adding(_:)``.
public struct SpreadsheetError: Error, Sendable, Equatable, CustomStringConvertible {
  /// A stable identifier of the kind of failure, such as `zip.corrupt`.
  public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    /// The file is not a zip archive (and not a known other container).
    public static let notZip = Code(rawValue: "zip.notZip")
    /// The zip archive is damaged: bad headers, bad CRC, truncated data, duplicate names.
    public static let zipCorrupt = Code(rawValue: "zip.corrupt")
    /// An entry inflates past the size or ratio cap (a zip bomb).
    public static let zipLimit = Code(rawValue: "zip.limit")
    /// An XML part is not well-formed, or is not valid UTF-8.
    public static let xmlMalformed = Code(rawValue: "xml.malformed")
    /// An XML part uses a forbidden construct: a DOCTYPE, entity declarations.
    public static let xmlForbidden = Code(rawValue: "xml.forbidden")
    /// An XML part nests too deeply or holds too long a text.
    public static let xmlLimit = Code(rawValue: "xml.limit")
    /// The file is an OLE2 container holding an encrypted OOXML package.
    public static let encrypted = Code(rawValue: "workbook.encrypted")
    /// The file is a legacy binary Excel workbook (.xls, BIFF in OLE2).
    public static let legacyXLS = Code(rawValue: "workbook.legacyXls")
    /// A part the format requires is absent (workbook part, sheet part, content.xml).
    public static let missingPart = Code(rawValue: "workbook.missingPart")
    /// The workbook exceeds a cap: cells after repeats, references past the grid.
    public static let workbookLimit = Code(rawValue: "workbook.limit")
    /// The workbook's content breaks the format's rules (bad reference, bad index).
    public static let invalid = Code(rawValue: "workbook.invalid")
    /// The file's extension names no format Equilibre reads.
    public static let unsupported = Code(rawValue: "workbook.unsupported")
    /// The file could not be opened or read by the operating system.
    public static let io = Code(rawValue: "io.failed")
  }

  /// Where an error happened, as precisely as the layer that saw it knows.
  public struct Location: Sendable, Equatable {
    public var file: String?
    public var part: String?
    public var line: Int?
    public var column: Int?
    public var sheet: String?
    public var cell: String?

    public init(
      file: String? = nil, part: String? = nil, line: Int? = nil, column: Int? = nil,
      sheet: String? = nil, cell: String? = nil
    ) {
      self.file = file
      self.part = part
      self.line = line
      self.column = column
      self.sheet = sheet
      self.cell = cell
    }

    /// Fills the fields this location lacks from `other`.
    public func merged(with other: Location) -> Location {
      Location(
        file: file ?? other.file, part: part ?? other.part, line: line ?? other.line,
        column: column ?? other.column, sheet: sheet ?? other.sheet, cell: cell ?? other.cell)
    }

    /// The location as a human reads it, in English:
    /// `file.xlsx: xl/worksheets/sheet1.xml:12:5, sheet “Budget”, cell B7`.
    public var description: String { description(.en) }

    /// The location in `language`: `feuille « Budget », cellule B7` in French.
    public func description(_ language: MessageLanguage) -> String {
      var parts: [String] = []
      if let file { parts.append(file) }
      if let part {
        var p = part
        if let line {
          p += ":\(line)"
          if let column { p += ":\(column)" }
        }
        parts.append(p)
      }
      let fr = language == .fr
      if let sheet { parts.append((fr ? "feuille " : "sheet ") + language.quoted(sheet)) }
      if let cell { parts.append((fr ? "cellule " : "cell ") + cell) }
      return parts.joined(separator: ", ")
    }
  }

  public var code: Code
  /// What went wrong, with its figures; its sentence is written in the reader's language.
  public var problem: Problem
  public var location: Location

  public init(_ code: Code, _ problem: Problem, at location: Location = Location()) {
    self.code = code
    self.problem = problem
    self.location = location
  }

  /// The problem as an English sentence, without the location.
  public var message: String { message(.en) }

  /// The problem as a sentence in `language`, without the location.
  public func message(_ language: MessageLanguage) -> String { ProblemPhrases.text(problem, language) }

  /// The same error with the fields of `location` it lacked filled in.
  public func adding(_ location: Location) -> SpreadsheetError {
    var copy = self
    copy.location = self.location.merged(with: location)
    return copy
  }

  /// One line in English: `file.xlsx: xl/worksheets/sheet1.xml:12: message [code]`.
  public var description: String { description(.en) }

  /// One line in `language`: the location, the sentence and the code.
  public func description(_ language: MessageLanguage) -> String {
    let place = location.description(language)
    let separator = language == .fr ? "\u{A0}: " : ": "
    return (place.isEmpty ? "" : place + separator) + message(language) + " [\(code.rawValue)]"
  }
}

extension Error {
  /// This error as a ``SpreadsheetError``, wrapping foreign errors as `io.failed`.
  public var asSpreadsheetError: SpreadsheetError {
    if let e = self as? SpreadsheetError { return e }
    return SpreadsheetError(.io, .cannotOpen(Cause(.system, code: 0, text: "\(self)")))
  }
}
