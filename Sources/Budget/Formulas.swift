import Workbook

/// Reads the structure a formula states: `SUM(B9:B10)`, `B7+B11+B15`, `of:=SUM([.B9:.B10])`.
enum FormulaStructure {
  /// The cells a formula adds up, when it is nothing but a sum of references and ranges on the
  /// same sheet (`SUM(…)` and `+`); nil for anything else (a rate, a difference, a constant).
  static func summedCells(_ formula: CellFormula) -> [CellReference]? {
    var bytes = Array(formula.text.utf8)
    if formula.dialect == .odf, let colon = bytes.firstIndex(of: UInt8(ascii: ":")),
      bytes[..<colon].allSatisfy({ ($0 | 0x20) >= 0x61 && ($0 | 0x20) <= 0x7A })
    {
      bytes.removeSubrange(...colon)
    }
    var i = 0
    let n = bytes.count
    func skip() {
      while i < n {
        let b = bytes[i]
        if b == 0x20 || b == UInt8(ascii: "$") || b == UInt8(ascii: "[") || b == UInt8(ascii: "]")
          || b == UInt8(ascii: "=")
        {
          i += 1
        } else if b == UInt8(ascii: "."), i + 1 < n, isLetter(bytes[i + 1]) {
          i += 1
        } else {
          return
        }
      }
    }
    func reference() -> CellReference? {
      skip()
      var column: Int32 = 0
      var letters = 0
      while i < n, isLetter(bytes[i]) {
        // A function name ("SUMPRODUCT") is no column: stop before the number overflows.
        guard letters < 3 else { return nil }
        column = column * 26 + Int32((bytes[i] | 0x20) - 0x61 + 1)
        letters += 1
        i += 1
        skip()
      }
      var row: Int32 = 0
      var digits = 0
      while i < n, bytes[i] >= 0x30, bytes[i] <= 0x39 {
        row = row * 10 + Int32(bytes[i] - 0x30)
        digits += 1
        i += 1
      }
      guard letters >= 1, letters <= 3, digits >= 1, digits <= 7, row >= 1 else { return nil }
      return CellReference(row: row - 1, column: column - 1)
    }
    var refs: [CellReference] = []
    func term() -> Bool {
      guard let a = reference() else { return false }
      skip()
      if i < n, bytes[i] == UInt8(ascii: ":") {
        i += 1
        guard let b = reference() else { return false }
        let range = CellRange(start: a, end: b)
        let count = Int(range.end.row - range.start.row + 1) * Int(range.end.column - range.start.column + 1)
        guard count <= 10_000 else { return false }
        for r in range.start.row...range.end.row {
          for c in range.start.column...range.end.column { refs.append(CellReference(row: r, column: c)) }
        }
      } else {
        refs.append(a)
      }
      return true
    }
    while true {
      skip()
      guard i < n else { return nil }
      if i + 4 <= n, (bytes[i] | 0x20) == 0x73, (bytes[i + 1] | 0x20) == 0x75, (bytes[i + 2] | 0x20) == 0x6D,
        bytes[i + 3] == UInt8(ascii: "(")
      {
        i += 4
        while true {
          guard term() else { return nil }
          skip()
          guard i < n else { return nil }
          if bytes[i] == UInt8(ascii: ",") || bytes[i] == UInt8(ascii: ";") {
            i += 1
            continue
          }
          if bytes[i] == UInt8(ascii: ")") {
            i += 1
            break
          }
          return nil
        }
      } else {
        guard term() else { return nil }
      }
      skip()
      if i == n { break }
      guard bytes[i] == UInt8(ascii: "+") else { return nil }
      i += 1
    }
    return refs.isEmpty ? nil : refs
  }

  private static func isLetter(_ b: UInt8) -> Bool { (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A }
}
