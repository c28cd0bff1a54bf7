import Workbook

/// Translates a workbook's formulas and defined names into the dialect of the format it is to be
/// written as, before a writer is called (design.md: "Formula text keeps its dialect").
///
/// Each formula is parsed in its dialect and printed in the target's (`SUM(B2:B5)` ↔
/// `of:=SUM([.B2:.B5])`); function names that carry a dialect's prefix are renamed
/// (`_xlfn.IFS` ↔ `COM.MICROSOFT.IFS`, `_xlfn.STDEV.S` → `STDEV.S`). A formula that does not
/// parse, or holds what the other dialect cannot say (an Excel table reference, an ODF label, a
/// reference into another file), is dropped: the cell keeps its cached value, and the formula
/// is listed in ``Result/formulasAsValues``. A formula with no cached value that cannot be
/// carried keeps its text as the cell's value, so no cell is lost.
public enum WorkbookTranslation {
  /// A formula written as its value, and why.
  public struct Untranslated: Sendable, Equatable {
    public var sheet: String
    public var cell: CellReference
    /// The formula as it was written in the source.
    public var formula: String
    public var reason: String
  }

  /// A defined name the target cannot carry.
  public struct UntranslatedName: Sendable, Equatable {
    public var name: String
    public var formula: String
    public var reason: String
  }

  public struct Result: Sendable {
    public var workbook: Workbook
    /// Formulas kept as formulas.
    public var formulasKept = 0
    public var formulasAsValues: [Untranslated] = []
    public var namesDropped: [UntranslatedName] = []
  }

  /// `workbook` with its formulas and names in `format`'s dialect.
  public static func translate(_ workbook: Workbook, to format: SpreadsheetFormat, limits: FormulaLimits = .default)
    -> Result
  {
    let target: CellFormula.Dialect = format == .xlsx ? .ooxml : .odf
    var out = workbook
    out.format = format
    var result = Result(workbook: workbook)
    // A bare name is a table's only when no defined name has it.
    let definedNames = workbook.tables.isEmpty ? [] : Set(workbook.definedNames.map { $0.name.lowercased() })
    for s in out.sheets.indices {
      let sheet = out.sheets[s]
      guard !sheet.formulas.isEmpty else { continue }
      var translator = SheetTranslator(
        target: target, limits: limits, tables: workbook.tables, sheetIndex: s, sheetNames: workbook.sheets.map(\.name),
        definedNames: definedNames)
      var formulas: [CellReference: CellFormula] = [:]
      formulas.reserveCapacity(sheet.formulas.count)
      var textValues: [CellReference: String] = [:]
      for (reference, formula) in sheet.formulas {
        switch translator.translate(formula, at: reference) {
        case .text(let translated):
          formulas[reference] = translated
          result.formulasKept += 1
        case .failure(let reason):
          result.formulasAsValues.append(
            Untranslated(sheet: sheet.name, cell: reference, formula: formula.text, reason: reason))
          if sheet.cell(at: reference)?.value == nil { textValues[reference] = formula.text }
        }
      }
      out.sheets[s].formulas = formulas
      if !textValues.isEmpty {
        for i in out.sheets[s].cells.indices {
          if let t = textValues[out.sheets[s].cells[i].reference] { out.sheets[s].cells[i].value = .text(t) }
        }
      }
    }
    result.formulasAsValues.sort { ($0.sheet, $0.cell) < ($1.sheet, $1.cell) }
    out.definedNames = []
    for name in workbook.definedNames {
      switch translateName(name.formula, from: workbook.format, to: format, limits: limits) {
      case .text(let text):
        var copy = name
        copy.formula = text
        out.definedNames.append(copy)
      case .failure(let reason):
        result.namesDropped.append(UntranslatedName(name: name.name, formula: name.formula, reason: reason))
      }
    }
    result.workbook = out
    return result
  }

  /// `workbook` with its formulas that name Excel tables (`SUM(Articles[Montant])`,
  /// `Articles[[#This Row],[Prix]]`) rewritten over plain ranges, in their own dialect, so that a
  /// reader of ranges sees what they add up. A formula that does not resolve is kept as it was.
  public static func resolvingTables(in workbook: Workbook, limits: FormulaLimits = .default) -> Workbook {
    guard !workbook.tables.isEmpty else { return workbook }
    var out = workbook
    let definedNames = Set(workbook.definedNames.map { $0.name.lowercased() })
    let tableNames = workbook.tables.map { $0.name.lowercased() }
    let sheetNames = workbook.sheets.map(\.name)
    for s in out.sheets.indices {
      for (reference, formula) in workbook.sheets[s].formulas {
        // Only formulas that may name a table: a bracket, or a table's bare name.
        let lower = formula.text.lowercased()
        guard formula.text.utf8.contains(UInt8(ascii: "[")) || tableNames.contains(where: { lower.contains($0) }) else {
          continue
        }
        if case .text(let text) = translateText(
          formula, to: formula.dialect, limits: limits, tables: workbook.tables, sheetIndex: s, cell: reference,
          sheetNames: sheetNames, definedNames: definedNames)
        {
          out.sheets[s].formulas[reference] = CellFormula(text: text, dialect: formula.dialect, arrayRange: formula.arrayRange)
        }
      }
    }
    return out
  }

