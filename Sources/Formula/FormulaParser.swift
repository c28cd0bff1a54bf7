import Workbook

/// Parses formula text in OOXML's A1 dialect or ODF's OpenFormula dialect into a
/// ``FormulaExpression``.
///
/// OOXML text is as ECMA-376 Part 1 §18.17 stores it, without a leading `=` (one is accepted):
/// `SUM('Plan 2023'!B5:B9)`, `$A$1`, `A:A`, `3:5`, `[1]Sheet1!A1`, `{1,2;3,4}`, `,` between
/// arguments. ODF text is as ODF 1.3 Part 4 (OpenFormula) writes it, with its namespace
/// prefix: `of:=SUM([.B5:.B9])`, `[$'Plan 2023'.C7]`, `;` between arguments and `{1;2|3;4}`;
/// `oooc:=` is read like `of:=`, and `msoxl:=` switches to the OOXML dialect.
///
/// Hostile text is bounded: more than ``FormulaLimits/maxLength`` characters, or nesting deeper
/// than ``FormulaLimits/maxDepth``, throws instead of exhausting the stack.
public enum FormulaParser {
  /// Parses `text` written in `dialect`.
  ///
  /// - Parameters:
  ///   - text: The formula text: OOXML without `=` (`SUM(B5:B9)`), ODF with its prefix.
  ///   - dialect: How the text is written.
  ///   - limits: The caps on length and nesting (``FormulaLimits/default`` unless raised).
  /// - Throws: ``FormulaSyntaxError`` with code `formula.syntax`, `formula.tooLong`,
  ///   `formula.tooDeep` or `formula.unsupportedSyntax`.
  public static func parse(
    _ text: String, dialect: CellFormula.Dialect, limits: FormulaLimits = .default
  ) throws(FormulaSyntaxError) -> FormulaExpression {
    let maxLength = limits.maxLength
    if text.utf8.count > maxLength, text.unicodeScalars.count > maxLength {
      throw FormulaSyntaxError(
        .tooLong, "the formula has \(text.unicodeScalars.count) characters, more than \(maxLength)",
        offset: 0)
    }
    var parser = Parser(Array(text.utf8), odf: dialect == .odf, maxDepth: limits.maxDepth)
    if dialect == .odf {
      parser.skipODFPrefix()
    } else if parser.peek == UInt8(ascii: "=") {
      parser.i += 1
    }
    return try parser.parseFormula()
  }

  /// Parses a cell's formula in the dialect it was stored with.
  /// - Throws: ``FormulaSyntaxError``, as ``parse(_:dialect:limits:)``.
  public static func parse(_ formula: CellFormula, limits: FormulaLimits = .default)
    throws(FormulaSyntaxError) -> FormulaExpression
  {
    try parse(formula.text, dialect: formula.dialect, limits: limits)
  }

  /// The canonical spelling of the error literals (`#DIV/0!`…), upper-case.
  static let errorLiterals = [
    "#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA",
    "#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!", "#UNKNOWN!", "#CONNECT!", "#BUSY!",
  ].map { Array($0.utf8) }
}

private let quote = UInt8(ascii: "\"")
private let apostrophe = UInt8(ascii: "'")
private let dollar = UInt8(ascii: "$")
private let colon = UInt8(ascii: ":")
private let openBracket = UInt8(ascii: "[")
private let closeBracket = UInt8(ascii: "]")
private let openParen = UInt8(ascii: "(")
private let closeParen = UInt8(ascii: ")")
private let dot = UInt8(ascii: ".")
private let bang = UInt8(ascii: "!")
private let hash = UInt8(ascii: "#")

