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

  /// The theme's colours in the order cells index them (`lt1 dk1 lt2 dk2 accent1…6 hlink
  /// folHlink`), `RRGGBB`.
  private let theme: [String]
  private let themeName, tintName, indexedName: XMLName

  init(parser: XMLPushParser, theme: [String] = []) {
    self.theme = theme
    themeName = parser.intern("theme")
    tintName = parser.intern("tint")
    indexedName = parser.intern("indexed")
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

  /// The colour a `color`/`fgColor` element names: `rgb`, else a theme colour with its tint,
  /// else an entry of the legacy indexed palette; nil for automatic colours and the unknown.
  private func color(_ attributes: XMLAttributes) -> String? {
    if let v = attributes.value(rgb) { return Self.rgbColor(v.string) }
    if let t = attributes.value(themeName)?.integer, t >= 0, t < theme.count {
      let tint = attributes.value(tintName)?.double ?? 0
      return XLSXColors.tinted(theme[t], tint)
    }
    if let i = attributes.value(indexedName)?.integer, i >= 0, i < XLSXColors.indexed.count {
      return XLSXColors.indexed[i]
    }
    return nil
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
        fonts[k].color = color(attributes)
      } else if name == sz {
        fonts[k].size = attributes.value(val).flatMap { NumberParser.parse($0.string) }
      } else if name == nameElement {
        fonts[k].name = attributes.value(val)?.string
      }
    case 4 where section == fillsName && item == fill && name == patternFill:
      solid = attributes.value(patternType)?.equals("solid") ?? false
    case 5 where section == fillsName && subitem == patternFill && name == fgColor && solid && !fills.isEmpty:
      fills[fills.count - 1] = color(attributes)
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
      guard let c = color(attributes) else { return }
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

/// Colours of `xl/theme/theme1.xml` (DrawingML `a:clrScheme`, ECMA-376 Part 1 §20.1.6.2) and the
/// legacy indexed palette (§18.8.27).
enum XLSXColors {
  /// The 64 colours of the default indexed palette (64 and 65 are the system's: not listed).
  static let indexed: [String] = [
    "000000", "FFFFFF", "FF0000", "00FF00", "0000FF", "FFFF00", "FF00FF", "00FFFF",
    "000000", "FFFFFF", "FF0000", "00FF00", "0000FF", "FFFF00", "FF00FF", "00FFFF",
    "800000", "008000", "000080", "808000", "800080", "008080", "C0C0C0", "808080",
    "9999FF", "993366", "FFFFCC", "CCFFFF", "660066", "FF8080", "0066CC", "CCCCFF",
    "000080", "FF00FF", "FFFF00", "00FFFF", "800080", "800000", "008080", "0000FF",
    "00CCFF", "CCFFFF", "CCFFCC", "FFFF99", "99CCFF", "FF99CC", "CC99FF", "FFCC99",
    "3366FF", "33CCCC", "99CC00", "FFCC00", "FF9900", "FF6600", "666699", "969696",
    "003366", "339966", "003300", "333300", "993300", "993366", "333399", "333333",
  ]

  /// `rgb` lightened (tint > 0) or darkened (tint < 0) in HLS, as ECMA-376 Part 1 §18.8.19 says.
  static func tinted(_ rgb: String, _ tint: Double) -> String {
    guard tint != 0, let v = UInt32(rgb, radix: 16) else { return rgb }
    let r = Double((v >> 16) & 0xFF) / 255, g = Double((v >> 8) & 0xFF) / 255, b = Double(v & 0xFF) / 255
    let hi = max(r, g, b), lo = min(r, g, b)
    var l = (hi + lo) / 2
    let d = hi - lo
    var h = 0.0
    var s = 0.0
    if d > 0 {
      s = l > 0.5 ? d / (2 - hi - lo) : d / (hi + lo)
      if hi == r { h = (g - b) / d + (g < b ? 6 : 0) } else if hi == g { h = (b - r) / d + 2 } else { h = (r - g) / d + 4 }
      h /= 6
    }
    l = tint < 0 ? l * (1 + tint) : l * (1 - tint) + tint
    func channel(_ p: Double, _ q: Double, _ t0: Double) -> Double {
      var t = t0
      if t < 0 { t += 1 }
      if t > 1 { t -= 1 }
      if t < 1.0 / 6 { return p + (q - p) * 6 * t }
      if t < 0.5 { return q }
      if t < 2.0 / 3 { return p + (q - p) * (2.0 / 3 - t) * 6 }
      return p
    }
    var out = (l, l, l)
    if s > 0 {
      let q = l < 0.5 ? l * (1 + s) : l + s - l * s
      let p = 2 * l - q
      out = (channel(p, q, h + 1.0 / 3), channel(p, q, h), channel(p, q, h - 1.0 / 3))
    }
    let hex = { (x: Double) -> String in
      let n = Int((min(max(x, 0), 1) * 255).rounded())
      let t = String(n, radix: 16, uppercase: true)
      return t.count == 1 ? "0" + t : t
    }
    return hex(out.0) + hex(out.1) + hex(out.2)
  }
}

/// Streams a theme part for its colour scheme, in the order cells index it.
final class ThemeColorsReader: XMLContentHandler {
  private(set) var colors: [String] = []
  private var scheme: [Int: String] = [:]
  private let clrScheme, srgbClr, sysClr, val, lastClr: XMLName
  /// The scheme's slots in the order cells index them.
  private let slots: [XMLName]
  private var inScheme = false
  private var depth = 0
  private var schemeDepth = 0
  private var slot: Int?

  init(parser: XMLPushParser) {
    clrScheme = parser.intern("clrScheme")
    srgbClr = parser.intern("srgbClr")
    sysClr = parser.intern("sysClr")
    val = parser.intern("val")
    lastClr = parser.intern("lastClr")
    slots = ["lt1", "dk1", "lt2", "dk2", "accent1", "accent2", "accent3", "accent4", "accent5", "accent6", "hlink", "folHlink"]
      .map { parser.intern($0) }
  }

  func startElement(_ name: XMLName, namespace: XMLName, attributes: XMLAttributes) throws(SpreadsheetError) {
    depth += 1
    if name == clrScheme, !inScheme, scheme.isEmpty {
      inScheme = true
      schemeDepth = depth
    } else if inScheme, depth == schemeDepth + 1 {
      slot = slots.firstIndex(of: name)
    } else if inScheme, depth == schemeDepth + 2, let slot {
      let v = name == srgbClr ? attributes.value(val) : name == sysClr ? attributes.value(lastClr) : nil
      if let v, let c = StylesPartReader.rgbColor(v.string) { scheme[slot] = c }
    }
  }

  func endElement(_ name: XMLName, namespace: XMLName) throws(SpreadsheetError) {
    if inScheme, depth == schemeDepth {
      inScheme = false
      colors = slots.indices.map { scheme[$0] ?? "000000" }
    }
    depth -= 1
  }

  func characters(_ text: XMLBytes) throws(SpreadsheetError) {}
}
