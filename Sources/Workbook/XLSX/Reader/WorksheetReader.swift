import Diagnostics
import XMLStream

/// Streams one worksheet part (ECMA-376 Part 1 §18.3) into cells, formulas and merged ranges.
///
/// Handles cell types `n s str inlineStr b e d`, formulas with cached values, shared formulas
/// expanded per cell, array formulas with their range, rows and cells without `r`, and ignores
/// the declared `dimension`. Only elements in the SpreadsheetML namespace count, so extension
/// lists (`x14:…`, `xm:f`) are skipped.
final class WorksheetReader: XMLContentHandler {
  private enum CellType { case number, sharedString, formulaString, inlineString, boolean, error, isoDate }

  // Interned names.
  private let nRow, nC, nV, nF, nIs, nT, nRPh, nMergeCell, nExtLst: XMLName
  private let nCol, nConditionalFormatting, nDataValidations, nSheetFormatPr, nSheetData: XMLName
  private let aDefaultColWidth, aDefaultRowHeight: XMLName
  /// `sheetFormatPr`: the default column width and row height, in points.
  private(set) var defaultColumnWidth: Double?
  private(set) var defaultRowHeight: Double?
  /// The first sheet view's frozen pane (`pane state="frozen"`): rows and columns frozen.
  private(set) var frozenRows: Int32 = 0
  private(set) var frozenColumns: Int32 = 0
  private var sawPane = false
  private let nPane, aXSplit, aYSplit, aState: XMLName
  private let aR, aT, aS, aRef, aSi, aSpace: XMLName
  private let aMin, aMax, aWidth, aHidden, aHt, aCustomHeight, aCustomWidth: XMLName
  @exclusivity(unchecked) private var inlineTextStart = 0
  @exclusivity(unchecked) private var inlinePreserve = false
  private let mainNamespaces: [XMLName]

  // Inputs.
  private let sharedStrings: [String]
  private let kinds: [NumberKind]
  private let dateSystem: DateSystem
  private let maxCells: Int
  private let cellCountSoFar: Int
  private let maxTextBytes: Int
  private let textBytesSoFar: Int
  /// Bytes of text in this sheet's cells, shared strings counted once per cell that shows them.
  @exclusivity(unchecked) private(set) var textBytes = 0
  /// When set, cells are counted here instead of kept.
  private let counting: Bool
  @exclusivity(unchecked) private(set) var tally = CellTally()

  // Outputs.
  @exclusivity(unchecked) private(set) var cells: [Cell] = []
  /// Formulas in reading order; ``formulas`` builds the dictionary once, at the end.
  @exclusivity(unchecked) private var formulaList: [(CellReference, CellFormula)] = []
  @exclusivity(unchecked) private(set) var merged: [CellRange] = []
  @exclusivity(unchecked) private var blanks: [Cell] = []
  /// Whether styled empty cells are kept (a copy needs them, a check does not).
  private let keepsBlanks: Bool
  /// Column widths (`cols/col`, in points) and hidden columns.
  private(set) var columns: [ColumnFormat] = []
  /// Rows with a custom height (in points) or hidden.
  private(set) var rows: [RowFormat] = []
  /// Whether the sheet has conditional formats, data validation: what a copy drops.
  private(set) var hasConditionalFormats = false
  private(set) var hasDataValidation = false

  // State.
  @exclusivity(unchecked) private var row: Int32 = -1
  @exclusivity(unchecked) private var column: Int32 = -1
  @exclusivity(unchecked) private var type = CellType.number
  @exclusivity(unchecked) private var style: Int32 = 0
  @exclusivity(unchecked) private var haveValue = false
  @exclusivity(unchecked) private var capture = Capture.none
  @exclusivity(unchecked) private var valueBytes = ByteBuffer()
  @exclusivity(unchecked) private var formulaBytes = ByteBuffer()
  @exclusivity(unchecked) private var inlineBytes = ByteBuffer()
  @exclusivity(unchecked) private var inInline = false
  @exclusivity(unchecked) private var phoneticDepth = 0
  @exclusivity(unchecked) private var extensionDepth = 0
  @exclusivity(unchecked) private var haveFormula = false
  @exclusivity(unchecked) private var formulaKind = FormulaKind.normal
  @exclusivity(unchecked) private var formulaRef: CellRange?
  @exclusivity(unchecked) private var formulaSharedIndex: Int?
  @exclusivity(unchecked) private var sharedMasters: [Int: (origin: CellReference, text: String)] = [:]
  @exclusivity(unchecked) private var sorted = true

