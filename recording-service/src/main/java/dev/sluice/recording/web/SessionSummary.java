package dev.sluice.recording.web;

import dev.sluice.recording.storage.SessionEntity;
import java.time.Instant;
import java.util.List;

/**
 * A session in the list view. Identity fields are null while the session's start event is still missing.
 *
 * @param id           session id
 * @param subject      who ran the session
 * @param kind         {@code HUMAN} or {@code SERVICE}
 * @param groups       the caller's groups at session start
 * @param connection   target connection name
 * @param startedAt    when the session started
 * @param endedAt      when it ended, null while open
 * @param endReason    why it ended, null while open
 * @param commandCount commands recorded so far
 */
public record SessionSummary(
        String id,
        String subject,
        String kind,
        List<String> groups,
        String connection,
        Instant startedAt,
        Instant endedAt,
        String endReason,
        long commandCount) {

    static SessionSummary of(SessionEntity session) {
        return new SessionSummary(session.getId(), session.getSubject(), session.getKind(), session.getGroups(),
                session.getConnection(), session.getStartedAt(), session.getEndedAt(), session.getEndReason(),
                session.getCommandCount());
    }
}
