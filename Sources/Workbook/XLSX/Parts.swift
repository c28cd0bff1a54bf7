/// Every part path, relationship type and namespace URI the XLSX reader uses.
///
/// Transitional (ECMA-376 Part 1) and Strict (ISO/IEC 29500 Strict) spell the same things with
/// different URIs; both are listed and matched by URI, never by prefix.
enum XLSXParts {
  static let rootRelationships = "_rels/.rels"
  static let contentTypes = "[Content_Types].xml"
  static let defaultWorkbook = "xl/workbook.xml"
  /// Where the shared strings and the styles usually are, when the relationships don't say.
  static let defaultSharedStrings = "xl/sharedStrings.xml"
  static let defaultStyles = "xl/styles.xml"
  static let appProperties = "docProps/app.xml"
  /// Where Excel keeps the calculation chain, when the workbook's relationships don't say.
  static let defaultCalcChain = "xl/calcChain.xml"

  /// A new comments part, `xl/comments3.xml` (ECMA-376 Part 1 §12.3.3).
  static func commentsPart(_ number: Int) -> String { "xl/comments\(number).xml" }
  /// A new legacy VML drawing part, which Excel needs to show comments.
  static func vmlDrawingPart(_ number: Int) -> String { "xl/drawings/vmlDrawing\(number).vml" }
  /// The extensions of the parts above, for the content types' `Default` entries.
  static let vmlExtension = "vml"
  static let relationshipsExtension = "rels"

  /// The namespace of the transitional and of the Strict SpreadsheetML main schema.
  static let transitionalSpreadsheetNamespace = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
  static let strictSpreadsheetNamespace = "http://purl.oclc.org/ooxml/spreadsheetml/main"
  /// The relationships namespace used by `r:id` attributes, by flavour.
  static func relationshipNamespace(strict: Bool) -> String {
    strict
      ? "http://purl.oclc.org/ooxml/officeDocument/relationships"
      : "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
  }
  /// The namespace of relationships parts (ECMA-376 Part 2 §9.3), the same in both flavours.
  static let packageRelationshipsNamespace = "http://schemas.openxmlformats.org/package/2006/relationships"

  /// Content types (ECMA-376 Part 2 §10.1.2) of the parts the patcher adds.
  enum ContentType {
    static let comments = "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"
    static let vmlDrawing = "application/vnd.openxmlformats-officedocument.vmlDrawing"
    static let relationships = "application/vnd.openxmlformats-package.relationships+xml"
  }

  /// The children of `workbook` that come after `calcPr` (ECMA-376 Part 1 §18.2.27, CT_Workbook).
  static let workbookElementsAfterCalcPr: [StaticString] = [
    "oleSize", "customWorkbookViews", "pivotCaches", "smartTagPr", "smartTagTypes", "webPublishing",
    "fileRecoveryPr", "webPublishObjects", "extLst",
  ]
  /// The children of `worksheet` that come after `legacyDrawing` (ECMA-376 Part 1 §18.3.1.99,
  /// CT_Worksheet).
  static let worksheetElementsAfterLegacyDrawing: [StaticString] = [
    "legacyDrawingHF", "drawingHF", "picture", "oleObjects", "controls", "webPublishItems", "tableParts",
    "extLst",
  ]

  static let spreadsheetNamespaces: Set<String> = [
    "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "http://purl.oclc.org/ooxml/spreadsheetml/main",
  ]
  static let relationshipNamespaces: Set<String> = [
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "http://purl.oclc.org/ooxml/officeDocument/relationships",
  ]

  /// Relationship types are compared by their last path segment, which both flavours share
  /// (`…/relationships/officeDocument`, `…/relationships/worksheet`).
  enum RelationshipType: String {
    case officeDocument
    case worksheet
    case chartsheet
    case dialogsheet
    case macrosheet = "xlMacrosheet"
    case intlMacrosheet = "xlIntlMacrosheet"
    case sharedStrings
    case styles
    case theme
    case table
    case extendedProperties = "extended-properties"
    case calcChain
    case comments
    case vmlDrawing

    /// The full URI of this type, in the Strict or the transitional flavour.
    func uri(strict: Bool) -> String {
      (strict
        ? "http://purl.oclc.org/ooxml/officeDocument/relationships/"
        : "http://schemas.openxmlformats.org/officeDocument/2006/relationships/") + rawValue
    }

    init?(uri: String) {
      let utf8 = uri.utf8
      var end = utf8.endIndex
      while end > utf8.startIndex, utf8[utf8.index(before: end)] == UInt8(ascii: "/") { end = utf8.index(before: end) }
      var start = end
      while start > utf8.startIndex, utf8[utf8.index(before: start)] != UInt8(ascii: "/") {
        start = utf8.index(before: start)
      }
      guard start < end, let last = String(utf8[start..<end]) else { return nil }
      self.init(rawValue: last)
    }
  }

  /// What the package's entries hold that the model does not carry, by entry name: charts,
  /// drawings, images, macros, pivot tables, comments, embedded objects, external links, tables.
  static func notCarried(in entries: [String]) -> [NotCarried] {
    var out: [NotCarried] = []
    for name in entries where !name.hasSuffix("/") && !name.contains("/_rels/") {
      let lower = name.lowercased()
      let kind: NotCarried.Kind?
      if lower.hasPrefix("xl/charts/chart") { kind = .chart }
      else if lower.hasPrefix("xl/drawings/") && lower.hasSuffix(".xml") { kind = .drawing }
      else if lower.hasPrefix("xl/media/") { kind = .image }
      else if lower.hasSuffix("vbaproject.bin") { kind = .macro }
      else if lower.hasPrefix("xl/pivottables/") { kind = .pivotTable }
      else if lower.hasPrefix("xl/comments") || lower.hasPrefix("xl/threadedcomments/") { kind = .comment }
      else if lower.hasPrefix("xl/embeddings/") { kind = .embeddedObject }
      else if lower.hasPrefix("xl/externallinks/") { kind = .externalLink }
      else if lower.hasPrefix("xl/tables/") { kind = .table }
      else { kind = nil }
      if let kind { out.append(NotCarried(kind, part: name)) }
    }
    return out
  }
}

/// Units of the worksheet part.
enum XLSXUnits {
  /// Points per unit of column width (a character of the default font's widest digit, 7 pixels
  /// at 96 dpi for Calibri 11: ECMA-376 Part 1 §18.3.1.13).
  static let pointsPerCharacter = 5.25
}
