import Glibc
/// The calls a switch makes on the running daemon's event-channel handle (the open
/// `/dev/xen/evtchn` it passes across the exec, named by fd in its dump).
public protocol EventChannelDevice: AnyObject {
    /// Binds `virq` on the handle at `fd`; the local port.
    func bindVirq(_ virq: UInt32, handle fd: Int32) throws -> UInt32
    /// Unbinds `port` on the handle at `fd`.
    func unbind(port: UInt32, handle fd: Int32) throws
}

/// xen/include/public/xen.h
public enum VirtualInterrupt {
    /// VIRQ_DOM_EXC: a domain died or shut down (both daemons then look for released domains).
    public static let domainException: UInt32 = 3
}

/// libxenevtchn, loaded when first needed (dlopen), so xsconvert builds and runs without Xen.
/// A handle is made from the inherited fd with `xenevtchn_fdopen` (libxenevtchn 1.2, Xen
/// 4.14+) and never closed: closing it would close the fd the next daemon needs.
public final class LibXenEvtchn: EventChannelDevice {
    /// The soname opened with dlopen: libxenevtchn's ABI 1, as Xen's tools install it.
    public static let libraryName = "libxenevtchn.so.1"

    private typealias FDOpen = @convention(c) (OpaquePointer?, Int32, UInt32) -> OpaquePointer?
    private typealias BindVirq = @convention(c) (OpaquePointer?, UInt32) -> Int32
    private typealias Unbind = @convention(c) (OpaquePointer?, UInt32) -> Int32

    private let fdopen: FDOpen
    private let bind: BindVirq
    private let unbindPort: Unbind
    private var handles: [Int32: OpaquePointer] = [:]

    /// Loads libxenevtchn and the three calls used (`xenevtchn_fdopen`, `_bind_virq`,
    /// `_unbind`); throws, naming the library and the call, where it is absent or older than
    /// Xen 4.14.
    public init() throws {
        guard let library = dlopen(Self.libraryName, RTLD_NOW | RTLD_LOCAL) else {
            throw ConversionError(.io, "cannot load \(Self.libraryName) (the Xen event-channel library): \(String(cString: dlerror()))")
        }
        func symbol<T>(_ name: String, as type: T.Type) throws -> T {
            guard let address = dlsym(library, name) else {
                throw ConversionError(.io, "\(Self.libraryName) has no \(name) (Xen 4.14 or later is needed)")
            }
            return unsafeBitCast(address, to: type)
        }
        fdopen = try symbol("xenevtchn_fdopen", as: FDOpen.self)
        bind = try symbol("xenevtchn_bind_virq", as: BindVirq.self)
        unbindPort = try symbol("xenevtchn_unbind", as: Unbind.self)
    }

    private func handle(_ fd: Int32) throws -> OpaquePointer {
        if let handle = handles[fd] { return handle }
        guard let handle = fdopen(nil, fd, 0) else {
            let code = errno
            throw ConversionError(.io, "xenevtchn_fdopen(fd \(fd)): \(systemErrorText(code))")
        }
        handles[fd] = handle
        return handle
    }

    public func bindVirq(_ virq: UInt32, handle fd: Int32) throws -> UInt32 {
        let port = bind(try handle(fd), virq)
        guard port >= 0 else {
            let code = errno
            throw ConversionError(.io, "binding VIRQ \(virq) on the event-channel handle at fd \(fd): \(systemErrorText(code))")
        }
        return UInt32(port)
    }

    public func unbind(port: UInt32, handle fd: Int32) throws {
        guard unbindPort(try handle(fd), port) == 0 else {
            let code = errno
            throw ConversionError(.io, "unbinding port \(port) on the event-channel handle at fd \(fd): \(systemErrorText(code))")
        }
    }
}
