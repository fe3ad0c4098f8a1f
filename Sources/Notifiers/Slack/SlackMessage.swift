import Alerting

/// Alertmanager's Slack incoming-webhook body (`notify/slack`): top-level message fields and
/// one attachment, every text field rendered from its template, empty ones left out where
/// Alertmanager's JSON tags say `omitempty`.
enum SlackMessage {
    /// Slack cuts titles longer than this many runes; Alertmanager truncates them first.
    static let maxTitleRunes = 1024

    /// The body for `config`, and whether the title had to be truncated.
    static func make(_ config: SlackConfig, context: RenderContext) throws(NotifyError) -> (
        body: GoJSON, channel: String, titleTruncated: Bool
    ) {
        let (title, truncated) = truncateInRunes(try context.render(config.title, field: "title"), maxTitleRunes)
        var attachment: [(String, GoJSON)] = []
        attachment.appendOmittingEmpty("title", title)
        attachment.appendOmittingEmpty("title_link", try context.render(config.titleLink, field: "title_link"))
        attachment.appendOmittingEmpty("pretext", try context.render(config.pretext, field: "pretext"))
        attachment.append(("text", .string(try context.render(config.text, field: "text"))))
        attachment.append(("fallback", .string(try context.render(config.fallback, field: "fallback"))))
        attachment.append(("callback_id", .string(try context.render(config.callbackID, field: "callback_id"))))
        if !config.fields.isEmpty {
            var fields: [GoJSON] = []
            for field in config.fields {
                fields.append(
                    .object([
                        ("title", .string(try context.render(field.title, field: "fields.title"))),
                        ("value", .string(try context.render(field.value, field: "fields.value"))),
                        ("short", .bool(field.short ?? config.shortFields)),
                    ]))
            }
            attachment.append(("fields", .array(fields)))
        }
        attachment.appendOmittingEmpty("image_url", try context.render(optional: config.imageURL, field: "image_url"))
        attachment.appendOmittingEmpty("thumb_url", try context.render(optional: config.thumbURL, field: "thumb_url"))
        attachment.append(("footer", .string(try context.render(config.footer, field: "footer"))))
        attachment.appendOmittingEmpty("color", try context.render(config.color, field: "color"))
        let markdownIn = config.mrkdwnIn.isEmpty ? ["fallback", "pretext", "text"] : config.mrkdwnIn
        attachment.append(("mrkdwn_in", .array(markdownIn.map(GoJSON.string))))

        let channel = try context.render(optional: config.channel, field: "channel")
        var message: [(String, GoJSON)] = []
        message.appendOmittingEmpty("channel", channel)
        message.appendOmittingEmpty("username", try context.render(config.username, field: "username"))
        message.appendOmittingEmpty("icon_emoji", try context.render(config.iconEmoji, field: "icon_emoji"))
        message.appendOmittingEmpty("icon_url", try context.render(config.iconURL, field: "icon_url"))
        if config.linkNames { message.append(("link_names", .bool(true))) }
        message.append(("attachments", .array([.object(attachment)])))
        return (.object(message), channel, truncated)
    }
}
