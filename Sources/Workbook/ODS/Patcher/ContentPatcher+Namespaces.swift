import Diagnostics
import XMLStream

/// How ``ContentPatcher`` resolves names: prefixes to namespaces as the bindings in scope say
/// (Namespaces in XML 1.0 §6), the prefixes it writes with, attribute values decoded.
extension ContentPatcher {
  // MARK: - Namespaces

  /// The namespace and local name of an open element's qualified name.
  func resolveElement(_ qname: Range<Int>) -> (Namespace, Range<Int>) {
    var colon = qname.lowerBound
    while colon < qname.upperBound, bytes[colon] != UInt8(ascii: ":") { colon += 1 }
    return scope.resolve(
      qname, colon: colon < qname.upperBound ? colon : nil, isElement: true, in: scanner)
  }

  /// The prefixes to write with here; those not in scope get a fresh name and a declaration.
  func prefixesInScope() -> Prefixes {
    var declarations: [UInt8] = []
    var taken: [[UInt8]] = []
    func named(_ namespace: Namespace, _ base: [UInt8], _ uri: String) -> [UInt8] {
      if let p = scope.prefix(for: namespace) { return p }
      let candidate = scope.freshPrefix(base, avoiding: taken)
      taken.append(candidate)
      declarations +=
        Array(" xmlns:".utf8) + candidate + Array("=\"".utf8) + Array(uri.utf8) + [0x22]
      return candidate
    }
    return Prefixes(
      office: named(.office, Name.officePrefix, ODSNamespace.office),
      table: named(.table, Name.tablePrefix, ODSNamespace.table),
      text: named(.text, Name.textPrefix, ODSNamespace.text),
      dublinCore: needsNotes
        ? named(.dublinCore, Name.dublinCorePrefix, ODSNamespace.dublinCore) : [],
      calcExtension: scope.prefix(for: .calcExtension),
      openFormulaIsBound: scope.binding(of: Name.openFormulaPrefix)?.kind == .openFormula,
      declarations: declarations)
  }

  // MARK: - Attributes

  /// The first attribute of `tag` in `namespace` named `local`.
  func attribute(in tag: MarkupScanner.Tag, _ namespace: Namespace, _ local: [UInt8]) -> MarkupScanner.Attribute? {
    for a in tag.attributes {
      let (ns, name) = scope.resolve(a, in: scanner)
      if ns == namespace, equal(name, local) { return a }
    }
    return nil
  }

  /// The index in `tag.attributes` of the first attribute in `namespace` named `local`.
  func attributeIndex(in tag: MarkupScanner.Tag, _ namespace: Namespace, _ local: [UInt8]) -> Int? {
    tag.attributes.firstIndex { a in
      let (ns, name) = scope.resolve(a, in: scanner)
      return ns == namespace && equal(name, local)
    }
  }

  /// The namespace and local name of an attribute of a recorded tag.
  func resolveAttribute(_ attribute: MarkupScanner.Attribute) -> (Namespace, Range<Int>) {
    scope.resolve(attribute, in: scanner)
  }

  /// An attribute's value as a parser reports it (``XMLEscaping/decodedAttributeValue(_:)``);
  /// nil when it is not UTF-8.
  func decodedValue(_ attribute: MarkupScanner.Attribute) -> String? {
    String(validating: scanner.decodedValue(attribute), as: UTF8.self)
  }

  // MARK: - Bytes

  @inline(__always) func equal(_ range: Range<Int>, _ literal: [UInt8]) -> Bool {
    scanner.equals(range, literal)
  }

  @inline(__always) func equal(_ a: Range<Int>, _ b: Range<Int>) -> Bool { scanner.equals(a, b) }
}
