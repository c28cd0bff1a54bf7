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

extension Equilibre {
  /// `equilibre convert`: write a workbook in another format (or the same one, cleanly).
  struct Convert: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Write a copy of a workbook as .xlsx or .ods: values, formulas, styles, widths, merges.",
      discussion: """
        The format comes from OUT's extension: xlsx → ods, ods → xlsx, and also xlsx → xlsx or \
        ods → ods (a clean rewrite). Kept: every cell's value; formulas, translated between \
        the dialects, with their cached values; number formats, fonts (bold, italic, underline, \
        colour, size), fills, alignment, wrapping, indentation, borders; column widths, row \
        heights, hidden rows, columns and sheets; merged cells; sheet order; defined names. A \
        formula that cannot be carried is written as its value and listed. Not carried, and \
        listed part by part: charts, images, drawings, macros, pivot tables, conditional \
        formats, data validation, comments. See docs/convert.md.
        OUT must not exist (unless --force) and is never the input; it is written beside its \
        place and moved there when complete.
        Exit status: 0 written; 2 the input could not be read or OUT could not be written.
        Examples:
          equilibre convert plan.xlsx plan.ods
          equilibre convert plan.ods plan.xlsx --format json
          equilibre convert plan.xlsx propre.xlsx --force
        """)

    @Argument(help: "The workbook to convert (.xlsx .xlsm .xltx .xltm .ods .ots).")
    var input: String

    @Argument(help: "The workbook to write; its extension (.xlsx or .ods) picks the format.")
    var output: String

    @Flag(help: "Replace OUT if it exists (never the input).")
    var force = false

    @Option(help: "text or json: what was written, and what was left out.")
    var format: TextOrJSONFormat = .text

    @OptionGroup var options: GlobalOptions

    func run() throws {
      let phrases = ConvertPhrases.of(options.language == .fr ? .fr : .en)
      guard let target = SpreadsheetFormat(path: output) else {
        fail(phrases.badExtension(output), code: "workbook.unsupported")
      }
      if WorkbookWriter.isSameFile(input, output) { fail(phrases.sameFile(input), code: "io.failed") }
      if !force, FileStatus.exists(output) { fail(phrases.exists(output), code: "io.failed") }
      let outcome: Conversion.Outcome
      if target == .ods, SpreadsheetFormat(path: input) == .xlsx {
        // Written while it is read, when nothing later in the file changes the rows written.
        let streamed: StreamedConversion.Outcome
        do throws(SpreadsheetError) {
          streamed = try StreamedConversion.xlsxToODS(
            input: input, output: output, replacing: force, options: options.readOptions, limits: options.formulaLimits)
        } catch {
          reportUnreadable(error, format: format, options: options)
          throw ExitCode(2)
        }
        switch streamed {
        case .written(_, let translation, let written):
          outcome = Conversion.Outcome(translation: translation, written: written, format: target)
        case .declined(let workbook):
          outcome = try Conversion.run(workbook, to: target, output: output, force: force, options: options, format: format)
        }
      } else {
        let workbook = try openWorkbook(input, options: options, format: format)
        outcome = try Conversion.run(workbook, to: target, output: output, force: force, options: options, format: format)
      }
      Conversion.report(outcome, input: input, output: output, phrases: phrases, options: options, format: format)
    }

    private func fail(_ message: String, code: String) -> Never {
      if format == .json {
        Terminal.out(
          JSONValue.object([("error", .object([("code", .string(code)), ("message", .string(message))]))]).serialized()
            + "\n")
      }
      Terminal.error("equilibre: " + message)
      Equilibre.exit(withError: ExitCode(2))
    }
  }
}

extension Equilibre.Convert: TakesGlobalOptions {}

/// Whether a path names something (a file, a link, a folder).
enum FileStatus {
  static func exists(_ path: String) -> Bool {
    var st = stat()
    return lstat(path, &st) == 0
  }
}

/// Translation, writing and the report of a conversion; `convert` and `fix` (into the other
/// format) share it.
enum Conversion {
  struct Outcome {
    var translation: WorkbookTranslation.Result
    var written: WorkbookWriter.Report
    var format: SpreadsheetFormat
  }

