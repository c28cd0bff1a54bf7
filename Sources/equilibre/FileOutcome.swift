import Budget
import Diagnostics

/// What checking one file gave.
enum FileOutcome: Sendable {
  case checked(PlanCheck)
  /// Not read: a spreadsheet in a format Equilibre does not read, found in a folder.
  case unsupported(ForeignFormat)
  case unreadable(SpreadsheetError)

  /// The file's `status` in the JSON report.
  var status: String {
    switch self {
    case .unreadable: "error"
    case .unsupported: "unsupported"
    case .checked(let c) where c.plan == nil: "noPlan"
    case .checked(let c): c.findings.isEmpty ? "ok" : "findings"
    }
  }

  /// Where the summary counts the file.
  var category: FileCategory {
    switch self {
    case .unreadable: .unreadable
    case .unsupported: .unsupported
    case .checked(let c) where c.plan == nil: .noPlan
    case .checked(let c):
      switch c.worstSeverity {
      case .error?: .withErrors
      case .warning?: .withWarnings
      default: .ok
      }
    }
  }

  /// The file's object as compact JSON, the same bytes as `json(path:language:).serialized()`.
  func writeJSON(path: String, language: MessageLanguage, to out: inout JSONBytes) {
    out.raw("{\"path\": ")
    out.string(path)
    out.raw(", \"status\": \"" + status + "\"")
    switch self {
    case .unreadable(let e):
      out.raw(", \"error\": {\"code\": ")
      out.string(e.code.rawValue)
      out.raw(", \"message\": ")
      out.string(e.description)
      out.raw("}")
    case .unsupported(let format):
      out.raw(", \"message\": ")
      out.string(Phrases.of(language).foreignFormat(format, FileList.fileExtension(path)))
    case .checked(let c):
      if let plan = c.plan {
        out.raw(", \"plan\": ")
        plan.writeJSON(to: &out)
      }
      out.raw(", \"findings\": [")
      for (i, f) in c.findings.enumerated() {
        if i > 0 { out.raw(", ") }
        f.writeJSON(to: &out, language: language)
      }
      out.raw("]")
    }
    out.raw("}")
  }

  func json(path: String, language: MessageLanguage) -> JSONValue {
    var members: [(String, JSONValue)] = [("path", .string(path)), ("status", .string(status))]
    switch self {
    case .unreadable(let e):
      members.append(
        ("error", .object([("code", .string(e.code.rawValue)), ("message", .string(e.description))])))
    case .unsupported(let format):
      members.append(
        ("message", .string(Phrases.of(language).foreignFormat(format, FileList.fileExtension(path)))))
    case .checked(let c):
      if let plan = c.plan { members.append(("plan", plan.json)) }
      members.append(("findings", .array(c.findings.map { $0.json(language) })))
    }
    return .object(members)
  }

  func text(path: String, language: MessageLanguage, quiet: Bool) -> String {
    let fr = language == .fr
    let phrases = Phrases.of(language)
    switch self {
    case .unreadable(let e):
      return "\(path)\n  " + phrases.unreadable + e.description + "\n"
    case .unsupported(let format):
      return "\(path)\n  " + phrases.unsupported + phrases.foreignFormat(format, FileList.fileExtension(path)) + "\n"
    case .checked(let c):
      guard let plan = c.plan else { return "\(path)\n  " + phrases.noPlan + "\n" }
      var out = "\(path)\n"
      let periods = plan.periods.map { p in
        p.label + (p.months.map { fr ? " (\($0) mois)" : " (\($0) months)" } ?? "")
      }.joined(separator: ", ")
      out += fr ? "  plan : feuille «\(plan.sheet)», périodes : \(periods)\n"
        : "  plan: sheet «\(plan.sheet)», periods: \(periods)\n"
      var counts: [Severity: Int] = [:]
      for f in c.findings {
        counts[f.severity, default: 0] += 1
        if quiet && f.severity == .info { continue }
        let severity: String
        switch f.severity {
        case .error: severity = fr ? "erreur" : "error"
        case .warning: severity = fr ? "avertissement" : "warning"
        case .info: severity = "info"
        }
        out += "  \(f.cell.description.padding(5))\(severity.padding(14))\(f.rule.rawValue.padding(13))\(f.message(language))\n"
      }
      let e = counts[.error] ?? 0
      let w = counts[.warning] ?? 0
      let i = counts[.info] ?? 0
      out += fr ? "  \(e) erreur(s), \(w) avertissement(s), \(i) info(s)\n"
        : "  \(e) error(s), \(w) warning(s), \(i) info\n"
      return out
    }
  }
}

/// Where the summary counts a file: its worst severity when it holds a plan, else why it was not
/// checked.
enum FileCategory: Sendable {
  case ok, withWarnings, withErrors, noPlan, unsupported, unreadable
}

/// Counts of files by category: each file reported once, under its worst severity, or as holding
/// no plan, unsupported or unreadable; and the files of the folders that were ignored.
struct Summary {
  var files = 0
  var ok = 0
  var withWarnings = 0
  var withErrors = 0
  var noPlan = 0
  var unsupported = 0
  var unreadable = 0
  /// Files in the folders that are no workbook, not among `files`.
  var ignored = 0

  mutating func count(_ category: FileCategory) {
    files += 1
    switch category {
    case .ok: ok += 1
    case .withWarnings: withWarnings += 1
    case .withErrors: withErrors += 1
    case .noPlan: noPlan += 1
    case .unsupported: unsupported += 1
    case .unreadable: unreadable += 1
    }
  }

  /// The exit status the counts call for: 2 when a file could not be read; 1 when one has an
  /// error finding, no plan, or was not read (unsupported): a person must look; else 0.
  var exitStatus: Int32 {
    if unreadable > 0 { return 2 }
    if withErrors > 0 || noPlan > 0 || unsupported > 0 { return 1 }
    return 0
  }

  var json: JSONValue {
    .object([
      ("files", .number(Double(files))), ("ok", .number(Double(ok))),
      ("withWarnings", .number(Double(withWarnings))), ("withErrors", .number(Double(withErrors))),
      ("noPlan", .number(Double(noPlan))), ("unsupported", .number(Double(unsupported))),
      ("unreadable", .number(Double(unreadable))), ("ignored", .number(Double(ignored))),
    ])
  }

  func text(_ language: MessageLanguage) -> String { Phrases.of(language).summary(self) }
}

extension String {
  /// The text padded with spaces to `width` characters, then one space.
  func padding(_ width: Int) -> String {
    count >= width ? self + " " : self + String(repeating: " ", count: width - count) + " "
  }
}
