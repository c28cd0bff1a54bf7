import Diagnostics
import Budget
import Workbook

/// What the command line tells a person about a batch, in one language: one phrasebook per
/// language, so that a phrase added to one and not the other does not compile.
///
/// The words of a report (a file's status, the summary) are in `ReportPhrases` (`Reports`); these
/// are the command line's own: the warnings of a run, `export`'s refusal.
struct Phrases: Sendable {
  /// `export`'s error for a workbook with no plan, given its path.
  var exportNoPlan: @Sendable (_ path: String) -> String
  /// The warning for a folder named in which no workbook was found.
  var noWorkbookInFolder: @Sendable (_ path: String) -> String
  /// The `--verbose` line for a file of a folder that was neither checked nor listed.
  var ignored: @Sendable (_ path: String, IgnoredReason) -> String
  /// The `--verbose` line under an error: the lower-level cause, its text quoted as the library
  /// or the system gave it (libzip's and libxml2's are English).
  var causedBy: @Sendable (Cause) -> String
  /// `info`'s labels, padded to one width: format, producer, date system, sheets.
  var infoLabels: (format: String, producer: String, dateSystem: String, sheets: String)
  /// `info`'s producer when the file names none, and a sheet's range when it has no cell.
  var unknownProducer: String
  var emptyRange: String
  /// `info`'s line of a sheet after its name: kind, visibility, range, counts.
  var infoSheet: @Sendable (SheetKind, SheetVisibility, _ range: String, _ cells: Int, _ formulas: Int) -> String
  /// `cells`' heading of a sheet, its line for a cell without a value, its merged ranges.
  var cellsSheet: @Sendable (_ name: String, SheetVisibility, SheetKind) -> String
  var noCachedValue: String
  var merged: String
  /// `cells --sheet` naming no sheet of the workbook.
  var noSuchSheet: @Sendable (_ file: String, _ sheet: String, _ sheets: [String]) -> String
  /// A `--max-…` option or `--jobs` given zero or less.
  var positiveNumber: @Sendable (_ option: String, _ example: Int) -> String
  /// A formula cap given past its ceiling.
  var atMost: @Sendable (_ option: String, _ most: Int) -> String
  /// `check` with no path.
  var noPath: String
  /// The run cost under `--verbose`: CPU seconds (already written) and peak memory in MiB.
  var runCost: @Sendable (_ cpu: String, _ peakMiB: Int) -> String
  /// A verbose note of `check` about a line or sheet left unchecked.
  var note: @Sendable (CheckNote) -> String
  /// ArgumentParser's usage errors, and the lines around them.
  var usage: UsagePhrases

  /// The phrasebook of `language`.
  static func of(_ language: MessageLanguage) -> Phrases {
    switch language {
    case .fr: french
    case .en: english
    }
  }

  private static let extensions = SpreadsheetFormat.fileExtensions.map { "." + $0 }.joined(
    separator: " ")

