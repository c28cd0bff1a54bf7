import XMLStream

/// What a namespace is to the xlsx patchers, which match SpreadsheetML elements by namespace
/// (transitional or Strict), whatever their prefix.
enum XLSXNamespace: Equatable {
  case spreadsheet, relationships, other

  /// A scope that tells the SpreadsheetML and relationships namespaces apart (``XLSXParts``).
  static func scope() -> NamespaceScope<XLSXNamespace> {
    NamespaceScope(unbound: .other) { uri in
      let text = String(decoding: uri, as: UTF8.self)
      if XLSXParts.spreadsheetNamespaces.contains(text) { return .spreadsheet }
      if XLSXParts.relationshipNamespaces.contains(text) { return .relationships }
      return .other
    }
  }
}

/// How the xlsx patchers write text into the parts they edit: ``XMLEscaping``'s rules, with `"`
/// escaped in character data too (as the patcher has always written it), and OOXML's `_xHHHH_`
/// escape where Excel reads a string (`docs/markup.md`).
enum XLSXMarkup {
  /// `text` as character data; characters XML cannot carry are left out and counted in
  /// `dropped`.
  static func text(_ text: String, dropped: inout Int) -> [UInt8] {
    let (bytes, n) = XMLEscaping.escaped(text, inAttribute: false, quoting: .everywhere)
    dropped += n
    return bytes
  }

  /// `text` as a double-quoted attribute value; characters XML cannot carry are left out and
  /// counted in `dropped`.
  static func attribute(_ text: String, dropped: inout Int) -> [UInt8] {
    let (bytes, n) = XMLEscaping.escaped(text, inAttribute: true, quoting: .everywhere)
    dropped += n
    return bytes
  }

  /// A value the patcher made (a part name, an id, a content type), which never holds a
  /// character XML cannot carry, as a double-quoted attribute value.
  static func attribute(_ text: String) -> [UInt8] {
    XMLEscaping.escaped(text, inAttribute: true, quoting: .everywhere).bytes
  }

  /// `text` as the content of a string element (`t`, ECMA-376 Part 1 §22.9.2.19 ST_Xstring):
  /// what XML cannot carry is written `_xHHHH_` and a literal `_xHHHH_` protected, so nothing
  /// is lost (``OOXMLEscapes/encode(_:)``).
  static func string(_ text: String) -> [UInt8] {
    XMLEscaping.escaped(OOXMLEscapes.encode(text), inAttribute: false, quoting: .everywhere).bytes
  }
}
