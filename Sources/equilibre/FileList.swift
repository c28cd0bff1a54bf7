import Diagnostics
import Workbook

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A path to check, or one refused by name.
enum FileEntry {
  case file(String)
  case refused(SpreadsheetError)

  var path: String {
    switch self {
    case .file(let p): p
    case .refused(let e): e.location.file ?? "?"
    }
  }
}

/// Expands folders into the workbooks they hold, sorted, and refuses what is not a workbook.
enum FileList {
  static func collect(_ paths: [String]) -> [FileEntry] {
    var out: [FileEntry] = []
    for path in paths {
      switch kind(of: path) {
      case nil:
        out.append(.refused(SpreadsheetError(.io, "no such file or folder", at: .init(file: path))))
      case .directory?:
        var found: [FileEntry] = []
        walk(path.hasSuffix("/") ? String(path.dropLast()) : path, into: &found, depth: 0)
        out += found.sorted { $0.path < $1.path }
      case .file?:
        let ext = fileExtension(path)
        if SpreadsheetFormat(fileExtension: ext) == nil {
          out.append(
            .refused(
              SpreadsheetError(
                .unsupported,
                "«.\(ext)» is not a workbook extension Equilibre reads (.xlsx .xlsm .xltx .xltm .ods .ots)",
                at: .init(file: path))))
        } else {
          out.append(.file(path))
        }
      }
    }
    return out
  }

  enum Kind { case file, directory }

  static func kind(of path: String) -> Kind? {
    var st = stat()
    guard stat(path, &st) == 0 else { return nil }
    return (st.st_mode & S_IFMT) == S_IFDIR ? .directory : .file
  }

  static func fileExtension(_ path: String) -> String {
    let base = path.split(separator: "/").last.map(String.init) ?? path
    guard let dot = base.lastIndex(of: "."), dot != base.startIndex else { return "" }
    return String(base[base.index(after: dot)...])
  }

  /// Collects the workbooks under `directory`, recursively; links to workbooks are followed, links
  /// to folders are not (no loops). What can't be searched or named is reported, not skipped: a
  /// folder that can't be opened, one nested past 64 levels, a workbook or folder whose name is
  /// not UTF-8.
  static func walk(_ directory: String, into found: inout [FileEntry], depth: Int) {
    guard depth < 64 else {
      found.append(.refused(SpreadsheetError(.io, "folders nest deeper than 64 levels here; not searched", at: .init(file: directory))))
      return
    }
    guard let dir = opendir(directory) else {
      let reason = String(cString: strerror(errno))
      found.append(.refused(SpreadsheetError(.io, "cannot open the folder: \(reason)", at: .init(file: directory))))
      return
    }
    defer { closedir(dir) }
    while let entry = readdir(dir) {
      let bytes = withUnsafeBytes(of: entry.pointee.d_name) { raw in Array(raw.prefix { $0 != 0 }) }
      let name = String(decoding: bytes, as: UTF8.self)
      if name == "." || name == ".." || name.hasPrefix("~$") || name.hasPrefix(".~lock") { continue }
      let full = directory + "/" + name
      guard String(validating: bytes, as: UTF8.self) != nil else {
        // The path can't be carried as a String (it would name another file); say so, with the
        // name as near as it can be shown.
        if entry.pointee.d_type == UInt8(DT_DIR) {
          found.append(
            .refused(
              SpreadsheetError(
                .io, "the folder's name is not valid UTF-8, so it was not searched; rename it", at: .init(file: full))))
        } else if SpreadsheetFormat(fileExtension: fileExtension(name)) != nil {
          found.append(
            .refused(
              SpreadsheetError(.io, "the file's name is not valid UTF-8; rename the file to check it", at: .init(file: full))))
        }
        continue
      }
      var st = stat()
      guard lstat(full, &st) == 0 else { continue }
      if (st.st_mode & S_IFMT) == S_IFDIR {
        walk(full, into: &found, depth: depth + 1)
      } else if SpreadsheetFormat(fileExtension: fileExtension(name)) != nil {
        // A link to a workbook is checked (a link to a folder is not followed: no loops).
        var target = stat()
        let isLink = (st.st_mode & S_IFMT) == S_IFLNK
        if (st.st_mode & S_IFMT) == S_IFREG || (isLink && stat(full, &target) == 0 && (target.st_mode & S_IFMT) == S_IFREG) {
          found.append(.file(full))
        }
      }
    }
  }
}

