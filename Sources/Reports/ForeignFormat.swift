import Diagnostics

/// A spreadsheet format Equilibre does not read, as a file's extension names it: what `check`
/// lists as `unsupported` when it finds one in a folder, with what to do instead (save it as
/// .xlsx or .ods). Defined in `Diagnostics` (``Problem/Foreign``), where the readers' refusals
/// name it too.
public typealias ForeignFormat = Problem.Foreign