  /// Translates `workbook`'s formulas to `target`'s dialect and writes it to `output`.
  static func run(
    _ workbook: Workbook, to target: SpreadsheetFormat, output: String, force: Bool, options: GlobalOptions,
    format: TextOrJSONFormat
  ) throws -> Outcome {
    let translation = WorkbookTranslation.translate(workbook, to: target, limits: options.formulaLimits)
    do throws(SpreadsheetError) {
      let written = try WorkbookWriter.write(translation.workbook, to: output, replacing: force)
      return Outcome(translation: translation, written: written, format: target)
    } catch {
      reportUnreadable(error, format: format, options: options)
      throw ExitCode(2)
    }
  }

  static func json(_ o: Outcome, input: String, output: String) -> JSONValue {
    let wb = o.translation.workbook
    return .object([
      ("version", .number(1)), ("input", .string(input)), ("output", .string(output)),
      ("format", .string(o.format.rawValue)),
      ("sheets", .number(Double(wb.sheets.count))),
      ("cells", .number(Double(wb.sheets.reduce(0) { $0 + $1.cells.count }))),
      ("merged", .number(Double(wb.sheets.reduce(0) { $0 + $1.merged.count }))),
      (
        "formulas",
        .object([
          ("kept", .number(Double(o.translation.formulasKept))),
          (
            "asValues",
            .array(
              o.translation.formulasAsValues.map {
                .object([
                  ("sheet", .string($0.sheet)), ("cell", .string($0.cell.description)),
                  ("formula", .string($0.formula)), ("reason", .string($0.reason)),
                ])
              })
          ),
        ])
      ),
      (
        "namesDropped",
        .array(
          o.translation.namesDropped.map {
            .object([("name", .string($0.name)), ("formula", .string($0.formula)), ("reason", .string($0.reason))])
          })
      ),
      (
        "notCarried",
        .array(
          wb.notCarried.map { n in
            var members: [(String, JSONValue)] = [("kind", .string(n.kind.rawValue)), ("part", .string(n.part))]
            if let s = n.sheet { members.append(("sheet", .string(s))) }
            return .object(members)
          })
      ),
      ("droppedCharacters", .number(Double(o.written.droppedCharacters))),
    ])
  }

  /// The report: JSON on stdout, or one line on stdout and what was left out on stderr.
  static func report(
    _ o: Outcome, input: String, output: String, phrases: ConvertPhrases, options: GlobalOptions, format: TextOrJSONFormat,
    printsSummary: Bool = true
  ) {
    let wb = o.translation.workbook
    if !printsSummary {
    } else if format == .json {
      Terminal.out(json(o, input: input, output: output).serialized(pretty: true) + "\n")
    } else if !options.quiet {
      Terminal.out(
        phrases.written(
          input, output, wb.sheets.count, wb.sheets.reduce(0) { $0 + $1.cells.count }, o.translation.formulasKept) + "\n")
    }
    guard !options.quiet else { return }
    for f in o.translation.formulasAsValues {
      Terminal.error("equilibre: \(input): " + phrases.formulaAsValue(f.sheet, f.cell.description, f.formula, f.reason))
    }
    for n in o.translation.namesDropped {
      Terminal.error("equilibre: \(input): " + phrases.nameDropped(n.name, n.formula, n.reason))
    }
    // One line per kind and sheet: "3 images (xl/media/image1.png, …)".
    var groups: [(key: String, parts: [String], kind: NotCarried.Kind, sheet: String?)] = []
    for n in wb.notCarried {
      let key = n.kind.rawValue + "|" + (n.sheet ?? "")
      if let i = groups.firstIndex(where: { $0.key == key }) {
        groups[i].parts.append(n.part)
      } else {
        groups.append((key, [n.part], n.kind, n.sheet))
      }
    }
    for g in groups {
      Terminal.error("equilibre: \(input): " + phrases.notCarried(g.kind, g.parts, g.sheet))
    }
    if o.written.droppedCharacters > 0 {
      Terminal.error("equilibre: \(input): " + phrases.droppedCharacters(o.written.droppedCharacters))
    }
  }
}

/// What `convert` says, in one language.
struct ConvertPhrases: Sendable {
  var badExtension: @Sendable (_ output: String) -> String
  var sameFile: @Sendable (_ input: String) -> String
  var exists: @Sendable (_ output: String) -> String
  var written: @Sendable (_ input: String, _ output: String, _ sheets: Int, _ cells: Int, _ formulas: Int) -> String
  var formulaAsValue: @Sendable (_ sheet: String, _ cell: String, _ formula: String, _ reason: String) -> String
  var nameDropped: @Sendable (_ name: String, _ formula: String, _ reason: String) -> String
  var notCarried: @Sendable (NotCarried.Kind, _ parts: [String], _ sheet: String?) -> String
  var droppedCharacters: @Sendable (Int) -> String

