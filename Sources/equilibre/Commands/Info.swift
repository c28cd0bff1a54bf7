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
      let language = options.messageLanguage
      let said = Phrases.of(language)
      let label = said.infoLabels
      var out = "\(file)\n"
      out += "  \(label.format)\(workbook.format.rawValue)\n"
      out += "  \(label.producer)\(workbook.producer ?? said.unknownProducer)\n"
      out += "  \(label.dateSystem)\(workbook.dateSystem.rawValue)\n"
      out += "  \(label.sheets)\(workbook.sheets.count)\n"
      for s in workbook.sheets {
        let range = s.usedRange?.description ?? said.emptyRange
        out += "    \(language.quoted(s.name))  "
          + said.infoSheet(s.kind, s.visibility, range, s.cellCount, s.formulaCount) + "\n"
      }
      Terminal.out(out)
    }
  }
}
