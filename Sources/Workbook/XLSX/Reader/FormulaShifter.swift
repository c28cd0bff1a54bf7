/// Moves the relative references of an OOXML A1 formula, as Excel does when it expands a shared
/// formula (ECMA-376 Part 1 §18.3.1.40, `f` with `t="shared"`) to the other cells of its range.
///
/// `$`-anchored parts stay; strings, quoted sheet names and bracketed parts are copied as they
/// are; a reference pushed off the grid becomes `#REF!`.
enum FormulaShifter {
  static func shift(_ formula: String, rows dr: Int, columns dc: Int) -> String {
    if dr == 0 && dc == 0 { return formula }
    let s = Array(formula.utf8)
    var out: [UInt8] = []
    out.reserveCapacity(s.count + 8)
    var i = 0
    while i < s.count {
      let c = s[i]
      if c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") {
        // Copy a string or quoted name, with doubled quotes inside.
        let q = c
        out.append(c)
        i += 1
        while i < s.count {
          out.append(s[i])
          if s[i] == q {
            if i + 1 < s.count, s[i + 1] == q {
              out.append(s[i + 1])
              i += 2
              continue
            }
            i += 1
            break
          }
          i += 1
        }
        continue
      }
      if c == UInt8(ascii: "[") {
        var depth = 0
        while i < s.count {
          if s[i] == UInt8(ascii: "[") { depth += 1 }
          if s[i] == UInt8(ascii: "]") { depth -= 1 }
          out.append(s[i])
          i += 1
          if depth == 0 { break }
        }
        continue
      }
      let boundary = i == 0 || !isNameChar(s[i - 1])
      if boundary, let (text, length) = reference(s, i, dr, dc) {
        out.append(contentsOf: text)
        i += length
        continue
      }
      if isNameChar(c) {
        // Copy the whole word so references are only matched at word starts.
        while i < s.count, isNameChar(s[i]) {
          out.append(s[i])
          i += 1
        }
        continue
      }
      out.append(c)
      i += 1
    }
    return String(decoding: out, as: UTF8.self)
  }

  private static func isNameChar(_ c: UInt8) -> Bool {
    (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x5F
      || c == 0x2E || c == 0x24 || c >= 0x80 || c == 0x5C
  }

  /// One part of a reference: `$`? letters and/or `$`? digits.
  private struct Part {
    var columnAbsolute = false
    var column: Int?
    var rowAbsolute = false
    var row: Int?
    var length = 0
  }

  private static func part(_ s: [UInt8], _ start: Int) -> Part? {
    var p = Part()
    var i = start
    var sawDollar = false
    if i < s.count, s[i] == UInt8(ascii: "$") {
      sawDollar = true
      i += 1
    }
    var letters = 0
    var column = 0
    while i < s.count, letters < 4, (s[i] | 0x20) >= 0x61, (s[i] | 0x20) <= 0x7A {
      column = column * 26 + Int((s[i] | 0x20) - 0x61 + 1)
      letters += 1
      i += 1
    }
    if letters > 3 { return nil }
    if letters > 0 {
      p.columnAbsolute = sawDollar
      p.column = column - 1
      sawDollar = false
      if i < s.count, s[i] == UInt8(ascii: "$") {
        sawDollar = true
        i += 1
      }
    }
    var digits = 0
    var row = 0
    while i < s.count, s[i] >= 0x30, s[i] <= 0x39, digits < 8 {
      row = row * 10 + Int(s[i] - 0x30)
      digits += 1
      i += 1
    }
    if digits > 0 {
      p.rowAbsolute = sawDollar
      p.row = row - 1
    } else if sawDollar {
      return nil
    }
    if letters == 0 && digits == 0 { return nil }
    p.length = i - start
    return p
  }

  /// Matches a cell reference, a cell range, a column range or a row range at `start`.
  private static func reference(_ s: [UInt8], _ start: Int, _ dr: Int, _ dc: Int) -> ([UInt8], Int)? {
    guard let first = part(s, start) else { return nil }
    var end = start + first.length
    var second: Part?
    if end < s.count, s[end] == UInt8(ascii: ":"), let p = part(s, end + 1) {
      second = p
    }
    if let second {
      // Both sides must be the same shape: cells, columns, or rows.
      let shapeOK =
        (first.column != nil) == (second.column != nil) && (first.row != nil) == (second.row != nil)
      if shapeOK { end += 1 + second.length } else { return nil }
    } else {
      // A lone part must be a whole cell reference.
      guard first.column != nil, first.row != nil else { return nil }
    }
    // Not a reference when followed by a name character or `(` (a function like LOG10).
    if end < s.count, isNameChar(s[end]) || s[end] == UInt8(ascii: "(") || s[end] == UInt8(ascii: "!") {
      return nil
    }
    guard let a = render(first, dr, dc) else { return (Array("#REF!".utf8), end - start) }
    guard let second else { return (a, end - start) }
    guard let b = render(second, dr, dc) else { return (Array("#REF!".utf8), end - start) }
    return (a + [UInt8(ascii: ":")] + b, end - start)
  }

  private static func render(_ p: Part, _ dr: Int, _ dc: Int) -> [UInt8]? {
    var out: [UInt8] = []
    if var column = p.column {
      if !p.columnAbsolute { column += dc }
      guard column >= 0, column < Int(CellReference.maxColumns) else { return nil }
      if p.columnAbsolute { out.append(UInt8(ascii: "$")) }
      out.append(contentsOf: CellReference.columnName(Int32(column)).utf8)
    }
    if var row = p.row {
      if !p.rowAbsolute { row += dr }
      guard row >= 0, row < Int(CellReference.maxRows) else { return nil }
      if p.rowAbsolute { out.append(UInt8(ascii: "$")) }
      out.append(contentsOf: String(row + 1).utf8)
    }
    return out
  }
}
