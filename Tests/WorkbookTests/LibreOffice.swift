import Foundation

/// LibreOffice run headless, the real consumer of what the writers make: a test opens a written
/// workbook in it and saves it again (`--convert-to`), then reads what it saved. Tests that need
/// it are enabled only where `soffice` is installed (`.ci/run` installs it).
enum LibreOffice {
  /// The `soffice` program, or nil when LibreOffice is not installed.
  static let program: String? = ["/usr/bin/soffice", "/usr/local/bin/soffice", "/opt/libreoffice/program/soffice"]
    .first { FileManager.default.isExecutableFile(atPath: $0) }

  static var isInstalled: Bool { program != nil }

  /// Serialises conversions: two soffice processes on one profile fight over its lock.
  private static let lock = NSLock()

  /// Opens `path` in LibreOffice and saves it as `format` (`xlsx`, `ods`, `csv`…) in a fresh
  /// folder; returns the saved file's path. Throws when LibreOffice fails, times out (120 s)
  /// or saves nothing — which is what a file it cannot open gives.
  static func convert(_ path: String, to format: String) throws -> String {
    guard let program else { throw Failure("LibreOffice is not installed") }
    lock.lock()
    defer { lock.unlock() }
    let out = FileManager.default.temporaryDirectory.appendingPathComponent("equilibre-lo-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
    // One profile per checkout: soffice started on a profile another soffice is using hands its
    // work to that one, so two checkouts testing at once waited on each other's conversions.
    let checkout = Fixtures.packageRoot.path.map { $0.isLetter || $0.isNumber ? $0 : "-" }
    let profile = FileManager.default.temporaryDirectory.appendingPathComponent(
      "equilibre-lo-profile\(String(checkout))")
    let process = Process()
    process.executableURL = URL(fileURLWithPath: program)
    process.arguments = [
      "-env:UserInstallation=\(profile.absoluteString)", "--headless", "--norestore", "--nolockcheck",
      "--convert-to", format, "--outdir", out.path, path,
    ]
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

  struct Failure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
  }
}
