/// A format to read or write, as a typed value: `.json`, `.oxenstored`, `.binary`, or a
/// binary stream in a given layout, `.binary(byteOrder: .big, version: 2)`. What a target
/// daemon restores is `TargetProfile.outputFormat`.
public struct SnapshotFormat: Hashable, Sendable, CustomStringConvertible {
    /// The format's name in `FormatRegistry` (the CLI's `--to`, `--from`).
    public var name: String
    /// A binary stream's byte order, version and layout (`standard` or `seed`; oxenstored's
    /// text: `xen` or `xapi`, `OxenstoredDialect`); nil keeps the default (the input's where
    /// it has one, else little-endian version 1, standard).
    public var byteOrder: ByteOrder?
    /// A binary stream's version; nil keeps the default.
    public var streamVersion: UInt32?
    /// A binary stream's layout, `standard` or `seed`; nil keeps the default.
    public var dialect: String?
    /// How a binary stream lays out WATCH_DATA_EXTENDED (`WriteOptions.watchExtendedLayout`);
    /// nil keeps the default, the design document's.
    public var watchExtendedLayout: WatchExtendedLayout?

    /// C xenstored's live-update stream (`state_dump`), in its default layout.
    public static let binary = SnapshotFormat(name: BinaryStreamAdapter.formatName)
    /// oxenstored's live-update text dump (`/var/run/xenstored/db`).
    public static let oxenstored = SnapshotFormat(name: OxenstoredAdapter.formatName)
    /// oxenstored's legacy db / SIGUSR1 debug dump (read only).
    public static let oxenstoredLegacy = SnapshotFormat(name: OxenstoredLegacyAdapter.formatName)
    /// xsconvert's lossless JSON form.
    public static let json = SnapshotFormat(name: JSONAdapter.formatName)
    /// The listing `xenstore-ls -f -p` prints (write only).
    public static let xenstoreListing = SnapshotFormat(name: ListingAdapter.formatName)

    /// A binary stream in the layout given; what is not given is the default.
    public static func binary(
        byteOrder: ByteOrder? = nil, version: UInt32? = nil, dialect: String? = nil, watchExtendedLayout: WatchExtendedLayout? = nil
    ) -> SnapshotFormat {
        SnapshotFormat(name: BinaryStreamAdapter.formatName, byteOrder: byteOrder, streamVersion: version, dialect: dialect,
                       watchExtendedLayout: watchExtendedLayout)
    }

    init(name: String, byteOrder: ByteOrder? = nil, streamVersion: UInt32? = nil, dialect: String? = nil,
         watchExtendedLayout: WatchExtendedLayout? = nil) {
        self.name = name
        self.byteOrder = byteOrder
        self.streamVersion = streamVersion
        self.dialect = dialect
        self.watchExtendedLayout = watchExtendedLayout
    }

    /// The format called `name` (or one of its aliases) in `registry`.
    public init(named name: String, in registry: FormatRegistry = .standard) throws {
        self.init(name: try registry.adapter(named: name).name)
    }

    /// Its adapter in `registry`.
    public func adapter(in registry: FormatRegistry = .standard) throws -> any FormatAdapter {
        try registry.adapter(named: name)
    }

    /// `options` with this format's layout where it names one (and none of a binary stream's
    /// for another format).
    public func applied(to options: WriteOptions) -> WriteOptions {
        var options = options
        guard name == BinaryStreamAdapter.formatName else {
            // oxenstored's text has dialects too (`OxenstoredDialect`); no other format has.
            (options.byteOrder, options.streamVersion) = (nil, nil)
            options.dialect = name == OxenstoredAdapter.formatName ? dialect : nil
            return options
        }
        if let byteOrder { options.byteOrder = byteOrder }
        if let streamVersion { options.streamVersion = streamVersion }
        if let dialect { options.dialect = dialect }
        if let watchExtendedLayout { options.watchExtendedLayout = watchExtendedLayout }
        return options
    }

    /// `binary`, or `binary (standard), version 2, big-endian` when the layout is given.
    public var description: String {
        StreamInfo(format: name, dialect: dialect, version: streamVersion, byteOrder: byteOrder).description
    }
}
