import Testing
import VigilCore

@testable import TSDB

@Suite struct PostingsTests {
    /// Refs 1...5; series 4 lacks `job`, series 5 lacks `env`.
    static let index: MemPostings = {
        var index = MemPostings()
        index.add(1, labels(["__name__": "up", "job": "api", "env": "prod"]))
        index.add(2, labels(["__name__": "up", "job": "db", "env": "prod"]))
        index.add(3, labels(["__name__": "up", "job": "web", "env": "dev"]))
        index.add(4, labels(["__name__": "cpu", "env": "dev"]))
        index.add(5, labels(["__name__": "cpu", "job": "api"]))
        return index
    }()

    @Test("matchers resolve to the right refs", arguments: [
        (#"{job="api"}"#, [1, 5]),
        (#"{job!="api"}"#, [2, 3, 4]),  // includes 4, which lacks job
        (#"{job=""}"#, [4]),
        (#"{job!=""}"#, [1, 2, 3, 5]),
        (#"{job=~"api|db"}"#, [1, 2, 5]),
        (#"{job=~"api|"}"#, [1, 4, 5]),
        (#"{job!~"api|db"}"#, [3, 4]),
        (#"{job!~"api|"}"#, [2, 3]),
        (#"{job=~"w.*"}"#, [3]),
        (#"{job=~".*"}"#, [1, 2, 3, 4, 5]),
        (#"{job=~".+"}"#, [1, 2, 3, 5]),
        (#"{__name__="up", env!="prod"}"#, [3]),
        (#"{__name__="cpu", env=""}"#, [5]),
        (#"{nope="x"}"#, []),
        (#"{nope!="x"}"#, [1, 2, 3, 4, 5]),
        (#"{nope=~"x|y"}"#, []),
        (#"{job="api", job="db"}"#, []),
    ] as [(String, [UInt32])])
    func resolve(text: String, expected: [UInt32]) throws {
        #expect(Array(Self.index.select(try MatcherParser.parse(text))) == expected, "\(text)")
    }

    @Test func removingRefsDropsEmptyValues() {
        var index = Self.index
        index.remove([4, 5])
        #expect(index.values(of: "__name__") == ["up"])
        #expect(Array(index.all) == [1, 2, 3])
        index.add(9, labels(["__name__": "cpu"]))
        index.add(7, labels(["__name__": "cpu"]))  // an older ref still lands in order
        #expect(Array(index.select([.equal("__name__", "cpu")])) == [7, 9])
    }

    @Test func setOperations() {
        let a: Postings = [1, 3, 5, 7, 9], b: Postings = [2, 3, 4, 9, 10], c: Postings = [0, 11]
        #expect(Array(PostingsOps.intersect(a, b)) == [3, 9])
        #expect(Array(PostingsOps.subtract(a, b)) == [1, 5, 7])
        #expect(Array(PostingsOps.union([a, b, c])) == [0, 1, 2, 3, 4, 5, 7, 9, 10, 11])
        #expect(PostingsOps.union([]).isEmpty)
        #expect(PostingsOps.intersect(a, []).isEmpty)
        #expect(PostingsOps.subtract([], a).isEmpty)
    }

    @Test("a value of one series holds its reference inline, a list once a second series comes")
    func valuePostingsForms() {
        var postings = ValuePostings.one(5)
        postings.insert(5)
        guard case .one(5) = postings else { Issue.record("expected one reference, got \(postings)"); return }
        postings.insert(3)
        postings.insert(9)
        postings.insert(7)
        #expect(Array(postings.list) == [3, 5, 7, 9])
        #expect(postings.removing([3, 5, 9]).map { Array($0.list) } == [7])
        guard case .one(7) = postings.removing([3, 5, 9]) else { Issue.record("expected one reference left"); return }
        #expect(postings.removing([3, 5, 7, 9]) == nil)
        #expect(ValuePostings.one(4).removing([4]) == nil)
        #expect(ValuePostings.one(4).removing([5]).map { Array($0.list) } == [4])
    }
}
