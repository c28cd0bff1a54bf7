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
      var style = CellStyle(numberFormat: code, indent: xf.indent)
      if xf.fontId >= 0 && xf.fontId < part.fonts.count {
        let font = part.fonts[xf.fontId]
        style.bold = font.bold
        style.italic = font.italic
        style.underline = font.underline
        style.fontColor = font.color
        style.fontSize = font.size
        style.fontName = font.name
      }
      if xf.fillId >= 0 && xf.fillId < part.fills.count { style.fill = part.fills[xf.fillId] }
      if xf.borderId >= 0 && xf.borderId < part.borders.count { style.borders = part.borders[xf.borderId] }
      style.horizontalAlignment = xf.horizontal
      style.wrap = xf.wrap
      styles.append(style)
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

/// Streams `xl/styles.xml`: the custom number formats, the fonts, solid fills and borders, and
/// each cell format (`cellXfs/xf`) with its number format, font, fill, border and alignment.
/// Only the first `numFmts`, `fonts`, `fills`, `borders` and `cellXfs` of the style sheet count,
/// and the first `alignment` of an element. Theme and indexed colours are not resolved (nil).
final class StylesPartReader: XMLContentHandler {
  struct Format {
    var numberFormatId = 0
    var fontId = 0
    var fillId = 0
    var borderId = 0
    var indent = 0
    var horizontal: HorizontalAlignment?
    var wrap = false
    var sawAlignment = false
  }
  struct Font {
    var bold = false
    var italic = false
    var underline = false
    var color: String?
    var size: Double?
    var name: String?
  }

  private(set) var numberFormats: [Int: String] = [:]
  private(set) var fonts: [Font] = []
  private(set) var fills: [String?] = []
  private(set) var borders: [CellBorders] = []
  private(set) var formats: [Format] = []

  private let numFmts, numFmt, fontsName, font, b, i, u, color, sz, nameElement: XMLName
  private let fillsName, fill, patternFill, fgColor, bordersName, border: XMLName
  private let left, right, top, bottom, start, end: XMLName
  private let cellXfs, xf, alignment: XMLName
  private let numFmtId, formatCode, fontId, fillId, borderId, val, indent, rgb, style, patternType: XMLName
  private let horizontal, wrapText: XMLName
  private var depth = 0
  private var section: XMLName = .none
  /// The depth-3 element being read (a `font`, an `xf`…).
  private var item: XMLName = .none
  /// The depth-4 element being read (a border's side, a fill's `patternFill`).
  private var subitem: XMLName = .none
  private var solid = false
  private var seen: Set<XMLName> = []
  private var sawAlignment = false

  init(parser: XMLPushParser) {
    numFmts = parser.intern("numFmts")
    numFmt = parser.intern("numFmt")
    fontsName = parser.intern("fonts")
    font = parser.intern("font")
    b = parser.intern("b")
    i = parser.intern("i")
    u = parser.intern("u")
    color = parser.intern("color")
    sz = parser.intern("sz")
    nameElement = parser.intern("name")
    fillsName = parser.intern("fills")
    fill = parser.intern("fill")
    patternFill = parser.intern("patternFill")
    fgColor = parser.intern("fgColor")
    bordersName = parser.intern("borders")
    border = parser.intern("border")
    left = parser.intern("left")
    right = parser.intern("right")
    top = parser.intern("top")
    bottom = parser.intern("bottom")
    start = parser.intern("start")
    end = parser.intern("end")
    cellXfs = parser.intern("cellXfs")
    xf = parser.intern("xf")
    alignment = parser.intern("alignment")
    numFmtId = parser.intern("numFmtId")
    formatCode = parser.intern("formatCode")
    fontId = parser.intern("fontId")
    fillId = parser.intern("fillId")
    borderId = parser.intern("borderId")
    val = parser.intern("val")
    indent = parser.intern("indent")
    rgb = parser.intern("rgb")
    style = parser.intern("style")
    patternType = parser.intern("patternType")
    horizontal = parser.intern("horizontal")
    wrapText = parser.intern("wrapText")
  }

  private func integer(_ name: XMLName, _ attributes: XMLAttributes) -> Int? {
    attributes.value(name).flatMap { Int($0.string) }
  }

  /// `ARGB` or `RGB` hex as `RRGGBB`.
  static func rgbColor(_ text: String) -> String? {
    let hex = text.uppercased()
    guard hex.count == 8 || hex.count == 6, hex.allSatisfy({ $0.isHexDigit }) else { return nil }
    return String(hex.suffix(6))
  }

  private static func flag(_ attributes: XMLAttributes, _ name: XMLName) -> Bool {
    guard let v = attributes.value(name) else { return true }
    return v.equals("1") || v.equals("true")
  }

