import Diagnostics
import Reports
import Workbook

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A path to check, one listed without being read, or one refused.
enum FileEntry: Sendable {
  case file(String)
  /// A workbook-like file found in a folder, in a format Equilibre does not read.
  case unsupported(String, ForeignFormat)
  case refused(SpreadsheetError)

  var path: String {
    switch self {
    case .file(let p), .unsupported(let p, _): p
    case .refused(let e): e.location.file ?? "?"
    }
  }
}

/// Why a file in a folder was not checked nor listed.
enum IgnoredReason: Sendable {
  /// Not a workbook by its extension: text, PDF, an image, no extension.
  case notAWorkbook
  /// The lock file an office program keeps beside an open document (`~$plan.xlsx`,
  /// `.~lock.plan.ods#`).
  case lockFile
  /// A link to a folder, not followed (no loops).
  case linkToFolder
  /// Not a regular file: a named pipe, a socket, a device.
  case notRegularFile
}

/// Where a file is on disk: the same file reached by several paths (`a.xlsx`, `./a.xlsx`, a
/// link, a folder holding it) has one identity.
struct FileIdentity: Hashable {
  var device: UInt64
  var inode: UInt64

  init(_ st: stat) {
    device = UInt64(truncatingIfNeeded: st.st_dev)
    inode = UInt64(truncatingIfNeeded: st.st_ino)
  }
}

/// What the paths of a command line hold: every path named is reported, and each file once.
///
/// A workbook named is checked; another file named is refused (`workbook.unsupported`, with what
/// to do when it is a spreadsheet in a format Equilibre does not read). Folders are searched
/// recursively: workbooks are checked, other spreadsheets listed as unsupported, and any other
/// file counted as ignored. A file reached by several paths (named twice, through a link, named
/// and inside a folder named) is kept once, under the first path that reaches it.
struct FileList {
  /// What to report, in command-line order, each folder's content sorted by path.
  var entries: [FileEntry] = []
  /// The files in the folders that were neither checked nor listed, each once.
  var ignored: [(path: String, reason: IgnoredReason)] = []
  /// The folders named in which no workbook was found.
  var foldersWithoutWorkbooks: [String] = []

  private var seen: Set<FileIdentity> = []
  private var seenPaths: Set<String> = []
  private var seenIgnored: Set<FileIdentity> = []

  /// What the files and folders at `paths` hold.
  static func collect(_ paths: [String]) -> FileList {
    var list = FileList()
    for path in paths {
      var st = stat()
      guard stat(path, &st) == 0 else {
        list.add(
          .refused(SpreadsheetError(.io, .noSuchFile, at: .init(file: path))), nil)
        continue
      }
      if (st.st_mode & S_IFMT) == S_IFDIR {
        var found = Walk()
        found.walk(path.hasSuffix("/") ? String(path.dropLast()) : path, depth: 0)
        let sorted = found.entries.sorted { $0.entry.path < $1.entry.path }
        if !sorted.contains(where: { if case .unsupported = $0.entry { false } else { true } }) {
          list.foldersWithoutWorkbooks.append(path)
        }
        for (entry, identity) in sorted { list.add(entry, identity) }
        for (ignoredPath, reason, identity) in found.ignored.sorted(by: { $0.path < $1.path }) {
          if let identity, !list.seenIgnored.insert(identity).inserted { continue }
          list.ignored.append((ignoredPath, reason))
        }
      } else if SpreadsheetFormat(path: path) != nil {
        list.add(.file(path), FileIdentity(st))
      } else {
        list.add(.refused(refusal(of: path)), nil)
      }
    }
    return list
  }

  /// Adds `entry` unless the file it names was added already.
  private mutating func add(_ entry: FileEntry, _ identity: FileIdentity?) {
    if let identity {
      guard seen.insert(identity).inserted else { return }
    } else {
      guard seenPaths.insert(entry.path).inserted else { return }
    }
    entries.append(entry)
  }

