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
  /// The document styles: named styles and page layouts (ODF 1.3 Part 3 §3.1.3.3).
  static let styles = "styles.xml"
  /// LibreOffice's view settings (active sheet, frozen panes, zoom).
  static let settings = "settings.xml"
  /// The media type of a spreadsheet document (ODF 1.3 Part 2 §3.3, Appendix C).
  static let spreadsheetMediaType = "application/vnd.oasis.opendocument.spreadsheet"

  /// What the package's entries hold that the model does not carry: embedded objects (charts),
  /// images, macros.
  static func notCarried(in entries: [String]) -> [NotCarried] {
    var out: [NotCarried] = []
    var objects: Set<String> = []
    for name in entries where !name.hasSuffix("/") {
      if name.hasPrefix("Object ") || name.hasPrefix("./Object ") {
        let folder = String(name.prefix { $0 != "/" })
        if objects.insert(folder).inserted { out.append(NotCarried(.chart, part: folder)) }
      } else if name.hasPrefix("Pictures/") {
        out.append(NotCarried(.image, part: name))
      } else if name.hasPrefix("Basic/") || name.hasPrefix("Scripts/") {
        if name.hasSuffix(".xml"), !name.hasSuffix("script-lc.xml"), !name.hasSuffix("dialog-lc.xml") {
          out.append(NotCarried(.macro, part: name))
        }
      }
    }
    return out
  }
}

/// The namespace URIs of OpenDocument that the reader looks at.
enum ODSNamespace {
  static let office = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
  static let table = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
  static let text = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
  static let style = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
  static let drawing = "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
  static let meta = "urn:oasis:names:tc:opendocument:xmlns:meta:1.0"
  /// Number styles: `number:number-style`, `number:currency-style` (ODF 1.3 Part 3 §16.29).
  static let number = "urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0"
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

/// ODF lengths, colours and borders as the model keeps them (points, `RRGGBB`).
enum ODSLength {
  /// A length (`2.258cm`, `0.1665in`, `12pt`, `5mm`, `1pc`) in points, or nil.
  static func points(_ text: String) -> Double? {
    let units: [(String, Double)] = [("cm", 72 / 2.54), ("mm", 72 / 25.4), ("in", 72), ("pt", 1), ("pc", 12), ("px", 0.75)]
    for (unit, factor) in units where text.hasSuffix(unit) {
      guard let v = NumberText.double(String(text.dropLast(unit.count))), v >= 0, v < 1e6 else { return nil }
      return v * factor
    }
    return nil
  }

  /// `#rrggbb` as `RRGGBB`; nil for `transparent` or anything else.
  static func color(_ text: String) -> String? {
    guard text.hasPrefix("#"), text.count == 7 else { return nil }
    let hex = text.dropFirst().uppercased()
    return hex.allSatisfy(\.isHexDigit) ? hex : nil
  }

  /// `0.74pt solid #000000` as a border line; nil for `none`.
  static func border(_ text: String) -> BorderLine? {
    let words = text.split(separator: " ").map(String.init)
    guard !words.isEmpty, words[0] != "none", words[0] != "hidden" else { return nil }
    var width = 0.75
    var style = BorderLine.Style.thin
    var color: String?
    for w in words {
      if let p = points(w) {
        width = p
      } else if let c = Self.color(w) {
        color = c == "000000" ? nil : c
      } else {
        switch w {
        case "double": style = .double
        case "dashed", "dash-dot", "dash-dot-dot", "long-dash": style = .dashed
        case "dotted", "fine-dashed": style = .dotted
        default: break
        }
      }
    }
    if style == .thin { style = width >= 2.2 ? .thick : width >= 1.2 ? .medium : .thin }
    return BorderLine(style, color: color)
  }
}
