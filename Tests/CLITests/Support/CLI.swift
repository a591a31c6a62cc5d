import Foundation
import TestSupport

/// Runs the built `xsconvert` as a real process, the way a user would.
enum CLI {
    struct Result {
        var status: Int32
        var stdout: Data
        var stderr: String
        var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
    }

    /// The executable SwiftPM built next to the test bundle.
    static let executable: URL = {
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: directory.appendingPathComponent("xsconvert").path),
              directory.path != "/" {
            directory.deleteLastPathComponent()
        }
        return directory.appendingPathComponent("xsconvert")
    }()

    static func fixture(_ name: String) -> String { Repository.fixture(name) }

    /// Runs `xsconvert arguments…`, feeding `stdin`, in `directory`.
    @discardableResult
    static func run(_ arguments: [String], stdin: Data? = nil, in directory: URL? = nil) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        let output = Pipe(), errors = Pipe(), input = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = stdin == nil ? FileHandle.nullDevice : input
        try process.run()
        // Drain both pipes concurrently so a large output cannot block the child.
        nonisolated(unsafe) var errorData = Data()
        let errorReader = Thread { errorData = errors.fileHandleForReading.readDataToEndOfFile() }
        errorReader.start()
        if let stdin {
            let writer = Thread {
                input.fileHandleForWriting.write(stdin)
                try? input.fileHandleForWriting.close()
            }
            writer.start()
        }
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while errorReader.isExecuting || !errorReader.isFinished { usleep(1000) }
        return Result(status: process.terminationStatus, stdout: outputData, stderr: String(decoding: errorData, as: UTF8.self))
    }

    /// A fresh temporary directory, removed by the caller.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("xsconvert-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

extension CLI {
    /// Runs `xsconvert arguments…` with standard output (and, if asked, standard input) on a
    /// pseudo-terminal, as at an interactive shell; standard error is captured apart. With
    /// `stdinOnTerminal`, Ctrl-D is typed once the process has started. Uses Python's `pty`.
    static func runOnTerminal(_ arguments: [String], stdinOnTerminal: Bool = false) throws -> (status: Int32, terminal: String, stderr: String) {
        let script = #"""
            import os, pty, subprocess, sys, time, select
            stdin_tty = sys.argv[1] == "1"
            master, slave = pty.openpty()
            p = subprocess.Popen(sys.argv[2:], stdin=slave if stdin_tty else subprocess.DEVNULL, stdout=slave, stderr=subprocess.PIPE)
            os.close(slave)
            if stdin_tty:
                time.sleep(0.5)
                os.write(master, b"\x04")
            out = b""
            while True:
                ready, _, _ = select.select([master], [], [], 0.2)
                if ready:
                    try:
                        chunk = os.read(master, 65536)
                    except OSError:
                        break
                    if not chunk:
                        break
                    out += chunk
                elif p.poll() is not None:
                    break
            err = p.stderr.read()
            p.wait()
            sys.stdout.buffer.write(out)
            sys.stderr.buffer.write(err)
            sys.exit(p.returncode)
            """#
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, stdinOnTerminal ? "1" : "0", executable.path] + arguments
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let terminal = output.fileHandleForReading.readDataToEndOfFile()
        let stderr = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: terminal, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
    }
}
