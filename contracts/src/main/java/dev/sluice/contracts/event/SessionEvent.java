package dev.sluice.contracts.event;

import java.util.Objects;

/**
 * A session event as a CloudEvents 1.0 JSON envelope
 * (<a href="https://github.com/cloudevents/spec/blob/v1.0.2/cloudevents/spec.md">spec</a>),
 * published to {@code sluice.sessions} keyed by session id.
 *
 * <p>{@code seq}, {@code prevhash} and {@code hash} are CloudEvents extension attributes (lower-case
 * alphanumerics, as the spec requires): a per-session sequence number starting at 1 and a SHA-256
 * chain computed by {@link EventChain}, so that gaps, reordering and edits are detectable.
 *
 * @param <D> the payload type, one of {@link SessionEventType}'s data classes
 */
public record SessionEvent<D>(
        String specversion,
        String id,
        String source,
        String type,
        String time,
        String subject,
        String datacontenttype,
        long seq,
        String prevhash,
        String hash,
        D data) {

    /** CloudEvents version this envelope implements. */
    public static final String SPEC_VERSION = "1.0";

    public SessionEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(subject, "subject");
    }
}