  static func of(_ language: MessageLanguage) -> ConvertPhrases {
    switch language {
    case .fr: french
    case .en: english
    }
  }

  private static func list(_ parts: [String]) -> String {
    parts.count <= 3 ? parts.joined(separator: ", ") : parts.prefix(3).joined(separator: ", ") + ", …"
  }

  static let french = ConvertPhrases(
    badExtension: { "\($0) : le fichier à écrire doit finir par .xlsx, .xlsm, .xltx, .xltm, .ods ou .ots" },
    sameFile: { "\($0) : le fichier à écrire est le fichier lu ; Equilibre n'écrit jamais sur ce qu'il lit" },
    exists: { "\($0) existe déjà ; rien n'est écrit (--force pour le remplacer)" },
    written: { i, o, s, c, f in
      "\(i) → \(o) : " + MessageLanguage.fr.count(s, "feuille", "feuilles") + ", "
        + MessageLanguage.fr.count(c, "cellule", "cellules") + ", " + MessageLanguage.fr.count(f, "formule", "formules")
    },
    formulaAsValue: { s, c, f, r in
      "\(s)!\(c) : la formule \(MessageLanguage.fr.quoted(f)) est écrite par sa valeur (\(r))"
    },
    nameDropped: { n, f, r in "le nom \(MessageLanguage.fr.quoted(n)) (\(f)) n'est pas repris (\(r))" },
    notCarried: { kind, parts, sheet in
      let what: String
      switch kind {
      case .chart: what = "graphiques"
      case .image: what = "images"
      case .drawing: what = "dessins"
      case .macro: what = "macros"
      case .pivotTable: what = "tableaux croisés dynamiques"
      case .conditionalFormat: what = "mises en forme conditionnelles"
      case .dataValidation: what = "validations de données"
      case .comment: what = "commentaires"
      case .embeddedObject: what = "objets incorporés"
      case .externalLink: what = "liaisons vers d'autres classeurs"
      case .table: what = "tableaux Excel (les cellules, si)"
      }
      return "non repris : \(what)\(sheet.map { " de la feuille \(MessageLanguage.fr.quoted($0))" } ?? "") (\(list(parts)))"
    },
    droppedCharacters: {
      MessageLanguage.fr.count($0, "caractère de contrôle", "caractères de contrôle")
        + ($0 > 1 ? " que XML ne peut porter sont omis des textes" : " que XML ne peut porter est omis des textes")
    })

  static let english = ConvertPhrases(
    badExtension: { "\($0): the file to write must end in .xlsx, .xlsm, .xltx, .xltm, .ods or .ots" },
    sameFile: { "\($0): the file to write is the input; Equilibre never writes over what it reads" },
    exists: { "\($0) exists already; nothing written (--force replaces it)" },
    written: { i, o, s, c, f in
      "\(i) → \(o): " + MessageLanguage.en.count(s, "sheet", "sheets") + ", "
        + MessageLanguage.en.count(c, "cell", "cells") + ", " + MessageLanguage.en.count(f, "formula", "formulas")
    },
    formulaAsValue: { s, c, f, r in "\(s)!\(c): formula \(MessageLanguage.en.quoted(f)) written as its value (\(r))" },
    nameDropped: { n, f, r in "name \(MessageLanguage.en.quoted(n)) (\(f)) not carried (\(r))" },
    notCarried: { kind, parts, sheet in
      let what: String
      switch kind {
      case .chart: what = "charts"
      case .image: what = "images"
      case .drawing: what = "drawings"
      case .macro: what = "macros"
      case .pivotTable: what = "pivot tables"
      case .conditionalFormat: what = "conditional formats"
      case .dataValidation: what = "data validation"
      case .comment: what = "comments"
      case .embeddedObject: what = "embedded objects"
      case .externalLink: what = "links to other workbooks"
      case .table: what = "Excel tables (their cells are kept)"
      }
      return "not carried: \(what)\(sheet.map { " of sheet \(MessageLanguage.en.quoted($0))" } ?? "") (\(list(parts)))"
    },
    droppedCharacters: {
      MessageLanguage.en.count($0, "control character", "control characters") + " XML cannot carry left out of texts"
    })
}
