import XMLStream

/// How ``ContentPatcher`` gives a cell a number format (``CellPatch/numberFormat``): a data style
/// (`number:number-style`, `number:currency-style`, ODF 1.3 Part 3 §16.29, written by
/// ``NumberStyleWriter``) and a cell style that shows with it, both added to `content.xml`'s
/// automatic styles. The cell style is a copy of the cell's automatic style (its properties and
/// parent kept, its data style replaced), or, for a cell with a common style or none, a style
/// whose parent is that style. The same style and format give one new style, reused.
extension ContentPatcher {
  /// Notes the automatic styles and where the body starts (`depth`: the element's, the root's being 1).
  func noteStyle(_ namespace: Namespace, _ local: Range<Int>, _ tag: MarkupScanner.Tag, depth: Int) {
    if depth == 2, namespace == .office {
      if equal(local, Array("automatic-styles".utf8)) {
        if tag.isEmptyElement { automaticStylesEmpty = tag } else { inAutomaticStyles = true }
      } else if equal(local, Array("body".utf8)), bodyStart == nil {
        bodyStart = tag.range.lowerBound
      }
    } else if depth == 3, inAutomaticStyles {
      guard let name = styleAttribute(tag, "name") else { return }
      styleNames.insert(name)
      if namespace == .style, equal(local, Array("style".utf8)), styleAttribute(tag, "family") == "table-cell" {
        if tag.isEmptyElement {
          cellStyles[name] = (tag.range, tag)
        } else {
          openCellStyle = (name, tag)
        }
      }
    }
  }

  func endStyle(_ namespace: Namespace, _ local: Range<Int>, _ range: Range<Int>, depth: Int) {
    if depth == 2, inAutomaticStyles, namespace == .office, equal(local, Array("automatic-styles".utf8)) {
      inAutomaticStyles = false
      automaticStylesEnd = range.lowerBound
    } else if depth == 3, let style = openCellStyle {
      cellStyles[style.name] = (style.tag.range.lowerBound..<range.upperBound, style.tag)
      openCellStyle = nil
    }
  }

  /// The value of the `style:` attribute `local` of `tag`.
  private func styleAttribute(_ tag: MarkupScanner.Tag, _ local: String) -> String? {
    attribute(in: tag, .style, Array(local.utf8)).flatMap(decodedValue)
  }

  /// The name of a cell style like `current` (a style name, nil for none) showing numbers with
  /// `code`; nil when `code` makes no data style.
  func cellStyle(like current: String?, numberFormat code: String) -> String? {
    let key = (current ?? "") + "\u{0}" + code
    if let made = madeCellStyles[key] { return made }
    guard let data = dataStyle(code) else { return nil }
    let name = freshStyleName("ce")
    let style = Array(ODSNamespace.style.utf8)
    if let current, let found = cellStyles[current] {
      // A copy of the automatic style: its name and data style replaced.
      var copy = Array(bytes[found.range])
      let base = found.range.lowerBound
      var edits: [(Range<Int>, [UInt8])] = []
      let tag = found.tag
      let prefix = Array(bytes[tag.qualifier])
      let styleName = attribute(in: tag, .style, Array("name".utf8))
      let dataName = attribute(in: tag, .style, Array("data-style-name".utf8))
      if let styleName {
        edits.append((styleName.value, escaped(name, inAttribute: true)))
      }
      if let dataName {
        edits.append((dataName.value, escaped(data, inAttribute: true)))
      } else if !prefix.isEmpty {
        edits.append(
          (tag.attributesEnd..<tag.attributesEnd,
            Array(" ".utf8) + prefix + Array("data-style-name=\"".utf8) + escaped(data, inAttribute: true) + [0x22]))
      } else {
        edits.append(
          (tag.attributesEnd..<tag.attributesEnd,
            Array(" xmlns:eqstyle=\"".utf8) + style + Array("\" eqstyle:data-style-name=\"".utf8)
              + escaped(data, inAttribute: true) + [0x22]))
      }
      for (range, text) in edits.sorted(by: { $0.0.lowerBound > $1.0.lowerBound }) {
        copy.replaceSubrange((range.lowerBound - base)..<(range.upperBound - base), with: text)
      }
      newStyles += copy
    } else {
      newStyles += Array("<style:style xmlns:style=\"".utf8) + style + Array("\" style:name=\"".utf8)
      newStyles += escaped(name, inAttribute: true) + Array("\" style:family=\"table-cell\"".utf8)
      if let current {
        newStyles += Array(" style:parent-style-name=\"".utf8) + escaped(current, inAttribute: true) + [0x22]
      }
      newStyles += Array(" style:data-style-name=\"".utf8) + escaped(data, inAttribute: true) + Array("\"/>".utf8)
    }
    madeCellStyles[key] = name
    return name
  }

  /// The name of the data style for `code`, written into ``newStyles`` the first time.
  private func dataStyle(_ code: String) -> String? {
    if let made = madeDataStyles[code] { return made }
    let name = freshStyleName("N")
    var w = XMLWriter()
    guard NumberStyleWriter.write(code, name: name, into: &w) else { return nil }
    var markup = w.take()
    // The namespaces declared on the element itself: content.xml may bind other prefixes.
    if let space = markup.firstIndex(of: 0x20) {
      markup.insert(
        contentsOf: Array(" xmlns:number=\"\(ODSNamespace.number)\" xmlns:style=\"\(ODSNamespace.style)\"".utf8),
        at: space)
    }
    newStyles += markup
    madeDataStyles[code] = name
    return name
  }

  /// `base` and a number no automatic style uses (`ceEq1`, `NEq1`).
  private func freshStyleName(_ base: String) -> String {
    var n = 1
    while styleNames.contains("\(base)Eq\(n)") { n += 1 }
    styleNames.insert("\(base)Eq\(n)")
    return "\(base)Eq\(n)"
  }

  /// The edit that adds the new styles to the automatic styles (created before the body when the
  /// document has none), or nil when there are none.
  func stylesEdit() -> (range: Range<Int>, bytes: [UInt8])? {
    guard !newStyles.isEmpty else { return nil }
    if let end = automaticStylesEnd { return (end..<end, newStyles) }
    let office = Array(ODSNamespace.office.utf8)
    let element =
      Array("<office:automatic-styles xmlns:office=\"".utf8) + office + Array("\">".utf8) + newStyles
      + Array("</office:automatic-styles>".utf8)
    if let empty = automaticStylesEmpty { return (empty.range, element) }
    if let body = bodyStart { return (body..<body, element) }
    return nil
  }
}
