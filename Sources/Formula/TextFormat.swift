import Workbook

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The number formats TEXT understands: `General`, `0`, `0.00`, `#,##0.00`, `0%`, `0.0E+00`
/// with literal text around them, and dates and times (`dd/mm/yyyy`, `d-mmm-yy`,
/// `dddd`, `h:mm:ss AM/PM`, `s.000`), English month and day names (ECMA-376 Part 1 §18.8.31).
/// Sections (`;`), colours and conditions (`[Red]`) are not handled: nil, so the caller reports
/// the cell as unsupported.
enum TextFormat {
  static func format(_ x: Double, _ format: String, system: DateSystem) -> String? {
    if format.isEmpty { return "" }
    if format.uppercased() == "GENERAL" { return Engine.generalText(x) }
    if format == "@" { return Engine.generalText(x) }
    if format.contains(";") || format.contains("[") { return nil }
    return isDate(format) ? date(x, format, system: system) : number(x, format)
  }

  /// Whether a format shows a date or time (`d m y h s` outside quotes and escapes).
  static func isDate(_ format: String) -> Bool {
    var inQuote = false
    var previous: Character = " "
    for c in format.lowercased() {
      if c == "\"" { inQuote.toggle() }
      if !inQuote, previous != "\\", "dmyhs".contains(c) { return true }
      previous = c
    }
    return false
  }

