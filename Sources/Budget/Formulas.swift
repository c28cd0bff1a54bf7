import Workbook

/// Reads the structure a formula states: `SUM(B9:B10)`, `B7+B11+B15`, `of:=SUM([.B9:.B10])`.
enum FormulaStructure {
  /// The cells a formula adds up, when it is nothing but a sum of references and ranges on the
  /// same sheet (`SUM(…)` and `+`); nil for anything else (a rate, a difference, a constant).
  static func summedCells(_ formula: CellFormula) -> [CellReference]? {
    var text = Substring(formula.text)
    if formula.dialect == .odf {
      if let colon = text.firstIndex(of: ":"), text[..<colon].allSatisfy({ $0.isLetter }) {
        text = text[text.index(after: colon)...]
      }
    }
    if text.first == "=" { text = text.dropFirst() }
    var cleaned = ""
    for c in text where c != "$" && c != " " {
      if c == "[" || c == "]" { continue }
      cleaned.append(c)
    }
    // ODF writes ".B9:.B10" inside brackets.
    cleaned = cleaned.replacingDotReferences()
    let upper = cleaned.uppercased()
    var refs: [CellReference] = []
    for term in upper.split(separator: "+", omittingEmptySubsequences: false) {
      var t = term
      if t.hasPrefix("SUM(") && t.hasSuffix(")") {
        t = t.dropFirst(4).dropLast()
        for arg in t.split(whereSeparator: { $0 == "," || $0 == ";" }) {
          guard let cells = cellsOf(arg) else { return nil }
          refs += cells
        }
      } else {
        guard let cells = cellsOf(t) else { return nil }
        refs += cells
      }
    }
    return refs.isEmpty ? nil : refs
  }

  private static func cellsOf(_ text: Substring) -> [CellReference]? {
    guard let range = CellRange(text) else { return nil }
    guard Int(range.end.row - range.start.row + 1) * Int(range.end.column - range.start.column + 1) <= 10_000 else {
      return nil
    }
    var out: [CellReference] = []
    for r in range.start.row...range.end.row {
      for c in range.start.column...range.end.column { out.append(CellReference(row: r, column: c)) }
    }
    return out
  }
}

extension String {
  /// Drops the sheet-less dot ODF puts before a reference (`.B9` → `B9`).
  fileprivate func replacingDotReferences() -> String {
    var out = ""
    var previous: Character = "("
    for c in self {
      if c == ".", !(previous.isLetter || previous.isNumber) { previous = c; continue }
      out.append(c)
      previous = c
    }
    return out
  }
}
