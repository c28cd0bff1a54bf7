import Budget

/// One row per finding, for a spreadsheet: `file;sheet;cell;rule;severity;label;period;expected;
/// actual;message`.
///
/// Written for Excel and LibreOffice as they open a file by a double click: UTF-8 with a byte
/// order mark (without it Excel reads the accents as Windows-1252), CRLF line ends, fields
/// separated by `;` (what Excel expects in a French locale, where `,` is the decimal comma;
/// LibreOffice asks, or takes `;` when told), quoted as RFC 4180 says (a field holding `;`, `"`,
/// CR or LF is put in quotes, its quotes doubled). The headers are stable English ids; the
/// severity and the message are in the report's language. `expected` and `actual` are plain
/// decimals with a `.` and every stored digit (`11428.5`), empty when the rule has none.
///
/// A text field that a spreadsheet would take for a formula (it starts with `=`, `+`, `-`, `@`,
/// a tab or CR: a label is hostile input) gets a leading `'`, as OWASP advises against CSV
/// injection. A file that could not be checked has one row: its rule is `unreadable`,
/// `unsupported` or `noPlan`, its severity `error`, its message what to do.
public struct CSVReport: ReportEncoder {
  public var options: ReportOptions

  /// The field separator.
  public static let separator = ";"
  /// The header row's fields.
  public static let columns = [
    "file", "sheet", "cell", "rule", "severity", "label", "period", "expected", "actual", "message",
  ]

  public init(options: ReportOptions) { self.options = options }

  public func render(_ outcome: FileOutcome, path: String) -> RenderedFile {
    let language = options.language
    let phrases = ReportPhrases.of(language)
    var out = ""
    if let problem = outcome.problem(path: path, language: language), let id = outcome.problemID {
      out += Self.row([path, "", "", id, phrases.severity(.error), "", "", "", "", problem])
    }
    for f in outcome.shownFindings(options) {
      out += Self.row(
        [
          path, f.sheet, f.cell.description, f.rule.rawValue, phrases.severity(f.severity), f.label,
          f.period ?? "", f.expected?.description ?? "", f.actual?.description ?? "",
          f.message(language),
        ], amounts: [7, 8])
    }
    return RenderedFile(bytes: Array(out.utf8))
  }

  public func document(
    _ parts: [RenderedFile], summary: Summary, write: @escaping ([UInt8]) -> Void
  ) {
    var out = ChunkedWriter(write: write)
    out.append([0xEF, 0xBB, 0xBF])
    out.append(Self.row(Self.columns))
    for part in parts { out.append(part.bytes) }
    out.flush()
  }

  /// One record, CRLF-terminated; the fields at `amounts` are numbers, never defused.
  static func row(_ fields: [String], amounts: Set<Int> = []) -> String {
    fields.enumerated().map { i, f in field(f, defuse: !amounts.contains(i)) }
      .joined(separator: separator) + "\r\n"
  }

  /// One field, quoted when it must be.
  static func field(_ text: String, defuse: Bool) -> String {
    var text = text
    if defuse, let first = text.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) {
      text = "'" + text
    }
    let needsQuotes = text.contains {
      $0 == ";" || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n"
    }
    guard needsQuotes else { return text }
    return "\"" + text.replacing("\"", with: "\"\"") + "\""
  }
}
