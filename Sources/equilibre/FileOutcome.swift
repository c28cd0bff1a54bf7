import Budget
import Diagnostics

/// What checking one file gave.
enum FileOutcome: Sendable {
  case checked(PlanCheck)
  case unreadable(SpreadsheetError)

  var status: String {
    switch self {
    case .unreadable: "error"
    case .checked(let c): c.findings.isEmpty ? "ok" : "findings"
    }
  }

  /// nil when unreadable, else the worst severity found (nil when none).
  var worst: Severity?? {
    switch self {
    case .unreadable: nil
    case .checked(let c): .some(c.worstSeverity)
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
    case .checked(let c):
      if let plan = c.plan { members.append(("plan", plan.json)) }
      members.append(("findings", .array(c.findings.map { $0.json(language) })))
    }
    return .object(members)
  }

  func text(path: String, language: MessageLanguage, quiet: Bool) -> String {
    let fr = language == .fr
    switch self {
    case .unreadable(let e):
      return "\(path)\n  " + (fr ? "illisible : " : "unreadable: ") + e.description + "\n"
    case .checked(let c):
      guard let plan = c.plan else {
        return "\(path)\n  " + (fr ? "aucun plan de financement trouvé" : "no financing plan found") + "\n"
      }
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

/// Counts of files by their worst severity.
struct Summary {
  var files = 0
  var ok = 0
  var withWarnings = 0
  var withErrors = 0
  var unreadable = 0

  mutating func count(_ worst: Severity??) {
    files += 1
    switch worst {
    case nil: unreadable += 1
    case .some(.error?): withErrors += 1
    case .some(.warning?): withWarnings += 1
    default: ok += 1
    }
  }

  var json: JSONValue {
    .object([
      ("files", .number(Double(files))), ("ok", .number(Double(ok))),
      ("withWarnings", .number(Double(withWarnings))), ("withErrors", .number(Double(withErrors))),
      ("unreadable", .number(Double(unreadable))),
    ])
  }

  func text(_ language: MessageLanguage) -> String {
    language == .fr
      ? "\(files) fichier(s) : \(ok) sans problème, \(withWarnings) avec avertissements, \(withErrors) avec erreurs, \(unreadable) illisible(s)\n"
      : "\(files) file(s): \(ok) ok, \(withWarnings) with warnings, \(withErrors) with errors, \(unreadable) unreadable\n"
  }
}

extension String {
  /// The text padded with spaces to `width` characters, then one space.
  func padding(_ width: Int) -> String {
    count >= width ? self + " " : self + String(repeating: " ", count: width - count) + " "
  }
}
