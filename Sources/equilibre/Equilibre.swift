import ArgumentParser
import Budget
import Diagnostics
import Formula
import Workbook

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The `equilibre` command line: check, fix, convert and inspect financing plans.
@main
struct Equilibre: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "equilibre",
    abstract: "Read, check and correct financing plans (plans de financement) kept in .xlsx and .ods.",
    discussion: """
      Exit status: 0 no error finding; 1 some error finding, a workbook with no plan, or a file \
      not checked (unsupported, a folder with no workbook); 2 a file could not be read, or bad \
      usage.
      Examples:
        equilibre check samples/ --lang en
        equilibre check samples/eu-grant-typo.xlsx --format json
        equilibre fix samples/eu-grant-typo.xlsx -o corrige.xlsx --annotate
        equilibre check plans/ --format html --lang fr > rapport.html
        equilibre convert samples/seed-meuse-asp.ods plan.xlsx
        equilibre export samples/seed-meuse-asp.xlsx --format csv
        equilibre info samples/seed-meuse-asp.xlsx
        equilibre cells samples/seed-meuse-asp.ods --format json
      """,
    version: Equilibre.version,
    subcommands: Equilibre.allSubcommands)

  static func main() {
    let commands = allSubcommands.map { $0._commandName }
    let arguments = Array(CommandLine.arguments.dropFirst())
    // The language is known before the arguments are parsed, for the errors of parsing them.
    let language: MessageLanguage = Language.from(arguments) == .fr ? .fr : .en
    if let message = UnknownCommand.message(for: arguments, commands: commands, language: language) {
      Terminal.error(message)
      Glibc.exit(2)
    }
    do {
      var command = try parseAsRoot()
      if let withOptions = command as? TakesGlobalOptions, withOptions.options.verbose {
        RunCost.reportAtExit(withOptions.options.messageLanguage)
      }
      try command.run()
    } catch let exit as ExitCode {
      Glibc.exit(exit.rawValue)
    } catch {
      let code = exitCode(for: error)
      if code == .success {
        print(fullMessage(for: error))
        Glibc.exit(0)
      }
      // ArgumentParser writes its errors in English; in another language they are rewritten.
      let message = fullMessage(for: error)
      Terminal.error(language == .en ? message : Phrases.of(language).usage.rewrite(message))
      // Bad usage is 2, as the contract says (ArgumentParser's own is 64).
      Glibc.exit(code == .validationFailure || code.rawValue == 64 ? 2 : code.rawValue)
    }
  }
}

/// The caps on reading a file, which every command takes: listed apart in the help, after the
/// options a user reaches for.
struct SafetyLimits: ParsableArguments {
  @Option(help: "Largest inflated size of one zip entry, in MiB (default 1024).")
  var maxInflatedMib: Int64?

  @Option(help: "Largest inflate ratio of one zip entry past 16 MiB (default 400).")
  var maxInflateRatio: Int64?

  @Option(help: "Most bytes all the zip entries read may inflate to together, in MiB (default 1024).")
  var maxTotalInflatedMib: Int64?

  @Option(help: "Most non-empty cells in a workbook, after ODS repeats (default 5000000).")
  var maxCells: Int?

  @Option(help: "Longest text node in a part, in MiB (default 32).")
  var maxTextMib: Int?

  @Option(help: "Most text in a workbook's cells, after repeats, in MiB (default 256).")
  var maxCellTextMib: Int?

  @Option(help: "Deepest nesting of XML elements in a part (default 256).")
  var maxXmlDepth: Int?

  @Option(help: "Most entries in a zip archive (default 100000).")
  var maxZipEntries: Int?

  @Option(help: "Longest formula text, in characters (default 8192, at most 32768).")
  var maxFormulaLength: Int?

  @Option(help: "Deepest nesting in a formula (default 256, at most 512).")
  var maxFormulaDepth: Int?

  @Option(help: "Most evaluation steps of one recalculation (default 10000000).")
  var maxEvaluationSteps: Int?
}

/// Options every command takes.
struct GlobalOptions: ParsableArguments {
  @Flag(name: .shortAndLong, help: "Print only the result and fatal errors.")
  var quiet = false

  @Flag(name: .shortAndLong, help: "Print detail, the causes of errors and what the run cost (time, peak memory) on stderr.")
  var verbose = false

