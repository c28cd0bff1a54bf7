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
    let reader = try PartReader.read(actual, in: archive, limits: limits, RelationshipsReader.init)
    var out: [Relationship] = []
    out.reserveCapacity(reader.entries.count)
    for r in reader.entries {
      out.append(Relationship(id: r.id, type: r.type, partName: r.external ? nil : resolve(r.target, from: source)))
    }
    return out
  }

  /// Resolves a relationship target against its source part, per the packaging rules: an
  /// absolute target (`/xl/a.xml`) from the root, a relative one from the source's folder;
  /// `.` and `..` segments are applied, and a target climbing out of the package gives nil.
  static func resolve(_ target: String, from source: String) -> String? {
    var t = Array(target.utf8)
    if let hash = t.firstIndex(of: UInt8(ascii: "#")) { t.removeSubrange(hash...) }
    if t.contains(UInt8(ascii: "%")) { t = percentDecoded(t) }
    var segments: [ArraySlice<UInt8>] = []
    if t.first != UInt8(ascii: "/") {
      let base = Array(source.utf8)
      if let slash = base.lastIndex(of: UInt8(ascii: "/")) {
        segments = base[..<slash].split(separator: UInt8(ascii: "/"))
      }
    }
    for segment in t.split(separator: UInt8(ascii: "/")) {
      if segment.elementsEqual([UInt8(ascii: ".")]) { continue }
      if segment.elementsEqual([UInt8(ascii: "."), UInt8(ascii: ".")]) {
        if segments.isEmpty { return nil }
        segments.removeLast()
        continue
      }
      segments.append(segment)
    }
    guard !segments.isEmpty else { return nil }
    var path: [UInt8] = []
    for (i, segment) in segments.enumerated() {
      if i > 0 { path.append(UInt8(ascii: "/")) }
      path.append(contentsOf: segment)
    }
    return String(decoding: path, as: UTF8.self)
  }

  /// The `Target` of a relationship from `source` to `target`, relative to `source`'s folder
  /// (`xl/worksheets/sheet1.xml` → `xl/comments1.xml` gives `../comments1.xml`).
  static func relativeTarget(from source: String, to target: String) -> String {
    var folder = source.split(separator: "/", omittingEmptySubsequences: false).dropLast().map(
      String.init)
    var path = target.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
    while let f = folder.first, path.count > 1, path.first == f {
      folder.removeFirst()
      path.removeFirst()
    }
    return (Array(repeating: "..", count: folder.count) + path).joined(separator: "/")
  }

  /// Decodes `%XX` escapes (part names are IRIs; `Sheet%201.xml`).
  private static func percentDecoded(_ bytes: [UInt8]) -> [UInt8] {
    func hex(_ c: UInt8) -> UInt8? {
      switch c {
      case 48...57: c - 48
      case 65...70: c - 55
      case 97...102: c - 87
      default: nil
      }
    }
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count)
    var i = 0
    while i < bytes.count {
      if bytes[i] == UInt8(ascii: "%"), i + 2 < bytes.count, let high = hex(bytes[i + 1]), let low = hex(bytes[i + 2]) {
        out.append(high << 4 | low)
        i += 3
      } else {
        out.append(bytes[i])
        i += 1
      }
    }
    return out
  }
}
