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
    let linesJSON: [JSONValue] = lines.map { line in
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
    members.append(("message", .string(message(language))))
    return .object(members)
  }
}

// MARK: - Compact JSON written straight to text (batch reports), byte for byte what
// `json.serialized()` gives, without building the tree.

extension Plan {
  /// The `plan` object as compact JSON text, the same bytes as `json.serialized()`.
  public func writeJSON(to out: inout String) {
    out += "{\"sheet\": "
    JSONValue.quote(sheet, into: &out)
    out += ", \"periods\": ["
    for (i, p) in periods.enumerated() {
      if i > 0 { out += ", " }
      out += "{\"label\": "
      JSONValue.quote(p.label, into: &out)
      out += ", \"months\": "
      out += p.months.map(String.init) ?? "null"
      out += "}"
    }
    out += "]"
    if let t = totalColumnLabel {
      out += ", \"totalColumn\": "
      JSONValue.quote(t, into: &out)
    }
    out += ", \"lines\": ["
    for (n, line) in lines.enumerated() {
      if n > 0 { out += ", " }
      out += "{\"section\": \""
      out += line.section.rawValue
      out += "\", \"label\": "
      JSONValue.quote(line.label, into: &out)
      out += ", \"level\": "
      out += String(line.level)
      out += ", \"kind\": \""
      out += line.kind.rawValue
      out += "\", \"row\": "
      out += String(line.displayRow)
      out += ", \"amounts\": {"
      for (i, p) in periods.enumerated() where i < line.amounts.count {
        if i > 0 { out += ", " }
        JSONValue.quote(p.label, into: &out)
        out += ": "
        out += line.amounts[i]?.description ?? "null"
      }
      out += "}, \"cells\": {"
      for (i, p) in periods.enumerated() where i < line.amounts.count {
        if i > 0 { out += ", " }
        JSONValue.quote(p.label, into: &out)
        out += ": \""
        out += line.cells[i].description
        out += "\""
      }
      out += "}"
      if !line.components.isEmpty {
        out += ", \"components\": ["
        for (i, c) in line.components.enumerated() {
          if i > 0 { out += ", " }
          out += String(lines[c].displayRow)
        }
        out += "]"
      }
      if let code = line.accountCode {
        out += ", \"accountCode\": "
        JSONValue.quote(code, into: &out)
      }
      if let remark = line.remark {
        out += ", \"remark\": "
        JSONValue.quote(remark, into: &out)
      }
      if let cell = line.totalCell {
        out += ", \"total\": "
        out += line.total?.description ?? "null"
        out += ", \"totalCell\": \""
        out += cell.description
        out += "\""
      }
      out += "}"
    }
    out += "]}"
  }
}

extension Finding {
  /// The finding as compact JSON text, the same bytes as `json(language).serialized()`.
  public func writeJSON(to out: inout String, language: MessageLanguage) {
    out += "{\"rule\": \""
    out += rule.rawValue
    out += "\", \"severity\": \""
    out += severity.rawValue
    out += "\", \"sheet\": "
    JSONValue.quote(sheet, into: &out)
    out += ", \"cell\": \""
    out += cell.description
    out += "\", \"expected\": "
    out += expected?.description ?? "null"
    out += ", \"actual\": "
    out += actual?.description ?? "null"
    if let raw {
      out += ", \"raw\": "
      JSONValue.quote(raw, into: &out)
    }
    out += ", \"message\": "
    JSONValue.quote(message(language), into: &out)
    out += "}"
  }
}
