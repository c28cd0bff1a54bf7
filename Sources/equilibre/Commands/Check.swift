import ArgumentParser
import Budget
import Diagnostics
import Synchronization
import Workbook

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

extension Equilibre {
  /// `equilibre check`: find the plan in each workbook and say what does not add up.
  struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Check that financing plans add up: sums, balance, result, rates, unit rates, Total column.",
      discussion: """
        PATH is a workbook or a folder (searched recursively for .xlsx .xlsm .xltx .xltm .ods .ots).
        Exit status: 0 no error finding, 1 some error finding, 2 a file could not be read.
        Examples:
          equilibre check samples/seed-meuse-asp.xlsx
          equilibre check --format json --jobs 2 plans/
        """)

    @Argument(help: "Workbooks or folders.")
    var paths: [String]

    @Option(help: "text or json.")
    var format: OutputFormat = .text

    @Option(help: "Files checked at once (default: the number of cores).")
    var jobs: Int?

    @OptionGroup var options: GlobalOptions

    func validate() throws {
      if format == .csv { throw ValidationError("check prints text or json.") }
      if let jobs, jobs <= 0 { throw ValidationError("--jobs takes a positive whole number, such as 2.") }
      if paths.isEmpty { throw ValidationError("give at least one workbook or folder.") }
    }

    func run() throws {
      let files = FileList.collect(paths)
      let language: MessageLanguage = options.language == .fr ? .fr : .en
      var batchOptions = options.readOptions
      batchOptions.readsProducer = false  // the report never shows it
      let readOptions = batchOptions
      let formulaLimits = options.formulaLimits
      let results = FileChecks(count: files.count)
      let cores = Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
      let jobCount = max(1, min(jobs ?? max(cores, 1), max(files.count, 1)))
      let progress = isatty(2) == 1 && files.count > 1 && !options.quiet
      // One file's JSON is pretty-printed; a batch is written compactly, each file rendered by
      // the worker that checked it.
      let prettySingle = format == .json && files.count == 1
      let format = self.format
      let quiet = options.quiet
      let verbose = options.verbose
      let work: @Sendable () -> Void = {
        while let i = results.next() {
          let outcome: FileOutcome
          switch files[i] {
          case .refused(let error):
            outcome = .unreadable(error)
          case .file(let path):
            do throws(SpreadsheetError) {
              let workbook = try Workbook(contentsOf: path, options: readOptions)
              outcome = .checked(
                PlanCheck(workbook, reader: .recalculating(workbook, limits: formulaLimits)))
            } catch {
              outcome = .unreadable(error)
            }
          }
          var rendered: [UInt8] = []
          if verbose, case .checked(let c) = outcome, !c.notes.isEmpty {
            Terminal.error(c.notes.map { "equilibre: \(files[i].path): \($0)" }.joined(separator: "\n"))
          }
          if format == .json {
            if !prettySingle {
              var json = JSONBytes()
              outcome.writeJSON(path: files[i].path, language: language, to: &json)
              rendered = json.bytes
            }
          } else {
            rendered = Array(outcome.text(path: files[i].path, language: language, quiet: quiet).utf8)
          }
          let done = results.store(
            Stored(worst: outcome.worst, full: prettySingle ? outcome : nil, rendered: rendered), at: i)
          if progress { FileHandleOut.stderr.write("\r\u{1B}[2K[\(done)/\(files.count)] \(files[i].path)") }
        }
      }
      Workers.run(count: jobCount, work)
      if progress { FileHandleOut.stderr.write("\r\u{1B}[2K") }
      let stored = results.all()
      var summary = Summary()
      for s in stored { summary.count(s.worst) }
      switch format {
      case .json where prettySingle:
        let filesJSON: [JSONValue] = zip(files, stored).compactMap { f, s in s.full?.json(path: f.path, language: language) }
        let doc = JSONValue.object([
          ("version", .number(1)),
          ("files", .array(filesJSON)),
          ("summary", summary.json),
        ])
        Terminal.out(doc.serialized(pretty: true) + "\n")
      case .json:
        var out = Array("{\"version\": 1, \"files\": [".utf8)
        for (i, s) in stored.enumerated() {
          if i > 0 { out += Array(", ".utf8) }
          out += s.rendered
          if out.count > 1 << 16 {
            FileHandleOut.stdout.write(bytes: out)
            out.removeAll(keepingCapacity: true)
          }
        }
        out += Array(("], \"summary\": " + summary.json.serialized() + "}\n").utf8)
        FileHandleOut.stdout.write(bytes: out)
      default:
        var out: [UInt8] = []
        for s in stored {
          out += s.rendered
          if out.count > 1 << 16 {
            FileHandleOut.stdout.write(bytes: out)
            out.removeAll(keepingCapacity: true)
          }
        }
        out += Array(summary.text(language).utf8)
        FileHandleOut.stdout.write(bytes: out)
      }
      if summary.unreadable > 0 { throw ExitCode(2) }
      if summary.withErrors > 0 { throw ExitCode(1) }
    }
  }
}

