import Foundation
import Testing
import XSConvertKit

/// The gzip layer on its own: round trips, metadata, multi-member archives, and every kind of
/// damage reported with its offset.
@Suite struct GzipTests {
    /// Compresses `bytes` in memory.
    func compress(_ bytes: Bytes, level: Int = 6, metadata: GzipMetadata = .init(), summary: ContentSummary = .init()) throws -> Bytes {
        let sink = MemorySink()
        let encoder = try GzipEncoder(inner: sink, name: "test.gz", level: level, metadata: metadata, summary: summary)
        let output = ByteOutput(sink: encoder, name: "test.gz", summary: summary)
        try output.write(bytes)
        try output.finish()
        return sink.bytes
    }

    func decompress(_ archive: Bytes) throws -> (Bytes, GzipDecoder) {
        let decoder = try GzipDecoder(source: MemorySource(archive), name: "test.gz")
        let input = ByteInput(source: decoder, name: "test.gz (uncompressed)")
        return (try input.readToEnd(), decoder)
    }

    static let sample: Bytes = (0..<200_000).map { UInt8(truncatingIfNeeded: $0 * 7 / 13) }

    @Test(arguments: [1, 6, 9])
    func roundTripsAtEveryLevel(_ level: Int) throws {
        let archive = try compress(Self.sample, level: level)
        #expect(archive.starts(with: [0x1F, 0x8B, 0x08]))
        #expect(archive.count < Self.sample.count / 4)
        let (back, decoder) = try decompress(archive)
        #expect(back == Self.sample)
        #expect(decoder.members == 1)
        #expect(decoder.compressedOffset == UInt64(archive.count))
    }

    @Test func emptyContentRoundTrips() throws {
        let (back, _) = try decompress(try compress([]))
        #expect(back.isEmpty)
    }

    @Test func levelOutOfRangeIsAUsageError() throws {
        #expect(throws: ConversionError.self) { try compress([1], level: 10) }
    }

    /// RFC 1952 header: FLG has FNAME and FCOMMENT, MTIME little-endian, OS 3 (Unix).
    @Test func headerCarriesNameTimeAndComment() throws {
        let summary = ContentSummary()
        summary.info = StreamInfo(format: "binary", dialect: "standard", version: 1, byteOrder: .little)
        let archive = try compress([1, 2, 3], metadata: GzipMetadata(fileName: "dump", modificationTime: 0x6543_2100),
                                   summary: summary)
        #expect(archive[3] == 0x08 | 0x10)  // FNAME | FCOMMENT
        #expect(Array(archive[4..<8]) == [0x00, 0x21, 0x43, 0x65])
        #expect(archive[9] == 3)
        #expect(Array(archive[10..<15]) == Bytes(utf8: "dump") + [0])
        let (_, decoder) = try decompress(archive)
        let metadata = try #require(decoder.metadata)
        #expect(metadata.fileName == "dump")
        #expect(metadata.modificationTime == 0x6543_2100)
        #expect(metadata.comment == "xsconvert=\(XSConvertKitVersion.current) format=binary dialect=standard version=1 byte-order=little nodes=?         ")
    }

    /// With a file beneath, the node count is filled in when the archive is complete.
    @Test func nodeCountIsFilledInOnAFile() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gzip-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("out.gz").path
        let output = try Files.createOutput(path, compression: OutputCompression(metadata: GzipMetadata(fileName: "out")))
        output.summary.info = StreamInfo(format: "binary", version: 2, byteOrder: .big)
        try output.write(Self.sample)
        output.summary.nodes = 1234
        try output.finish()
        let input = try Files.openInput(path)
        #expect(try input.readToEnd() == Self.sample)
        let comment = try #require(input.gzip?.metadata?.comment)
        #expect(ArchiveComment.parse(comment).map { "\($0.key)=\($0.value)" }
                == ["xsconvert=\(XSConvertKitVersion.current)", "format=binary", "version=2", "byte-order=big", "nodes=1234"])
    }

    @Test func multiMemberArchiveReadsAsOneStream() throws {
        let first = try compress(Array(Self.sample[..<70_000]))
        let second = try compress(Array(Self.sample[70_000...]))
        let (back, decoder) = try decompress(first + second)
        #expect(back == Self.sample)
        #expect(decoder.members == 2)
    }

    @Test func truncatedArchiveIsAnError() throws {
        let archive = try compress(Self.sample)
        for cut in [5, 30, archive.count / 2, archive.count - 4, archive.count - 1] {
            #expect {
                try decompress(Array(archive[..<cut]))
            } throws: { error in
                let error = error as! ConversionError
                return error.message.contains("truncated") && error.location == .byte(UInt64(cut))
            }
        }
    }

    @Test func crcMismatchIsAnError() throws {
        var archive = try compress(Self.sample)
        archive[archive.count - 8] ^= 0xFF  // CRC32 in the trailer
        #expect {
            try decompress(archive)
        } throws: { error in
            (error as! ConversionError).message.contains("CRC32 mismatch")
        }
    }

    @Test func sizeMismatchIsAnError() throws {
        var archive = try compress(Self.sample)
        archive[archive.count - 4] ^= 0x01  // ISIZE in the trailer
        #expect {
            try decompress(archive)
        } throws: { error in
            (error as! ConversionError).message.contains("ISIZE mismatch")
        }
    }

    @Test func corruptDataIsAnErrorWithOffset() throws {
        var archive = try compress(Self.sample)
        for index in 40..<60 { archive[index] ^= 0x5A }
        #expect {
            try decompress(archive)
        } throws: { error in
            let error = error as! ConversionError
            guard case .byte(let offset) = error.location else { return false }
            return error.message.contains("corrupt") && offset >= 40 && offset <= UInt64(archive.count)
        }
    }

    @Test func trailingGarbageIsAnError() throws {
        let archive = try compress([1, 2, 3])
        #expect {
            try decompress(archive + Bytes(utf8: "junk"))
        } throws: { error in
            let error = error as! ConversionError
            return error.message.contains("another gzip member") && error.location == .byte(UInt64(archive.count))
        }
    }
}
