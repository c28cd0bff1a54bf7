import Budget

/// The report a person reads in a terminal: per file, its plan's sheet and periods, one line per
/// finding (cell, severity, rule, message) and the counts; then the batch's summary.
public struct TextReport: ReportEncoder {
  public var options: ReportOptions

  public init(options: ReportOptions) { self.options = options }

  public func render(_ outcome: FileOutcome, path: String) -> RenderedFile {
    RenderedFile(bytes: Array(text(outcome, path: path).utf8))
  }

  /// One file's part of the report.
  public func text(_ outcome: FileOutcome, path: String) -> String {
    let language = options.language
    let phrases = ReportPhrases.of(language)
    if let problem = outcome.problem(path: path, language: language) {
      return "\(path)\n  " + problem + "\n"
    }
    guard case .checked(let c) = outcome, let plan = c.plan else { return "\(path)\n" }
    var out = "\(path)\n"
    let periods = plan.periods.map { p in p.label + (p.months.map(phrases.months) ?? "") }
      .joined(separator: ", ")
    out += "  " + phrases.planLine(plan.sheet, periods) + (plan.blanksAreZero ? phrases.blanksAreZero : "") + "\n"
    var counts: [Severity: Int] = [:]
    var hidden = 0
    for f in c.findings {
      counts[f.severity, default: 0] += 1
      if f.severity < options.severity {
        hidden += 1
        continue
      }
      if options.quiet && f.severity == .info { continue }
      let severity = phrases.severity(f.severity)
      // A finding on a sheet the plan pulls from names its sheet: 2026!B9, 'Année 1'!B9.
      let place = f.sheet == plan.sheet ? f.cell.description : String.sheetPrefix(f.sheet) + f.cell.description
      out +=
        "  \(place.padding(5))\(severity.padding(14))\(phrases.ruleName(f.rule).padding(17))\(f.message(language))\n"
    }
    out +=
      "  "
      + phrases.findingCounts(
        counts[.error] ?? 0, counts[.warning] ?? 0, counts[.info] ?? 0, hidden)
      + "\n"
    return out
  }

  public func document(
    _ parts: [RenderedFile], summary: Summary, write: @escaping ([UInt8]) -> Void
  ) {
    var out = ChunkedWriter(write: write)
    for part in parts { out.append(part.bytes) }
    out.append(ReportPhrases.of(options.language).summary(summary))
    out.flush()
  }
}

extension String {
  /// The text padded with spaces to `width` characters, then one space.
  func padding(_ width: Int) -> String {
    count >= width ? self + " " : self + String(repeating: " ", count: width - count) + " "
  }

  /// A sheet's name as a formula writes it before a cell: `2026!`, `'Année 1'!`.
  static func sheetPrefix(_ name: String) -> String {
    let plain = !name.isEmpty && name.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" }
    return plain ? name + "!" : "'" + name.replacingOccurrences(of: "'", with: "''") + "'!"
  }
}
