/// A change to one cell, as `equilibre fix` makes it: a new number, the formula kept, replaced
/// or removed, and an optional note for the reader of the corrected file.
///
/// The patchers rewrite only the cells they are given, in the sheet part that holds them; the
/// cell keeps its style (so its number format and its separators), its spans and its other
/// attributes, unless the patch gives a ``numberFormat``: the cell then gets a copy of its style
/// with that number format (the only change outside the sheet's cells: xlsx's `xl/styles.xml`
/// gains the format and the cell format, ods's `content.xml` an automatic style).
public struct CellPatch: Sendable, Equatable {
  /// What becomes of the cell's formula.
  public enum Formula: Sendable, Equatable {
    /// Keep the formula as written (a stale cached value is replaced by ``CellPatch/number``).
    case keep
    /// Drop any formula: the cell holds ``CellPatch/number`` as a plain value.
    case remove
    /// Write this formula: `ooxml` in OOXML's A1 dialect without the leading `=`
    /// (`SUM(B9:B10)`), `odf` as ODF writes it, prefix included (`of:=SUM([.B9:.B10])`).
    case set(ooxml: String, odf: String)
  }

  /// The new value, a plain decimal literal: an optional `-`, digits, an optional `.` and
  /// digits (`11428`, `-0.5`, `12857.142857`); no exponent, no grouping. Written as is.
  public var number: String
  /// The same value as the cell shows it in the plan's style (`11 428`), for ODS's
  /// `<text:p>`, which other readers than LibreOffice display.
  public var display: String
  public var formula: Formula
  /// A note attached to the cell (an ODS annotation, an OOXML comment), or nil for none.
  public var note: String?
  /// A number format for the cell, in OOXML's syntax (`#,##0 "€"`), or nil to keep its style's:
  /// given when a number replaces a text amount, so that it shows as the text did.
  public var numberFormat: String?

  public init(
    number: String, display: String, formula: Formula = .keep, note: String? = nil, numberFormat: String? = nil
  ) {
    self.number = number
    self.display = display
    self.formula = formula
    self.note = note
    self.numberFormat = numberFormat
  }
}
