import ArgumentParser
import Budget
import Diagnostics
import Workbook

extension Equilibre {
  /// `equilibre fix`: write a copy of a workbook whose wrong derived figures are corrected.
  struct Fix: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Write a corrected copy of a plan: only the cells that are wrong change.",
      discussion: """
        Corrected: totals and aggregates that are not the sum of their lines (sum), the result \
        (result), percentage lines (rate, rounded as the plan's amounts are), Total columns \
        (cross-total), stale formula values (formula.stale) and amounts kept as text \
        (text-number: the number is shown as the text was, 49 600 € as #,##0 "€"). Left for the author, and listed: an unbalanced plan (balance), a unit \
        rate that disagrees with its amount (unit), missing amounts, rounding gaps; and any \
        correction that would break a rule the plan kept (setting the parent of partial 'dont' \
        lines to their sum would unbalance it).
        Every other cell, style and part of the file is kept as it was (a text amount's number \
        format is added to the styles). OUT must not exist \
        (unless --force) and is never the input. OUT in the other format (plan.xlsx -o \
        plan.ods) corrects and converts in one step, as convert does (notes are not written).
        Exit status: 0 no error left in OUT, 1 some error left, 2 the file could not be read or \
        written, or holds no plan.
        Examples:
          equilibre fix plan.xlsx -o plan-corrige.xlsx
          equilibre fix plan.ods -o plan-corrige.ods --annotate --formulas
          equilibre fix plan.xlsx -o plan-corrige.ods
        """)

    @Argument(help: "The workbook to correct (.xlsx .xlsm .xltx .xltm .ods .ots).")
    var input: String

    @Option(name: .shortAndLong, help: "The corrected workbook to write (.xlsx or .ods: another format than the input's converts it).")
    var output: String

    @Flag(help: "Attach a note to each corrected cell: what it held and why it changed.")
    var annotate = false

    @Flag(help: "Write a formula in each corrected total, result, rate and Total cell, not only its value.")
    var formulas = false

    @Flag(help: "Replace OUT if it exists (never the input).")
    var force = false

    @Option(help: "text or json: what was corrected, declined and left.")
    var format: TextOrJSONFormat = .text

    @OptionGroup var options: GlobalOptions

    func run() throws {
      let language = options.messageLanguage
      let said = FixPhrases.of(language)
      let workbook = try openWorkbook(input, options: options, format: format)
      let corrections = Corrections(workbook, formulas: formulas, limits: options.formulaLimits)
      guard corrections.plan != nil else {
        if format == .json {
          Terminal.out(
            JSONValue.object([
              ("error", .object([("code", .string("plan.notFound")), ("message", .string(said.noPlanJSON(input)))]))
            ]).serialized() + "\n")
        }
        Terminal.error("equilibre: " + said.noPlan(input))
        throw ExitCode(2)
      }
      if let target = SpreadsheetFormat(path: output), target != workbook.format {
        // Into the other format: the corrected model, converted (the notes are not carried).
        let phrases = ConvertPhrases.of(language)
        if WorkbookWriter.isSameFile(input, output) {
          Terminal.error("equilibre: " + phrases.sameFile(input))
          throw ExitCode(2)
        }
        if !force, FileStatus.exists(output) {
          Terminal.error("equilibre: " + phrases.exists(output))
          throw ExitCode(2)
        }
        if annotate, !options.quiet {
          Terminal.error("equilibre: " + said.notesNotConverted(input))
        }
        let outcome = try Conversion.run(
          corrections.corrected, to: target, output: output, force: force, options: options, format: format)
        var quiet = options
        quiet.quiet = options.quiet || format == .json
        Conversion.report(outcome, input: input, output: output, phrases: phrases, options: quiet, format: .text, printsSummary: false)
      } else {
      do throws(SpreadsheetError) {
        let written = try WorkbookPatcher.write(
          input, workbook: workbook, patches: corrections.patches(annotate: annotate, language: language), to: output,
          replacing: force, options: options.readOptions, skippingRefusedNotes: true)
        for sheet in written.notesSkipped where !options.quiet {
          Terminal.error("equilibre: " + said.notesSkipped(input, sheet))
        }
        if written.droppedCharacters > 0, !options.quiet {
          let dropped = ConvertPhrases.of(language).droppedCharacters(written.droppedCharacters)
          Terminal.error("equilibre: \(input): " + dropped)
        }
      } catch {
        reportUnreadable(error, format: format, options: options)
        throw ExitCode(2)
      }
      }
      if format == .json {
        Terminal.out(json(corrections, language: language).serialized(pretty: true) + "\n")
      } else if !options.quiet {
        Terminal.out(report(corrections, language: language))
      }
      if !corrections.converged {
        Terminal.error("equilibre: " + said.notConverged(input, output))
      }
      if corrections.after.contains(where: { $0.severity == .error }) { throw ExitCode(1) }
    }

    /// What was corrected, declined and left, for programs: `corrections` (sheet, cell, rule,
    /// before, after, formula), `declined` (the finding and what correcting it would break) and
    /// `findings` left in the output, in the check report's shape.
    func json(_ c: Corrections, language: MessageLanguage) -> JSONValue {
      func value(_ v: CellValue?) -> JSONValue {
        switch v {
        case .number(let d, _)?: return Money(storedNumber: d)?.json ?? .number(d)
        case .text(let s)?: return .string(s)
        case .bool(let b)?: return .bool(b)
        case .error(let e)?: return .string(e)
        case nil: return .null
        }
      }
      // A formula recomputed because of a correction is listed under it, in `consequences`.
      let causes = c.causes(limits: options.formulaLimits)
      func object(_ k: Correction) -> [(String, JSONValue)] {
        var members: [(String, JSONValue)] = [
          ("sheet", .string(k.sheet)), ("cell", .string(k.cell.description)), ("rule", .string(k.rule.rawValue)),
          ("before", value(k.before)), ("after", k.after.json),
        ]
        if case .set(let ooxml, let odf) = k.formula {
          members.append(("formula", .string(c.corrected.format == .ods ? odf : "=" + ooxml)))
        }
        return members
      }
      let corrections = c.corrections.filter { causes["\($0.sheet)!\($0.cell)"] == nil }.map { k -> JSONValue in
        var members = object(k)
        let following = c.corrections.filter { causes["\($0.sheet)!\($0.cell)"] == k }
        if !following.isEmpty { members.append(("consequences", .array(following.map { .object(object($0)) }))) }
        return .object(members)
      }
      let declined = c.declined.map { d -> JSONValue in
        .object([
          ("finding", d.finding.json(language)),
          ("wouldBreak", .array(d.wouldBreak.map { .object([("rule", .string($0.rule.rawValue)), ("cell", .string($0.cell.description))]) })),
        ])
      }
      return .object([
        ("version", .number(1)), ("input", .string(input)), ("output", .string(output)),
        ("corrections", .array(corrections)), ("declined", .array(declined)),
        ("findings", .array(c.after.map { $0.json(language) })),
      ])
    }

    /// What was corrected, declined and left, for the terminal.
    func report(_ c: Corrections, language: MessageLanguage) -> String {
      let fr = language == .fr
      let said = FixPhrases.of(language)
      let causes = c.causes(limits: options.formulaLimits)
      let primary = c.corrections.filter { causes["\($0.sheet)!\($0.cell)"] == nil }
      var out = said.headline(input, output, primary.count, c.corrections.count - primary.count) + "\n"
      for k in primary {
        let was = k.beforeText(language)
        var how = ""
        if case .set(let ooxml, let odf) = k.formula {
          how = " (=\(c.corrected.format == .ods ? String(odf.dropFirst(4)) : ooxml))"
        }
        let why = k.label.isEmpty ? said.dependentRecomputed : k.finding.message(language)
        out += "  \(k.sheet)!\(k.cell)  \(was) → \(k.after.formatted(french: fr))\(how)  [\(k.rule.name(language))] \(why)\n"
        // What it made recomputed, under it.
        for f in c.corrections where causes["\(f.sheet)!\(f.cell)"] == k {
          let place = f.sheet == k.sheet ? "\(f.cell)" : "\(f.sheet)!\(f.cell)"
          let cause = f.sheet == k.sheet ? "\(k.cell)" : "\(k.sheet)!\(k.cell)"
          out += "    " + said.consequence(place, cause, f.beforeText(language), f.after.formatted(french: fr)) + "\n"
        }
      }
      for d in c.declined {
        let broken = d.wouldBreak.map { "\($0.rule.name(language)) \($0.cell)" }.joined(separator: ", ")
        out += "  " + said.declined("\(d.finding.sheet)!\(d.finding.cell)", d.finding.rule.name(language), broken) + "\n"
      }
      let left = c.after
      if !left.isEmpty {
        out += said.left(left.count, output) + "\n"
        for f in left {
          out += "  \(f.sheet)!\(f.cell) [\(f.rule.name(language)), \(f.severity.word(language))] \(f.message(language))\n"
        }
      }
      return out
    }
  }
}