  // Handing rows over while reading (a conversion writes them meanwhile); see ``onRows``.
  /// Called at `sheetData`'s start: the columns and default sizes are known.
  var onSheetData: (() -> Void)?
  /// Called with the rows read since the last call, every time some thousands of cells have
  /// come, with the row below which they are complete; then once more by ``flushRows()``, with
  /// nil. Stops once rows or cells come out of order (see ``inOrder``).
  var onRows: ((RowBatch, Int32?) -> Void)?
  /// How many cells a batch holds at least.
  static let rowBatchSize = 8192
  private var handedCells = 0
  private var handedBlanks = 0
  private var handedFormulas = 0
  private var handedRows = 0
  /// Whether rows and cells came in order (no batch handed over was wrong).
  var inOrder: Bool { sorted }

  private enum Capture { case none, value, formula, inline }
  private enum FormulaKind { case normal, shared, array, other }

  init(
    parser: XMLPushParser, sharedStrings: [String], kinds: [NumberKind], dateSystem: DateSystem,
    maxCells: Int, cellCountSoFar: Int, maxTextBytes: Int = .max, textBytesSoFar: Int = 0, counting: Bool = false,
    keepsBlanks: Bool = true
  ) {
    self.keepsBlanks = keepsBlanks
    self.counting = counting
    nRow = parser.intern("row")
    nC = parser.intern("c")
    nV = parser.intern("v")
    nF = parser.intern("f")
    nIs = parser.intern("is")
    nT = parser.intern("t")
    nRPh = parser.intern("rPh")
    nMergeCell = parser.intern("mergeCell")
    nExtLst = parser.intern("extLst")
    nCol = parser.intern("col")
    nSheetFormatPr = parser.intern("sheetFormatPr")
    nSheetData = parser.intern("sheetData")
    nPane = parser.intern("pane")
    aXSplit = parser.intern("xSplit")
    aYSplit = parser.intern("ySplit")
    aState = parser.intern("state")
    aDefaultColWidth = parser.intern("defaultColWidth")
    aDefaultRowHeight = parser.intern("defaultRowHeight")
    nConditionalFormatting = parser.intern("conditionalFormatting")
    nDataValidations = parser.intern("dataValidations")
    aMin = parser.intern("min")
    aMax = parser.intern("max")
    aWidth = parser.intern("width")
    aHidden = parser.intern("hidden")
    aHt = parser.intern("ht")
    aCustomHeight = parser.intern("customHeight")
    aCustomWidth = parser.intern("customWidth")
    aR = parser.intern("r")
    aT = parser.intern("t")
    aS = parser.intern("s")
    aRef = parser.intern("ref")
    aSi = parser.intern("si")
    aSpace = parser.intern("space")
    mainNamespaces = XLSXParts.spreadsheetNamespaces.map { parser.intern($0) }
    self.sharedStrings = sharedStrings
    self.kinds = kinds
    self.dateSystem = dateSystem
    self.maxCells = maxCells
    self.cellCountSoFar = cellCountSoFar
    self.maxTextBytes = maxTextBytes
    self.textBytesSoFar = textBytesSoFar
  }

  @inline(__always) private func isMain(_ ns: XMLName) -> Bool {
    ns == mainNamespaces[0] || ns == mainNamespaces[1]
  }

