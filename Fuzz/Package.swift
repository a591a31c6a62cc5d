// swift-tools-version: 6.1
// libFuzzer targets for every reader of XSConvertKit. Not part of the main build: tools/fuzz
// builds this package with -sanitize=fuzzer,address and runs it (see docs/fuzzing.md).
import PackageDescription

let package = Package(
    name: "xsconvert-fuzz",
    dependencies: [.package(name: "xsconvert", path: "..")],
    targets: [
        // One binary; the reader it exercises is named by XSCONVERT_FUZZ_TARGET (tools/fuzz sets it).
        .executableTarget(
            name: "XSConvertFuzz",
            dependencies: ["CFuzzDriver", .product(name: "XSConvertKit", package: "xsconvert")]
        ),
        .target(name: "CFuzzDriver"),
    ]
)
