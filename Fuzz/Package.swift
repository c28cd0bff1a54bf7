// swift-tools-version:6.0
// libFuzzer targets for Equilibre. Build and run them with scripts/fuzz.sh (see fuzz/README.md):
//   swift build --package-path Fuzz -c debug -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library
import PackageDescription

let package = Package(
  name: "EquilibreFuzz",
  dependencies: [.package(name: "Equilibre", path: "..")],
  targets: [
    .target(
      name: "FuzzSupport",
      dependencies: [
        .product(name: "Workbook", package: "Equilibre"),
      ]),
    .executableTarget(name: "FuzzXLSX", dependencies: ["FuzzSupport"]),
    .executableTarget(name: "FuzzODS", dependencies: ["FuzzSupport"]),
    .executableTarget(
      name: "FuzzPatch",
      dependencies: ["FuzzSupport", .product(name: "Workbook", package: "Equilibre")]),
    .executableTarget(
      name: "FuzzConvert",
      dependencies: [
        "FuzzSupport", .product(name: "Workbook", package: "Equilibre"),
        .product(name: "Formula", package: "Equilibre"),
      ]),
    .executableTarget(
      name: "FuzzNumbers",
      dependencies: ["FuzzSupport", .product(name: "Workbook", package: "Equilibre")]),
    .executableTarget(
      name: "FuzzFormula",
      dependencies: [
        "FuzzSupport", .product(name: "Workbook", package: "Equilibre"),
        .product(name: "Formula", package: "Equilibre"),
      ]),
  ]
)
