import Foundation
import Glibc
import Testing
import XSConvertKit

/// The successor's steps in order, in this process: its fds stand for the daemon's.
@Suite struct LiveSwitchTests {
    /// A folder with an oxenstored dump whose fds are open here: a listening socket, an
    /// "event channel" and a client.
    final class Host {
        let folder: String
        let listener: Int32, evtchn: Int32, client: Int32, peer: Int32

        init() throws {
            folder = FileManager.default.temporaryDirectory.appendingPathComponent("live-switch-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            var pair: [Int32] = [0, 0]
            precondition(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &pair) == 0)
            (client, peer) = (pair[0], pair[1])
            listener = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
            evtchn = open("/dev/null", O_RDONLY)
            let snapshot = Snapshot(records: [
                .global(GlobalData(socketFD: listener, eventChannelFD: evtchn, domExcPort: 7)),
                .connection(Connection(id: 1, endpoint: .ring(.init(domid: 0, eventChannel: 2, mfn: 0, remotePort: 1)))),
                .connection(Connection(id: 2, endpoint: .socket(fd: client))),
                .node(Node(path: Bytes(utf8: "/"), permissions: [Permission(access: Permission.none, domid: 0)])),
                .node(Node(path: Bytes(utf8: "/local"), permissions: [Permission(access: Permission.none, domid: 0)])),
            ])
            try Data(try OxenstoredAdapter().write(snapshot)).write(to: URL(fileURLWithPath: folder + "/db"))
        }

        deinit {
            [listener, evtchn, client, peer].forEach { close($0) }
            try? FileManager.default.removeItem(atPath: folder)
        }

        func configuration(daemon: String = "/bin/true") -> LiveSwitchConfiguration {
            LiveSwitchConfiguration(
                target: .xenstored417, daemon: daemon, daemonOptions: ["-N"], daemonEnvironment: ["A=b"],
                sourceDump: folder + "/db", targetDump: folder + "/state_dump",
                quotas: TargetQuotas(nodeSize: 2048, pathMax: 2048, nodesPerDomain: 1000, target: .xenstored417))
        }
    }

    @Test func handsOverToC() throws {
        let host = try Host(), device = RecordingDevice()
        device.boundVirqs[3] = 7
        let liveSwitch = LiveSwitch(configuration: host.configuration()) { device }
        liveSwitch.clientTimeout = 0.1
        let exec = try liveSwitch.handOver()
        #expect(device.calls == ["unbind 7 on \(host.evtchn)"])
        #expect(exec.executable == "/bin/true" && exec.environment == ["A=b"])
        #expect(exec.keep == [host.listener, host.evtchn, host.client])
        #expect(exec.summary.contains("VIRQ_DOM_EXC port 7 released") && exec.summary.contains("no live-update client asked within 0.1 s"))
        let written = try Files.openInput(host.folder + "/state_dump").readToEnd()
        let (snapshot, _) = try BinaryStreamAdapter().read(written)
        #expect(snapshot.global == GlobalData(socketFD: host.listener, eventChannelFD: host.evtchn))
        #expect(snapshot.nodes.contains { $0.path == Bytes(utf8: "/tool/xenstored") && $0.value == Bytes(utf8: "/bin/true") })
        // a failed exec: the VIRQ is bound again, and oxenstored's dump names its new port
        #expect(liveSwitch.undo().isEmpty)
        #expect(device.boundVirqs[3] == 41)
        let dump = String(decoding: try Files.openInput(host.folder + "/db").readToEnd(), as: UTF8.self)
        #expect(dump.contains("\nevtchn-dev,\(host.evtchn),41\n"))
    }

    /// Whatever is found before the hand-over refuses the switch with nothing changed.
    @Test func refusesBeforeTouchingTheEventChannel() throws {
        let host = try Host(), device = RecordingDevice()
        let liveSwitch = LiveSwitch(configuration: host.configuration(daemon: host.folder + "/none")) { device }
        #expect { try liveSwitch.handOver() } throws: { "\($0)".contains("/none cannot be run") }
        #expect(device.calls.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: host.folder + "/state_dump"))
    }

    /// Every reason is reported at once (an operator fixes them all before the next live
    /// update): a quota, the daemon that cannot be run, an fd the dump names that is closed.
    @Test func refusesWithEveryReason() throws {
        let host = try Host(), device = RecordingDevice()
        var configuration = host.configuration(daemon: host.folder + "/none")
        configuration.quotas = TargetQuotas(nodeSize: 2048, pathMax: 3, nodesPerDomain: 1000, target: .xenstored417)
        close(host.client)
        let liveSwitch = LiveSwitch(configuration: configuration) { device }
        do {
            _ = try liveSwitch.handOver()
            Issue.record("not refused")
        } catch let refusal as LiveSwitchRefusal {
            #expect(refusal.reasons.contains { $0.contains("/local: 6 bytes, over the path-max of 3") }, "\(refusal.reasons)")
            #expect(refusal.reasons.contains { $0.contains("/none cannot be run") }, "\(refusal.reasons)")
            #expect(refusal.reasons.contains("the socket client at fd \(host.client) is not open in the running daemon"), "\(refusal.reasons)")
        }
        #expect(device.calls.isEmpty)
    }

    /// The hand-over itself failing (no library, or Xen refusing) leaves nothing behind.
    @Test func aFailedHandOverWritesNothing() throws {
        let host = try Host(), device = RecordingDevice()
        device.failing = true
        let liveSwitch = LiveSwitch(configuration: host.configuration()) { device }
        #expect(throws: RecordingDevice.Failure.self) { try liveSwitch.handOver() }
        #expect(!FileManager.default.fileExists(atPath: host.folder + "/state_dump"))
        #expect(liveSwitch.undo().isEmpty && device.calls.count == 1)
    }
}
