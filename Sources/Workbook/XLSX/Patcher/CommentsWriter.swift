import Diagnostics
import XMLStream

/// Writes the notes of a fix as cell comments: a comments part (ECMA-376 Part 1 §18.7) and the
/// legacy VML drawing (Part 4 §19, VML) that Excel needs to show them; LibreOffice reads the
/// comments part.
enum CommentsWriter {
  /// The author every note is signed with.
  static let author = "Equilibre"

  /// The comments part for `notes` (cell → text), in cell order.
  static func commentsPart(_ notes: [CellReference: String], strict: Bool) -> [UInt8] {
    let namespace =
      strict ? XLSXParts.strictSpreadsheetNamespace : XLSXParts.transitionalSpreadsheetNamespace
    var out = Array(
      """
      <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
      <comments xmlns="\(namespace)"><authors><author>\(author)</author></authors><commentList>
      """.utf8)
    for reference in notes.keys.sorted() {
      out += Array(
        "<comment ref=\"\(reference)\" authorId=\"0\"><text><r><t xml:space=\"preserve\">".utf8)
      out += XLSXMarkup.string(notes[reference] ?? "")
      out += Array("</t></r></text></comment>".utf8)
    }
    out += Array("</commentList></comments>".utf8)
    return out
  }

  /// The VML drawing holding one hidden note shape per cell; `block` is the drawing's shape-id
  /// block (`o:idmap data`), unique in the workbook: shapes are numbered from 1024 × block + 1.
  static func vmlDrawing(_ notes: [CellReference: String], block: Int) -> [UInt8] {
    var out = """
      <xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" \
      xmlns:x="urn:schemas-microsoft-com:office:excel">
      <o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="\(block)"/></o:shapelayout>
      <v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe">\
      <v:stroke joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>

      """
    for (i, reference) in notes.keys.sorted().enumerated() {
      let row = Int(reference.row)
      let column = Int(reference.column)
      out += """
        <v:shape id="_x0000_s\(1024 * block + 1 + i)" type="#_x0000_t202" \
        style="position:absolute;margin-left:59.25pt;margin-top:1.5pt;width:144pt;height:72pt;z-index:\(i + 1);visibility:hidden" \
        fillcolor="#ffffe1" o:insetmode="auto"><v:fill color2="#ffffe1"/><v:shadow on="t" color="black" obscured="t"/>\
        <v:path o:connecttype="none"/><v:textbox style="mso-direction-alt:auto"><div style="text-align:left"></div></v:textbox>\
        <x:ClientData ObjectType="Note"><x:MoveWithCells/><x:SizeWithCells/>\
        <x:Anchor>\(column + 1), 15, \(max(row - 1, 0)), 10, \(column + 3), 15, \(max(row - 1, 0) + 4), 4</x:Anchor>\
        <x:AutoFill>False</x:AutoFill><x:Row>\(row)</x:Row><x:Column>\(column)</x:Column></x:ClientData></v:shape>

        """
    }
    out += "</xml>\n"
    return Array(out.utf8)
  }
}
