import Diagnostics
import FoundationEssentials

extension Finding {
  /// The finding as a sentence an officer reads, with amounts as money in that language.
  ///
  /// One table per language (``french()``, ``english()``), each an exhaustive `switch`, so that a
  /// rule added without its sentence in both languages does not compile. The line's label is the
  /// file's own, quoted as the language quotes (`« TOTAL »` with narrow no-break spaces, `“TOTAL”`).
  public func message(_ language: MessageLanguage) -> String {
    switch language {
    case .fr: french()
    case .en: english()
    }
  }

  /// An amount in `language` (counts, a quantity column's total, are no money), or a dash.
  private func money(_ value: Money?, _ language: MessageLanguage) -> String {
    value.map { $0.formatted(french: language == .fr, currency: !detail.counts) } ?? "—"
  }

  /// The gap between the stated and the expected amount, or a dash.
  private func gap(_ language: MessageLanguage) -> String {
    guard let expected, let actual else { return "—" }
    return money((actual - expected).magnitude, language)
  }

  /// The line's label, quoted, and its period.
  private func subject(_ language: MessageLanguage) -> String {
    language.quoted(label) + (period.map { " (\($0))" } ?? "")
  }

  private func french() -> String {
    func m(_ value: Money?) -> String { money(value, .fr) }
    let subject = subject(.fr)
    let gap = gap(.fr)
    switch rule {
    case .sum, .sumRounding:
      let n = detail.components ?? 0
      let tail = rule == .sumRounding ? " ; écart d'arrondi" : ""
      if n == 1 {
        return "\(subject) : sa seule composante fait \(m(expected)), la cellule indique \(m(actual)) (écart \(gap)\(tail))."
      }
      return "\(subject) : ses \(n) composantes font \(m(expected)), la cellule indique \(m(actual)) (écart \(gap)\(tail))."
    case .balance:
      return "\(subject) : total des produits \(m(actual)) ≠ total des charges \(m(expected)) (écart \(gap))."
    case .result:
      return "\(subject) : le résultat devrait être produits − charges = \(m(expected)), la cellule indique \(m(actual))."
    case .rate where detail.taxFactor != nil:
      // A price converted between before-tax and after-tax columns.
      let factor = detail.taxFactor.map { d in String("\(d)".map { $0 == "." ? "," : $0 }) } ?? "?"
      let op = detail.taxToAfterTax == true ? "×" : "÷"
      let source = detail.taxSource?.description ?? "?"
      return "\(subject) : \(source) \(op) \(factor), le taux de TVA des autres conversions de la feuille, donne \(m(expected)), la cellule indique \(m(actual)) (écart \(gap))."
    case .rate:
      let pct = detail.percent.map { "\($0) %" } ?? "%"
      return "\(subject) : \(pct) de la base donne \(m(expected)), la cellule indique \(m(actual)) (écart \(gap))."
    case .unit:
      let months = detail.months.map(String.init) ?? "?"
      return "\(subject) : \(m(detail.monthlyRate)) / mois × \(months) mois = \(m(expected)), la cellule indique \(m(actual))."
    case .crossTotal:
      return "\(subject) : la colonne Total indique \(m(actual)), les périodes font \(m(expected)) (écart \(gap))."
    case .formulaStale:
      return "\(subject) : la formule recalculée donne \(m(expected)), la valeur enregistrée est \(m(actual))."
    case .product:
      return "\(subject) : quantité × prix unitaire = \(m(expected)), la cellule indique \(m(actual)) (écart \(gap))."
    case .missing:
      return "\(subject) : aucun montant."
    case .textNumber:
      return "\(subject) : montant saisi comme texte \(MessageLanguage.fr.quoted(raw ?? "")), lu \(m(actual))."
    }
  }

  private func english() -> String {
    func m(_ value: Money?) -> String { money(value, .en) }
    let subject = subject(.en)
    let gap = gap(.en)
    switch rule {
    case .sum, .sumRounding:
      let n = detail.components ?? 0
      let tail = rule == .sumRounding ? "; a rounding gap" : ""
      if n == 1 {
        return "\(subject): its one component is \(m(expected)) but the cell states \(m(actual)) (gap \(gap)\(tail))."
      }
      return "\(subject): its \(n) components add up to \(m(expected)) but the cell states \(m(actual)) (gap \(gap)\(tail))."
    case .balance:
      return "\(subject): total income \(m(actual)) ≠ total costs \(m(expected)) (gap \(gap))."
    case .result:
      return "\(subject): the result should be income − costs = \(m(expected)) but the cell states \(m(actual))."
    case .rate where detail.taxFactor != nil:
      let factor = detail.taxFactor.map { "\($0)" } ?? "?"
      let op = detail.taxToAfterTax == true ? "×" : "÷"
      let source = detail.taxSource?.description ?? "?"
      return "\(subject): \(source) \(op) \(factor), the tax rate of the sheet's other conversions, gives \(m(expected)) but the cell states \(m(actual)) (gap \(gap))."
    case .rate:
      let pct = detail.percent.map { "\($0) %" } ?? "%"
      return "\(subject): \(pct) of its base gives \(m(expected)) but the cell states \(m(actual)) (gap \(gap))."
    case .unit:
      let months = detail.months.map(String.init) ?? "?"
      return "\(subject): \(m(detail.monthlyRate)) per month × \(months) months = \(m(expected)) but the cell states \(m(actual))."
    case .crossTotal:
      return "\(subject): the Total column states \(m(actual)) but the periods add up to \(m(expected)) (gap \(gap))."
    case .formulaStale:
      return "\(subject): the formula recomputes to \(m(expected)) but the stored value is \(m(actual))."
    case .product:
      return "\(subject): quantity × unit price = \(m(expected)) but the cell states \(m(actual)) (gap \(gap))."
    case .missing:
      return "\(subject): no amount."
    case .textNumber:
      return "\(subject): amount stored as text \(MessageLanguage.en.quoted(raw ?? "")), read as \(m(actual))."
    }
  }
}

extension Rule {
  /// The rule as a person names it (`somme`, `montant manquant`; `sum`, `missing amount`); the
  /// id (``rawValue``) stays in JSON, CSV, JUnit types and SARIF.
  public func name(_ language: MessageLanguage) -> String {
    switch language {
    case .fr:
      switch self {
      case .sum: "somme"
      case .sumRounding: "arrondi"
      case .balance: "équilibre"
      case .result: "résultat"
      case .rate: "taux"
      case .unit: "coût unitaire"
      case .crossTotal: "total de colonne"
      case .formulaStale: "formule périmée"
      case .missing: "montant manquant"
      case .product: "produit"
      case .textNumber: "nombre en texte"
      }
    case .en:
      switch self {
      case .sum: "sum"
      case .sumRounding: "rounding"
      case .balance: "balance"
      case .result: "result"
      case .rate: "rate"
      case .unit: "unit rate"
      case .crossTotal: "Total column"
      case .formulaStale: "stale formula"
      case .missing: "missing amount"
      case .product: "product"
      case .textNumber: "number as text"
      }
    }
  }
}

extension Severity {
  /// The severity as a word (`erreur`, `avertissement`, `info`); the id stays in JSON.
  public func word(_ language: MessageLanguage) -> String {
    switch language {
    case .fr:
      switch self {
      case .error: "erreur"
      case .warning: "avertissement"
      case .info: "info"
      }
    case .en:
      switch self {
      case .error: "error"
      case .warning: "warning"
      case .info: "info"
      }
    }
  }
}
