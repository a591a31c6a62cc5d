/// GLOBAL_DATA (type 1), body 8:
///
/// | off | size | field |
/// |---|---|---|
/// | 0 | i32 | rw-socket-fd (−1: none) |
/// | 4 | i32 | evtchn-fd |
enum GlobalDataLayout {
    static func decode(_ fields: inout FieldReader) throws -> GlobalData {
        let socket = try fields.i32("rw-socket-fd")
        let evtchn = try fields.i32("evtchn-fd")
        return GlobalData(socketFD: socket, eventChannelFD: evtchn)
    }

    /// A missing event-channel fd is written as −1.
    static func encode(_ global: GlobalData, into fields: inout FieldWriter) {
        fields.i32(global.socketFD)
        fields.i32(global.eventChannelFD ?? -1)
    }
}
