package dev.sluice.approval.notify;

import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * A Slack-compatible incoming-webhook message: {@code text} (the fallback shown in notifications) and
 * {@code blocks} (a section with the details and a button linking to the request's {@code url}). User-supplied
 * text is escaped for Slack's mrkdwn ({@code & < >}), so a statement cannot forge links or mentions.
 */
public final class SlackChannel implements NotificationChannel {
    private static final int MAX_SUMMARY = 2_500;

    private final NotifyProperties.Slack settings;
    private final HttpDelivery http;
    private final JsonMapper json;

    SlackChannel(NotifyProperties.Slack settings, HttpDelivery http, JsonMapper json) {
        this.settings = settings;
        this.http = http;
        this.json = json;
    }

    @Override
    public String name() {
        return "slack";
    }

    @Override
    public void deliver(Notification notification) throws DeliveryException {
        http.post(name(), settings.url(), json.writeValueAsString(message(notification)), Map.of());
    }

    /** The message body. */
    static Map<String, Object> message(Notification n) {
        String summary = n.summary().length() > MAX_SUMMARY ? n.summary().substring(0, MAX_SUMMARY) + "…" : n.summary();
        String details = "*" + escape(n.headline()) + "*\n"
                + "*Requester:* " + escape(n.requester()) + "\n"
                + "*Connection:* " + escape(n.connection()) + "\n"
                + "*Reviewers:* " + escape(String.join(", ", n.reviewers())) + "\n"
                + "*Reason:* " + escape(n.reason()) + "\n"
                + "```" + escape(summary).replace("```", "` ` `") + "```";
        return Map.of(
                "text", escape(n.headline()) + " " + n.url(),
                "blocks", List.of(
                        Map.of("type", "section", "text", Map.of("type", "mrkdwn", "text", details)),
                        Map.of("type", "actions", "elements", List.of(Map.of(
                                "type", "button",
                                "text", Map.of("type", "plain_text", "text", "Review"),
                                "url", n.url())))));
    }

    static String escape(String text) {
        return text == null ? "" : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
