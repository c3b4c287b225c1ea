package dev.sluice.approval.notify;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Reviewer notifications under {@code sluice.approval.notify}. Every channel is off unless configured; secrets
 * (webhook key, Slack URL, SMTP password under {@code spring.mail.password}) belong in a Secret and are never logged.
 *
 * @param webhook      generic JSON webhook, HMAC-SHA256 signed
 * @param slack        Slack-compatible incoming webhook
 * @param email        plain-text email over SMTP ({@code spring.mail.*} says which server)
 * @param pollInterval how often the outbox is drained; default 1 s
 * @param batchSize    notifications sent per drain; default 20
 * @param maxAttempts  deliveries tried per notification before it is given up (kept as FAILED); default 8
 * @param backoff      wait before the first retry, doubled for each further one; default 2 s
 * @param maxBackoff   longest wait between retries; default 5 min
 * @param timeout      connect and response timeout of one webhook delivery; default 10 s
 */
@ConfigurationProperties("sluice.approval.notify")
public record NotifyProperties(
        @DefaultValue Webhook webhook,
        @DefaultValue Slack slack,
        @DefaultValue Email email,
        @DefaultValue("1s") Duration pollInterval,
        @DefaultValue("20") int batchSize,
        @DefaultValue("8") int maxAttempts,
        @DefaultValue("2s") Duration backoff,
        @DefaultValue("5m") Duration maxBackoff,
        @DefaultValue("10s") Duration timeout) {

    public NotifyProperties {
        Objects.requireNonNull(pollInterval, "pollInterval");
        Objects.requireNonNull(backoff, "backoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        Objects.requireNonNull(timeout, "timeout");
        if (maxAttempts < 1 || batchSize < 1) {
            throw new IllegalArgumentException("sluice.approval.notify.max-attempts and batch-size must be at least 1");
        }
    }

    /**
     * @param url    receiver URL; unset (the default) turns the channel off
     * @param secret HMAC-SHA256 key for {@code X-Sluice-Signature}; required with a URL
     */
    public record Webhook(URI url, @DefaultValue("") String secret) {
        public Webhook {
            if (url != null && (secret == null || secret.isEmpty())) {
                throw new IllegalArgumentException("sluice.approval.notify.webhook.secret is required with a url");
            }
        }

        /** Whether the channel is on. */
        public boolean enabled() {
            return url != null;
        }
    }

    /** @param url the incoming-webhook URL (itself a secret); unset (the default) turns the channel off */
    public record Slack(URI url) {
        /** Whether the channel is on. */
        public boolean enabled() {
            return url != null;
        }
    }

    /**
     * @param to   recipients; empty (the default) turns the channel off
     * @param from sender address; default {@code sluice@localhost}
     */
    public record Email(@DefaultValue List<String> to, @DefaultValue("sluice@localhost") String from) {
        public Email {
            to = to == null ? List.of() : List.copyOf(to);
        }

        /** Whether the channel is on. */
        public boolean enabled() {
            return !to.isEmpty();
        }
    }
}
