import Diagnostics

/// A small XML element tree, for the little parts read once and rarely (document properties).
/// Sheets, shared strings, relationships, the workbook and styles are streamed instead: a tree of
/// every element costs more than the parse itself.
public final class XMLElement {
  /// The local name, without prefix.
  public let name: String
  /// The namespace URI, or "" when unqualified.
  public let namespace: String
  /// Attributes by local name (namespaced attributes also as `{uri}name`).
  public let attributes: [String: String]
  public private(set) var children: [XMLElement] = []
  /// The concatenated character data directly inside this element.
  public fileprivate(set) var text: String = ""

  init(name: String, namespace: String, attributes: [String: String]) {
    self.name = name
    self.namespace = namespace
    self.attributes = attributes
  }

  /// The attribute with this local name.
  public subscript(attribute: String) -> String? { attributes[attribute] }

  /// The first child with this local name.
  public func child(_ name: String) -> XMLElement? { children.first { $0.name == name } }

  /// The children with this local name.
  public func children(_ name: String) -> [XMLElement] { children.filter { $0.name == name } }

  /// Every descendant with this local name, in document order.
  public func descendants(_ name: String) -> [XMLElement] {
    var out: [XMLElement] = []
    var stack: [XMLElement] = Array(children.reversed())
    while let e = stack.popLast() {
      if e.name == name { out.append(e) }
      stack.append(contentsOf: e.children.reversed())
    }
    return out
  }

  /// All text inside this element and its descendants, in document order.
  public var allText: String {
    var out = text
    for c in children { out += c.allText }
    return out
  }

  /// Parses a whole (small) document into a tree, with the same safe parser as the streams.
  /// - Throws: `xml.malformed`, `xml.forbidden`, `xml.limit`.
  public static func parse(_ bytes: [UInt8], partName: String, limits: XMLLimits = .default) throws(SpreadsheetError)
    -> XMLElement
  {
    let parser = try XMLPushParser(partName: partName, limits: limits)
    let builder = TreeBuilder()
    parser.setHandler(builder)
    try parser.parse(bytes)
    guard let root = builder.root else {
      throw SpreadsheetError(.xmlMalformed, .noRootElement, at: .init(part: partName))
    }
    return root
  }
}

private final class TreeBuilder: XMLContentHandler {
  var root: XMLElement?
  var stack: [XMLElement] = []
  var names: [XMLName: String] = [:]

  func string(for name: XMLName, _ make: () -> String) -> String {
    if let s = names[name] { return s }
    let s = make()
    names[name] = s
    return s
  }

  func startElement(_ name: XMLName, namespace: XMLName, attributes: XMLAttributes) throws(SpreadsheetError) {
    var attrs: [String: String] = Dictionary(minimumCapacity: attributes.count * 2)
    for a in attributes {
      let key = string(for: a.name) { a.name.string }
      let value = a.value.string
      if a.namespace != .none {
        let uri = string(for: a.namespace) { a.namespace.string }
        attrs["{" + uri + "}" + key] = value
        if attrs[key] == nil { attrs[key] = value }
      } else {
        attrs[key] = value
      }
    }
    let e = XMLElement(
      name: string(for: name) { name.string },
      namespace: namespace == .none ? "" : string(for: namespace) { namespace.string }, attributes: attrs)
    if let parent = stack.last { parent.appendChild(e) } else if root == nil { root = e }
    stack.append(e)
  }

  func endElement(_ name: XMLName, namespace: XMLName) throws(SpreadsheetError) {
    _ = stack.popLast()
  }

  func characters(_ text: XMLBytes) throws(SpreadsheetError) {
    stack.last?.text += text.string
  }
}

extension XMLElement {
  fileprivate func appendChild(_ e: XMLElement) { children.append(e) }
}

extension XMLName {
  /// The interned string itself (for names reported by the parser).
  public var string: String {
    guard let p = UnsafePointer<UInt8>(bitPattern: bits) else { return "" }
    return String(cString: p)
  }
}
