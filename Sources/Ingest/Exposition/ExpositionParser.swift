import Foundation
import TSDB
import VigilCore

/// A streaming parser for the Prometheus text exposition format (0.0.4) and OpenMetrics 1.0.
///
/// Feed the body in chunks of any size (`feed`), then call `finish`; samples are appended to a
/// `SampleBatch` the caller drains between calls. Only an incomplete last line is kept between
/// chunks, so memory does not grow with the body. Lines are processed in place in the chunk.
///
/// Accepted: `# HELP`, `# TYPE` (counter, gauge, histogram, summary, untyped, unknown,
/// gaugehistogram, stateset, info), `# UNIT`, `# EOF`, other `#` comments (ignored), blank
/// lines, samples `name{label="value",...} value [timestamp] [# exemplar]` with spaces or tabs
/// between tokens, a trailing comma in the label set, `{__name__="x",...}` without a leading
/// name, `\\`, `\"` and `\n` escapes in label values (other backslash pairs are kept as
/// written, as Prometheus does), CRLF line ends. Values: decimal floats with exponents, `NaN`,
/// `+Inf`, `-Inf`, `Inf` (any case); no hex. Exemplars are checked for a `# {` start and dropped.
/// HELP, TYPE and UNIT are validated but do not change how samples are stored: every sample line
/// (including `_bucket`, `_sum`, `_count`, `_created`) becomes one sample of its own series.
///
/// Timestamps: with `.milliseconds` or `.seconds` as given. With `.auto` the unit is decided
/// once per body, before the first timestamped sample is stored:
/// 1. seconds if an OpenMetrics-only construct came first: `# UNIT`, `# EOF`, a type only
///    OpenMetrics has (`unknown`, `gaugehistogram`, `stateset`, `info`) or an exemplar;
/// 2. otherwise by the first timestamp: fractional or with an exponent means seconds; an integer
///    below 1e11 means seconds (1e11 ms is March 1973, 1e11 s is the year 5138), else milliseconds.
/// Every later timestamp of the body is read in that unit. `# EOF` alone cannot decide: it comes
/// last, after samples already streamed on (peer-bench `sutq` sends seconds, `# EOF` at the end,
/// no TYPE lines; its `ingest` sends milliseconds; rule 2 tells them apart).
/// Samples without a timestamp get `defaultTimestamp` (the request's arrival time).
///
/// Invalid lines are skipped, counted in `invalidLines`, and the first `maxReportedErrors` are
/// kept in `errors` with their line numbers; valid lines around them are still returned.
/// Content after `# EOF` is invalid, line by line.
public struct ExpositionParser {
    public let defaultTimestamp: Int64
    public let maxLineBytes: Int
    public let maxReportedErrors: Int
    /// The unit in use: the one given, or what `.auto` resolved to (`.auto` until decided).
    public private(set) var timestampUnit: TimestampUnit
    public private(set) var lineCount = 0
    public private(set) var invalidLines = 0
    public private(set) var errors: [ExpositionError] = []
    public private(set) var sawEOF = false
    public private(set) var samplesParsed = 0

    private var sawOpenMetricsMarker = false
    private var carry: [UInt8] = []
    private var carryOverflowed = false
    private var cache = SeriesCache<Labels>()
    /// Spellings known from earlier bodies, with their head series (see `SeriesRefCache`).
    private let sharedCache: SeriesRefCache?
    private var valueScratch: [UInt8] = []
    /// The quick keys (see `quickKey`) of the sample lines of the current chunk up to offset
    /// `windowEnd`, and what the shared cache holds for each: looked up a window of lines at a
    /// time under one lock. Pointers into the chunk, so emptied before `feed` returns.
    private var windowKeys: [SpellingKey] = []
    private var windowHits: [SeriesRef?] = []
    private var windowCursor = 0
    private var windowEnd = 0
    private static let windowLines = 512

