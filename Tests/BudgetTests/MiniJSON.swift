/// A small JSON reader for the truth files (the test target stays off Foundation).
indirect enum JSON: Equatable {
  case null
  case bool(Bool)
  case number(Double)
  case string(String)
  case array([JSON])
  case object([(String, JSON)])

  static func == (a: JSON, b: JSON) -> Bool {
    switch (a, b) {
    case (.null, .null): true
    case (.bool(let x), .bool(let y)): x == y
    case (.number(let x), .number(let y)): x == y
    case (.string(let x), .string(let y)): x == y
    case (.array(let x), .array(let y)): x == y
    case (.object(let x), .object(let y)): x.map(\.0) == y.map(\.0) && x.map(\.1) == y.map(\.1)
    default: false
    }
  }

  subscript(key: String) -> JSON? {
    if case .object(let members) = self { return members.first { $0.0 == key }?.1 }
    return nil
  }
  var array: [JSON] { if case .array(let a) = self { return a } else { return [] } }
  var members: [(String, JSON)] { if case .object(let m) = self { return m } else { return [] } }
  var string: String? { if case .string(let s) = self { return s } else { return nil } }
  var number: Double? { if case .number(let n) = self { return n } else { return nil } }
  var int: Int? { number.map { Int($0) } }

  static func parse(_ text: String) -> JSON? {
    var p = Parser(bytes: Array(text.utf8))
    return p.value()
  }

  struct Parser {
    let bytes: [UInt8]
    var i = 0

    mutating func skip() { while i < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[i]) { i += 1 } }

    mutating func value() -> JSON? {
      skip()
      guard i < bytes.count else { return nil }
      switch bytes[i] {
      case UInt8(ascii: "{"):
        i += 1
        var members: [(String, JSON)] = []
        skip()
        if bytes[i] == UInt8(ascii: "}") { i += 1; return .object([]) }
        while true {
          skip()
          guard case .string(let key)? = value() else { return nil }
          skip()
          guard bytes[i] == UInt8(ascii: ":") else { return nil }
          i += 1
          guard let v = value() else { return nil }
          members.append((key, v))
          skip()
          if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
          if bytes[i] == UInt8(ascii: "}") { i += 1; return .object(members) }
          return nil
        }
      case UInt8(ascii: "["):
        i += 1
        var items: [JSON] = []
        skip()
        if bytes[i] == UInt8(ascii: "]") { i += 1; return .array([]) }
        while true {
          guard let v = value() else { return nil }
          items.append(v)
          skip()
          if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
          if bytes[i] == UInt8(ascii: "]") { i += 1; return .array(items) }
          return nil
        }
      case UInt8(ascii: "\""):
        i += 1
        var out: [UInt8] = []
        while i < bytes.count, bytes[i] != UInt8(ascii: "\"") {
          if bytes[i] == UInt8(ascii: "\\") {
            i += 1
            switch bytes[i] {
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "u"):
              let hex = String(decoding: bytes[(i + 1)...(i + 4)], as: UTF8.self)
              i += 4
              var code = UInt32(hex, radix: 16) ?? 0x3F
              if code >= 0xD800 && code < 0xDC00, bytes[i + 1] == UInt8(ascii: "\\") {
                let low = UInt32(String(decoding: bytes[(i + 3)...(i + 6)], as: UTF8.self), radix: 16) ?? 0
                code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                i += 6
              }
              out += Array(String(Unicode.Scalar(code).map(Character.init) ?? "?").utf8)
            default: out.append(bytes[i])
            }
          } else {
            out.append(bytes[i])
          }
          i += 1
        }
        i += 1
        return .string(String(decoding: out, as: UTF8.self))
      case UInt8(ascii: "t"): i += 4; return .bool(true)
      case UInt8(ascii: "f"): i += 5; return .bool(false)
      case UInt8(ascii: "n"): i += 4; return .null
      default:
        let start = i
        while i < bytes.count, "+-0123456789.eE".utf8.contains(bytes[i]) { i += 1 }
        return Double(String(decoding: bytes[start..<i], as: UTF8.self)).map { .number($0) }
      }
    }
  }
}