  func startElement(_ name: XMLName, namespace: XMLName, attributes: XMLAttributes) throws(SpreadsheetError) {
    if extensionDepth > 0 {
      extensionDepth += 1
      return
    }
    guard isMain(namespace) else {
      if name == nExtLst || !isMain(namespace) { extensionDepth = 1 }
      return
    }
    if name == nC {
      try startCell(attributes)
    } else if name == nV {
      capture = .value
      valueBytes.removeAll()
    } else if name == nF {
      startFormula(attributes)
    } else if name == nRow {
      if let r = attributes.value(aR) {
        guard let n = r.integer, n >= 1, n <= Int(CellReference.maxRows) else {
          throw SpreadsheetError(.invalid, .rowOutsideGrid(r.string))
        }
        let newRow = Int32(n - 1)
        if newRow <= row { sorted = false }
        handRows(below: newRow)
        row = newRow
      } else {
        handRows(below: row + 1)
        row += 1
      }
      column = -1
      if attributes.count > 1 { readRowFormat(attributes) }
    } else if name == nIs {
      inInline = true
      inlineBytes.removeAll()
    } else if name == nT {
      if inInline && phoneticDepth == 0 {
        capture = .inline
        inlineTextStart = inlineBytes.count
        inlinePreserve = attributes.value(aSpace)?.equals("preserve") ?? false
      }
    } else if name == nRPh {
      phoneticDepth += 1
    } else if name == nMergeCell {
      if let ref = attributes.value(aRef), let range = CellRange(ref.string) { merged.append(range) }
    } else if name == nExtLst {
      extensionDepth = 1
    } else if name == nCol {
      readColumn(attributes)
    } else if name == nSheetData {
      onSheetData?()
    } else if name == nSheetFormatPr {
      defaultColumnWidth = attributes.value(aDefaultColWidth)?.double.map { $0 * XLSXUnits.pointsPerCharacter }
      if Self.isTrue(attributes.value(aCustomHeight)) { defaultRowHeight = attributes.value(aDefaultRowHeight)?.double }
    } else if name == nPane {
      readPane(attributes)
    } else if name == nConditionalFormatting {
      hasConditionalFormats = true
    } else if name == nDataValidations {
      hasDataValidation = true
    }
  }

  /// Hands the rows above `row` over when enough cells have come (and all came in order).
  @inline(__always) private func handRows(below row: Int32) {
    guard onRows != nil, sorted, cells.count + blanks.count - handedCells - handedBlanks >= Self.rowBatchSize else { return }
    handRows(completeBelow: row)
  }

  /// Hands the rows not handed yet over; `nil`: they are the last.
  private func handRows(completeBelow: Int32?) {
    guard let onRows, sorted else { return }
    var batch: [Cell] = []
    batch.reserveCapacity(cells.count - handedCells + blanks.count - handedBlanks)
    // In order, a cell and a styled empty cell never share a place.
    var i = handedCells
    var j = handedBlanks
    while i < cells.count || j < blanks.count {
      if j == blanks.count || (i < cells.count && cells[i].reference < blanks[j].reference) {
        batch.append(cells[i])
        i += 1
      } else {
        batch.append(blanks[j])
        j += 1
      }
    }
    let formulas = formulaList[handedFormulas...].map { (reference: $0.0, formula: $0.1) }
    onRows(RowBatch(cells: batch, formulas: formulas, rowFormats: Array(rows[handedRows...])), completeBelow)
    handedCells = cells.count
    handedBlanks = blanks.count
    handedFormulas = formulaList.count
    handedRows = rows.count
  }

  /// Hands the last rows over (after the parse).
  func flushRows() { handRows(completeBelow: nil) }

  /// A `pane` (ECMA-376 §18.3.1.66): frozen when its state says so, `xSplit` columns and `ySplit`
  /// rows. Only the first one counts (a sheet has one view in practice).
  private func readPane(_ attributes: XMLAttributes) {
    guard !sawPane else { return }
    sawPane = true
    guard let state = attributes.value(aState), state.equals("frozen") || state.equals("frozenSplit") else { return }
    func count(_ v: XMLBytes?, limit: Int32) -> Int32 {
      guard let d = v?.double, d.isFinite, d >= 1 else { return 0 }
      return Int32(min(d.rounded(.down), Double(limit - 1)))
    }
    frozenColumns = count(attributes.value(aXSplit), limit: CellReference.maxColumns)
    frozenRows = count(attributes.value(aYSplit), limit: CellReference.maxRows)
  }

  private static func isTrue(_ v: XMLBytes?) -> Bool {
    guard let v else { return false }
    return v.equals("1") || v.equals("true")
  }

