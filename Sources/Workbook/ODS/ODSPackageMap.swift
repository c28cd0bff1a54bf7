import Archive
import Diagnostics

/// Where an ods workbook's parts are in its package (ODF 1.3 Part 2 §3): the archive's entries
/// for `content.xml`, which holds every table (sheet *n* is the *n*-th `table:table` of the
/// body), and for `mimetype`.
///
/// Made once, by the reader, and kept in ``Workbook/package`` for the patcher.
struct ODSPackageMap: Sendable {
  /// The archive's entry for `content.xml`.
  var contentEntry: String
  /// The archive's entry for `mimetype`, when the package has one.
  var mimetypeEntry: String?

  /// The map of `archive`.
  /// - Throws: `workbook.missingPart` without `content.xml`.
  init(_ archive: Archive) throws(SpreadsheetError) {
    guard let content = archive.entryName(matching: ODSParts.content) else {
      throw SpreadsheetError(.missingPart, .noContent, at: .init(file: archive.path))
    }
    contentEntry = content
    mimetypeEntry = archive.entryName(matching: ODSParts.mimetype)
  }
}
