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
    })

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
    })
}
