package dev.sluice.recording.ingest;

import dev.sluice.contracts.event.EventChain;
import dev.sluice.contracts.event.SessionStarted;
import dev.sluice.recording.storage.RejectedEventEntity;
import dev.sluice.recording.storage.RejectedEventRepository;
import dev.sluice.recording.storage.SessionEntity;
import dev.sluice.recording.storage.SessionEventEntity;
import dev.sluice.recording.storage.SessionEventRepository;
import dev.sluice.recording.storage.SessionRepository;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Stores session events idempotently, one database transaction per Kafka record.
 *
 * <p>A redelivered event (same CloudEvents {@code id}) is recognised and skipped; the unique constraint on
 * {@code event_id} is the backstop should two consumers race during a rebalance (the loser's transaction
 * fails, the record is retried and then found). The chain check is the cheap one possible at ingest: the
 * event's own hash, and its link to the previous event when that one is already stored.
 *
 * <p>Not final: Spring proxies the class to apply {@code @Transactional}.
 */
@Service
public class EventIngestor {

    private static final Logger log = LoggerFactory.getLogger(EventIngestor.class);

    private final SessionRepository sessions;
    private final SessionEventRepository events;
    private final RejectedEventRepository rejected;
    private final Clock clock;

    public EventIngestor(SessionRepository sessions, SessionEventRepository events, RejectedEventRepository rejected) {
        this.sessions = sessions;
        this.events = events;
        this.rejected = rejected;
        this.clock = Clock.systemUTC();
    }

    /** What became of an event. */
    public enum Outcome {
        STORED,
        DUPLICATE,
        /** Another event already holds this session's sequence number; parked in rejected_events. */
        SEQ_CONFLICT
    }

    /** Stores one event and updates its session, creating the session row if this is its first event. */
    @Transactional
    public Outcome store(IncomingEvent event, RecordRef source, String rawPayload) {
        if (events.existsByEventId(event.id())) {
            return Outcome.DUPLICATE;
        }
        if (events.findBySessionIdAndSeq(event.sessionId(), event.seq()).isPresent()) {
            rejectInTransaction(source, "seq " + event.seq() + " of session already taken by another event",
                    rawPayload);
            return Outcome.SEQ_CONFLICT;
        }
        Instant now = clock.instant();
        boolean chainOk = chainOk(event);
        SessionEntity session = sessions.findById(event.sessionId())
                .orElseGet(() -> new SessionEntity(event.sessionId(), now));
        apply(session, event);
        // flushed first: the event row references the session row, which may be new
        sessions.saveAndFlush(session);
        events.save(new SessionEventEntity(event.id(), event.sessionId(), event.seq(), event.type().type(),
                event.eventTime(), event.time(), event.prevhash(), event.hash(), event.dataJson(), chainOk, now));
        return Outcome.STORED;
    }

    /** Parks a record that cannot be stored as an event; a redelivered rejection is stored once. */
    @Transactional
    public void reject(RecordRef source, String reason, String rawPayload) {
        rejectInTransaction(source, reason, rawPayload);
    }

    private void rejectInTransaction(RecordRef source, String reason, String rawPayload) {
        log.warn("Rejected session event record {}: {}", source, reason);
        if (rejected.existsByTopicAndKafkaPartitionAndKafkaOffset(source.topic(), source.partition(),
                source.offset())) {
            return;
        }
        rejected.save(new RejectedEventEntity(source.topic(), source.partition(), source.offset(), source.key(),
                reason, rawPayload, clock.instant()));
    }

    private boolean chainOk(IncomingEvent event) {
        String expected = EventChain.hash(event.prevhash(), event.id(), event.type().type(), event.sessionId(),
                event.seq(), event.time(), event.dataJson());
        if (!expected.equals(event.hash())) {
            return false;
        }
        if (event.seq() == 1) {
            return EventChain.GENESIS.equals(event.prevhash());
        }
        return events.findBySessionIdAndSeq(event.sessionId(), event.seq() - 1)
                .map(previous -> previous.getHash().equals(event.prevhash()))
                .orElse(true);
    }

    private static void apply(SessionEntity session, IncomingEvent event) {
        session.seen(event.seq());
        switch (event.payload()) {
            case EventPayload.Started(SessionStarted data) -> session.started(event.eventTime(),
                    data.identity().subject(), data.identity().kind().name(), data.identity().groups(),
                    data.connection().name(), data.connection().protocol(), data.clientAddress(),
                    data.clientApplication());
            case EventPayload.Command command -> session.commandRecorded();
            case EventPayload.Ended(var data) -> session.ended(event.eventTime(), data.reason());
        }
    }
}