  enum Result2: Sendable {
    case text(String)
    case failure(String)
  }

  /// One sheet's formulas translated one by one, each as it would be alone (the memo and the
  /// row shapes only save work).
  struct SheetTranslator {
    let target: CellFormula.Dialect
    let limits: FormulaLimits
    let tables: [TableDefinition]
    let sheetIndex: Int
    let sheetNames: [String]
    let definedNames: Set<String>
    // The same text recurs down a column (shared formulas): translated once.
    private var memo: [String: Result2] = [:]
    // Past 4,096 texts with few repeats (each row's formula names its own row), remembering
    // costs more than it saves.
    private var hits = 0
    // Formulas that differ only in their row numbers (`B5+C5`, `B6+C6`) translate alike:
    // translated once per shape, the others filled in (see ``RowShape``). Not with tables,
    // whose references may depend on the cell.
    private var shapes: [[UInt8]: RowShape.Template?] = [:]

    init(
      target: CellFormula.Dialect, limits: FormulaLimits, tables: [TableDefinition], sheetIndex: Int,
      sheetNames: [String], definedNames: Set<String>
    ) {
      self.target = target
      self.limits = limits
      self.tables = tables
      self.sheetIndex = sheetIndex
      self.sheetNames = sheetNames
      self.definedNames = definedNames
    }

    /// The formula in the target's dialect, or why it cannot be.
    enum Outcome {
      case text(CellFormula)
      case failure(String)
    }

    mutating func translate(_ formula: CellFormula, at reference: CellReference) -> Outcome {
      if formula.dialect == target { return .text(formula) }
      let translated: Result2
      let shape = tables.isEmpty ? RowShape(formula.text) : nil
      if !memo.isEmpty, let known = memo[formula.text] {
        translated = known
        hits += 1
      } else if let shape, let known = shapes[shape.key], let template = known {
        translated = .text(template.filled(with: shape))
      } else {
        translated = translateText(
          formula, to: target, limits: limits, tables: tables, sheetIndex: sheetIndex, cell: reference,
          sheetNames: sheetNames, definedNames: definedNames)
        // A table reference to "this row" depends on the cell: not remembered.
        let worthIt = memo.count < 4096 || hits * 4 >= memo.count
        if worthIt, !formula.text.utf8.contains(UInt8(ascii: "[")) { memo[formula.text] = translated }
        if let shape, shapes[shape.key] == nil, shapes.count < 65_536 {
          if case .text(let text) = translated {
            shapes[shape.key] = .some(RowShape.Template(text, of: shape))
          } else {
            shapes[shape.key] = .some(nil)
          }
        }
      }
      switch translated {
      case .text(let text): return .text(CellFormula(text: text, dialect: target, arrayRange: formula.arrayRange))
      case .failure(let reason): return .failure(reason)
      }
    }
  }

  static func translateText(
    _ formula: CellFormula, to target: CellFormula.Dialect, limits: FormulaLimits, tables: [TableDefinition] = [],
    sheetIndex: Int = 0, cell: CellReference = CellReference(row: 0, column: 0), sheetNames: [String] = [],
    definedNames: Set<String> = []
  ) -> Result2 {
    var expression: FormulaExpression
    do {
      expression = try FormulaParser.parse(formula, limits: limits)
    } catch {
      return .failure(error.message)
    }
    if !tables.isEmpty {
      expression = resolvingTables(expression) {
        // A bare name (`SUM(Articles)`, ODF `ROW(table)`) is the table's data, unless a defined
        // name has it.
        if !$0.contains("["), definedNames.contains($0.lowercased()) { return nil }
        return StructuredReferences.resolve(
          $0, tables: tables, sheetIndex: sheetIndex, sheetName: sheetNames.indices.contains(sheetIndex) ? sheetNames[sheetIndex] : "",
          cell: cell, sheetNames: sheetNames)
      }
    }
    if let reason = untranslatable(expression) { return .failure(reason) }
    return .text(FormulaPrinter.print(renamed(expression, to: target), dialect: target))
  }