  @Option(help: "Language of messages: fr or en (default: from LANG).")
  var lang: Language?

  /// The caps on what a file from a stranger may cost, in their own section of the help.
  @OptionGroup(title: "Safety limits") var limits: SafetyLimits

  var maxInflatedMib: Int64? { limits.maxInflatedMib }
  var maxInflateRatio: Int64? { limits.maxInflateRatio }
  var maxTotalInflatedMib: Int64? { limits.maxTotalInflatedMib }
  var maxCells: Int? { limits.maxCells }
  var maxTextMib: Int? { limits.maxTextMib }
  var maxCellTextMib: Int? { limits.maxCellTextMib }
  var maxXmlDepth: Int? { limits.maxXmlDepth }
  var maxZipEntries: Int? { limits.maxZipEntries }
  var maxFormulaLength: Int? { limits.maxFormulaLength }
  var maxFormulaDepth: Int? { limits.maxFormulaDepth }
  var maxEvaluationSteps: Int? { limits.maxEvaluationSteps }

  func validate() throws {
    let values: [(String, Int?)] = [
      ("--max-inflated-mib", maxInflatedMib.map(Int.init)), ("--max-inflate-ratio", maxInflateRatio.map(Int.init)),
      ("--max-total-inflated-mib", maxTotalInflatedMib.map(Int.init)),
      ("--max-cells", maxCells), ("--max-text-mib", maxTextMib), ("--max-cell-text-mib", maxCellTextMib),
      ("--max-xml-depth", maxXmlDepth),
      ("--max-zip-entries", maxZipEntries), ("--max-formula-length", maxFormulaLength),
      ("--max-formula-depth", maxFormulaDepth), ("--max-evaluation-steps", maxEvaluationSteps),
    ]
    for (name, value) in values {
      if let value, value <= 0 { throw ValidationError(Phrases.of(messageLanguage).positiveNumber(name, 2048)) }
    }
    // Past these the parser's and evaluator's recursion could exhaust the stack.
    let ceiling = FormulaLimits.ceiling
    for (name, value, most) in [
      ("--max-formula-length", maxFormulaLength, ceiling.maxLength),
      ("--max-formula-depth", maxFormulaDepth, ceiling.maxDepth),
    ] {
      if let value, value > most { throw ValidationError(Phrases.of(messageLanguage).atMost(name, most)) }
    }
  }

  /// The read caps, raised where the options say.
  var readOptions: ReadOptions {
    var o = ReadOptions.default
    if let v = maxInflatedMib {
      o.archive.maxInflatedBytes = mebibytes(v)
      // Raising the cap of one entry raises the total with it, unless the total is given too.
      let twice = o.archive.maxInflatedBytes.multipliedReportingOverflow(by: 2)
      o.archive.maxTotalInflatedBytes = max(o.archive.maxTotalInflatedBytes, twice.overflow ? .max : twice.partialValue)
    }
    if let v = maxInflateRatio { o.archive.maxInflateRatio = v }
    if let v = maxTotalInflatedMib { o.archive.maxTotalInflatedBytes = mebibytes(v) }
    if let v = maxZipEntries { o.archive.maxEntries = v }
    if let v = maxCells { o.maxCells = v }
    if let v = maxTextMib { o.xml.maxTextBytes = Int(mebibytes(Int64(v))) }
    if let v = maxCellTextMib { o.maxCellTextBytes = Int(mebibytes(Int64(v))) }
    if let v = maxXmlDepth { o.xml.maxDepth = v }
    return o
  }

  /// `mib` MiB in bytes; past what 64 bits hold, no cap.
  private func mebibytes(_ mib: Int64) -> Int64 { mib > Int64.max >> 20 ? .max : mib << 20 }

  /// The formula caps, raised where the options say.
  var formulaLimits: FormulaLimits {
    var limits = FormulaLimits.default
    if let v = maxFormulaLength { limits.maxLength = v }
    if let v = maxFormulaDepth { limits.maxDepth = v }
    if let v = maxEvaluationSteps { limits.maxEvaluationSteps = v }
    return limits
  }

  /// The language asked for, else the environment's (`LC_ALL`, `LC_MESSAGES`, `LANG`).
  var language: Language { lang ?? Language.fromEnvironment() }

