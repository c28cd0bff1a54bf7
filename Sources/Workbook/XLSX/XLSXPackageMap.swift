import Archive
import Diagnostics
import XMLStream

/// Where an xlsx workbook's parts are in its package (ECMA-376 Part 2 §9): the workbook part,
/// its relationships, the part of each sheet, the shared strings, styles and calculation chain.
///
/// Made once, by the reader (``read(_:limits:)``), and kept in ``Workbook/package``: the patcher
/// edits the parts the reader read, and never resolves a sheet's part again on its own. The
/// writer lays its copy out by the map ``written(sheetCount:)`` makes: content types,
/// relationships, the workbook's `r:id`s and the part names all come from it.
struct XLSXPackageMap: Sendable {
  /// One sheet of the workbook, in workbook order.
  struct SheetPart: Sendable {
    /// The sheet's `r:id`.
    var relationshipId: String?
    /// The relationship it names (its type says worksheet, chart sheet, macro sheet…).
    var relationship: Relationship?
    /// The archive's entry for the relationship's target, when the package has it.
    var entry: String?
  }

  /// The workbook part, as the package relationships name it (or its usual path).
  var workbookPart: String
  /// The archive's entry for the workbook part.
  var workbookEntry: String
  /// The workbook part's relationships, in document order.
  var relationships: [Relationship]
  /// The sheets, in workbook order.
  var sheets: [SheetPart]
  /// The shared strings, styles and theme parts, when the package has them.
  var sharedStringsPart: String?
  var stylesPart: String?
  var themePart: String?
  /// The archive's entry for the calculation chain, when the package has one.
  var calcChainEntry: String?

  /// Finds the workbook part through the package relationships and every other part through
  /// the workbook's relationships; the usual paths are the fallback when a producer omits them.
  ///
  /// - Returns: the map, and the workbook part as read (sheets, names, date system).
  /// - Throws: `workbook.missingPart` without a workbook part; the codes of the parts read.
  static func read(_ archive: Archive, limits: XMLLimits) throws(SpreadsheetError)
    -> (map: XLSXPackageMap, workbook: WorkbookPartReader)
  {
    let workbookPart = try workbookPart(of: archive, limits: limits)
    let workbookXML = try PartReader.read(
      workbookPart, in: archive, limits: limits, WorkbookPartReader.init)
    let relationships = try Relationships.read(of: workbookPart, in: archive, limits: limits)
    var byId: [String: Relationship] = [:]
    // A repeated Id names its last relationship.
    for r in relationships { byId[r.id] = r }
    func part(_ type: XLSXParts.RelationshipType, usually usual: String?) -> String? {
      let part =
        relationships.first { XLSXParts.RelationshipType(uri: $0.type) == type }?.partName
        ?? usual.flatMap { archive.contains($0) ? $0 : nil }
      return part.flatMap { archive.contains($0) ? $0 : nil }
    }
    let sheets = workbookXML.sheets.map { entry in
      let relationship = entry.relationshipId.flatMap { byId[$0] }
      return SheetPart(
        relationshipId: entry.relationshipId, relationship: relationship,
        entry: relationship?.partName.flatMap(archive.entryName(matching:)))
    }
    let calcChain =
      relationships.first { XLSXParts.RelationshipType(uri: $0.type) == .calcChain }?.partName
      ?? XLSXParts.defaultCalcChain
    let map = XLSXPackageMap(
      workbookPart: workbookPart,
      workbookEntry: archive.entryName(matching: workbookPart) ?? workbookPart,
      relationships: relationships, sheets: sheets,
      sharedStringsPart: part(.sharedStrings, usually: XLSXParts.defaultSharedStrings),
      stylesPart: part(.styles, usually: XLSXParts.defaultStyles),
      themePart: part(.theme, usually: nil),
      calcChainEntry: archive.entryName(matching: calcChain))
    return (map, workbookXML)
  }

  /// The workbook part, found through the package relationships, else at its usual path.
  ///
  /// A damaged package-relationships part is passed over (the usual workbook path is tried), as
  /// established readers do; a forbidden construct in it is still refused.
  /// - Throws: `workbook.missingPart` when the package has no workbook part.
  static func workbookPart(of archive: Archive, limits: XMLLimits) throws(SpreadsheetError)
    -> String
  {
    var rootRelationships: [Relationship] = []
    do throws(SpreadsheetError) {
      rootRelationships = try Relationships.read(of: "", in: archive, limits: limits)
    } catch  where error.code == .xmlMalformed {
      rootRelationships = []
    }
    let workbookPart =
      rootRelationships.first { XLSXParts.RelationshipType(uri: $0.type) == .officeDocument }?
      .partName
      ?? XLSXParts.defaultWorkbook
    if archive.contains(workbookPart) { return workbookPart }
    if archive.contains(XLSXParts.defaultWorkbook) { return XLSXParts.defaultWorkbook }
    throw SpreadsheetError(
      .missingPart, .noWorkbookPart(workbookPart),
      at: .init(file: archive.path))
  }

  /// The map of the package ``XLSXWriter`` writes: the workbook at its usual path, sheet *n* at
  /// `xl/worksheets/sheetN.xml` with relationship `rIdN`, then the styles and the shared strings
  /// (ECMA-376 Part 1 §12.3: the usual names Excel gives them).
  static func written(sheetCount: Int) -> XLSXPackageMap {
    func relationship(_ number: Int, _ type: XLSXParts.RelationshipType, _ part: String)
      -> Relationship
    {
      Relationship(id: "rId\(number)", type: type.uri(strict: false), partName: part)
    }
    var relationships: [Relationship] = []
    var sheets: [SheetPart] = []
    for i in 0..<sheetCount {
      let r = relationship(i + 1, .worksheet, "xl/worksheets/sheet\(i + 1).xml")
      relationships.append(r)
      sheets.append(SheetPart(relationshipId: r.id, relationship: r, entry: r.partName))
    }
    relationships.append(relationship(sheetCount + 1, .styles, XLSXParts.defaultStyles))
    relationships.append(
      relationship(sheetCount + 2, .sharedStrings, XLSXParts.defaultSharedStrings))
    return XLSXPackageMap(
      workbookPart: XLSXParts.defaultWorkbook, workbookEntry: XLSXParts.defaultWorkbook,
      relationships: relationships, sheets: sheets,
      sharedStringsPart: XLSXParts.defaultSharedStrings,
      stylesPart: XLSXParts.defaultStyles, themePart: nil, calcChainEntry: nil)
  }

  /// The archive's entry for the workbook part's relationships, when the package has them.
  func workbookRelationshipsEntry(in archive: Archive) -> String? {
    archive.entryName(matching: Relationships.partName(for: workbookEntry))
  }
}