  func startElement(_ name: XMLName, namespace: XMLName, attributes: XMLAttributes) throws(SpreadsheetError) {
    depth += 1
    if depth == 3 { item = name }
    if depth == 4 { subitem = name }
    switch depth {
    case 2:
      section = .none
      if name == numFmts || name == fontsName || name == cellXfs || name == fillsName || name == bordersName,
        seen.insert(name).inserted
      {
        section = name
      }
    case 3 where section == numFmts && name == numFmt:
      if let id = integer(numFmtId, attributes), let code = attributes.value(formatCode) {
        numberFormats[id] = code.string
      }
    case 3 where section == fontsName && name == font:
      fonts.append(Font())
    case 3 where section == fillsName && name == fill:
      fills.append(nil)
    case 3 where section == bordersName && name == border:
      borders.append(CellBorders())
    case 3 where section == cellXfs && name == xf:
      formats.append(
        Format(
          numberFormatId: integer(numFmtId, attributes) ?? 0, fontId: integer(fontId, attributes) ?? 0,
          fillId: integer(fillId, attributes) ?? 0, borderId: integer(borderId, attributes) ?? 0))
      sawAlignment = false
    case 4 where section == fontsName && item == font && !fonts.isEmpty:
      let k = fonts.count - 1
      if name == b {
        fonts[k].bold = Self.flag(attributes, val)
      } else if name == i {
        fonts[k].italic = Self.flag(attributes, val)
      } else if name == u {
        fonts[k].underline = attributes.value(val).map { !$0.equals("none") } ?? true
      } else if name == color {
        fonts[k].color = attributes.value(rgb).flatMap { Self.rgbColor($0.string) }
      } else if name == sz {
        fonts[k].size = attributes.value(val).flatMap { NumberParser.parse($0.string) }
      } else if name == nameElement {
        fonts[k].name = attributes.value(val)?.string
      }
    case 4 where section == fillsName && item == fill && name == patternFill:
      solid = attributes.value(patternType)?.equals("solid") ?? false
    case 5 where section == fillsName && subitem == patternFill && name == fgColor && solid && !fills.isEmpty:
      fills[fills.count - 1] = attributes.value(rgb).flatMap { Self.rgbColor($0.string) }
    case 4 where section == bordersName && item == border && !borders.isEmpty:
      guard let s = attributes.value(style), let lineStyle = Self.lineStyle(s.string) else { return }
      let line = BorderLine(lineStyle)
      let k = borders.count - 1
      if name == left || name == start {
        borders[k].left = line
      } else if name == right || name == end {
        borders[k].right = line
      } else if name == top {
        borders[k].top = line
      } else if name == bottom {
        borders[k].bottom = line
      }
    case 5 where section == bordersName && name == color && !borders.isEmpty:
      guard let c = attributes.value(rgb).flatMap({ Self.rgbColor($0.string) }) else { return }
      let k = borders.count - 1
      if subitem == left || subitem == start {
        borders[k].left?.color = c
      } else if subitem == right || subitem == end {
        borders[k].right?.color = c
      } else if subitem == top {
        borders[k].top?.color = c
      } else if subitem == bottom {
        borders[k].bottom?.color = c
      }
    case 4 where section == cellXfs && item == xf && name == alignment && !formats.isEmpty && !sawAlignment:
      sawAlignment = true
      let k = formats.count - 1
      formats[k].indent = integer(indent, attributes) ?? 0
      if let h = attributes.value(horizontal) {
        switch h.string {
        case "left": formats[k].horizontal = .left
        case "center", "centerContinuous": formats[k].horizontal = .center
        case "right": formats[k].horizontal = .right
        case "justify", "distributed": formats[k].horizontal = .justify
        default: break
        }
      }
      if let w = attributes.value(wrapText) { formats[k].wrap = w.equals("1") || w.equals("true") }
    default:
      break
    }
  }

  /// The border line an OOXML style name draws, or nil for none.
  static func lineStyle(_ name: String) -> BorderLine.Style? {
    switch name {
    case "none", "": return nil
    case "medium", "mediumDashed", "mediumDashDot", "mediumDashDotDot", "slantDashDot": return .medium
    case "thick": return .thick
    case "dashed", "dashDot", "dashDotDot": return .dashed
    case "dotted", "hair": return .dotted
    case "double": return .double
    default: return .thin
    }
  }

  func endElement(_ name: XMLName, namespace: XMLName) throws(SpreadsheetError) {
    if depth == 2 { section = .none }
    depth -= 1
  }

  func characters(_ text: XMLBytes) throws(SpreadsheetError) {}
}
