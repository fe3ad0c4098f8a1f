import Synchronization

/// A value read from any thread without an actor hop; written rarely (on reload).
public final class Locked<Value: Sendable>: Sendable {
    private let storage: Mutex<Value>
    public init(_ value: Value) { storage = Mutex(value) }
    public var value: Value { storage.withLock { $0 } }
    public func set(_ value: Value) { storage.withLock { $0 = value } }
}