  /// ``language`` as `Budget` names it, for findings and phrases.
  var messageLanguage: MessageLanguage { language == .fr ? .fr : .en }
}

/// The language of messages.
enum Language: String, ExpressibleByArgument, CaseIterable, Sendable {
  case fr, en

  /// The language `--lang` names among `arguments` (`--lang fr`, `--lang=fr`), else the
  /// environment's; read before the arguments are parsed, for the errors of parsing them.
  static func from(_ arguments: [String]) -> Language {
    for (i, a) in arguments.enumerated() {
      if a == "--", i > 0 { break }
      if a == "--lang", i + 1 < arguments.count, let l = Language(rawValue: arguments[i + 1]) { return l }
      if a.hasPrefix("--lang="), let l = Language(rawValue: String(a.dropFirst(7))) { return l }
    }
    return fromEnvironment()
  }

  static func fromEnvironment() -> Language {
    for key in ["LC_ALL", "LC_MESSAGES", "LANG"] {
      if let v = getenv(key).map({ String(cString: $0) }), !v.isEmpty {
        return v.lowercased().hasPrefix("fr") ? .fr : .en
      }
    }
    return .en
  }
}

/// A command's `--format`: each command has its own, so that its help lists only what it prints.
protocol CommandFormat: ExpressibleByArgument, CaseIterable, RawRepresentable<String> {}

extension CommandFormat {
  /// Whether the command prints JSON (an unreadable file is then reported on stdout too).
  var isJSON: Bool { rawValue == "json" }
}

/// `cells --format`.
enum OutputFormat: String, CommandFormat {
  case text, json, csv
}

/// `info --format` and `fix --format`.
enum TextOrJSONFormat: String, CommandFormat {
  case text, json
}

/// `export --format`: the typed plan.
enum ExportFormat: String, CommandFormat {
  case json, csv
}

/// Writing to the terminal's streams.
enum Terminal {
  static func error(_ text: String) {
    FileHandleOut.stderr.write(text + "\n")
  }
  static func out(_ text: String) {
    FileHandleOut.stdout.write(text)
  }
}

/// A tiny buffered writer over a file descriptor.
struct FileHandleOut {
  let fd: Int32
  static let stdout = FileHandleOut(fd: 1)
  static let stderr = FileHandleOut(fd: 2)

  func write(_ text: String) {
    var copy = text
    copy.withUTF8 { write(buffer: $0) }
  }

  func write(bytes: [UInt8]) {
    bytes.withUnsafeBufferPointer { write(buffer: $0) }
  }

  private func write(buffer: UnsafeBufferPointer<UInt8>) {
    guard let base = buffer.baseAddress else { return }
    var offset = 0
    while offset < buffer.count {
      let n = Glibc.write(fd, base + offset, buffer.count - offset)
      if n < 0 && errno == EINTR { continue }
      if n <= 0 { return }
      offset += n
    }
  }
}

/// Reads a workbook for a command, printing the error and exiting with 2 when it can't.
func openWorkbook(_ path: String, options: GlobalOptions, format: some CommandFormat) throws -> Workbook {
  do {
    return try Workbook(contentsOf: path, options: options.readOptions)
  } catch {
    reportUnreadable(error, format: format, options: options)
    throw ExitCode(2)
  }
}

/// Prints an unreadable-file error: JSON `{"error": {"code", "message"}}` on stdout for
/// `--format json`, and one line on stderr in every case.
///
/// The message is in `--lang`; under `--verbose`, the lower-level cause follows as the library or
/// the system said it (libzip's and libxml2's texts are English, quoted as they are).
func reportUnreadable(_ error: SpreadsheetError, format: some CommandFormat, options: GlobalOptions) {
  let language = options.messageLanguage
  if format.isJSON {
    let doc = JSONValue.object([
      (
        "error",
        .object([("code", .string(error.code.rawValue)), ("message", .string(error.description(language)))])
      )
    ])
    Terminal.out(doc.serialized() + "\n")
  }
  Terminal.error("equilibre: \(error.description(language))")
  if options.verbose, let cause = error.problem.cause { Terminal.error(Phrases.of(language).causedBy(cause)) }
}