@inline(__always) private func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
@inline(__always) private func isLetter(_ c: UInt8) -> Bool {
  (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A
}
@inline(__always) private func isSpace(_ c: UInt8) -> Bool {
  c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09
}
/// A character of a name, function name, sheet name or A1 reference.
@inline(__always) private func isWordChar(_ c: UInt8) -> Bool {
  isLetter(c) || isDigit(c) || c == 0x5F || c == dot || c == 0x5C || c == dollar || c == 0x3F
    || c >= 0x80
}

/// A recursive-descent parser over the UTF-8 bytes; binary operators are parsed by precedence
/// climbing in a loop, so long operator chains do not deepen the recursion.
struct Parser {
  let s: [UInt8]
  var i = 0
  var depth = 0
  /// The deepest nesting allowed (``FormulaLimits/maxDepth``).
  let maxDepth: Int
  var odf: Bool

  init(_ bytes: [UInt8], odf: Bool, maxDepth: Int) {
    s = bytes
    self.odf = odf
    self.maxDepth = maxDepth
  }

  var peek: UInt8? { i < s.count ? s[i] : nil }
  func peek(_ k: Int) -> UInt8? { i + k < s.count ? s[i + k] : nil }
  var argumentSeparator: UInt8 { odf ? UInt8(ascii: ";") : UInt8(ascii: ",") }

  func error(_ message: String, _ code: FormulaSyntaxError.Code = .syntax) -> FormulaSyntaxError {
    FormulaSyntaxError(code, message, offset: i)
  }

  func text(_ a: Int, _ b: Int) -> String { String(decoding: s[a..<b], as: UTF8.self) }

  var describeHere: String {
    guard i < s.count else { return "end of formula" }
    let end = min(s.count, i + 12)
    return "«" + text(i, end) + "»"
  }

  /// Whether an operand may stand for a reference: a reference, a call, a name, a
  /// parenthesized part, a table reference or `#REF!`.
  static func canBeReference(_ e: FormulaExpression) -> Bool {
    switch e {
    case .reference, .function, .name, .parenthesized, .opaque: return true
    case .error(let x): return x == "#REF!"
    case .binary(.range, _, _): return true
    default: return false
    }
  }

  /// Skips `of:=`, `oooc:=`, `msoxl:=` (switching to OOXML) or `=`.
  mutating func skipODFPrefix() {
    var k = 0
    while k < s.count, k < 8, isLetter(s[k]) { k += 1 }
    if k > 0, k + 1 < s.count, s[k] == colon, s[k + 1] == UInt8(ascii: "=") {
      if text(0, k).lowercased() == "msoxl" { odf = false }
      i = k + 2
    } else if peek == UInt8(ascii: "=") {
      i = 1
    }
  }

  mutating func parseFormula() throws(FormulaSyntaxError) -> FormulaExpression {
    let e = try parseExpression()
    if i < s.count { throw unexpected(after: e) }
    return e
  }

  /// The error for a character where an operator, separator or end was expected.
  func unexpected(after e: FormulaExpression) -> FormulaSyntaxError {
    if case .spaced(_, _, let trail) = e, !trail.isEmpty {
      return error(
        "the intersection operator (a space between references) is not supported",
        .unsupportedSyntax)
    }
    if let c = peek, c == UInt8(ascii: ",") || c == UInt8(ascii: "~") {
      return error("the union operator is not supported", .unsupportedSyntax)
    }
    return error("unexpected \(describeHere)")
  }

  mutating func parseExpression() throws(FormulaSyntaxError) -> FormulaExpression {
    try parseBinary(1)
  }

  mutating func parseBinary(_ minPrecedence: Int) throws(FormulaSyntaxError) -> FormulaExpression {
    var lhs = try parseUnary()
    while let (op, length) = peekOperator(), op.precedence >= minPrecedence {
      i += length
      let rhs = try parseBinary(op.precedence + 1)
      lhs = .binary(op, lhs, rhs)
    }
    return lhs
  }

  func peekOperator() -> (BinaryOperator, Int)? {
    guard let c = peek else { return nil }
    switch c {
    case UInt8(ascii: "+"): return (.add, 1)
    case UInt8(ascii: "-"): return (.subtract, 1)
    case UInt8(ascii: "*"): return (.multiply, 1)
    case UInt8(ascii: "/"): return (.divide, 1)
    case UInt8(ascii: "^"): return (.power, 1)
    case UInt8(ascii: "&"): return (.concatenate, 1)
    case UInt8(ascii: "="): return (.equal, 1)
    case UInt8(ascii: "<"):
      if peek(1) == UInt8(ascii: ">") { return (.notEqual, 2) }
      if peek(1) == UInt8(ascii: "=") { return (.lessOrEqual, 2) }
      return (.less, 1)
    case UInt8(ascii: ">"):
      if peek(1) == UInt8(ascii: "=") { return (.greaterOrEqual, 2) }
      return (.greater, 1)
    default: return nil
    }
  }

  mutating func whitespace() -> String {
    let start = i
    while i < s.count, isSpace(s[i]) { i += 1 }
    return start == i ? "" : text(start, i)
  }

  mutating func parseUnary() throws(FormulaSyntaxError) -> FormulaExpression {
    depth += 1
    defer { depth -= 1 }
    if depth > maxDepth {
      throw error("the formula nests deeper than \(maxDepth) levels", .tooDeep)
    }
    let lead = whitespace()
    var e: FormulaExpression
    if let c = peek, c == UInt8(ascii: "-") || c == UInt8(ascii: "+") {
      i += 1
      e = .prefix(c == UInt8(ascii: "-") ? .minus : .plus, try parseUnary())
    } else {
      e = try parsePrimary()
      while let c = peek {
        if c == colon {
          // The range operator joins references (`A1:INDEX(…)`), not literals.
          guard Parser.canBeReference(e) else {
            throw error("«:» after a value that is not a reference")
          }
          i += 1
          let right = try parsePrimary()
          guard Parser.canBeReference(right) else {
            throw error("«:» before a value that is not a reference")
          }
          e = .binary(.range, e, right)
        } else if c == UInt8(ascii: "%") {
          i += 1
          e = .percent(e)
        } else {
          break
        }
      }
    }
    var trail = whitespace()
    // `400  %`: a percent sign after spaces.
    while peek == UInt8(ascii: "%") {
      e = .percent(.spaced(lead, e, trail))
      i += 1
      trail = whitespace()
      return trail.isEmpty ? e : .spaced("", e, trail)
    }
    if !lead.isEmpty || !trail.isEmpty { e = .spaced(lead, e, trail) }
    return e
  }

  mutating func parsePrimary() throws(FormulaSyntaxError) -> FormulaExpression {
    guard let c = peek else { throw error("a value is missing at the end of the formula") }
    switch c {
    case openParen:
      i += 1
      let inner = try parseExpression()
      guard peek == closeParen else {
        if i < s.count, s[i] == argumentSeparator || s[i] == UInt8(ascii: "~") {
          throw error("the union operator is not supported", .unsupportedSyntax)
        }
        throw i < s.count ? unexpected(after: inner) : error("a «)» is missing")
      }
      i += 1
      return .parenthesized(inner)
    case quote:
      return .text(try parseString())
    case hash:
      return .error(try parseErrorLiteral())
    case UInt8(ascii: "{"):
      return try parseArray()
    case apostrophe:
      if odf {
        // A quoted function name (`'GCD_ADD'(16;32)`, LibreOffice add-ins).
        let start = i
        _ = try parseQuoted()
        guard peek == openParen else { throw error("unexpected \(describeHere)") }
        let name = text(start, i)
        i += 1
        return .function(name: name, arguments: try parseArguments())
      }
      let name = try parseQuoted()
      return try parseAfterSheet(workbookAndSheet: name, quoted: true)
    case openBracket:
      return odf ? try parseODFReference() : try parseExternalOOXML()
    default:
      if isDigit(c) || c == dot { return try parseNumberOrRows() }
      if isWordChar(c) { return try parseWord() }
      throw error("unexpected \(describeHere)")
    }
  }

  mutating func parseString() throws(FormulaSyntaxError) -> String {
    try parseDelimited(by: quote, what: "a string")
  }

  /// A quoted name, `'It''s'`, unescaped.
  mutating func parseQuoted() throws(FormulaSyntaxError) -> String {
    try parseDelimited(by: apostrophe, what: "a quoted name")
  }

  /// Text between two `delimiter`s, a doubled delimiter standing for one.
  private mutating func parseDelimited(by delimiter: UInt8, what: String) throws(FormulaSyntaxError) -> String {
    i += 1
    var bytes: [UInt8] = []
    while i < s.count {
      if s[i] == delimiter {
        if peek(1) == delimiter {
          bytes.append(delimiter)
          i += 2
          continue
        }
        i += 1
        return String(decoding: bytes, as: UTF8.self)
      }
      bytes.append(s[i])
      i += 1
    }
    throw error("\(what) is not closed")
  }

  mutating func parseErrorLiteral() throws(FormulaSyntaxError) -> String {
    for literal in FormulaParser.errorLiterals where i + literal.count <= s.count {
      var match = true
      for k in 0..<literal.count
      where (s[i + k] | (isLetter(s[i + k]) ? 0x20 : 0))
        != (literal[k] | (isLetter(literal[k]) ? 0x20 : 0))
      {
        match = false
        break
      }
      if match {
        i += literal.count
        return String(decoding: literal, as: UTF8.self)
      }
    }
    throw error("unknown error value \(describeHere)")
  }

  mutating func parseArray() throws(FormulaSyntaxError) -> FormulaExpression {
    i += 1
    let columnSeparator = odf ? UInt8(ascii: ";") : UInt8(ascii: ",")
    let rowSeparator = odf ? UInt8(ascii: "|") : UInt8(ascii: ";")
    var rows: [[FormulaExpression]] = []
    var row: [FormulaExpression] = []
    while true {
      row.append(try parseUnary())
      guard let c = peek else { throw error("an array constant is not closed") }
      i += 1
      if c == columnSeparator { continue }
      if c == rowSeparator {
        rows.append(row)
        row = []
        continue
      }
      if c == UInt8(ascii: "}") {
        rows.append(row)
        return .array(rows)
      }
      i -= 1
      throw error("unexpected \(describeHere) in an array constant")
    }
  }

  mutating func parseNumberOrRows() throws(FormulaSyntaxError) -> FormulaExpression {
    let start = i
    while i < s.count, isDigit(s[i]) { i += 1 }
    // A row range `3:5`.
    if i > start, peek == colon, !odf {
      let save = i
      if let first = rowPart(start, i) {
        i += 1
        let secondStart = i
        if peek == dollar { i += 1 }
        while i < s.count, isDigit(s[i]) { i += 1 }
        if let second = rowPart(secondStart, i), i == s.count || !isWordChar(s[i]) {
          return .reference(FormulaReference(start: first, end: second))
        }
      }
      i = save
    }
    if peek == dot {
      i += 1
      while i < s.count, isDigit(s[i]) { i += 1 }
    }
    if let e = peek, e | 0x20 == UInt8(ascii: "e") {
      var k = i + 1
      if k < s.count, s[k] == UInt8(ascii: "+") || s[k] == UInt8(ascii: "-") { k += 1 }
      if k < s.count, isDigit(s[k]) {
        i = k
        while i < s.count, isDigit(s[i]) { i += 1 }
      }
    }
    guard let value = Double(text(start, i)) else {
      throw error("«\(text(start, i))» is not a number")
    }
    return .number(value)
  }

  /// A row part `5` or `$5` spanning `a..<b`.
  func rowPart(_ a: Int, _ b: Int) -> ReferencePart? {
    var k = a
    var absolute = false
    if k < b, s[k] == dollar {
      absolute = true
      k += 1
    }
    guard k < b, b - k <= 7 else { return nil }
    var row = 0
    while k < b {
      guard isDigit(s[k]) else { return nil }
      row = row * 10 + Int(s[k] - 0x30)
      k += 1
    }
    guard row >= 1, row <= Int(CellReference.maxRows) else { return nil }
    return ReferencePart(column: nil, row: Int32(row - 1), rowAbsolute: absolute)
  }

  /// A reference part in `a..<b`: `$B$7`, `B7`, `B` or `$7` (A1 form).
  func referencePart(_ a: Int, _ b: Int) -> ReferencePart? {
    var k = a
    var columnAbsolute = false
    if k < b, s[k] == dollar {
      columnAbsolute = true
      k += 1
    }
    var column = 0
    var letters = 0
    while k < b, isLetter(s[k]), letters < 4 {
      column = column * 26 + Int((s[k] | 0x20) - 0x60)
      letters += 1
      k += 1
    }
    if letters == 0 { return rowPart(a, b) }
    guard letters <= 3, column <= Int(CellReference.maxColumns) else { return nil }
    if k == b {
      return ReferencePart(column: Int32(column - 1), row: nil, columnAbsolute: columnAbsolute)
    }
    guard var row = rowPart(k, b) else { return nil }
    row.column = Int32(column - 1)
    row.columnAbsolute = columnAbsolute
    return row
  }

  /// Scans a word at `i` and returns its bounds.
  mutating func scanWord() -> (Int, Int) {
    let start = i
    while i < s.count, isWordChar(s[i]) { i += 1 }
    return (start, i)
  }

  /// A reference after its sheet part, or a range `A1:B2`, `A:B`, `3:5` starting with the word
  /// `a..<b`; nil when the word is not one.
  mutating func referenceFrom(_ a: Int, _ b: Int) -> (ReferencePart, ReferencePart?)? {
    guard let first = referencePart(a, b) else { return nil }
    if peek == colon {
      let save = i
      i += 1
      let (c, d) = scanWord()
      if let second = referencePart(c, d), (second.column == nil) == (first.column == nil),
        (second.row == nil) == (first.row == nil), peek != openParen, peek != bang
      {
        return (first, second)
      }
      i = save
    }
    guard first.column != nil, first.row != nil else { return nil }
    return (first, nil)
  }

  mutating func parseWord() throws(FormulaSyntaxError) -> FormulaExpression {
    let (a, b) = scanWord()
    let word = text(a, b)
    if peek == openParen {
      i += 1
      let arguments = try parseArguments()
      if odf, arguments.isEmpty, word.uppercased() == "TRUE" || word.uppercased() == "FALSE" {
        return .bool(word.uppercased() == "TRUE")
      }
      return .function(name: word, arguments: arguments)
    }
    if !odf {
      if peek == bang { return try parseAfterSheet(workbookAndSheet: word, quoted: false) }
      if peek == colon {
        // A 3-D reference `Sheet1:Sheet3!A1`?
        let save = i
        i += 1
        var last: String?
        if peek == apostrophe {
          last = try? parseQuoted()
        } else {
          let (c, d) = scanWord()
          if d > c { last = text(c, d) }
        }
        if let last, peek == bang {
          i += 1
          return try parseSheetReference(workbook: nil, sheet: word, lastSheet: last)
        }
        i = save
      }
    }
    if peek == openBracket, referencePart(a, b).map({ $0.row == nil || $0.column == nil }) ?? true {
      return .opaque(kind: .structuredReference, text: word + (try scanBrackets()))
    }
    if let (first, second) = referenceFrom(a, b) {
      return .reference(FormulaReference(start: first, end: second))
    }
    switch word.uppercased() {
    case "TRUE": return .bool(true)
    case "FALSE": return .bool(false)
    default: return .name(word)
    }
  }

  /// A balanced `[…]` group, returned verbatim.
  mutating func scanBrackets() throws(FormulaSyntaxError) -> String {
    let start = i
    var level = 0
    while i < s.count {
      if s[i] == apostrophe, level > 0 {
        // Excel escapes brackets in table names with `'`.
        i += 2
        continue
      }
      if s[i] == openBracket { level += 1 }
      if s[i] == closeBracket {
        level -= 1
        if level == 0 {
          i += 1
          return text(start, i)
        }
      }
      i += 1
    }
    i = start
    throw error("a «[» is not closed")
  }

  mutating func parseArguments() throws(FormulaSyntaxError) -> [FormulaExpression] {
    let save = i
    _ = whitespace()
    if peek == closeParen {
      i += 1
      return []
    }
    i = save
    var arguments: [FormulaExpression] = []
    while true {
      let lead = whitespace()
      if let c = peek, c == argumentSeparator || c == closeParen {
        arguments.append(lead.isEmpty ? .missing : .spaced(lead, .missing, ""))
      } else {
        i -= lead.utf8.count
        arguments.append(try parseExpression())
      }
      guard let c = peek else { throw error("a «)» is missing") }
      if c == argumentSeparator {
        i += 1
        continue
      }
      if c == closeParen {
        i += 1
        return arguments
      }
      throw unexpected(after: arguments[arguments.count - 1])
    }
  }

  /// OOXML: `[1]Sheet1!A1`, `['file:///x.xlsx']Sheet1!A1`, `[1]!Name`.
  mutating func parseExternalOOXML() throws(FormulaSyntaxError) -> FormulaExpression {
    let bracket: String
    if peek(1) == apostrophe {
      // `['file:///x.xlsx']`: a quoted path may hold brackets.
      let start = i
      i += 1
      _ = try parseQuoted()
      guard peek == closeBracket else { throw error("«]» expected after a quoted workbook name") }
      i += 1
      bracket = text(start, i)
    } else {
      bracket = try scanBrackets()
    }
    let workbook = String(bracket.dropFirst().dropLast())
    if peek == bang {
      i += 1
      let (a, b) = scanWord()
      return .name(bracket + "!" + text(a, b))
    }
    let sheet: String
    if peek == apostrophe {
      sheet = try parseQuoted()
    } else {
      let (a, b) = scanWord()
      sheet = text(a, b)
    }
    guard peek == bang else { throw error("«!» expected after an external workbook's sheet") }
    i += 1
    return try parseSheetReference(workbook: workbook, sheet: sheet, lastSheet: nil)
  }

  /// After `Sheet1` or `'My sheet'`: `!A1`, or `:Sheet3!A1` when quoted.
  mutating func parseAfterSheet(workbookAndSheet name: String, quoted: Bool)
    throws(FormulaSyntaxError)
    -> FormulaExpression
  {
    var workbook: String?
    var sheet = name
    if quoted, sheet.hasPrefix("["), let close = sheet.firstIndex(of: "]") {
      workbook = String(sheet[sheet.index(after: sheet.startIndex)..<close])
      sheet = String(sheet[sheet.index(after: close)...])
    }
    var last: String?
    // `'Sheet 1:Sheet 3'!A1`: a 3-D span quoted as one (sheet names cannot hold `:`).
    if quoted, let split = sheet.firstIndex(of: ":") {
      last = String(sheet[sheet.index(after: split)...])
      sheet = String(sheet[..<split])
    }
    if quoted, last == nil, peek == colon {
      i += 1
      if peek == apostrophe {
        last = try parseQuoted()
      } else {
        let (a, b) = scanWord()
        last = text(a, b)
      }
    }
    guard peek == bang else { throw error("«!» expected after the sheet name «\(name)»") }
    i += 1
    return try parseSheetReference(workbook: workbook, sheet: sheet, lastSheet: last)
  }

  mutating func parseSheetReference(workbook: String?, sheet: String, lastSheet: String?)
    throws(FormulaSyntaxError) -> FormulaExpression
  {
    if peek == hash {
      return .error(try parseErrorLiteral())
    }
    let (a, b) = scanWord()
    guard b > a else { throw error("a reference is missing after «\(sheet)!»") }
    if let (first, second) = referenceFrom(a, b), peek != openParen {
      return .reference(
        FormulaReference(
          workbook: workbook, sheet: sheet, lastSheet: lastSheet, start: first, end: second))
    }
    // A sheet-scoped name: kept with its sheet, as written.
    let prefix = FormulaPrinter.ooxmlSheetPrefix(
      workbook: workbook, sheet: sheet, lastSheet: lastSheet)
    return .name(prefix + text(a, b))
  }

  /// ODF: `[.A1]`, `[.A1:.B2]`, `[$Sheet1.A1]`, `['My sheet'.A1:.B2]`, `[Sheet1.A1:Sheet3.B2]`,
  /// `[.A:.A]`, `[.3:.5]`, `['file:///x.ods'#$Sheet1.A1]`; anything else in brackets is kept
  /// as an ``OpaqueKind/odfLabel``.
  mutating func parseODFReference() throws(FormulaSyntaxError) -> FormulaExpression {
    let start = i
    let whole = try scanBrackets()
    let end = i
    if whole.contains("#REF!") { return .error("#REF!") }
    i = start + 1
    if let reference = odfReferenceBody(end: end - 1), i == end - 1 {
      i = end
      return .reference(reference)
    }
    i = end
    return .opaque(kind: .odfLabel, text: whole)
  }

  /// One `$Sheet.A1` address: the sheet (nil when absent), whether `$`-anchored, the part.
  mutating func odfAddress(end: Int) -> (sheet: String?, absolute: Bool, part: ReferencePart)? {
    var sheet: String?
    var absolute = false
    if i < end, s[i] == dollar {
      absolute = true
      i += 1
    }
    if i < end, s[i] == apostrophe {
      guard let name = try? parseQuoted() else { return nil }
      sheet = name
    } else if i < end, s[i] != dot {
      let a = i
      while i < end, s[i] != dot, s[i] != colon { i += 1 }
      sheet = text(a, i)
    }
    guard i < end, s[i] == dot else { return nil }
    i += 1
    let a = i
    while i < end, s[i] == dollar || isLetter(s[i]) || isDigit(s[i]) { i += 1 }
    guard let part = referencePart(a, i) else { return nil }
    return (sheet, absolute, part)
  }

  mutating func odfReferenceBody(end: Int) -> FormulaReference? {
    var workbook: String?
    if i < end, s[i] == apostrophe {
      let save = i
      if let name = try? parseQuoted(), i < end, s[i] == hash {
        workbook = "'" + doubling(name, "'") + "'"
        i += 1
      } else {
        i = save
      }
    }
    guard let first = odfAddress(end: end) else { return nil }
    var reference = FormulaReference(
      workbook: workbook, sheet: first.sheet, start: first.part, sheetAbsolute: first.absolute)
    if i < end, s[i] == colon {
      i += 1
      guard let second = odfAddress(end: end) else { return nil }
      guard (second.part.column == nil) == (first.part.column == nil),
        (second.part.row == nil) == (first.part.row == nil)
      else { return nil }
      reference.end = second.part
      if let other = second.sheet, other != first.sheet { reference.lastSheet = other }
    } else if first.part.column == nil || first.part.row == nil {
      return nil
    }
    return reference
  }
}

/// `text` with every `quoteCharacter` doubled, as quoted names and strings escape it.
func doubling(_ text: String, _ quoteCharacter: Character) -> String {
  guard text.contains(quoteCharacter) else { return text }
  var out = ""
  for c in text {
    out.append(c)
    if c == quoteCharacter { out.append(c) }
  }
  return out
}
