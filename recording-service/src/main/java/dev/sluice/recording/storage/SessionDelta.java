package dev.sluice.recording.storage;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What one batch of events changes in a session row; {@link IngestStore} merges it into the stored row the
 * way {@link SessionEntity} applies events one at a time.
 *
 * @param sessionId    the session
 * @param start        the last {@code sluice.session.started} of the batch, or {@code null} if it had none
 * @param end          the last {@code sluice.session.ended} of the batch, or {@code null} if it had none
 * @param commandCount commands stored by the batch, added to the stored count
 * @param lastSeq      highest sequence number of the batch; the row keeps the maximum
 */
public record SessionDelta(String sessionId, Start start, End end, long commandCount, long lastSeq) {

    public SessionDelta {
        Objects.requireNonNull(sessionId, "sessionId");
        if (commandCount < 0 || lastSeq < 1) {
            throw new IllegalArgumentException("commandCount must be >= 0 and lastSeq >= 1");
        }
    }

    /** Identity and connection facts of {@code sluice.session.started}; they replace the stored ones. */
    public record Start(Instant at, String subject, String kind, List<String> groups, String connection,
            String protocol, String clientAddress, String clientApplication) {

        public Start {
            Objects.requireNonNull(at, "at");
            groups = List.copyOf(groups);
        }
    }

    /** Facts of {@code sluice.session.ended}; they replace the stored ones. */
    public record End(Instant at, String reason) {

        public End {
            Objects.requireNonNull(at, "at");
        }
    }
}
