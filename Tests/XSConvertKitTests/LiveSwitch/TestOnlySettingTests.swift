import Glibc
import Testing
import XSConvertKit

/// A test-only setting is on only with its value and a flag file root owns and only root can
/// write (the tests run as root, as CI does).
@Suite struct TestOnlySettingTests {
    let setting = TestOnlySetting.noDomExcHandover

    func withDirectory(_ body: (String) throws -> Void) rethrows {
        var template = Array("/tmp/test-only-XXXXXX".utf8CString)
        let dir = String(cString: mkdtemp(&template))
        defer { _ = system("rm -rf '\(dir)'") }
        try body(dir)
    }

    func file(_ path: String, mode: mode_t) {
        let fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0o600)
        close(fd)
        chmod(path, mode)
    }

    @Test func onWithTheValueAndRootsFlagFile() {
        withDirectory { dir in
            file("\(dir)/flag", mode: 0o644)
            #expect(setting.isOn(value: "1", flagFile: "\(dir)/flag"))
            #expect(!setting.isOn(value: "0", flagFile: "\(dir)/flag"))
            #expect(!setting.isOn(value: nil, flagFile: "\(dir)/flag"))
            #expect(!setting.isOn(value: "1", flagFile: "\(dir)/none"))
        }
    }

    @Test func offWhenOthersCouldHavePutTheFlagThere() {
        withDirectory { dir in
            file("\(dir)/writable", mode: 0o666)
            #expect(!setting.isOn(value: "1", flagFile: "\(dir)/writable"))
            file("\(dir)/group", mode: 0o664)
            #expect(!setting.isOn(value: "1", flagFile: "\(dir)/group"))
            file("\(dir)/nobodys", mode: 0o644)
            chown("\(dir)/nobodys", 65534, 65534)
            #expect(!setting.isOn(value: "1", flagFile: "\(dir)/nobodys"))
            file("\(dir)/target", mode: 0o644)
            symlink("\(dir)/target", "\(dir)/link")
            #expect(!setting.isOn(value: "1", flagFile: "\(dir)/link"))
            mkdir("\(dir)/directory", 0o755)
            #expect(!setting.isOn(value: "1", flagFile: "\(dir)/directory"))
        }
    }
}
