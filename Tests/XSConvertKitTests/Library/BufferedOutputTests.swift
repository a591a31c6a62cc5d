import Testing
@testable import XSConvertKit

/// `ByteOutput`'s buffer starts small and grows to `capacity`: whatever the mix of writes
/// (single bytes, runs, records built in place, blocks larger than the buffer), the sink gets
/// the bytes in order, in chunks of at most `capacity` (only a block of `capacity` or more
/// goes out whole), and nothing before `flush` or `finish`.
@Suite struct BufferedOutputTests {
    /// Records every chunk the output hands over.
    final class ChunkSink: ByteSink {
        var chunks: [Bytes] = []
        var finished = false
        func write(_ bytes: UnsafeRawBufferPointer) throws { chunks.append(Bytes(bytes)) }
        func finish() throws { finished = true }
    }

    @Test(arguments: 0..<40 as Range<UInt64>)
    func writesArriveInOrderInBoundedChunks(_ seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        let sink = ChunkSink()
        let output = ByteOutput(sink: sink, name: "out")
        var expected = Bytes()
        var large: Set<Int> = []  // sizes written as one block of at least capacity
        for step in 0..<(20 + random.below(60)) {
            let size = [1, random.below(100), random.below(20_000), random.below(300_000), ByteOutput.capacity + random.below(5000)][random.below(5)]
            let bytes = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ step) }
            switch random.below(3) {
            case 0 where size == 1:
                try output.write(byte: bytes[0])
            case 1 where size <= ByteOutput.capacity:
                try output.withSpace(size) { span in
                    for (index, byte) in bytes.enumerated() { span.storeBytes(of: byte, toByteOffset: index, as: UInt8.self) }
                }
            default:
                try output.write(bytes)
                if size >= ByteOutput.capacity { large.insert(size) }
            }
            expected += bytes
            #expect(output.count == UInt64(expected.count))
        }
        let handedOver = sink.chunks.reduce(0) { $0 + $1.count }
        #expect(handedOver <= expected.count)
        try output.finish()
        #expect(sink.finished)
        #expect(Array(sink.chunks.joined()) == expected)
        for chunk in sink.chunks {
            #expect(chunk.count <= ByteOutput.capacity || large.contains(chunk.count), "a chunk of \(chunk.count) bytes")
            #expect(!chunk.isEmpty)
        }
    }

    /// A small output is one chunk at the end: nothing goes out early.
    @Test func aSmallOutputIsOneChunk() throws {
        let sink = ChunkSink()
        let output = ByteOutput(sink: sink, name: "out")
        for index in 0..<100_000 { try output.write(byte: UInt8(truncatingIfNeeded: index)) }
        #expect(sink.chunks.isEmpty)
        try output.finish()
        #expect(sink.chunks.map(\.count) == [100_000])
    }
}