    /// - Parameter sharedCache: when given, series it knows are appended by head reference, and
    ///   the spellings it does not know are noted in the batch (`SampleBatch.commit` teaches it).
    public init(timestampUnit: TimestampUnit = .auto, defaultTimestamp: Int64,
                maxLineBytes: Int = 1 << 20, maxReportedErrors: Int = 10, sharedCache: SeriesRefCache? = nil) {
        self.sharedCache = sharedCache
        self.timestampUnit = timestampUnit
        self.defaultTimestamp = defaultTimestamp
        self.maxLineBytes = maxLineBytes
        self.maxReportedErrors = maxReportedErrors
    }

    // MARK: Chunks

    public mutating func feed(_ chunk: UnsafeRawBufferPointer, into batch: inout SampleBatch) {
        guard let base = chunk.baseAddress?.assumingMemoryBound(to: UInt8.self), chunk.count > 0 else { return }
        let count = chunk.count
        var start = 0
        if !carry.isEmpty || carryOverflowed {
            guard let newline = memchr(base, 0x0A, count) else {
                appendToCarry(base, count)
                return
            }
            let length = UnsafeRawPointer(newline) - UnsafeRawPointer(base)
            appendToCarry(base, length)
            finishCarriedLine(into: &batch)
            start = length + 1
        }
        defer { clearWindow() }
        while start < count {
            if sharedCache != nil, start >= windowEnd { lookUpWindow(base, from: start, count) }
            guard let newline = memchr(base + start, 0x0A, count - start) else { break }
            let end = UnsafeRawPointer(newline) - UnsafeRawPointer(base)
            if end - start > maxLineBytes {
                lineCount += 1
                report("longer than \(maxLineBytes) bytes")
            } else {
                processLine(base + start, end - start, into: &batch)
            }
            start = end + 1
        }
        if start < count { appendToCarry(base + start, count - start) }
    }

    public mutating func feed(_ bytes: some Sequence<UInt8>, into batch: inout SampleBatch) {
        let array = Array(bytes)
        array.withUnsafeBytes { feed($0, into: &batch) }
    }

    /// Looks up in the shared cache the quick keys of the whole lines from `start` on (at most
    /// `windowLines` of them).
    private mutating func lookUpWindow(_ base: UnsafePointer<UInt8>, from start: Int, _ count: Int) {
        clearWindow()
        var lineStart = start
        var lines = 0
        while lineStart < count, lines < Self.windowLines {
            guard let newline = memchr(base + lineStart, 0x0A, count - lineStart) else { break }
            let length = UnsafeRawPointer(newline) - UnsafeRawPointer(base + lineStart)
            if length <= maxLineBytes, let (from, to) = Self.content(base + lineStart, length),
                base[lineStart + from] != UInt8(ascii: "#"), let key = Self.quickKey(base + lineStart, from, to) {
                windowKeys.append(key)
            }
            lineStart += length + 1
            lines += 1
        }
        windowEnd = lineStart
        sharedCache?.lookup(windowKeys, into: &windowHits)
    }

    private mutating func clearWindow() {
        windowKeys.removeAll(keepingCapacity: true)
        windowHits.removeAll(keepingCapacity: true)
        windowCursor = 0
        windowEnd = 0
    }

    /// The window's key starting at `bytes` and its lookup, if the window has one.
    @inline(__always)
    private mutating func windowEntry(at bytes: UnsafePointer<UInt8>) -> (key: SpellingKey, hit: SeriesRef?)? {
        while windowCursor < windowKeys.count, windowKeys[windowCursor].bytes < bytes { windowCursor += 1 }
        guard windowCursor < windowKeys.count, windowKeys[windowCursor].bytes == bytes else { return nil }
        defer { windowCursor += 1 }
        var hit: SeriesRef?
        swap(&hit, &windowHits[windowCursor])  // taken, not copied: no retain and release
        return (windowKeys[windowCursor], hit)
    }

