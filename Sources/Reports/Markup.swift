/// Escaping for XML and HTML text and attribute values, for what comes from workbooks (labels,
/// sheet names, messages quoting them are hostile input).
enum Markup {
  /// `text` escaped for an XML or HTML attribute value in double quotes, or for element text:
  /// `& < > " '` become references, and characters XML 1.0 §2.2 forbids (C0 controls other
  /// than tab, LF and CR; U+FFFE, U+FFFF) become U+FFFD, so the document stays well-formed.
  static func escape(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for scalar in text.unicodeScalars {
      switch scalar {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&#39;"
      case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
      case _ where scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF:
        out += "\u{FFFD}"
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out
  }
}
