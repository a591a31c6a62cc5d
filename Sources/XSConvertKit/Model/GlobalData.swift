/// Daemon-wide state: the listening socket and the event-channel device.
///
/// File descriptors only mean something inside the process that exec's the next daemon; in an
/// archive they are history, not resources.
public struct GlobalData: Hashable, Sendable {
    /// The read-write listening socket's fd; −1 when the daemon listens on nothing.
    public var socketFD: Int32
    /// The event-channel device's fd. `nil` when the source did not say (an oxenstored dump
    /// without an `evtchn-dev` line).
    public var eventChannelFD: Int32?
    /// oxenstored's VIRQ_DOM_EXC port (the third field of `evtchn-dev`); the binary stream has
    /// no field for it.
    public var domExcPort: UInt32?

    /// The daemon's fds (and oxenstored's DOM_EXC port) a restored daemon inherits.
    public init(socketFD: Int32, eventChannelFD: Int32?, domExcPort: UInt32? = nil) {
        self.socketFD = socketFD
        self.eventChannelFD = eventChannelFD
        self.domExcPort = domExcPort
    }
}
