import Archive
import Diagnostics
import XMLStream

/// Writes a corrected copy of an OOXML package: only the given cells change, every other entry
/// is copied raw (compressed bytes, method and time kept), in the archive's order.
///
/// What changes, when at least one cell is patched:
/// - the sheet parts that hold patched cells, rewritten by ``SheetPatcher`` (every byte outside
///   the patched cells kept);
/// - the workbook part asks for a full recalculation on load (`calcPr fullCalcOnLoad="1"`), so
///   Excel and LibreOffice recompute the formulas that depend on the new values;
/// - when a formula is set or removed, the calculation chain (`xl/calcChain.xml`) goes, with its
///   relationship and its content type override: Excel rebuilds it, and calls a file whose chain
///   names a cell without a formula corrupt;
/// - a cell given a number format (``CellPatch/numberFormat``) gets a cell format cloned from
///   its own with that format, added to the style sheet (`xl/styles.xml`, ``StylesPatcher``);
/// - notes become comments: a new comments part and VML drawing per sheet, with the sheet's
///   relationships, its `legacyDrawing` and the content types. A sheet that has comments or a
///   legacy drawing already is refused (`workbook.invalid`), not merged.
enum XLSXPatcher {
  /// Writes `archive` (an xlsx package, already read as `workbook`) to `writer` with the cells of
  /// `patches` (sheet name → cell → patch) changed; every other entry is copied raw, in the
  /// archive's order.
  ///
  /// - Throws: `workbook.invalid` for a sheet name the workbook lacks, a part shared by several
  ///   sheets, a cell inside an array formula, a number that is not a plain decimal literal, a
  ///   note on a sheet that has comments already; `workbook.missingPart`; and the readers' codes
  ///   (`zip.*`, `xml.*`) for the parts read.
  /// - Returns: the sheets whose notes were left out (with `skippingRefusedNotes`, the sheets
  ///   that have comments or a legacy drawing already), and the characters left out.
  @discardableResult
  static func write(
    _ archive: Archive, workbook: Workbook, patches: [String: [CellReference: CellPatch]],
    to writer: ArchiveWriter, options: ReadOptions, skippingRefusedNotes: Bool = false
  ) throws(SpreadsheetError) -> WorkbookPatcher.Report {
    do throws(SpreadsheetError) {
      var plan = try Plan(archive, workbook: workbook, patches: patches, options: options)
      plan.skipsRefusedNotes = skippingRefusedNotes
      try plan.prepare()
      for name in archive.entryNames where !plan.dropped.contains(name) {
        if let bytes = plan.replaced[name] {
          try writer.add(name, bytes)
        } else {
          try writer.copy(name, from: archive)
        }
      }
      for (name, bytes) in plan.added { try writer.add(name, bytes) }
      return WorkbookPatcher.Report(
        notesSkipped: plan.notesSkipped, droppedCharacters: plan.droppedCharacters)
    } catch {
      throw error.adding(.init(file: archive.path))
    }
  }

  /// What the patch does to the package: entries replaced, dropped and added.
  private struct Plan {
    let archive: Archive
    let workbook: Workbook
    let patches: [String: [CellReference: CellPatch]]
    let limits: XMLLimits
    /// Leave out the notes of a sheet that has comments already, instead of refusing it.
    var skipsRefusedNotes = false
    /// The sheets whose notes were left out.
    var notesSkipped: [String] = []
    /// Characters XML cannot carry, left out of the formulas and number formats written.
    var droppedCharacters = 0

    /// Archive entry name → new bytes.
    var replaced: [String: [UInt8]] = [:]
    var dropped: Set<String> = []
    var added: [(String, [UInt8])] = []
    /// Content types to add, and overrides to remove (part names as the archive spells them).
    var newDefaults: [(String, String)] = []
    var newOverrides: [(String, String)] = []
    var removedOverrides: Set<String> = []

    init(
      _ archive: Archive, workbook: Workbook, patches: [String: [CellReference: CellPatch]],
      options: ReadOptions
    ) throws(SpreadsheetError) {
      self.archive = archive
      self.workbook = workbook
      self.patches = patches.filter { !$0.value.isEmpty }
      limits = options.xml
    }

    /// One sheet to patch.
    private struct Target {
      var index: Int
      var name: String
      var part: String
      var cells: [CellReference: CellPatch]
    }

