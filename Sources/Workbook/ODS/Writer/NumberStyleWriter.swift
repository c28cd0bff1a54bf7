import XMLStream

/// Turns an OOXML number format code (ECMA-376 Part 1 §18.8.31) into an ODF number style
/// (ODF 1.3 Part 3 §16.29): a number, currency, percentage, date or time style.
///
/// Only the first section counts (a negative section, colours and conditions are not carried);
/// literals and the currency symbol (`"€"`, `[$€-40C]`) keep their place.
enum NumberStyleWriter {
  private enum Part {
    case number(integerDigits: Int, decimals: Int, grouping: Bool)
    case text(String)
    case currency(String)
    case day(long: Bool), month(long: Bool, textual: Bool), year(long: Bool)
    case hours(long: Bool), minutes(long: Bool), seconds(long: Bool)
    case percent
  }

  /// Writes the style named `name` for `code` into `w`; false (nothing written) for `General`
  /// and text (`@`).
  static func write(_ code: String, name: String, into w: inout XMLWriter) -> Bool {
    guard code != "General", code != "@", !code.isEmpty else { return false }
    let parts = parse(code)
    var isDate = false
    var isTime = false
    var isPercent = false
    var isCurrency = false
    for p in parts {
      switch p {
      case .day, .month, .year: isDate = true
      case .hours, .minutes, .seconds: isTime = true
      case .percent: isPercent = true
      case .currency: isCurrency = true
      default: break
      }
    }
    guard parts.contains(where: { if case .text = $0 { return false } else { return true } }) else { return false }
    let element: StaticString =
      isDate ? "number:date-style" : isTime ? "number:time-style" : isPercent ? "number:percentage-style"
      : isCurrency ? "number:currency-style" : "number:number-style"
    w.raw("<")
    w.raw(element)
    w.attribute("style:name", name)
    w.raw(">")
    for p in parts {
      switch p {
      case .number(let digits, let decimals, let grouping):
        w.raw("<number:number")
        w.attribute("number:decimal-places", decimals)
        w.attribute("number:min-decimal-places", decimals)
        w.attribute("number:min-integer-digits", digits)
        if grouping { w.raw(" number:grouping=\"true\"") }
        w.raw("/>")
      case .text(let t):
        w.raw("<number:text>")
        w.text(t)
        w.raw("</number:text>")
      case .percent:
        w.raw("<number:text>%</number:text>")
      case .currency(let symbol):
        w.raw("<number:currency-symbol>")
        w.text(symbol)
        w.raw("</number:currency-symbol>")
      case .day(let long): w.raw(long ? "<number:day number:style=\"long\"/>" : "<number:day/>")
      case .month(let long, let textual):
        w.raw("<number:month")
        if long { w.raw(" number:style=\"long\"") }
        if textual { w.raw(" number:textual=\"true\"") }
        w.raw("/>")
      case .year(let long): w.raw(long ? "<number:year number:style=\"long\"/>" : "<number:year/>")
      case .hours(let long): w.raw(long ? "<number:hours number:style=\"long\"/>" : "<number:hours/>")
      case .minutes(let long): w.raw(long ? "<number:minutes number:style=\"long\"/>" : "<number:minutes/>")
      case .seconds(let long): w.raw(long ? "<number:seconds number:style=\"long\"/>" : "<number:seconds/>")
      }
    }
    w.raw("</")
    w.raw(element)
    w.raw(">")
    return true
  }

  private static func parse(_ code: String) -> [Part] {
    var parts: [Part] = []
    var literal = ""
    func flush() {
      if !literal.isEmpty { parts.append(.text(literal)) }
      literal = ""
    }
    var chars = Array(code)[...]
    let kind = NumberFormat.kind(of: code)
    let dateLike = kind == .date || kind == .duration
    var sawNumber = false
    var lastDateTime: Character = " "
    while let c = chars.popFirst() {
      switch c {
      case ";":
        chars = chars[chars.endIndex...]
      case "\"":
        var t = ""
        while let d = chars.popFirst(), d != "\"" { t.append(d) }
        if t == "€" || t == "$" || t == "£" || t == "EUR" {
          flush()
          parts.append(.currency(t))
        } else {
          literal += t
        }
      case "\\":
        if let d = chars.popFirst() {
          if d == "€" || d == "$" || d == "£" {
            flush()
            parts.append(.currency(String(d)))
          } else {
            literal.append(d)
          }
        }
      case "_":
        _ = chars.popFirst()
        literal.append(" ")
      case "*":
        _ = chars.popFirst()
      case "[":
        var inside = ""
        while let d = chars.popFirst(), d != "]" { inside.append(d) }
        if inside.hasPrefix("$") {
          let symbol = inside.dropFirst().prefix { $0 != "-" }
          if !symbol.isEmpty {
            flush()
            parts.append(.currency(String(symbol)))
          }
        } else if inside.lowercased().allSatisfy({ $0 == "h" }) {
          flush()
          parts.append(.hours(long: inside.count > 1))
          lastDateTime = "h"
        }
      case "€", "$", "£":
        flush()
        parts.append(.currency(String(c)))
      case "%":
        flush()
        parts.append(.percent)
      case "0", "#", "?", ",", ".":
        if dateLike {
          literal.append(c)
          continue
        }
        guard !sawNumber else { continue }
        var pattern = String(c)
        while let d = chars.first, "0#?,.Ee+-".contains(d) {
          if (d == "-" || d == "+") && !(pattern.last == "E" || pattern.last == "e") { break }
          pattern.append(d)
          chars.removeFirst()
        }
        flush()
        sawNumber = true
        let mantissa = pattern.prefix { $0 != "E" && $0 != "e" }
        let integer = mantissa.prefix { $0 != "." }
        let fraction = mantissa.drop { $0 != "." }.dropFirst()
        parts.append(
          .number(
            integerDigits: max(integer.filter { $0 == "0" }.count, integer.isEmpty ? 0 : 1),
            decimals: fraction.filter { $0 == "0" || $0 == "#" || $0 == "?" }.count,
            grouping: integer.contains(",")))
      case "d", "D", "m", "M", "y", "Y", "h", "H", "s", "S":
        var run = 1
        while let d = chars.first, d.lowercased() == c.lowercased() {
          run += 1
          chars.removeFirst()
        }
        flush()
        switch c.lowercased() {
        case "d": parts.append(.day(long: run >= 2))
        case "y": parts.append(.year(long: run > 2))
        case "h": parts.append(.hours(long: run >= 2))
        case "s": parts.append(.seconds(long: run >= 2))
        default:
          // `m` after hours or before seconds is minutes.
          let next = chars.first { $0.isLetter }
          if lastDateTime == "h" || next?.lowercased() == "s" {
            parts.append(.minutes(long: run >= 2))
          } else {
            parts.append(.month(long: run == 2 || run >= 4, textual: run >= 3))
          }
        }
        lastDateTime = Character(c.lowercased())
      default:
        literal.append(c)
      }
    }
    flush()
    return parts
  }
}