  /// A defined name's formula in the target's spelling: OOXML text (`Plan!$B$5:$B$9`) or, for
  /// ODS, a cell range address (`$Plan.$B$5:.$B$9`, a `table:named-range`) or an expression
  /// (`of:=…`, a `table:named-expression`).
  static func translateName(
    _ text: String, from source: SpreadsheetFormat, to target: SpreadsheetFormat, limits: FormulaLimits
  ) -> Result2 {
    if source == target { return .text(text) }
    let expression: FormulaExpression
    do {
      if source == .xlsx {
        expression = try FormulaParser.parse(text, dialect: .ooxml, limits: limits)
      } else if text.hasPrefix("of:") || text.hasPrefix("oooc:") || text.hasPrefix("=") {
        expression = try FormulaParser.parse(text.hasPrefix("=") ? "of:" + text : text, dialect: .odf, limits: limits)
      } else {
        expression = try FormulaParser.parse("of:=[" + text + "]", dialect: .odf, limits: limits)
      }
    } catch {
      return .failure(error.message)
    }
    if let reason = untranslatable(expression) { return .failure(reason) }
    let renamedExpression = renamed(expression, to: target == .xlsx ? .ooxml : .odf)
    if target == .xlsx { return .text(FormulaPrinter.print(renamedExpression, dialect: .ooxml)) }
    if case .reference(var r) = renamedExpression.unwrapped, r.sheet != nil {
      // OOXML names point at their sheet absolutely; an ODF range with a relative sheet would
      // move with the base cell's sheet.
      r.sheetAbsolute = true
      let printed = FormulaPrinter.print(.reference(r), dialect: .odf)  // of:=[$Plan.$B$5:.$B$9]
      return .text(String(printed.dropFirst(5).dropLast()))
    }
    return .text(FormulaPrinter.print(renamedExpression, dialect: .odf))
  }

  /// Why the other dialect cannot say this expression, or nil.
  static func untranslatable(_ e: FormulaExpression) -> String? {
    var stack = [e]
    while let node = stack.popLast() {
      switch node {
      case .opaque(let kind, let text):
        return kind == .structuredReference
          ? "an Excel table reference («\(text)») has no OpenDocument form"
          : "an OpenDocument label («\(text)») has no OOXML form"
      case .reference(let r):
        if r.workbook != nil { return "a reference into another file is not carried" }
      case .function(_, let arguments): stack.append(contentsOf: arguments)
      case .prefix(_, let x), .percent(let x), .parenthesized(let x), .spaced(_, let x, _): stack.append(x)
      case .binary(_, let l, let r):
        stack.append(l)
        stack.append(r)
      case .array(let rows): for row in rows { stack.append(contentsOf: row) }
      default: break
      }
    }
    return nil
  }

  /// Functions that the dialects spell with a prefix: Excel's `_xlfn.` for functions added
  /// since 2010, which LibreOffice names `COM.MICROSOFT.` when it has no name of its own.
  static let microsoftOnly: Set<String> = [
    "AGGREGATE", "ENCODEURL", "IFS", "SWITCH", "CONCAT", "TEXTJOIN", "MAXIFS", "MINIFS", "XLOOKUP", "XMATCH", "FILTER", "SORT", "SORTBY",
    "UNIQUE", "SEQUENCE", "RANDARRAY", "LET", "LAMBDA",
  ]

  /// `e` with each table reference that `resolve` gives a range for replaced by it.
  static func resolvingTables(_ e: FormulaExpression, _ resolve: (String) -> FormulaExpression?) -> FormulaExpression {
    switch e {
    case .opaque(.structuredReference, let text): return resolve(text) ?? e
    case .name(let text): return resolve(text) ?? e
    case .function(let name, let arguments):
      return .function(name: name, arguments: arguments.map { resolvingTables($0, resolve) })
    case .prefix(let op, let x): return .prefix(op, resolvingTables(x, resolve))
    case .percent(let x): return .percent(resolvingTables(x, resolve))
    case .parenthesized(let x): return .parenthesized(resolvingTables(x, resolve))
    case .spaced(let a, let x, let b): return .spaced(a, resolvingTables(x, resolve), b)
    case .binary(let op, let l, let r):
      var spine: [(BinaryOperator, FormulaExpression)] = [(op, resolvingTables(r, resolve))]
      var node = l
      while case .binary(let o, let ll, let rr) = node {
        spine.append((o, resolvingTables(rr, resolve)))
        node = ll
      }
      var acc = resolvingTables(node, resolve)
      for (o, right) in spine.reversed() { acc = .binary(o, acc, right) }
      return acc
    case .array(let rows): return .array(rows.map { $0.map { resolvingTables($0, resolve) } })
    default: return e
    }
  }

