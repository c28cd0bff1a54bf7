import Diagnostics
import XMLStream

/// The bytes ``ContentPatcher`` writes in place of a row: copies that keep the original's
/// bytes with a new repeat count, patched cells, new cells and rows.
extension ContentPatcher {
  /// The bytes that replace `row`, whose patched rows are `rows` (in order).
  func rewrite(_ row: RowRecord, rows: [Int], in sheet: SheetPatches) throws(SpreadsheetError)
    -> [UInt8]
  {
    var out: [UInt8] = []
    var next = row.firstRow
    let end = row.firstRow + row.repeatCount
    for r in rows {
      guard r >= next, r < end else {
        throw notReached(sheet: sheet.name, row: r, columns: sheet.rows[r])
      }
      if r > next { out += rowCopy(row, count: r - next) }
      out += try patchedRow(row, patches: sheet.rows[r] ?? [], sheet: sheet.name, row: r)
      next = r + 1
    }
    if next < end { out += rowCopy(row, count: end - next) }
    return out
  }

  /// The row as it was, repeated `count` times.
  private func rowCopy(_ row: RowRecord, count: Int) -> [UInt8] {
    var out = tag(row.tag, repeated: count, Name.rowsRepeated, prefixes: row.prefixes)
    if let endTag = row.endTag { out += bytes[row.tag.range.upperBound..<endTag.upperBound] }
    return out
  }

  /// One copy of the row with `patches` (in column order) applied to its cells.
  private func patchedRow(
    _ row: RowRecord, patches: [(column: Int, patch: CellPatch)], sheet: String, row index: Int
  ) throws(SpreadsheetError) -> [UInt8] {
    var out = tag(row.tag, repeated: 1, Name.rowsRepeated, prefixes: row.prefixes, open: true)
    var cursor = row.tag.range.upperBound
    var k = 0
    for cell in row.cells {
      out += bytes[cursor..<cell.tag.range.lowerBound]
      cursor = cell.end
      let end = cell.column + cell.repeatCount
      let first = k
      while k < patches.count, patches[k].column < end { k += 1 }
      guard k > first else {
        out += bytes[cell.tag.range.lowerBound..<cell.end]
        continue
      }
      if cell.isCovered {
        let reference = CellReference(row: Int32(index), column: Int32(patches[first].column))
        throw SpreadsheetError(
          .invalid, .coveredCell(reference.description),
          at: location(cell.tag.range.lowerBound, sheet: sheet, cell: reference))
      }
      var column = cell.column
      for (target, patch) in patches[first..<k] {
        if target > column { out += cellCopy(cell, count: target - column) }
        out += patchedCell(cell, patch, prefixes: cell.prefixes, elementPrefix: [])
        column = target + 1
      }
      if column < end { out += cellCopy(cell, count: end - column) }
    }
    var column = row.endColumn
    for (target, patch) in patches[k...] {
      if target > column {
        out += emptyCells(target - column, elementPrefix: row.elementPrefix, prefixes: row.prefixes)
      }
      out += patchedCell(nil, patch, prefixes: row.prefixes, elementPrefix: row.elementPrefix)
      column = target + 1
    }
    if let endTag = row.endTag {
      out += bytes[cursor..<endTag.upperBound]
    } else {
      out += Array("</".utf8) + bytes[row.tag.name] + [UInt8(ascii: ">")]
    }
    return out
  }

  /// The cell as it was, repeated `count` times.
  private func cellCopy(_ cell: CellRecord, count: Int) -> [UInt8] {
    var out = tag(cell.tag, repeated: count, Name.columnsRepeated, prefixes: cell.prefixes)
    if !cell.tag.isEmptyElement { out += bytes[cell.tag.range.upperBound..<cell.end] }
    return out
  }

  /// A new row holding `patches`, with empty cells before them.
  func newRow(
    _ patches: [(column: Int, patch: CellPatch)], elementPrefix: [UInt8], prefixes: Prefixes
  ) -> [UInt8] {
    var out = [UInt8(ascii: "<")] + elementPrefix + Name.row + [UInt8(ascii: ">")]
    var column = 0
    for (target, patch) in patches {
      if target > column {
        out += emptyCells(target - column, elementPrefix: elementPrefix, prefixes: prefixes)
      }
      out += patchedCell(nil, patch, prefixes: prefixes, elementPrefix: elementPrefix)
      column = target + 1
    }
    return out + Array("</".utf8) + elementPrefix + Name.row + [UInt8(ascii: ">")]
  }

