import FoundationEssentials
import Workbook

/// A tax column beside the prices (`domain.md` §4.13): "TVA (20 %)", "HST (13%)", "GST 10%"
/// over each line's tax. On every line of the plan, the tax is the header's rate × the line's
/// before-tax price (`rate` at the tax cell), and the after-tax price, when a column holds it, is
/// the price plus its tax (`sum` at the after-tax cell).
///
/// The before-tax column is the one headed so ("HT", "Ex-GST", "excl. VAT"), else the nearest
/// amount column left of the tax; the after-tax column the one headed so ("TTC", "incl. HST").
/// Only lines with all their cells are checked, and only when most lines hold: a column whose
/// figures follow another rule (a reduced rate on some lines) says nothing.
enum TaxColumns {
  /// Words of a tax: "TVA", "VAT", "GST", "HST", "tax", "taxe", "MwSt", "IVA", "BTW".
  static let taxWords: Set<Word> = ["tva", "vat", "gst", "hst", "pst", "qst", "tax", "taxe", "taxes", "mwst", "ust", "iva", "btw"]

  static func findings(_ plan: Plan, sheet: Sheet) -> [Finding] {
    guard let top = plan.lines.map(\.row).min() else { return [] }
    let items = plan.lines.filter { $0.kind == .item }
    guard items.count >= 2 else { return [] }
    // Headers: the texts of the eight rows above the first line, by column.
    var header: [Int32: String] = [:]
    for cell in sheet.cells where cell.reference.row < top && cell.reference.row >= top - 8 {
      if case .text(let t)? = cell.value { header[cell.reference.column] = t }
    }
    guard let (taxColumn, percent) = header.compactMap({ c, t in rate(t).map { (c, $0) } }).min(by: { $0.0 < $1.0 }) else {
      return []
    }
    let sides = header.compactMapValues(side)
    func number(_ row: Int32, _ column: Int32) -> Money? {
      sheet.cell(at: CellReference(row: row, column: column)).flatMap(ProductColumns.amount)
    }
    // The before-tax column: headed so, else the nearest column left of the tax with prices.
    let before =
      sides.filter { $0.value == .beforeTax && $0.key < taxColumn }.keys.max()
      ?? (0..<taxColumn).reversed().first { c in items.filter { number($0.row, c) != nil }.count * 2 >= items.count }
    guard let before else { return [] }
    let after = sides.filter { $0.value == .afterTax && $0.key > taxColumn }.keys.min()
    let factor = percent / 100
    var rows: [(line: Line, price: Money, tax: Money)] = []
    for line in items {
      guard let price = number(line.row, before), let tax = number(line.row, taxColumn) else { continue }
      rows.append((line, price, tax))
    }
    // Most lines follow the header's rate: then it is the rule of the column.
    let holding = rows.filter { ($0.price * factor - $0.tax).magnitude <= Money(1) }.count
    guard rows.count >= 2, holding * 4 >= rows.count * 3 else { return [] }
    var out: [Finding] = []
    for (line, price, tax) in rows {
      let cell = CellReference(row: line.row, column: taxColumn)
      let expected = price * factor
      if (expected - tax).magnitude > Money(1) {
        out.append(
          Finding(
            rule: .rate, sheet: plan.sheet, cell: cell, expected: expected, actual: tax, raw: nil, label: line.label,
            period: plan.periods.first { $0.column == taxColumn }?.label, detail: .init(percent: percent)))
      }
      // The after-tax price: the price and its tax, as the sheet states them.
      if let after, let stated = number(line.row, after), !(price + tax).isClose(to: stated) {
        let gap = (price + tax - stated).magnitude
        out.append(
          Finding(
            rule: gap <= Money(2) ? .sumRounding : .sum, sheet: plan.sheet, cell: CellReference(row: line.row, column: after),
            expected: price + tax, actual: stated, raw: nil, label: line.label,
            period: plan.periods.first { $0.column == after }?.label, detail: .init(components: 2)))
      }
    }
    return out
  }

  /// The side a header names, with the taxes of other countries: "Ex-HST", "GST incl.",
  /// "Total inc GST", besides "HT" and "TTC".
  static func side(_ header: String) -> TaxConversions.Side? {
    if let side = TaxConversions.side(header) { return side }
    let words = TextFolding.words(TextFolding.fold(header))
    guard words.contains(where: { taxWords.contains($0) }) else { return nil }
    if words.contains(where: { ["incl", "inc", "including", "inclusive", "ttc", "avec"].contains($0) }) { return .afterTax }
    if words.contains(where: { ["ex", "excl", "exc", "excluding", "exclusive", "before", "hors", "sans", "net"].contains($0) }) {
      return .beforeTax
    }
    return nil
  }

  /// The percentage a header states for a tax: "TVA (20 %)" → 20, "HST 13%" → 13; nil when the
  /// header names no tax or no percentage.
  static func rate(_ header: String) -> Decimal? {
    guard header.contains("%") else { return nil }
    let words = TextFolding.words(TextFolding.fold(header))
    guard words.contains(where: { taxWords.contains($0) }) else { return nil }
    // The number right before the "%".
    guard let percentSign = header.firstIndex(of: "%") else { return nil }
    let before = header[..<percentSign].reversed().drop { $0 == " " || $0 == "\u{A0}" || $0 == "\u{202F}" }
    let digits = String(before.prefix { $0.isNumber || $0 == "," || $0 == "." }.reversed())
    guard !digits.isEmpty, let value = Decimal(string: String(digits.map { $0 == "," ? "." : $0 })), value > 0,
      value < 100
    else { return nil }
    return value
  }
}
