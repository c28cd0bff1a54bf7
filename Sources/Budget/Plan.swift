import FoundationEssentials
import Workbook

/// A column of amounts: one period of the plan (a year, "05 à 12/2022", the exercice).
public struct Period: Sendable, Equatable {
  /// What the sheet calls the period: its header, or the title line naming the exercice.
  public var label: String
  /// The zero-based column of the amounts (the charges column in a side-by-side layout).
  public var column: Int32
  /// How many months the period covers, when known.
  public var months: Int?

  /// A period.
  public init(label: String, column: Int32, months: Int?) {
    self.label = label
    self.column = column
    self.months = months
  }
}

/// The side of the plan a line belongs to.
public enum Section: String, Sendable, Equatable {
  /// Charges, dépenses, costs, expenditure.
  case charges
  /// Produits, ressources, recettes, income.
  case produits
  /// The result line: produits − charges.
  case result
}

/// What a line is.
public enum LineKind: String, Sendable, Equatable {
  /// A plain line.
  case item
  /// A line with components (the parent of 'dont' lines, a category).
  case aggregate
  /// A total or subtotal.
  case total
  /// The result (solde, balance) line.
  case result
}

/// One line of the plan.
public struct Line: Sendable, Equatable {
  /// The section it belongs to.
  public var section: Section
  /// The label as written.
  public var label: String
  /// 0 for a top line, 1 for its sub-lines, 2 below.
  public var level: Int
  /// What the line is.
  public var kind: LineKind
  /// The zero-based row.
  public var row: Int32
  /// The zero-based column of the label.
  public var labelColumn: Int32
  /// Amount per period (same order as ``Plan/periods``); nil when the cell is empty.
  public var amounts: [Money?]
  /// The cell that holds each period's amount.
  public var cells: [CellReference]
  /// The remark, when the plan has a remarks column and the line one.
  public var remark: String?
  /// The account code the label starts with ("604"), when present.
  public var accountCode: String?
  /// Indices (into ``Plan/lines``) of its direct components.
  public var components: [Int]
  /// The amount in the Total column, and its cell, when the plan has one.
  public var total: Money?
  /// The Total column's cell.
  public var totalCell: CellReference?

  /// The row as the sheet shows it (1-based).
  public var displayRow: Int { Int(row) + 1 }
}

/// A financing plan found in a sheet.
public struct Plan: Sendable, Equatable {
  /// The sheet that holds it.
  public var sheet: String
  /// The periods, in column order.
  public var periods: [Period]
  /// The Total column's header, when the plan has one.
  public var totalColumnLabel: String?
  /// Every line, in row order (side-by-side: charges before produits on the same row).
  public var lines: [Line]
  /// Pairs of line indices (charges total, produits total) that must be equal.
  public var balancePairs: [(charges: Int, produits: Int)]
  /// The index of the result line, when the plan has one.
  public var resultLine: Int?
  /// The number style the sheet's text is read in.
  public var numberStyle: NumberStyle
  /// Group headings without amounts, which name the lines under them (for rate bases).
  var headings: [Heading] = []
  /// Per line, what says its components are its components (empty for lines without any).
  public var evidence: [[Evidence]] = []
  /// How sure the reader is of this reading, from 0 to 1 (`docs/understanding.md`).
  public var confidence: Double = 1
  /// How the plan was read: "layout" (a header row and its columns) or "evidence" (formulas,
  /// words and arithmetic, with no header needed).
  public var reading: String = "layout"
  /// Whether blank amount cells are zeros by design (a schedule, scenario columns): then only a
  /// placeholder is `missing`.
  public var blanksAreZero = false
  /// Amount cells holding only a currency sign or a placeholder.
  public var placeholders: Set<CellReference> = []
  /// Cells of period columns that a header row over a block of lines leaves unnamed (a funders'
  /// table "Financeur | Montant" under an "HT | TVA | TTC" table): no amount is expected there.
  public var unheaded: Set<CellReference> = []
  /// Lines whose amount is a quantity times a unit price.
  public var products: [ProductRelation] = []
  /// Prices converted between before-tax and after-tax columns by another factor than the
  /// sheet's (`rate`).
  public var taxConversions: [TaxConversion] = []

  /// The sum of the stated amounts of `components` in period `p` (an empty one counts 0).
  func sum(of components: [Int], period p: Int) -> Money {
    components.reduce(Money.zero) { $0 + (p < lines[$1].amounts.count ? lines[$1].amounts[p] ?? .zero : .zero) }
  }

