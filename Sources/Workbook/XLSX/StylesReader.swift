import Diagnostics
import XMLStream

/// Reads `xl/styles.xml` (ECMA-376 Part 1 §18.8): one ``CellStyle`` and one ``NumberKind``
/// per cell format (`cellXfs/xf`), in order, so a cell's `s` attribute indexes both.
struct XLSXStyles {
  var styles: [CellStyle] = [.plain]
  var kinds: [NumberKind] = [.plain]

  init() {}

  /// The styles of a parsed `styles.xml`.
  init(_ part: StylesPartReader) {
    guard !part.formats.isEmpty else { return }
    styles = []
    kinds = []
    for xf in part.formats {
      let id = xf.numberFormatId
      let code = part.numberFormats[id] ?? NumberFormat.builtinCode(id) ?? "General"
      let bold = xf.fontId >= 0 && xf.fontId < part.boldFonts.count && part.boldFonts[xf.fontId]
      styles.append(CellStyle(numberFormat: code, bold: bold, indent: xf.indent))
      var kind = NumberFormat.kind(of: code)
      // Built-in ids whose codes depend on the locale still mean dates.
      if part.numberFormats[id] == nil, (14...22).contains(id) || (27...36).contains(id) || (45...47).contains(id)
        || (50...58).contains(id)
      {
        kind = id == 46 ? .duration : .date
      }
      kinds.append(kind)
    }
  }
}

/// Streams `xl/styles.xml`: the custom number formats, which fonts are bold, and each cell
/// format (`cellXfs/xf`) with its number format, font and indentation. Only the first
/// `numFmts`, `fonts` and `cellXfs` of the style sheet count, and the first `b` and
/// `alignment` of an element.
final class StylesPartReader: XMLContentHandler {
  struct Format {
    var numberFormatId = 0
    var fontId = 0
    var indent = 0
    var sawAlignment = false
  }

  private(set) var numberFormats: [Int: String] = [:]
  private(set) var boldFonts: [Bool] = []
  private(set) var formats: [Format] = []

  private let numFmts: XMLName
  private let numFmt: XMLName
  private let fonts: XMLName
  private let font: XMLName
  private let b: XMLName
  private let cellXfs: XMLName
  private let xf: XMLName
  private let alignment: XMLName
  private let numFmtId: XMLName
  private let formatCode: XMLName
  private let fontId: XMLName
  private let val: XMLName
  private let indent: XMLName
  private var depth = 0
  private var section: XMLName = .none
  /// The depth-3 element being read (a `font`, an `xf`…).
  private var item: XMLName = .none
  private var seen: Set<XMLName> = []
  private var sawBold = false

  init(parser: XMLPushParser) {
    numFmts = parser.intern("numFmts")
    numFmt = parser.intern("numFmt")
    fonts = parser.intern("fonts")
    font = parser.intern("font")
    b = parser.intern("b")
    cellXfs = parser.intern("cellXfs")
    xf = parser.intern("xf")
    alignment = parser.intern("alignment")
    numFmtId = parser.intern("numFmtId")
    formatCode = parser.intern("formatCode")
    fontId = parser.intern("fontId")
    val = parser.intern("val")
    indent = parser.intern("indent")
  }

  private func integer(_ name: XMLName, _ attributes: XMLAttributes) -> Int? {
    attributes.value(name).flatMap { Int($0.string) }
  }

  func startElement(_ name: XMLName, namespace: XMLName, attributes: XMLAttributes) throws(SpreadsheetError) {
    depth += 1
    if depth == 3 { item = name }
    switch depth {
    case 2:
      section = .none
      if name == numFmts || name == fonts || name == cellXfs, seen.insert(name).inserted { section = name }
    case 3 where section == numFmts && name == numFmt:
      if let id = integer(numFmtId, attributes), let code = attributes.value(formatCode) {
        numberFormats[id] = code.string
      }
    case 3 where section == fonts && name == font:
      boldFonts.append(false)
      sawBold = false
    case 3 where section == cellXfs && name == xf:
      formats.append(
        Format(numberFormatId: integer(numFmtId, attributes) ?? 0, fontId: integer(fontId, attributes) ?? 0))
    case 4 where section == fonts && item == font && name == b && !boldFonts.isEmpty && !sawBold:
      sawBold = true
      let v = attributes.value(val)
      boldFonts[boldFonts.count - 1] = v == nil || v!.equals("1") || v!.equals("true")
    case 4 where section == cellXfs && item == xf && name == alignment && !formats.isEmpty
      && !formats[formats.count - 1].sawAlignment:
      formats[formats.count - 1].sawAlignment = true
      formats[formats.count - 1].indent = integer(indent, attributes) ?? 0
    default:
      break
    }
  }

  func endElement(_ name: XMLName, namespace: XMLName) throws(SpreadsheetError) {
    if depth == 2 { section = .none }
    depth -= 1
  }

  func characters(_ text: XMLBytes) throws(SpreadsheetError) {}
}