    mutating func prepare() throws(SpreadsheetError) {
      guard !patches.isEmpty else { return }
      // The parts the reader read (a workbook made otherwise has its map made here).
      let package: XLSXPackageMap
      if let map = workbook.package?.xlsx {
        package = map
      } else {
        package = try XLSXPackageMap.read(archive, limits: limits).map
      }
      let workbookPart = package.workbookPart
      func partOfSheet(_ index: Int) -> String? {
        index < package.sheets.count ? package.sheets[index].entry : nil
      }

      var targets: [Target] = []
      for (name, cells) in patches {
        guard let index = workbook.sheets.firstIndex(where: { $0.name == name }) else {
          throw SpreadsheetError(
            .invalid, .noSuchSheet(name), at: .init(sheet: name))
        }
        guard workbook.sheets[index].kind != .chartsheet, let part = partOfSheet(index) else {
          throw SpreadsheetError(
            .missingPart, .sheetWithoutCells(name),
            at: .init(part: workbookPart, sheet: name))
        }
        let sharers = workbook.sheets.indices.filter { $0 != index && partOfSheet($0) == part }
        if let other = sharers.first {
          throw SpreadsheetError(
            .invalid,
            .sheetSharesPart(name, with: workbook.sheets[other].name),
            at: .init(part: part, sheet: name))
        }
        targets.append(Target(index: index, name: name, part: part, cells: cells))
      }
      targets.sort { $0.index < $1.index }

      // The workbook part: recalculate on load.
      let workbookEntry = package.workbookEntry
      let original = try archive.read(workbookEntry)
      let (workbookBytes, strict) = try PackagePartEditor.requestFullCalculation(
        original, part: workbookEntry)
      // A workbook that asks for it already is copied raw.
      if workbookBytes != original { replaced[workbookEntry] = workbookBytes }

      // The calculation chain, when formulas change.
      let formulasChange = targets.contains { t in
        t.cells.values.contains { $0.formula != .keep }
      }
      if formulasChange {
        if let entry = package.calcChainEntry {
          dropped.insert(entry)
          removedOverrides.insert(entry)
        }
        if let relsEntry = package.workbookRelationshipsEntry(in: archive) {
          replaced[relsEntry] = try PackagePartEditor.editChildren(
            archive.read(relsEntry), part: relsEntry,
            remove: { scanner, tag in
              scanner.equals(tag.localName, "Relationship")
                && PackagePartEditor.value(scanner, "Type").flatMap(
                  XLSXParts.RelationshipType.init(uri:))
                  == .calcChain
            })
        }
      }

      // The style sheet, when cells get a number format.
      var styles: (entry: String, patcher: StylesPatcher)?
      if targets.contains(where: { $0.cells.values.contains { $0.numberFormat != nil } }) {
        if let entry = package.stylesPart.flatMap(archive.entryName(matching:)) {
          styles = (entry, try StylesPatcher(archive.read(entry), part: entry))
        }
      }

      // The sheets, with their notes.
      var shapeBlocks = try usedShapeBlocks()
      for target in targets {
        let sheet = workbook.sheets[target.index]
        var notes: [CellReference: String] = [:]
        for (reference, patch) in target.cells {
          if let note = patch.note { notes[reference] = note }
        }
        var drawing: SheetPatcher.LegacyDrawing?
        if !notes.isEmpty {
          let block = (shapeBlocks.max() ?? 0) + 1
          shapeBlocks.insert(block)
          if skipsRefusedNotes, try hasCommentsOrDrawing(target) {
            notesSkipped.append(target.name)
          } else {
            drawing = try addComments(notes, to: target, strict: strict, block: block)
          }
        }
        let patched = try SheetPatcher.patch(
          archive.read(target.part), part: target.part, sheet: target.name,
          formulas: sheet.formulas,
          patches: target.cells, legacyDrawing: drawing, styles: styles?.patcher)
        replaced[target.part] = patched.bytes
        droppedCharacters += patched.droppedCharacters
      }
      if let styles, let bytes = styles.patcher.patched() {
        replaced[styles.entry] = bytes
        droppedCharacters += styles.patcher.droppedCharacters
      }

      try editContentTypes()
    }

    /// Whether the sheet has a comments part or a legacy drawing, which notes cannot join yet.
    private func hasCommentsOrDrawing(_ target: Target) throws(SpreadsheetError) -> Bool {
      try Relationships.read(of: target.part, in: archive, limits: limits).contains { r in
        let type = XLSXParts.RelationshipType(uri: r.type)
        return type == .comments || type == .vmlDrawing
      }
    }

