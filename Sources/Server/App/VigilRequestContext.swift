import Hummingbird

/// The request context of every Vigil endpoint.
public struct VigilRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public init(source: ApplicationRequestContextSource) { coreContext = .init(source: source) }
    /// Bodies above this are refused with 413 before they are read whole.
    public var maxUploadSize: Int { 16 * 1024 * 1024 }
}
