import Diagnostics
import XMLStream

/// Small in-place edits of the package's bookkeeping parts, each byte outside the edit kept: the
/// workbook's `calcPr`, relationships (ECMA-376 Part 2 §9.3) and content types (§10.1.2).
enum PackagePartEditor {
  /// Asks the application to recalculate every formula on load: sets `fullCalcOnLoad="1"` on
  /// the workbook's `calcPr`, or inserts `<calcPr fullCalcOnLoad="1"/>` at its schema position
  /// (after `definedNames`, before `oleSize`, `customWorkbookViews`, `pivotCaches`…; ECMA-376
  /// Part 1 §18.2.27, CT_Workbook).
  ///
  /// - Returns: the new part, and whether the workbook is Strict (its root in Strict's namespace).
  static func requestFullCalculation(_ bytes: [UInt8], part: String) throws(SpreadsheetError)
    -> (bytes: [UInt8], strict: Bool)
  {
    try bytes.withUnsafeBufferPointer { buffer throws(SpreadsheetError) in
      try requestFullCalculation(bytes, buffer, part: part)
    }
  }

  private static func requestFullCalculation(
    _ bytes: [UInt8], _ buffer: UnsafeBufferPointer<UInt8>, part: String
  ) throws(SpreadsheetError) -> (bytes: [UInt8], strict: Bool) {
    var scanner = MarkupScanner(buffer, part: part)
    var scope = XLSXNamespace.scope()
    var depth = 0
    var rootPrefix: [UInt8] = []
    var strict = false
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count + 32)
    let attribute = Array(" fullCalcOnLoad=\"1\"".utf8)
    func element() -> [UInt8] {
      var e: [UInt8] = [UInt8(ascii: "<")]
      if !rootPrefix.isEmpty { e += rootPrefix + [UInt8(ascii: ":")] }
      return e + Array("calcPr".utf8) + attribute + Array("/>".utf8)
    }
    while let token = try scanner.next() {
      switch token {
      case .start(let tag):
        depth += 1
        scope.enter(tag, in: scanner)
        let kind = scope.kind(ofPrefix: bytes[tag.prefix])
        if depth == 1 {
          rootPrefix = Array(bytes[tag.prefix])
          strict =
            scope.uri(ofPrefix: bytes[tag.prefix])
            == Array(XLSXParts.strictSpreadsheetNamespace.utf8)
        } else if depth == 2, kind == .spreadsheet {
          let name = tag.localName
          if scanner.equals(name, "calcPr") {
            if let a = scanner.attribute("fullCalcOnLoad"), a.colon == nil {
              out +=
                bytes[..<a.value.lowerBound] + [UInt8(ascii: "1")] + bytes[a.value.upperBound...]
            } else {
              out += bytes[..<tag.name.upperBound] + attribute + bytes[tag.name.upperBound...]
            }
            return (out, strict)
          }
          if XLSXParts.workbookElementsAfterCalcPr.contains(where: { scanner.equals(name, $0) }) {
            out += bytes[..<tag.range.lowerBound] + element() + bytes[tag.range.lowerBound...]
            return (out, strict)
          }
        }
        if tag.isEmptyElement {
          scope.leave()
          depth -= 1
        }
      case .end(let range, _):
        if depth == 1 {
          out += bytes[..<range.lowerBound] + element() + bytes[range.lowerBound...]
          return (out, strict)
        }
        scope.leave()
        depth -= 1
      case .text, .cdata, .other:
        break
      }
    }
    throw SpreadsheetError(
      .xmlMalformed, .noWorkbookElement, at: .init(part: part))
  }

  /// Removes the root's children that `remove` picks (with all they hold), and inserts `append`
  /// (given the root's prefix) before the root's end.
  static func editChildren(
    _ bytes: [UInt8], part: String,
    remove: (MarkupScanner, MarkupScanner.Tag) -> Bool = { _, _ in false },
    append: ([UInt8]) -> [UInt8] = { _ in [] }
  ) throws(SpreadsheetError) -> [UInt8] {
    try bytes.withUnsafeBufferPointer { buffer throws(SpreadsheetError) in
      try editChildren(bytes, buffer, part: part, remove: remove, append: append)
    }
  }

  private static func editChildren(
    _ bytes: [UInt8], _ buffer: UnsafeBufferPointer<UInt8>, part: String,
    remove: (MarkupScanner, MarkupScanner.Tag) -> Bool, append: ([UInt8]) -> [UInt8]
  ) throws(SpreadsheetError) -> [UInt8] {
    var scanner = MarkupScanner(buffer, part: part)
    var depth = 0
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count + 256)
    var copied = 0
    var rootPrefix: [UInt8] = []
    var removing: Int?  // where the child being removed starts
    while let token = try scanner.next() {
      switch token {
      case .start(let tag):
        depth += 1
        if depth == 1 {
          rootPrefix = Array(bytes[tag.prefix])
          if tag.isEmptyElement {
            let added = append(rootPrefix)
            guard !added.isEmpty else { return bytes }
            out += bytes[copied..<(tag.range.upperBound - 2)] + [UInt8(ascii: ">")] + added
            out += Array("</".utf8) + bytes[tag.name] + [UInt8(ascii: ">")]
            copied = tag.range.upperBound
            depth -= 1
            continue
          }
        } else if depth == 2, remove(scanner, tag) {
          out += bytes[copied..<tag.range.lowerBound]
          copied = tag.range.lowerBound
          removing = tag.range.lowerBound
        }
        if tag.isEmptyElement {
          if depth == 2, removing != nil {
            copied = tag.range.upperBound
            removing = nil
          }
          depth -= 1
        }
      case .end(let range, _):
        if depth == 2, removing != nil {
          copied = range.upperBound
          removing = nil
        } else if depth == 1 {
          out += bytes[copied..<range.lowerBound] + append(rootPrefix)
          copied = range.lowerBound
        }
        depth -= 1
      case .text, .cdata, .other:
        break
      }
    }
    out += bytes[copied...]
    return out
  }

  /// A `Relationship` element.
  static func relationship(id: String, type: String, target: String, prefix: [UInt8]) -> [UInt8] {
    var out: [UInt8] = [UInt8(ascii: "<")]
    if !prefix.isEmpty { out += prefix + [UInt8(ascii: ":")] }
    out += Array("Relationship Id=\"".utf8) + XLSXMarkup.attribute(id)
    out += Array("\" Type=\"".utf8) + XLSXMarkup.attribute(type)
    out += Array("\" Target=\"".utf8) + XLSXMarkup.attribute(target)
    out += Array("\"/>".utf8)
    return out
  }

  /// A content types `Default` or `Override` element.
  static func contentType(
    _ element: String, _ key: String, _ value: String, type: String, prefix: [UInt8]
  )
    -> [UInt8]
  {
    var out: [UInt8] = [UInt8(ascii: "<")]
    if !prefix.isEmpty { out += prefix + [UInt8(ascii: ":")] }
    out += Array("\(element) \(key)=\"".utf8) + XLSXMarkup.attribute(value)
    out += Array("\" ContentType=\"".utf8) + XLSXMarkup.attribute(type)
    out += Array("\"/>".utf8)
    return out
  }

  /// The value of the attribute `name` (unprefixed) of the scanner's last tag, decoded.
  static func value(_ scanner: MarkupScanner, _ name: StaticString) -> String? {
    guard let a = scanner.attribute(name) else { return nil }
    return String(decoding: scanner.decodedValue(a), as: UTF8.self)
  }
}
