import Archive
import Diagnostics
import Dispatch
import Workbook

/// An .xlsx converted into .ods while it is read: each batch of rows the reader hands over is
/// translated and written on a second thread (and deflated on a third) while the reader goes
/// on, instead of after it.
///
/// The rows can only be written before the sheet is read whole when nothing that comes later in
/// the file changes them: a sheet's merged ranges follow its rows, and an Excel table (read
/// after its sheet) changes what a formula means. So the output is kept only when every sheet's
/// rows came in order, no sheet written early has a merged range and the workbook has no table;
/// otherwise nothing is written and the workbook read is handed back for the ordinary path
/// (``WorkbookTranslation/translate(_:to:limits:)`` then ``WorkbookWriter/write(_:to:replacing:)``),
/// which gives the same bytes. A sheet whose column widths need its used range (a default
/// width) is written whole when it is read. See `docs/convert.md`.
public enum StreamedConversion {
  public enum Outcome {
    /// Written: the workbook read, what translating its formulas gave (its `workbook` is the
    /// one read), what writing left out.
    case written(Workbook, WorkbookTranslation.Result, WorkbookWriter.Report)
    /// Nothing written: the workbook read, for the ordinary path.
    case declined(Workbook)
  }

  /// Reads the .xlsx at `input` and writes it as .ods at `output`.
  /// - Throws: what reading or writing throws; `output` is then not written.
  public static func xlsxToODS(
    input: String, output: String, replacing: Bool, options: ReadOptions, limits: FormulaLimits
  ) throws(SpreadsheetError) -> Outcome {
    let archive = try ArchiveWriter(path: output, replacing: replacing)
    let stream = Stream(limits: limits)
    let workbook: Workbook
    do throws(SpreadsheetError) {
      workbook = try Workbook(contentsOf: input, format: .xlsx, options: options, observer: stream)
    } catch {
      stream.drain()
      throw error
    }
    stream.drain()
    guard stream.isValid, workbook.tables.isEmpty, var document = stream.document else {
      return .declined(workbook)
    }
    let report = try document.finish(workbook, to: archive)
    try archive.commit()
    var result = WorkbookTranslation.Result(workbook: workbook)
    result.formulasKept = stream.formulasKept
    result.formulasAsValues = stream.formulasAsValues.sorted { ($0.sheet, $0.cell) < ($1.sheet, $1.cell) }
    result.namesDropped = stream.namesDropped
    return .written(workbook, result, report)
  }

  /// Receives the rows on the reading thread and hands them to the writing thread, `queue`.
  /// Everything but `valid` and `streaming` is touched only on `queue` once reading started.
  private final class Stream: RowStreamObserver, @unchecked Sendable {
    let limits: FormulaLimits
    private let queue = DispatchQueue(label: "equilibre.convert")
    /// At most this many batches wait for the writer: the reader waits rather than piling them up.
    private let slots = DispatchSemaphore(value: 8)
    // On the reading thread.
    private var valid = true
    /// Whether the sheet being read is written as its rows come.
    private var streaming = false
    private var sheetNames: [String] = []
    private var begun: Int?
    // On the writing thread.
    var document: ODSDocumentWriter?
    private var translator: WorkbookTranslation.SheetTranslator?
    private var sheetName = ""
    var formulasKept = 0
    var formulasAsValues: [WorkbookTranslation.Untranslated] = []
    var namesDropped: [WorkbookTranslation.UntranslatedName] = []

    init(limits: FormulaLimits) { self.limits = limits }

    var isValid: Bool { valid }

    /// Waits until the writing thread has done all it was given.
    func drain() { queue.sync {} }

    private func run(_ work: @escaping @Sendable () -> Void) {
      slots.wait()
      queue.async { [slots] in
        work()
        slots.signal()
      }
    }

    func workbookBegins(_ workbook: Workbook) {
      sheetNames = workbook.sheets.map(\.name)
      var names: [DefinedName] = []
      for name in workbook.definedNames {
        switch WorkbookTranslation.translateName(name.formula, from: .xlsx, to: .ods, limits: limits) {
        case .text(let text):
          var copy = name
          copy.formula = text
          names.append(copy)
        case .failure(let reason):
          namesDropped.append(.init(name: name.name, formula: name.formula, reason: reason))
        }
      }
      document = ODSDocumentWriter(
        styles: workbook.styles, dateSystem: workbook.dateSystem, sheetNames: sheetNames, definedNames: names)
    }

    private func sheetTranslator(_ index: Int) -> WorkbookTranslation.SheetTranslator {
      WorkbookTranslation.SheetTranslator(
        target: .odf, limits: limits, tables: [], sheetIndex: index, sheetNames: sheetNames, definedNames: [])
    }

    func sheetBegins(_ index: Int, _ header: Sheet) {
      // A second `sheetData` in one sheet: not a sheet to write early.
      if begun == index { valid = false }
      begun = index
      // A default column width reaches up to the last used column: known once the sheet is read.
      streaming = valid && header.defaultColumnWidth == nil
      guard streaming else { return }
      let translator = sheetTranslator(index)
      run {
        self.translator = translator
        self.sheetName = header.name
        self.document?.begin(header)
      }
    }

    func rows(_ batch: RowBatch, completeBelow: Int32?) {
      guard streaming, valid else { return }
      run {
        let translated = self.translate(batch, sheet: self.sheetName)
        self.document?.feed(translated, completeBelow: completeBelow)
      }
    }

    func sheetEnds(_ index: Int, _ sheet: Sheet, inOrder: Bool) {
      defer { streaming = false }
      guard valid else { return }
      if streaming {
        guard inOrder, sheet.merged.isEmpty else {
          valid = false
          return
        }
        run { self.document?.end() }
        return
      }
      // Written whole, translated like ``WorkbookTranslation/translate(_:to:limits:)`` does.
      let translator = sheetTranslator(index)
      run {
        self.translator = translator
        var batch = RowBatch(cells: sheet.cells, formulas: sheet.formulas.isEmpty ? [] : sheet.sortedFormulas)
        batch = self.translate(batch, sheet: sheet.name)
        var copy = sheet
        copy.cells = batch.cells
        copy.formulas = Dictionary(batch.formulas.map { ($0.reference, $0.formula) }, uniquingKeysWith: { $1 })
        self.document?.write(copy)
      }
    }

    /// The batch's formulas in ODF's dialect; a formula that can't be is dropped, listed, and its
    /// cell keeps its cached value (its text when it has none).
    private func translate(_ batch: RowBatch, sheet: String) -> RowBatch {
      guard !batch.formulas.isEmpty, var translator else { return batch }
      var out = batch
      out.formulas = []
      out.formulas.reserveCapacity(batch.formulas.count)
      var c = 0
      for (reference, formula) in batch.formulas {
        switch translator.translate(formula, at: reference) {
        case .text(let translated):
          out.formulas.append((reference, translated))
          formulasKept += 1
        case .failure(let reason):
          formulasAsValues.append(.init(sheet: sheet, cell: reference, formula: formula.text, reason: reason))
          while c < out.cells.count, out.cells[c].reference < reference { c += 1 }
          if c < out.cells.count, out.cells[c].reference == reference, out.cells[c].value == nil {
            out.cells[c].value = .text(formula.text)
          }
        }
      }
      self.translator = translator
      return out
    }
  }
}
