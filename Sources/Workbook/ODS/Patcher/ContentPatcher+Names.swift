extension ContentPatcher {
  /// The local names and conventional prefixes the patcher reads and writes, spelled once.
  enum Name {
    static let spreadsheet = Array("spreadsheet".utf8)
    static let table = Array("table".utf8)
    static let row = Array("table-row".utf8)
    static let cell = Array("table-cell".utf8)
    static let styleName = Array("style-name".utf8)
    static let coveredCell = Array("covered-table-cell".utf8)
    static let annotation = Array("annotation".utf8)
    static let name = Array("name".utf8)
    static let rowsRepeated = Array("number-rows-repeated".utf8)
    static let columnsRepeated = Array("number-columns-repeated".utf8)
    static let formula = Array("formula".utf8)
    static let matrixColumnsSpanned = Array("number-matrix-columns-spanned".utf8)
    static let matrixRowsSpanned = Array("number-matrix-rows-spanned".utf8)
    static let valueType = Array("value-type".utf8)
    static let value = Array("value".utf8)
    static let paragraph = Array("p".utf8)
    static let space = Array("s".utf8)
    static let spaceCount = Array("c".utf8)
    static let tab = Array("tab".utf8)
    static let lineBreak = Array("line-break".utf8)
    static let forms = Array("forms".utf8)
    static let ddeSource = Array("dde-source".utf8)
    static let xmlns = Array("xmlns".utf8)
    /// The value attributes a patched cell loses (ODF 1.3 Part 3 §19.385–§19.391), in `office:`.
    static let officeValues = [
      "value-type", "value", "date-value", "time-value", "boolean-value", "string-value",
      "currency",
    ]
    .map { Array($0.utf8) }
    /// The children of `table:table` that come before its rows.
    static let beforeRows = [
      "title", "desc", "table-source", "scenario", "shapes", "table-column", "table-columns",
      "table-column-group",
      "table-header-columns",
    ].map { Array($0.utf8) }
    static let officePrefix = Array("office".utf8)
    static let tablePrefix = Array("table".utf8)
    static let textPrefix = Array("text".utf8)
    static let dublinCorePrefix = Array("dc".utf8)
    static let openFormulaPrefix = Array("of".utf8)
    static let cellRangeSource = Array("cell-range-source".utf8)
    static let creator = Array("creator".utf8)
  }
}
