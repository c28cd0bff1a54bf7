/// Every part path, relationship type and namespace URI the XLSX reader uses.
///
/// Transitional (ECMA-376 Part 1) and Strict (ISO/IEC 29500 Strict) spell the same things with
/// different URIs; both are listed and matched by URI, never by prefix.
enum XLSXParts {
  static let rootRelationships = "_rels/.rels"
  static let contentTypes = "[Content_Types].xml"
  static let defaultWorkbook = "xl/workbook.xml"
  static let appProperties = "docProps/app.xml"

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
    case extendedProperties = "extended-properties"

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
}
