import Archive
import Diagnostics

/// Writes an OpenDocument spreadsheet package with some cells changed and everything else as it
/// was: `content.xml` is rewritten by ``ContentPatcher``, which copies every byte outside the
/// patched rows; every other entry is copied raw, compressed bytes and all.
enum ODSPatcher {
  /// Writes `archive` (an ods package, already read as `workbook`) to `writer` with the cells
  /// of `patches` (sheet name → cell → patch) changed; `content.xml` is rewritten, every other
  /// entry copied raw, in the archive's order (`mimetype` first and stored, ODF 1.3 Part 2
  /// §3.3).
  ///
  /// A patched cell keeps its style, spans, validation and annotation; it gets
  /// `office:value-type="float"`, the patch's number as `office:value` (written verbatim), the
  /// formula kept, replaced or removed, and one paragraph with the display text; with a
  /// ``CellPatch/numberFormat``, a new automatic cell style like its own that shows with it
  /// (`content.xml`'s automatic styles gain it and its data style). A cell inside a
  /// repeated row or cell is split out of it; a cell past the end of its row or table is
  /// created. A note becomes the cell's `office:annotation` (author «Equilibre»), or a new
  /// paragraph of the annotation the cell already has; `xmlns:dc` is added to the root element
  /// when the document lacks it. A document in another encoding than UTF-8 gets the new text's
  /// non-ASCII characters as character references.
  ///
  /// - Parameters:
  ///   - archive: the package, open; it must stay open until `writer` commits.
  ///   - workbook: the workbook read from `archive`: its sheets name the tables in order.
  ///   - patches: the cells to change, by sheet name.
  ///   - writer: the archive to add the entries to; the caller commits it.
  ///   - options: the caps; `content.xml` is read within `options.archive` (through
  ///     ``Archive/read(_:)``) and nested no deeper than `options.xml.maxDepth`.
  /// - Throws: `workbook.invalid` for a patch whose number is not a plain decimal, a sheet the
  ///   workbook lacks or names twice, a cell covered by a merged range; `workbook.missingPart` without
  ///   `content.xml`; `zip.*`, `xml.*` and `io.failed` from reading and writing. Each names the
  ///   file, the part and, where known, the line, sheet and cell.
  /// - Returns: how many characters XML cannot carry were left out of the text written (ODF has
  ///   no escape for them: `docs/markup.md`).
  @discardableResult
  static func write(
    _ archive: Archive, workbook: Workbook, patches: [String: [CellReference: CellPatch]],
    to writer: ArchiveWriter, options: ReadOptions
  ) throws(SpreadsheetError) -> Int {
    // The parts the reader read (a workbook made otherwise has its map made here).
    let package: ODSPackageMap
    if let map = workbook.package?.ods { package = map } else { package = try ODSPackageMap(archive) }
    let part = package.contentEntry
    let here = SpreadsheetError.Location(file: archive.path, part: part)
    let sheetNames = workbook.sheets.map(\.name)
    for (sheet, cells) in patches.sorted(by: { $0.key < $1.key }) {
      let tables = sheetNames.filter { $0 == sheet }.count
      guard tables == 1 else {
        throw SpreadsheetError(
          .invalid,
          tables == 0 ? .noSuchSheet(sheet) : .ambiguousSheet(sheet, count: tables),
          at: here.merged(with: .init(sheet: sheet)))
      }
      for (reference, patch) in cells.sorted(by: { $0.key < $1.key })
      where !isPlainDecimal(patch.number) {
        throw SpreadsheetError(
          .invalid,
          .notPlainDecimal(patch.number),
          at: here.merged(with: .init(sheet: sheet, cell: reference.description)))
      }
    }

    let content: [UInt8]
    var dropped = 0
    do throws(SpreadsheetError) {
      let original = try archive.read(part)
      content = try original.withUnsafeBufferPointer { buffer throws(SpreadsheetError) in
        let patcher = try ContentPatcher(
          bytes: buffer, sheetNames: sheetNames, patches: patches, maxDepth: options.xml.maxDepth)
        let bytes = try patcher.patch()
        dropped = patcher.droppedCharacters
        return bytes
      }
    } catch {
      throw error.adding(here)
    }

    let mimetype = package.mimetypeEntry
    if let mimetype {
      if archive.isStored(mimetype) == true {
        try writer.copy(mimetype, from: archive)
      } else {
        try writer.add(mimetype, try archive.read(mimetype), compressed: false)
      }
    }
    let changes = patches.values.contains { !$0.isEmpty }
    for name in archive.entryNames where name != mimetype {
      if name == part, changes {
        try writer.add(part, content)
      } else {
        try writer.copy(name, from: archive)
      }
    }
    return dropped
  }

  /// Whether `text` is `-?[0-9]+(\.[0-9]+)?`, the literal ``CellPatch/number`` promises.
  static func isPlainDecimal(_ text: String) -> Bool {
    var digits = text.utf8[...]
    if digits.first == UInt8(ascii: "-") { digits = digits.dropFirst() }
    let parts = digits.split(
      separator: UInt8(ascii: "."), maxSplits: 1, omittingEmptySubsequences: false)
    guard text.utf8.filter({ $0 == UInt8(ascii: ".") }).count <= 1 else { return false }
    return !parts.isEmpty
      && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }
  }
}
