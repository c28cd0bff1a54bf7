import Budget
import Diagnostics

/// The contract's JSON document (`design.md`): `version`, `files` and `summary`. A single file's
/// document is pretty-printed; a batch is written compactly, each file by the worker that
/// checked it.
public struct JSONReport: ReportEncoder {
  public var options: ReportOptions
  /// Whether the document is pretty-printed (built as a tree, then serialized).
  public var pretty: Bool

  public init(options: ReportOptions, pretty: Bool) {
    self.options = options
    self.pretty = pretty
  }

  public func render(_ outcome: FileOutcome, path: String) -> RenderedFile {
    if pretty { return RenderedFile(tree: json(outcome, path: path)) }
    var out = JSONBytes()
    writeJSON(outcome, path: path, to: &out)
    return RenderedFile(bytes: out.bytes)
  }

  public func document(
    _ parts: [RenderedFile], summary: Summary, write: @escaping ([UInt8]) -> Void
  ) {
    if pretty {
      let doc = JSONValue.object([
        ("version", .number(1)),
        ("files", .array(parts.compactMap(\.tree))),
        ("summary", summary.json),
      ])
      write(Array((doc.serialized(pretty: true) + "\n").utf8))
      return
    }
    var out = ChunkedWriter(write: write)
    out.append("{\"version\": 1, \"files\": [")
    for (i, part) in parts.enumerated() {
      if i > 0 { out.append(", ") }
      out.append(part.bytes)
    }
    out.append("], \"summary\": " + summary.json.serialized() + "}\n")
    out.flush()
  }

  /// The file's object as compact JSON, the same bytes as `json(_:path:).serialized()`.
  public func writeJSON(_ outcome: FileOutcome, path: String, to out: inout JSONBytes) {
    let language = options.language
    out.raw("{\"path\": ")
    out.string(path)
    out.raw(", \"status\": \"" + outcome.status + "\"")
    switch outcome {
    case .unreadable(let e):
      out.raw(", \"error\": {\"code\": ")
      out.string(e.code.rawValue)
      out.raw(", \"message\": ")
      out.string(e.description(language))
      out.raw("}")
    case .unsupported(let format):
      out.raw(", \"message\": ")
      out.string(
        ReportPhrases.of(language).foreignFormat(format, ForeignFormat.fileExtension(of: path)))
    case .checked(let c):
      if let plan = c.plan {
        out.raw(", \"plan\": ")
        plan.writeJSON(to: &out)
      }
      out.raw(", \"findings\": [")
      for (i, f) in outcome.shownFindings(options).enumerated() {
        if i > 0 { out.raw(", ") }
        f.writeJSON(to: &out, language: language)
      }
      out.raw("]")
    }
    out.raw("}")
  }

  /// The file's object as a tree.
  public func json(_ outcome: FileOutcome, path: String) -> JSONValue {
    let language = options.language
    var members: [(String, JSONValue)] = [
      ("path", .string(path)), ("status", .string(outcome.status)),
    ]
    switch outcome {
    case .unreadable(let e):
      members.append(
        (
          "error",
          .object([("code", .string(e.code.rawValue)), ("message", .string(e.description(language)))])
        ))
    case .unsupported(let format):
      members.append(
        (
          "message",
          .string(
            ReportPhrases.of(language).foreignFormat(format, ForeignFormat.fileExtension(of: path)))
        ))
    case .checked(let c):
      if let plan = c.plan { members.append(("plan", plan.json)) }
      members.append(("findings", .array(outcome.shownFindings(options).map { $0.json(language) })))
    }
    return .object(members)
  }
}
