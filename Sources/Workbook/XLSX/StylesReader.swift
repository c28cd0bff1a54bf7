import Diagnostics
import XMLStream

/// Reads `xl/styles.xml` (ECMA-376 Part 1 §18.8): one ``CellStyle`` and one ``NumberKind``
/// per cell format (`cellXfs/xf`), in order, so a cell's `s` attribute indexes both.
struct XLSXStyles {
  var styles: [CellStyle] = [.plain]
  var kinds: [NumberKind] = [.plain]

  init() {}

  init(root: XMLElement) {
    var formats: [Int: String] = [:]
    for f in root.child("numFmts")?.children("numFmt") ?? [] {
      if let id = f["numFmtId"].flatMap({ Int($0) }), let code = f["formatCode"] { formats[id] = code }
    }
    let fonts = root.child("fonts")?.children("font") ?? []
    let bold: [Bool] = fonts.map { font in
      guard let b = font.child("b") else { return false }
      let v = b["val"] ?? "1"
      return v == "1" || v == "true"
    }
    guard let xfs = root.child("cellXfs")?.children("xf"), !xfs.isEmpty else { return }
    styles = []
    kinds = []
    for xf in xfs {
      let id = xf["numFmtId"].flatMap { Int($0) } ?? 0
      let code = formats[id] ?? NumberFormat.builtinCode(id) ?? "General"
      let fontId = xf["fontId"].flatMap { Int($0) } ?? 0
      let indent = xf.child("alignment")?["indent"].flatMap { Int($0) } ?? 0
      styles.append(CellStyle(numberFormat: code, bold: fontId < bold.count && bold[fontId], indent: indent))
      var kind = NumberFormat.kind(of: code)
      // Built-in ids whose codes depend on the locale still mean dates.
      if formats[id] == nil, (14...22).contains(id) || (27...36).contains(id) || (45...47).contains(id)
        || (50...58).contains(id)
      {
        kind = id == 46 ? .duration : .date
      }
      kinds.append(kind)
    }
  }
}
