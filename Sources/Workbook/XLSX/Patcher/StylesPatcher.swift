import Diagnostics
import XMLStream

/// Gives cells of an xlsx package a number format their style lacks: a cell format (`cellXfs/xf`,
/// ECMA-376 Part 1 §18.8.10) cloned from the cell's own, with the number format (`numFmt`,
/// §18.8.30) and `applyNumberFormat="1"`, appended to the style sheet; an existing cell format
/// that is already such a clone is reused, as is an existing number format with the same code.
///
/// The style sheet's bytes are kept but for the new `numFmt` and `xf` elements and the `count`
/// attributes of their parents.
final class StylesPatcher {
  private let bytes: [UInt8]
  private let part: String
  /// The root's prefix, with its colon (`x:`), or empty.
  private var prefix: [UInt8] = []
  /// The end of the root's start tag, where a missing `numFmts` goes.
  private var rootStartEnd = 0
  /// The `numFmts` element: its start tag, and where its end tag begins (nil when empty).
  private var numFmtsTag: MarkupScanner.Tag?
  private var numFmtsCount: Range<Int>?
  private var numFmtsEnd: Int?
  private var numFmtCount = 0
  private var cellXfsCount: Range<Int>?
  private var cellXfsEnd: Int?
  /// Custom number formats: code → id, and the largest id.
  private var formats: [String: Int] = [:]
  private var largestFormatId = 163
  /// Each cell format, whole, and the ranges (inside its bytes) of its `numFmtId` and
  /// `applyNumberFormat` values.
  private struct XF {
    var bytes: [UInt8]
    var numFmtId: Range<Int>?
    var applyNumberFormat: Range<Int>?
    var nameEnd: Int
    /// Its attributes (as written) and what it holds after its start tag: what tells two apart.
    var attributes: [String: String]
    var inner: [UInt8]
  }
  private var xfs: [XF] = []
  private var xfStart: (tag: MarkupScanner.Tag, numFmtId: Range<Int>?, apply: Range<Int>?, attributes: [String: String])?

  /// What was added: new number formats (id, code) and cell formats.
  private var newFormats: [(Int, String)] = []
  private var newXfs: [XF] = []
  /// Characters left out of the number formats written, because XML cannot carry them.
  private(set) var droppedCharacters = 0
  private var made: [String: Int] = [:]

  init(_ bytes: [UInt8], part: String) throws(SpreadsheetError) {
    self.bytes = bytes
    self.part = part
    try scan()
  }

  private func scan() throws(SpreadsheetError) {
    try bytes.withUnsafeBufferPointer { buffer throws(SpreadsheetError) in try scan(buffer) }
  }

  private func scan(_ buffer: UnsafeBufferPointer<UInt8>) throws(SpreadsheetError) {
    var scanner = MarkupScanner(buffer, part: part)
    var depth = 0
    /// The depth-2 element being read: 1 numFmts, 2 cellXfs, 0 other.
    var inside = 0
    var seenNumFmts = false
    var seenCellXfs = false
    while let token = try scanner.next() {
      switch token {
      case .start(let tag):
        depth += 1
        let local = tag.localName
        if depth == 1 {
          prefix = Array(bytes[tag.prefix]) + (tag.colon == nil ? [] : [UInt8(ascii: ":")])
          rootStartEnd = tag.range.upperBound
        } else if depth == 2 {
          inside = 0
          if !seenNumFmts, scanner.equals(local, "numFmts") {
            seenNumFmts = true
            inside = 1
            numFmtsTag = tag
            numFmtsCount = scanner.attribute("count")?.value
          } else if !seenCellXfs, scanner.equals(local, "cellXfs") {
            seenCellXfs = true
            inside = 2
            cellXfsCount = scanner.attribute("count")?.value
          }
        } else if depth == 3, inside == 1, scanner.equals(local, "numFmt") {
          numFmtCount += 1
          if let id = scanner.attribute("numFmtId").flatMap({ Int(scanner.string($0.value)) }),
            let code = scanner.attribute("formatCode")
          {
            let text = String(decoding: scanner.decodedValue(code), as: UTF8.self)
            if formats[text] == nil { formats[text] = id }
            largestFormatId = max(largestFormatId, id)
          }
        } else if depth == 3, inside == 2, scanner.equals(local, "xf") {
          var attributes: [String: String] = [:]
          for a in scanner.tag.attributes { attributes[scanner.string(a.name)] = scanner.string(a.value) }
          xfStart = (tag, scanner.attribute("numFmtId")?.value, scanner.attribute("applyNumberFormat")?.value, attributes)
          if tag.isEmptyElement { endXF(at: tag.range.upperBound) }
        }
        if tag.isEmptyElement { depth -= 1 }
      case .end(let range, _):
        if depth == 2, inside == 1 { numFmtsEnd = range.lowerBound }
        if depth == 2, inside == 2 { cellXfsEnd = range.lowerBound }
        if depth == 3, inside == 2, xfStart != nil { endXF(at: range.upperBound) }
        if depth == 2 { inside = 0 }
        depth -= 1
      case .text, .cdata, .other:
        break
      }
    }
  }

