import ArgumentParser

extension Equilibre {
  /// Every subcommand, in the order `--help` lists them.
  static let allSubcommands: [ParsableCommand.Type] = [Info.self, Cells.self]
}
