package dev.sluice.approval.notify;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.databind.json.JsonMapper;

/**
 * The generic webhook: the {@link Notification} as JSON, signed so receivers can tell it came from Sluice and was
 * not replayed. {@code X-Sluice-Timestamp} is the sending time in Unix seconds; {@code X-Sluice-Signature} is
 * {@code sha256=} and the lowercase hex HMAC-SHA256 (<a href="https://www.rfc-editor.org/rfc/rfc2104">RFC 2104</a>)
 * of {@code <timestamp>.<body>} under the shared secret. {@code X-Sluice-Delivery} is the notification id.
 */
public final class WebhookChannel implements NotificationChannel {
    static final String SIGNATURE = "X-Sluice-Signature";
    static final String TIMESTAMP = "X-Sluice-Timestamp";
    static final String DELIVERY = "X-Sluice-Delivery";

    private final NotifyProperties.Webhook settings;
    private final HttpDelivery http;
    private final JsonMapper json;
    private final Clock clock;

    WebhookChannel(NotifyProperties.Webhook settings, HttpDelivery http, JsonMapper json, Clock clock) {
        this.settings = settings;
        this.http = http;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "webhook";
    }

    @Override
    public void deliver(Notification notification) throws DeliveryException {
        String body = json.writeValueAsString(notification);
        String timestamp = Long.toString(clock.instant().getEpochSecond());
        http.post(name(), settings.url(), body, Map.of(
                TIMESTAMP, timestamp,
                SIGNATURE, "sha256=" + sign(settings.secret(), timestamp, body),
                DELIVERY, notification.id()));
    }

    /** The hex HMAC-SHA256 of {@code <timestamp>.<body>} under {@code secret}. */
    public static String sign(String secret, String timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update(timestamp.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) '.');
            return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from the JDK", e);
        }
    }
}