  /// `count` empty rows, as one repeated row holding one empty cell (a row must hold a cell).
  func emptyRows(_ count: Int, elementPrefix: [UInt8], prefixes: Prefixes) -> [UInt8] {
    var out = [UInt8(ascii: "<")] + elementPrefix + Name.row
    if count > 1 {
      out += prefixes.declarations + countAttribute(prefixes.table, Name.rowsRepeated, count)
    }
    out += [UInt8(ascii: ">"), UInt8(ascii: "<")] + elementPrefix + Name.cell + Array("/>".utf8)
    return out + Array("</".utf8) + elementPrefix + Name.row + [UInt8(ascii: ">")]
  }

  /// `count` empty cells, as one repeated cell.
  private func emptyCells(_ count: Int, elementPrefix: [UInt8], prefixes: Prefixes) -> [UInt8] {
    var out = [UInt8(ascii: "<")] + elementPrefix + Name.cell
    if count > 1 {
      out += prefixes.declarations + countAttribute(prefixes.table, Name.columnsRepeated, count)
    }
    return out + Array("/>".utf8)
  }

  /// ` table:NAME="COUNT"`.
  private func countAttribute(_ table: [UInt8], _ name: [UInt8], _ count: Int) -> [UInt8] {
    [UInt8(ascii: " ")] + table + [UInt8(ascii: ":")] + name + Array("=\"\(count)\"".utf8)
  }

  // MARK: - Tags

  /// A start tag as written, with its `*-repeated` attribute `name` set to `count` (dropped for
  /// 1), ending with `>` when `open` even if it was self-closing.
  private func tag(
    _ tag: MarkupScanner.Tag, repeated count: Int, _ name: [UInt8], prefixes: Prefixes, open: Bool = false
  ) -> [UInt8] {
    let index = attributeIndex(in: tag, .table, name)
    var appended: [UInt8] = []
    if count > 1, index == nil {
      appended = prefixes.declarations + countAttribute(prefixes.table, name, count)
    }
    return write(
      tag, open: open, appending: appended,
      keep: { i in i != index || count > 1 },
      value: { i in i == index ? Array(String(count).utf8) : nil })
  }

  /// A start tag from the original bytes: attributes that `keep` refuses are left out, those
  /// `value` gives a value for get it, `appending` follows the last attribute.
  private func write(
    _ tag: MarkupScanner.Tag, open: Bool, appending: [UInt8], keep: (Int) -> Bool, value: (Int) -> [UInt8]?
  ) -> [UInt8] {
    var out = Array(bytes[tag.range.lowerBound..<tag.name.upperBound])
    for (i, attribute) in tag.attributes.enumerated() where keep(i) {
      if let replacement = value(i) {
        out += bytes[attribute.span.lowerBound..<attribute.value.lowerBound]
        out += replacement
        out += bytes[attribute.value.upperBound..<attribute.span.upperBound]
      } else {
        out += bytes[attribute.span]
      }
    }
    out += appending
    if open && tag.isEmptyElement {
      out.append(UInt8(ascii: ">"))
    } else {
      out += bytes[tag.attributesEnd..<tag.range.upperBound]
    }
    return out
  }

  // MARK: - Cells