  /// Plans are equal when everything they hold is.
  public static func == (a: Plan, b: Plan) -> Bool {
    a.sheet == b.sheet && a.periods == b.periods && a.lines == b.lines && a.resultLine == b.resultLine
      && a.balancePairs.map { [$0.charges, $0.produits] } == b.balancePairs.map { [$0.charges, $0.produits] }
  }
}

/// A line's amount that must be a quantity times a unit price (`product`).
public struct ProductRelation: Sendable, Equatable {
  /// The line (index into ``Plan/lines``).
  public var line: Int
  /// The period.
  public var period: Int
  /// The quantity and the unit price.
  public var factors: (Money, Money)
  /// Their cells.
  public var factorCells: (CellReference, CellReference)
  /// Whether a formula states the product (`=B4*C4`) in this line's cell.
  public var stated: Bool

  public static func == (a: ProductRelation, b: ProductRelation) -> Bool {
    a.line == b.line && a.period == b.period && a.factors == b.factors && a.factorCells == b.factorCells
  }
}

/// How bad a finding is.
public enum Severity: String, Sendable, Equatable, Comparable {
  /// Worth knowing (an amount stored as text).
  case info
  /// Probably fine, worth a look (a rounding gap, an empty amount).
  case warning
  /// The plan does not add up.
  case error

  private var rank: Int {
    switch self {
    case .info: 0
    case .warning: 1
    case .error: 2
    }
  }
  /// Orders severities: info < warning < error.
  public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
}

/// The rules a plan is checked against (ids as in the truth files).
public enum Rule: String, Sendable, Equatable, CaseIterable {
  /// An aggregate differs from the sum of its direct components by more than 1 € each.
  case sum
  /// The same gap, small enough to come from rounding.
  case sumRounding = "sum.rounding"
  /// Total charges ≠ total produits.
  case balance
  /// The result line ≠ produits − charges.
  case result
  /// A percentage line ≠ its rate × its base.
  case rate
  /// A line ≠ the monthly rate its remark gives × the period's months.
  case unit
  /// A Total column ≠ the sum of the period columns.
  case crossTotal = "cross-total"
  /// A formula's cached value ≠ its recomputed value.
  case formulaStale = "formula.stale"
  /// A labelled line with no amount.
  case missing
  /// A line's amount ≠ its quantity × its unit price.
  case product
  /// An amount stored as text.
  case textNumber = "text-number"

  /// The severity the rule always has.
  public var severity: Severity {
    switch self {
    case .sumRounding, .missing: .warning
    case .textNumber: .info
    default: .error
    }
  }
}

/// One thing that does not add up, where, and by how much.
public struct Finding: Sendable, Equatable {
  /// The rule broken.
  public var rule: Rule
  /// The sheet.
  public var sheet: String
  /// The cell the finding is reported at.
  public var cell: CellReference
  /// What the cell should hold, when the rule says.
  public var expected: Money?
  /// What the cell holds.
  public var actual: Money?
  /// The text in the cell (`text-number`).
  public var raw: String?
  /// The label of the line, to explain the finding.
  public var label: String
  /// The period's label, when the finding concerns one period.
  public var period: String?
  /// Extra numbers that explain the finding: a rate's percent, a unit rate, months, components.
  public var detail: Detail

  /// The numbers behind a finding, for its message.
  public struct Detail: Sendable, Equatable {
    /// Number of direct components (`sum`).
    public var components: Int?
    /// The percent (`rate`).
    public var percent: Decimal?
    /// The monthly rate and the months (`unit`).
    public var monthlyRate: Money?
    /// Months of the period (`unit`).
    public var months: Int?
    /// A tax conversion (`rate`): the cell converted and the sheet's after-tax / before-tax factor.
    public var taxSource: CellReference?
    public var taxFactor: Decimal?
    /// Whether the cell is the after-tax price (source × factor) or the before-tax one (÷).
    public var taxToAfterTax: Bool?
    /// Whether the figures are counts (a quantity column's total), not money.
    public var counts = false
    /// An empty detail.
    public init(
      components: Int? = nil, percent: Decimal? = nil, monthlyRate: Money? = nil, months: Int? = nil,
      taxSource: CellReference? = nil, taxFactor: Decimal? = nil, taxToAfterTax: Bool? = nil
    ) {
      self.components = components
      self.percent = percent
      self.monthlyRate = monthlyRate
      self.months = months
      self.taxSource = taxSource
      self.taxFactor = taxFactor
      self.taxToAfterTax = taxToAfterTax
    }
  }

  /// The rule's severity.
  public var severity: Severity { rule.severity }
}
