// swift-tools-version:6.0
import PackageDescription

let package = Package(
  name: "Equilibre",
  platforms: [.macOS(.v13)],
  products: [
    .library(name: "Workbook", targets: ["Workbook", "Diagnostics"]),
    .library(name: "Formula", targets: ["Formula"]),
    .library(name: "Budget", targets: ["Budget"]),
    .library(name: "Reports", targets: ["Reports"]),
    .executable(name: "equilibre", targets: ["equilibre"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
    .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
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
    // The batch model and the report encoders: text, JSON, CSV, JUnit, SARIF, HTML.
    .target(
      name: "Reports",
      dependencies: [
        "Budget", "Workbook", "Formula", "Diagnostics",
        .product(name: "Mustache", package: "swift-mustache"),
      ]),
    .executableTarget(
      name: "equilibre",
      dependencies: [
        "Reports", "Budget", "Workbook", "Formula",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]),
    // What several test targets share (LibreOffice headless); built only for the tests.
    .target(name: "TestSupport", path: "Tests/Support"),
    .testTarget(name: "ArchiveTests", dependencies: ["Archive", "XMLStream", "Diagnostics"]),
    .testTarget(name: "XMLStreamTests", dependencies: ["XMLStream", "Diagnostics"]),
    .testTarget(name: "WorkbookTests", dependencies: ["Workbook", "Archive", "Diagnostics", "Formula", "TestSupport"]),
    .testTarget(name: "FormulaTests", dependencies: ["Formula", "Workbook"]),
    .testTarget(
      name: "CLITests", dependencies: ["equilibre", "Archive", "TestSupport"],
      exclude: ["Golden"]),
    .testTarget(
      name: "BudgetTests",
      dependencies: [
        "Budget", "Workbook", "Formula", "Diagnostics",
        .product(name: "PropertyBased", package: "swift-property-based"),
      ]),
  ]
)
