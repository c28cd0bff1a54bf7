/// The language everything a user reads is rendered in: findings, errors, refusals, summaries.
public enum MessageLanguage: String, Sendable, Equatable, CaseIterable {
  /// French.
  case fr
  /// English.
  case en

  /// `text` between the quotation marks of the language: French guillemets with the narrow
  /// no-break spaces French typography puts inside them (`« Budget »`), English curly quotes
  /// (`“Budget”`).
  public func quoted(_ text: String) -> String {
    switch self {
    case .fr: "«\u{202F}\(text)\u{202F}»"
    case .en: "“\(text)”"
    }
  }

  /// `count` and the noun in the singular or the plural: `1 fichier`, `0 fichier`, `2 fichiers`
  /// (French takes the singular for 0 and 1), `1 file`, `0 files`.
  public func count(_ count: Int, _ singular: String, _ plural: String) -> String {
    let one = self == .fr ? count <= 1 && count >= -1 : count == 1 || count == -1
    return "\(count) \(one ? singular : plural)"
  }
}
