extension Equilibre {
  /// The version `equilibre --version` prints; the one place it is written.
  static let version = "0.10.0"
}
