package dev.sluice.recording.config;

import dev.sluice.contracts.event.Topics;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the recording service under {@code sluice.recording}.
 *
 * @param security how API callers are authenticated and authorized
 * @param ingest   how session events are consumed from Kafka
 * @param alerts   alerts derived from the audit feed
 * @param retention deletion of old transcripts
 */
@ConfigurationProperties("sluice.recording")
public record RecordingProperties(@DefaultValue Security security, @DefaultValue Ingest ingest,
        @DefaultValue Alerts alerts, @DefaultValue Retention retention) {

    public RecordingProperties {
        Objects.requireNonNull(security, "security");
        Objects.requireNonNull(ingest, "ingest");
        Objects.requireNonNull(alerts, "alerts");
        Objects.requireNonNull(retention, "retention");
    }

    /**
     * The retention job: sessions whose last activity (end, else start, else first event) is older than
     * {@code maxAge} are deleted with their events, and each run that deletes anything publishes a
     * {@code dev.sluice.audit.retention} event.
     *
     * @param enabled  whether the job runs; default true
     * @param maxAge   how long transcripts are kept; default 365 days
     * @param interval pause between runs; default 1 hour
     */
    public record Retention(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("365d") Duration maxAge,
            @DefaultValue("1h") Duration interval) {

        public Retention {
            Objects.requireNonNull(maxAge, "maxAge");
            Objects.requireNonNull(interval, "interval");
            if (maxAge.isNegative() || maxAge.isZero()) {
                throw new IllegalArgumentException("retention maxAge must be positive");
            }
        }
    }

    /**
     * Alert rules over {@code sluice.audit}, published to {@code sluice.alerts} (docs/audit-events.md).
     *
     * @param enabled         whether the alert consumer runs; default true
     * @param auditTopic      topic read; default {@value Topics#AUDIT}
     * @param topic           topic written; default {@value Topics#ALERTS}
     * @param groupId         consumer group; default {@code recording-alerts}
     * @param window          sliding window of the count rules; default 5 minutes
     * @param denials         DENY decisions of one identity within the window that raise an alert; default 5
     * @param masked          MASK decisions of one identity within the window that raise an alert; default 20
     */
    public record Alerts(
            @DefaultValue("true") boolean enabled,
            @DefaultValue(Topics.AUDIT) String auditTopic,
            @DefaultValue(Topics.ALERTS) String topic,
            @DefaultValue("recording-alerts") String groupId,
            @DefaultValue("5m") Duration window,
            @DefaultValue("5") int denials,
            @DefaultValue("20") int masked) {

        public Alerts {
            requireText(auditTopic, "auditTopic");
            requireText(topic, "topic");
            requireText(groupId, "groupId");
            Objects.requireNonNull(window, "window");
            if (denials < 1 || masked < 1) {
                throw new IllegalArgumentException("alert thresholds must be at least 1");
            }
        }
    }

    /**
     * OAuth2 resource-server settings: gateway tokens are JWTs issued by identity-adapter
     * (<a href="https://www.rfc-editor.org/rfc/rfc9068">RFC 9068</a> style access tokens).
     *
     * @param jwksUri   where the issuer publishes its signing keys (RFC 7517 JWK set); default
     *                  {@code http://127.0.0.1:8083/.well-known/jwks.json}
     * @param issuer    the exact {@code iss} every token must carry; default {@code http://127.0.0.1:8083}
     * @param group     the {@code groups} entry that grants access to transcripts; default {@code auditors}
     * @param clockSkew tolerance when checking {@code exp} and {@code nbf}; default 30 seconds
     * @param revocationsUri identity-adapter's revocation list; default (blank) {@code /v1/revocations} on the JWK
     *                  set's server; {@code none} turns revocation checks off
     * @param revocationRefresh how often the list is pulled, which bounds how late a revocation takes effect;
     *                  default 5 seconds
     * @param revocationMaxStaleness when the list could not be refreshed for this long, every token is refused
     *                  (fail closed); default 2 minutes
     */
    public record Security(
            @DefaultValue("http://127.0.0.1:8083/.well-known/jwks.json") URI jwksUri,
            @DefaultValue("http://127.0.0.1:8083") String issuer,
            @DefaultValue("auditors") String group,
            @DefaultValue("30s") Duration clockSkew,
            @DefaultValue("") String revocationsUri,
            @DefaultValue("5s") Duration revocationRefresh,
            @DefaultValue("2m") Duration revocationMaxStaleness) {

        public Security {
            Objects.requireNonNull(jwksUri, "jwksUri");
            requireText(issuer, "issuer");
            requireText(group, "group");
            Objects.requireNonNull(clockSkew, "clockSkew");
            Objects.requireNonNull(revocationRefresh, "revocationRefresh");
            Objects.requireNonNull(revocationMaxStaleness, "revocationMaxStaleness");
        }
    }

    /**
     * Kafka consumption settings (the broker itself comes from {@code spring.kafka.bootstrap-servers}).
     *
     * @param topic          topic carrying session events; default {@value Topics#SESSIONS}
     * @param groupId        consumer group; default {@code recording-service}
     * @param maxRetries     redeliveries of a record whose storage fails (e.g. database down) before it is
     *                       parked in {@code rejected_events}; default 10
     * @param initialBackoff first pause between those redeliveries, doubled each time; default 500 ms
     * @param maxBackoff     longest pause between redeliveries; default 30 seconds
     * @param maxPollRecords most records fetched per poll and stored in one transaction; default 500
     */
    public record Ingest(
            @DefaultValue(Topics.SESSIONS) String topic,
            @DefaultValue("recording-service") String groupId,
            @DefaultValue("10") int maxRetries,
            @DefaultValue("500ms") Duration initialBackoff,
            @DefaultValue("30s") Duration maxBackoff,
            @DefaultValue("500") int maxPollRecords) {

        public Ingest {
            requireText(topic, "topic");
            requireText(groupId, "groupId");
            if (maxRetries < 0) {
                throw new IllegalArgumentException("maxRetries must not be negative");
            }
            Objects.requireNonNull(initialBackoff, "initialBackoff");
            Objects.requireNonNull(maxBackoff, "maxBackoff");
            if (maxPollRecords < 1) {
                throw new IllegalArgumentException("maxPollRecords must be at least 1");
            }
        }
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }
}
