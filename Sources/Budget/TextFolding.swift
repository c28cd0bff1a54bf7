/// A word of folded text. A `String` rather than a `Substring`: words are short ASCII, held
/// inline without allocation (up to 15 bytes), and compare byte for byte with literals.
typealias Word = String

/// Text helpers for matching wording: case and accents ignored, punctuation kept apart.
enum TextFolding {
  /// Lower-case ASCII-folded text: accents dropped (`É` → `e`, `œ` → `oe`), dashes and minus signs
  /// become `-`, every kind of space becomes one plain space, and runs of spaces collapse.
  static func fold(_ text: String) -> String {
    var text = text
    var folder = Folder(capacity: text.utf8.count)
    if text.withUTF8({ !$0.contains { $0 >= 0x80 } }) {
      text.withUTF8 { for b in $0 { folder.pushASCII(b) } }
    } else {
      for u in text.unicodeScalars { folder.push(u) }
    }
    return folder.result
  }

  /// Builds folded text byte by byte, collapsing runs of spaces.
  private struct Folder {
    var out: [UInt8] = []
    var lastSpace = true

    init(capacity: Int) { out.reserveCapacity(capacity) }

    @inline(__always) mutating func append(_ b: UInt8) {
      if b == 0x20 {
        if !lastSpace { out.append(b) }
        lastSpace = true
      } else {
        out.append(b)
        lastSpace = false
      }
    }

    @inline(__always) mutating func pushASCII(_ b: UInt8) {
      switch b {
      case 0x41...0x5A: append(b + 32)
      case 0x09, 0x0A, 0x0D: append(0x20)
      default: append(b)
      }
    }

    mutating func push(_ u: Unicode.Scalar) {
      let v = u.value
      if v < 0x80 {
        pushASCII(UInt8(v))
        return
      }
      switch v {
      case 0xA0, 0x2000...0x200B, 0x202F, 0x205F, 0x3000: append(0x20)
      case 0x2010...0x2015, 0x2212, 0xFE58, 0xFE63, 0xFF0D: append(UInt8(ascii: "-"))
      case 0x2018, 0x2019, 0x02BC: append(UInt8(ascii: "'"))
      case 0x201C, 0x201D, 0xAB, 0xBB: append(UInt8(ascii: "\""))
      case 0xC0...0xC5, 0xE0...0xE5: append(UInt8(ascii: "a"))
      case 0xC6, 0xE6:
        append(UInt8(ascii: "a"))
        append(UInt8(ascii: "e"))
      case 0xC7, 0xE7: append(UInt8(ascii: "c"))
      case 0xC8...0xCB, 0xE8...0xEB: append(UInt8(ascii: "e"))
      case 0xCC...0xCF, 0xEC...0xEF: append(UInt8(ascii: "i"))
      case 0xD1, 0xF1: append(UInt8(ascii: "n"))
      case 0xD2...0xD6, 0xD8, 0xF2...0xF6, 0xF8: append(UInt8(ascii: "o"))
      case 0xD9...0xDC, 0xF9...0xFC: append(UInt8(ascii: "u"))
      case 0xDD, 0xFD, 0xFF, 0x178: append(UInt8(ascii: "y"))
      case 0x152, 0x153:
        append(UInt8(ascii: "o"))
        append(UInt8(ascii: "e"))
      case 0x300...0x36F: break  // combining accents
      default:
        for b in String(u).lowercased().utf8 { append(b) }
      }
    }

    var result: String {
      var bytes = out
      if bytes.last == 0x20 { bytes.removeLast() }
      return String(decoding: bytes, as: UTF8.self)
    }
  }

  /// The words of folded text: runs of ASCII letters and digits (other characters separate them).
  static func words(_ folded: String) -> [Word] {
    let utf8 = folded.utf8
    func split(_ bytes: UnsafeBufferPointer<UInt8>) -> [Word] {
      var out: [Word] = []
      out.reserveCapacity(8)
      var start = -1
      for i in 0...bytes.count {
        let isWord: Bool
        if i < bytes.count {
          let b = bytes[i]
          isWord = (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A)
        } else {
          isWord = false
        }
        if isWord {
          if start < 0 { start = i }
        } else if start >= 0 {
          out.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self))
          start = -1
        }
      }
      return out
    }
    if let out = utf8.withContiguousStorageIfAvailable(split) { return out }
    return Array(utf8).withUnsafeBufferPointer(split)
  }
}
