import ArgumentParser
import Budget
import Diagnostics
import Reports
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
        PATH is a workbook or a folder, searched recursively for .xlsx .xlsm .xltx .xltm .ods \
        .ots; other spreadsheets found there (.xls .xlsb .csv .numbers .fods…) are listed as \
        unsupported, other files are ignored (--verbose names them). Each file is checked once, \
        however many paths reach it. A workbook in which no financing plan is recognised is \
        reported as such (noPlan): check it by hand.
        Exit status: 0 no error finding; 1 some error finding, a workbook with no plan, an \
        unsupported file, or a folder with no workbook; 2 a file could not be read (2 wins).
        Examples:
          equilibre check samples/seed-meuse-asp.xlsx
          equilibre check --format json --jobs 2 plans/
          equilibre check --format html --lang fr plans/ > rapport.html
          equilibre check --format csv --severity error plans/ > erreurs.csv
        Formats: text (the default), json (design.md's contract), csv (one row per finding, \
        UTF-8 with a BOM, ';'-separated for Excel and LibreOffice), junit (a test case per file), \
        sarif (SARIF 2.1.0), html (one self-contained page). --severity hides the findings below \
        it in every format and the summary says how many; the exit status counts all of them.
        """)

    @Argument(help: "Workbooks or folders.")
    var paths: [String]

    @Option(help: "The report's format.")
    var format: ReportFormat = .text

    @Option(help: "The lowest severity shown (the exit status counts every error).")
    var severity: ShownSeverity = .info

    @Option(help: "Files checked at once (default: the number of cores).")
    var jobs: Int?

    @OptionGroup var options: GlobalOptions

    func validate() throws {
      let phrases = Phrases.of(options.messageLanguage)
      if let jobs, jobs <= 0 { throw ValidationError(phrases.positiveNumber("--jobs", 2)) }
      if paths.isEmpty { throw ValidationError(phrases.noPath) }
    }

    func run() throws {
      let list = FileList.collect(paths)
      let files = list.entries
      let language = options.messageLanguage
      let phrases = Phrases.of(language)
      // A folder named with nothing to check is worth a word even under --quiet: it is the only
      // trace of why the exit status is 1.
      for folder in list.foldersWithoutWorkbooks { Terminal.error(phrases.noWorkbookInFolder(folder)) }
      if options.verbose {
        for (path, reason) in list.ignored { Terminal.error(phrases.ignored(path, reason)) }
      }
      var batchOptions = options.readOptions
      batchOptions.readsProducer = false  // the report never shows it
      batchOptions.readsCopyExtras = false  // nor colours and table parts
      let readOptions = batchOptions
      let formulaLimits = options.formulaLimits
      let results = FileChecks(count: files.count)
      let cores = Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
      let jobCount = max(1, min(jobs ?? max(cores, 1), max(files.count, 1)))
      let progress = isatty(2) == 1 && files.count > 1 && !options.quiet
      let reportOptions = ReportOptions(
        language: language, severity: severity.severity, quiet: options.quiet)
      // Each file is rendered by the worker that checked it; the document is put together once
      // the summary is known.
      let encoder = format.encoder(reportOptions, fileCount: files.count)
      let verbose = options.verbose
      let work: @Sendable () -> Void = {
        while let i = results.next() {
          let outcome: FileOutcome
          switch files[i] {
          case .refused(let error): outcome = .unreadable(error)
          case .unsupported(_, let format): outcome = .unsupported(format)
          case .file(let path):
            outcome = FileOutcome.check(path, options: readOptions, formulaLimits: formulaLimits)
          }
          if verbose, case .checked(let c) = outcome, !c.notes.isEmpty {
            Terminal.error(c.notes.map { "equilibre: \(files[i].path): " + phrases.note($0) }.joined(separator: "\n"))
          }
          let done = results.store(
            Stored(
              category: outcome.category, hidden: outcome.hiddenCount(reportOptions),
              rendered: encoder.render(outcome, path: files[i].path)), at: i)
          if progress { FileHandleOut.stderr.write("\r\u{1B}[2K[\(done)/\(files.count)] \(files[i].path)") }
        }
      }
      Workers.run(count: jobCount, work)
      if progress { FileHandleOut.stderr.write("\r\u{1B}[2K") }
      let stored = results.all()
      var summary = Summary()
      for s in stored {
        summary.count(s.category)
        summary.hiddenFindings += s.hidden
      }
      summary.ignored = list.ignored.count
      summary.shownSeverity = severity.severity
      encoder.document(stored.map(\.rendered), summary: summary) { FileHandleOut.stdout.write(bytes: $0) }
      let status = max(summary.exitStatus, list.foldersWithoutWorkbooks.isEmpty ? 0 : 1)
      if status != 0 { throw ExitCode(status) }
    }
  }
}

extension ReportFormat: ExpressibleByArgument {}

/// `--severity`: the lowest severity a report shows.
enum ShownSeverity: String, ExpressibleByArgument, CaseIterable {
  case error, warning, info

  var severity: Severity {
    switch self {
    case .error: .error
    case .warning: .warning
    case .info: .info
    }
  }
}
