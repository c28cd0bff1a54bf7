import Budget
import Diagnostics

/// The formats `check` reports in.
public enum ReportFormat: String, Sendable, CaseIterable {
  case text, json, csv, junit, sarif, html
}

/// What a report shows and in which language.
public struct ReportOptions: Sendable {
  /// The language of every word a person reads; CSV headers and JSON keys stay English ids.
  public var language: MessageLanguage
  /// The lowest severity shown (`--severity`): `info` shows all.
  public var severity: Severity
  /// `--quiet`: the text report leaves out infos.
  public var quiet: Bool

  /// Options for a report in `language` showing findings at `severity` or above.
  public init(language: MessageLanguage, severity: Severity = .info, quiet: Bool = false) {
    self.language = language
    self.severity = severity
    self.quiet = quiet
  }
}

/// One file's part of a report, rendered by the worker that checked it: bytes to copy, or a
/// JSON tree when the document is pretty-printed as a whole.
public struct RenderedFile: Sendable {
  /// The file's part as written.
  public var bytes: [UInt8]
  /// The file's part as a tree (pretty JSON, SARIF), when the encoder keeps one.
  public var tree: JSONValue?

  /// A part of bytes, or of a tree.
  public init(bytes: [UInt8] = [], tree: JSONValue? = nil) {
    self.bytes = bytes
    self.tree = tree
  }
}

/// Writes a batch's report: each file's part on its own (in parallel, as files are checked),
/// then the document around the parts once the summary is known.
public protocol ReportEncoder: Sendable {
  /// One file's part, `path` as given on the command line.
  func render(_ outcome: FileOutcome, path: String) -> RenderedFile
  /// The whole report: the files' parts in input order and the summary, handed to `write` in
  /// pieces.
  func document(_ parts: [RenderedFile], summary: Summary, write: @escaping ([UInt8]) -> Void)
}

extension ReportFormat {
  /// The encoder of this format; `fileCount` lets JSON pretty-print a single file's document.
  public func encoder(_ options: ReportOptions, fileCount: Int) -> any ReportEncoder {
    switch self {
    case .text: TextReport(options: options)
    case .json: JSONReport(options: options, pretty: fileCount == 1)
    case .csv: CSVReport(options: options)
    case .junit: JUnitReport(options: options)
    case .sarif: SARIFReport(options: options)
    case .html: HTMLReport(options: options)
    }
  }
}

/// Gathers parts into chunks of about 64 KiB before handing them on.
struct ChunkedWriter {
  var buffer: [UInt8] = []
  let write: ([UInt8]) -> Void

  mutating func append(_ bytes: [UInt8]) {
    buffer += bytes
    if buffer.count > 1 << 16 { flush() }
  }

  mutating func append(_ text: String) { append(Array(text.utf8)) }

  mutating func flush() {
    if !buffer.isEmpty { write(buffer) }
    buffer.removeAll(keepingCapacity: true)
  }
}
