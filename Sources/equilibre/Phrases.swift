import Budget
import Workbook

/// What the command line tells a person about a batch, in one language: one phrasebook per
/// language, so that a phrase added to one and not the other does not compile.
///
/// Findings have their own messages (`Finding.message(_:)` in `Budget`); these are the words
/// around them: a file's status, the summary, the warnings of a run.
struct Phrases: Sendable {
  /// The report's line for a workbook that reads but in which no plan is recognised.
  var noPlan: String
  /// `export`'s error for a workbook with no plan, given its path.
  var exportNoPlan: @Sendable (_ path: String) -> String
  /// The label of an unreadable file's line in the report, before its error.
  var unreadable: String
  /// The label of an unsupported file's line in the report, before what it is.
  var unsupported: String
  /// What a file in a format Equilibre does not read is, given its extension, and what to do.
  var foreignFormat: @Sendable (ForeignFormat, _ fileExtension: String) -> String
  /// What to do with a spreadsheet in a format Equilibre does not read.
  var saveAsWorkbook: String
  /// The warning for a folder named in which no workbook was found.
  var noWorkbookInFolder: @Sendable (_ path: String) -> String
  /// The `--verbose` line for a file of a folder that was neither checked nor listed.
  var ignored: @Sendable (_ path: String, IgnoredReason) -> String
  /// The summary line of a batch.
  var summary: @Sendable (Summary) -> String

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
    noPlan: "aucun plan de financement reconnu : à vérifier à la main",
    exportNoPlan: { path in
      "equilibre: \(path): aucun plan de financement trouvé (aucune feuille dont les totaux couvrent des lignes)"
    },
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
    summary: { s in
      var counts = [
        "\(s.ok) sans problème", "\(s.withWarnings) avec avertissements",
        "\(s.withErrors) avec erreurs",
      ]
      if s.noPlan > 0 { counts.append("\(s.noPlan) sans plan") }
      if s.unsupported > 0 { counts.append("\(s.unsupported) non pris en charge") }
      counts.append("\(s.unreadable) illisible(s)")
      let ignored =
        s.ignored > 0 ? " ; \(s.ignored) autre(s) fichier(s) ignoré(s), pas des classeurs" : ""
      return "\(s.files) fichier(s) : " + counts.joined(separator: ", ") + ignored + "\n"
    })

  static let english: Phrases = Phrases(
    noPlan: "no financing plan recognised: check this file by hand",
    exportNoPlan: { path in
      "equilibre: \(path): no financing plan found (no sheet with totals over lines)"
    },
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
    summary: { s in
      var counts = ["\(s.ok) ok", "\(s.withWarnings) with warnings", "\(s.withErrors) with errors"]
      if s.noPlan > 0 { counts.append("\(s.noPlan) without a plan") }
      if s.unsupported > 0 { counts.append("\(s.unsupported) unsupported") }
      counts.append("\(s.unreadable) unreadable")
      let ignored = s.ignored > 0 ? "; \(s.ignored) other file(s) ignored, not workbooks" : ""
      return "\(s.files) file(s): " + counts.joined(separator: ", ") + ignored + "\n"
    })
}