  /// A `col` element: columns `min`…`max` (one-based), their width in characters of the
  /// default font's widest digit, about 5.25 points each (7 pixels at 96 dpi).
  private func readColumn(_ attributes: XMLAttributes) {
    guard let lo = attributes.value(aMin)?.integer, let hi = attributes.value(aMax)?.integer, lo >= 1, hi >= lo,
      lo <= Int(CellReference.maxColumns)
    else { return }
    let hidden = Self.isTrue(attributes.value(aHidden))
    let width = attributes.value(aWidth)?.double.map { $0 * XLSXUnits.pointsPerCharacter }
    guard hidden || width != nil else { return }
    columns.append(
      ColumnFormat(
        first: Int32(lo - 1), last: Int32(min(hi, Int(CellReference.maxColumns)) - 1), width: width, hidden: hidden))
  }

  /// A row's custom height (`ht`, points, when `customHeight` says so) and whether it is hidden.
  private func readRowFormat(_ attributes: XMLAttributes) {
    let hidden = Self.isTrue(attributes.value(aHidden))
    let height = Self.isTrue(attributes.value(aCustomHeight)) ? attributes.value(aHt)?.double : nil
    guard hidden || height != nil, row >= 0 else { return }
    rows.append(RowFormat(first: row, last: row, height: height, hidden: hidden))
  }

  private func startCell(_ attributes: XMLAttributes) throws(SpreadsheetError) {
    type = .number
    style = 0
    haveValue = false
    haveFormula = false
    inInline = false
    var explicit: CellReference?
    for a in attributes {
      if a.name == aR {
        guard let ref = a.value.withUnsafeBytes({ CellReference(asciiBytes: $0) }) else {
          throw SpreadsheetError(.invalid, .notACellReference(a.value.string))
        }
        explicit = ref
      } else if a.name == aT {
        type = cellType(a.value)
      } else if a.name == aS {
        style = Int32(truncatingIfNeeded: a.value.integer ?? 0)
      }
    }
    if let ref = explicit {
      if row < 0 { row = ref.row }
      if ref.row != row || ref.column <= column { sorted = false }
      row = ref.row
      column = ref.column
    } else {
      if row < 0 { row = 0 }
      column += 1
      guard column < CellReference.maxColumns else {
        throw SpreadsheetError(.workbookLimit, .rowPastLastColumn(row: Int(row) + 1))
      }
    }
  }

  private func cellType(_ v: XMLBytes) -> CellType {
    switch v.first {
    case UInt8(ascii: "s"): return v.count == 1 ? .sharedString : (v.equals("str") ? .formulaString : .number)
    case UInt8(ascii: "i"): return .inlineString
    case UInt8(ascii: "b"): return .boolean
    case UInt8(ascii: "e"): return .error
    case UInt8(ascii: "d"): return .isoDate
    default: return .number
    }
  }

  private func startFormula(_ attributes: XMLAttributes) {
    capture = .formula
    formulaBytes.removeAll()
    haveFormula = true
    formulaKind = .normal
    formulaRef = nil
    formulaSharedIndex = nil
    for a in attributes {
      if a.name == aT {
        if a.value.equals("shared") {
          formulaKind = .shared
        } else if a.value.equals("array") {
          formulaKind = .array
        } else if !a.value.equals("normal") {
          formulaKind = .other
        }
      } else if a.name == aRef {
        formulaRef = CellRange(a.value.string)
      } else if a.name == aSi {
        formulaSharedIndex = a.value.integer
      }
    }
  }

  func endElement(_ name: XMLName, namespace: XMLName) throws(SpreadsheetError) {
    if extensionDepth > 0 {
      extensionDepth -= 1
      return
    }
    guard isMain(namespace) else { return }
    if name == nV {
      capture = .none
      haveValue = true
    } else if name == nC {
      try endCell()
    } else if name == nF {
      capture = .none
      endFormula()
    } else if name == nT {
      if capture == .inline {
        if !inlinePreserve { inlineBytes.trimWhitespace(from: inlineTextStart) }
        capture = .none
      }
    } else if name == nIs {
      inInline = false
      haveValue = true
    } else if name == nRPh {
      phoneticDepth -= 1
    }
  }