  private func endXF(at end: Int) {
    guard let (tag, id, apply, attributes) = xfStart else { return }
    let start = tag.range.lowerBound
    xfs.append(
      XF(
        bytes: Array(bytes[start..<end]), numFmtId: id.map { ($0.lowerBound - start)..<($0.upperBound - start) },
        applyNumberFormat: apply.map { ($0.lowerBound - start)..<($0.upperBound - start) },
        nameEnd: tag.name.upperBound - start, attributes: attributes,
        inner: Array(bytes[tag.range.upperBound..<end])))
    xfStart = nil
  }

  /// The index of a cell format like `index`'s but showing numbers with `code`, added when the
  /// style sheet has none; nil when the style sheet has no cell formats to clone from.
  func cellFormat(cloning index: Int, numberFormat code: String) -> Int? {
    let key = "\(index)\u{0}\(code)"
    if let known = made[key] { return known }
    guard cellXfsEnd != nil, !xfs.isEmpty else { return nil }
    let original = xfs[index >= 0 && index < xfs.count ? index : 0]
    let id = formatId(code)
    // The clone: numFmtId and applyNumberFormat set, from the end of the tag backwards.
    var edits: [(Range<Int>, [UInt8])] = []
    edits.append(
      original.numFmtId.map { ($0, Array(String(id).utf8)) }
        ?? (original.nameEnd..<original.nameEnd, Array(" numFmtId=\"\(id)\"".utf8)))
    edits.append(
      original.applyNumberFormat.map { ($0, [UInt8(ascii: "1")]) }
        ?? (original.nameEnd..<original.nameEnd, Array(" applyNumberFormat=\"1\"".utf8)))
    var clone = original.bytes
    for (range, text) in edits.sorted(by: { $0.0.lowerBound > $1.0.lowerBound }) {
      clone.replaceSubrange(range, with: text)
    }
    var attributes = original.attributes
    attributes["numFmtId"] = String(id)
    attributes["applyNumberFormat"] = "1"
    func matches(_ xf: XF) -> Bool { xf.attributes == attributes && xf.inner == original.inner }
    let found: Int
    if let existing = xfs.firstIndex(where: matches) {
      found = existing
    } else if let added = newXfs.firstIndex(where: matches) {
      found = xfs.count + added
    } else {
      newXfs.append(
        XF(
          bytes: clone, numFmtId: nil, applyNumberFormat: nil, nameEnd: original.nameEnd,
          attributes: attributes, inner: original.inner))
      found = xfs.count + newXfs.count - 1
    }
    made[key] = found
    return found
  }

  /// The id of number format `code`: a built-in one, one the style sheet has, or a new one.
  private func formatId(_ code: String) -> Int {
    for id in 1...4 where NumberFormat.builtinCode(id) == code { return id }
    if let id = formats[code] { return id }
    largestFormatId += 1
    formats[code] = largestFormatId
    newFormats.append((largestFormatId, code))
    return largestFormatId
  }

  /// The style sheet with what was added, or nil when nothing was.
  func patched() -> [UInt8]? {
    guard !newXfs.isEmpty, let cellXfsEnd else { return nil }
    var edits: [(Range<Int>, [UInt8])] = []
    if !newFormats.isEmpty {
      var elements: [UInt8] = []
      for (id, code) in newFormats {
        elements += [UInt8(ascii: "<")] + prefix + Array("numFmt numFmtId=\"\(id)\" formatCode=\"".utf8)
        elements += XLSXMarkup.attribute(code, dropped: &droppedCharacters) + Array("\"/>".utf8)
      }
      let count = Array(String(numFmtCount + newFormats.count).utf8)
      if numFmtsTag != nil, let end = numFmtsEnd {
        edits.append((end..<end, elements))
        if let c = numFmtsCount { edits.append((c, count)) }
      } else if let tag = numFmtsTag {
        // `<numFmts count="0"/>`: opened and closed around the new formats.
        let open = Array(bytes[tag.range.lowerBound..<(tag.range.upperBound - 2)])
        var element = open
        while let last = element.last, last == 0x20 || last == 0x0A || last == 0x0D || last == 0x09 { element.removeLast() }
        if let c = numFmtsCount {
          let start = c.lowerBound - tag.range.lowerBound
          element.replaceSubrange(start..<(c.upperBound - tag.range.lowerBound), with: count)
        }
        element += [UInt8(ascii: ">")] + elements + Array("</".utf8) + prefix + Array("numFmts>".utf8)
        edits.append((tag.range, element))
      } else {
        let element =
          [UInt8(ascii: "<")] + prefix + Array("numFmts count=\"".utf8) + count + Array("\">".utf8) + elements
          + Array("</".utf8) + prefix + Array("numFmts>".utf8)
        edits.append((rootStartEnd..<rootStartEnd, element))
      }
    }
    edits.append((cellXfsEnd..<cellXfsEnd, newXfs.flatMap(\.bytes)))
    if let c = cellXfsCount { edits.append((c, Array(String(xfs.count + newXfs.count).utf8))) }
    var out = bytes
    for (range, text) in edits.sorted(by: { $0.0.lowerBound > $1.0.lowerBound }) {
      out.replaceSubrange(range, with: text)
    }
    return out
  }
}
