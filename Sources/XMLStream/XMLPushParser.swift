internal import CXML2
import Diagnostics

/// An element or attribute name, or a namespace URI, interned in the parser's dictionary.
///
/// Two names are equal exactly when they are the same string, so comparing them costs
/// one integer comparison. Obtain names with ``XMLPushParser/intern(_:)``.
public struct XMLName: Hashable, Sendable {
  @usableFromInline let bits: UInt
  @inlinable init(bits: UInt) { self.bits = bits }
  /// The name no element has; the namespace of unqualified names.
  public static let none = XMLName(bits: 0)
}

/// One attribute of an element: its local name, namespace and value.
public struct XMLAttribute {
  public let name: XMLName
  public let namespace: XMLName
  public let value: XMLBytes

  @usableFromInline init(name: XMLName, namespace: XMLName, value: XMLBytes) {
    self.name = name
    self.namespace = namespace
    self.value = value
  }
}

/// The attributes of a start tag, lent for the duration of the callback.
public struct XMLAttributes: RandomAccessCollection {
  @usableFromInline let base: UnsafeMutablePointer<UnsafePointer<UInt8>?>?
  public let count: Int
  public var startIndex: Int { 0 }
  public var endIndex: Int { count }

  @inlinable public subscript(i: Int) -> XMLAttribute {
    let p = base! + 5 * i
    let start = p[3]
    let length = (p[4].map { e in start.map { e - $0 } ?? 0 }) ?? 0
    return XMLAttribute(
      name: XMLName(bits: UInt(bitPattern: p[0])),
      namespace: XMLName(bits: UInt(bitPattern: p[2])),
      value: XMLBytes(start: start, count: length, isAttributeValue: true))
  }

  /// The value of the first attribute with this local name, whatever its namespace.
  @inlinable public func value(_ name: XMLName) -> XMLBytes? {
    for i in 0..<count where UInt(bitPattern: base![5 * i]) == name.bits {
      return self[i].value
    }
    return nil
  }

  /// The value of the attribute with this local name in this namespace.
  @inlinable public func value(_ name: XMLName, namespace: XMLName) -> XMLBytes? {
    for i in 0..<count
    where UInt(bitPattern: base![5 * i]) == name.bits
      && UInt(bitPattern: base![5 * i + 2]) == namespace.bits
    {
      return self[i].value
    }
    return nil
  }
}

/// Receives the events of a streaming parse.
///
/// Errors thrown here stop the parse and come out of ``XMLPushParser/feed(_:)``.
public protocol XMLContentHandler: AnyObject {
  func startElement(_ name: XMLName, namespace: XMLName, attributes: XMLAttributes) throws(SpreadsheetError)
  func endElement(_ name: XMLName, namespace: XMLName) throws(SpreadsheetError)
  /// Character data, possibly in several pieces for one text node.
  func characters(_ text: XMLBytes) throws(SpreadsheetError)
}

/// Caps that libxml2 2.9.14 does not enforce for a SAX push parser, counted here.
public struct XMLLimits: Sendable, Equatable {
  /// The deepest element nesting allowed (default 256; `--max-xml-depth`).
  public var maxDepth: Int
  /// The most bytes one text node may hold (default 32 MiB; `--max-text-mib`).
  public var maxTextBytes: Int

  public init(maxDepth: Int = 256, maxTextBytes: Int = 32 << 20) {
    self.maxDepth = maxDepth
    self.maxTextBytes = maxTextBytes
  }
  public static let `default` = XMLLimits()
}

/// A libxml2 SAX2 push parser with safe options, fed chunk by chunk.
///
/// Parses with `XML_PARSE_NONET`, no entity substitution, no DTD loading and never
/// `XML_PARSE_HUGE`. A DOCTYPE anywhere is refused as `xml.forbidden` (caught in the
/// `internalSubset` callback, before any declaration is read). Element depth and text-node
/// length are counted against ``XMLLimits``. Owns its `xmlParserCtxt` and frees it in `deinit`.
public final class XMLPushParser {
  fileprivate let context: xmlParserCtxtPtr
  fileprivate var handler: (any XMLContentHandler)? {
    didSet {
      handlerBox = handler.map(HandlerBox.init)
      lentHandler = handlerBox.map { Unmanaged.passUnretained($0) }
    }
  }
  /// The handler in a box whose `let` the callbacks can borrow without retain and release;
  /// ``lentHandler`` points at it unretained (``handlerBox`` owns it).
  private var handlerBox: HandlerBox?
  // Touched in every callback, never re-entrantly: checked exclusivity would only cost time.
  @exclusivity(unchecked) fileprivate var lentHandler: Unmanaged<HandlerBox>?
  @exclusivity(unchecked) fileprivate var failure: SpreadsheetError?
  /// Whether ``failure`` is set; tested on every callback, where comparing the optional error
  /// with nil would copy it.
  @exclusivity(unchecked) fileprivate var failed = false
  @exclusivity(unchecked) fileprivate var depth = 0
  @exclusivity(unchecked) fileprivate var textBytes = 0
  fileprivate let limits: XMLLimits
  /// The part being parsed, for error locations.
  public let partName: String
  private var finished = false

