import Workbook
import Diagnostics

extension Money {
  /// The amount as a JSON number, with every stored digit.
  public var json: JSONValue { .numberText(description) }
}

extension Plan {
  /// The contract's `plan` object: sheet, periods (label, months) and lines.
  public var json: JSONValue {
    let periodsJSON: [JSONValue] = periods.map { p in
      .object([("label", .string(p.label)), ("months", p.months.map { .number(Double($0)) } ?? .null)])
    }
    let linesJSON: [JSONValue] = lines.enumerated().map { index, line in
      var amounts: [(String, JSONValue)] = []
      var cells: [(String, JSONValue)] = []
      for (i, p) in periods.enumerated() where i < line.amounts.count {
        amounts.append((p.label, line.amounts[i]?.json ?? .null))
        cells.append((p.label, .string(line.cells[i].description)))
      }
      var members: [(String, JSONValue)] = [
        ("section", .string(line.section.rawValue)),
        ("label", .string(line.label)),
        ("level", .number(Double(line.level))),
        ("kind", .string(line.kind.rawValue)),
        ("row", .number(Double(line.displayRow))),
        ("amounts", .object(amounts)),
        ("cells", .object(cells)),
      ]
      if !line.components.isEmpty {
        members.append(("components", .array(line.components.map { .number(Double(lines[$0].displayRow)) })))
      }
      if index < evidence.count, !evidence[index].isEmpty {
        members.append(("evidence", .array(evidence[index].map { .string($0.rawValue) })))
      }
      if let code = line.accountCode { members.append(("accountCode", .string(code))) }
      if let remark = line.remark { members.append(("remark", .string(remark))) }
      if let cell = line.totalCell {
        members.append(("total", line.total?.json ?? .null))
        members.append(("totalCell", .string(cell.description)))
      }
      return .object(members)
    }
    var members: [(String, JSONValue)] = [("sheet", .string(sheet)), ("periods", .array(periodsJSON))]
    if let t = totalColumnLabel { members.append(("totalColumn", .string(t))) }
    members.append(("lines", .array(linesJSON)))
    members.append(("reading", .string(reading)))
    members.append(("confidence", .number((confidence * 100).rounded() / 100)))
    if blanksAreZero { members.append(("blanksAreZero", .bool(true))) }
    return .object(members)
  }
}

extension Finding {
  /// The contract's finding object, its message in `language`.
  public func json(_ language: MessageLanguage) -> JSONValue {
    var members: [(String, JSONValue)] = [
      ("rule", .string(rule.rawValue)),
      ("severity", .string(severity.rawValue)),
      ("sheet", .string(sheet)),
      ("cell", .string(cell.description)),
      ("expected", expected?.json ?? .null),
      ("actual", actual?.json ?? .null),
    ]
    if let raw { members.append(("raw", .string(raw))) }
    members.append(("label", .string(label)))
    members.append(("period", period.map { .string($0) } ?? .null))
    members.append(("message", .string(message(language))))
    return .object(members)
  }
}

// MARK: - Compact JSON written straight to bytes (batch reports), byte for byte what
// `json.serialized()` gives, without building the tree.

/// A growing UTF-8 buffer for JSON text.
public struct JSONBytes: Sendable {
  /// The bytes written so far.
  public var bytes: [UInt8] = []

  /// An empty buffer.
  public init() { bytes.reserveCapacity(1 << 14) }

  /// Appends text as is.
  @_disfavoredOverload
  @inline(__always) public mutating func raw(_ s: String) {
    var s = s
    s.withUTF8 { bytes.append(contentsOf: $0) }
  }

