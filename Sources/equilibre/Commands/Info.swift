import ArgumentParser
import Diagnostics
import Workbook

extension Equilibre {
  /// `equilibre info`: what a user wants to know first about a workbook.
  struct Info: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Print a workbook's format, producer, date system and, per sheet, its size.",
      discussion: """
        Reads every cell. Example:
          equilibre info samples/seed-meuse-asp.xlsx --format json
        """)

    @Argument(help: "The workbook (.xlsx .xlsm .xltx .xltm .ods .ots).")
    var file: String

    @Option(help: "text or json.")
    var format: TextOrJSONFormat = .text

    @OptionGroup var options: GlobalOptions

    func run() throws {
      let workbook: WorkbookStatistics
      do {
        workbook = try WorkbookStatistics(contentsOf: file, options: options.readOptions)
      } catch {
        reportUnreadable(error, format: format, options: options)
        throw ExitCode(2)
      }
      if format == .json {
        let sheets: [JSONValue] = workbook.sheets.map { s in
          .object([
            ("name", .string(s.name)),
            ("visibility", .string(s.visibility.rawValue)),
            ("kind", .string(s.kind.rawValue)),
            ("usedRange", s.usedRange.map { .string($0.description) } ?? .null),
            ("cells", .number(Double(s.cellCount))),
            ("formulas", .number(Double(s.formulaCount))),
          ])
        }
        let doc = JSONValue.object([
          ("file", .string(file)),
          ("format", .string(workbook.format.rawValue)),
          ("producer", workbook.producer.map { .string($0) } ?? .null),
          ("dateSystem", .number(Double(workbook.dateSystem.rawValue))),
          ("sheets", .array(sheets)),
        ])
        Terminal.out(doc.serialized(pretty: true) + "\n")
        return
      }
      var out = "\(file)\n"
      out += "  format:      \(workbook.format.rawValue)\n"
      out += "  producer:    \(workbook.producer ?? "unknown")\n"
      out += "  date system: \(workbook.dateSystem.rawValue)\n"
      out += "  sheets:      \(workbook.sheets.count)\n"
      for s in workbook.sheets {
        let range = s.usedRange?.description ?? "empty"
        var line = "    «\(s.name)»  \(s.kind.rawValue), \(s.visibility.rawValue), \(range)"
        line += ", \(s.cellCount) cells, \(s.formulaCount) formulas"
        out += line + "\n"
      }
      Terminal.out(out)
    }
  }
}
