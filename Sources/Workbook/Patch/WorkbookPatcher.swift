import Archive
import Diagnostics

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Writes a workbook file with some cells changed: the input package, its changed cells rewritten
/// in their sheet part, every other entry copied as it was (compressed bytes and all).
///
/// The output is written beside its destination and moved into place only when complete; the
/// input is never written over.
public enum WorkbookPatcher {
  /// What a patch left out.
  public struct Report: Sendable, Equatable {
    /// The sheets whose notes were left out (``write(_:workbook:patches:to:replacing:options:skippingRefusedNotes:)``'s
    /// `skippingRefusedNotes`).
    public var notesSkipped: [String] = []
    /// Characters XML 1.0 cannot carry, left out of the text written: a note in ODS, which has
    /// no escape for them (xlsx writes them `_xHHHH_`; `docs/markup.md`).
    public var droppedCharacters = 0
  }

  /// Writes `input` to `output` with `patches` (sheet name → cell → patch) applied.
  ///
  /// - Parameters:
  ///   - workbook: `input` as read with `options` (the patchers find the cells the reader found).
  ///   - replacing: Whether an existing `output` may be replaced (never the input itself).
  ///   - skippingRefusedNotes: Leave out the notes of an xlsx sheet that has comments already
  ///     (they cannot be merged yet) instead of refusing the whole write.
  /// - Returns: the sheets whose notes were left out, and the characters left out.
  /// - Throws: `io.failed` when `output` exists (and not `replacing`), is the input, or can't be
  ///   written; `workbook.unsupported` when `output`'s extension names another format than
  ///   the input's; `workbook.invalid` when a patch names a sheet the workbook lacks or a cell the
  ///   patchers cannot rewrite (covered by a span, inside an array formula); the readers' codes
  ///   when a part to rewrite is damaged.
  @discardableResult
  public static func write(
    _ input: String, workbook: Workbook, patches: [String: [CellReference: CellPatch]], to output: String,
    replacing: Bool = false, options: ReadOptions = .default, skippingRefusedNotes: Bool = false
  ) throws(SpreadsheetError) -> Report {
    let here = SpreadsheetError.Location(file: output)
    guard let format = SpreadsheetFormat(path: output) else {
      throw SpreadsheetError(
        .unsupported, .outputExtension, at: here)
    }
    guard format == workbook.format else {
      throw SpreadsheetError(
        .unsupported,
        .outputFormat(input: workbook.format.rawValue, output: format.rawValue),
        at: here)
    }
    if isSameFile(input, output) {
      throw SpreadsheetError(.io, .outputIsInput, at: here)
    }
    for name in patches.keys where workbook.sheet(named: name) == nil {
      throw SpreadsheetError(.invalid, .noSuchSheet(name), at: .init(file: input, sheet: name))
    }
    let archive = try Archive(path: input, limits: options.archive)
    let writer = try ArchiveWriter(path: output, replacing: replacing)
    var report = Report()
    switch format {
    case .xlsx:
      report = try XLSXPatcher.write(
        archive, workbook: workbook, patches: patches, to: writer, options: options,
        skippingRefusedNotes: skippingRefusedNotes)
    case .ods:
      report.droppedCharacters = try ODSPatcher.write(
        archive, workbook: workbook, patches: patches, to: writer, options: options)
    }
    try writer.commit()
    return report
  }

  /// True when both paths name one existing file (through links, or two spellings).
  static func isSameFile(_ a: String, _ b: String) -> Bool {
    var sa = stat()
    var sb = stat()
    guard stat(a, &sa) == 0, stat(b, &sb) == 0 else { return false }
    return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino
  }
}