  /// A patched cell: `cell`'s attributes but its value and repeat count, the new value, the
  /// formula as `patch` says, its annotation and other non-text children kept, and one
  /// paragraph with the display text. A new cell (`cell` nil) is named with `elementPrefix`.
  private func patchedCell(
    _ cell: CellRecord?, _ patch: CellPatch, prefixes p: Prefixes, elementPrefix: [UInt8]
  ) -> [UInt8] {
    written += 1
    let space = UInt8(ascii: " ")
    var attributes = p.declarations
    let keepsFormula: Bool
    switch patch.formula {
    case .keep:
      keepsFormula = true
    case .remove:
      keepsFormula = false
    case .set(_, let odf):
      keepsFormula = false
      if !p.openFormulaIsBound, odf.utf8.starts(with: Name.openFormulaPrefix + Array(":".utf8)) {
        attributes +=
          Array(" xmlns:".utf8) + Name.openFormulaPrefix
          + Array("=\"\(ODSNamespace.openFormula)\"".utf8)
      }
      attributes += [space] + p.table + [UInt8(ascii: ":")] + Name.formula + Array("=\"".utf8)
      attributes += escaped(odf, inAttribute: true) + [UInt8(ascii: "\"")]
    }
    attributes +=
      [space] + p.office + [UInt8(ascii: ":")] + Name.valueType + Array("=\"float\"".utf8)
    attributes += [space] + p.office + [UInt8(ascii: ":")] + Name.value + Array("=\"".utf8)
    attributes += Array(patch.number.utf8) + [UInt8(ascii: "\"")]
    if let calc = p.calcExtension {
      attributes += [space] + calc + [UInt8(ascii: ":")] + Name.valueType + Array("=\"float\"".utf8)
    }
    // A number format: a style like the cell's that shows with it.
    var restyled = false
    if let code = patch.numberFormat {
      let current = cell.flatMap { attribute(in: $0.tag, .table, Name.styleName) }.flatMap(decodedValue)
      if let style = cellStyle(like: current, numberFormat: code) {
        restyled = true
        attributes += [space] + p.table + [UInt8(ascii: ":")] + Name.styleName + Array("=\"".utf8)
        attributes += escaped(style, inAttribute: true) + [UInt8(ascii: "\"")]
      }
    }

    var out: [UInt8]
    let name: [UInt8]
    if let cell {
      name = Array(bytes[cell.tag.name])
      out = write(
        cell.tag, open: true, appending: attributes,
        keep: { i in
          !self.isReplaced(cell.tag.attributes[i], keepsFormula: keepsFormula, restyled: restyled)
        },
        value: { _ in nil })
    } else {
      name = elementPrefix + Name.cell
      out = [UInt8(ascii: "<")] + name + attributes + [UInt8(ascii: ">")]
    }

    var children: [[UInt8]] = []
    var annotated = false
    for child in cell?.children ?? [] {
      switch child.kind {
      case .text:
        continue
      case .annotation:
        annotated = true
        if let note = patch.note, let endTag = child.endTagStart {
          children.append(
            Array(bytes[child.range.lowerBound..<endTag]) + paragraphs(note, p)
              + bytes[endTag..<child.range.upperBound])
        } else if let note = patch.note {
          children.append(annotation(note, p))
        } else {
          children.append(Array(bytes[child.range]))
        }
      case .rangeSource, .other:
        children.append(Array(bytes[child.range]))
      }
    }
    if let note = patch.note, !annotated {
      // ODF 1.3 Part 3 §9.1.4: a cell's range source, then its annotation, then the rest.
      let first = cell?.children.first { $0.kind != .text }
      children.insert(annotation(note, p), at: first?.kind == .rangeSource ? 1 : 0)
    }
    out += children.joined()
    out += paragraphs(patch.display, p, lineBreaks: true)
    return out + Array("</".utf8) + name + [UInt8(ascii: ">")]
  }

  /// Whether a patched cell loses this attribute: a value, the repeat count, and the formula
  /// (and its matrix size) unless it is kept.
  private func isReplaced(_ attribute: MarkupScanner.Attribute, keepsFormula: Bool, restyled: Bool) -> Bool {
    let (namespace, local) = resolveAttribute(attribute)
    switch namespace {
    case .office: return Name.officeValues.contains { equal(local, $0) }
    case .calcExtension: return equal(local, Name.valueType)
    case .table:
      if equal(local, Name.columnsRepeated) || (restyled && equal(local, Name.styleName)) { return true }
      guard !keepsFormula else { return false }
      return equal(local, Name.formula) || equal(local, Name.matrixColumnsSpanned)
        || equal(local, Name.matrixRowsSpanned)
    default: return false
    }
  }