  /// The error for a file named that is not a workbook Equilibre reads.
  static func refusal(of path: String) -> SpreadsheetError {
    let ext = fileExtension(path)
    let problem: Problem = ext.isEmpty ? .noExtension : .unknownExtension(ext, ForeignFormat(fileExtension: ext))
    return SpreadsheetError(.unsupported, problem, at: .init(file: path))
  }

  static func fileExtension(_ path: String) -> String { ForeignFormat.fileExtension(of: path) }

  /// What one folder holds, recursively, in the order the folders list it.
  private struct Walk {
    var entries: [(entry: FileEntry, identity: FileIdentity?)] = []
    var ignored: [(path: String, reason: IgnoredReason, identity: FileIdentity?)] = []

    /// Collects the files under `directory`, recursively; links to files are followed, links to
    /// folders are not (no loops). What can't be searched or named is reported, not skipped: a
    /// folder that can't be opened, one nested past 64 levels, a workbook or folder whose name
    /// is not UTF-8, a link to a workbook that points at nothing.
    mutating func walk(_ directory: String, depth: Int) {
      guard depth < 64 else {
        refuse(directory, .foldersTooDeep(limit: 64))
        return
      }
      guard let dir = opendir(directory) else {
        refuse(directory, .cannotOpenFolder(.system(errno)))
        return
      }
      defer { closedir(dir) }
      while let entry = readdir(dir) {
        let bytes = withUnsafeBytes(of: entry.pointee.d_name) { raw in Array(raw.prefix { $0 != 0 })
        }
        let name = String(decoding: bytes, as: UTF8.self)
        if name == "." || name == ".." { continue }
        let full = directory + "/" + name
        let ext = FileList.fileExtension(name)
        guard String(validating: bytes, as: UTF8.self) != nil else {
          // The path can't be carried as a String (it would name another file); say so, with the
          // name as near as it can be shown.
          if entry.pointee.d_type == UInt8(DT_DIR) {
            refuse(full, .folderNameNotUTF8)
          } else if SpreadsheetFormat(fileExtension: ext) != nil {
            refuse(full, .fileNameNotUTF8)
          } else if let format = ForeignFormat(fileExtension: ext) {
            entries.append((.unsupported(full, format), nil))
          } else {
            ignored.append((full, .notAWorkbook, nil))
          }
          continue
        }
        var st = stat()
        guard lstat(full, &st) == 0 else { continue }  // gone meanwhile
        let isLink = (st.st_mode & S_IFMT) == S_IFLNK
        if (st.st_mode & S_IFMT) == S_IFDIR {
          if name.hasPrefix("~$") || name.hasPrefix(".~lock") {
            ignored.append((full, .lockFile, FileIdentity(st)))
          } else {
            walk(full, depth: depth + 1)
          }
          continue
        }
        var target = st
        if isLink && stat(full, &target) != 0 {
          // A link that points at nothing: a workbook lost, or nothing to check.
          if SpreadsheetFormat(fileExtension: ext) != nil {
            refuse(full, .danglingLink)
          } else {
            ignored.append((full, .notAWorkbook, nil))
          }
          continue
        }
        let identity = FileIdentity(target)
        switch target.st_mode & S_IFMT {
        case S_IFDIR:
          ignored.append((full, .linkToFolder, identity))
        case S_IFREG:
          if name.hasPrefix("~$") || name.hasPrefix(".~lock") {
            ignored.append((full, .lockFile, identity))
          } else if SpreadsheetFormat(fileExtension: ext) != nil {
            entries.append((.file(full), identity))
          } else if let format = ForeignFormat(fileExtension: ext) {
            entries.append((.unsupported(full, format), identity))
          } else {
            ignored.append((full, .notAWorkbook, identity))
          }
        default:
          ignored.append((full, .notRegularFile, identity))
        }
      }
    }

    private mutating func refuse(_ path: String, _ problem: Problem) {
      entries.append((.refused(SpreadsheetError(.io, problem, at: .init(file: path))), nil))
    }
  }
}
