import Budget
import Diagnostics
import Formula
import Workbook

/// What checking one file gave.
public enum FileOutcome: Sendable {
  case checked(PlanCheck)
  /// Not read: a spreadsheet in a format Equilibre does not read, found in a folder.
  case unsupported(ForeignFormat)
  case unreadable(SpreadsheetError)

  /// Reads the workbook at `path` and checks the plan in it; an unreadable file is an outcome,
  /// not a throw.
  public static func check(
    _ path: String, options: ReadOptions, formulaLimits: FormulaLimits
  ) -> FileOutcome {
    do throws(SpreadsheetError) {
      let workbook = try Workbook(contentsOf: path, options: options)
      return .checked(PlanCheck(workbook, reader: .recalculating(workbook, limits: formulaLimits)))
    } catch {
      return .unreadable(error)
    }
  }

  /// The file's `status` in the JSON report.
  public var status: String {
    switch self {
    case .unreadable: "error"
    case .unsupported: "unsupported"
    case .checked(let c) where c.plan == nil: "noPlan"
    case .checked(let c): c.findings.isEmpty ? "ok" : "findings"
    }
  }

  /// Where the summary counts the file (by all its findings, whatever `--severity` shows).
  public var category: FileCategory {
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

  /// The findings of a checked file, none for the others.
  public var findings: [Finding] {
    if case .checked(let c) = self { return c.findings }
    return []
  }

  /// The findings `options` shows: those at its severity or above.
  public func shownFindings(_ options: ReportOptions) -> [Finding] {
    findings.filter { $0.severity >= options.severity }
  }

  /// How many findings `options` hides.
  public func hiddenCount(_ options: ReportOptions) -> Int {
    findings.count { $0.severity < options.severity }
  }

  /// What a file that was not checked is, in `language`: an unreadable file's error, an
  /// unsupported file's format and what to do, a workbook with no plan; nil for a checked plan.
  public func problem(path: String, language: MessageLanguage) -> String? {
    let phrases = ReportPhrases.of(language)
    switch self {
    case .unreadable(let e): return phrases.unreadable + e.description(language)
    case .unsupported(let format):
      return phrases.unsupported
        + phrases.foreignFormat(format, ForeignFormat.fileExtension(of: path))
    case .checked(let c) where c.plan == nil: return phrases.noPlan
    case .checked: return nil
    }
  }

  /// The stable name of what kept a file from being checked, as CSV, JUnit and SARIF name it:
  /// `unreadable`, `unsupported`, `noPlan`; nil for a checked plan.
  public var problemID: String? {
    switch self {
    case .unreadable: "unreadable"
    case .unsupported: "unsupported"
    case .checked(let c) where c.plan == nil: "noPlan"
    case .checked: nil
    }
  }
}

/// Where the summary counts a file: its worst severity when it holds a plan, else why it was not
/// checked.
public enum FileCategory: Sendable {
  case ok, withWarnings, withErrors, noPlan, unsupported, unreadable
}

/// Counts of files by category: each file reported once, under its worst severity (of all its
/// findings, shown or not), or as holding no plan, unsupported or unreadable; the files of the
/// folders that were ignored; and the findings `--severity` hid.
public struct Summary: Sendable, Equatable {
  public var files = 0
  public var ok = 0
  public var withWarnings = 0
  public var withErrors = 0
  public var noPlan = 0
  public var unsupported = 0
  public var unreadable = 0
  /// Files in the folders that are no workbook, not among `files`.
  public var ignored = 0
  /// The lowest severity shown (`--severity`).
  public var shownSeverity: Severity = .info
  /// Findings below `shownSeverity`, counted in the categories above but not shown.
  public var hiddenFindings = 0

  /// No file counted yet.
  public init() {}

  /// Counts one more file.
  public mutating func count(_ category: FileCategory) {
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
  /// error finding, no plan, or was not read (unsupported): a person must look; else 0. It does
  /// not depend on `--severity`, which hides warnings and infos only.
  public var exitStatus: Int32 {
    if unreadable > 0 { return 2 }
    if withErrors > 0 || noPlan > 0 || unsupported > 0 { return 1 }
    return 0
  }

  /// The contract's `summary` object; `severity` and `hidden` are added when `--severity` hid
  /// something or was given above `info`.
  public var json: JSONValue {
    var members: [(String, JSONValue)] = [
      ("files", .number(Double(files))), ("ok", .number(Double(ok))),
      ("withWarnings", .number(Double(withWarnings))), ("withErrors", .number(Double(withErrors))),
      ("noPlan", .number(Double(noPlan))), ("unsupported", .number(Double(unsupported))),
      ("unreadable", .number(Double(unreadable))), ("ignored", .number(Double(ignored))),
    ]
    if shownSeverity != .info {
      members.append(("severity", .string(shownSeverity.rawValue)))
      members.append(("hidden", .number(Double(hiddenFindings))))
    }
    return .object(members)
  }
}
