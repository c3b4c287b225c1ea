package dev.sluice.recording.web;

import dev.sluice.recording.storage.SessionEntity;
import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * A session with its transcript.
 *
 * @param id                session id
 * @param subject           who ran the session
 * @param kind              {@code HUMAN} or {@code SERVICE}
 * @param groups            the caller's groups at session start
 * @param connection        target connection name
 * @param protocol          wire protocol of the connection
 * @param clientAddress     client address as seen by the proxy
 * @param clientApplication what the client called itself
 * @param startedAt         when the session started
 * @param endedAt           when it ended, null while open
 * @param endReason         why it ended, null while open
 * @param commandCount      commands recorded so far
 * @param lastSeq           highest event sequence number received
 * @param events            the events ordered by {@code seq}
 */
public record SessionDetail(
        String id,
        String subject,
        String kind,
        List<String> groups,
        String connection,
        String protocol,
        String clientAddress,
        String clientApplication,
        Instant startedAt,
        Instant endedAt,
        String endReason,
        long commandCount,
        long lastSeq,
        List<Event> events) {

    static SessionDetail of(SessionEntity session, List<Event> events) {
        return new SessionDetail(session.getId(), session.getSubject(), session.getKind(), session.getGroups(),
                session.getConnection(), session.getProtocol(), session.getClientAddress(),
                session.getClientApplication(), session.getStartedAt(), session.getEndedAt(), session.getEndReason(),
                session.getCommandCount(), session.getLastSeq(), List.copyOf(events));
    }

    /**
     * One event of the transcript.
     *
     * @param id       CloudEvents id
     * @param seq      sequence number within the session
     * @param type     CloudEvents type
     * @param time     the {@code time} attribute as published
     * @param hash     the event's chain hash
     * @param prevhash the previous event's chain hash
     * @param chainOk  whether the hash verified on ingest
     * @param data     the event payload
     */
    public record Event(
            String id, long seq, String type, String time, String hash, String prevhash, boolean chainOk,
            JsonNode data) {}
}
