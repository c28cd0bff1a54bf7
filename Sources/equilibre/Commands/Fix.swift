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
        (text-number). Left for the author, and listed: an unbalanced plan (balance), a unit \
        rate that disagrees with its amount (unit), missing amounts, rounding gaps; and any \
        correction that would break a rule the plan kept (setting the parent of partial 'dont' \
        lines to their sum would unbalance it).
        Every other cell, style and part of the file is kept as it was. OUT must not exist \
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
      let language: MessageLanguage = options.language == .fr ? .fr : .en
      let fr = language == .fr
      let workbook = try openWorkbook(input, options: options, format: format)
      let corrections = Corrections(workbook, formulas: formulas, limits: options.formulaLimits)
      guard corrections.plan != nil else {
        if format == .json {
          Terminal.out(
            JSONValue.object([
              ("error", .object([("code", .string("plan.notFound")), ("message", .string("no financing plan found in \(input)"))]))
            ]).serialized() + "\n")
        }
        Terminal.error(
          fr
            ? "equilibre: \(input): aucun plan de financement trouvé (aucune feuille dont les totaux couvrent des lignes) ; rien n'est écrit"
            : "equilibre: \(input): no financing plan found (no sheet with totals over lines); nothing written")
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
          Terminal.error(
            fr
              ? "equilibre: \(input): les notes (--annotate) ne sont pas écrites dans un autre format que celui du fichier lu"
              : "equilibre: \(input): notes (--annotate) are not written into another format than the input's")
        }
        let outcome = try Conversion.run(
          corrections.corrected, to: target, output: output, force: force, options: options, format: format)
        var quiet = options
        quiet.quiet = options.quiet || format == .json
        Conversion.report(outcome, input: input, output: output, phrases: phrases, options: quiet, format: .text, printsSummary: false)
      } else {
      do throws(SpreadsheetError) {
        let skipped = try WorkbookPatcher.write(
          input, workbook: workbook, patches: corrections.patches(annotate: annotate, language: language), to: output,
          replacing: force, options: options.readOptions, skippingRefusedNotes: true)
        for sheet in skipped where !options.quiet {
          Terminal.error(
            fr
              ? "equilibre: \(input): la feuille «\(sheet)» a déjà des commentaires ; les notes d'Equilibre n'y sont pas ajoutées (les corrections, si)"
              : "equilibre: \(input): sheet «\(sheet)» has comments already; Equilibre's notes are not added to them (its corrections are)")
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
        Terminal.error(
          fr
            ? "equilibre: \(input): les corrections ne se stabilisaient pas (ou rendaient le plan illisible) ; celles qui restent sont à vérifier dans \(output)"
            : "equilibre: \(input): corrections did not settle (or made the plan unreadable); review those left in \(output)")
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
      let corrections = c.corrections.map { k -> JSONValue in
        var members: [(String, JSONValue)] = [
          ("sheet", .string(k.sheet)), ("cell", .string(k.cell.description)), ("rule", .string(k.rule.rawValue)),
          ("before", value(k.before)), ("after", k.after.json),
        ]
        if case .set(let ooxml, let odf) = k.formula {
          members.append(("formula", .string(c.corrected.format == .ods ? odf : "=" + ooxml)))
        }
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
      var out = ""
      let n = c.corrections.count
      if n == 0 {
        out += fr ? "\(input) → \(output) : rien à corriger (copie à l'identique)\n" : "\(input) → \(output): nothing to correct (an identical copy)\n"
      } else {
        let cells = fr ? (n == 1 ? "1 cellule corrigée" : "\(n) cellules corrigées") : (n == 1 ? "1 cell corrected" : "\(n) cells corrected")
        out += "\(input) → \(output)\(fr ? " : " : ": ")\(cells)\n"
      }
      for k in c.corrections {
        let was = k.beforeText(language)
        var how = ""
        if case .set(let ooxml, let odf) = k.formula {
          how = " (=\(c.corrected.format == .ods ? String(odf.dropFirst(4)) : ooxml))"
        }
        let why = k.label.isEmpty ? (fr ? "formule dépendante recalculée" : "dependent formula recomputed") : k.finding.message(language)
        out += "  \(k.sheet)!\(k.cell)  \(was) → \(k.after.formatted(french: fr))\(how)  [\(k.rule.rawValue)] \(why)\n"
      }
      for d in c.declined {
        let broken = d.wouldBreak.map { "\($0.rule.rawValue) \($0.cell)" }.joined(separator: ", ")
        out +=
          fr
          ? "  non corrigé \(d.finding.sheet)!\(d.finding.cell) [\(d.finding.rule.rawValue)] : la correction casserait \(broken) ; à revoir par l'auteur\n"
          : "  not corrected \(d.finding.sheet)!\(d.finding.cell) [\(d.finding.rule.rawValue)]: correcting it would break \(broken); for the author to review\n"
      }
      let left = c.after
      if !left.isEmpty {
        out += fr ? "Restent \(left.count) constat(s) dans \(output) :\n" : "Left in \(output): \(left.count) finding(s):\n"
        for f in left {
          out += "  \(f.sheet)!\(f.cell) [\(f.rule.rawValue), \(f.severity.rawValue)] \(f.message(language))\n"
        }
      }
      return out
    }
  }
}

extension Equilibre.Fix: TakesGlobalOptions {}
