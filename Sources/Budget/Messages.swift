import Diagnostics
import FoundationEssentials

extension Finding {
  /// The finding as a sentence an officer reads, with amounts as money in that language.
  public func message(_ language: MessageLanguage) -> String {
    let fr = language == .fr
    // Counts (a quantity column's total) are no money.
    func m(_ money: Money?) -> String { money.map { $0.formatted(french: fr, currency: !detail.counts) } ?? "—" }
    let gap = (expected != nil && actual != nil) ? m(((actual ?? .zero) - (expected ?? .zero)).magnitude) : "—"
    let whereText = period.map { fr ? " (\($0))" : " (\($0))" } ?? ""
    let subject = "«\(label)»\(whereText)"
    switch rule {
    case .sum, .sumRounding:
      let n = detail.components ?? 0
      let tail = rule == .sumRounding ? (fr ? " ; écart d'arrondi" : "; a rounding gap") : ""
      return fr
        ? "\(subject) : ses \(n) composantes font \(m(expected)), la cellule indique \(m(actual)) (écart \(gap)\(tail))."
        : "\(subject): its \(n) components add up to \(m(expected)) but the cell states \(m(actual)) (gap \(gap)\(tail))."
    case .balance:
      return fr
        ? "\(subject) : total des produits \(m(actual)) ≠ total des charges \(m(expected)) (écart \(gap))."
        : "\(subject): total income \(m(actual)) ≠ total costs \(m(expected)) (gap \(gap))."
    case .result:
      return fr
        ? "\(subject) : le résultat devrait être produits − charges = \(m(expected)), la cellule indique \(m(actual))."
        : "\(subject): the result should be income − costs = \(m(expected)) but the cell states \(m(actual))."
    case .rate where detail.taxFactor != nil:
      // A price converted between before-tax and after-tax columns.
      let factor = detail.taxFactor.map { d in String("\(d)".map { fr && $0 == "." ? "," : $0 }) } ?? "?"
      let op = detail.taxToAfterTax == true ? "×" : "÷"
      let source = detail.taxSource?.description ?? "?"
      return fr
        ? "\(subject) : \(source) \(op) \(factor), le taux de TVA des autres conversions de la feuille, donne \(m(expected)), la cellule indique \(m(actual)) (écart \(gap))."
        : "\(subject): \(source) \(op) \(factor), the tax rate of the sheet's other conversions, gives \(m(expected)) but the cell states \(m(actual)) (gap \(gap))."
    case .rate:
      let pct = detail.percent.map { "\($0) %" } ?? "%"
      return fr
        ? "\(subject) : \(pct) de la base donne \(m(expected)), la cellule indique \(m(actual)) (écart \(gap))."
        : "\(subject): \(pct) of its base gives \(m(expected)) but the cell states \(m(actual)) (gap \(gap))."
    case .unit:
      let months = detail.months.map(String.init) ?? "?"
      return fr
        ? "\(subject) : \(m(detail.monthlyRate)) / mois × \(months) mois = \(m(expected)), la cellule indique \(m(actual))."
        : "\(subject): \(m(detail.monthlyRate)) per month × \(months) months = \(m(expected)) but the cell states \(m(actual))."
    case .crossTotal:
      return fr
        ? "\(subject) : la colonne Total indique \(m(actual)), les périodes font \(m(expected)) (écart \(gap))."
        : "\(subject): the Total column states \(m(actual)) but the periods add up to \(m(expected)) (gap \(gap))."
    case .formulaStale:
      return fr
        ? "\(subject) : la formule recalculée donne \(m(expected)), la valeur enregistrée est \(m(actual))."
        : "\(subject): the formula recomputes to \(m(expected)) but the stored value is \(m(actual))."
    case .product:
      return fr
        ? "\(subject) : quantité × prix unitaire = \(m(expected)), la cellule indique \(m(actual)) (écart \(gap))."
        : "\(subject): quantity × unit price = \(m(expected)) but the cell states \(m(actual)) (gap \(gap))."
    case .missing:
      return fr ? "\(subject) : aucun montant." : "\(subject): no amount."
    case .textNumber:
      return fr
        ? "\(subject) : montant saisi comme texte «\(raw ?? "")», lu \(m(actual))."
        : "\(subject): amount stored as text «\(raw ?? "")», read as \(m(actual))."
    }
  }
}
