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
