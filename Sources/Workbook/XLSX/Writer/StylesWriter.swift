import XMLStream

/// Writes `xl/styles.xml` (ECMA-376 Part 1 §18.8) from the model's style table: one cell format
/// (`cellXfs/xf`) per ``CellStyle`` in the same order, so a cell's style index is its `s`; fonts,
/// fills, borders and custom number formats each listed once.
///
/// A number whose style says `General` but whose value is typed (an ODS currency, percentage
/// or date) gets a cell format of its own with the kind's default code, added after the model's.
struct XLSXStylesWriter {
  private struct Font: Hashable {
    var bold = false, italic = false, underline = false
    var color: String?, size: Double?, name: String?
  }
  private struct Format: Hashable {
    var numberFormatId: Int
    var font: Int
    var fill: Int
    var border: Int
    var style: CellStyle
  }

  private var styles: [CellStyle]
  private var formats: [Format] = []
  private var fonts: [Font] = []
  private var fontIndex: [Font: Int] = [:]
  private var fills: [String] = []
  private var fillIndex: [String: Int] = [:]
  private var borders: [CellBorders] = [CellBorders()]
  private var borderIndex: [CellBorders: Int] = [CellBorders(): 0]
  private var numberFormats: [(id: Int, code: String)] = []
  private var numberFormatIndex: [String: Int] = [:]
  /// Per model style and kind, the cell format index, or -1 when not made yet.
  private var byKind: [Int32]
  private static let kinds = 7

  init(_ styles: [CellStyle]) {
    self.styles = styles.isEmpty ? [.plain] : styles
    byKind = Array(repeating: -1, count: self.styles.count * Self.kinds)
    let base = self.styles[0]
    _ = font(Font(color: nil, size: base.fontSize ?? 11, name: base.fontName ?? "Calibri"))
    for s in self.styles { formats.append(format(s)) }
  }

  private mutating func font(_ f: Font) -> Int {
    if let i = fontIndex[f] { return i }
    fontIndex[f] = fonts.count
    fonts.append(f)
    return fonts.count - 1
  }

  private mutating func format(_ s: CellStyle) -> Format {
    var f = Font(bold: s.bold, italic: s.italic, underline: s.underline, color: s.fontColor, size: s.fontSize, name: s.fontName)
    if f.size == nil { f.size = fonts[0].size }
    if f.name == nil { f.name = fonts[0].name }
    let fontId = font(f)
    var fillId = 0
    if let fill = s.fill {
      if let i = fillIndex[fill] {
        fillId = i
      } else {
        fillId = fills.count + 2
        fillIndex[fill] = fillId
        fills.append(fill)
      }
    }
    var borderId = 0
    if !s.borders.isEmpty {
      if let i = borderIndex[s.borders] {
        borderId = i
      } else {
        borderId = borders.count
        borderIndex[s.borders] = borderId
        borders.append(s.borders)
      }
    }
    return Format(numberFormatId: numberFormatId(s.numberFormat), font: fontId, fill: fillId, border: borderId, style: s)
  }

  private mutating func numberFormatId(_ code: String) -> Int {
    if code.isEmpty || code == "General" { return 0 }
    for id in [1, 2, 3, 4, 9, 10, 11, 46, 49] where NumberFormat.builtinCode(id) == code { return id }
    if let id = numberFormatIndex[code] { return id }
    let id = 164 + numberFormats.count
    numberFormatIndex[code] = id
    numberFormats.append((id, code))
    return id
  }

  /// The cell format for a cell of model style `style` holding a number of `kind`.
  mutating func index(_ style: Int32, kind: NumberKind) -> Int {
    let i = Int(style) >= 0 && Int(style) < styles.count ? Int(style) : 0
    if kind == .plain { return i }
    let slot = i * Self.kinds + Int(kind.rawValue)
    if byKind[slot] >= 0 { return Int(byKind[slot]) }
    var result = i
    let code = styles[i].numberFormat
    if code == "General" || code.isEmpty, let typed = NumberFormat.defaultCode(for: kind) {
      var s = styles[i]
      s.numberFormat = typed
      result = formats.count
      formats.append(format(s))
    }
    byKind[slot] = Int32(result)
    return result
  }

