import Archive
import Diagnostics
import XMLStream

/// Writes a ``Workbook`` as an OpenDocument spreadsheet (ODF 1.3): `mimetype` first and stored,
/// `META-INF/manifest.xml`, `content.xml` (automatic styles for cells, columns, rows and tables,
/// number styles, the tables and named ranges), `styles.xml` (the default cell style) and
/// `meta.xml`.
///
/// Runs of empty rows and cells are written as `table:number-rows-repeated` and
/// `table:number-columns-repeated`; merged ranges as spans over covered cells (a covered cell
/// that holds a value keeps it). Number styles live in `content.xml`'s automatic styles, next to
/// the cell styles that use them, as LibreOffice writes them.
enum ODSWriter {
  static func write(_ workbook: Workbook, to archive: ArchiveWriter) throws(SpreadsheetError) -> WorkbookWriter.Report {
    var document = ODSDocumentWriter(
      context: ODSWriteContext(workbook), cellCount: workbook.sheets.reduce(0) { $0 + $1.cells.count })
    for sheet in workbook.sheets { document.write(sheet) }
    return try document.finish(workbook, to: archive)
  }

  /// A length in points, as ODF writes it (`64.5pt`).
  static func length(_ points: Double) -> String {
    var w = XMLWriter(capacity: 16)
    w.number((points * 1000).rounded() / 1000)
    w.raw("pt")
    return String(decoding: w.take(), as: UTF8.self)
  }

  static func namespaces(_ w: inout XMLWriter) {
    w.raw(" xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\"")
    w.raw(" xmlns:style=\"urn:oasis:names:tc:opendocument:xmlns:style:1.0\"")
    w.raw(" xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\"")
    w.raw(" xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\"")
    w.raw(" xmlns:fo=\"urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0\"")
    w.raw(" xmlns:number=\"urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0\"")
    w.raw(" xmlns:svg=\"urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0\"")
    w.raw(" xmlns:of=\"urn:oasis:names:tc:opendocument:xmlns:of:1.2\"")
    w.raw(" xmlns:calcext=\"urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0\"")
  }

  static func manifest() -> [UInt8] {
    var w = XMLWriter()
    w.declaration()
    w.raw("<manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\" manifest:version=\"1.3\">")
    w.raw("<manifest:file-entry manifest:full-path=\"/\" manifest:version=\"1.3\" manifest:media-type=\"application/vnd.oasis.opendocument.spreadsheet\"/>")
    w.raw("<manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/>")
    w.raw("<manifest:file-entry manifest:full-path=\"styles.xml\" manifest:media-type=\"text/xml\"/>")
    w.raw("<manifest:file-entry manifest:full-path=\"meta.xml\" manifest:media-type=\"text/xml\"/>")
    w.raw("<manifest:file-entry manifest:full-path=\"settings.xml\" manifest:media-type=\"text/xml\"/>")
    w.raw("</manifest:manifest>")
    return w.take()
  }

  /// The view LibreOffice opens (ODF 1.3 Part 3 §3.10, LibreOffice's items): the active sheet
  /// and each sheet's frozen panes (split mode 2, the positions counting frozen columns and rows).
  static func settings(_ workbook: Workbook) -> [UInt8] {
    var w = XMLWriter()
    w.declaration()
    w.raw("<office:document-settings xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" xmlns:config=\"urn:oasis:names:tc:opendocument:xmlns:config:1.0\" office:version=\"1.3\"><office:settings><config:config-item-set config:name=\"ooo:view-settings\"><config:config-item-map-indexed config:name=\"Views\"><config:config-item-map-entry><config:config-item config:name=\"ViewId\" config:type=\"string\">view1</config:config-item>")
    func item(_ name: StaticString, _ type: StaticString, _ value: Int, _ w: inout XMLWriter) {
      w.raw("<config:config-item config:name=\"")
      w.raw(name)
      w.raw("\" config:type=\"")
      w.raw(type)
      w.raw("\">")
      w.integer(value)
      w.raw("</config:config-item>")
    }
    let frozen = workbook.sheets.filter { $0.frozenRows > 0 || $0.frozenColumns > 0 }
    if !frozen.isEmpty {
      w.raw("<config:config-item-map-named config:name=\"Tables\">")
      for sheet in frozen {
        let columns = Int(min(sheet.frozenColumns, CellReference.maxColumns - 1))
        let rows = Int(min(sheet.frozenRows, CellReference.maxRows - 1))
        w.raw("<config:config-item-map-entry")
        w.attribute("config:name", sheet.name)
        w.raw(">")
        item("HorizontalSplitMode", "short", columns > 0 ? 2 : 0, &w)
        item("VerticalSplitMode", "short", rows > 0 ? 2 : 0, &w)
        item("HorizontalSplitPosition", "int", columns, &w)
        item("VerticalSplitPosition", "int", rows, &w)
        item("ActiveSplitRange", "short", rows > 0 ? 2 : 3, &w)
        item("PositionLeft", "int", 0, &w)
        item("PositionRight", "int", columns, &w)
        item("PositionTop", "int", 0, &w)
        item("PositionBottom", "int", rows, &w)
        w.raw("</config:config-item-map-entry>")
      }
      w.raw("</config:config-item-map-named>")
    }
    if !workbook.sheets.isEmpty {
      w.raw("<config:config-item config:name=\"ActiveTable\" config:type=\"string\">")
      w.text(workbook.sheets[workbook.shownSheet].name)
      w.raw("</config:config-item>")
    }
    w.raw("</config:config-item-map-entry></config:config-item-map-indexed></config:config-item-set></office:settings></office:document-settings>")
    return w.take()
  }

