/// Every part path and namespace URI the ODS reader uses (OpenDocument 1.3 Part 2 §3, Part 3).
///
/// Elements and attributes are matched by namespace URI and local name, never by prefix: a
/// producer may bind `table:` to any prefix it likes.
enum ODSParts {
  /// The document body: sheets, rows, cells (ODF 1.3 Part 3 §3.1.3.2).
  static let content = "content.xml"
  /// Document metadata: the generator (ODF 1.3 Part 3 §3.1.3.4).
  static let meta = "meta.xml"
  /// The package manifest, which says which entries are encrypted (ODF 1.3 Part 2 §4).
  static let manifest = "META-INF/manifest.xml"
  /// The package's media type, which ODF wants first in the zip and stored, not deflated
  /// (ODF 1.3 Part 2 §3.3).
  static let mimetype = "mimetype"
}

/// The namespace URIs of OpenDocument that the reader looks at.
enum ODSNamespace {
  static let office = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
  static let table = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
  static let text = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
  static let style = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
  static let drawing = "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
  static let meta = "urn:oasis:names:tc:opendocument:xmlns:meta:1.0"
  static let manifest = "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"
  /// XSL-FO compatible properties: `fo:font-weight`, `fo:margin-left` (ODF 1.3 Part 3 §20).
  static let fo = "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
  /// LibreOffice's extension namespace; `calcext:value-type="error"` marks an error result.
  static let calcExtension = "urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0"
  /// OpenFormula, the `of:` that prefixes formulas (ODF 1.3 Part 4 §2.2); a formula's prefix is
  /// resolved like an element's.
  static let openFormula = "urn:oasis:names:tc:opendocument:xmlns:of:1.2"
  /// Dublin Core: an annotation's author, `dc:creator` (ODF 1.3 Part 3 §14.1).
  static let dublinCore = "http://purl.org/dc/elements/1.1/"
}
