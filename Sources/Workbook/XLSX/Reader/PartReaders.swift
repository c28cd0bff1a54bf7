import Archive
import Diagnostics
import XMLStream

/// Runs a streaming handler over one small part of a package.
///
/// The little parts (relationships, workbook, styles) are read with handlers that keep only
/// what the reader needs: a tree of every element costs more than the parse itself.
enum PartReader {
  static func read<Handler: XMLContentHandler>(
    _ part: String, in archive: Archive, limits: XMLLimits, _ make: (XMLPushParser) -> Handler
  ) throws(SpreadsheetError) -> Handler {
    let parser = try XMLPushParser(partName: part, limits: limits)
    let handler = make(parser)
    parser.setHandler(handler)
    // Streamed: a part is never held whole in memory (a styles part may be a gigabyte).
    try archive.stream(part) { chunk throws(SpreadsheetError) in try parser.feed(chunk) }
    try parser.finish()
    return handler
  }
}

/// Streams a relationships part (ECMA-376 Part 2 §9.3): `Relationship` elements with their
/// `Id`, `Type`, `Target` and `TargetMode`, names matched whatever their namespace.
final class RelationshipsReader: XMLContentHandler {
  struct Entry {
    var id: String
    var type: String
    var target: String
    var external: Bool
  }

  private(set) var entries: [Entry] = []
  private let relationship: XMLName
  private let id: XMLName
  private let type: XMLName
  private let target: XMLName
  private let targetMode: XMLName
  private var depth = 0

  init(parser: XMLPushParser) {
    relationship = parser.intern("Relationship")
    id = parser.intern("Id")
    type = parser.intern("Type")
    target = parser.intern("Target")
    targetMode = parser.intern("TargetMode")
  }

  func startElement(_ name: XMLName, namespace: XMLName, attributes: XMLAttributes) throws(SpreadsheetError) {
    depth += 1
    guard depth == 2, name == relationship, let i = attributes.value(id), let t = attributes.value(type),
      let g = attributes.value(target)
    else { return }
    let external = attributes.value(targetMode).map { $0.string.lowercased() == "external" } ?? false
    entries.append(Entry(id: i.string, type: t.string, target: g.string, external: external))
  }

  func endElement(_ name: XMLName, namespace: XMLName) throws(SpreadsheetError) { depth -= 1 }
  func characters(_ text: XMLBytes) throws(SpreadsheetError) {}
}

/// Streams the workbook part (ECMA-376 Part 1 §18.2): the date system, the sheets in order
/// with their relationship ids, and the defined names.
final class WorkbookPartReader: XMLContentHandler {
  struct SheetEntry {
    var name: String?
    var state: String?
    /// The `r:id` (in either relationships namespace), else any `id` attribute.
    var relationshipId: String?
  }

  private(set) var date1904 = false
  private(set) var sheets: [SheetEntry] = []
  private(set) var definedNames: [DefinedName] = []
  /// `bookViews/workbookView/@activeTab` of the first view: the sheet shown on opening.
  private(set) var activeTab: Int?

  private let workbookPr: XMLName
  private let bookViews: XMLName
  private let workbookView: XMLName
  private let activeTabName: XMLName
  private let sheetsName: XMLName
  private let sheet: XMLName
  private let definedNamesName: XMLName
  private let definedName: XMLName
  private let date1904Name: XMLName
  private let name: XMLName
  private let state: XMLName
  private let id: XMLName
  private let localSheetId: XMLName
  private let relationshipNamespaces: [XMLName]
  private var depth = 0
  /// The depth-2 element being read: only the first `workbookPr`, `sheets` and `definedNames` count.
  private var section: XMLName = .none
  private var seen: Set<XMLName> = []
  private var nameText: [UInt8]?
  private var pendingName: (name: String, sheet: Int?)?

  init(parser: XMLPushParser) {
    workbookPr = parser.intern("workbookPr")
    bookViews = parser.intern("bookViews")
    workbookView = parser.intern("workbookView")
    activeTabName = parser.intern("activeTab")
    sheetsName = parser.intern("sheets")
    sheet = parser.intern("sheet")
    definedNamesName = parser.intern("definedNames")
    definedName = parser.intern("definedName")
    date1904Name = parser.intern("date1904")
    name = parser.intern("name")
    state = parser.intern("state")
    id = parser.intern("id")
    localSheetId = parser.intern("localSheetId")
    relationshipNamespaces = XLSXParts.relationshipNamespaces.map(parser.intern)
  }

  func startElement(_ element: XMLName, namespace: XMLName, attributes: XMLAttributes) throws(SpreadsheetError) {
    depth += 1
    switch depth {
    case 2:
      section = .none
      guard element == workbookPr || element == sheetsName || element == definedNamesName || element == bookViews,
        seen.insert(element).inserted
      else { return }
      section = element
      if element == workbookPr, let v = attributes.value(date1904Name) {
        date1904 = v.equals("1") || v.string.lowercased() == "true"
      }
    case 3 where section == sheetsName && element == sheet:
      var relationshipId: String? = nil
      for a in attributes where a.name == id && relationshipNamespaces.contains(a.namespace) {
        relationshipId = a.value.string
        break
      }
      sheets.append(
        SheetEntry(
          name: attributes.value(name)?.string, state: attributes.value(state)?.string,
          relationshipId: relationshipId ?? attributes.value(id)?.string))
    case 3 where section == bookViews && element == workbookView:
      if seen.insert(workbookView).inserted {
        activeTab = attributes.value(activeTabName).flatMap { Int($0.string) }.map { max(0, $0) } ?? 0
      }
    case 3 where section == definedNamesName && element == definedName:
      guard let n = attributes.value(name) else { return }
      pendingName = (n.string, attributes.value(localSheetId).flatMap { Int($0.string) })
      nameText = []
    default:
      break
    }
  }