  static func renamed(_ e: FormulaExpression, to target: CellFormula.Dialect) -> FormulaExpression {
    switch e {
    case .function(let name, let arguments):
      let args = arguments.map { renamed($0, to: target) }
      // Excel's implicit intersection (`@x`, stored `_xlfn.SINGLE(x)`) is what ODF does anyway.
      if target == .odf, args.count == 1, name.uppercased() == "_XLFN.SINGLE" { return args[0] }
      return .function(name: functionName(name, to: target), arguments: args)
    case .prefix(let op, let x): return .prefix(op, renamed(x, to: target))
    case .percent(let x): return .percent(renamed(x, to: target))
    case .parenthesized(let x): return .parenthesized(renamed(x, to: target))
    case .spaced(let a, let x, let b): return .spaced(a, renamed(x, to: target), b)
    case .binary(let op, let l, let r):
      // Iterate the left spine: long sums are thousands of levels deep.
      var spine: [(BinaryOperator, FormulaExpression)] = [(op, renamed(r, to: target))]
      var node = l
      while case .binary(let o, let ll, let rr) = node {
        spine.append((o, renamed(rr, to: target)))
        node = ll
      }
      var acc = renamed(node, to: target)
      for (o, right) in spine.reversed() { acc = .binary(o, acc, right) }
      return acc
    case .array(let rows): return .array(rows.map { $0.map { renamed($0, to: target) } })
    default: return e
    }
  }

  /// A function's name in `target`'s dialect, as LibreOffice 7.4 spells it converting between
  /// the two (checked on a sheet of every case below, both ways): Excel's newer functions carry
  /// `_xlfn.` in OOXML; in ODF those LibreOffice has as its own are bare (`_xlfn.DAYS` ↔ `DAYS`),
  /// the others `COM.MICROSOFT.` (`_xlfn.STDEV.S` ↔ `COM.MICROSOFT.STDEV.S`, and Excel's
  /// `CEILING`, `FLOOR`, `ISO.CEILING` without a prefix); Excel's legacy distributions are
  /// `LEGACY.` in ODF (`CHIDIST` ↔ `LEGACY.CHIDIST`); a few are renamed (`_xlfn.FORMULATEXT` ↔
  /// `FORMULA`, `_xlfn.SKEW.P` ↔ `SKEWP`).
  static func functionName(_ name: String, to target: CellFormula.Dialect) -> String {
    let upper = name.uppercased()
    if target == .odf {
      for prefix in ["_XLFN._XLWS.", "_XLFN.", "_XLWS."] where upper.hasPrefix(prefix) {
        let bare = String(name.dropFirst(prefix.count))
        let key = bare.uppercased()
        if let renamed = odfRenamed[key] { return renamed }
        if microsoftOnly.contains(key) || (key.contains(".") && !odfNative.contains(key)) {
          return "COM.MICROSOFT." + bare
        }
        return bare
      }
      if legacy.contains(upper) { return "LEGACY." + name }
      if microsoftUnprefixed.contains(upper) { return "COM.MICROSOFT." + name }
      return name
    }
    if upper.hasPrefix("COM.MICROSOFT.") {
      let bare = String(name.dropFirst(14))
      return microsoftUnprefixed.contains(bare.uppercased()) ? bare : "_xlfn." + bare
    }
    if upper.hasPrefix("LEGACY."), legacy.contains(String(upper.dropFirst(7))) { return String(name.dropFirst(7)) }
    if let renamed = ooxmlRenamed[upper] { return renamed }
    if excel2013.contains(upper) { return "_xlfn." + name }
    for prefix in ["ORG.OPENOFFICE.", "ORG.LIBREOFFICE."] where upper.hasPrefix(prefix) {
      return String(name.dropFirst(prefix.count))
    }
    return name
  }

