/// The namespace bindings in scope while a part is scanned with ``MarkupScanner`` (Namespaces
/// in XML 1.0 §5–6): elements and attributes are matched by namespace, whatever their prefix.
///
/// `Kind` is what a namespace is to the caller (an enum of the URIs it knows): the scope asks
/// `classify` once per declaration, never per element. A prefix that nothing binds is
/// `unbound`; an unprefixed element with no default namespace, an unprefixed attribute and
/// `xmlns=""` are `classify([])`.
///
/// ```swift
/// var scope = NamespaceScope<Kind>(unbound: .other) { uri in uri == main ? .spreadsheet : .other }
/// scope.enter(tag, in: scanner)        // at a start tag
/// let (kind, local) = scope.resolve(tag.name, colon: tag.colon, isElement: true)
/// scope.leave()                        // at its end (at once for an empty-element tag)
/// ```
public struct NamespaceScope<Kind: Equatable> {
  /// A prefix bound by an `xmlns:` attribute (an empty prefix for `xmlns`).
  public struct Binding {
    public var prefix: [UInt8]
    /// The URI, its references expanded.
    public var uri: [UInt8]
    public var kind: Kind
  }

  /// The bindings in scope, innermost last.
  public private(set) var bindings: [Binding] = []
  /// For each open element, the binding count before its own declarations.
  private var marks: [Int] = []
  private let unbound: Kind
  private let none: Kind
  private let classify: ([UInt8]) -> Kind

  public init(unbound: Kind, classify: @escaping ([UInt8]) -> Kind) {
    self.unbound = unbound
    self.classify = classify
    none = classify([])
  }

  /// How many elements are open.
  public var depth: Int { marks.count }

  /// Enters `tag`'s element: binds the namespaces its attributes declare. Call ``leave()`` at
  /// its end (at once for an empty-element tag).
  public mutating func enter(_ tag: MarkupScanner.Tag, in scanner: MarkupScanner) {
    marks.append(bindings.count)
    for a in tag.attributes where scanner.isNamespaceDeclaration(a) {
      let prefix = a.colon.map { Array(scanner.bytes[($0 + 1)..<a.name.upperBound]) } ?? []
      let uri = scanner.decodedValue(a)
      bindings.append(Binding(prefix: prefix, uri: uri, kind: classify(uri)))
    }
  }

  /// Leaves the innermost element: its bindings go out of scope.
  public mutating func leave() {
    if let mark = marks.popLast() { bindings.removeSubrange(mark...) }
  }

  /// Binds `prefix` to `uri` in the innermost element, as a declaration the caller writes on it.
  public mutating func bind(_ prefix: [UInt8], to uri: [UInt8]) {
    bindings.append(Binding(prefix: prefix, uri: uri, kind: classify(uri)))
  }

  /// The innermost binding of `prefix` (empty: the default namespace), or nil.
  public func binding<Prefix: Collection<UInt8>>(of prefix: Prefix) -> Binding? {
    var i = bindings.count - 1
    while i >= 0 {
      if bindings[i].prefix.count == prefix.count, bindings[i].prefix.elementsEqual(prefix) {
        return bindings[i]
      }
      i -= 1
    }
    return nil
  }

  /// What the namespace bound to `prefix` is (empty: the default namespace).
  public func kind<Prefix: Collection<UInt8>>(ofPrefix prefix: Prefix) -> Kind {
    if let b = binding(of: prefix) { return b.kind }
    return prefix.isEmpty ? none : unbound
  }

  /// The URI bound to `prefix` (empty: the default namespace), or empty.
  public func uri<Prefix: Collection<UInt8>>(ofPrefix prefix: Prefix) -> [UInt8] {
    binding(of: prefix)?.uri ?? []
  }

  /// The namespace and local name of a qualified name of `scanner`'s part (`colon`: where its
  /// prefix ends, nil when it has none); an element without prefix is in the default namespace,
  /// an attribute without prefix in none.
  public func resolve(
    _ name: Range<Int>, colon: Int?, isElement: Bool, in scanner: MarkupScanner
  ) -> (Kind, Range<Int>) {
    guard let colon else { return (isElement ? kind(ofPrefix: EmptyCollection()) : none, name) }
    return (kind(ofPrefix: scanner.bytes[name.lowerBound..<colon]), (colon + 1)..<name.upperBound)
  }

  /// A start tag's namespace and local name.
  public func resolve(_ tag: MarkupScanner.Tag, in scanner: MarkupScanner) -> (Kind, Range<Int>) {
    resolve(tag.name, colon: tag.colon, isElement: true, in: scanner)
  }

  /// An attribute's namespace and local name.
  public func resolve(_ attribute: MarkupScanner.Attribute, in scanner: MarkupScanner) -> (
    Kind, Range<Int>
  ) {
    resolve(attribute.name, colon: attribute.colon, isElement: false, in: scanner)
  }

  /// A non-empty prefix bound in scope to a namespace `matches` accepts and not hidden by a
  /// later binding of the same prefix, the innermost first; nil when there is none.
  public func prefix(where matches: (Binding) -> Bool) -> [UInt8]? {
    var i = bindings.count - 1
    while i >= 0 {
      let b = bindings[i]
      if !b.prefix.isEmpty, matches(b),
        !bindings[(i + 1)...].contains(where: { $0.prefix == b.prefix })
      {
        return b.prefix
      }
      i -= 1
    }
    return nil
  }

  /// A non-empty prefix bound to a namespace of this kind (``prefix(where:)``).
  public func prefix(for kind: Kind) -> [UInt8]? { prefix { $0.kind == kind } }

  /// Whether any binding in scope uses `prefix`.
  public func isUsed(_ prefix: [UInt8]) -> Bool { bindings.contains { $0.prefix == prefix } }

  /// `base`, or `base` and a number from 2, whichever no binding in scope uses and `taken`
  /// does not hold.
  public func freshPrefix(_ base: [UInt8], avoiding taken: [[UInt8]] = []) -> [UInt8] {
    var candidate = base
    var n = 1
    while isUsed(candidate) || taken.contains(candidate) {
      n += 1
      candidate = base + Array(String(n).utf8)
    }
    return candidate
  }
}