    /// Processes a last line without a newline. Call once, after the last chunk.
    public mutating func finish(into batch: inout SampleBatch) {
        if !carry.isEmpty || carryOverflowed { finishCarriedLine(into: &batch) }
    }

    private mutating func appendToCarry(_ p: UnsafePointer<UInt8>, _ count: Int) {
        guard !carryOverflowed else { return }
        if carry.count + count > maxLineBytes {
            carryOverflowed = true
            carry.removeAll()
            return
        }
        carry.append(contentsOf: UnsafeBufferPointer(start: p, count: count))
    }

    private mutating func finishCarriedLine(into batch: inout SampleBatch) {
        if carryOverflowed {
            lineCount += 1
            report("longer than \(maxLineBytes) bytes")
        } else {
            let line = carry
            line.withUnsafeBufferPointer { processLine($0.baseAddress!, $0.count, into: &batch) }
        }
        carry.removeAll(keepingCapacity: carry.capacity <= 1 << 16)
        carryOverflowed = false
    }

    private mutating func report(_ reason: String) {
        invalidLines += 1
        if errors.count < maxReportedErrors { errors.append(ExpositionError(line: lineCount, reason: reason)) }
    }

    // MARK: Lines

    private mutating func processLine(_ p: UnsafePointer<UInt8>, _ length: Int, into batch: inout SampleBatch) {
        lineCount += 1
        guard let (i, end) = Self.content(p, length) else { return }
        if sawEOF {
            report("unexpected content after # EOF")
            return
        }
        do throws(LineError) {
            if p[i] == UInt8(ascii: "#") {
                try processComment(p, i + 1, end, into: &batch)
            } else {
                try processSample(p, i, end, into: &batch)
            }
        } catch {
            report(error.reason)
        }
    }

    /// Where a line's text lies: without leading blanks and a trailing CR; nil when blank.
    @inline(__always)
    private static func content(_ p: UnsafePointer<UInt8>, _ length: Int) -> (start: Int, end: Int)? {
        var end = length
        if end > 0, p[end - 1] == 0x0D { end -= 1 }
        var i = 0
        while i < end, p[i] == 0x20 || p[i] == 0x09 { i += 1 }
        return i == end ? nil : (i, end)
    }

    private mutating func processComment(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int,
                                         into batch: inout SampleBatch) throws(LineError) {
        var i = start
        guard i < end, p[i] == 0x20 || p[i] == 0x09 else { return }  // "#foo": a plain comment
        skipSpaces(p, &i, end)
        let keywordStart = i
        while i < end, p[i] != 0x20, p[i] != 0x09 { i += 1 }
        let keyword = ByteRange(p, keywordStart, i)
        if keyword.equals("EOF") {
            skipSpaces(p, &i, end)
            guard i == end else { throw LineError("unexpected text after # EOF") }
            sawEOF = true
            sawOpenMetricsMarker = true
            return
        }
        let isHelp = keyword.equals("HELP"), isType = keyword.equals("TYPE"), isUnit = keyword.equals("UNIT")
        guard isHelp || isType || isUnit else { return }  // any other comment
        let what = isHelp ? "HELP" : isType ? "TYPE" : "UNIT"
        skipSpaces(p, &i, end)
        let nameStart = i
        while i < end, p[i] != 0x20, p[i] != 0x09 { i += 1 }
        guard i > nameStart else { throw LineError("expected a metric name after # \(what)") }
        guard Self.isValidMetricName(p, nameStart, i) else {
            throw LineError("invalid metric name \(ByteRange(p, nameStart, i).quoted) after # \(what)")
        }
        if isUnit { sawOpenMetricsMarker = true }
        let family = ByteRange(p, nameStart, i).string
        guard isType else {
            if i < end { i += 1 }  // the one separator; the text keeps any further spaces
            let text = ByteRange(p, i, end)
            if isHelp {
                Self.recordMetadata(family, in: &batch) { $0.help = Self.unescapeHelp(text) }
            } else {
                Self.recordMetadata(family, in: &batch) { $0.unit = text.trimmedString }
            }
            return
        }
        skipSpaces(p, &i, end)
        let typeStart = i
        while i < end, p[i] != 0x20, p[i] != 0x09 { i += 1 }
        let type = ByteRange(p, typeStart, i)
        skipSpaces(p, &i, end)
        guard !type.isEmpty else { throw LineError("expected a metric type after # TYPE \(ByteRange(p, nameStart, typeStart).trimmedString)") }
        guard i == end else { throw LineError("unexpected text after the metric type") }
        if type.equals("counter") || type.equals("gauge") || type.equals("histogram") || type.equals("summary")
            || type.equals("untyped") {
            let name = type.equals("untyped") ? "unknown" : type.string
            Self.recordMetadata(family, in: &batch) { $0.type = name }
            return
        }
        if type.equals("unknown") || type.equals("gaugehistogram") || type.equals("stateset") || type.equals("info") {
            sawOpenMetricsMarker = true
            let name = type.string
            Self.recordMetadata(family, in: &batch) { $0.type = name }
            return
        }
        throw LineError("invalid metric type \(type.quoted)")
    }

