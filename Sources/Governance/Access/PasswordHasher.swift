import Foundation
import _CryptoExtras
import Crypto

/// Hashes and checks passwords with PBKDF2-HMAC-SHA256 (BoringSSL's, via swift-crypto), a
/// random 16-byte salt and a 32-byte key, stored as `pbkdf2-sha256$<iterations>$<salt b64>$<key b64>`
/// so the cost can rise later without breaking stored hashes.
public struct PasswordHasher: Sendable {
    /// OWASP's 2023 figure for PBKDF2-HMAC-SHA256.
    public static let defaultIterations = 600_000
    /// swift-crypto refuses fewer.
    public static let minimumIterations = 210_000
    public static let scheme = "pbkdf2-sha256"

    public let iterations: Int

    public init(iterations: Int = PasswordHasher.defaultIterations) throws(PasswordError) {
        guard iterations >= Self.minimumIterations else { throw .tooFewIterations(iterations) }
        self.iterations = iterations
    }

    /// A new stored form of `password`, with a fresh salt.
    public func hash(_ password: String) throws -> String {
        guard !password.isEmpty else { throw PasswordError.empty }
        var generator = SystemRandomNumberGenerator()
        let salt = (0..<16).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let key = try Self.derive(password, salt: salt, iterations: iterations)
        return [Self.scheme, String(iterations), base64(salt), base64(key)].joined(separator: "$")
    }

    /// Whether `password` matches `stored`, compared in constant time. A stored value that cannot
    /// be parsed throws rather than returning false, so corruption is not mistaken for a wrong password.
    public static func verify(_ password: String, against stored: String) throws -> Bool {
        let parts = stored.split(separator: "$", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == scheme, let iterations = Int(parts[1]), iterations >= minimumIterations,
              let salt = Data(base64Encoded: String(parts[2])), let key = Data(base64Encoded: String(parts[3])),
              salt.count >= 16, key.count == 32 else {
            throw PasswordError.unreadableHash
        }
        let candidate = try derive(password, salt: Array(salt), iterations: iterations)
        return constantTimeEqual(candidate, Array(key))
    }

    private static func derive(_ password: String, salt: [UInt8], iterations: Int) throws -> [UInt8] {
        let key = try KDF.Insecure.PBKDF2.deriveKey(from: Array(password.utf8), salt: salt, using: .sha256,
                                                    outputByteCount: 32, rounds: iterations)
        return key.withUnsafeBytes { Array($0) }
    }

    /// Equal lengths compared without an early exit.
    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for (x, y) in zip(a, b) { difference |= x ^ y }
        return difference == 0
    }
}

private func base64(_ bytes: [UInt8]) -> String { Data(bytes).base64EncodedString() }

/// A password or password parameter that cannot be used.
public enum PasswordError: Error, Sendable, Hashable, CustomStringConvertible {
    case empty
    case tooFewIterations(Int)
    case unreadableHash

    public var description: String {
        switch self {
        case .empty: "password must not be empty"
        case .tooFewIterations(let n): "PBKDF2 needs at least \(PasswordHasher.minimumIterations) iterations, got \(n)"
        case .unreadableHash: "stored password hash is not in pbkdf2-sha256$iterations$salt$key form"
        }
    }
}
