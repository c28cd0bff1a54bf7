import Budget
import Mustache

/// One self-contained HTML page: the summary, then each file's plan as a table (its lines, its
/// periods, the amounts as an officer reads them) with the cells of findings highlighted and
/// the messages beside them, in the row's last column. Rendered from `HTMLTemplates` with
/// swift-mustache, which escapes every value taken from a workbook.
///
/// A highlighted cell has the classes `finding finding-error` (or `-warning`, `-info`), its
/// reference in `data-cell` and its messages in `title`. A finding at a cell the table does
/// not show (a Total column's cell) is listed under the table.
public struct HTMLReport: ReportEncoder {
  public var options: ReportOptions

  public init(options: ReportOptions) { self.options = options }

  // The templates are literals of this file's module: a parse error is a bug, caught by the
  // golden tests, and rendering one shows it rather than crashing.
  private static let templates: (page: MustacheTemplate?, file: MustacheTemplate?) = (
    try? MustacheTemplate(string: HTMLTemplates.page),
    try? MustacheTemplate(string: HTMLTemplates.file)
  )

  public func render(_ outcome: FileOutcome, path: String) -> RenderedFile {
    guard let template = Self.templates.file else {
      return RenderedFile(bytes: Array("<p>template error</p>".utf8))
    }
    return RenderedFile(bytes: Array(template.render(context(outcome, path: path)).utf8))
  }

  public func document(
    _ parts: [RenderedFile], summary: Summary, write: @escaping ([UInt8]) -> Void
  ) {
    let phrases = ReportPhrases.of(options.language)
    var files = ""
    for part in parts { files += String(decoding: part.bytes, as: UTF8.self) }
    let page: [String: Any] = [
      "lang": options.language == .fr ? "fr" : "en",
      "title": phrases.pageTitle,
      "summary": phrases.summary(summary).trimmingSuffixNewline(),
      "files": files,
    ]
    let html = Self.templates.page?.render(page) ?? "<p>template error</p>"
    write(Array(html.utf8))
  }

  /// The file template's values.
  func context(_ outcome: FileOutcome, path: String) -> [String: Any] {
    let language = options.language
    let french = language == .fr
    let phrases = ReportPhrases.of(language)
    var values: [String: Any] = [
      "path": path, "status": outcome.status, "hasProblem": false, "problem": "", "hasPlan": false,
    ]
    if let problem = outcome.problem(path: path, language: language) {
      values["hasProblem"] = true
      values["problem"] = problem
    }
    guard case .checked(let check) = outcome, let plan = check.plan else { return values }
    let shown = outcome.shownFindings(options)
    var byCell: [String: [Finding]] = [:]
    for f in shown where f.sheet == plan.sheet { byCell[f.cell.description, default: []].append(f) }
    var placed = Set<String>()
    var periods: [[String: Any]] = plan.periods.map {
      ["label": $0.label + ($0.months.map(phrases.months) ?? "")]
    }
    let hasTotal = plan.lines.contains { $0.totalCell != nil }
    if hasTotal { periods.append(["label": plan.totalColumnLabel ?? "Total"]) }
    func message(_ f: Finding) -> [String: Any] {
      let place = f.sheet == plan.sheet ? f.cell.description : String.sheetPrefix(f.sheet) + f.cell.description
      return ["severity": f.severity.rawValue, "cell": place, "text": f.message(language)]
    }
    func cell(_ ref: String?, _ amount: Money?) -> [String: Any] {
      let findings = ref.flatMap { byCell[$0] } ?? []
      if let ref, !findings.isEmpty { placed.insert(ref) }
      let worst = findings.map(\.severity).max()
      return [
        "ref": ref ?? "", "amount": amount?.formatted(french: french) ?? "",
        "hasFinding": worst != nil, "severity": worst?.rawValue ?? "",
        "title": findings.map { $0.message(language) }.joined(separator: "\n"),
      ]
    }
    var rows: [[String: Any]] = []
    for line in plan.lines {
      var cells: [[String: Any]] = plan.periods.indices.map { i in
        cell(
          i < line.cells.count ? line.cells[i].description : nil,
          i < line.amounts.count ? line.amounts[i] : nil)
      }
      var refs = Set(cells.compactMap { $0["ref"] as? String })
      if hasTotal {
        cells.append(cell(line.totalCell?.description, line.total))
        if let t = line.totalCell { refs.insert(t.description) }
      }
      let messages = shown.filter { $0.sheet == plan.sheet && refs.contains($0.cell.description) }
      rows.append([
        "kind": line.kind.rawValue, "section": line.section.rawValue, "level": min(line.level, 3),
        "label": line.label, "cells": cells, "messages": messages.map(message),
      ])
    }
    let others = shown.filter { $0.sheet != plan.sheet || !placed.contains($0.cell.description) }
    var counts: [Severity: Int] = [:]
    for f in check.findings { counts[f.severity, default: 0] += 1 }
    let periodList = plan.periods.map { $0.label + ($0.months.map(phrases.months) ?? "") }
      .joined(separator: ", ")
    values["hasPlan"] = true
    values["planLine"] = phrases.planLine(plan.sheet, periodList) + (plan.blanksAreZero ? phrases.blanksAreZero : "")
    values["counts"] =
      check.findings.isEmpty
      ? phrases.fileOK
      : phrases.findingCounts(
        counts[.error] ?? 0, counts[.warning] ?? 0, counts[.info] ?? 0, outcome.hiddenCount(options)
      )
    values["lineHeading"] = phrases.lineHeading
    values["findingsHeading"] = phrases.findingsHeading
    values["otherFindings"] = phrases.otherFindings
    values["periods"] = periods
    values["rows"] = rows
    values["hasOthers"] = !others.isEmpty
    values["others"] = others.map(message)
    return values
  }
}

extension String {
  func trimmingSuffixNewline() -> String {
    hasSuffix("\n") ? String(dropLast()) : self
  }
}
