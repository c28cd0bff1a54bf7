import Archive
import Diagnostics
import XMLStream

extension Workbook {
  /// Reads the workbook at `path`, choosing the format from its extension.
  ///
  /// - Throws: a ``SpreadsheetError`` naming the file and, where known, the part, line,
  ///   sheet and cell: `workbook.unsupported` for other extensions, and the codes of the layers
  ///   (`zip.*`, `xml.*`, `workbook.*`).
  public init(contentsOf path: String, options: ReadOptions = .default) throws(SpreadsheetError) {
    let ext = Problem.Foreign.fileExtension(of: path)
    guard let format = SpreadsheetFormat(fileExtension: ext), !ext.isEmpty else {
      if ext.lowercased() == "xls" {
        throw SpreadsheetError(.legacyXLS, .legacyBinary, at: .init(file: path))
      }
      throw SpreadsheetError(
        .unsupported, ext.isEmpty ? .noExtension : .unknownExtension(ext, Problem.Foreign(fileExtension: ext)),
        at: .init(file: path))
    }
    try self.init(contentsOf: path, format: format, options: options)
  }

  /// Reads the workbook at `path` as `format`; an .xlsx hands its rows to `observer` while they
  /// are read.
  public init(
    contentsOf path: String, format: SpreadsheetFormat, options: ReadOptions = .default,
    observer: RowStreamObserver? = nil
  ) throws(SpreadsheetError) {
    do throws(SpreadsheetError) {
      let archive = try Archive(path: path, limits: options.archive)
      switch format {
      case .xlsx: self = try XLSXReader.read(archive, options: options, observer: observer)
      case .ods: self = try ODSReader.read(archive, options: options)
      }
    } catch {
      throw error.adding(.init(file: path))
    }
  }
}
