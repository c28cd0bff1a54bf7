import Diagnostics
import Budget
import Workbook

/// The words of a report around its findings, in one language: one phrasebook per language, so
/// that a phrase added to one and not the other does not compile.
///
/// Findings have their own messages (`Finding.message(_:)` in `Budget`); these are a file's
/// status, the summary, severities, rule descriptions and the headings of the HTML page.
public struct ReportPhrases: Sendable {
  /// The report's line for a workbook that reads but in which no plan is recognised.
  public var noPlan: String
  /// The label of an unreadable file's line in the report, before its error.
  public var unreadable: String
  /// The label of an unsupported file's line in the report, before what it is.
  public var unsupported: String
  /// What a file in a format Equilibre does not read is, given its extension, and what to do.
  public var foreignFormat: @Sendable (ForeignFormat, _ fileExtension: String) -> String
  /// What to do with a spreadsheet in a format Equilibre does not read.
  public var saveAsWorkbook: String
  /// The summary line of a batch.
  public var summary: @Sendable (Summary) -> String
  /// A severity as a word.
  public var severity: @Sendable (Severity) -> String
  /// A rule as a person names it (`somme`, `montant manquant`); the id stays in JSON, CSV, JUnit
  /// types and SARIF.
  public var ruleName: @Sendable (Rule) -> String
  /// What a rule checks, in one sentence (SARIF's rule descriptions).
  public var ruleDescription: @Sendable (Rule) -> String
  /// The text report's line naming the plan's sheet and periods (already joined).
  public var planLine: @Sendable (_ sheet: String, _ periods: String) -> String
  /// After the plan line when blank cells are zeros by design (a schedule), said once per plan.
  public var blanksAreZero: String
  /// A period's month count, after its label.
  public var months: @Sendable (Int) -> String
  /// A file's count of findings by severity, and how many `--severity` hid.
  public var findingCounts:
    @Sendable (_ errors: Int, _ warnings: Int, _ infos: Int, _ hidden: Int) -> String
  /// The HTML page's title and heading.
  public var pageTitle: String
  /// The HTML plan table's first column heading.
  public var lineHeading: String
  /// The HTML plan table's last column heading: the findings of a row.
  public var findingsHeading: String
  /// The heading of the findings not at a cell of the plan's table.
  public var otherFindings: String
  /// A file's status in the HTML page, before its details.
  public var fileOK: String

  /// The phrasebook of `language`.
  public static func of(_ language: MessageLanguage) -> ReportPhrases {
    switch language {
    case .fr: french
    case .en: english
    }
  }

  /// French.
  public static let french: ReportPhrases = ReportPhrases(
    noPlan: "aucun plan de financement reconnu : à vérifier à la main",
    unreadable: "illisible : ",
    unsupported: "non pris en charge : ",
    foreignFormat: { format, ext in
      let what: String
      switch format {
      case .legacyExcel: what = "un classeur Excel 97-2003"
      case .excelBinary: what = "un classeur Excel binaire"
      case .delimitedText: what = "un tableau en texte"
      case .numbers:
        return
          "un document Numbers (.\(ext)), qu'Equilibre ne lit pas : exportez-le depuis Numbers au format Excel (.xlsx), ou ouvrez-le dans LibreOffice Calc et enregistrez-le en .ods, puis vérifiez cette copie"
      case .flatOpenDocument: what = "un classeur OpenDocument en un seul fichier XML"
      case .otherSpreadsheet: what = "un fichier de tableur"
      }
      return "\(what) (.\(ext)), qu'Equilibre ne lit pas : \(french.saveAsWorkbook)"
    },
    saveAsWorkbook:
      "ouvrez-le dans LibreOffice Calc ou Excel, enregistrez-le en .xlsx ou .ods et vérifiez cette copie",
    summary: { s in
      var counts = [
        "\(s.ok) sans problème", "\(s.withWarnings) avec avertissements",
        "\(s.withErrors) avec erreurs",
      ]
      if s.noPlan > 0 { counts.append("\(s.noPlan) sans plan") }
      if s.unsupported > 0 { counts.append("\(s.unsupported) non pris en charge") }
      counts.append(frenchCount(s.unreadable, "illisible", "illisibles"))
      let ignored =
        s.ignored > 0
        ? " ; " + frenchCount(s.ignored, "autre fichier ignoré", "autres fichiers ignorés")
          + ", pas des classeurs"
        : ""
      let hidden =
        s.hiddenFindings > 0
        ? " ; " + frenchCount(s.hiddenFindings, "constat non affiché", "constats non affichés")
          + ", de gravité inférieure à «\u{202F}\(ReportPhrases.french.severity(s.shownSeverity))\u{202F}»"
        : ""
      return frenchCount(s.files, "fichier", "fichiers") + " : " + counts.joined(separator: ", ")
        + ignored
        + hidden + "\n"
    },
    severity: { $0.word(.fr) },
    ruleName: { $0.name(.fr) },
    ruleDescription: { rule in
      switch rule {
      case .sum: "Un total ou sous-total diffère de la somme de ses lignes."
      case .sumRounding:
        "Un total diffère de la somme de ses lignes d'au plus 1 € par ligne : un arrondi."
      case .balance: "Le total des charges diffère du total des produits."
      case .result: "Le résultat diffère de produits − charges."
      case .rate: "Une ligne en pourcentage diffère de sa base × son taux."
      case .unit: "Une ligne diffère de son coût unitaire × le nombre de mois."
      case .crossTotal: "La colonne Total diffère de la somme des périodes."
      case .formulaStale: "La valeur enregistrée d'une formule diffère de ce qu'elle calcule."
      case .missing: "Une ligne nommée n'a pas de montant."
      case .product: "Un montant diffère de sa quantité × son prix unitaire."
      case .textNumber: "Un montant est enregistré comme du texte."
      }
    },
    planLine: { sheet, periods in "plan : feuille «\u{202F}\(sheet)\u{202F}», périodes : \(periods)"
    },
    blanksAreZero: " ; les cellules vides y valent zéro",
    months: { n in " (\(n) mois)" },
    findingCounts: { e, w, i, hidden in
      frenchCount(e, "erreur", "erreurs") + ", " + frenchCount(w, "avertissement", "avertissements")
        + ", "
        + frenchCount(i, "info", "infos")
        + (hidden > 0 ? " ; " + frenchCount(hidden, "non affiché", "non affichés") : "")
    },
    pageTitle: "Vérification des plans de financement",
    lineHeading: "Ligne",
    findingsHeading: "Constats",
    otherFindings: "Autres constats",
    fileOK: "aucun constat")