extension Equilibre.Fix: TakesGlobalOptions {}

/// What `fix` says, in one language: one table per language, so that a phrase added to one and
/// not the other does not compile.
struct FixPhrases: Sendable {
  /// The line on stderr for a workbook with no plan (nothing is written).
  var noPlan: @Sendable (_ input: String) -> String
  /// The JSON error's message for a workbook with no plan.
  var noPlanJSON: @Sendable (_ input: String) -> String
  /// The report's first line: what was written, how many cells were corrected and how many
  /// recomputed because of them.
  var headline: @Sendable (_ input: String, _ output: String, _ corrected: Int, _ recomputed: Int) -> String
  /// A formula recomputed because of a correction, under it.
  var consequence: @Sendable (_ cell: String, _ cause: String, _ before: String, _ after: String) -> String
  /// Why a formula cell that no finding named changed.
  var dependentRecomputed: String
  /// A finding not corrected because correcting it would break rules the plan kept.
  var declined: @Sendable (_ place: String, _ rule: String, _ broken: String) -> String
  /// The heading of the findings left in the output.
  var left: @Sendable (_ count: Int, _ output: String) -> String
  /// `--annotate` into another format than the input's.
  var notesNotConverted: @Sendable (_ input: String) -> String
  /// A sheet with comments already, where the notes are not added.
  var notesSkipped: @Sendable (_ input: String, _ sheet: String) -> String
  /// Corrections that did not settle.
  var notConverged: @Sendable (_ input: String, _ output: String) -> String

