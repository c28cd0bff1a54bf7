/// Why a formula's text could not be parsed, and where.
///
/// The ``code`` is stable (`formula.syntax`, `formula.tooLong`, `formula.tooDeep`,
/// `formula.unsupportedSyntax`); the message is one line; ``offset`` is the UTF-8 offset in
/// the text where the parser stopped.
public struct FormulaSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
  /// A stable identifier of the kind of failure.
  public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The code's text, such as `formula.syntax`.
    public let rawValue: String
    /// A code from its text.
    public init(rawValue: String) { self.rawValue = rawValue }
    /// The code's text.
    public var description: String { rawValue }

    /// The text is not a formula of the dialect (an unexpected character, a missing `)`).
    public static let syntax = Code(rawValue: "formula.syntax")
    /// The text is longer than ``FormulaLimits/maxLength`` characters.
    public static let tooLong = Code(rawValue: "formula.tooLong")
    /// Parentheses, calls or operators nest deeper than ``FormulaLimits/maxDepth``.
    public static let tooDeep = Code(rawValue: "formula.tooDeep")
    /// Valid syntax the parser does not model (the intersection and union operators).
    public static let unsupportedSyntax = Code(rawValue: "formula.unsupportedSyntax")
  }

  /// What kind of failure this is.
  public var code: Code
  /// One line saying what is wrong.
  public var message: String
  /// The UTF-8 offset in the formula text where parsing stopped.
  public var offset: Int

  /// An error with its code, message and offset.
  public init(_ code: Code, _ message: String, offset: Int) {
    self.code = code
    self.message = message
    self.offset = offset
  }

  /// `formula.syntax: unexpected «)» at offset 7`.
  public var description: String { "\(code): \(message) at offset \(offset)" }
}
