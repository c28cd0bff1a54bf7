import Diagnostics

/// How ``ContentPatcher`` resolves names: prefixes to namespaces as the bindings in scope say
/// (Namespaces in XML 1.0 §6), the prefixes it writes with, attribute values decoded.
extension ContentPatcher {
  // MARK: - Namespaces

  /// The namespace and local name of a qualified name; an element without prefix is in the
  /// default namespace, an attribute without prefix in none.
  func resolve(_ qname: Range<Int>, isElement: Bool) -> (Namespace, Range<Int>) {
    var colon = qname.lowerBound
    while colon < qname.upperBound, bytes[colon] != UInt8(ascii: ":") { colon += 1 }
    guard colon < qname.upperBound else {
      return (isElement ? namespace(ofPrefix: qname.lowerBound..<qname.lowerBound) : .none, qname)
    }
    return (namespace(ofPrefix: qname.lowerBound..<colon), (colon + 1)..<qname.upperBound)
  }

  func namespace(ofPrefix prefix: Range<Int>) -> Namespace {
    var i = bindings.count - 1
    while i >= 0 {
      if bindings[i].prefix.count == prefix.count, equal(prefix, bindings[i].prefix) {
        return bindings[i].namespace
      }
      i -= 1
    }
    return prefix.isEmpty ? .none : .other
  }

  /// A non-empty prefix bound to `namespace` here, not hidden by a later binding, or nil.
  func prefix(for namespace: Namespace) -> [UInt8]? {
    var i = bindings.count - 1
    while i >= 0 {
      let b = bindings[i]
      if b.namespace == namespace, !b.prefix.isEmpty,
        !bindings[(i + 1)...].contains(where: { $0.prefix == b.prefix })
      {
        return b.prefix
      }
      i -= 1
    }
    return nil
  }

  /// `base`, or `base` and a number, whichever no binding in scope uses.
  func freshPrefix(_ base: [UInt8]) -> [UInt8] {
    var candidate = base
    var n = 1
    while bindings.contains(where: { $0.prefix == candidate }) {
      n += 1
      candidate = base + Array(String(n).utf8)
    }
    return candidate
  }

  /// The prefixes to write with here; those not in scope get a fresh name and a declaration.
  func prefixesInScope() -> Prefixes {
    var declarations: [UInt8] = []
    var taken: [[UInt8]] = []
    func named(_ namespace: Namespace, _ base: [UInt8], _ uri: String) -> [UInt8] {
      if let p = prefix(for: namespace) { return p }
      var candidate = freshPrefix(base)
      var n = 1
      while taken.contains(candidate) {
        n += 1
        candidate = base + Array(String(n).utf8)
      }
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
      calcExtension: prefix(for: .calcExtension),
      openFormulaIsBound: bindings.last { $0.prefix == Name.openFormulaPrefix }?.namespace
        == .openFormula,
      declarations: declarations)
  }

  /// The prefix of a qualified name with its colon (`table:`), or empty.
  func qualifierPrefix(_ qname: Range<Int>) -> [UInt8] {
    var colon = qname.lowerBound
    while colon < qname.upperBound, bytes[colon] != UInt8(ascii: ":") { colon += 1 }
    return colon < qname.upperBound ? Array(bytes[qname.lowerBound...colon]) : []
  }

  // MARK: - Attributes

  /// The first attribute of `tag` in `namespace` named `local`.
  func attribute(in tag: XMLTag, _ namespace: Namespace, _ local: [UInt8]) -> XMLTagAttribute? {
    for a in tag.attributes {
      let (ns, name) = resolve(a.name, isElement: false)
      if ns == namespace, equal(name, local) { return a }
    }
    return nil
  }

  /// The index in `tag.attributes` of the first attribute in `namespace` named `local`.
  func attributeIndex(in tag: XMLTag, _ namespace: Namespace, _ local: [UInt8]) -> Int? {
    tag.attributes.firstIndex { a in
      let (ns, name) = resolve(a.name, isElement: false)
      return ns == namespace && equal(name, local)
    }
  }

  /// The namespace and local name of an attribute of a recorded tag.
  func resolveAttribute(_ attribute: XMLTagAttribute) -> (Namespace, Range<Int>) {
    resolve(attribute.name, isElement: false)
  }

  /// An attribute's value with its references replaced and whitespace normalised (XML 1.0
  /// §3.3.3), as a parser reports it; nil when it is not UTF-8.
  func decodedValue(_ attribute: XMLTagAttribute) -> String? {
    var out: [UInt8] = []
    var i = attribute.value.lowerBound
    let end = attribute.value.upperBound
    while i < end {
      let b = bytes[i]
      if b == UInt8(ascii: "&"),
        let semicolon = (i..<end).first(where: { bytes[$0] == UInt8(ascii: ";") })
      {
        let name = String(decoding: bytes[(i + 1)..<semicolon], as: UTF8.self)
        let scalar: Unicode.Scalar? =
          switch name {
          case "lt": "<"
          case "gt": ">"
          case "amp": "&"
          case "quot": "\""
          case "apos": "'"
          default:
            name.hasPrefix("#x")
              ? UInt32(name.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init)
              : name.hasPrefix("#") ? UInt32(name.dropFirst(1)).flatMap(Unicode.Scalar.init) : nil
          }
        if let scalar {
          out.append(contentsOf: String(scalar).utf8)
          i = semicolon + 1
          continue
        }
      }
      if b == 0x0D, i + 1 < end, bytes[i + 1] == 0x0A {
        i += 1
        continue
      }
      out.append(b == 0x09 || b == 0x0A || b == 0x0D ? 0x20 : b)
      i += 1
    }
    return String(validating: out, as: UTF8.self)
  }

  // MARK: - Bytes

  @inline(__always) func equal(_ range: Range<Int>, _ literal: [UInt8]) -> Bool {
    guard range.count == literal.count else { return false }
    var j = 0
    for i in range {
      if bytes[i] != literal[j] { return false }
      j += 1
    }
    return true
  }

  @inline(__always) func equal(_ a: Range<Int>, _ b: Range<Int>) -> Bool {
    guard a.count == b.count else { return false }
    return bytes[a].elementsEqual(bytes[b])
  }
}