  /// Excel's legacy distributions, `LEGACY.` in ODF.
  static let legacy: Set<String> = ["CHIDIST", "CHIINV", "CHITEST", "FDIST", "FINV", "NORMSDIST", "NORMSINV", "TDIST"]
  /// Excel functions without a prefix in OOXML that ODF names `COM.MICROSOFT.` (their Excel
  /// meaning differs from ODF's function of the same name).
  static let microsoftUnprefixed: Set<String> = ["CEILING", "FLOOR", "ISO.CEILING"]
  /// `_xlfn.` functions renamed in ODF, and back.
  static let odfRenamed: [String: String] = ["FORMULATEXT": "FORMULA", "SKEW.P": "SKEWP"]
  static let ooxmlRenamed: [String: String] = ["FORMULA": "_xlfn.FORMULATEXT", "SKEWP": "_xlfn.SKEW.P"]
  /// Dotted `_xlfn.` names that LibreOffice does not write as `COM.MICROSOFT.`.
  static let odfNative: Set<String> = ["NETWORKDAYS.INTL", "WORKDAY.INTL"]
  /// Functions of Excel 2013 that ODF has under the same name, bare, and OOXML with `_xlfn.`.
  static let excel2013: Set<String> = [
    "ACOT", "ACOTH", "ARABIC", "BASE", "BITAND", "BITLSHIFT", "BITOR", "BITRSHIFT", "BITXOR", "COMBINA", "COT",
    "COTH", "CSC", "CSCH", "DAYS", "DECIMAL", "GAMMA", "GAUSS", "IFNA", "IMCOSH", "IMCOT", "IMCSC", "IMCSCH",
    "IMSEC", "IMSECH", "IMSINH", "IMTAN", "ISFORMULA", "ISOWEEKNUM", "MUNIT", "NUMBERVALUE", "PDURATION",
    "PERMUTATIONA", "PHI", "RRI", "SEC", "SECH", "SHEET", "SHEETS", "UNICHAR", "UNICODE", "XOR",
  ]
}

/// A formula's text with its row numbers apart: `B5+C5` is the shape `B#+C#` and the runs
/// `5`, `5`. Two formulas of one shape translate alike, digit for digit, when every run of
/// digits is a row number or part of a name: right after a letter or `$`, at most six digits
/// (below the last row, 1,048,576), no leading zero. A number (`*1.2`), whose printed form may
/// change (`1.50` → `1.5`), gives no shape; neither does a text without digits (the memo of
/// whole texts covers it).
struct RowShape {
  /// The text with each digit replaced by `#` (the lengths of the runs are part of the shape).
  let key: [UInt8]
  /// The runs of digits, in order.
  let runs: [ArraySlice<UInt8>]

  init?(_ text: String) {
    let bytes = Array(text.utf8)
    var key = bytes
    var runs: [ArraySlice<UInt8>] = []
    var i = 0
    while i < bytes.count {
      guard Self.isDigit(bytes[i]) else {
        i += 1
        continue
      }
      guard i > 0, Self.isLetter(bytes[i - 1]) || bytes[i - 1] == UInt8(ascii: "$"), bytes[i] != UInt8(ascii: "0")
      else { return nil }
      let start = i
      while i < bytes.count, Self.isDigit(bytes[i]) {
        key[i] = UInt8(ascii: "#")
        i += 1
      }
      guard i - start <= 6 else { return nil }
      runs.append(bytes[start..<i])
    }
    guard !runs.isEmpty else { return nil }
    self.key = key
    self.runs = runs
  }

  static func isDigit(_ c: UInt8) -> Bool { c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }
  static func isLetter(_ c: UInt8) -> Bool {
    (c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z")) || (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z"))
  }

  /// A translation cut at the runs of its source: usable for the other formulas of the shape only
  /// when the translation holds the source's runs, and no other digits, in the same order.
  struct Template {
    /// The text between the runs (one more piece than runs).
    let pieces: [ArraySlice<UInt8>]

    init?(_ translated: String, of source: RowShape) {
      let bytes = Array(translated.utf8)
      var pieces: [ArraySlice<UInt8>] = []
      var start = 0
      var k = 0
      var i = 0
      while i < bytes.count {
        guard RowShape.isDigit(bytes[i]) else {
          i += 1
          continue
        }
        let runStart = i
        while i < bytes.count, RowShape.isDigit(bytes[i]) { i += 1 }
        guard k < source.runs.count, bytes[runStart..<i].elementsEqual(source.runs[k]) else { return nil }
        pieces.append(bytes[start..<runStart])
        start = i
        k += 1
      }
      guard k == source.runs.count else { return nil }
      pieces.append(bytes[start...])
      self.pieces = pieces
    }

    /// The translation of `shape`'s formula: the pieces around its runs.
    func filled(with shape: RowShape) -> String {
      var out: [UInt8] = []
      out.reserveCapacity(pieces.reduce(0) { $0 + $1.count } + shape.runs.reduce(0) { $0 + $1.count })
      for (k, run) in shape.runs.enumerated() {
        out.append(contentsOf: pieces[k])
        out.append(contentsOf: run)
      }
      out.append(contentsOf: pieces[shape.runs.count])
      return String(decoding: out, as: UTF8.self)
    }
  }
}
