import Archive
import Diagnostics
import XMLStream

/// Caps on what reading a workbook may cost; each has an option that raises it.
public struct ReadOptions: Sendable, Equatable {
  /// Zip caps: inflated size (`--max-inflated-mib`), inflate ratio (`--max-inflate-ratio`) and
  /// entries (`--max-zip-entries`).
  public var archive: ArchiveLimits
  /// XML caps: nesting depth (`--max-xml-depth`) and text length (`--max-text-mib`).
  public var xml: XMLLimits
  /// The most non-empty cells a workbook may hold, counted after ODS repeats (`--max-cells`).
  public var maxCells: Int
  /// The most bytes of text the cells of a workbook may hold, counted after ODS repeats and
  /// for every cell that shows a shared string (`--max-cell-text-mib`): a short part can repeat
  /// one long text a million times.
  public var maxCellTextBytes: Int
  /// Whether to read the document properties (`docProps/app.xml`, `meta.xml`) for
  /// ``Workbook/producer``; a batch check that never shows the producer skips them.
  public var readsProducer: Bool
  /// Whether to read what only a copy needs: the theme's colours and the Excel table parts
  /// (xlsx), the list of parts a copy does not carry; a batch check skips them (but reads the
  /// table parts of a sheet whose formulas may name a table).
  public var readsCopyExtras: Bool = true

  public init(
    archive: ArchiveLimits = .default, xml: XMLLimits = .default, maxCells: Int = 5_000_000,
    maxCellTextBytes: Int = 256 << 20, readsProducer: Bool = true
  ) {
    self.archive = archive
    self.xml = xml
    self.maxCells = maxCells
    self.maxCellTextBytes = maxCellTextBytes
    self.readsProducer = readsProducer
  }
  public static let `default` = ReadOptions()
}

typealias XMLStreamNumber = NumberParser
extension NumberParser {
  static func parse(_ text: String) -> Double? { parseDouble(text) }
}
