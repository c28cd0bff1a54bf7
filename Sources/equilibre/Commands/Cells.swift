import ArgumentParser
import Diagnostics
import Formula
import Workbook

extension Equilibre {
  /// `equilibre cells`: print every non-empty cell.
  struct Cells: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Print the cells of a workbook: values, types, formulas, merged ranges.",
      discussion: """
        JSON follows the corpus truth layout: {"sheets": [{"name", "visibility", "kind", "cells": \
        [[ref, type, value]], "merged": [...], "formulas": [[ref, "=TEXT"]]}]}.
        CSV has one line per cell: sheet,cell,type,value.
        With --recalculate, formula cells carry recomputed values, and JSON lists for each sheet \
        "unsupported": [[ref, reason]], the formulas the engine could not compute (they keep \
        their stored value).
        Example:
          equilibre cells samples/seed-meuse-asp.xlsx --sheet "Plan de financement" --format csv
        """)

    @Argument(help: "The workbook (.xlsx .xlsm .xltx .xltm .ods .ots).")
    var file: String

    @Option(help: "Only this sheet (its exact name).")
    var sheet: String?

    @Option(help: "text, json or csv.")
    var format: OutputFormat = .text

    @Flag(help: "Recompute formula cells instead of printing their stored values.")
    var recalculate = false

    @OptionGroup var options: GlobalOptions

    func run() throws {
      var workbook = try openWorkbook(file, options: options, format: format)
      var recalculation: RecalculationResult?
      if recalculate {
        let result = Recalculator(workbook: workbook, limits: options.formulaLimits).recalculate()
        workbook = result.applied(to: workbook)
        recalculation = result
      }
      if let sheet, workbook.sheet(named: sheet) == nil {
        let said = Phrases.of(options.messageLanguage)
        Terminal.error("equilibre: " + said.noSuchSheet(file, sheet, workbook.sheets.map(\.name)))
        throw ExitCode(2)
      }
      switch format {
      case .json:
        var document = workbook.truthLayout(sheetNamed: sheet)
        if let recalculation {
          document = recalculation.addingUnsupported(to: document, of: workbook, sheetNamed: sheet)
        }
        Terminal.out(document.serialized() + "\n")
      case .csv:
        var out: [UInt8] = Array("sheet,cell,type,value\n".utf8)
        out.reserveCapacity(1 << 20 + 4096)
        for s in workbook.sheets where sheet == nil || s.name == sheet {
          var sheetField: [UInt8] = []
          CSV.append(s.name, to: &sheetField)
          for cell in s.cells {
            guard let value = cell.value else { continue }
            let t = workbook.typed(value)
            out.append(contentsOf: sheetField)
            out.append(UInt8(ascii: ","))
            cell.reference.appendA1(to: &out)
            out.append(UInt8(ascii: ","))
            out.append(contentsOf: t.type.utf8)
            out.append(UInt8(ascii: ","))
            CSV.append(t.text, to: &out)
            out.append(UInt8(ascii: "\n"))
            if out.count > 1 << 20 {
              FileHandleOut.stdout.write(bytes: out)
              out.removeAll(keepingCapacity: true)
            }
          }
        }
        FileHandleOut.stdout.write(bytes: out)
      case .text:
        let said = Phrases.of(options.messageLanguage)
        var out = ""
        for s in workbook.sheets where sheet == nil || s.name == sheet {
          out += said.cellsSheet(s.name, s.visibility, s.kind) + "\n"
          for cell in s.cells {
            let formula = s.formulas[cell.reference].map { f in f.dialect == .ooxml ? "  =" + f.text : "  " + f.text } ?? ""
            if let value = cell.value {
              let t = workbook.typed(value)
              out += "  \(cell.reference)\t\(t.type)\t\(t.text)\(formula)\n"
            } else {
              out += "  \(cell.reference)\t\(said.noCachedValue)\(formula)\n"
            }
          }
          if !s.merged.isEmpty { out += "  \(said.merged) " + s.merged.map(\.description).joined(separator: " ") + "\n" }
          if out.utf8.count > 1 << 20 {
            Terminal.out(out)
            out = ""
          }
        }
        Terminal.out(out)
      }
    }
  }
}

/// RFC 4180 CSV.
enum CSV {
  /// Appends `s` as one RFC 4180 field: quoted, with quotes doubled, when it holds a comma, a
  /// quote or a line break.
  static func append(_ s: String, to out: inout [UInt8]) {
    let needsQuotes = s.utf8.contains { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }
    guard needsQuotes else {
      out.append(contentsOf: s.utf8)
      return
    }
    out.append(0x22)
    for b in s.utf8 {
      if b == 0x22 { out.append(0x22) }
      out.append(b)
    }
    out.append(0x22)
  }

  static func field(_ s: String) -> String {
    if s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
      return "\"" + s.replacingAll("\"", with: "\"\"") + "\""
    }
    return s
  }
  static func row(_ fields: [String]) -> String { fields.map(field).joined(separator: ",") + "\n" }
}

extension String {
  func replacingAll(_ target: Character, with replacement: String) -> String {
    var out = ""
    for c in self { if c == target { out += replacement } else { out.append(c) } }
    return out
  }
}

extension RecalculationResult {
  /// The truth-layout document with `"unsupported": [[ref, reason]]` added to each sheet.
  func addingUnsupported(to document: JSONValue, of workbook: Workbook, sheetNamed only: String?)
    -> JSONValue
  {
    guard case .object(let top) = document,
      case .array(let sheetsJSON)? = top.first(where: { $0.0 == "sheets" })?.1
    else {
      return document
    }
    let indices = workbook.sheets.indices.filter { only == nil || workbook.sheets[$0].name == only }
    var out: [JSONValue] = []
    for (k, sheetJSON) in sheetsJSON.enumerated() {
      guard case .object(var fields) = sheetJSON, k < indices.count else {
        out.append(sheetJSON)
        continue
      }
      let list = unsupported(sheet: indices[k]).map {
        JSONValue.array([.string($0.reference.description), .string($0.reason)])
      }
      fields.append(("unsupported", .array(list)))
      out.append(.object(fields))
    }
    return .object(top.map { $0.0 == "sheets" ? ("sheets", .array(out)) : $0 })
  }
}
