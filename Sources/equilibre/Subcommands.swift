import ArgumentParser

extension Equilibre {
  /// Every subcommand, in the order `--help` lists them.
  static let allSubcommands: [ParsableCommand.Type] = [Check.self, Fix.self, Convert.self, Export.self, Info.self, Cells.self]
}
