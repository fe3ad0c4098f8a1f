import VigilConfig

/// `slack_configs`: posts an incoming-webhook message with one attachment, as Alertmanager does.
public struct SlackConfig: Sendable, Hashable, Codable {
    public var sendResolved = false
    public var apiURL: Secret?
    public var apiURLFile: String?
    public var channel: String?
    public var username = #"{{ template "slack.default.username" . }}"#
    public var color = #"{{ if eq .Status "firing" }}danger{{ else }}good{{ end }}"#
    public var title = #"{{ template "slack.default.title" . }}"#
    public var titleLink = #"{{ template "slack.default.titlelink" . }}"#
    public var pretext = #"{{ template "slack.default.pretext" . }}"#
    public var text = #"{{ template "slack.default.text" . }}"#
    public var fields: [Field] = []
    public var shortFields = false
    public var footer = #"{{ template "slack.default.footer" . }}"#
    public var fallback = #"{{ template "slack.default.fallback" . }}"#
    public var callbackID = #"{{ template "slack.default.callbackid" . }}"#
    public var iconEmoji = #"{{ template "slack.default.iconemoji" . }}"#
    public var iconURL = #"{{ template "slack.default.iconurl" . }}"#
    public var imageURL: String?
    public var thumbURL: String?
    public var linkNames = false
    public var mrkdwnIn: [String] = ["fallback", "pretext", "text"]
    public var httpConfig: HTTPClientConfig?

    public init() {}

    public struct Field: Sendable, Hashable, Codable {
        public var title: String
        public var value: String
        public var short: Bool?
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case sendResolved = "send_resolved", apiURL = "api_url", apiURLFile = "api_url_file", channel, username, color
        case title, titleLink = "title_link", pretext, text, fields, shortFields = "short_fields", footer, fallback
        case callbackID = "callback_id", iconEmoji = "icon_emoji", iconURL = "icon_url", imageURL = "image_url"
        case thumbURL = "thumb_url", linkNames = "link_names", mrkdwnIn = "mrkdwn_in", actions, httpConfig = "http_config"
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self, in: "slack_config")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = SlackConfig()
        sendResolved = try c.decode(Bool.self, forKey: .sendResolved, default: d.sendResolved)
        apiURL = try c.decodeIfPresent(Secret.self, forKey: .apiURL)
        apiURLFile = try c.decodeIfPresent(String.self, forKey: .apiURLFile)
        channel = try c.decodeIfPresent(String.self, forKey: .channel)
        username = try c.decode(String.self, forKey: .username, default: d.username)
        color = try c.decode(String.self, forKey: .color, default: d.color)
        title = try c.decode(String.self, forKey: .title, default: d.title)
        titleLink = try c.decode(String.self, forKey: .titleLink, default: d.titleLink)
        pretext = try c.decode(String.self, forKey: .pretext, default: d.pretext)
        text = try c.decode(String.self, forKey: .text, default: d.text)
        fields = try c.decode([Field].self, forKey: .fields, default: [])
        shortFields = try c.decode(Bool.self, forKey: .shortFields, default: false)
        footer = try c.decode(String.self, forKey: .footer, default: d.footer)
        fallback = try c.decode(String.self, forKey: .fallback, default: d.fallback)
        callbackID = try c.decode(String.self, forKey: .callbackID, default: d.callbackID)
        iconEmoji = try c.decode(String.self, forKey: .iconEmoji, default: d.iconEmoji)
        iconURL = try c.decode(String.self, forKey: .iconURL, default: d.iconURL)
        imageURL = try c.decodeIfPresent(String.self, forKey: .imageURL)
        thumbURL = try c.decodeIfPresent(String.self, forKey: .thumbURL)
        linkNames = try c.decode(Bool.self, forKey: .linkNames, default: false)
        mrkdwnIn = try c.decode([String].self, forKey: .mrkdwnIn, default: d.mrkdwnIn)
        httpConfig = try c.decodeIfPresent(HTTPClientConfig.self, forKey: .httpConfig)
        if c.contains(.actions) { throw c.invalid(.actions, "slack actions are not supported by Vigil yet") }
        if apiURL != nil, apiURLFile != nil { throw c.invalid(.apiURL, "at most one of api_url & api_url_file must be configured") }
        if let apiURL, !isHTTPURL(apiURL.value) { throw c.invalid(.apiURL, "unsupported scheme for URL: must be http or https") }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(sendResolved, forKey: .sendResolved)
        try c.encodeIfPresent(apiURL, forKey: .apiURL)
        try c.encodeIfPresent(apiURLFile, forKey: .apiURLFile)
        try c.encodeIfPresent(channel, forKey: .channel)
        try c.encode(username, forKey: .username)
        try c.encode(color, forKey: .color)
        try c.encode(title, forKey: .title)
        try c.encode(titleLink, forKey: .titleLink)
        try c.encode(pretext, forKey: .pretext)
        try c.encode(text, forKey: .text)
        if !fields.isEmpty { try c.encode(fields, forKey: .fields) }
        try c.encode(shortFields, forKey: .shortFields)
        try c.encode(footer, forKey: .footer)
        try c.encode(fallback, forKey: .fallback)
        try c.encode(callbackID, forKey: .callbackID)
        try c.encode(iconEmoji, forKey: .iconEmoji)
        try c.encode(iconURL, forKey: .iconURL)
        try c.encodeIfPresent(imageURL, forKey: .imageURL)
        try c.encodeIfPresent(thumbURL, forKey: .thumbURL)
        try c.encode(linkNames, forKey: .linkNames)
        try c.encode(mrkdwnIn, forKey: .mrkdwnIn)
        try c.encodeIfPresent(httpConfig, forKey: .httpConfig)
    }
}