/// A path to check, or one refused by name.
enum FileEntry {
  case file(String)
  case refused(SpreadsheetError)

  var path: String {
    switch self {
    case .file(let p): p
    case .refused(let e): e.location.file ?? "?"
    }
  }
}

/// Expands folders into the workbooks they hold, sorted, and refuses what is not a workbook.
enum FileList {
  static func collect(_ paths: [String]) -> [FileEntry] {
    var out: [FileEntry] = []
    for path in paths {
      switch kind(of: path) {
      case nil:
        out.append(.refused(SpreadsheetError(.io, "no such file or folder", at: .init(file: path))))
      case .directory?:
        var found: [FileEntry] = []
        walk(path.hasSuffix("/") ? String(path.dropLast()) : path, into: &found, depth: 0)
        out += found.sorted { $0.path < $1.path }
      case .file?:
        let ext = fileExtension(path)
        if SpreadsheetFormat(fileExtension: ext) == nil {
          out.append(
            .refused(
              SpreadsheetError(
                .unsupported,
                "«.\(ext)» is not a workbook extension Equilibre reads (.xlsx .xlsm .xltx .xltm .ods .ots)",
                at: .init(file: path))))
        } else {
          out.append(.file(path))
        }
      }
    }
    return out
  }

  enum Kind { case file, directory }

  static func kind(of path: String) -> Kind? {
    var st = stat()
    guard stat(path, &st) == 0 else { return nil }
    return (st.st_mode & S_IFMT) == S_IFDIR ? .directory : .file
  }

  static func fileExtension(_ path: String) -> String {
    let base = path.split(separator: "/").last.map(String.init) ?? path
    guard let dot = base.lastIndex(of: "."), dot != base.startIndex else { return "" }
    return String(base[base.index(after: dot)...])
  }

