import Foundation
import NIOCore
import VigilCore

/// Settings every notifier shares, beyond its config: identity, limits and the clock.
public struct NotifierOptions: Sendable {
    /// `User-Agent` of HTTP requests (Alertmanager sends `Alertmanager/<version>`).
    public var userAgent: String
    /// How long one HTTP request may take, connect to last byte.
    public var requestTimeout: TimeAmount
    /// How long an SMTP connection may take to open, and then each reply to arrive.
    public var smtpTimeout: TimeAmount
    /// The host name in email `Message-Id` headers.
    public var hostname: String
    /// The source of `Date` and `Message-Id` in email.
    public var clock: any VigilCore.Clock

    /// - Parameters:
    ///   - userAgent: e.g. `Vigil/0.1.0`.
    ///   - requestTimeout: default 30 s.
    ///   - smtpTimeout: default 30 s, per connect and per reply.
    ///   - hostname: default the machine's host name.
    ///   - clock: default the system clock.
    public init(
        userAgent: String = "Vigil/0.1.0", requestTimeout: TimeAmount = .seconds(30),
        smtpTimeout: TimeAmount = .seconds(30), hostname: String = ProcessInfo.processInfo.hostName,
        clock: any VigilCore.Clock = SystemClock()
    ) {
        self.userAgent = userAgent
        self.requestTimeout = requestTimeout
        self.smtpTimeout = smtpTimeout
        self.hostname = hostname
        self.clock = clock
    }
}
