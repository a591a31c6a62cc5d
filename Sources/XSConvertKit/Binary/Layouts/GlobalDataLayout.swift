/// GLOBAL_DATA (type 1), body 8:
///
/// | off | size | field |
/// |---|---|---|
/// | 0 | i32 | rw-socket-fd (−1: none) |
/// | 4 | i32 | evtchn-fd |
enum GlobalDataLayout {
    static let socketFD = Field<Int32>(0, "rw-socket-fd")
    static let eventChannelFD = Field<Int32>(4, "evtchn-fd")
    static func fields<V: FieldVisitor>(_ visitor: inout V) {
        visitor.visit(socketFD)
        visitor.visit(eventChannelFD)
    }
    static var size: Int { eventChannelFD.end }

    static func decode(_ fields: inout FieldReader) throws -> GlobalData {
        let socket = try fields.read(socketFD)
        let evtchn = try fields.read(eventChannelFD)
        return GlobalData(socketFD: socket, eventChannelFD: evtchn)
    }

    /// A missing event-channel fd is written as −1.
    static func encode(_ global: GlobalData, into fields: inout FieldWriter) {
        fields.write(socketFD, global.socketFD)
        fields.write(eventChannelFD, global.eventChannelFD ?? -1)
    }
}
