package dev.sluice.recording.ingest;

import dev.sluice.contracts.event.SessionEventType;
import java.time.Instant;
import java.util.Objects;

/**
 * A validated session event as read from Kafka.
 *
 * @param id        CloudEvents {@code id}, unique per event: the idempotency key
 * @param type      the event type
 * @param sessionId CloudEvents {@code subject}
 * @param seq       per-session sequence number, from 1
 * @param time      the {@code time} attribute exactly as published (hash input)
 * @param eventTime {@code time} parsed
 * @param prevhash  hash of the previous event of the session
 * @param hash      this event's hash as published
 * @param dataJson  compact JSON of {@code data} as re-serialized from the received tree (hash input)
 * @param payload   {@code data} bound to its record type
 */
public record IncomingEvent(
        String id,
        SessionEventType type,
        String sessionId,
        long seq,
        String time,
        Instant eventTime,
        String prevhash,
        String hash,
        String dataJson,
        EventPayload payload) {

    public IncomingEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(eventTime, "eventTime");
        Objects.requireNonNull(prevhash, "prevhash");
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(dataJson, "dataJson");
        Objects.requireNonNull(payload, "payload");
    }
}