  static let months = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
  ]
  static let days = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]

  static func pad(_ v: Int, _ width: Int) -> String {
    let s = String(v)
    return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
  }

  private enum Token {
    case literal(String)
    case year(Int)
    case month(Int)
    case day(Int)
    case hour(Int)
    case minute(Int)
    case second(Int)
    case fraction(Int)
    case ampm(String)
  }

  static func date(_ x: Double, _ format: String, system: DateSystem) -> String? {
    guard x >= 0, x < Engine.maxSerial else { return nil }
    let chars = Array(format)
    var tokens: [Token] = []
    var i = 0
    func run(_ c: Character) -> Int {
      var n = 0
      while i + n < chars.count, chars[i + n].lowercased() == c.lowercased() { n += 1 }
      return n
    }
    while i < chars.count {
      let c = chars[i]
      let lower = Character(c.lowercased())
      switch lower {
      case "y":
        let n = run(c)
        tokens.append(.year(n <= 2 ? 2 : 4))
        i += n
      case "m":
        let n = run(c)
        tokens.append(.month(n))
        i += n
      case "d":
        let n = run(c)
        tokens.append(.day(n))
        i += n
      case "h":
        let n = run(c)
        tokens.append(.hour(n))
        i += n
      case "s":
        let n = run(c)
        tokens.append(.second(n))
        i += n
      case ".":
        var n = 0
        while i + 1 + n < chars.count, chars[i + 1 + n] == "0" { n += 1 }
        if n > 0, n <= 9, case .second? = tokens.last {
          tokens.append(.fraction(n))
          i += 1 + n
        } else {
          tokens.append(.literal("."))
          i += 1
        }
      case "a":
        let rest = String(chars[i...]).lowercased()
        if rest.hasPrefix("am/pm") {
          tokens.append(.ampm(String(chars[i..<i + 5])))
          i += 5
        } else if rest.hasPrefix("a/p") {
          tokens.append(.ampm(String(chars[i..<i + 3])))
          i += 3
        } else {
          tokens.append(.literal(String(c)))
          i += 1
        }
      case "\"":
        var j = i + 1
        var text = ""
        while j < chars.count, chars[j] != "\"" {
          text.append(chars[j])
          j += 1
        }
        tokens.append(.literal(text))
        i = j + 1
      case "\\":
        if i + 1 < chars.count { tokens.append(.literal(String(chars[i + 1]))) }
        i += 2
      default:
        tokens.append(.literal(String(c)))
        i += 1
      }
    }
    // `m` after an hour or before a second means minutes.
    for k in tokens.indices {
      guard case .month(let n) = tokens[k], n <= 2 else { continue }
      var afterHour = false
      for j in stride(from: k - 1, through: 0, by: -1) {
        if case .literal = tokens[j] { continue }
        if case .hour = tokens[j] { afterHour = true }
        break
      }
      var beforeSecond = false
      for j in (k + 1)..<tokens.count {
        if case .literal = tokens[j] { continue }
        if case .second = tokens[j] { beforeSecond = true }
        break
      }
      if afterHour || beforeSecond { tokens[k] = .minute(n) }
    }
    var fractionDigits = 0
    for t in tokens { if case .fraction(let n) = t { fractionDigits = n } }
    let hasAMPM = tokens.contains { if case .ampm = $0 { return true } else { return false } }
    // Round to the shown precision of seconds.
    let unit = pow(10, Double(fractionDigits))
    let totalUnits = (x * 86400 * unit).rounded()
    let days = floor(totalUnits / (86400 * unit))
    let c = DateSerial.components(days, system: system)
    let secondsUnits = totalUnits - days * 86400 * unit
    let wholeSeconds = Int(secondsUnits / unit)
    let fraction = Int(secondsUnits - Double(wholeSeconds) * unit)
    let hour = wholeSeconds / 3600
    let minute = (wholeSeconds / 60) % 60
    let second = wholeSeconds % 60
    var out = ""
    for t in tokens {
      switch t {
      case .literal(let s): out += s
      case .year(let n): out += n == 2 ? pad(c.year % 100, 2) : pad(c.year, 4)
      case .month(let n):
        switch n {
        case 1: out += String(c.month)
        case 2: out += pad(c.month, 2)
        case 3: out += String(months[c.month - 1].prefix(3))
        case 5: out += String(months[c.month - 1].prefix(1))
        default: out += months[c.month - 1]
        }
      case .day(let n):
        let weekday = Engine.weekday(days, system: system) - 1
        switch n {
        case 1: out += String(c.day)
        case 2: out += pad(c.day, 2)
        case 3: out += String(TextFormat.days[weekday].prefix(3))
        default: out += TextFormat.days[weekday]
        }
      case .hour(let n):
        let h = hasAMPM ? (hour % 12 == 0 ? 12 : hour % 12) : hour
        out += n >= 2 ? pad(h, 2) : String(h)
      case .minute(let n): out += n >= 2 ? pad(minute, 2) : String(minute)
      case .second(let n): out += n >= 2 ? pad(second, 2) : String(second)
      case .fraction(let n): out += "." + pad(fraction, n)
      case .ampm(let spelling):
        let pm = hour >= 12
        if spelling.count == 5 {
          out += pm ? "PM" : "AM"
        } else {
          let letter = pm ? spelling.last ?? "p" : spelling.first ?? "a"
          out += String(letter)
        }
      }
    }
    return out
  }

  static func number(_ x: Double, _ format: String) -> String? {
    // Split into literal prefix, the digit pattern, literal suffix.
    var prefix = ""
    var pattern = ""
    var suffix = ""
    var inQuote = false
    var escape = false
    for c in format {
      if escape {
        (pattern.isEmpty ? { prefix.append(c) } : { suffix.append(c) })()
        escape = false
        continue
      }
      if c == "\\" {
        escape = true
        continue
      }
      if c == "\"" {
        inQuote.toggle()
        continue
      }
      if !inQuote, "0#?,.%Ee+-".contains(c), suffix.isEmpty || c == "%" {
        if c == "%" {
          if pattern.isEmpty { prefix.append(c) } else { suffix.append(c) }
          continue
        }
        if (c == "+" || c == "-") && !(pattern.last == "E" || pattern.last == "e") {
          (pattern.isEmpty ? { prefix.append(c) } : { suffix.append(c) })()
          continue
        }
        pattern.append(c)
      } else {
        (pattern.isEmpty ? { prefix.append(c) } : { suffix.append(c) })()
      }
    }
    var value = x
    let percents = format.filter { $0 == "%" }.count
    for _ in 0..<percents { value *= 100 }
    if pattern.isEmpty { return prefix + suffix }
    if pattern.contains("E") || pattern.contains("e") { return nil }
    let parts = pattern.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
    var integerPattern = String(parts[0])
    // Trailing commas scale by thousands.
    while integerPattern.hasSuffix(",") {
      integerPattern.removeLast()
      value /= 1000
    }
    let grouping = integerPattern.contains(",")
    let decimals =
      parts.count > 1 ? parts[1].filter { $0 == "0" || $0 == "#" || $0 == "?" }.count : 0
    let required = parts.count > 1 ? parts[1].filter { $0 == "0" }.count : 0
    let minimumInteger = integerPattern.filter { $0 == "0" }.count
    guard decimals <= 15, value.isFinite else { return nil }
    let rounded = Engine.round(abs(value), decimals, .toNearestOrAwayFromZero)
    let integerPart = floor(rounded)
    guard integerPart < 1e18 else { return nil }
    var integerDigits = integerPart == 0 && minimumInteger == 0 ? "" : String(Int64(integerPart))
    while integerDigits.count < minimumInteger { integerDigits = "0" + integerDigits }
    if grouping {
      var grouped = ""
      for (k, ch) in integerDigits.reversed().enumerated() {
        if k > 0, k % 3 == 0 { grouped.append(",") }
        grouped.append(ch)
      }
      integerDigits = String(grouped.reversed())
    }
    var fractionDigits = ""
    if decimals > 0 {
      let f = ((rounded - integerPart) * pow(10, Double(decimals))).rounded()
      fractionDigits = pad(Int(f), decimals)
      while fractionDigits.count > required, fractionDigits.hasSuffix("0") {
        fractionDigits.removeLast()
      }
    }
    var body = integerDigits
    if parts.count > 1, decimals > 0 || parts[1].isEmpty {
      if !fractionDigits.isEmpty || required > 0 || parts.count > 1 { body += "." + fractionDigits }
    }
    let negative = value < 0 && (Double(body.filter(\.isNumber)) ?? 0) != 0
    return (negative ? "-" : "") + prefix + body + suffix
  }
}