  /// Creates a parser for the part named `partName`.
  public init(partName: String, limits: XMLLimits = .default) throws(SpreadsheetError) {
    self.partName = partName
    self.limits = limits
    equilibre_silence_generic_errors()
    var sax = xmlSAXHandler()
    sax.initialized = UInt32(XML_SAX2_MAGIC)
    sax.startElementNs = saxStartElement
    sax.endElementNs = saxEndElement
    sax.characters = saxCharacters
    sax.cdataBlock = saxCharacters
    sax.ignorableWhitespace = saxCharacters
    sax.internalSubset = saxForbidden
    sax.externalSubset = saxForbidden
    sax.entityDecl = saxEntityDecl
    sax.serror = saxStructuredError
    guard let ctxt = xmlCreatePushParserCtxt(&sax, nil, nil, 0, partName) else {
      throw SpreadsheetError(.xmlMalformed, .parserUnavailable, at: .init(part: partName))
    }
    context = ctxt
    let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOCDATA.rawValue)
    xmlCtxtUseOptions(ctxt, options)
    // Point the callbacks' context at this object (unretained: the parser outlives each call).
    ctxt.pointee.userData = Unmanaged.passUnretained(self).toOpaque()
  }

  deinit { xmlFreeParserCtxt(context) }

  /// Interns `text` in this parser's dictionary, giving the name the callbacks will report.
  public func intern(_ text: String) -> XMLName {
    let p = xmlDictLookup(context.pointee.dict, text, -1)
    return XMLName(bits: UInt(bitPattern: p))
  }

  /// Sets the receiver of events. Must be set before the first ``feed(_:)``.
  public func setHandler(_ handler: any XMLContentHandler) { self.handler = handler }

  /// Feeds the next chunk of the document (`xmlParseChunk`).
  /// - Throws: `xml.malformed`, `xml.forbidden`, `xml.limit`, or the handler's error.
  public func feed(_ chunk: UnsafeRawBufferPointer) throws(SpreadsheetError) {
    guard !finished else { return }
    var offset = 0
    // xmlParseChunk takes an Int32 size; feed large buffers in pieces.
    repeat {
      let n = min(chunk.count - offset, 1 << 24)
      let base = chunk.baseAddress.map { $0.assumingMemoryBound(to: CChar.self) + offset }
      let rc = xmlParseChunk(context, base, Int32(n), 0)
      try check(rc)
      offset += n
    } while offset < chunk.count
  }

  /// Feeds a whole document held in memory and finishes the parse.
  public func parse(_ bytes: [UInt8]) throws(SpreadsheetError) {
    var result: Result<Void, SpreadsheetError> = .success(())
    bytes.withUnsafeBytes { raw in
      do throws(SpreadsheetError) { try feed(raw) } catch { result = .failure(error) }
    }
    try result.get()
    try finish()
  }

  /// Ends the document; throws if it was incomplete or malformed.
  public func finish() throws(SpreadsheetError) {
    guard !finished else { return }
    finished = true
    let rc = xmlParseChunk(context, nil, 0, 1)
    try check(rc)
    if context.pointee.wellFormed == 0 {
      throw lastError() ?? SpreadsheetError(.xmlMalformed, .malformedXML(nil), at: .init(part: partName))
    }
  }

  /// The current line in the document, for messages.
  public var line: Int { Int(xmlSAX2GetLineNumber(context)) }

  private func check(_ rc: Int32) throws(SpreadsheetError) {
    if let failure {
      finished = true
      throw failure
    }
    if rc != 0 || context.pointee.wellFormed == 0 {
      finished = true
      if rc == Int32(XML_ERR_INVALID_ENCODING.rawValue) {
        throw SpreadsheetError(.xmlMalformed, .badEncoding, at: .init(part: partName, line: line))
      }
      throw lastError()
        ?? SpreadsheetError(.xmlMalformed, .malformedXML(nil), at: .init(part: partName, line: line))
    }
  }

  private func lastError() -> SpreadsheetError? {
    guard let error = xmlCtxtGetLastError(UnsafeMutableRawPointer(context)) else { return nil }
    let e = error.pointee
    guard var message = e.message.map({ String(cString: $0) }) else {
      return SpreadsheetError(.xmlMalformed, .malformedXML(nil), at: .init(part: partName, line: Int(e.line)))
    }
    while message.last == "\n" { message.removeLast() }
    // One line: libxml2 splits some messages ("… indicate encoding !\nBytes: 0xC3 0x28").
    message = message.split(separator: "\n").joined(separator: " ")
    return SpreadsheetError(
      .xmlMalformed, .malformedXML(Cause(.libxml2, code: e.code, text: message)),
      at: .init(part: partName, line: Int(e.line), column: Int(e.int2) > 0 ? Int(e.int2) : nil))
  }

  fileprivate func fail(_ error: SpreadsheetError) {
    if !failed {
      failed = true
      failure = error.adding(.init(part: partName, line: line))
    }
    xmlStopParser(context)
  }
}

