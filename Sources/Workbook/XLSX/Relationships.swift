import Archive
import Diagnostics
import XMLStream

/// One relationship of a part (ECMA-376 Part 2 §9.3).
struct Relationship {
  var id: String
  var type: String
  /// The target resolved to a part name inside the package, or nil for external targets and
  /// targets that climb out of the package.
  var partName: String?
}

enum Relationships {
  /// The relationships part of `partName`: `xl/workbook.xml` → `xl/_rels/workbook.xml.rels`.
  static func partName(for partName: String) -> String {
    var folder = ""
    var file = partName
    if let slash = partName.lastIndex(of: "/") {
      folder = String(partName[...slash])
      file = String(partName[partName.index(after: slash)...])
    }
    return folder + "_rels/" + file + ".rels"
  }

  /// Reads the relationships of `source` ("" for the package root); empty when there are none.
  static func read(of source: String, in archive: Archive, limits: XMLLimits) throws(SpreadsheetError)
    -> [Relationship]
  {
    let relsName = source.isEmpty ? XLSXParts.rootRelationships : partName(for: source)
    guard let actual = archive.entryName(matching: relsName) else { return [] }
    let root = try XMLElement.parse(archive.read(actual), partName: actual, limits: limits)
    var out: [Relationship] = []
    for r in root.children("Relationship") {
      guard let id = r["Id"], let type = r["Type"], let target = r["Target"] else { continue }
      let external = r["TargetMode"]?.lowercased() == "external"
      out.append(
        Relationship(id: id, type: type, partName: external ? nil : resolve(target, from: source)))
    }
    return out
  }

  /// Resolves a relationship target against its source part, per the packaging rules: an
  /// absolute target (`/xl/a.xml`) from the root, a relative one from the source's folder;
  /// `.` and `..` segments are applied, and a target climbing out of the package gives nil.
  static func resolve(_ target: String, from source: String) -> String? {
    var t = target
    if let hash = t.firstIndex(of: "#") { t = String(t[..<hash]) }
    t = t.replacingPercentEscapes()
    var segments: [Substring] = []
    if !t.hasPrefix("/"), let slash = source.lastIndex(of: "/") {
      segments = source[..<slash].split(separator: "/")
    }
    for seg in t.split(separator: "/", omittingEmptySubsequences: true) {
      if seg == "." { continue }
      if seg == ".." {
        if segments.isEmpty { return nil }
        segments.removeLast()
        continue
      }
      segments.append(seg)
    }
    return segments.isEmpty ? nil : segments.joined(separator: "/")
  }
}

extension String {
  /// Decodes `%XX` escapes (part names are IRIs; `Sheet%201.xml`).
  fileprivate func replacingPercentEscapes() -> String {
    guard contains("%") else { return self }
    var bytes: [UInt8] = []
    var it = Array(utf8)[...]
    while let c = it.popFirst() {
      if c == 0x25, it.count >= 2, let v = UInt8(String(decoding: it.prefix(2), as: UTF8.self), radix: 16) {
        bytes.append(v)
        it = it.dropFirst(2)
      } else {
        bytes.append(c)
      }
    }
    return String(decoding: bytes, as: UTF8.self)
  }
}