  /// `<office:annotation><dc:creator>Equilibre</dc:creator><text:p>…</text:p></office:annotation>`
  /// (ODF 1.3 Part 3 §14.1).
  private func annotation(_ note: String, _ p: Prefixes) -> [UInt8] {
    let element = p.office + [UInt8(ascii: ":")] + Name.annotation
    let creator = p.dublinCore + [UInt8(ascii: ":")] + Name.creator
    var out =
      [UInt8(ascii: "<")] + element + [UInt8(ascii: ">"), UInt8(ascii: "<")] + creator + [
        UInt8(ascii: ">")
      ]
    out += escaped(Self.noteAuthor, inAttribute: false)
    out += Array("</".utf8) + creator + [UInt8(ascii: ">")]
    out += paragraphs(note, p)
    return out + Array("</".utf8) + element + [UInt8(ascii: ">")]
  }

  /// The author written on notes.
  static let noteAuthor = "Equilibre"

  /// `text` as paragraphs: one `text:p` per line, or one with `text:line-break`s.
  private func paragraphs(_ text: String, _ p: Prefixes, lineBreaks: Bool = false) -> [UInt8] {
    let element = p.text + [UInt8(ascii: ":")] + Name.paragraph
    let lines =
      lineBreaks ? [Substring(text)] : text.split(separator: "\n", omittingEmptySubsequences: false)
    var out: [UInt8] = []
    for line in lines {
      out += [UInt8(ascii: "<")] + element + [UInt8(ascii: ">")]
      out += paragraphContent(line, textPrefix: p.text)
      out += Array("</".utf8) + element + [UInt8(ascii: ">")]
    }
    return out
  }

  /// Paragraph content that shows `text` as it is (ODF 1.3 Part 3 §6.1.2 collapses white
  /// space): runs of spaces after the first, and spaces that start or end the text, as
  /// `text:s`; tabs as `text:tab`, new lines as `text:line-break`.
  func paragraphContent(_ text: Substring, textPrefix: [UInt8]) -> [UInt8] {
    var out: [UInt8] = []
    var spaces = 0
    var atStart = true
    func element(_ local: [UInt8], count: Int = 1) -> [UInt8] {
      var e = [UInt8(ascii: "<")] + textPrefix + [UInt8(ascii: ":")] + local
      if count > 1 {
        e +=
          [UInt8(ascii: " ")] + textPrefix + [UInt8(ascii: ":")] + Name.spaceCount
          + Array("=\"\(count)\"".utf8)
      }
      return e + Array("/>".utf8)
    }
    func flush(atEnd: Bool) {
      guard spaces > 0 else { return }
      if atStart || atEnd {
        out += element(Name.space, count: spaces)
      } else {
        out.append(UInt8(ascii: " "))
        if spaces > 1 { out += element(Name.space, count: spaces - 1) }
      }
      spaces = 0
    }
    for scalar in text.unicodeScalars {
      if scalar == " " {
        spaces += 1
        continue
      }
      flush(atEnd: false)
      atStart = false
      switch scalar {
      case "\t": out += element(Name.tab)
      case "\n": out += element(Name.lineBreak)
      case "\r": continue
      default: out += escaped(scalar, inAttribute: false)
      }
    }
    flush(atEnd: true)
    return out
  }

  /// `text` escaped for character data or a double-quoted attribute value (``XMLEscaping``:
  /// characters XML cannot carry are left out and counted in ``droppedCharacters``; outside
  /// UTF-8 documents, anything past ASCII is a character reference).
  func escaped(_ text: String, inAttribute: Bool) -> [UInt8] {
    var out: [UInt8] = []
    droppedCharacters += XMLEscaping.append(
      text, to: &out, inAttribute: inAttribute, asciiOnly: asciiOnly)
    return out
  }

  /// One character escaped, as ``escaped(_:inAttribute:)`` escapes it.
  private func escaped(_ scalar: Unicode.Scalar, inAttribute: Bool) -> [UInt8] {
    var out: [UInt8] = []
    droppedCharacters += XMLEscaping.append(
      scalar, to: &out, inAttribute: inAttribute, asciiOnly: asciiOnly)
    return out
  }

  // MARK: - Errors

  func notReached(sheet: String, row: Int, columns: [(column: Int, patch: CellPatch)]?)
    -> SpreadsheetError
  {
    let reference = CellReference(row: Int32(row), column: Int32(columns?.first?.column ?? 0))
    return SpreadsheetError(
      .invalid, .overlappingRows(reference.description),
      at: .init(sheet: sheet, cell: reference.description))
  }
}
