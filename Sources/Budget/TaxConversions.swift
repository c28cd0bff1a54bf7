import FoundationEssentials
import Workbook

/// A cell of a line that converts a price between before-tax and after-tax columns (`=D3*1.2`
/// under "TTC" from "HT", `=E4/1.2` under "HT" from "TTC"), and the factor the sheet's other
/// conversions use (`domain.md` §4.13).
public struct TaxConversion: Sendable, Equatable {
  /// The line (index into ``Plan/lines``) on whose row the cell is.
  public var line: Int
  public var cell: CellReference
  /// The cell it converts.
  public var source: CellReference
  /// What the cell states and what the sheet's rate gives.
  public var stated: Money
  public var expected: Money
  /// The sheet's factor (after tax / before tax, 1.2 for 20 %) and whether the cell is the
  /// after-tax price.
  public var factor: Decimal
  public var toAfterTax: Bool
}

/// HT ↔ TTC conversions: a sheet's columns headed "HT" and "TTC", the formulas of a line's row
/// that scale one into the other, and the rate most of them use. A conversion the other way must
/// divide by that factor: `=E4*0.8` is not `=E4/1.2`.
enum TaxConversions {
  enum Side { case beforeTax, afterTax }

  /// The side a column header names: "Prix (HT)", "Total H.T.", "Prix TTC", "Price excl. VAT".
  static func side(_ header: String) -> Side? {
    // Most headers name no tax: a look at their ASCII letters first.
    guard mayNameTax(header) else { return nil }
    let words = TextFolding.words(TextFolding.fold(header))
    // "H.T.", "T.T.C." spelt with points: their letters run together.
    let letters = words.filter { $0.count == 1 }.joined()
    if letters.contains("ttc") { return .afterTax }
    if letters.contains("ht") { return .beforeTax }
    let set = Set(words)
    if set.contains("ttc") || (set.contains("toutes") && set.contains("taxes")) { return .afterTax }
    if set.contains("ht") || (set.contains("hors") && (set.contains("taxe") || set.contains("taxes"))) { return .beforeTax }
    let tax = set.contains("vat") || set.contains("tax") || set.contains("tva")
    if tax && (set.contains("incl") || set.contains("including")) { return .afterTax }
    if tax && (set.contains("excl") || set.contains("excluding") || set.contains("before")) { return .beforeTax }
    return nil
  }

  /// Whether the text holds "ht", "h.t", "ttc", "t.t", "hors", "tax" or "vat", any case: a
  /// byte scan, far cheaper than folding every header.
  static func mayNameTax(_ text: String) -> Bool {
    var a: UInt8 = 0
    var b: UInt8 = 0
    var c: UInt8 = 0
    for byte in text.utf8 {
      let x = byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte
      (a, b, c) = (b, c, x)
      switch (b, c) {
      case (UInt8(ascii: "h"), UInt8(ascii: "t")), (UInt8(ascii: "h"), UInt8(ascii: ".")): return true
      default: break
      }
      switch (a, b, c) {
      case (UInt8(ascii: "t"), UInt8(ascii: "t"), UInt8(ascii: "c")), (UInt8(ascii: "t"), UInt8(ascii: "."), UInt8(ascii: "t")),
        (UInt8(ascii: "h"), UInt8(ascii: "o"), UInt8(ascii: "r")), (UInt8(ascii: "t"), UInt8(ascii: "a"), UInt8(ascii: "x")),
        (UInt8(ascii: "v"), UInt8(ascii: "a"), UInt8(ascii: "t")):
        return true
      default: break
      }
    }
    return false
  }

  static func find(_ plan: Plan, sheet: Sheet) -> [TaxConversion] {
    guard !sheet.formulas.isEmpty, let top = plan.lines.map(\.row).min() else { return [] }
    // No header above the lines names a side: nothing to look for.
    let headers = sheet.cells.prefix { $0.reference.row < top }.filter { $0.reference.row >= top - 8 }
    guard headers.contains(where: { if case .text(let t)? = $0.value { return side(t) != nil } else { return false } })
    else { return [] }
    var sideOf: [Int32: Side?] = [:]
    func columnSide(_ c: Int32) -> Side? {
      if let s = sideOf[c] { return s }
      let s = ProductColumns.headerText(sheet, column: c, above: top).flatMap(side)
      sideOf[c] = s
      return s
    }
    // Conversions on the lines' rows: (line, cell, source, factor as after-tax / before-tax).
    var found: [(line: Int, cell: CellReference, source: CellReference, k: Double, forward: Bool)] = []
    var lineOfRow: [Int32: Int] = [:]
    for (i, line) in plan.lines.enumerated() where lineOfRow[line.row] == nil { lineOfRow[line.row] = i }
    for (ref, f) in sheet.formulas {
      // The header first: most formulas are sums under no tax word, and need no parsing.
      guard let line = lineOfRow[ref.row], let to = columnSide(ref.column),
        case .scaled(let x, let k) = FormulaShape.of(f, sheet: sheet.name), x.row == ref.row, k > 0,
        let from = columnSide(x.column), to != from
      else { continue }
      found.append((line, ref, x, to == .afterTax ? k : 1 / k, to == .afterTax))
    }
    // The sheet's factor: the one most conversions use, when two or more agree on it.
    var counts: [Int: Int] = [:]
    for c in found { counts[Int((c.k * 10_000).rounded()), default: 0] += 1 }
    guard let (key, n) = counts.max(by: { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }), n >= 2,
      key > 10_000
    else { return [] }
    let factor = Decimal(key) / 10_000
    var out: [TaxConversion] = []
    for c in found where Int((c.k * 10_000).rounded()) != key {
      guard let source = ProductColumns.cellAmount(sheet, c.source), let stated = ProductColumns.cellAmount(sheet, c.cell)
      else { continue }
      let expected = c.forward ? source * factor : Money(source.value / factor)
      if (expected - stated).magnitude > Money(1) {
        out.append(
          TaxConversion(
            line: c.line, cell: c.cell, source: c.source, stated: stated, expected: expected, factor: factor,
            toAfterTax: c.forward))
      }
    }
    return out.sorted { $0.cell < $1.cell }
  }
}
