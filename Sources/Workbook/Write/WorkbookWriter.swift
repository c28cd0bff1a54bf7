import Archive
import Diagnostics
import XMLStream

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Writes a ``Workbook`` as a new .xlsx or .ods package, from the model alone.
///
/// Formulas must already be in the target format's dialect (the `Formula` module translates
/// them, `WorkbookTranslation`); a formula in the other dialect is written as its cached value.
/// The package is written beside `path` and moved into place when complete (``ArchiveWriter``);
/// the same workbook gives the same bytes: entries carry a fixed time, and no part holds a date.
/// What the model does not carry is not written: see `docs/convert.md`.
public enum WorkbookWriter {
  /// What writing left out.
  public struct Report: Sendable, Equatable {
    /// Characters XML 1.0 cannot carry (control characters), left out of texts.
    public var droppedCharacters = 0
    /// Formulas written as their cached value: in the other dialect (not translated).
    public var formulasAsValues: [(sheet: String, cell: CellReference)] = []

    public static func == (a: Report, b: Report) -> Bool {
      a.droppedCharacters == b.droppedCharacters
        && a.formulasAsValues.map { "\($0.sheet)!\($0.cell)" } == b.formulasAsValues.map { "\($0.sheet)!\($0.cell)" }
    }
  }

  /// Writes `workbook` to `path` in the format its extension names.
  ///
  /// - Parameters:
  ///   - replacing: Whether an existing file at `path` may be replaced.
  /// - Throws: `workbook.unsupported` when the extension is not one Equilibre writes, `io.failed`
  ///   when `path` exists (and not `replacing`) or cannot be written.
  @discardableResult
  public static func write(_ workbook: Workbook, to path: String, replacing: Bool = false) throws(SpreadsheetError)
    -> Report
  {
    guard let format = SpreadsheetFormat(path: path) else {
      throw SpreadsheetError(
        .unsupported, .outputExtension, at: .init(file: path))
    }
    let writer = try ArchiveWriter(path: path, replacing: replacing)
    let report: Report
    switch format {
    case .xlsx: report = try XLSXWriter.write(workbook, to: writer)
    case .ods: report = try ODSWriter.write(workbook, to: writer)
    }
    try writer.commit()
    return report
  }

  /// True when both paths name one existing file (through links, or two spellings).
  public static func isSameFile(_ a: String, _ b: String) -> Bool { WorkbookPatcher.isSameFile(a, b) }
}

extension NumberFormat {
  /// The format code a number of this kind gets when its style says `General` (an ODS value
  /// typed currency, percentage or date with no number style the model carries).
  static func defaultCode(for kind: NumberKind) -> String? {
    switch kind {
    case .plain: return nil
    case .currency: return "#,##0.00\\ \"€\""
    case .percentage: return "0.00%"
    case .date: return "dd/mm/yyyy"
    case .dateTime: return "dd/mm/yyyy hh:mm:ss"
    case .time: return "hh:mm:ss"
    case .duration: return "[h]:mm:ss"
    }
  }
}

extension ArchiveWriter {
  /// Adds a part a writer made: deflated at zlib's fastest level past 4 MiB (a big sheet's XML is
  /// repetitive: level 1 costs about a quarter of level 6's time for a file a third larger).
  func addPart(_ name: String, _ chunks: [[UInt8]]) throws(SpreadsheetError) {
    let size = chunks.reduce(0) { $0 + $1.count }
    try add(name, chunks: chunks, level: size > 4 << 20 ? 1 : 6)
  }
}

extension ArchiveWriter {
  /// Adds a part written in pieces (``StreamedPart``), after `prefix`: a part that stayed small
  /// is deflated like ``addPart(_:_:)`` would; a big one was deflated as it was written.
  func addPart(_ name: String, prefix: [UInt8] = [], streamed: StreamedPart) throws(SpreadsheetError) {
    let size = prefix.count + streamed.plainSize
    try add(name, prefix: prefix, streamed: streamed, level: size > 4 << 20 ? 1 : 6)
  }
}

extension Workbook {
  /// The sheet a copy shows on opening: the active sheet when it is visible, else the first
  /// visible sheet (a hidden sheet cannot be shown), else the first.
  var shownSheet: Int {
    if let a = activeSheet, a >= 0, a < sheets.count, sheets[a].visibility == .visible { return a }
    return sheets.firstIndex { $0.visibility == .visible } ?? 0
  }
}

extension XMLWriter {
  /// How many bytes a writer holds before it hands them to its ``StreamedPart``.
  static let spillSize = 1 << 20

  /// Hands what was written to `part` once it passes ``spillSize``.
  mutating func spill(to part: StreamedPart?) {
    guard let part, bytes.count >= Self.spillSize else { return }
    part.write(take())
  }
}

extension Sheet {
  /// The formulas sorted by cell, to walk beside ``cells`` instead of hashing each cell.
  public var sortedFormulas: [(reference: CellReference, formula: CellFormula)] {
    // The keys alone are sorted (moving whole formulas while sorting cost more than the lookups).
    formulas.keys.sorted().map { ($0, formulas[$0]!) }
  }

  /// The cells and the styled empty cells in one sorted sequence (a cell wins over a blank at
  /// the same place): what the writers write.
  var cellsAndBlanks: [Cell] {
    guard !blanks.isEmpty else { return cells }
    var out: [Cell] = []
    out.reserveCapacity(cells.count + blanks.count)
    var i = 0
    var j = 0
    while i < cells.count || j < blanks.count {
      if j == blanks.count || (i < cells.count && cells[i].reference <= blanks[j].reference) {
        if j < blanks.count, blanks[j].reference == cells[i].reference { j += 1 }
        out.append(cells[i])
        i += 1
      } else {
        out.append(blanks[j])
        j += 1
      }
    }
    return out
  }
}
