import ArgumentParser
import Budget
import Diagnostics
import Workbook

extension Equilibre {
  /// `equilibre export`: the typed plan, as JSON or CSV.
  struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Write the typed plan found in a workbook: periods, lines, levels, kinds, amounts.",
      discussion: """
        JSON is the `plan` object of the check report. CSV has one row per line and period:
        section,label,level,kind,row,period,months,cell,amount.
        Example:
          equilibre export samples/seed-meuse-asp.xlsx --format csv
        """)

    @Argument(help: "The workbook (.xlsx .xlsm .xltx .xltm .ods .ots).")
    var file: String

    @Option(help: "json or csv.")
    var format: ExportFormat = .json

    @OptionGroup var options: GlobalOptions

    func run() throws {
      let workbook = try openWorkbook(file, options: options, format: format)
      guard let plan = PlanReader().read(workbook)?.plan else {
        Terminal.error(Phrases.of(options.messageLanguage).exportNoPlan(file))
        throw ExitCode(2)
      }
      switch format {
      case .csv:
        var out = CSV.row(["section", "label", "level", "kind", "row", "period", "months", "cell", "amount"])
        for line in plan.lines {
          for (i, period) in plan.periods.enumerated() where i < line.amounts.count {
            out += CSV.row([
              line.section.rawValue, line.label, String(line.level), line.kind.rawValue, String(line.displayRow),
              period.label, period.months.map(String.init) ?? "", line.cells[i].description,
              line.amounts[i]?.description ?? "",
            ])
          }
        }
        Terminal.out(out)
      default:
        Terminal.out(plan.json.serialized(pretty: true) + "\n")
      }
    }
  }
}
