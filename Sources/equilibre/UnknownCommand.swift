import ArgumentParser
import Diagnostics
import Workbook

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// What to say when the first argument is not a command: ArgumentParser would say "3 unexpected
/// arguments", which does not tell a person that the command is the problem, nor which ones exist.
enum UnknownCommand {
  /// The message for `arguments` (the command line without the program's name) when its first
  /// argument is neither an option nor a command, else nil (ArgumentParser takes it from there).
  static func message(for arguments: [String], commands: [String], language: MessageLanguage = .en) -> String? {
    guard let first = arguments.first, !first.hasPrefix("-"), !commands.contains(first),
      first != "help"
    else {
      return nil
    }
    let said = Phrases.of(language).usage
    let list = said.commands(commands)
    if let plan = said.planned[first] {
      return said.notYet(first, plan) + "\n" + list
    }
    var st = stat()
    if SpreadsheetFormat(path: first) != nil || stat(first, &st) == 0 {
      let line = (["equilibre", "check"] + arguments).map(shellQuoted).joined(separator: " ")
      return said.checkIt(first, line) + "\n" + list
    }
    // One slip in a short word, two in a longer one: "chek", "exprot"; not "foo" for "fix".
    let slips = first.count <= 4 ? 1 : 2
    let near = commands.filter { distance($0, first) <= slips }.min {
      distance($0, first) < distance($1, first)
    }
    return said.unknownCommand(first, near) + "\n" + list
  }

  /// `word` as a shell reads it back: as it is when it is plain, else in single quotes.
  static func shellQuoted(_ word: String) -> String {
    let plain =
      !word.isEmpty && word.allSatisfy { $0.isLetter || $0.isNumber || "/._-+=:,@%".contains($0) }
    return plain
      ? word
      : "'"
        + word.split(separator: "'", omittingEmptySubsequences: false).joined(separator: #"'\''"#)
        + "'"
  }

  /// The edit distance between two words (insertions, deletions, substitutions).
  static func distance(_ a: String, _ b: String) -> Int {
    let a = Array(a.lowercased())
    let b = Array(b.lowercased())
    var row = Array(0...b.count)
    for i in 1...max(a.count, 1) where !a.isEmpty {
      var previous = row[0]
      row[0] = i
      for j in stride(from: 1, through: b.count, by: 1) {
        let kept = row[j]
        row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] == b[j - 1] ? 0 : 1))
        previous = kept
      }
    }
    return a.isEmpty ? b.count : row[b.count]
  }
}
