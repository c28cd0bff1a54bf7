import Diagnostics
import XMLStream

/// Streams `settings.xml` (ODF 1.3 Part 3 §3.10; the items are LibreOffice's) for what the model
/// carries of the view: the active sheet (`ActiveTable`) and each sheet's frozen panes
/// (`HorizontalSplitMode`/`VerticalSplitMode` 2, with the frozen column and row counts in
/// `HorizontalSplitPosition`/`VerticalSplitPosition`). Only the first view counts.
final class SettingsReader: XMLContentHandler {
  struct Panes: Equatable {
    var columns: Int32 = 0
    var rows: Int32 = 0
  }

  private(set) var activeTable: String?
  /// Frozen panes by sheet name.
  private(set) var frozen: [String: Panes] = [:]

  private let config: XMLName
  private let item, itemMapNamed, itemMapEntry, itemMapIndexed, aName: XMLName
  private var depth = 0
  /// Depth of the first `Views` map, and whether its first entry is being read.
  private var viewsDepth: Int?
  private var viewEntryDepth: Int?
  private var viewsSeen = false
  private var viewEntrySeen = false
  private var tablesDepth: Int?
  private var sheet: (name: String, depth: Int)?
  private var modes: (h: Int, v: Int) = (0, 0)
  private var positions: (h: Int, v: Int) = (0, 0)
  private var capturing: (name: String, depth: Int)?
  private var buffer: [UInt8] = []
  private static let maxBytes = 1024
  /// At most this many sheets are remembered (a hostile file may list millions).
  private static let maxSheets = 100_000

  init(parser: XMLPushParser) {
    config = parser.intern("urn:oasis:names:tc:opendocument:xmlns:config:1.0")
    item = parser.intern("config-item")
    itemMapNamed = parser.intern("config-item-map-named")
    itemMapEntry = parser.intern("config-item-map-entry")
    itemMapIndexed = parser.intern("config-item-map-indexed")
    aName = parser.intern("name")
  }

  func startElement(_ name: XMLName, namespace: XMLName, attributes: XMLAttributes) throws(SpreadsheetError) {
    depth += 1
    guard namespace == config else { return }
    let itemName = attributes.value(aName, namespace: config)?.string
    if name == itemMapIndexed, itemName == "Views", !viewsSeen {
      viewsSeen = true
      viewsDepth = depth
    } else if name == itemMapEntry, let v = viewsDepth, depth == v + 1, !viewEntrySeen {
      viewEntrySeen = true
      viewEntryDepth = depth
    } else if name == itemMapNamed, itemName == "Tables", let e = viewEntryDepth, depth == e + 1 {
      tablesDepth = depth
    } else if name == itemMapEntry, let t = tablesDepth, depth == t + 1, let n = itemName {
      sheet = (n, depth)
      modes = (0, 0)
      positions = (0, 0)
    } else if name == item, let n = itemName, capturing == nil {
      let inView = viewEntryDepth.map { depth == $0 + 1 } ?? false
      let inSheet = sheet.map { depth == $0.depth + 1 } ?? false
      if (inView && n == "ActiveTable") || inSheet {
        capturing = (n, depth)
        buffer.removeAll(keepingCapacity: true)
      }
    }
  }

  func endElement(_ name: XMLName, namespace: XMLName) throws(SpreadsheetError) {
    defer { depth -= 1 }
    if let c = capturing, c.depth == depth {
      capturing = nil
      let text = String(decoding: buffer, as: UTF8.self)
      if sheet == nil {
        if activeTable == nil { activeTable = text }
        return
      }
      let n = Int(text.filter { !$0.isWhitespace }) ?? 0
      switch c.name {
      case "HorizontalSplitMode": modes.h = n
      case "VerticalSplitMode": modes.v = n
      case "HorizontalSplitPosition": positions.h = n
      case "VerticalSplitPosition": positions.v = n
      default: break
      }
      return
    }
    if let s = sheet, s.depth == depth {
      sheet = nil
      // Mode 2 is a frozen split; its position is a count of columns (rows).
      let columns = modes.h == 2 ? Int32(clamping: min(max(positions.h, 0), Int(CellReference.maxColumns) - 1)) : 0
      let rows = modes.v == 2 ? Int32(clamping: min(max(positions.v, 0), Int(CellReference.maxRows) - 1)) : 0
      if (columns > 0 || rows > 0), frozen.count < Self.maxSheets { frozen[s.name] = Panes(columns: columns, rows: rows) }
    } else if let t = tablesDepth, t == depth {
      tablesDepth = nil
    } else if let e = viewEntryDepth, e == depth {
      viewEntryDepth = nil
    } else if let v = viewsDepth, v == depth {
      viewsDepth = nil
    }
  }

  func characters(_ text: XMLBytes) throws(SpreadsheetError) {
    guard capturing != nil, buffer.count < Self.maxBytes else { return }
    text.withUnsafeBytes { buffer.append(contentsOf: $0.prefix(Self.maxBytes - buffer.count)) }
  }
}