  static let french: Phrases = Phrases(
    exportNoPlan: { path in
      "equilibre: \(path): aucun plan de financement trouvé (aucune feuille dont les totaux couvrent des lignes)"
    },
    noWorkbookInFolder: { path in
      "equilibre: \(path): aucun classeur à vérifier dans ce dossier (Equilibre lit \(extensions), sous-dossiers compris)"
    },
    ignored: { path, reason in
      switch reason {
      case .notAWorkbook: "equilibre: \(path): ignoré, ce n'est pas un classeur"
      case .lockFile: "equilibre: \(path): ignoré, fichier de verrouillage d'un document ouvert"
      case .linkToFolder: "equilibre: \(path): ignoré, lien vers un dossier (non suivi)"
      case .notRegularFile: "equilibre: \(path): ignoré, ce n'est pas un fichier ordinaire"
      }
    },
    causedBy: { cause in
      let source =
        switch cause.source {
        case .system: "système, erreur n°\u{A0}\(cause.code)"
        case .libzip: "libzip, erreur n°\u{A0}\(cause.code)"
        case .libxml2: "libxml2, erreur n°\u{A0}\(cause.code)"
        }
      return "  cause (\(source)) : \(MessageLanguage.fr.quoted(cause.text))"
    },
    infoLabels: ("format :             ", "produit par :        ", "système de dates :   ", "feuilles :           "),
    unknownProducer: "inconnu",
    emptyRange: "vide",
    infoSheet: { kind, visibility, range, cells, formulas in
      let k =
        switch kind {
        case .worksheet: "feuille de calcul"
        case .chartsheet: "feuille de graphique"
        case .dialogsheet: "feuille de dialogue"
        case .macrosheet: "feuille de macros"
        }
      return "\(k), \(frenchVisibility(visibility)), \(range), "
        + MessageLanguage.fr.count(cells, "cellule", "cellules") + ", " + MessageLanguage.fr.count(formulas, "formule", "formules")
    },
    cellsSheet: { name, visibility, kind in
      "Feuille \(MessageLanguage.fr.quoted(name)) (\(frenchVisibility(visibility)), \(kind.rawValue))"
    },
    noCachedValue: "(pas de valeur enregistrée)",
    merged: "fusions :",
    noSuchSheet: { file, sheet, sheets in
      "\(file) : aucune feuille nommée \(MessageLanguage.fr.quoted(sheet)) ; les feuilles sont "
        + sheets.map(MessageLanguage.fr.quoted).joined(separator: ", ")
    },
    positiveNumber: { option, example in "\(option) attend un nombre entier positif, par exemple \(example)." },
    atMost: { option, most in "\(option) vaut au plus \(most)." },
    noPath: "donnez au moins un classeur ou un dossier.",
    runCost: { cpu, peak in "equilibre: coût de l'exécution : \(String(cpu.map { $0 == "." ? "," : $0 })) s de processeur, mémoire de pointe \(peak) Mio" },
    note: { note in
      switch note {
      case .tooManyRows(let sheet, let rows, let most):
        "feuille \(MessageLanguage.fr.quoted(sheet)) : \(rows) lignes, plus que les \(most) d'un plan de financement ; non lue comme un plan"
      case .oneComponent(let row, let label):
        "ligne \(row) \(MessageLanguage.fr.quoted(label)) : une seule composante, lue comme un intitulé ; non vérifiée"
      case .componentsFromSum(let row, let label):
        "ligne \(row) \(MessageLanguage.fr.quoted(label)) : ses composantes ne sont connues que par leur somme ; non vérifiée"
      case .rateBaseUnresolved(let row, let label, let percent, let phrase):
        "ligne \(row) \(MessageLanguage.fr.quoted(label)) : \(percent) % de \(MessageLanguage.fr.quoted(phrase)) non vérifié, sa base n'est pas trouvée"
      case .alsoChecked(let sheet):
        "feuille \(MessageLanguage.fr.quoted(sheet)) : un plan à elle aussi, vérifié ; ses constats portent son nom"
      }
    },
    usage: .french)

  static let english: Phrases = Phrases(
    exportNoPlan: { path in
      "equilibre: \(path): no financing plan found (no sheet with totals over lines)"
    },
    noWorkbookInFolder: { path in
      "equilibre: \(path): no workbook to check in this folder (Equilibre reads \(extensions), in subfolders too)"
    },
    ignored: { path, reason in
      switch reason {
      case .notAWorkbook: "equilibre: \(path): ignored, not a workbook"
      case .lockFile: "equilibre: \(path): ignored, the lock file of an open document"
      case .linkToFolder: "equilibre: \(path): ignored, a link to a folder (not followed)"
      case .notRegularFile: "equilibre: \(path): ignored, not a regular file"
      }
    },
    causedBy: { cause in
      let source =
        switch cause.source {
        case .system: "system error \(cause.code)"
        case .libzip: "libzip error \(cause.code)"
        case .libxml2: "libxml2 error \(cause.code)"
        }
      return "  caused by (\(source)): \(MessageLanguage.en.quoted(cause.text))"
    },
    infoLabels: ("format:      ", "producer:    ", "date system: ", "sheets:      "),
    unknownProducer: "unknown",
    emptyRange: "empty",
    infoSheet: { kind, visibility, range, cells, formulas in
      "\(kind.rawValue), \(visibility.rawValue), \(range), "
        + MessageLanguage.en.count(cells, "cell", "cells") + ", " + MessageLanguage.en.count(formulas, "formula", "formulas")
    },
    cellsSheet: { name, visibility, kind in "Sheet \(MessageLanguage.en.quoted(name)) (\(visibility.rawValue), \(kind.rawValue))" },
    noCachedValue: "(no cached value)",
    merged: "merged:",
    noSuchSheet: { file, sheet, sheets in
      "\(file): no sheet named \(MessageLanguage.en.quoted(sheet)); the sheets are "
        + sheets.map(MessageLanguage.en.quoted).joined(separator: ", ")
    },
    positiveNumber: { option, example in "\(option) takes a positive whole number, such as \(example)." },
    atMost: { option, most in "\(option) takes at most \(most)." },
    noPath: "give at least one workbook or folder.",
    runCost: { cpu, peak in "equilibre: run cost: \(cpu) s of CPU, peak memory \(peak) MiB" },
    note: { note in
      switch note {
      case .tooManyRows(let sheet, let rows, let most):
        "sheet \(MessageLanguage.en.quoted(sheet)): \(rows) rows, more than the \(most) of any financing plan; not read as one"
      case .oneComponent(let row, let label):
        "row \(row) \(MessageLanguage.en.quoted(label)): one component, read as a label; not checked"
      case .componentsFromSum(let row, let label):
        "row \(row) \(MessageLanguage.en.quoted(label)): its components are known from their sum alone; not checked"
      case .rateBaseUnresolved(let row, let label, let percent, let phrase):
        "row \(row) \(MessageLanguage.en.quoted(label)): \(percent) % of \(MessageLanguage.en.quoted(phrase)) not checked, its base is not resolved"
      case .alsoChecked(let sheet):
        "sheet \(MessageLanguage.en.quoted(sheet)): a plan of its own, checked too; its findings name it"
      }
    },
    usage: .english)
}