  /// Collects the workbooks under `directory`, recursively; links to workbooks are followed, links
  /// to folders are not (no loops). What can't be searched or named is reported, not skipped: a
  /// folder that can't be opened, one nested past 64 levels, a workbook or folder whose name is
  /// not UTF-8.
  static func walk(_ directory: String, into found: inout [FileEntry], depth: Int) {
    guard depth < 64 else {
      found.append(.refused(SpreadsheetError(.io, "folders nest deeper than 64 levels here; not searched", at: .init(file: directory))))
      return
    }
    guard let dir = opendir(directory) else {
      let reason = String(cString: strerror(errno))
      found.append(.refused(SpreadsheetError(.io, "cannot open the folder: \(reason)", at: .init(file: directory))))
      return
    }
    defer { closedir(dir) }
    while let entry = readdir(dir) {
      let bytes = withUnsafeBytes(of: entry.pointee.d_name) { raw in Array(raw.prefix { $0 != 0 }) }
      let name = String(decoding: bytes, as: UTF8.self)
      if name == "." || name == ".." || name.hasPrefix("~$") || name.hasPrefix(".~lock") { continue }
      let full = directory + "/" + name
      guard String(validating: bytes, as: UTF8.self) != nil else {
        // The path can't be carried as a String (it would name another file); say so, with the
        // name as near as it can be shown.
        if entry.pointee.d_type == UInt8(DT_DIR) {
          found.append(
            .refused(
              SpreadsheetError(
                .io, "the folder's name is not valid UTF-8, so it was not searched; rename it", at: .init(file: full))))
        } else if SpreadsheetFormat(fileExtension: fileExtension(name)) != nil {
          found.append(
            .refused(
              SpreadsheetError(.io, "the file's name is not valid UTF-8; rename the file to check it", at: .init(file: full))))
        }
        continue
      }
      var st = stat()
      guard lstat(full, &st) == 0 else { continue }
      if (st.st_mode & S_IFMT) == S_IFDIR {
        walk(full, into: &found, depth: depth + 1)
      } else if SpreadsheetFormat(fileExtension: fileExtension(name)) != nil {
        // A link to a workbook is checked (a link to a folder is not followed: no loops).
        var target = stat()
        let isLink = (st.st_mode & S_IFMT) == S_IFLNK
        if (st.st_mode & S_IFMT) == S_IFREG || (isLink && stat(full, &target) == 0 && (target.st_mode & S_IFMT) == S_IFREG) {
          found.append(.file(full))
        }
      }
    }
  }
}

/// Runs a job on `count` threads and waits for them.
enum Workers {
  final class Box: @unchecked Sendable {
    let work: @Sendable () -> Void
    init(_ work: @escaping @Sendable () -> Void) { self.work = work }
  }

  static func run(count: Int, _ work: @escaping @Sendable () -> Void) {
    if count <= 1 {
      work()
      return
    }
    var threads: [pthread_t] = []
    for _ in 0..<count {
      let box = Unmanaged.passRetained(Box(work)).toOpaque()
      var thread = pthread_t()
      let rc = pthread_create(
        &thread, nil,
        { raw in
          guard let raw else { return nil }
          let box = Unmanaged<Box>.fromOpaque(raw).takeRetainedValue()
          box.work()
          return nil
        }, box)
      if rc == 0 {
        threads.append(thread)
      } else {
        Unmanaged<Box>.fromOpaque(box).release()
        work()
      }
    }
    for t in threads { pthread_join(t, nil) }
  }
}

/// What a worker keeps of one file: its worst finding, its rendering, and the whole outcome
/// only when it is printed as a pretty JSON document.
struct Stored: Sendable {
  /// nil: unreadable; `.some(nil)`: no finding.
  var worst: Severity??
  var full: FileOutcome?
  var rendered: [UInt8]
}

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

/// The results of a batch, filled by worker threads in any order and read in input order.
final class FileChecks: Sendable {
  private struct State {
    var outcomes: [Stored?]
    var nextIndex = 0
    var done = 0
  }
  private let state: Mutex<State>

  init(count: Int) { state = Mutex(State(outcomes: Array(repeating: nil, count: count))) }

  /// The next file index to check, or nil when all are taken.
  func next() -> Int? {
    state.withLock { s in
      guard s.nextIndex < s.outcomes.count else { return nil }
      s.nextIndex += 1
      return s.nextIndex - 1
    }
  }

  /// Stores a result; returns how many are done.
  func store(_ outcome: Stored, at index: Int) -> Int {
    state.withLock { s in
      s.outcomes[index] = outcome
      s.done += 1
      return s.done
    }
  }

  func all() -> [Stored] {
    state.withLock { s in s.outcomes.map { $0 ?? Stored(worst: nil, full: nil, rendered: []) } }
  }
}

extension String {
  /// The text padded with spaces to `width` characters, then one space.
  func padding(_ width: Int) -> String {
    count >= width ? self + " " : self + String(repeating: " ", count: width - count) + " "
  }
}
