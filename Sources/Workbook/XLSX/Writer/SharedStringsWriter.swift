import XMLStream

/// Collects the texts of the cells into `xl/sharedStrings.xml` (ECMA-376 Part 1 §18.4), each
/// text once, in order of first use.
struct SharedStringsWriter {
  private var indexByText: [String: Int] = [:]
  private var texts: [String] = []
  private var uses = 0

  /// The index of `text` in the table, adding it on first use.
  mutating func index(_ text: String) -> Int {
    uses += 1
    if let i = indexByText[text] { return i }
    let i = texts.count
    indexByText[text] = i
    texts.append(text)
    return i
  }

  /// The part; text with leading or trailing white space keeps it (`xml:space="preserve"`).
  func part() -> XMLWriter {
    var w = XMLWriter(capacity: texts.reduce(256) { $0 + $1.utf8.count + 16 })
    w.declaration()
    w.raw("<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"")
    w.attribute("count", uses)
    w.attribute("uniqueCount", texts.count)
    w.raw(">")
    for t in texts {
      let edges = t.utf8.first.map(Self.isSpace) == true || t.utf8.last.map(Self.isSpace) == true
      w.raw(edges ? "<si><t xml:space=\"preserve\">" : "<si><t>")
      w.text(OOXMLEscapes.encode(t))
      w.raw("</t></si>")
    }
    w.raw("</sst>")
    return w
  }

  private static func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D }
}