/// Holds the handler in a constant, so a borrowed box lends it without retaining it.
private final class HandlerBox {
  let handler: any XMLContentHandler
  init(_ handler: any XMLContentHandler) { self.handler = handler }
}

@inline(__always) private func parser(_ ctx: UnsafeMutableRawPointer?) -> XMLPushParser {
  Unmanaged<XMLPushParser>.fromOpaque(ctx!).takeUnretainedValue()
}

/// Runs `body` with the parser, borrowed without retain and release (it outlives every
/// callback), and its handler; skipped once the parse has failed.
@inline(__always) private func withHandler(
  _ ctx: UnsafeMutableRawPointer?, _ body: (XMLPushParser, any XMLContentHandler) -> Void
) {
  guard let ctx else { return }
  Unmanaged<XMLPushParser>.fromOpaque(ctx)._withUnsafeGuaranteedRef { p in
    guard !p.failed, let lent = p.lentHandler else { return }
    lent._withUnsafeGuaranteedRef { box in body(p, box.handler) }
  }
}

@inline(never) private func failDepth(_ p: XMLPushParser) {
  p.fail(SpreadsheetError(.xmlLimit, .tooDeep(limit: p.limits.maxDepth)))
}

@inline(never) private func failText(_ p: XMLPushParser) {
  p.fail(
    SpreadsheetError(.xmlLimit, .textTooLong(limitMiB: p.limits.maxTextBytes / (1 << 20))))
}

@inline(never) private func failHandler(_ p: XMLPushParser, _ error: SpreadsheetError) {
  p.fail(error)
}

private let saxStartElement: startElementNsSAX2Func = {
  ctx, localname, _, uri, _, _, nbAttributes, _, attributes in
  withHandler(ctx) { p, handler in
    p.depth += 1
    p.textBytes = 0
    if p.depth > p.limits.maxDepth {
      failDepth(p)
      return
    }
    do {
      try handler.startElement(
        XMLName(bits: UInt(bitPattern: localname)), namespace: XMLName(bits: UInt(bitPattern: uri)),
        attributes: XMLAttributes(base: attributes, count: Int(nbAttributes)))
    } catch {
      failHandler(p, error.asSpreadsheetError)
    }
  }
}

private let saxEndElement: endElementNsSAX2Func = { ctx, localname, _, uri in
  withHandler(ctx) { p, handler in
    p.depth -= 1
    p.textBytes = 0
    do {
      try handler.endElement(
        XMLName(bits: UInt(bitPattern: localname)), namespace: XMLName(bits: UInt(bitPattern: uri)))
    } catch {
      failHandler(p, error.asSpreadsheetError)
    }
  }
}

private let saxCharacters: charactersSAXFunc = { ctx, ch, len in
  withHandler(ctx) { p, handler in
    p.textBytes += Int(len)
    if p.textBytes > p.limits.maxTextBytes {
      failText(p)
      return
    }
    do {
      try handler.characters(XMLBytes(start: ch, count: Int(len)))
    } catch {
      failHandler(p, error.asSpreadsheetError)
    }
  }
}

private let saxForbidden: internalSubsetSAXFunc = { ctx, _, _, _ in
  parser(ctx).fail(
    SpreadsheetError(.xmlForbidden, .doctype))
}

private let saxEntityDecl: entityDeclSAXFunc = { ctx, _, _, _, _, _ in
  parser(ctx).fail(SpreadsheetError(.xmlForbidden, .entityDeclaration))
}

private let saxStructuredError: xmlStructuredErrorFunc = { _, _ in
  // Errors are read from the parser context after the chunk; nothing is printed.
}
