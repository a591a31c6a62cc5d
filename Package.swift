// swift-tools-version: 6.2
import PackageDescription

let package = Package(
    name: "xsconvert",
    products: [
        // The library embedders use: the snapshot model, the format adapters, the registry.
        .library(name: "XSConvertKit", targets: ["XSConvertKit"]),
        .executable(name: "xsconvert", targets: ["xsconvert"]),
    ],
    // Package.resolved is not committed: its revisions are this build machine's mirror's, and
    // SwiftPM checks a pinned version out by its revision (against GitHub: "Couldn't check out
    // revision …: reference is not a tree"). The tests' dependency is pinned here instead; the
    // command's stays a range, because SwiftPM resolves it for every embedder of XSConvertKit
    // too, and an exact pin would clash with their own ArgumentParser.
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", exact: "2.0.1"),
    ],
    targets: [
        // The system's zlib (Debian: zlib1g-dev), for gzip archives.
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .target(
            name: "XSConvertKit", dependencies: ["CZlib"],
            // A record lent from the input's buffer cannot outlive it (`RecordView`: ~Escapable,
            // with its lifetime tied to the buffer's by @_lifetime). Internal: no public API
            // needs it, and SwiftPM applies the setting to this target alone, so a package that
            // depends on XSConvertKit (by path or by a version tag) sets nothing. Without it,
            // Swift 6.3 refuses @_lifetime and a ~Escapable initializer or getter; the view would
            // have to hold an unsafe pointer, which the compiler no longer keeps in bounds.
            swiftSettings: [.enableExperimentalFeature("Lifetimes")]
        ),
        .executableTarget(
            name: "xsconvert",
            dependencies: [
                "XSConvertKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Paths and the external JSON Schema check, shared by the test targets.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(
            name: "XSConvertKitTests",
            dependencies: [
                "XSConvertKit", "TestSupport",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .testTarget(
            name: "CLITests",
            dependencies: ["xsconvert", "TestSupport"]
        ),
    ]
)
