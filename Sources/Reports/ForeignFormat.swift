/// A spreadsheet format Equilibre does not read, as a file's extension names it: what `check`
/// lists as `unsupported` when it finds one in a folder, with what to do instead (save it as
/// .xlsx or .ods).
public enum ForeignFormat: Sendable, Equatable {
  /// Excel 97–2003 (BIFF8 in an OLE2 container): `.xls`, `.xlt`.
  case legacyExcel
  /// Excel's binary workbook: `.xlsb`.
  case excelBinary
  /// Values separated by commas, semicolons or tabs: `.csv`, `.tsv`.
  case delimitedText
  /// Apple Numbers: `.numbers`.
  case numbers
  /// OpenDocument as one XML file, not a package: `.fods`.
  case flatOpenDocument
  /// Another spreadsheet program's format: StarOffice, Gnumeric, Lotus 1-2-3, Quattro Pro, WPS,
  /// DIF, SYLK, Works.
  case otherSpreadsheet

  /// The format `fileExtension` names (any case, without the dot), or nil when it names none.
  public init?(fileExtension: String) {
    switch fileExtension.lowercased() {
    case "xls", "xlt": self = .legacyExcel
    case "xlsb": self = .excelBinary
    case "csv", "tsv": self = .delimitedText
    case "numbers": self = .numbers
    case "fods": self = .flatOpenDocument
    case "sxc", "stc", "gnumeric", "wk1", "wk3", "wk4", "wks", "123", "qpw", "wb1", "wb2", "wb3",
      "et", "ett",
      "dif", "slk", "xlr", "uos":
      self = .otherSpreadsheet
    default: return nil
    }
  }
}

extension ForeignFormat {
  /// The extension of the file `path` names, without the dot; empty when it has none (a name
  /// that starts with its only dot, `.profile`, has none).
  public static func fileExtension(of path: String) -> String {
    let base = path.split(separator: "/").last.map(String.init) ?? path
    guard let dot = base.lastIndex(of: "."), dot != base.startIndex else { return "" }
    return String(base[base.index(after: dot)...])
  }
}
