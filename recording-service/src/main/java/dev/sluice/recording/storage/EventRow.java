package dev.sluice.recording.storage;

import java.time.Instant;
import java.util.Objects;

/**
 * A session event ready to be written by {@link IngestStore}, with its chain verdict already made.
 *
 * @param eventId       CloudEvents {@code id}
 * @param sessionId     CloudEvents {@code subject}
 * @param seq           per-session sequence number
 * @param type          CloudEvents {@code type}
 * @param eventTime     {@code time} parsed
 * @param eventTimeText {@code time} exactly as published (hash input)
 * @param prevhash      hash of the previous event as published
 * @param hash          this event's hash as published
 * @param data          compact JSON of {@code data} as hashed
 * @param chainOk       whether the event's hash and its link to the stored predecessor verified
 */
public record EventRow(
        String eventId,
        String sessionId,
        long seq,
        String type,
        Instant eventTime,
        String eventTimeText,
        String prevhash,
        String hash,
        String data,
        boolean chainOk) {

    public EventRow {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(eventTime, "eventTime");
        Objects.requireNonNull(eventTimeText, "eventTimeText");
        Objects.requireNonNull(prevhash, "prevhash");
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(data, "data");
    }
}
