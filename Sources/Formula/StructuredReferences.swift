import Workbook

/// Resolves Excel table references (ECMA-376 Part 1 §18.17.6.3, structured references) into
/// plain ranges, so that a formula such as `Articles[[#This Row],[Prix]]*2` can be written in
/// ODF, which has no tables: `[.D7]*2`.
///
/// Handled: `Table[Column]`, `Table[[Column]]`, `Table[[First]:[Last]]`, `Table[@Column]`,
/// `Table[[#This Row],[Column]]`, `Table[#All]`, `Table[#Data]`, `Table[#Headers]`,
/// `Table[#Totals]` with or without columns, `Table[]`, and `[@Column]` inside the table; the
/// `'` escapes of column names. Anything else is nil (the formula is then written as its value).
/// ODF formulas name LibreOffice's database ranges the same way (`table[[#data];[Prix]]`, items
/// separated by `;`); the ODS reader gives those ranges as tables, so they resolve too.
enum StructuredReferences {
  static func resolve(
    _ text: String, tables: [TableDefinition], sheetIndex: Int, sheetName: String, cell: CellReference,
    sheetNames: [String]
  ) -> FormulaExpression? {
    guard let open = text.firstIndex(of: "[") else {
      // A bare table name: its data.
      guard let t = tables.first(where: { $0.name.lowercased() == text.lowercased() }) else { return nil }
      return reference(t, rows: dataRows(t), columns: t.range.start.column...t.range.end.column, sheetIndex: sheetIndex, sheetNames: sheetNames)
    }
    let name = String(text[..<open])
    let table: TableDefinition?
    if name.isEmpty {
      table = tables.first { $0.sheetIndex == sheetIndex && $0.range.contains(cell) }
    } else {
      table = tables.first { $0.name.lowercased() == name.lowercased() }
    }
    guard let t = table else { return nil }
    guard let items = specifiers(String(text[open...])) else { return nil }
    // Several row items name the rows from the first to the last (`[[#Headers],[#Data]]`: the
    // header and the data); `#Totals` of a table without a totals row adds none, and alone it is
    // no range.
    var rows = dataRows(t)
    var named: ClosedRange<Int32>? = nil
    var missing = false
    func add(_ r: ClosedRange<Int32>) {
      named = named.map { min($0.lowerBound, r.lowerBound)...max($0.upperBound, r.upperBound) } ?? r
    }
    var firstColumn: Int32? = nil
    var lastColumn: Int32? = nil
    for item in items {
      switch item.lowercased() {
      case "#all":
        add(t.range.start.row...t.range.end.row)
      case "#data":
        add(dataRows(t))
      case "#headers":
        if t.headerRows > 0 { add(t.range.start.row...t.range.start.row) } else { missing = true }
      case "#totals":
        if t.totalsRows > 0 { add(t.range.end.row...t.range.end.row) } else { missing = true }
      case "#this row", "@":
        guard cell.row >= t.range.start.row, cell.row <= t.range.end.row else { return nil }
        add(cell.row...cell.row)
      default:
        var columnText = item
        if columnText.hasPrefix("@") {
          guard cell.row >= t.range.start.row, cell.row <= t.range.end.row else { return nil }
          add(cell.row...cell.row)
          columnText.removeFirst()
        }
        // `[First]:[Last]` arrives as "First]:[Last".
        var parts: [String] = [columnText]
        let chars = Array(columnText)
        for k in 0..<max(0, chars.count - 2) where chars[k] == "]" && chars[k + 1] == ":" && chars[k + 2] == "[" {
          parts = [String(chars[..<k]), String(chars[(k + 3)...])]
          break
        }
        var indices: [Int32] = []
        for p in parts {
          guard let k = t.columns.firstIndex(where: { $0.lowercased() == unescaped(p).lowercased() }) else { return nil }
          indices.append(t.range.start.column + Int32(k))
        }
        firstColumn = indices.first
        lastColumn = indices.last
      }
    }
    if let named {
      rows = named
    } else if missing {
      return nil
    }
    let columns = (firstColumn ?? t.range.start.column)...(lastColumn ?? t.range.end.column)
    return reference(t, rows: rows, columns: columns, sheetIndex: sheetIndex, sheetNames: sheetNames)
  }

  private static func dataRows(_ t: TableDefinition) -> ClosedRange<Int32> {
    let first = t.range.start.row + Int32(max(0, t.headerRows))
    let last = t.range.end.row - Int32(max(0, t.totalsRows))
    return first...max(first, last)
  }

  private static func reference(
    _ t: TableDefinition, rows: ClosedRange<Int32>, columns: ClosedRange<Int32>, sheetIndex: Int, sheetNames: [String]
  ) -> FormulaExpression {
    let start = ReferencePart(column: columns.lowerBound, row: rows.lowerBound, columnAbsolute: true, rowAbsolute: true)
    let end = ReferencePart(column: columns.upperBound, row: rows.upperBound, columnAbsolute: true, rowAbsolute: true)
    let sheet = t.sheetIndex != sheetIndex && t.sheetIndex < sheetNames.count ? sheetNames[t.sheetIndex] : nil
    return .reference(
      FormulaReference(sheet: sheet, start: start, end: start == end ? nil : end, sheetAbsolute: sheet != nil))
  }

  /// `[[#This Row],[Prix]]` → ["#This Row", "Prix"]; `[Prix]` → ["Prix"]; `[]` → [].
  private static func specifiers(_ s: String) -> [String]? {
    var inner = Substring(s)
    guard inner.hasPrefix("["), inner.hasSuffix("]") else { return nil }
    inner = inner.dropFirst().dropLast()
    if inner.isEmpty { return [] }
    guard inner.hasPrefix("[") else { return [String(inner)] }
    // A list of bracketed items separated by commas; `'` escapes the next character.
    var items: [String] = []
    var current = ""
    var depth = 0
    var escaped = false
    for c in inner {
      if escaped {
        current.append("'")
        current.append(c)
        escaped = false
        continue
      }
      switch c {
      case "'": escaped = true
      case "[":
        depth += 1
        if depth > 1 { current.append(c) }
      case "]":
        depth -= 1
        if depth > 0 { current.append(c) } else {
          items.append(current)
          current = ""
        }
      case ",", ";", " ":  // ODF separates the items with `;`
        if depth > 0 { current.append(c) }
      case ":" where depth == 0:
        guard let last = items.popLast() else { return nil }
        current = last + "]:["
        depth = 0
        continue
      default:
        if depth == 0 { return nil }
        current.append(c)
      }
    }
    // `[[A]:[B]]` arrives as "A" then ":" then "B": joined above into "A]:[B".
    var joined: [String] = []
    for item in items {
      if let last = joined.last, last.hasSuffix("]:[") {
        joined[joined.count - 1] = last + item
      } else {
        joined.append(item)
      }
    }
    return joined
  }

  private static func unescaped(_ s: String) -> String {
    var out = ""
    var escaped = false
    for c in s {
      if escaped {
        out.append(c)
        escaped = false
      } else if c == "'" {
        escaped = true
      } else {
        out.append(c)
      }
    }
    return out
  }
}

extension String {
  fileprivate func trimmingSpaces() -> String {
    var s = Substring(self)
    while s.first == " " { s.removeFirst() }
    while s.last == " " { s.removeLast() }
    return String(s)
  }
}