  private func endFormula() {
    let reference = CellReference(row: row, column: column)
    switch formulaKind {
    case .normal:
      formulaList.append((reference, CellFormula(text: text(formulaBytes), dialect: .ooxml)))
    case .array:
      formulaList.append((reference, CellFormula(
        text: text(formulaBytes), dialect: .ooxml, arrayRange: formulaRef ?? CellRange(start: reference, end: reference))))
    case .shared:
      guard let si = formulaSharedIndex else { return }
      if !formulaBytes.isEmpty {
        let master = text(formulaBytes)
        sharedMasters[si] = (reference, master)
        formulaList.append((reference, CellFormula(text: master, dialect: .ooxml)))
      } else if let master = sharedMasters[si] {
        let shifted = FormulaShifter.shift(
          master.text, rows: Int(reference.row - master.origin.row),
          columns: Int(reference.column - master.origin.column))
        formulaList.append((reference, CellFormula(text: shifted, dialect: .ooxml)))
      }
    case .other:
      break
    }
  }

  private func text(_ bytes: ByteBuffer) -> String { bytes.string }

  deinit {
    valueBytes.deallocate()
    formulaBytes.deallocate()
    inlineBytes.deallocate()
  }

  private func endCell() throws(SpreadsheetError) {
    let reference = CellReference(row: row, column: column)
    var value: CellValue?
    if haveValue {
      switch type {
      case .number:
        if valueBytes.isEmpty {
          value = nil
        } else {
          guard let d = valueBytes.withBytes({ NumberParser.parseDouble(valueBytes.base, $0.count) })
          else {
            throw SpreadsheetError(
              .invalid, .notANumber(text(valueBytes)), at: .init(cell: reference.description))
          }
          let s = Int(style)
          value = .number(d, s >= 0 && s < kinds.count ? kinds[s] : .plain)
        }
      case .sharedString:
        guard let i = valueBytes.withBytes({ XMLBytesInteger.parse($0) }), i < sharedStrings.count else {
          throw SpreadsheetError(
            .invalid,
            .sharedStringPastTable(index: text(valueBytes), count: sharedStrings.count),
            at: .init(cell: reference.description))
        }
        value = .text(sharedStrings[i])
      case .formulaString:
        value = .text(OOXMLEscapes.decode(valueBytes.array))
      case .inlineString:
        value = .text(OOXMLEscapes.decode(inlineBytes.array))
      case .boolean:
        let t = text(valueBytes).trimmingASCIISpaces()
        value = .bool(t == "1" || t == "true")
      case .error:
        value = .error(text(valueBytes))
      case .isoDate:
        let t = text(valueBytes)
        if t.isEmpty {
          value = nil
        } else {
          guard let serial = DateSerial.serial(iso: t, system: dateSystem) else {
            throw SpreadsheetError(
              .invalid, .notADate(t), at: .init(cell: reference.description))
          }
          value = .number(serial, .date)
        }
      }
    }
    if case .text(let s)? = value {
      if s.isEmpty && !haveFormula {
        keepBlank(reference)
        return
      }
      textBytes += s.utf8.count
      guard textBytes <= maxTextBytes - textBytesSoFar else {
        throw SpreadsheetError(
          .workbookLimit,
          .tooMuchCellText(limitMiB: maxTextBytes >> 20),
          at: .init(cell: reference.description))
      }
    }
    if value == nil && (!haveFormula || formulaList.last?.0 != reference) {
      if counting { formulaList.removeAll(keepingCapacity: true) } else { keepBlank(reference) }
      return
    }
    if counting {
      guard cellCountSoFar + tally.count < maxCells else {
        throw SpreadsheetError(
          .workbookLimit, .tooManyCells(limit: maxCells),
          at: .init(cell: reference.description))
      }
      tally.add(reference)
      if haveFormula && formulaList.last?.0 == reference { tally.formulas += 1 }
      formulaList.removeAll(keepingCapacity: true)
      return
    }
    guard cellCountSoFar + cells.count < maxCells else {
      throw SpreadsheetError(
        .workbookLimit, .tooManyCells(limit: maxCells),
        at: .init(cell: reference.description))
    }
    cells.append(Cell(reference: reference, value: value, style: style))
  }

