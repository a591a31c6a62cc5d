import Glibc
import XSConvertKit

/// Replacing this process with another program (same pid), as a live-update successor must.
enum ProcessImage {
    /// Execs `exec` with `arguments` (after the program's name) and this process's
    /// environment plus its settings, after marking which fds cross over. Returns only if the
    /// exec failed, with errno.
    static func replace(with exec: LiveSwitch.Exec, arguments: [String]) -> Int32 {
        InheritedDescriptors.prepareExec(keeping: exec.keep)
        let environment = merged(environment(), exec.environment)
        let code = withCStrings([exec.executable] + arguments) { argv in
            withCStrings(environment) { envp in
                execve(exec.executable, argv, envp)
                return errno
            }
        }
        return code
    }

    /// `NAME=VALUE` entries of `base`, with `changes` replacing entries of the same name.
    static func merged(_ base: [String], _ changes: [String]) -> [String] {
        func name(_ entry: String) -> Substring { entry.prefix { $0 != "=" } }
        let changed = Set(changes.map(name))
        return base.filter { !changed.contains(name($0)) } + changes
    }

    static func environment() -> [String] {
        var entries: [String] = []
        var pointer = environ
        while let entry = pointer.pointee {
            entries.append(String(cString: entry))
            pointer += 1
        }
        return entries
    }

    /// The absolute path of the running xsconvert.
    static func ownExecutable() -> String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        return count > 0 ? String(decoding: buffer.prefix(count).map { UInt8(bitPattern: $0) }, as: UTF8.self) : CommandLine.arguments[0]
    }

    private static func withCStrings<R>(_ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) -> R) -> R {
        let pointers = strings.map { strdup($0) } + [nil]
        defer { pointers.forEach { free($0) } }
        return body(pointers)
    }
}

/// Messages to syslog (facility daemon), where a host's xenstore daemon logs.
enum SystemLog {
    static func write(_ message: String, error: Bool) {
        openlog("xsconvert", LOG_PID, LOG_DAEMON)
        message.withCString { text in
            withVaList([text]) { vsyslog(error ? LOG_ERR : LOG_NOTICE, "%s", $0) }
        }
        closelog()
    }
}
