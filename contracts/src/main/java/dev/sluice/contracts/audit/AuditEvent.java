package dev.sluice.contracts.audit;

import java.util.Map;
import java.util.Objects;

/**
 * One record of the {@code sluice.audit} topic: a compact CloudEvents 1.0 JSON envelope
 * (<a href="https://github.com/cloudevents/spec/blob/v1.0.2/cloudevents/spec.md">spec</a>) describing a
 * security-relevant fact — a decision, a login, an approval transition, a policy reload — and never result data.
 *
 * <p>Keyed by {@link #subject()} (the identity the event is about) so that one identity's events stay in order.
 * {@code dataschema} names the version of the data layout ({@link AuditTypes#SCHEMA_V1}); fields are only ever
 * added within a version.
 *
 * @param specversion     {@code 1.0}
 * @param id              unique event id (UUID)
 * @param source          the emitting service, e.g. {@code /sluice/proxy-service}
 * @param type            one of {@link AuditTypes}
 * @param time            RFC 3339 timestamp
 * @param subject         the identity subject the event is about ({@code -} when unknown, e.g. a bad token)
 * @param datacontenttype {@code application/json}
 * @param dataschema      {@link AuditTypes#SCHEMA_V1}
 * @param data            the event's fields (strings, numbers, booleans, lists and maps only)
 */
public record AuditEvent(
        String specversion,
        String id,
        String source,
        String type,
        String time,
        String subject,
        String datacontenttype,
        String dataschema,
        Map<String, Object> data) {

    public AuditEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        subject = subject == null || subject.isBlank() ? "-" : subject;
        data = data == null ? Map.of() : Map.copyOf(data);
    }

    /** A new event stamped now with a random id. */
    public static AuditEvent of(String source, String type, String subject, Map<String, Object> data) {
        return new AuditEvent("1.0", java.util.UUID.randomUUID().toString(), source, type,
                java.time.Instant.now().toString(), subject, "application/json", AuditTypes.SCHEMA_V1, data);
    }
}
