import Workbook

extension Money {
  /// The number format (OOXML's syntax, ECMA-376 Part 1 §18.8.31) that shows a number the way
  /// `text` shows its amount: the euro sign before or after (with the space between when the
  /// text has one), thousands grouping when the text groups its digits (or has fewer than four,
  /// where grouping shows nothing), and its decimals (none, or two).
  ///
  /// `"49 600 €"` → `#,##0 "€"`, `"1 200,50 €"` → `#,##0.00 "€"`, `"€2,400"` → `"€"#,##0`,
  /// `"27 265"` → `#,##0`; nil when `text` is not an amount.
  public static func formatCode(lookingLike text: String, style: NumberStyle = .french) -> String? {
    guard case .amount = parse(text, style: style) else { return nil }
    let chars = Array(text)
    guard let first = chars.firstIndex(where: { $0.isASCII && $0.isNumber }),
      let last = chars.lastIndex(where: { $0.isASCII && $0.isNumber })
    else { return nil }
    func isSpace(_ c: Character) -> Bool { c.isWhitespace || c == "\u{A0}" || c == "\u{202F}" || c == "\u{2009}" }
    func isCurrency(_ s: ArraySlice<Character>) -> Bool {
      s.contains("€") || String(s).uppercased().contains("EUR")
    }
    let before = chars[..<first]
    let after = chars[(last + 1)...]
    let core = chars[first...last]
    // The decimals: what Money reads as the fraction of the digits and marks.
    let body = core.filter { ($0.isASCII && $0.isNumber) || $0 == "," || $0 == "." }
    let decimal = normalizedDecimal(Array(body), style: style) ?? ""
    let fraction = decimal.split(separator: ".", omittingEmptySubsequences: false).dropFirst().first?.count ?? 0
    let decimals = fraction == 0 ? 0 : 2
    let integerDigits = decimal.prefix { $0 != "." }.filter { $0 != "-" }.count
    // Grouping: a mark or a space inside the integer digits, or too few digits to tell.
    let groupMarks = core.filter { isSpace($0) || $0 == "'" || $0 == "’" || $0 == "," || $0 == "." }.count
    let grouped = groupMarks > (decimals > 0 ? 1 : 0) || integerDigits < 4
    var number = grouped ? "#,##0" : "0"
    if decimals > 0 { number += "." + String(repeating: "0", count: decimals) }
    if isCurrency(after) {
      return number + (after.first.map(isSpace) == true ? " " : "") + "\"€\""
    }
    if isCurrency(before) {
      return "\"€\"" + (before.last.map(isSpace) == true ? " " : "") + number
    }
    return number
  }
}