    /// Adds the comments part and VML drawing of `notes` and the sheet's relationships to them;
    /// returns the drawing for the sheet part to reference.
    private mutating func addComments(
      _ notes: [CellReference: String], to target: Target, strict: Bool, block: Int
    ) throws(SpreadsheetError) -> SheetPatcher.LegacyDrawing {
      let here = SpreadsheetError.Location(part: target.part, sheet: target.name)
      let existing = try Relationships.read(of: target.part, in: archive, limits: limits)
      for r in existing {
        switch XLSXParts.RelationshipType(uri: r.type) {
        case .comments?:
          throw SpreadsheetError(
            .invalid,
            .sheetHasComments(target.name),
            at: here)
        case .vmlDrawing?:
          throw SpreadsheetError(
            .invalid,
            .sheetHasLegacyDrawing(target.name),
            at: here)
        default:
          break
        }
      }
      var number = 1
      while archive.contains(XLSXParts.commentsPart(number))
        || archive.contains(XLSXParts.vmlDrawingPart(number))
        || added.contains(where: {
          $0.0 == XLSXParts.commentsPart(number) || $0.0 == XLSXParts.vmlDrawingPart(number)
        })
      {
        number += 1
      }
      let commentsName = XLSXParts.commentsPart(number)
      let vmlName = XLSXParts.vmlDrawingPart(number)
      added.append((commentsName, CommentsWriter.commentsPart(notes, strict: strict)))
      added.append((vmlName, CommentsWriter.vmlDrawing(notes, block: block)))
      newOverrides.append(("/" + commentsName, XLSXParts.ContentType.comments))
      newDefaults.append((XLSXParts.vmlExtension, XLSXParts.ContentType.vmlDrawing))

      let ids = Set(existing.map(\.id))
      var counter = existing.count + 1
      func newId() -> String {
        while ids.contains("rId\(counter)") { counter += 1 }
        defer { counter += 1 }
        return "rId\(counter)"
      }
      let commentsId = newId()
      let vmlId = newId()
      let commentsTarget = Relationships.relativeTarget(from: target.part, to: commentsName)
      let vmlTarget = Relationships.relativeTarget(from: target.part, to: vmlName)
      let commentsType = XLSXParts.RelationshipType.comments.uri(strict: strict)
      let vmlType = XLSXParts.RelationshipType.vmlDrawing.uri(strict: strict)
      let elements = { (prefix: [UInt8]) -> [UInt8] in
        PackagePartEditor.relationship(
          id: commentsId, type: commentsType, target: commentsTarget, prefix: prefix)
          + PackagePartEditor.relationship(
            id: vmlId, type: vmlType, target: vmlTarget, prefix: prefix)
      }
      let relsName = Relationships.partName(for: target.part)
      if let relsEntry = archive.entryName(matching: relsName) {
        replaced[relsEntry] = try PackagePartEditor.editChildren(
          archive.read(relsEntry), part: relsEntry, append: elements)
      } else {
        let part =
          Array(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"\(XLSXParts.packageRelationshipsNamespace)\">"
              .utf8) + elements([]) + Array("</Relationships>".utf8)
        added.append((relsName, part))
        newDefaults.append((XLSXParts.relationshipsExtension, XLSXParts.ContentType.relationships))
      }
      return SheetPatcher.LegacyDrawing(relationshipId: vmlId, strict: strict)
    }

    /// The VML shape-id blocks (`o:idmap data`) the package's drawings use already.
    private func usedShapeBlocks() throws(SpreadsheetError) -> Set<Int> {
      var blocks: Set<Int> = []
      for name in archive.entryNames where name.lowercased().hasSuffix("." + XLSXParts.vmlExtension)
      {
        // Searched as bytes: Excel's VML is not always well-formed XML (`<br>`).
        let bytes = try archive.read(name)
        let key = Array("data=\"".utf8)
        var i = 0
        while i + key.count <= bytes.count {
          guard bytes[i..<(i + key.count)].elementsEqual(key) else {
            i += 1
            continue
          }
          i += key.count
          var value = 0
          var digits = 0
          while i < bytes.count, bytes[i] != UInt8(ascii: "\"") {
            let c = bytes[i]
            if c >= 0x30 && c <= 0x39, digits < 9 {
              value = value * 10 + Int(c - 0x30)
              digits += 1
            } else if c == UInt8(ascii: ",") {
              if digits > 0 { blocks.insert(value) }
              value = 0
              digits = 0
            }
            i += 1
          }
          if digits > 0 { blocks.insert(value) }
        }
      }
      return blocks
    }

    /// Applies the content type changes to `[Content_Types].xml`.
    private mutating func editContentTypes() throws(SpreadsheetError) {
      guard !newDefaults.isEmpty || !newOverrides.isEmpty || !removedOverrides.isEmpty else {
        return
      }
      // A package without one reads (as established readers read it); it stays without one
      // rather than being refused: the patch does not make it any less valid.
      guard let entry = archive.entryName(matching: XLSXParts.contentTypes) else { return }
      let removed = Set(removedOverrides.map { $0.lowercased() })
      var haveDefaults: Set<String> = []
      let defaults = newDefaults
      let overrides = newOverrides
      // `remove` sees every child before `append` runs: it notes the extensions that have a
      // Default already.
      replaced[entry] = try PackagePartEditor.editChildren(
        archive.read(entry), part: entry,
        remove: { scanner, tag in
          if scanner.equals(tag.localName, "Default"),
            let e = PackagePartEditor.value(scanner, "Extension")
          {
            haveDefaults.insert(e.lowercased())
          }
          guard scanner.equals(tag.localName, "Override"),
            var name = PackagePartEditor.value(scanner, "PartName")
          else { return false }
          if name.hasPrefix("/") { name.removeFirst() }
          return removed.contains(name.lowercased())
        },
        append: { prefix in
          var out: [UInt8] = []
          var done: Set<String> = haveDefaults
          for (ext, type) in defaults where done.insert(ext).inserted {
            out += PackagePartEditor.contentType(
              "Default", "Extension", ext, type: type, prefix: prefix)
          }
          for (name, type) in overrides {
            out += PackagePartEditor.contentType(
              "Override", "PartName", name, type: type, prefix: prefix)
          }
          return out
        })
    }
  }
}
