package dev.sluice.recording.storage;

import java.util.Objects;

/**
 * A position in a session's event sequence: what {@code session_events_session_seq_key} makes unique.
 *
 * @param sessionId the session
 * @param seq       the sequence number
 */
public record SeqKey(String sessionId, long seq) {

    public SeqKey {
        Objects.requireNonNull(sessionId, "sessionId");
    }
}