  /// No dates: the same workbook gives the same bytes.
  static func meta() -> [UInt8] {
    var w = XMLWriter()
    w.declaration()
    w.raw("<office:document-meta xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" xmlns:meta=\"urn:oasis:names:tc:opendocument:xmlns:meta:1.0\" office:version=\"1.3\"><office:meta><meta:generator>Equilibre</meta:generator></office:meta></office:document-meta>")
    return w.take()
  }

  static func documentStyles(_ styles: ODSCellStyles) -> [UInt8] {
    var w = XMLWriter()
    w.declaration()
    w.raw("<office:document-styles")
    namespaces(&w)
    w.raw(" office:version=\"1.3\">")
    styles.fontFaces(&w)
    w.raw("<office:styles>")
    styles.defaultStyles(&w)
    w.raw("</office:styles></office:document-styles>")
    return w.take()
  }

  /// The workbook's names (`sheet` nil), or those local to one sheet, written inside its table.
  static func writeNamedExpressions(_ context: ODSWriteContext, sheet: Int?, into w: inout XMLWriter) {
    let sheetNames = context.sheetNames
    let names = context.definedNames.filter {
      guard !$0.formula.isEmpty else { return false }
      let local = $0.sheetIndex.flatMap { $0 >= 0 && $0 < sheetNames.count ? $0 : nil }
      return local == sheet
    }
    guard !names.isEmpty else { return }
    w.raw("<table:named-expressions>")
    for name in names {
      let base: String
      if let i = name.sheetIndex, i >= 0, i < sheetNames.count {
        base = "$" + SheetWriter.quotedSheet(sheetNames[i]) + ".$A$1"
      } else {
        base = "$" + SheetWriter.quotedSheet(sheetNames.first ?? "Sheet1") + ".$A$1"
      }
      if name.formula.hasPrefix("of:") {
        w.raw("<table:named-expression")
        w.attribute("table:name", name.name)
        w.attribute("table:base-cell-address", base)
        w.attribute("table:expression", name.formula)
      } else {
        w.raw("<table:named-range")
        w.attribute("table:name", name.name)
        w.attribute("table:base-cell-address", base)
        w.attribute("table:cell-range-address", name.formula)
      }
      w.raw("/>")
    }
    w.raw("</table:named-expressions>")
  }
}

/// The automatic cell styles of `content.xml`: one per model style and number kind used, with
/// the number style its format code gives.
struct ODSCellStyles {
  private var styles: [CellStyle]
  /// Per model style and kind, the automatic style number (`ce3`), 0 when none is needed, -1
  /// when not made yet.
  private var byKind: [Int32]
  private var made: [(style: CellStyle, dataStyle: Int?)] = []
  private var madeIndex: [CellStyle: Int] = [:]
  private var dataStyles: [String: Int] = [:]
  private var dataStyleXML = XMLWriter()
  private var fonts: [String] = []
  private static let kinds = 7

  init(_ styles: [CellStyle]) {
    self.styles = styles.isEmpty ? [.plain] : styles
    byKind = Array(repeating: -1, count: self.styles.count * Self.kinds)
    for s in self.styles {
      if let f = s.fontName, !fonts.contains(f) { fonts.append(f) }
    }
  }

  /// The automatic style name number for a cell of model style `style` holding a value of
  /// `kind` (nil for a non-number), or 0 for the default style.
  mutating func index(_ style: Int32, kind: NumberKind) -> Int {
    let i = Int(style) >= 0 && Int(style) < styles.count ? Int(style) : 0
    let slot = i * Self.kinds + Int(kind.rawValue)
    if byKind[slot] >= 0 { return Int(byKind[slot]) }
    var s = styles[i]
    if s.numberFormat == "General" || s.numberFormat.isEmpty, let code = NumberFormat.defaultCode(for: kind) {
      s.numberFormat = code
    }
    var result = 0
    if s != .plain {
      var data: Int? = nil
      if let known = dataStyles[s.numberFormat] {
        data = known
      } else {
        let n = dataStyles.count + 1
        if NumberStyleWriter.write(s.numberFormat, name: "N\(n)", into: &dataStyleXML) {
          dataStyles[s.numberFormat] = n
          data = n
        }
      }
      if let same = madeIndex[s] {
        result = same
      } else {
        made.append((s, data))
        result = made.count
        madeIndex[s] = result
      }
    }
    byKind[slot] = Int32(result)
    return result
  }

