import Workbook

/// Prints a ``FormulaExpression`` in OOXML's A1 dialect or ODF's OpenFormula dialect.
///
/// OOXML text comes without a leading `=` (as ECMA-376 stores it: `SUM(B5:B9)`); ODF text
/// comes with the `of:=` prefix (`of:=SUM([.B5:.B9])`). Spaces and parentheses kept by the
/// parser are printed back, so parse → print gives the text as written for the formulas
/// programs write. Function names and names are printed as they were written: translating
/// between the dialects' function names (`_xlfn.CONCAT` / `COM.MICROSOFT.CONCAT`) is not done.
public enum FormulaPrinter {
  /// The formula as text in `dialect`.
  public static func print(_ expression: FormulaExpression, dialect: CellFormula.Dialect) -> String
  {
    var out = dialect == .odf ? "of:=" : ""
    write(expression, odf: dialect == .odf, into: &out)
    return out
  }

  /// A number as both dialects write it: `12`, `0.5`, `1E-05`, `1.5E+20`.
  static func number(_ d: Double) -> String {
    if d == d.rounded(.towardZero), abs(d) < 1e15 { return String(Int64(d)) }
    var t = String(d)
    if let e = t.firstIndex(of: "e") {
      var mantissa = String(t[..<e])
      if mantissa.hasSuffix(".0") { mantissa.removeLast(2) }
      var exponent = String(t[t.index(after: e)...])
      var sign = "+"
      if exponent.hasPrefix("-") {
        sign = "-"
        exponent.removeFirst()
      } else if exponent.hasPrefix("+") {
        exponent.removeFirst()
      }
      if exponent.count < 2 { exponent = "0" + exponent }
      t = mantissa + "E" + sign + exponent
    }
    return t
  }

  /// Whether a sheet name can go unquoted in OOXML: letters, digits, `_` and `.`, not starting
  /// with a digit, and not readable as a cell reference or an R1C1 reference.
  static func ooxmlNeedsQuotes(_ name: String) -> Bool {
    guard let first = name.unicodeScalars.first else { return true }
    if first.value < 0x80, !(first.properties.isAlphabetic || first == "_") { return true }
    for c in name.unicodeScalars {
      if c.value >= 0x80 {
        if c.properties.isAlphabetic || c.properties.numericType != nil { continue }
        return true
      }
      if !(c.properties.isAlphabetic || ("0"..."9").contains(c) || c == "_" || c == ".") {
        return true
      }
    }
    if CellReference(name) != nil { return true }
    let upper = name.uppercased()
    if upper == "R" || upper == "C" || upper == "TRUE" || upper == "FALSE" { return true }
    if upper.first == "R" || upper.first == "C",
      upper.dropFirst().allSatisfy({ $0.isNumber || $0 == "C" })
    {
      return true
    }
    return false
  }

  /// `Sheet1!`, `'My sheet'!`, `[1]Sheet1!`, `Sheet1:Sheet3!`.
  static func ooxmlSheetPrefix(workbook: String?, sheet: String?, lastSheet: String?) -> String {
    guard let sheet else { return workbook.map { "[\($0)]!" } ?? "" }
    let names = [sheet] + (lastSheet.map { [$0] } ?? [])
    let quoted = names.contains(where: ooxmlNeedsQuotes)
    var body = names.map { quoted ? doubling($0, "'") : $0 }.joined(separator: ":")
    if let workbook {
      if quoted, !workbook.hasPrefix("'") {
        body = "[" + workbook + "]" + body
        return "'" + body + "'!"
      }
      return "[" + workbook + "]" + (quoted ? "'" + body + "'" : body) + "!"
    }
    return (quoted ? "'" + body + "'" : body) + "!"
  }

  static func odfSheet(_ name: String) -> String {
    let plain = name.unicodeScalars.allSatisfy {
      $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_"
    }
    return plain && !name.isEmpty ? name : "'" + doubling(name, "'") + "'"
  }

  static func reference(_ r: FormulaReference, odf: Bool) -> String {
    if !odf {
      var t =
        ooxmlSheetPrefix(workbook: r.workbook, sheet: r.sheet, lastSheet: r.lastSheet) + r.start.a1
      if let end = r.end { t += ":" + end.a1 }
      return t
    }
    var t = "["
    if let workbook = r.workbook { t += workbook + "#" }
    if let sheet = r.sheet {
      t += (r.sheetAbsolute || r.workbook != nil ? "$" : "") + odfSheet(sheet)
    }
    t += "." + r.start.a1
    if let end = r.end {
      t += ":"
      if let last = r.lastSheet { t += (r.sheetAbsolute ? "$" : "") + odfSheet(last) }
      t += "." + end.a1
    }
    return t + "]"
  }

  static func write(_ root: FormulaExpression, odf: Bool, into out: inout String) {
    switch root {
    case .number(let d): out += number(d)
    case .text(let t): out += "\"" + doubling(t, "\"") + "\""
    case .bool(let b): out += odf ? (b ? "TRUE()" : "FALSE()") : (b ? "TRUE" : "FALSE")
    case .error(let e): out += e
    case .reference(let r): out += reference(r, odf: odf)
    case .name(let n): out += n
    case .function(let name, let arguments):
      out += name + "("
      for (k, a) in arguments.enumerated() {
        if k > 0 { out += odf ? ";" : "," }
        write(a, odf: odf, into: &out)
      }
      out += ")"
    case .prefix(let op, let e):
      out += op.rawValue
      write(e, odf: odf, into: &out)
    case .percent(let e):
      write(e, odf: odf, into: &out)
      out += "%"
    case .binary:
      // Walk the left spine without recursion: `A1+A2+…+A4000` is 4,000 levels deep.
      var spine: [(BinaryOperator, FormulaExpression)] = []
      var node = root
      while case .binary(let op, let l, let r) = node {
        spine.append((op, r))
        node = l
      }
      write(node, odf: odf, into: &out)
      for (op, r) in spine.reversed() {
        out += op.rawValue
        write(r, odf: odf, into: &out)
      }
    case .array(let rows):
      out += "{"
      for (k, row) in rows.enumerated() {
        if k > 0 { out += odf ? "|" : ";" }
        for (j, e) in row.enumerated() {
          if j > 0 { out += odf ? ";" : "," }
          write(e, odf: odf, into: &out)
        }
      }
      out += "}"
    case .missing: break
    case .parenthesized(let e):
      out += "("
      write(e, odf: odf, into: &out)
      out += ")"
    case .spaced(let lead, let e, let trail):
      out += lead
      write(e, odf: odf, into: &out)
      out += trail
    case .opaque(_, let text): out += text
    }
  }
}
