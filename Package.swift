// swift-tools-version:6.0
import PackageDescription

let package = Package(
  name: "Equilibre",
  platforms: [.macOS(.v13)],
  products: [
    .library(name: "Workbook", targets: ["Workbook", "Diagnostics"]),
    .library(name: "Formula", targets: ["Formula"]),
    .library(name: "Budget", targets: ["Budget"]),
    .executable(name: "equilibre", targets: ["equilibre"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0")
  ],
  targets: [
    .systemLibrary(
      name: "CZip", pkgConfig: "libzip",
      providers: [.apt(["libzip-dev"]), .brew(["libzip"])]),
    .systemLibrary(
      name: "CXML2", pkgConfig: "libxml-2.0",
      providers: [.apt(["libxml2-dev"]), .brew(["libxml2"])]),
    .target(name: "Diagnostics"),
    .target(name: "Archive", dependencies: ["CZip", "Diagnostics"]),
    .target(name: "XMLStream", dependencies: ["CXML2", "Diagnostics"]),
    .target(name: "Workbook", dependencies: ["Archive", "XMLStream", "Diagnostics"]),
    .target(name: "Formula", dependencies: ["Workbook"]),
    .target(name: "Budget", dependencies: ["Workbook", "Formula", "Diagnostics"]),
    .executableTarget(
      name: "equilibre",
      dependencies: [
        "Budget", "Workbook", "Formula",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]),
    // What several test targets share (LibreOffice headless); built only for the tests.
    .target(name: "TestSupport", path: "Tests/Support"),
    .testTarget(name: "ArchiveTests", dependencies: ["Archive", "XMLStream", "Diagnostics"]),
    .testTarget(name: "WorkbookTests", dependencies: ["Workbook", "Archive", "Diagnostics", "Formula", "TestSupport"]),
    .testTarget(name: "FormulaTests", dependencies: ["Formula", "Workbook"]),
    .testTarget(name: "CLITests", dependencies: ["equilibre", "Archive", "TestSupport"]),
    .testTarget(name: "BudgetTests", dependencies: ["Budget", "Workbook", "Formula", "Diagnostics"]),
  ]
)