  func fontFaces(_ w: inout XMLWriter) {
    guard !fonts.isEmpty else { return }
    w.raw("<office:font-face-decls>")
    for f in fonts {
      w.raw("<style:font-face")
      w.attribute("style:name", f)
      w.attribute("svg:font-family", f)
      w.raw("/>")
    }
    w.raw("</office:font-face-decls>")
  }

  func defaultStyles(_ w: inout XMLWriter) {
    let base = styles[0]
    w.raw("<style:default-style style:family=\"table-cell\"><style:text-properties")
    if let f = base.fontName { w.attribute("style:font-name", f) }
    if let size = base.fontSize { w.attribute("fo:font-size", ODSWriter.length(size)) }
    w.raw("/></style:default-style><style:style style:name=\"Default\" style:family=\"table-cell\"/>")
  }

  private static func border(_ line: BorderLine) -> String {
    let color = "#" + (line.color ?? "000000")
    switch line.style {
    case .thin: return "0.74pt solid " + color
    case .medium: return "1.76pt solid " + color
    case .thick: return "2.49pt solid " + color
    case .dashed: return "0.74pt dashed " + color
    case .dotted: return "0.74pt dotted " + color
    case .double: return "2.01pt double " + color
    }
  }

  func automaticStyles(_ w: inout XMLWriter) {
    w.rawString(String(decoding: dataStyleXML.bytes, as: UTF8.self))
    for (k, entry) in made.enumerated() {
      let s = entry.style
      w.raw("<style:style style:name=\"ce")
      w.integer(k + 1)
      w.raw("\" style:family=\"table-cell\" style:parent-style-name=\"Default\"")
      if let d = entry.dataStyle {
        w.raw(" style:data-style-name=\"N")
        w.integer(d)
        w.raw("\"")
      }
      w.raw(">")
      let aligned = s.horizontalAlignment != nil || s.indent > 0
      if s.fill != nil || s.wrap || !s.borders.isEmpty || aligned {
        w.raw("<style:table-cell-properties")
        if let fill = s.fill { w.attribute("fo:background-color", "#" + fill) }
        if s.wrap { w.raw(" fo:wrap-option=\"wrap\"") }
        if let l = s.borders.left { w.attribute("fo:border-left", Self.border(l)) }
        if let l = s.borders.right { w.attribute("fo:border-right", Self.border(l)) }
        if let l = s.borders.top { w.attribute("fo:border-top", Self.border(l)) }
        if let l = s.borders.bottom { w.attribute("fo:border-bottom", Self.border(l)) }
        if aligned { w.raw(" style:text-align-source=\"fix\" style:repeat-content=\"false\"") }
        w.raw("/>")
      }
      if aligned {
        w.raw("<style:paragraph-properties")
        switch s.horizontalAlignment {
        case .left?: w.raw(" fo:text-align=\"start\"")
        case .center?: w.raw(" fo:text-align=\"center\"")
        case .right?: w.raw(" fo:text-align=\"end\"")
        case .justify?: w.raw(" fo:text-align=\"justify\"")
        case nil: w.raw(" fo:text-align=\"start\"")
        }
        if s.indent > 0 { w.attribute("fo:margin-left", ODSWriter.length(Double(min(s.indent, 250)) * 10.0)) }
        w.raw("/>")
      }
      if s.bold || s.italic || s.underline || s.fontColor != nil || s.fontSize != nil || s.fontName != nil {
        w.raw("<style:text-properties")
        if let f = s.fontName { w.attribute("style:font-name", f) }
        if let size = s.fontSize {
          let t = ODSWriter.length(size)
          w.attribute("fo:font-size", t)
          w.attribute("style:font-size-asian", t)
          w.attribute("style:font-size-complex", t)
        }
        if s.bold {
          w.raw(" fo:font-weight=\"bold\" style:font-weight-asian=\"bold\" style:font-weight-complex=\"bold\"")
        }
        if s.italic {
          w.raw(" fo:font-style=\"italic\" style:font-style-asian=\"italic\" style:font-style-complex=\"italic\"")
        }
        if s.underline {
          w.raw(" style:text-underline-style=\"solid\" style:text-underline-width=\"auto\" style:text-underline-color=\"font-color\"")
        }
        if let c = s.fontColor { w.attribute("fo:color", "#" + c) }
        w.raw("/>")
      }
      w.raw("</style:style>")
    }
  }
}
