/// Text helpers for matching wording: case and accents ignored, punctuation kept apart.
enum TextFolding {
  /// Lower-case ASCII-folded text: accents dropped (`É` → `e`, `œ` → `oe`), dashes and minus signs
  /// become `-`, every kind of space becomes one plain space, and runs of spaces collapse.
  static func fold(_ text: String) -> String {
    var out = String.UnicodeScalarView()
    var lastSpace = true
    for u in text.unicodeScalars {
      let mapped = fold(u)
      for c in mapped.unicodeScalars {
        if c == " " {
          if !lastSpace { out.append(c) }
          lastSpace = true
        } else {
          out.append(c)
          lastSpace = false
        }
      }
    }
    var s = String(out)
    if s.hasSuffix(" ") { s.removeLast() }
    return s
  }

  private static func fold(_ u: Unicode.Scalar) -> String {
    let v = u.value
    if v < 0x80 {
      if v >= 0x41 && v <= 0x5A { return String(Unicode.Scalar(v + 32) ?? u) }
      if v == 0x09 || v == 0x0A || v == 0x0D { return " " }
      return String(u)
    }
    switch v {
    case 0xA0, 0x2000...0x200B, 0x202F, 0x205F, 0x3000: return " "
    case 0x2010...0x2015, 0x2212, 0xFE58, 0xFE63, 0xFF0D: return "-"
    case 0x2018, 0x2019, 0x02BC: return "'"
    case 0x201C, 0x201D, 0xAB, 0xBB: return "\""
    case 0xC0...0xC5, 0xE0...0xE5: return "a"
    case 0xC6, 0xE6: return "ae"
    case 0xC7, 0xE7: return "c"
    case 0xC8...0xCB, 0xE8...0xEB: return "e"
    case 0xCC...0xCF, 0xEC...0xEF: return "i"
    case 0xD1, 0xF1: return "n"
    case 0xD2...0xD6, 0xD8, 0xF2...0xF6, 0xF8: return "o"
    case 0xD9...0xDC, 0xF9...0xFC: return "u"
    case 0xDD, 0xFD, 0xFF, 0x178: return "y"
    case 0x152, 0x153: return "oe"
    case 0x300...0x36F: return ""  // combining accents
    default: return String(u).lowercased()
    }
  }

  /// The words of folded text: runs of letters and digits.
  static func words(_ folded: String) -> [Substring] {
    folded.split { !($0.isLetter || $0.isNumber) }
  }
}