/// A sheet's visibility in French.
private func frenchVisibility(_ v: SheetVisibility) -> String {
  switch v {
  case .visible: "visible"
  case .hidden: "masquée"
  case .veryHidden: "très masquée"
  }
}

/// What the command line says about its own usage, in one language: ArgumentParser's errors
/// (which it writes in English) rewritten, and the unknown command's message.
struct UsagePhrases: Sendable {
  /// The word before a usage error (`Error:`), and before the usage line (`Usage:`).
  var errorPrefix: String
  var usagePrefix: String
  /// The word before the option's line, after an invalid value.
  var helpPrefix: String
  /// The line that points at a command's help.
  var seeHelp: @Sendable (_ command: String) -> String
  /// ArgumentParser's one-line errors, from their parts.
  var unknownOption: @Sendable (_ option: String, _ suggestion: String?) -> String
  var missingValue: @Sendable (_ option: String) -> String
  var missingArgument: @Sendable (_ argument: String) -> String
  var missingOneOf: @Sendable (_ arguments: String) -> String
  var invalidValue: @Sendable (_ value: String, _ option: String, _ choices: String?) -> String
  var unexpected: @Sendable (_ arguments: [String]) -> String
  var takesNoValue: @Sendable (_ option: String, _ value: String) -> String
  var givenTwice: String
  var missingSubcommand: String
  /// The unknown command's messages.
  var commands: @Sendable (_ names: [String]) -> String
  var notYet: @Sendable (_ word: String, _ command: String) -> String
  var checkIt: @Sendable (_ word: String, _ line: String) -> String
  var unknownCommand: @Sendable (_ word: String, _ near: String?) -> String
  /// What a planned command will do.
  var planned: [String: String]

  static let french = UsagePhrases(
    errorPrefix: "Erreur :",
    usagePrefix: "Utilisation :",
    helpPrefix: "Option :",
    seeHelp: { "  Voir \(MessageLanguage.fr.quoted($0)) pour l'aide." },
    unknownOption: { option, suggestion in
      "option inconnue \(MessageLanguage.fr.quoted(option))"
        + (suggestion.map { " ; vouliez-vous dire \(MessageLanguage.fr.quoted($0)) ?" } ?? "")
    },
    missingValue: { "il manque une valeur après \(MessageLanguage.fr.quoted($0))" },
    missingArgument: { "il manque l'argument \(MessageLanguage.fr.quoted($0))" },
    missingOneOf: { "il manque l'un de ces arguments : \($0)" },
    invalidValue: { value, option, choices in
      "la valeur \(MessageLanguage.fr.quoted(value)) n'est pas permise pour \(MessageLanguage.fr.quoted(option))"
        + (choices.map { " ; valeurs possibles :" + ($0.isEmpty ? "" : " " + $0) } ?? "")
    },
    unexpected: { arguments in
      (arguments.count == 1 ? "argument en trop : " : "\(arguments.count) arguments en trop : ")
        + arguments.map(MessageLanguage.fr.quoted).joined(separator: ", ")
    },
    takesNoValue: { option, value in
      "l'option \(MessageLanguage.fr.quoted(option)) ne prend pas de valeur, mais \(MessageLanguage.fr.quoted(value)) a été donné"
    },
    givenTwice: "une option est donnée deux fois",
    missingSubcommand: "il manque la commande",
    commands: { "Commandes : " + $0.joined(separator: ", ") + ". Voir « equilibre --help »." },
    notYet: { word, plan in "equilibre: \(MessageLanguage.fr.quoted(word)) n'est pas encore une commande d'Equilibre (\(plan))." },
    checkIt: { word, line in "equilibre: \(MessageLanguage.fr.quoted(word)) n'est pas une commande ; pour le vérifier, tapez : \(line)" },
    unknownCommand: { word, near in
      "equilibre: commande inconnue \(MessageLanguage.fr.quoted(word))"
        + (near.map { " ; vouliez-vous dire \(MessageLanguage.fr.quoted($0)) ?" } ?? ".")
    },
    planned: ["serve": "une page web et une API HTTP sont prévues"])

