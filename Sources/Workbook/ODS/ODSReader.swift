import Archive
import Diagnostics
import XMLStream

enum ODSReader {
  static func read(_ archive: Archive, options: ReadOptions) throws(SpreadsheetError) -> Workbook {
    throw SpreadsheetError(.unsupported, "ODS is not read yet")
  }
}