  /// English.
  public static let english: ReportPhrases = ReportPhrases(
    noPlan: "no financing plan recognised: check this file by hand",
    unreadable: "unreadable: ",
    unsupported: "unsupported: ",
    foreignFormat: { format, ext in
      let what: String
      switch format {
      case .legacyExcel: what = "an Excel 97-2003 workbook"
      case .excelBinary: what = "an Excel binary workbook"
      case .delimitedText: what = "a table in plain text"
      case .numbers:
        return
          "a Numbers document (.\(ext)), which Equilibre does not read: export it from Numbers as Excel (.xlsx), or open it in LibreOffice Calc and save it as .ods, and check that copy"
      case .flatOpenDocument: what = "an OpenDocument spreadsheet in a single XML file"
      case .otherSpreadsheet: what = "a spreadsheet file"
      }
      return "\(what) (.\(ext)), which Equilibre does not read: \(english.saveAsWorkbook)"
    },
    saveAsWorkbook:
      "open it in LibreOffice Calc or Excel, save it as .xlsx or .ods, and check that copy",
    summary: { s in
      var counts = ["\(s.ok) ok", "\(s.withWarnings) with warnings", "\(s.withErrors) with errors"]
      if s.noPlan > 0 { counts.append("\(s.noPlan) without a plan") }
      if s.unsupported > 0 { counts.append("\(s.unsupported) unsupported") }
      counts.append("\(s.unreadable) unreadable")
      let ignored =
        s.ignored > 0
        ? "; " + englishCount(s.ignored, "other file", "other files") + " ignored, not workbooks"
        : ""
      let hidden =
        s.hiddenFindings > 0
        ? "; " + englishCount(s.hiddenFindings, "finding", "findings")
          + " below “\(ReportPhrases.english.severity(s.shownSeverity))” not shown"
        : ""
      return englishCount(s.files, "file", "files") + ": " + counts.joined(separator: ", ")
        + ignored
        + hidden + "\n"
    },
    severity: { $0.word(.en) },
    ruleName: { $0.name(.en) },
    ruleDescription: { rule in
      switch rule {
      case .sum: "A total or subtotal differs from the sum of its lines."
      case .sumRounding:
        "A total differs from the sum of its lines by at most 1 € a line: rounding."
      case .balance: "Total charges differ from total produits."
      case .result: "The result differs from produits − charges."
      case .rate: "A percentage line differs from its base × its rate."
      case .unit: "A line differs from its unit rate × the period's months."
      case .crossTotal: "The Total column differs from the sum of the periods."
      case .formulaStale: "A formula's stored value differs from what it computes."
      case .missing: "A labelled line has no amount."
      case .product: "An amount differs from its quantity × its unit price."
      case .textNumber: "An amount is stored as text."
      }
    },
    planLine: { sheet, periods in "plan: sheet “\(sheet)”, periods: \(periods)" },
    blanksAreZero: "; blank cells count as zero",
    months: { n in n == 1 ? " (1 month)" : " (\(n) months)" },
    findingCounts: { e, w, i, hidden in
      englishCount(e, "error", "errors") + ", " + englishCount(w, "warning", "warnings") + ", "
        + englishCount(i, "info", "infos") + (hidden > 0 ? "; \(hidden) not shown" : "")
    },
    pageTitle: "Financing plans checked",
    lineHeading: "Line",
    findingsHeading: "Findings",
    otherFindings: "Other findings",
    fileOK: "no finding")
}

/// `n` and the noun that goes with it in French, where 0 and 1 take the singular
/// (« 0 erreur », « 1 erreur », « 2 erreurs »).
func frenchCount(_ n: Int, _ singular: String, _ plural: String) -> String {
  "\(n) " + (n <= 1 ? singular : plural)
}

/// `n` and the noun that goes with it in English, where only 1 takes the singular.
func englishCount(_ n: Int, _ singular: String, _ plural: String) -> String {
  "\(n) " + (n == 1 ? singular : plural)
}