  /// Appends literal text as is.
  @inline(__always) public mutating func raw(_ s: StaticString) {
    bytes.append(contentsOf: UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
  }

  /// Appends a whole number.
  public mutating func int(_ n: Int) {
    if n >= 0 && n < 10 {
      bytes.append(UInt8(48 + n))
      return
    }
    var scratch: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes: 20 digits and a sign
    withUnsafeMutableBytes(of: &scratch) { buffer in
      var v = n.magnitude
      var i = buffer.count
      repeat {
        i -= 1
        buffer[i] = UInt8(48 + v % 10)
        v /= 10
      } while v > 0
      if n < 0 {
        i -= 1
        buffer[i] = UInt8(ascii: "-")
      }
      bytes.append(contentsOf: buffer[i...])
    }
  }

  /// Appends a JSON string literal, escaped as ``JSONValue/quote(_:into:)`` does.
  public mutating func string(_ s: String) {
    var s = s
    let clean = s.withUTF8 { buf in
      !buf.contains { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }
    }
    if clean {
      bytes.append(UInt8(ascii: "\""))
      s.withUTF8 { bytes.append(contentsOf: $0) }
      bytes.append(UInt8(ascii: "\""))
    } else {
      var out = ""
      JSONValue.quote(s, into: &out)
      raw(out)
    }
  }

  /// Appends a cell's A1 name (without quotes).
  public mutating func cell(_ ref: CellReference) {
    var letters: (UInt8, UInt8, UInt8) = (0, 0, 0)
    var count = 0
    var n = Int(ref.column) + 1
    while n > 0, count < 3 {
      let r = UInt8((n - 1) % 26)
      switch count {
      case 0: letters.0 = 65 + r
      case 1: letters.1 = 65 + r
      default: letters.2 = 65 + r
      }
      count += 1
      n = (n - 1) / 26
    }
    if count == 3 { bytes.append(letters.2) }
    if count >= 2 { bytes.append(letters.1) }
    bytes.append(letters.0)
    int(Int(ref.row) + 1)
  }

  /// Appends an amount, or null.
  public mutating func money(_ m: Money?) {
    if let m { m.appendText(to: &bytes) } else { raw("null") }
  }
}

extension Plan {
  /// The `plan` object as compact JSON, the same bytes as `json.serialized()`.
  public func writeJSON(to out: inout JSONBytes) {
    out.raw("{\"sheet\": ")
    out.string(sheet)
    out.raw(", \"periods\": [")
    for (i, p) in periods.enumerated() {
      if i > 0 { out.raw(", ") }
      out.raw("{\"label\": ")
      out.string(p.label)
      out.raw(", \"months\": ")
      if let m = p.months { out.int(m) } else { out.raw("null") }
      out.raw("}")
    }
    out.raw("]")
    if let t = totalColumnLabel {
      out.raw(", \"totalColumn\": ")
      out.string(t)
    }
    out.raw(", \"lines\": [")
    // Each period's label as a JSON key, written once and copied into every line.
    let keys: [[UInt8]] = periods.map { p in
      var key = JSONBytes()
      key.string(p.label)
      return key.bytes
    }
    for (n, line) in lines.enumerated() {
      if n > 0 { out.raw(", ") }
      out.raw("{\"section\": \"")
      out.raw(line.section.rawValue)
      out.raw("\", \"label\": ")
      out.string(line.label)
      out.raw(", \"level\": ")
      out.int(line.level)
      out.raw(", \"kind\": \"")
      out.raw(line.kind.rawValue)
      out.raw("\", \"row\": ")
      out.int(line.displayRow)
      out.raw(", \"amounts\": {")
      for i in periods.indices where i < line.amounts.count {
        if i > 0 { out.raw(", ") }
        out.bytes.append(contentsOf: keys[i])
        out.raw(": ")
        out.money(line.amounts[i])
      }
      out.raw("}, \"cells\": {")
      for i in periods.indices where i < line.amounts.count {
        if i > 0 { out.raw(", ") }
        out.bytes.append(contentsOf: keys[i])
        out.raw(": \"")
        out.cell(line.cells[i])
        out.raw("\"")
      }
      out.raw("}")
      if !line.components.isEmpty {
        out.raw(", \"components\": [")
        for (i, c) in line.components.enumerated() {
          if i > 0 { out.raw(", ") }
          out.int(lines[c].displayRow)
        }
        out.raw("]")
      }
      if n < evidence.count, !evidence[n].isEmpty {
        out.raw(", \"evidence\": [")
        for (i, e) in evidence[n].enumerated() {
          if i > 0 { out.raw(", ") }
          out.string(e.rawValue)
        }
        out.raw("]")
      }
      if let code = line.accountCode {
        out.raw(", \"accountCode\": ")
        out.string(code)
      }
      if let remark = line.remark {
        out.raw(", \"remark\": ")
        out.string(remark)
      }
      if let cell = line.totalCell {
        out.raw(", \"total\": ")
        out.money(line.total)
        out.raw(", \"totalCell\": \"")
        out.cell(cell)
        out.raw("\"")
      }
      out.raw("}")
    }
    out.raw("], \"reading\": ")
    out.string(reading)
    out.raw(", \"confidence\": ")
    out.raw(JSONValue.number((confidence * 100).rounded() / 100).serialized())
    if blanksAreZero { out.raw(", \"blanksAreZero\": true") }
    out.raw("}")
  }
}

extension Finding {
  /// The finding as compact JSON, the same bytes as `json(language).serialized()`.
  public func writeJSON(to out: inout JSONBytes, language: MessageLanguage) {
    out.raw("{\"rule\": \"")
    out.raw(rule.rawValue)
    out.raw("\", \"severity\": \"")
    out.raw(severity.rawValue)
    out.raw("\", \"sheet\": ")
    out.string(sheet)
    out.raw(", \"cell\": \"")
    out.cell(cell)
    out.raw("\", \"expected\": ")
    out.money(expected)
    out.raw(", \"actual\": ")
    out.money(actual)
    if let raw {
      out.raw(", \"raw\": ")
      out.string(raw)
    }
    out.raw(", \"label\": ")
    out.string(label)
    out.raw(", \"period\": ")
    if let period { out.string(period) } else { out.raw("null") }
    out.raw(", \"message\": ")
    out.string(message(language))
    out.raw("}")
  }
}