  func characters(_ chunk: XMLBytes) throws(SpreadsheetError) {
    switch capture {
    case .none: return
    case .value: chunk.withUnsafeBytes { valueBytes.append($0) }
    case .formula: chunk.withUnsafeBytes { formulaBytes.append($0) }
    case .inline: chunk.withUnsafeBytes { inlineBytes.append($0) }
    }
  }

  /// An empty cell with a style, kept for the writers (up to ``Sheet/maxBlanks``).
  @inline(__always) private func keepBlank(_ reference: CellReference) {
    guard style != 0, keepsBlanks, !counting, blanks.count < Sheet.maxBlanks else { return }
    blanks.append(Cell(reference: reference, value: nil, style: style))
  }

  /// The styled empty cells, sorted, the last of duplicates kept.
  func sortedBlanks() -> [Cell] {
    guard !sorted else { return blanks }
    var out = blanks.sorted { $0.reference < $1.reference }
    var k = 0
    for c in out {
      if k > 0, out[k - 1].reference == c.reference { out[k - 1] = c } else { out[k] = c; k += 1 }
    }
    out.removeLast(out.count - k)
    return out
  }

  /// Formulas by cell, the last of duplicates kept.
  var formulas: [CellReference: CellFormula] {
    var out: [CellReference: CellFormula] = [:]
    out.reserveCapacity(formulaList.count)
    for (ref, f) in formulaList { out[ref] = f }
    return out
  }

  /// The cells sorted by position, the last of duplicates kept.
  func sortedCells() -> [Cell] {
    if sorted { return cells }
    var indexed = cells.enumerated().map { ($0.offset, $0.element) }
    indexed.sort { $0.1.reference != $1.1.reference ? $0.1.reference < $1.1.reference : $0.0 < $1.0 }
    var out: [Cell] = []
    out.reserveCapacity(indexed.count)
    for (_, c) in indexed {
      if let last = out.last, last.reference == c.reference { out[out.count - 1] = c } else { out.append(c) }
    }
    return out
  }
}

enum XMLBytesInteger {
  static func parse(_ b: UnsafeBufferPointer<UInt8>) -> Int? {
    var lo = 0
    var hi = b.count
    while lo < hi, b[lo] == 0x20 || b[lo] == 0x0A || b[lo] == 0x0D || b[lo] == 0x09 { lo += 1 }
    while hi > lo, b[hi - 1] == 0x20 || b[hi - 1] == 0x0A || b[hi - 1] == 0x0D || b[hi - 1] == 0x09 { hi -= 1 }
    guard hi > lo, hi - lo <= 12 else { return nil }
    var v = 0
    for i in lo..<hi {
      let d = Int(b[i]) - 48
      guard d >= 0, d <= 9 else { return nil }
      v = v * 10 + d
    }
    return v
  }
}

extension String {
  func trimmingASCIISpaces() -> String {
    var s = Substring(self)
    while let f = s.first, f == " " || f == "\n" || f == "\t" || f == "\r" { s.removeFirst() }
    while let l = s.last, l == " " || l == "\n" || l == "\t" || l == "\r" { s.removeLast() }
    return String(s)
  }
}

extension CellReference {
  /// Parses A1 from raw ASCII bytes, without `$`; the reader's fast path.
  init?(asciiBytes b: UnsafeBufferPointer<UInt8>) {
    var column: Int32 = 0
    var rowValue: Int32 = 0
    var i = 0
    var letters = 0
    while i < b.count, letters < 3 {
      let c = b[i] | 0x20
      guard c >= 0x61, c <= 0x7A else { break }
      column = column * 26 + Int32(c - 0x60)
      letters += 1
      i += 1
    }
    var digits = 0
    while i < b.count, digits < 8 {
      let d = Int32(b[i]) - 48
      guard d >= 0, d <= 9 else { return nil }
      rowValue = rowValue * 10 + d
      digits += 1
      i += 1
    }
    guard i == b.count, letters > 0, digits > 0, rowValue >= 1, rowValue <= CellReference.maxRows,
      column <= CellReference.maxColumns
    else { return nil }
    self.init(row: rowValue - 1, column: column - 1)
  }
}
