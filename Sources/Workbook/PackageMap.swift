/// Where the reader found a workbook's parts in its package (sheet → part, relationships): kept
/// with the ``Workbook`` so that the patcher edits exactly the parts the reader read, without
/// working them out again.
///
/// It describes the file, not the model: ``Workbook``'s equality ignores it.
public struct PackageMap: Sendable {
  enum Format: Sendable {
    case xlsx(XLSXPackageMap)
    case ods(ODSPackageMap)
  }

  let format: Format

  /// The xlsx map, when the workbook was read from an xlsx package.
  var xlsx: XLSXPackageMap? {
    if case .xlsx(let map) = format { return map }
    return nil
  }

  /// The ods map, when the workbook was read from an ods package.
  var ods: ODSPackageMap? {
    if case .ods(let map) = format { return map }
    return nil
  }
}
