import Governance
import Hummingbird
import NIOCore

/// The request context of every Vigil endpoint.
public struct VigilRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The peer's address; nil in router tests, which have no socket.
    public let remoteAddress: SocketAddress?
    /// Who is calling, set by `AuthMiddleware` before any handler runs: nil when `auth.mode`
    /// is `none` (nobody is checked) or for a public endpoint.
    public var principal: Principal?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }

    /// Bodies above this are refused with 413 before they are read whole.
    public var maxUploadSize: Int { 16 * 1024 * 1024 }

    /// How the audit ledger names the caller: the principal, or `fallback` when nobody was checked.
    public func auditActor(or fallback: String) -> String { principal?.auditActor ?? fallback }
}
