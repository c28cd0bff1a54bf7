import Foundation

/// LibreOffice run headless, the real consumer of what the writers make: a test opens a written
/// workbook in it and saves it again (`--convert-to`), then reads what it saved. Tests that need
/// it are enabled only where `soffice` is installed (`.ci/run` installs it).
public enum LibreOffice {
  /// The `soffice` program, or nil when LibreOffice is not installed.
  public static let program: String? = ["/usr/bin/soffice", "/usr/local/bin/soffice", "/opt/libreoffice/program/soffice"]
    .first { FileManager.default.isExecutableFile(atPath: $0) }

  /// Whether the LibreOffice tests run: it is installed, and the build is not a sanitizer's
  /// (`scripts/sanitize.sh` sets `EQUILIBRE_SANITIZER`; the writers' code runs under the
  /// sanitizers in the other tests, and LibreOffice's start-up would only slow them).
  public static var isInstalled: Bool {
    program != nil && ProcessInfo.processInfo.environment["EQUILIBRE_SANITIZER"] == nil
  }

  /// Serialises conversions: two soffice processes on one profile fight over its lock (each test
  /// process has its own profile).
  private static let lock = NSLock()

  /// Opens `path` in LibreOffice and saves it as `format` (`xlsx`, `ods`, `csv`…) in a fresh
  /// folder; returns the saved file's path. Throws when LibreOffice fails, times out (120 s)
  /// or saves nothing — which is what a file it cannot open gives.
  /// `infilter` names the import filter and its options (`CSV:59,34,76,1` reads a CSV file
  /// separated by `;`, quoted by `"`, in UTF-8, from line 1).
  public static func convert(_ path: String, to format: String, infilter: String? = nil) throws -> String {
    guard let program else { throw Failure("LibreOffice is not installed") }
    lock.lock()
    defer { lock.unlock() }
    let out = FileManager.default.temporaryDirectory.appendingPathComponent("equilibre-lo-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
    let profile = FileManager.default.temporaryDirectory.appendingPathComponent("equilibre-lo-profile-\(ProcessInfo.processInfo.processIdentifier)")
    let process = Process()
    // Through coreutils' `timeout`, which signals the whole process group: `soffice` is a script
    // whose `soffice.bin` would outlive a signal to the script alone, and a hung one would make
    // every later conversion on the profile wait.
    process.executableURL = URL(fileURLWithPath: "/usr/bin/timeout")
    process.arguments = [
      "-k", "10", "110", program, "-env:UserInstallation=\(profile.absoluteString)", "--headless", "--norestore",
      "--nolockcheck",
    ] + (infilter.map { ["--infilter=\($0)"] } ?? []) + ["--convert-to", format, "--outdir", out.path, path]
    let log = Pipe()
    process.standardOutput = log
    process.standardError = log
    try process.run()
    let deadline = Date().addingTimeInterval(120)
    while process.isRunning && Date() < deadline { usleep(50_000) }
    if process.isRunning {
      process.terminate()
      throw Failure("LibreOffice did not finish converting «\(path)» in 120 s")
    }
    let said = String(decoding: log.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    let base = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
    let saved = out.appendingPathComponent("\(base).\(format)").path
    guard process.terminationStatus == 0, FileManager.default.fileExists(atPath: saved) else {
      throw Failure("LibreOffice could not open «\(path)» (exit \(process.terminationStatus)): \(said)")
    }
    return saved
  }

  public struct Failure: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
  }
}

extension LibreOffice {
  /// Exports every sheet of each file to CSV in `folder`, in one soffice run (values as stored,
  /// not as shown; UTF-8): `NAME-SHEET.csv` per sheet. Throws when soffice fails or times out.
  public static func exportSheetsAsCSV(_ paths: [String], to folder: String, timeout: Int = 600) throws {
    guard let program else { throw Failure("LibreOffice is not installed") }
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let profile = FileManager.default.temporaryDirectory.appendingPathComponent("equilibre-lo-csv-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: profile) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/timeout")
    process.arguments = [
      "-k", "10", String(timeout), program, "-env:UserInstallation=\(profile.absoluteString)", "--headless", "--norestore",
      "--nolockcheck", "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,1033,false,true,false,false,false,-1",
      "--outdir", folder,
    ] + paths
    let log = Pipe()
    process.standardOutput = log
    process.standardError = log
    try process.run()
    _ = log.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
      throw Failure("LibreOffice failed exporting CSV (exit \(process.terminationStatus))")
    }
  }
}

extension LibreOffice {
  /// The first sheet of `path` as LibreOffice shows it, exported to CSV (UTF-8, comma-separated,
  /// cells "as shown": with their number formats applied, `49,600 €`).
  public static func csvAsShown(_ path: String) throws -> String {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("equilibre-lo-shown-\(UUID().uuidString)")
    guard let program else { throw Failure("LibreOffice is not installed") }
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let profile = FileManager.default.temporaryDirectory.appendingPathComponent("equilibre-lo-shown-profile-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: profile) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/timeout")
    process.arguments = [
      "-k", "10", "110", program, "-env:UserInstallation=\(profile.absoluteString)", "--headless", "--norestore",
      "--nolockcheck", "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true",
      "--outdir", folder.path, path,
    ]
    let log = Pipe()
    process.standardOutput = log
    process.standardError = log
    try process.run()
    _ = log.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let base = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
    let saved = folder.appendingPathComponent("\(base).csv")
    guard process.terminationStatus == 0, let text = try? String(contentsOf: saved, encoding: .utf8) else {
      throw Failure("LibreOffice failed exporting «\(path)» to CSV (exit \(process.terminationStatus))")
    }
    return text
  }
}