  static let english = UsagePhrases(
    errorPrefix: "Error:",
    usagePrefix: "Usage:",
    helpPrefix: "Help:",
    seeHelp: { "  See '\($0)' for more information." },
    unknownOption: { option, suggestion in
      "Unknown option '\(option)'" + (suggestion.map { ". Did you mean '\($0)'?" } ?? "")
    },
    missingValue: { "Missing value for '\($0)'" },
    missingArgument: { "Missing expected argument '\($0)'" },
    missingOneOf: { "Missing one of: \($0)" },
    invalidValue: { value, option, choices in
      "The value '\(value)' is invalid for '\(option)'" + (choices.map { ". Please provide one of \($0)." } ?? "")
    },
    unexpected: { arguments in
      arguments.count == 1
        ? "Unexpected argument '\(arguments[0])'"
        : "\(arguments.count) unexpected arguments: " + arguments.map { "'\($0)'" }.joined(separator: ", ")
    },
    takesNoValue: { option, value in "The option '\(option)' does not take any value, but '\(value)' was specified." },
    givenTwice: "an option is given twice",
    missingSubcommand: "Missing required subcommand.",
    commands: { "Commands: " + $0.joined(separator: ", ") + ". See 'equilibre --help'." },
    notYet: { word, plan in "equilibre: “\(word)” is not a command Equilibre has yet (\(plan))." },
    checkIt: { word, line in "equilibre: “\(word)” is not a command; to check it, type: \(line)" },
    unknownCommand: { word, near in
      "equilibre: unknown command “\(word)”" + (near.map { "; did you mean “\($0)”?" } ?? ".")
    },
    planned: ["serve": "a web page and an HTTP API are planned"])

  /// ArgumentParser's full message for a usage error (`Error: …`, the usage, the help line)
  /// in this language. Lines it does not know are kept as they are.
  func rewrite(_ message: String) -> String {
    message.split(separator: "\n", omittingEmptySubsequences: false).map { line in
      let line = String(line)
      if line.hasPrefix("Error: ") { return errorPrefix + " " + sentence(String(line.dropFirst(7))) }
      if line.hasPrefix("Usage: ") { return usagePrefix + " " + line.dropFirst(7) }
      // `Help:  --format <format>  The report's format.`: the option, without its help (`--help`).
      if line.hasPrefix("Help:  ") {
        let rest = line.dropFirst(7)
        let option = rest.firstRange(of: "  ").map { rest[..<$0.lowerBound] } ?? rest
        return helpPrefix + " " + option
      }
      if line.hasPrefix("  See '"), line.hasSuffix("' for more information.") {
        return seeHelp(String(line.dropFirst(7).dropLast(23)))
      }
      return line
    }.joined(separator: "\n")
  }

  /// One of ArgumentParser's sentences in this language; a sentence it does not know (ours,
  /// already in the language, from a `ValidationError`) as it is.
  func sentence(_ s: String) -> String {
    /// The texts between single quotes, in order.
    func quoted(_ s: Substring) -> [String] {
      s.split(separator: "'", omittingEmptySubsequences: false).enumerated().filter { $0.offset % 2 == 1 }.map { String($0.element) }
    }
    let q = quoted(Substring(s))
    if s.hasPrefix("Unknown option '"), let option = q.first {
      return unknownOption(option, s.contains("Did you mean") ? q.dropFirst().first : nil)
    }
    if s.hasPrefix("Missing value for '"), let option = q.first { return missingValue(option) }
    if s.hasPrefix("Missing expected argument '"), let argument = q.first { return missingArgument(argument) }
    if s.hasPrefix("Missing one of: ") { return missingOneOf(String(s.dropFirst(16))) }
    if s.hasPrefix("The value '"), q.count >= 2, let range = s.range(of: "Please provide one of ") {
      let choices = String(s[range.upperBound...].dropLast())
      // A long list follows on its own lines, as bullets.
      return invalidValue(q[0], q[1], choices.hasPrefix("the following") ? "" : choices.replacing("' and '", with: "' et '"))
    }
    if s.hasPrefix("The value '"), q.count >= 2 { return invalidValue(q[0], q[1], nil) }
    if s.hasPrefix("Unexpected argument '"), let argument = q.first { return unexpected([argument]) }
    if let colon = s.range(of: " unexpected arguments: ") {
      return unexpected(quoted(s[colon.upperBound...]))
    }
    if s.hasPrefix("The option '"), q.count >= 2 { return takesNoValue(q[0], q[1]) }
    if s.hasPrefix("Value to be set with ") { return givenTwice }
    if s == "Missing required subcommand." { return missingSubcommand }
    return s
  }
}
