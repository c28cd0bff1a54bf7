import Diagnostics

/// A cell's value as the corpus truth files type it: `number`, `string`, `bool`, `date`,
/// `datetime`, `time`, `duration` or `error`, with the value's JSON encoding.
public struct TypedValue: Sendable, Equatable {
  public var type: String
  public var value: JSONValue
  /// The value as text (ISO for dates, shortest form for numbers), for CSV and text output.
  public var text: String
}

extension Workbook {
  /// How a value reads in the truth layout, given this workbook's date system.
  ///
  /// A date-formatted number below 1 (negative ones included, as calamine does) is a `time`, a
  /// whole one a `date`, any other a `datetime` (a ``NumberKind/dateTime`` always); an
  /// elapsed-time format gives a `duration`. A date-formatted number outside
  /// ±``DateSerial/maxDateSerial`` (a duration past ``DateSerial/maxDurationDays``) is a `number`.
  public func typed(_ value: CellValue) -> TypedValue {
    switch value {
    case .text(let s): return TypedValue(type: "string", value: .string(s), text: s)
    case .bool(let b): return TypedValue(type: "bool", value: .bool(b), text: b ? "TRUE" : "FALSE")
    case .error(let e): return TypedValue(type: "error", value: .string(e), text: e)
    case .number(let d, let kind):
      switch kind {
      case .date where !DateSerial.isDateSerial(d), .time where !DateSerial.isDateSerial(d),
        .dateTime where !DateSerial.isDateSerial(d), .duration where !DateSerial.isDuration(d):
        // Beyond the calendar (or absurdly long): the number itself, as Excel shows `#######`.
        return TypedValue(type: "number", value: .number(d), text: JSONValue.format(d))
      case .date where d < 1, .time where d < 1:
        let t = DateSerial.isoTime(d, system: dateSystem)
        return TypedValue(type: "time", value: .string(t), text: t)
      case .date where d == d.rounded():
        let t = DateSerial.isoDate(d, system: dateSystem)
        return TypedValue(type: "date", value: .string(t), text: t)
      case .date, .time, .dateTime:
        let t = DateSerial.isoDateTime(d, system: dateSystem)
        return TypedValue(type: "datetime", value: .string(t), text: t)
      case .duration:
        let t = DateSerial.isoDuration(d)
        return TypedValue(type: "duration", value: .string(t), text: t)
      case .plain, .percentage, .currency:
        return TypedValue(type: "number", value: .number(d), text: JSONValue.format(d))
      }
    }
  }

  /// The workbook in the corpus truth layout: `{"sheets": [{"name", "visibility", "kind",
  /// "cells": [[ref, type, value]], "merged": [...], "formulas": [[ref, "=TEXT"]]}]}`.
  /// Empty strings are left out, like empty cells.
  public func truthLayout(sheetNamed only: String? = nil) -> JSONValue {
    var sheetsJSON: [JSONValue] = []
    for sheet in sheets where only == nil || sheet.name == only {
      var cells: [JSONValue] = []
      for cell in sheet.cells {
        guard let value = cell.value else { continue }
        if case .text(let s) = value, s.isEmpty { continue }
        let t = typed(value)
        cells.append(.array([.string(cell.reference.description), .string(t.type), t.value]))
      }
      var formulas: [JSONValue] = []
      for (ref, f) in sheet.formulas.sorted(by: { $0.key < $1.key }) {
        let text = f.dialect == .ooxml ? "=" + f.text : f.text
        if let range = f.arrayRange {
          formulas.append(.array([.string(ref.description), .string(text), .string("array"), .string(range.description)]))
        } else {
          formulas.append(.array([.string(ref.description), .string(text)]))
        }
      }
      sheetsJSON.append(
        .object([
          ("name", .string(sheet.name)),
          ("visibility", .string(sheet.visibility.rawValue)),
          ("kind", .string(sheet.kind.rawValue)),
          ("cells", .array(cells)),
          ("merged", .array(sheet.merged.map { .string($0.description) })),
          ("formulas", .array(formulas)),
        ]))
    }
    return .object([("sheets", .array(sheetsJSON))])
  }
}