  private static func color(_ rgb: String, _ w: inout XMLWriter) {
    w.raw(" rgb=\"FF")
    w.rawString(rgb)
    w.raw("\"")
  }

  func part() -> [UInt8] {
    var w = XMLWriter()
    w.declaration()
    w.raw("<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">")
    if !numberFormats.isEmpty {
      w.raw("<numFmts")
      w.attribute("count", numberFormats.count)
      w.raw(">")
      for f in numberFormats {
        w.raw("<numFmt")
        w.attribute("numFmtId", f.id)
        w.attribute("formatCode", f.code)
        w.raw("/>")
      }
      w.raw("</numFmts>")
    }
    w.raw("<fonts")
    w.attribute("count", fonts.count)
    w.raw(">")
    for f in fonts {
      w.raw("<font>")
      if f.bold { w.raw("<b/>") }
      if f.italic { w.raw("<i/>") }
      if f.underline { w.raw("<u/>") }
      if let size = f.size {
        w.raw("<sz")
        w.attribute("val", number: size)
        w.raw("/>")
      }
      if let c = f.color {
        w.raw("<color")
        Self.color(c, &w)
        w.raw("/>")
      }
      if let name = f.name {
        w.raw("<name")
        w.attribute("val", name)
        w.raw("/>")
      }
      w.raw("</font>")
    }
    w.raw("</fonts><fills")
    w.attribute("count", fills.count + 2)
    w.raw("><fill><patternFill patternType=\"none\"/></fill><fill><patternFill patternType=\"gray125\"/></fill>")
    for f in fills {
      w.raw("<fill><patternFill patternType=\"solid\"><fgColor")
      Self.color(f, &w)
      w.raw("/><bgColor indexed=\"64\"/></patternFill></fill>")
    }
    w.raw("</fills><borders")
    w.attribute("count", borders.count)
    w.raw(">")
    for b in borders {
      w.raw("<border>")
      for (name, line) in [("left", b.left), ("right", b.right), ("top", b.top), ("bottom", b.bottom)] {
        w.raw("<")
        w.rawString(name)
        if let line {
          w.raw(" style=\"")
          w.rawString(line.style.rawValue)
          w.raw("\"><color")
          if let c = line.color { Self.color(c, &w) } else { w.raw(" auto=\"1\"") }
          w.raw("/></")
          w.rawString(name)
          w.raw(">")
        } else {
          w.raw("/>")
        }
      }
      w.raw("<diagonal/></border>")
    }
    w.raw("</borders><cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs><cellXfs")
    w.attribute("count", formats.count)
    w.raw(">")
    for f in formats {
      w.raw("<xf")
      w.attribute("numFmtId", f.numberFormatId)
      w.attribute("fontId", f.font)
      w.attribute("fillId", f.fill)
      w.attribute("borderId", f.border)
      w.raw(" xfId=\"0\"")
      if f.numberFormatId != 0 { w.raw(" applyNumberFormat=\"1\"") }
      if f.font != 0 { w.raw(" applyFont=\"1\"") }
      if f.fill != 0 { w.raw(" applyFill=\"1\"") }
      if f.border != 0 { w.raw(" applyBorder=\"1\"") }
      let s = f.style
      if s.horizontalAlignment != nil || s.wrap || s.indent > 0 {
        w.raw(" applyAlignment=\"1\"><alignment")
        if let h = s.horizontalAlignment {
          w.raw(" horizontal=\"")
          w.rawString(h.rawValue)
          w.raw("\"")
        } else if s.indent > 0 {
          w.raw(" horizontal=\"left\"")
        }
        if s.indent > 0 { w.attribute("indent", min(s.indent, 250)) }
        if s.wrap { w.raw(" wrapText=\"1\"") }
        w.raw("/></xf>")
      } else {
        w.raw("/>")
      }
    }
    w.raw("</cellXfs><cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles></styleSheet>")
    return w.take()
  }
}
