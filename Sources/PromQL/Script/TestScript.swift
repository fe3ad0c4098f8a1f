import VigilCore

/// One command of a PromQL `.test` script.
enum ScriptCommand {
    case load(step: Int64, lines: [(line: Int, text: String)], nhcb: Bool)
    case clear
    case eval(EvalCommand)
}

/// An `eval` block: the query, when to run it, and what it must return.
struct EvalCommand {
    enum Timing { case instant(Int64), range(start: Int64, end: Int64, step: Int64) }
    struct AnnotationExpectation { var kind: Annotation.Kind; var negated: Bool; var message: String?; var regex: String? }

    var line: Int
    var query: String
    var timing: Timing
    var expectFail = false
    var failMessage: String?
    var failRegex: String?
    var ordered = false
    var rangeVector: (start: Int64, end: Int64, step: Int64)?
    var expectedString: String?
    var annotations: [AnnotationExpectation] = []
    var legacyWarn = false
    var legacyInfo = false
    var expectedScalar: Double?
    var expected: [(line: Int, text: String)] = []
}

struct ScriptError: Error, CustomStringConvertible {
    var line: Int
    var message: String
    var description: String { "\(line): \(message)" }
}

/// Parses the `.test` format (see the conformance suites' FORMAT.md).
enum TestScriptParser {
    static func duration(_ text: String, line: Int) throws -> Int64 {
        do {
            return try PromDuration(parsing: text).milliseconds
        } catch {
            throw ScriptError(line: line, message: "invalid duration \(quoteGoString(text)): \(error)")
        }
    }

    static func parse(_ text: String) throws -> [ScriptCommand] {
        let raw = text.split(separator: "\n", omittingEmptySubsequences: false).map {
            String($0).trimmingCharacters(in: " \t\r")
        }
        var commands: [ScriptCommand] = []
        var i = 0
        func isBlank(_ s: String) -> Bool { s.isEmpty || s.hasPrefix("#") }
        func block(after index: Int) -> [(line: Int, text: String)] {
            var out: [(line: Int, text: String)] = []
            var j = index + 1
            while j < raw.count, !isBlank(raw[j]) { out.append((j + 1, raw[j])); j += 1 }
            return out
        }
        while i < raw.count {
            let line = raw[i]
            if isBlank(line) { i += 1; continue }
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            let lineNumber = i + 1
            switch words[0] {
            case "load", "load_with_nhcb":
                guard words.count == 2 else { throw ScriptError(line: lineNumber, message: "invalid load command") }
                let body = block(after: i)
                commands.append(.load(step: try duration(words[1], line: lineNumber), lines: body, nhcb: words[0] == "load_with_nhcb"))
                i += body.count + 1
            case "clear":
                commands.append(.clear)
                i += 1
            case let word where word.hasPrefix("eval"):
                let body = block(after: i)
                commands.append(.eval(try parseEval(line, words: words, lineNumber: lineNumber, body: body)))
                i += body.count + 1
            default:
                throw ScriptError(line: lineNumber, message: "unknown command \(quoteGoString(words[0]))")
            }
        }
        return commands
    }