  func endElement(_ element: XMLName, namespace: XMLName) throws(SpreadsheetError) {
    if depth == 3, let pending = pendingName {
      definedNames.append(
        DefinedName(
          name: pending.name, formula: String(decoding: nameText ?? [], as: UTF8.self), sheetIndex: pending.sheet))
      pendingName = nil
      nameText = nil
    }
    depth -= 1
  }

  func characters(_ text: XMLBytes) throws(SpreadsheetError) {
    guard depth == 3, nameText != nil else { return }
    text.withUnsafeBytes { nameText?.append(contentsOf: $0) }
  }
}

/// Streams a metadata part for the text of a few elements, such as the producer's name in
/// `docProps/app.xml` or ODS `meta.xml`: the first element of each wanted name (in `namespace`
/// when given) at `depth` (the root is 1; nil: any depth), its text and its descendants', at most
/// 1 KiB each. Nothing else is kept, so a part of millions of elements costs no memory (the tree
/// reader took 444 MiB for 4 million empty elements in a 16 KB file).
final class ElementTextReader: XMLContentHandler {
  private(set) var texts: [String?]
  private let wanted: [XMLName]
  private let namespace: XMLName?
  private let wantedDepth: Int?
  private var depth = 0
  /// The wanted element being read and its depth.
  private var capturing: (index: Int, depth: Int)?
  private var buffer: [UInt8] = []
  private static let maxBytes = 1024

  init(parser: XMLPushParser, names: [String], namespace: String? = nil, depth: Int? = nil) {
    wanted = names.map { parser.intern($0) }
    self.namespace = namespace.map { parser.intern($0) }
    wantedDepth = depth
    texts = Array(repeating: nil, count: names.count)
  }

  func startElement(_ name: XMLName, namespace: XMLName, attributes: XMLAttributes) throws(SpreadsheetError) {
    depth += 1
    guard capturing == nil, wantedDepth == nil || depth == wantedDepth,
      self.namespace == nil || namespace == self.namespace,
      let i = wanted.firstIndex(of: name), texts[i] == nil
    else { return }
    capturing = (i, depth)
    buffer.removeAll(keepingCapacity: true)
  }

  func endElement(_ name: XMLName, namespace: XMLName) throws(SpreadsheetError) {
    if let c = capturing, c.depth == depth {
      texts[c.index] = String(decoding: buffer, as: UTF8.self)
      capturing = nil
    }
    depth -= 1
  }

  func characters(_ text: XMLBytes) throws(SpreadsheetError) {
    guard capturing != nil, buffer.count < Self.maxBytes else { return }
    text.withUnsafeBytes { buffer.append(contentsOf: $0.prefix(Self.maxBytes - buffer.count)) }
  }
}

/// Streams a table part (`xl/tables/table1.xml`, ECMA-376 Part 1 §18.5.1.2): its name, range,
/// header and totals row counts, and column names.
final class TablePartReader: XMLContentHandler {
  private(set) var name: String?
  private(set) var range: CellRange?
  private(set) var headerRows = 1
  private(set) var totalsRows = 0
  private(set) var columns: [String] = []
  private let table, tableColumn, displayName, nameAttribute, ref, headerRowCount, totalsRowCount: XMLName
  private var depth = 0

  init(parser: XMLPushParser) {
    table = parser.intern("table")
    tableColumn = parser.intern("tableColumn")
    displayName = parser.intern("displayName")
    nameAttribute = parser.intern("name")
    ref = parser.intern("ref")
    headerRowCount = parser.intern("headerRowCount")
    totalsRowCount = parser.intern("totalsRowCount")
  }

  func startElement(_ element: XMLName, namespace: XMLName, attributes: XMLAttributes) throws(SpreadsheetError) {
    depth += 1
    if depth == 1, element == table {
      name = (attributes.value(displayName) ?? attributes.value(nameAttribute))?.string
      range = attributes.value(ref).flatMap { CellRange($0.string) ?? CellReference($0.string).map { CellRange(start: $0, end: $0) } }
      headerRows = attributes.value(headerRowCount)?.integer ?? 1
      totalsRows = attributes.value(totalsRowCount)?.integer ?? 0
    } else if depth == 3, element == tableColumn, columns.count < 16384 {
      columns.append(attributes.value(nameAttribute)?.string ?? "")
    }
  }

  func endElement(_ name: XMLName, namespace: XMLName) throws(SpreadsheetError) { depth -= 1 }
  func characters(_ text: XMLBytes) throws(SpreadsheetError) {}
}
