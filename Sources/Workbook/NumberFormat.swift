/// What number format codes mean, for typing numbers as dates, times and durations.
enum NumberFormat {
  /// The built-in OOXML format codes (ECMA-376 Part 1 §18.8.30) that matter for typing.
  static func builtinCode(_ id: Int) -> String? {
    switch id {
    case 0: return "General"
    case 1: return "0"
    case 2: return "0.00"
    case 3: return "#,##0"
    case 4: return "#,##0.00"
    case 9: return "0%"
    case 10: return "0.00%"
    case 11: return "0.00E+00"
    case 14: return "mm-dd-yy"
    case 15: return "d-mmm-yy"
    case 16: return "d-mmm"
    case 17: return "mmm-yy"
    case 18: return "h:mm AM/PM"
    case 19: return "h:mm:ss AM/PM"
    case 20: return "h:mm"
    case 21: return "h:mm:ss"
    case 22: return "m/d/yy h:mm"
    case 27...36, 50...58: return "yyyy-mm-dd"
    case 37: return "#,##0 ;(#,##0)"
    case 38: return "#,##0 ;[Red](#,##0)"
    case 39: return "#,##0.00;(#,##0.00)"
    case 40: return "#,##0.00;[Red](#,##0.00)"
    case 45: return "mm:ss"
    case 46: return "[h]:mm:ss"
    case 47: return "mmss.0"
    case 48: return "##0.0E+0"
    case 49: return "@"
    default: return nil
    }
  }

  /// The kind of number a format code shows: date (or time), duration, percentage, currency.
  ///
  /// Quoted text, `\`-escaped characters and bracketed sections (colours, locales, conditions)
  /// are skipped, except the elapsed-time brackets `[h]`, `[mm]`, `[ss]`, which make a duration.
  static func kind(of code: String) -> NumberKind {
    if code.isEmpty || code == "General" || code == "@" { return .plain }
    var hasDateTime = false
    var hasElapsed = false
    var hasPercent = false
    var hasCurrency = false
    var chars = Array(code.unicodeScalars)[...]
    while let c = chars.popFirst() {
      switch c {
      case "\"":
        while let d = chars.popFirst(), d != "\"" {
          if d == "€" || d == "$" || d == "£" { hasCurrency = true }
        }
      case "\\", "_", "*":
        _ = chars.popFirst()
      case "[":
        var inside = ""
        while let d = chars.popFirst(), d != "]" { inside.unicodeScalars.append(d) }
        let lower = inside.lowercased()
        if !lower.isEmpty, lower.allSatisfy({ $0 == "h" || $0 == "m" || $0 == "s" }) {
          hasElapsed = true
        } else if lower.hasPrefix("$") {
          hasCurrency = true
        }
      case ";":
        // Only the first section decides.
        chars = chars[chars.endIndex...]
      case "d", "D", "m", "M", "y", "Y", "h", "H", "s", "S":
        hasDateTime = true
      case "%": hasPercent = true
      case "€", "$", "£", "¥": hasCurrency = true
      default: break
      }
    }
    if hasElapsed { return .duration }
    if hasDateTime { return .date }
    if hasPercent { return .percentage }
    if hasCurrency { return .currency }
    return .plain
  }
}
