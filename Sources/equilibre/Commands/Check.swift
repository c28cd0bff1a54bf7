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
          case .unsupported(_, let format):
            outcome = .unsupported(format)
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
            Stored(category: outcome.category, full: prettySingle ? outcome : nil, rendered: rendered), at: i)
          if progress { FileHandleOut.stderr.write("\r\u{1B}[2K[\(done)/\(files.count)] \(files[i].path)") }
        }
      }
      Workers.run(count: jobCount, work)
      if progress { FileHandleOut.stderr.write("\r\u{1B}[2K") }
      let stored = results.all()
      var summary = Summary()
      for s in stored { summary.count(s.category) }
      summary.ignored = list.ignored.count
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
      let status = max(summary.exitStatus, list.foldersWithoutWorkbooks.isEmpty ? 0 : 1)
      if status != 0 { throw ExitCode(status) }
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

/// What a worker keeps of one file: where the summary counts it, its rendering, and the whole
/// outcome only when it is printed as a pretty JSON document.
struct Stored: Sendable {
  var category: FileCategory
  var full: FileOutcome?
  var rendered: [UInt8]
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
    state.withLock { s in s.outcomes.map { $0 ?? Stored(category: .unreadable, full: nil, rendered: []) } }
  }
}

