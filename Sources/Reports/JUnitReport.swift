import Budget

/// JUnit XML, as CI servers read it: one `<testsuite>` for the batch, one `<testcase>` per
/// file (`name` = the path as given, `classname` = `equilibre.check`), one `<failure>` per
/// error finding (`type` = the rule id, `message` = sheet!cell and the message).
///
/// Warnings and infos shown are no failures: they are listed in the test case's
/// `<system-out>`, one line each. A file that could not be read is an `<error>` (the test could
/// not run); a workbook with no plan and an unsupported file are a `<failure>` of type `noPlan`
/// or `unsupported` (they make the exit status 1: a person must look). The suite's `failures`
/// and `errors` count test cases, as JUnit's do. No timestamps or times: the same input gives
/// the same bytes.
public struct JUnitReport: ReportEncoder {
  public var options: ReportOptions

  public init(options: ReportOptions) { self.options = options }

  /// A part starts with one byte saying how the test case ended: `P` passed, `F` failed, `E`
  /// error; the document counts them and drops the byte.
  public func render(_ outcome: FileOutcome, path: String) -> RenderedFile {
    let language = options.language
    let phrases = ReportPhrases.of(language)
    var failures: [String] = []
    var out: [String] = []
    var verdict = "P"
    var systemOut: [String] = []
    if let problem = outcome.problem(path: path, language: language), let id = outcome.problemID {
      if case .unreadable(let e) = outcome {
        verdict = "E"
        failures.append(
          "      <error type=\"\(Markup.escape(e.code.rawValue))\" message=\"\(Markup.escape(problem))\">\(Markup.escape(problem))</error>"
        )
      } else {
        verdict = "F"
        failures.append(
          "      <failure type=\"\(id)\" message=\"\(Markup.escape(problem))\">\(Markup.escape(problem))</failure>"
        )
      }
    }
    for f in outcome.shownFindings(options) {
      let place = "\(f.sheet)!\(f.cell.description)"
      let message = f.message(language)
      if f.severity == .error {
        verdict = "F"
        failures.append(
          "      <failure type=\"\(f.rule.rawValue)\" message=\"\(Markup.escape(place + ": " + message))\">"
            + Markup.escape(detail(f, place: place)) + "</failure>")
      } else {
        systemOut.append(
          "\(place) [\(phrases.severity(f.severity)), \(phrases.ruleName(f.rule))] \(message)")
      }
    }
    out.append("    <testcase name=\"\(Markup.escape(path))\" classname=\"equilibre.check\">")
    out += failures
    if !systemOut.isEmpty {
      out.append(
        "      <system-out>" + Markup.escape(systemOut.joined(separator: "\n")) + "</system-out>")
    }
    out.append("    </testcase>")
    return RenderedFile(bytes: Array((verdict + out.joined(separator: "\n") + "\n").utf8))
  }

  /// A failure's text: the message, then the line, the period and the amounts.
  private func detail(_ f: Finding, place: String) -> String {
    let rule = ReportPhrases.of(options.language).ruleName(f.rule)
    var lines = [f.message(options.language), "\(place) · \(rule) · \(f.label)"]
    if let period = f.period { lines[1] += " · \(period)" }
    if let expected = f.expected, let actual = f.actual {
      lines.append("expected=\(expected.description) actual=\(actual.description)")
    }
    return lines.joined(separator: "\n")
  }

  public func document(
    _ parts: [RenderedFile], summary: Summary, write: @escaping ([UInt8]) -> Void
  ) {
    var failures = 0
    var errors = 0
    for part in parts {
      switch part.bytes.first {
      case UInt8(ascii: "F"): failures += 1
      case UInt8(ascii: "E"): errors += 1
      default: break
      }
    }
    let name = Markup.escape(ReportPhrases.of(options.language).pageTitle)
    let counts =
      "tests=\"\(parts.count)\" failures=\"\(failures)\" errors=\"\(errors)\" skipped=\"0\""
    var out = ChunkedWriter(write: write)
    out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
    out.append("<testsuites name=\"equilibre check\" \(counts)>\n")
    out.append("  <testsuite name=\"\(name)\" \(counts)>\n")
    // The batch's summary, what `--severity` hid included, as the suite's properties.
    out.append("    <properties>\n")
    let properties: [(String, String)] = [
      ("ok", "\(summary.ok)"), ("withWarnings", "\(summary.withWarnings)"),
      ("withErrors", "\(summary.withErrors)"), ("noPlan", "\(summary.noPlan)"),
      ("unsupported", "\(summary.unsupported)"), ("unreadable", "\(summary.unreadable)"),
      ("ignored", "\(summary.ignored)"), ("severity", summary.shownSeverity.rawValue),
      ("hidden", "\(summary.hiddenFindings)"),
      ("summary", ReportPhrases.of(options.language).summary(summary).trimmingSuffixNewline()),
    ]
    for (key, value) in properties {
      out.append("      <property name=\"\(key)\" value=\"\(Markup.escape(value))\"/>\n")
    }
    out.append("    </properties>\n")
    for part in parts { out.append(Array(part.bytes.dropFirst())) }
    out.append("  </testsuite>\n</testsuites>\n")
    out.flush()
  }
}