    static func parseEval(_ line: String, words: [String], lineNumber: Int, body: [(line: Int, text: String)]) throws -> EvalCommand {
        var command = EvalCommand(line: lineNumber, query: "", timing: .instant(0))
        switch words[0] {
        case "eval": break
        case "eval_fail": command.expectFail = true
        case "eval_ordered": command.ordered = true
        case "eval_warn": command.legacyWarn = true
        case "eval_info": command.legacyInfo = true
        default: throw ScriptError(line: lineNumber, message: "unknown command \(quoteGoString(words[0]))")
        }
        func rest(after count: Int) -> String {
            // The query is everything after the first `count` words.
            var remaining = Substring(line)
            for _ in 0..<count {
                remaining = remaining.drop { $0 == " " || $0 == "\t" }
                remaining = remaining.drop { $0 != " " && $0 != "\t" }
            }
            return String(remaining).trimmingCharacters(in: " \t")
        }
        if words.count >= 4, words[1] == "instant", words[2] == "at" {
            command.timing = .instant(try duration(words[3], line: lineNumber))
            command.query = rest(after: 4)
        } else if words.count >= 8, words[1] == "range", words[2] == "from", words[4] == "to", words[6] == "step" {
            command.timing = .range(start: try duration(words[3], line: lineNumber), end: try duration(words[5], line: lineNumber),
                                    step: try duration(words[7], line: lineNumber))
            command.query = rest(after: 8)
        } else {
            throw ScriptError(line: lineNumber, message: "invalid eval command")
        }
        for (number, text) in body {
            let parts = text.split(separator: " ", maxSplits: 1).map(String.init)
            if parts[0] == "expected_fail_message" {
                command.failMessage = parts.count > 1 ? parts[1].trimmingCharacters(in: " \t") : ""
                continue
            }
            if parts[0] == "expected_fail_regexp" {
                command.failRegex = parts.count > 1 ? parts[1].trimmingCharacters(in: " \t") : ""
                continue
            }
            if parts[0] == "expect" {
                try parseDirective(parts.count > 1 ? parts[1] : "", into: &command, line: number)
                continue
            }
            if command.expected.isEmpty, let value = parseNumber(text) {
                command.expectedScalar = value
                continue
            }
            command.expected.append((number, text))
        }
        return command
    }

    static func parseDirective(_ text: String, into command: inout EvalCommand, line: Int) throws {
        var (head, tail) = splitWord(text)
        switch head {
        case "fail":
            command.expectFail = true
            let (kind, value) = messageOrRegex(tail)
            if kind == "msg" { command.failMessage = value } else if kind == "regex" { command.failRegex = value }
        case "ordered":
            command.ordered = true
        case "string":
            var s = tail.trimmingCharacters(in: " \t")
            if s.count >= 2, let first = s.first, first == "\"" || first == "`" {
                s = (try? Lexer.tokenize(s).first?.text) ?? String(s.dropFirst().dropLast())
            }
            command.expectedString = s
        case "range":
            (head, tail) = splitWord(tail)
            let words = tail.split(separator: " ").map(String.init)
            guard head == "vector", words.count == 6, words[0] == "from", words[2] == "to", words[4] == "step" else {
                throw ScriptError(line: line, message: "invalid expect range vector directive")
            }
            command.rangeVector = (try duration(words[1], line: line), try duration(words[3], line: line), try duration(words[5], line: line))
        case "warn", "info", "no_warn", "no_info":
            let (kind, value) = messageOrRegex(tail)
            command.annotations.append(EvalCommand.AnnotationExpectation(
                kind: head.hasSuffix("warn") ? .warning : .info, negated: head.hasPrefix("no_"),
                message: kind == "msg" ? value : nil, regex: kind == "regex" ? value : nil))
        default:
            throw ScriptError(line: line, message: "unknown expect directive \(quoteGoString(head))")
        }
    }

    static func splitWord(_ text: String) -> (String, String) {
        let trimmed = text.trimmingCharacters(in: " \t")
        guard let space = trimmed.firstIndex(where: { $0 == " " || $0 == "\t" }) else { return (trimmed, "") }
        return (String(trimmed[..<space]), String(trimmed[space...]).trimmingCharacters(in: " \t"))
    }

    static func messageOrRegex(_ text: String) -> (String, String) {
        let trimmed = text.trimmingCharacters(in: " \t")
        for key in ["msg", "regex"] where trimmed.hasPrefix(key + ":") {
            return (key, String(trimmed.dropFirst(key.count + 1)).trimmingCharacters(in: " \t"))
        }
        return ("", "")
    }
}

extension String {
    func trimmingCharacters(in set: String) -> String {
        var s = Substring(self)
        while let first = s.first, set.contains(first) { s.removeFirst() }
        while let last = s.last, set.contains(last) { s.removeLast() }
        return String(s)
    }
}