    private static func recordMetadata(_ family: String, in batch: inout SampleBatch, _ change: (inout MetricMetadata) -> Void) {
        if batch.metadata[family] == nil, batch.metadata.count >= MetricMetadata.maxFamiliesPerBody { return }
        change(&batch.metadata[family, default: MetricMetadata()])
    }

    /// HELP text with `\\` and `\n` unescaped (and OpenMetrics's `\"`); other pairs kept as written.
    private static func unescapeHelp(_ text: ByteRange) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.end - text.start)
        var i = text.start
        while i < text.end {
            let c = text.p[i]
            if c == UInt8(ascii: "\\"), i + 1 < text.end {
                switch text.p[i + 1] {
                case UInt8(ascii: "\\"): bytes.append(c); i += 2; continue
                case UInt8(ascii: "n"): bytes.append(0x0A); i += 2; continue
                case UInt8(ascii: "\""): bytes.append(UInt8(ascii: "\"")); i += 2; continue
                default: break
                }
            }
            bytes.append(c)
            i += 1
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private mutating func processSample(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int,
                                        into batch: inout SampleBatch) throws(LineError) {
        // 1. The series' bytes are the cache key. Most lines are of series seen before, and a
        // spelling the caches hold is a whole valid series, so the quick key (see `quickKey`)
        // is tried first; the shared cache was asked for it with the line's window.
        var seriesEnd = -1
        var keyLength = -1  // the key looked up, -1 before any
        var hash: UInt64 = 0
        var known: KnownSeries?
        if let (key, hit) = windowEntry(at: p + start) {
            (keyLength, hash) = (key.length, key.hash)
            known = hit.map(KnownSeries.shared) ?? cache.lookup(p + start, keyLength, hash: hash).map(KnownSeries.local)
        } else if let key = Self.quickKey(p, start, end) {
            (keyLength, hash) = (key.length, key.hash)
            known = lookupKnown(p + start, keyLength, hash: hash)
        }
        if known != nil {
            seriesEnd = start + keyLength
        } else {
            // The end by the full scan; a key other than the one tried is looked up in turn.
            seriesEnd = try scanSeriesEnd(p, start, end)
            if seriesEnd - start != keyLength {
                keyLength = seriesEnd - start
                hash = SeriesCache<Labels>.hash(p + start, keyLength)
                known = lookupKnown(p + start, keyLength, hash: hash)
            }
        }
        let series: KnownSeries
        if let known {
            series = known
        } else {
            // 2. Unknown spelling: parse it fully (this also produces the precise errors).
            let parsed = try parseSeries(p, start, end)
            guard parsed.end == seriesEnd else { throw LineError("malformed label set") }
            series = .local(parsed.labels)
            cache.insert(p + start, keyLength, hash: hash, value: parsed.labels)
        }
        var i = seriesEnd
        // 3. Value.
        guard i < end else { throw LineError("expected a value after the series") }
        guard p[i] == 0x20 || p[i] == 0x09 else {
            throw LineError("expected a space after the series, found \(ByteRange(p, i, i + 1).quoted)")
        }
        skipSpaces(p, &i, end)
        let valueStart = i
        while i < end, p[i] != 0x20, p[i] != 0x09 { i += 1 }
        guard i > valueStart else { throw LineError("expected a value after the series") }
        guard let value = NumberParsing.parseDouble(p, valueStart, i) else {
            throw LineError("invalid value \(ByteRange(p, valueStart, i).quoted)")
        }
        // 4. Optional timestamp, optional exemplar.
        skipSpaces(p, &i, end)
        var timestamp = defaultTimestamp
        if i < end, p[i] != UInt8(ascii: "#") {
            let tsStart = i
            while i < end, p[i] != 0x20, p[i] != 0x09 { i += 1 }
            timestamp = try parseTimestamp(p, tsStart, i)
            skipSpaces(p, &i, end)
        }
        if i < end {
            guard p[i] == UInt8(ascii: "#") else {
                throw LineError("unexpected \(ByteRange(p, i, end).quoted) after the timestamp")
            }
            var k = i + 1
            skipSpaces(p, &k, end)
            guard k < end, p[k] == UInt8(ascii: "{") else { throw LineError("expected an exemplar label set after '#'") }
            sawOpenMetricsMarker = true
        }
        switch series {
        case .shared(let ref):
            batch.append(ref, timestamp, value)
        case .local(let labels):
            batch.append(labels, timestamp, value)
            if sharedCache != nil { batch.noteNewSpelling(p + start, keyLength, hash: hash) }
        }
        samplesParsed += 1
    }

    /// The bytes from `start` up to the line's first '}', when a blank follows it: the key a
    /// known series is looked up by without scanning its label set (one memchr). A hit is exact
    /// even if the real label set goes on past a quoted '}': the caches hold only whole valid
    /// spellings, and the grammar reads the line's start just as it read the cached one.
    @inline(__always)
    private static func quickKey(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> SpellingKey? {
        guard let brace = memchr(p + start, 0x7D, end - start) else { return nil }
        let braceEnd = UnsafeRawPointer(brace) - UnsafeRawPointer(p) + 1
        guard braceEnd < end, p[braceEnd] == 0x20 || p[braceEnd] == 0x09 else { return nil }
        return SpellingKey(bytes: p + start, length: braceEnd - start, hash: SeriesCache<Labels>.hash(p + start, braceEnd - start))
    }

    /// A series as a cache knew it: with its head series (the shared cache), or its labels only
    /// (this body's cache, or just parsed).
    private enum KnownSeries {
        case shared(SeriesRef)
        case local(Labels)
    }

    /// What the shared cache or this body's cache knows of a spelling.
    @inline(__always)
    private func lookupKnown(_ key: UnsafePointer<UInt8>, _ length: Int, hash: UInt64) -> KnownSeries? {
        if let sharedCache, let hit = sharedCache.lookup(key, length, hash: hash) { return .shared(hit) }
        return cache.lookup(key, length, hash: hash).map(KnownSeries.local)
    }

    /// Where the series starting at `start` ends: after its metric name, or after the `}` that
    /// closes its label set (quotes and escapes respected); the line's end when unclosed.
    private func scanSeriesEnd(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) throws(LineError) -> Int {
        var i = start
        while i < end, Self.isMetricNameByte(p[i]) { i += 1 }
        var seriesEnd = i
        var afterName = i
        skipSpaces(p, &afterName, end)
        if afterName < end, p[afterName] == UInt8(ascii: "{") {
            var j = afterName + 1
            var inQuote = false
            var closed = false
            while j < end {
                let c = p[j]
                if inQuote {
                    if c == UInt8(ascii: "\\") { j += 2; continue }
                    if c == UInt8(ascii: "\"") { inQuote = false }
                } else if c == UInt8(ascii: "\"") {
                    inQuote = true
                } else if c == UInt8(ascii: "}") {
                    closed = true
                    break
                }
                j += 1
            }
            seriesEnd = closed ? j + 1 : end
        }
        if seriesEnd < end, p[seriesEnd] != 0x20, p[seriesEnd] != 0x09 {
            if seriesEnd == i, seriesEnd > start, p[seriesEnd] != UInt8(ascii: "{") {
                throw LineError("invalid character \(ByteRange(p, seriesEnd, seriesEnd + 1).quoted) in metric name")
            }
            if seriesEnd > afterName { throw LineError("expected a space after the label set, found \(ByteRange(p, seriesEnd, seriesEnd + 1).quoted)") }
        }
        return seriesEnd
    }

    private mutating func parseTimestamp(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) throws(LineError) -> Int64 {
        var isInteger = true
        for k in start..<end where p[k] &- 48 >= 10 && !(k == start && (p[k] == 0x2D || p[k] == 0x2B)) {
            isInteger = false
            break
        }
        if timestampUnit == .auto {
            if sawOpenMetricsMarker || !isInteger {
                timestampUnit = .seconds
            } else if let raw = NumberParsing.parseInt64(p, start, end) {
                timestampUnit = raw.magnitude < 100_000_000_000 ? .seconds : .milliseconds
            }
        }
        switch timestampUnit {
        case .milliseconds:
            guard isInteger, let ms = NumberParsing.parseInt64(p, start, end) else {
                throw LineError("invalid timestamp \(ByteRange(p, start, end).quoted) (integer milliseconds expected)")
            }
            return ms
        case .seconds, .auto:
            guard let ms = NumberParsing.parseSecondsAsMilliseconds(p, start, end) else {
                throw LineError("invalid timestamp \(ByteRange(p, start, end).quoted)")
            }
            return ms
        }
    }

    /// The full series grammar, from the metric name to after the closing brace.
    private mutating func parseSeries(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) throws(LineError) -> (labels: Labels, end: Int) {
        var i = start
        var pairs: [Label] = []
        if i < end, Self.isMetricNameStart(p[i]) {
            while i < end, Self.isMetricNameByte(p[i]) { i += 1 }
            pairs.append(Label(Label.metricName, ByteRange(p, start, i).string))
        } else if !(i < end && p[i] == UInt8(ascii: "{")) {
            throw LineError("expected a metric name, found \(ByteRange(p, i, i + 1).quoted)")
        }
        let nameEnd = i
        skipSpaces(p, &i, end)
        guard i < end, p[i] == UInt8(ascii: "{") else { return (Labels(sortedUnchecked: pairs), nameEnd) }
        i += 1
        while true {
            skipSpaces(p, &i, end)
            guard i < end else { throw LineError("expected a label name or '}'") }
            if p[i] == UInt8(ascii: "}") { i += 1; break }
            let labelStart = i
            guard Self.isLabelNameStart(p[i]) else {
                throw LineError("expected a label name or '}', found \(ByteRange(p, i, i + 1).quoted)")
            }
            while i < end, Self.isLabelNameByte(p[i]) { i += 1 }
            let labelName = ByteRange(p, labelStart, i).string
            skipSpaces(p, &i, end)
            guard i < end, p[i] == UInt8(ascii: "=") else {
                throw LineError("expected '=' after label name \(quoteGoString(labelName))")
            }
            i += 1
            skipSpaces(p, &i, end)
            guard i < end, p[i] == UInt8(ascii: "\"") else {
                throw LineError("expected '\"' to start the value of label \(quoteGoString(labelName))")
            }
            i += 1
            valueScratch.removeAll(keepingCapacity: true)
            var terminated = false
            while i < end {
                let c = p[i]
                if c == UInt8(ascii: "\"") { terminated = true; i += 1; break }
                if c == UInt8(ascii: "\\"), i + 1 < end {
                    let next = p[i + 1]
                    switch next {
                    case UInt8(ascii: "\\"): valueScratch.append(UInt8(ascii: "\\"))
                    case UInt8(ascii: "\""): valueScratch.append(UInt8(ascii: "\""))
                    case UInt8(ascii: "n"): valueScratch.append(0x0A)
                    default: valueScratch.append(c); valueScratch.append(next)
                    }
                    i += 2
                    continue
                }
                valueScratch.append(c)
                i += 1
            }
            guard terminated else { throw LineError("unterminated value of label \(quoteGoString(labelName))") }
            guard let value = String(validating: valueScratch, as: UTF8.self) else {
                throw LineError("invalid UTF-8 in the value of label \(quoteGoString(labelName))")
            }
            pairs.append(Label(labelName, value))
            skipSpaces(p, &i, end)
            guard i < end else { throw LineError("expected ',' or '}' after the value of label \(quoteGoString(labelName))") }
            if p[i] == UInt8(ascii: ",") { i += 1; continue }
            if p[i] == UInt8(ascii: "}") { i += 1; break }
            throw LineError("expected ',' or '}' after the value of label \(quoteGoString(labelName)), found \(ByteRange(p, i, i + 1).quoted)")
        }
        pairs.sort { $0.name < $1.name }
        for k in pairs.indices.dropFirst() where pairs[k].name == pairs[k - 1].name {
            throw LineError("duplicate label name \(quoteGoString(pairs[k].name))")
        }
        guard pairs.contains(where: { $0.name == Label.metricName && !$0.value.isEmpty }) else {
            throw LineError("missing metric name")
        }
        pairs.removeAll { $0.value.isEmpty }
        return (Labels(sortedUnchecked: pairs), i)
    }

    // MARK: Bytes

    @inline(__always) private func skipSpaces(_ p: UnsafePointer<UInt8>, _ i: inout Int, _ end: Int) {
        while i < end, p[i] == 0x20 || p[i] == 0x09 { i += 1 }
    }

    @inline(__always) static func isLabelNameStart(_ c: UInt8) -> Bool {
        (c | 0x20) &- 97 < 26 || c == UInt8(ascii: "_")
    }

    @inline(__always) static func isLabelNameByte(_ c: UInt8) -> Bool {
        isLabelNameStart(c) || c &- 48 < 10
    }

    @inline(__always) static func isMetricNameStart(_ c: UInt8) -> Bool {
        isLabelNameStart(c) || c == UInt8(ascii: ":")
    }

    @inline(__always) static func isMetricNameByte(_ c: UInt8) -> Bool {
        isLabelNameByte(c) || c == UInt8(ascii: ":")
    }

    static func isValidMetricName(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        guard start < end, isMetricNameStart(p[start]) else { return false }
        for k in (start + 1)..<end where !isMetricNameByte(p[k]) { return false }
        return true
    }
}

/// Why one line is invalid (internal; reported as `ExpositionError`).
struct LineError: Error {
    var reason: String
    init(_ reason: String) { self.reason = reason }
}

/// A byte range of a line, for comparisons and messages.
private struct ByteRange {
    let p: UnsafePointer<UInt8>
    let start: Int
    let end: Int
    init(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) { self.p = p; self.start = start; self.end = end }

    var isEmpty: Bool { start >= end }
    var string: String { String(decoding: UnsafeBufferPointer(start: p + start, count: end - start), as: UTF8.self) }
    var trimmedString: String { string.trimmingCharacters(in: .whitespaces) }
    /// Quoted for messages, cut at 40 bytes.
    var quoted: String {
        if start >= end { return "end of line" }
        if end - start > 40 { return quoteGoString(ByteRange(p, start, start + 40).string + "…") }
        return quoteGoString(string)
    }

    func equals(_ word: StaticString) -> Bool {
        guard end - start == word.utf8CodeUnitCount else { return false }
        return memcmp(p + start, word.utf8Start, end - start) == 0
    }
}
