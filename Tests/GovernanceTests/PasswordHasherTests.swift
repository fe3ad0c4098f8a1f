import Foundation
import Governance
import Testing

/// PBKDF2-SHA256 with a per-password salt; unreadable stored values throw.
@Suite struct PasswordHasherTests {
    @Test func theSamePasswordHashesDifferentlyAndVerifies() throws {
        let a = try fastHasher.hash("pa$$word'; --")
        let b = try fastHasher.hash("pa$$word'; --")
        #expect(a != b)
        #expect(try PasswordHasher.verify("pa$$word'; --", against: a))
        #expect(try !PasswordHasher.verify("pa$$word'; -", against: a))
    }

    @Test func theDefaultCostIsOWASPs() throws {
        #expect(try PasswordHasher().iterations == 600_000)
        #expect(throws: PasswordError.tooFewIterations(1000)) { try PasswordHasher(iterations: 1000) }
        #expect(throws: PasswordError.empty) { try fastHasher.hash("") }
    }

    @Test("unreadable stored hashes throw", arguments: [
        "", "plain", "pbkdf2-sha256$1000$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
        "md5$210000$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
        "pbkdf2-sha256$210000$!!$AAAA",
    ])
    func unreadable(stored: String) {
        #expect(throws: PasswordError.unreadableHash) { try PasswordHasher.verify("x", against: stored) }
    }
}