  static func of(_ language: MessageLanguage) -> FixPhrases {
    switch language {
    case .fr: french
    case .en: english
    }
  }

  static let french = FixPhrases(
    noPlan: { "\($0) : aucun plan de financement trouvé (aucune feuille dont les totaux couvrent des lignes) ; rien n'est écrit" },
    noPlanJSON: { "aucun plan de financement trouvé dans \($0)" },
    headline: { input, output, n, recomputed in
      n == 0
        ? "\(input) → \(output) : rien à corriger (copie à l'identique)"
        : "\(input) → \(output) : " + MessageLanguage.fr.count(n, "cellule corrigée", "cellules corrigées")
          + (recomputed == 0 ? "" : ", " + MessageLanguage.fr.count(recomputed, "recalculée", "recalculées") + " en conséquence")
    },
    consequence: { cell, cause, before, after in "\(cell) recalculé après la correction de \(cause) : \(before) → \(after)" },
    dependentRecomputed: "formule dépendante recalculée",
    declined: { place, rule, broken in
      "non corrigé \(place) [\(rule)] : la correction casserait \(broken) ; à revoir par l'auteur"
    },
    left: { n, output in
      "Reste" + (n > 1 ? "nt " : " ") + MessageLanguage.fr.count(n, "constat", "constats") + " dans \(output) :"
    },
    notesNotConverted: {
      "\($0) : les notes (--annotate) ne sont pas écrites dans un autre format que celui du fichier lu"
    },
    notesSkipped: { input, sheet in
      "\(input) : la feuille \(MessageLanguage.fr.quoted(sheet)) a déjà des commentaires ; les notes d'Equilibre n'y sont pas ajoutées (les corrections, si)"
    },
    notConverged: { input, output in
      "\(input) : les corrections ne se stabilisaient pas (ou rendaient le plan illisible) ; celles qui restent sont à vérifier dans \(output)"
    })

  static let english = FixPhrases(
    noPlan: { "\($0): no financing plan found (no sheet with totals over lines); nothing written" },
    noPlanJSON: { "no financing plan found in \($0)" },
    headline: { input, output, n, recomputed in
      n == 0
        ? "\(input) → \(output): nothing to correct (an identical copy)"
        : "\(input) → \(output): " + MessageLanguage.en.count(n, "cell corrected", "cells corrected")
          + (recomputed == 0 ? "" : ", \(recomputed) recomputed as a result")
    },
    consequence: { cell, cause, before, after in "\(cell) recomputed after the correction of \(cause): \(before) → \(after)" },
    dependentRecomputed: "dependent formula recomputed",
    declined: { place, rule, broken in
      "not corrected \(place) [\(rule)]: correcting it would break \(broken); for the author to review"
    },
    left: { n, output in "Left in \(output): " + MessageLanguage.en.count(n, "finding", "findings") + ":" },
    notesNotConverted: { "\($0): notes (--annotate) are not written into another format than the input's" },
    notesSkipped: { input, sheet in
      "\(input): sheet \(MessageLanguage.en.quoted(sheet)) has comments already; Equilibre's notes are not added to them (its corrections are)"
    },
    notConverged: { input, output in
      "\(input): corrections did not settle (or made the plan unreadable); review those left in \(output)"
    })
}
