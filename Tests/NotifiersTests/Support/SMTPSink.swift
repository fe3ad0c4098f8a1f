import Foundation

/// A message `smtp_sink.py` received.
struct ReceivedMail: Decodable, Sendable {
    var mail_from: String
    var rcpt_tos: [String]
    var data: String
    var tls: Bool
    var authenticated: Bool
    var auth_user: String

    /// The header block's fields, unfolded, by lower-cased name.
    var headers: [String: String] {
        let head = data.components(separatedBy: "\r\n\r\n").first ?? ""
        var fields: [String: String] = [:]
        for line in head.components(separatedBy: "\r\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            fields[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return fields
    }
}

/// `Resources/smtp_sink.py` (aiosmtpd) run as a subprocess on 127.0.0.1 and a free port.
/// Missing Python or aiosmtpd fails the test with the reason; it never skips.
final class SMTPSink: Sendable {
    let port: Int
    let directory: URL
    private let process: Process
    private let stdin: Pipe

    struct StartFailure: Error, CustomStringConvertible { var description: String }

    /// Starts the sink with `arguments` (see the script) and waits at most `limit` for it to listen.
    static func start(_ arguments: [String] = [], limit: Duration = .seconds(30)) async throws -> SMTPSink {
        let directory = FileManager.default.temporaryDirectory.appending(path: "vigil-smtp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let process = Process()
        process.executableURL = URL(filePath: "/usr/bin/env")
        process.arguments = ["python3", Fixtures.resource("smtp_sink.py").path, "--out", directory.path] + arguments
        let stdout = Pipe()
        let stdin = Pipe()
        process.standardOutput = stdout
        process.standardInput = stdin
        process.standardError = FileHandle.nullDevice
        let (lines, continuation) = AsyncStream.makeStream(of: String.self)
        stdout.fileHandleForReading.readabilityHandler = { handle in
            let chunk = handle.availableData
            if chunk.isEmpty {
                handle.readabilityHandler = nil
                continuation.finish()
            } else {
                continuation.yield(String(decoding: chunk, as: UTF8.self))
            }
        }
        process.terminationHandler = { process in
            continuation.yield("EXITED \(process.terminationStatus)\n")
            continuation.finish()
        }
        do {
            try process.run()
        } catch {
            throw StartFailure(description: "cannot run python3 for the SMTP sink: \(error)")
        }
        let first = try await withThrowingTaskGroup(of: String?.self) { group in
            group.addTask {
                var text = ""
                for await chunk in lines {
                    text += chunk
                    if text.contains("\n") { return text }
                }
                return text.isEmpty ? nil : text
            }
            group.addTask {
                try await Task.sleep(for: limit)  // a bound on the wait, not a timing assertion
                return nil
            }
            let result = try await group.next() ?? nil
            group.cancelAll()
            return result
        }
        let line = first?.split(separator: "\n").first.map(String.init) ?? ""
        guard line.hasPrefix("READY "), let port = Int(line.dropFirst("READY ".count)) else {
            process.terminate()
            process.waitUntilExit()
            if line.hasPrefix("EXITED ") {
                throw StartFailure(description: "SMTP sink: `python3` exited with status \(line.dropFirst(7)); is it on PATH?")
            }
            throw StartFailure(
                description: line.isEmpty ? "SMTP sink did not start within \(limit)" : "SMTP sink: \(line)")
        }
        return SMTPSink(port: port, directory: directory, process: process, stdin: stdin)
    }

    private init(port: Int, directory: URL, process: Process, stdin: Pipe) {
        self.port = port
        self.directory = directory
        self.process = process
        self.stdin = stdin
    }

    /// Every message received so far, in arrival order.
    func messages() throws -> [ReceivedMail] {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasSuffix(".json") }
            .sorted { Int($0.dropLast(5)) ?? 0 < Int($1.dropLast(5)) ?? 0 }
        return try names.map {
            try JSONDecoder().decode(ReceivedMail.self, from: Data(contentsOf: directory.appending(path: $0)))
        }
    }

    /// Stops the process and removes its directory.
    func stop() {
        try? stdin.fileHandleForWriting.close()
        process.terminate()
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: directory)
    }
}

/// Runs `body` with a started sink and stops it afterwards, also when `body` throws.
func withSMTPSink<T>(_ arguments: [String] = [], _ body: (SMTPSink) async throws -> T) async throws -> T {
    let sink = try await SMTPSink.start(arguments)
    do {
        let result = try await body(sink)
        sink.stop()
        return result
    } catch {
        sink.stop()
        throw error
    }
}
