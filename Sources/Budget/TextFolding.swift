/// Text helpers for matching wording: case and accents ignored, punctuation kept apart.
enum TextFolding {
  /// Lower-case ASCII-folded text: accents dropped (`É` → `e`, `œ` → `oe`), dashes and minus signs
  /// become `-`, every kind of space becomes one plain space, and runs of spaces collapse.
  static func fold(_ text: String) -> String {
    var out: [UInt8] = []
    out.reserveCapacity(text.utf8.count)
    var lastSpace = true
    func push(_ b: UInt8) {
      if b == 0x20 {
        if !lastSpace { out.append(b) }
        lastSpace = true
      } else {
        out.append(b)
        lastSpace = false
      }
    }
    var ascii = true
    for b in text.utf8 where b >= 0x80 {
      ascii = false
      break
    }
    if ascii {
      for b in text.utf8 {
        switch b {
        case 0x41...0x5A: push(b + 32)
        case 0x09, 0x0A, 0x0D: push(0x20)
        default: push(b)
        }
      }
    } else {
      for u in text.unicodeScalars {
        let v = u.value
        if v < 0x80 {
          let b = UInt8(v)
          switch b {
          case 0x41...0x5A: push(b + 32)
          case 0x09, 0x0A, 0x0D: push(0x20)
          default: push(b)
          }
          continue
        }
        switch v {
        case 0xA0, 0x2000...0x200B, 0x202F, 0x205F, 0x3000: push(0x20)
        case 0x2010...0x2015, 0x2212, 0xFE58, 0xFE63, 0xFF0D: push(UInt8(ascii: "-"))
        case 0x2018, 0x2019, 0x02BC: push(UInt8(ascii: "'"))
        case 0x201C, 0x201D, 0xAB, 0xBB: push(UInt8(ascii: "\""))
        case 0xC0...0xC5, 0xE0...0xE5: push(UInt8(ascii: "a"))
        case 0xC6, 0xE6:
          push(UInt8(ascii: "a"))
          push(UInt8(ascii: "e"))
        case 0xC7, 0xE7: push(UInt8(ascii: "c"))
        case 0xC8...0xCB, 0xE8...0xEB: push(UInt8(ascii: "e"))
        case 0xCC...0xCF, 0xEC...0xEF: push(UInt8(ascii: "i"))
        case 0xD1, 0xF1: push(UInt8(ascii: "n"))
        case 0xD2...0xD6, 0xD8, 0xF2...0xF6, 0xF8: push(UInt8(ascii: "o"))
        case 0xD9...0xDC, 0xF9...0xFC: push(UInt8(ascii: "u"))
        case 0xDD, 0xFD, 0xFF, 0x178: push(UInt8(ascii: "y"))
        case 0x152, 0x153:
          push(UInt8(ascii: "o"))
          push(UInt8(ascii: "e"))
        case 0x300...0x36F: break  // combining accents
        default:
          for b in String(u).lowercased().utf8 { push(b) }
        }
      }
    }
    if out.last == 0x20 { out.removeLast() }
    return String(decoding: out, as: UTF8.self)
  }

  /// The words of folded text: runs of ASCII letters and digits (other characters separate them).
  static func words(_ folded: String) -> [Substring] {
    var out: [Substring] = []
    let utf8 = folded.utf8
    var start: String.Index? = nil
    var i = utf8.startIndex
    while i != utf8.endIndex {
      let b = utf8[i]
      let isWord = (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A)
      if isWord {
        if start == nil { start = i }
      } else if let s = start {
        out.append(folded[s..<i])
        start = nil
      }
      i = utf8.index(after: i)
    }
    if let s = start { out.append(folded[s..<utf8.endIndex]) }
    return out
  }
}
