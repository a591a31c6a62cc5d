import Testing
import XSConvertKit

/// An event-channel device that records the calls made on it, with Xen's rule that a VIRQ is
/// bound once.
final class RecordingDevice: EventChannelDevice {
    var calls: [String] = []
    var boundVirqs: [UInt32: UInt32] = [:]
    var nextPort: UInt32 = 40
    var failing = false

    struct Failure: Error {}

    func bindVirq(_ virq: UInt32, handle fd: Int32) throws -> UInt32 {
        calls.append("bind virq \(virq) on \(fd)")
        guard !failing, boundVirqs[virq] == nil else { throw Failure() }
        nextPort += 1
        boundVirqs[virq] = nextPort
        return nextPort
    }

    func unbind(port: UInt32, handle fd: Int32) throws {
        calls.append("unbind \(port) on \(fd)")
        guard !failing else { throw Failure() }
        boundVirqs = boundVirqs.filter { $0.value != port }
    }
}

@Suite struct DomExcHandoverTests {
    /// oxenstored → C: oxenstored's port released on its handle; C gets no port to name.
    @Test func releasesOxenstoredsPortForC() throws {
        let device = RecordingDevice()
        device.boundVirqs[3] = 7
        let handover = DomExcHandover(device: device)
        let global = try handover.perform(GlobalData(socketFD: 3, eventChannelFD: 5, domExcPort: 7), to: .xenstored417)
        #expect(device.calls == ["unbind 7 on 5"] && device.boundVirqs.isEmpty)
        #expect(global == GlobalData(socketFD: 3, eventChannelFD: 5))
        // undone: bound again (at whatever port Xen gives), which oxenstored's dump must then name
        #expect(try handover.undo() == 41)
        #expect(device.boundVirqs[3] == 41)
    }

    /// C → oxenstored: bound on C's handle, and oxenstored is given that port.
    @Test func bindsOnCsHandleForOxenstored() throws {
        let device = RecordingDevice()
        let handover = DomExcHandover(device: device)
        let global = try handover.perform(GlobalData(socketFD: 3, eventChannelFD: 6), to: .oxenstored)
        #expect(device.calls == ["bind virq 3 on 6"])
        #expect(global == GlobalData(socketFD: 3, eventChannelFD: 6, domExcPort: 41))
        #expect(try handover.undo() == nil)
        #expect(device.calls.last == "unbind 41 on 6" && device.boundVirqs.isEmpty)
        #expect(try handover.undo() == nil && device.calls.count == 2)  // once only
    }

    /// oxenstored 4.17 → the xapi fork: oxenstored's port released as for C, the fork given
    /// no handle (it opens its own); the rings' ports released last, which no undo can put
    /// back at the same ports (said so), while the VIRQ is bound again.
    @Test func releasesEverythingForTheFork() throws {
        let device = RecordingDevice()
        device.boundVirqs[3] = 7
        let handover = DomExcHandover(device: device)
        let global = try handover.perform(GlobalData(socketFD: 3, eventChannelFD: 5, domExcPort: 7), to: .oxenstoredXapi)
        #expect(!handover.keepsHandle)
        #expect(global == GlobalData(socketFD: 3, eventChannelFD: nil))
        try handover.release(ports: [2, 4], handle: 5)
        #expect(device.calls == ["unbind 7 on 5", "unbind 2 on 5", "unbind 4 on 5"] && device.boundVirqs.isEmpty)
        #expect(handover.unrecoverable?.contains("event channels of 2 rings were released on fd 5") == true)
        #expect(try handover.undo() == 41)
        #expect(device.boundVirqs[3] == 41)
    }

    /// C → the fork: C has released the VIRQ itself; nothing is bound for the fork.
    @Test func bindsNothingForTheForkFromC() throws {
        let device = RecordingDevice()
        let handover = DomExcHandover(device: device)
        let global = try handover.perform(GlobalData(socketFD: 3, eventChannelFD: 6), to: .oxenstoredXapi)
        #expect(device.calls.isEmpty && global == GlobalData(socketFD: 3, eventChannelFD: nil))
        #expect(handover.unrecoverable == nil)
        #expect(try handover.undo() == nil)
        #expect(device.calls.isEmpty)
    }

    /// The release check's negative control (tools/interop/xen): nothing bound, port 0 given.
    @Test func bindsNothingWhenATestSaysSo() throws {
        let device = RecordingDevice()
        let handover = DomExcHandover(device: device, bindsForOxenstored: false)
        let global = try handover.perform(GlobalData(socketFD: 3, eventChannelFD: 6), to: .oxenstored)
        #expect(device.calls.isEmpty && global == GlobalData(socketFD: 3, eventChannelFD: 6, domExcPort: 0))
        #expect(try handover.undo() == nil && device.calls.isEmpty)
    }

    @Test func refusesWithoutAHandleOrAPort() {
        let handover = DomExcHandover(device: RecordingDevice())
        #expect(throws: ConversionError.self) { try handover.perform(GlobalData(socketFD: 3, eventChannelFD: nil, domExcPort: 1), to: .xenstored417) }
        #expect(throws: ConversionError.self) { try handover.perform(GlobalData(socketFD: 3, eventChannelFD: 5), to: .xenstored421) }
        #expect(throws: ConversionError.self) { try handover.perform(GlobalData(socketFD: 3, eventChannelFD: -1), to: .oxenstored) }
    }

    /// A rollback to oxenstored after its port was released: its dump names the new port,
    /// every other byte unchanged.
    @Test func oxenstoredsDumpGetsTheNewPort() throws {
        let dump = Bytes(utf8: "$xenstored-dump-format\nglobal,3\nevtchn-dev,5,7\ndom,0,0,1,2\n")
        #expect(try DomExcHandover.oxenstoredDump(dump, domExcPort: 12) == Bytes(utf8: "$xenstored-dump-format\nglobal,3\nevtchn-dev,5,12\ndom,0,0,1,2\n"))
        #expect(throws: ConversionError.self) { try DomExcHandover.oxenstoredDump(Bytes(utf8: "$xenstored-dump-format\nglobal,3\n"), domExcPort: 1) }
    }
}
