import Budget
import Diagnostics

/// SARIF 2.1.0 (OASIS), as code-scanning services read it: one run, the tool `equilibre` with
/// every rule in `tool.driver.rules` (ids = the contract's rule ids, plus `unreadable`,
/// `unsupported` and `noPlan` for the files that could not be checked), one result per finding.
///
/// A result's location is the workbook as `physicalLocation.artifactLocation.uri` (the path as
/// given, percent-encoded as a relative URI reference) and the cell as a `logicalLocation`
/// (`name` = the cell, `fullyQualifiedName` = `sheet!cell`, `kind` = `element`). No `region`:
/// a region counts lines and columns of text, and a workbook is a zip package, so a row and a
/// column would mislead a viewer; the sheet, cell, line label, period and amounts are in the
/// result's `properties` instead. Levels: error → `error`, warning → `warning`, info → `note`.
public struct SARIFReport: ReportEncoder {
  public var options: ReportOptions

  /// The rule ids a result can carry, in `tool.driver.rules` order.
  public static let ruleIDs: [String] =
    Rule.allCases.map(\.rawValue) + ["unreadable", "unsupported", "noPlan"]

  public init(options: ReportOptions) { self.options = options }

  static func level(_ s: Severity) -> String {
    switch s {
    case .error: "error"
    case .warning: "warning"
    case .info: "note"
    }
  }

  public func render(_ outcome: FileOutcome, path: String) -> RenderedFile {
    let language = options.language
    let artifact = JSONValue.object([("uri", .string(Self.uri(path)))])
    var results: [JSONValue] = []
    if let problem = outcome.problem(path: path, language: language), let id = outcome.problemID {
      results.append(
        .object([
          ("ruleId", .string(id)),
          ("ruleIndex", .number(Double(Self.ruleIDs.firstIndex(of: id) ?? 0))),
          ("level", .string("error")),
          ("message", .object([("text", .string(problem))])),
          (
            "locations",
            .array([.object([("physicalLocation", .object([("artifactLocation", artifact)]))])])
          ),
        ]))
    }
    for f in outcome.shownFindings(options) {
      let cell = f.cell.description
      var properties: [(String, JSONValue)] = [
        ("sheet", .string(f.sheet)), ("cell", .string(cell)), ("label", .string(f.label)),
        ("period", f.period.map { .string($0) } ?? .null),
        ("expected", f.expected?.json ?? .null), ("actual", f.actual?.json ?? .null),
      ]
      if let raw = f.raw { properties.append(("raw", .string(raw))) }
      results.append(
        .object([
          ("ruleId", .string(f.rule.rawValue)),
          ("ruleIndex", .number(Double(Self.ruleIDs.firstIndex(of: f.rule.rawValue) ?? 0))),
          ("level", .string(Self.level(f.severity))),
          ("message", .object([("text", .string(f.message(language)))])),
          (
            "locations",
            .array([
              .object([
                ("physicalLocation", .object([("artifactLocation", artifact)])),
                (
                  "logicalLocations",
                  .array([
                    .object([
                      ("name", .string(cell)),
                      ("fullyQualifiedName", .string("\(f.sheet)!\(cell)")),
                      ("kind", .string("element")),
                    ])
                  ])
                ),
              ])
            ])
          ),
          ("properties", .object(properties)),
        ]))
    }
    return RenderedFile(tree: .array(results))
  }

  public func document(
    _ parts: [RenderedFile], summary: Summary, write: @escaping ([UInt8]) -> Void
  ) {
    let phrases = ReportPhrases.of(options.language)
    let rules: [JSONValue] = Self.ruleIDs.map { id in
      let description: String
      let level: String
      if let rule = Rule(rawValue: id) {
        description = phrases.ruleDescription(rule)
        level = Self.level(rule.severity)
      } else {
        description =
          id == "noPlan"
          ? phrases.noPlan
          : id == "unreadable"
            ? phrases.unreadable.trimmingSuffix() : phrases.unsupported.trimmingSuffix()
        level = "error"
      }
      return .object([
        ("id", .string(id)),
        ("shortDescription", .object([("text", .string(description))])),
        ("defaultConfiguration", .object([("level", .string(level))])),
      ])
    }
    var results: [JSONValue] = []
    for part in parts {
      if case .array(let r)? = part.tree { results += r }
    }
    let doc = JSONValue.object([
      ("$schema", .string("https://json.schemastore.org/sarif-2.1.0.json")),
      ("version", .string("2.1.0")),
      (
        "runs",
        .array([
          .object([
            (
              "tool",
              .object([
                (
                  "driver",
                  .object([
                    ("name", .string("equilibre")),
                    ("rules", .array(rules)),
                  ])
                )
              ])
            ),
            ("columnKind", .string("unicodeCodePoints")),
            ("results", .array(results)),
            // The batch's summary, what `--severity` hid included.
            ("properties", summary.json),
          ])
        ])
      ),
    ])
    write(Array((doc.serialized(pretty: true) + "\n").utf8))
  }

  /// `path` as a relative URI reference (RFC 3986): unreserved characters and `/` kept, every
  /// other byte of its UTF-8 percent-encoded.
  static func uri(_ path: String) -> String {
    var out = ""
    for byte in path.utf8 {
      switch byte {
      case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
        UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
        UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "/"):
        out.unicodeScalars.append(Unicode.Scalar(byte))
      default:
        let hex = Array("0123456789ABCDEF".utf8)
        out += "%" + String(decoding: [hex[Int(byte >> 4)], hex[Int(byte & 15)]], as: UTF8.self)
      }
    }
    return out
  }
}

extension String {
  /// The text without its trailing `: ` or ` : `.
  func trimmingSuffix() -> String {
    var s = Substring(self)
    while let last = s.last, last == " " || last == ":" || last == "\u{202F}" || last == "\u{A0}" {
      s = s.dropLast()
    }
    return String(s)
  }
}
