import Budget

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
  /// The summary line of a batch.
  var summary: @Sendable (Summary) -> String

  /// The phrasebook of `language`.
  static func of(_ language: MessageLanguage) -> Phrases {
    switch language {
    case .fr: french
    case .en: english
    }
  }

  static let french = Phrases(
    noPlan: "aucun plan de financement reconnu : à vérifier à la main",
    exportNoPlan: { path in
      "equilibre: \(path): aucun plan de financement trouvé (pas de ligne d'en-tête avec des périodes ou des montants)"
    },
    unreadable: "illisible : ",
    summary: { s in
      var counts = [
        "\(s.ok) sans problème", "\(s.withWarnings) avec avertissements",
        "\(s.withErrors) avec erreurs",
      ]
      if s.noPlan > 0 { counts.append("\(s.noPlan) sans plan") }
      counts.append("\(s.unreadable) illisible(s)")
      return "\(s.files) fichier(s) : " + counts.joined(separator: ", ") + "\n"
    })

  static let english = Phrases(
    noPlan: "no financing plan recognised: check this file by hand",
    exportNoPlan: { path in
      "equilibre: \(path): no financing plan found (no header row with periods or amounts)"
    },
    unreadable: "unreadable: ",
    summary: { s in
      var counts = ["\(s.ok) ok", "\(s.withWarnings) with warnings", "\(s.withErrors) with errors"]
      if s.noPlan > 0 { counts.append("\(s.noPlan) without a plan") }
      counts.append("\(s.unreadable) unreadable")
      return "\(s.files) file(s): " + counts.joined(separator: ", ") + "\n"
    })
}
