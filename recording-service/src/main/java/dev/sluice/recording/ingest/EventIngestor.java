package dev.sluice.recording.ingest;

import dev.sluice.contracts.event.EventChain;
import dev.sluice.recording.storage.EventRow;
import dev.sluice.recording.storage.IngestStore;
import dev.sluice.recording.storage.RejectedRow;
import dev.sluice.recording.storage.SeqKey;
import dev.sluice.recording.storage.SessionDelta;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Stores a poll's worth of session events idempotently in one database transaction.
 *
 * <p>The outcome is the one storing the records one at a time, in consumption order, would have: a
 * redelivered event (same CloudEvents {@code id}, stored before or earlier in the batch) is skipped; an event
 * whose session sequence number is already taken is parked in {@code rejected_events}; the chain check is
 * the cheap one possible at ingest, the event's own hash and its link to the previous event if that one is
 * stored (before, or earlier in the batch). Set-based lookups replace the per-event ones, so a batch costs a
 * handful of statements whatever its size. The unique constraints stay the backstop should two consumers
 * race during a rebalance: a clash rolls the batch back and the retry then finds the other's rows.
 *
 * <p>Not final: Spring proxies the class to apply {@code @Transactional}.
 */
@Service
public class EventIngestor {

    private static final Logger log = LoggerFactory.getLogger(EventIngestor.class);

    private final IngestStore store;
    private final Clock clock;

    public EventIngestor(IngestStore store) {
        this.store = store;
        this.clock = Clock.systemUTC();
    }

    /**
     * What became of a batch.
     *
     * @param stored       events stored
     * @param duplicates   events skipped because they were stored before or earlier in the batch
     * @param seqConflicts events parked because another event holds their session sequence number
     * @param rejected     records parked because they are not valid session events
     */
    public record BatchOutcome(int stored, int duplicates, int seqConflicts, int rejected) {}

    /** Stores the events of a batch and updates their sessions, creating the rows of sessions seen first. */
    @Transactional
    public BatchOutcome store(List<ConsumedRecord> batch) {
        Instant now = clock.instant();
        List<RejectedRow> parked = new ArrayList<>();
        // first occurrence of each id wins, in consumption order
        Map<String, Candidate> candidates = new LinkedHashMap<>();
        int duplicates = 0;
        for (ConsumedRecord record : batch) {
            switch (record.parsed()) {
                case ParseResult.Parsed(IncomingEvent event) -> {
                    if (candidates.putIfAbsent(event.id(), new Candidate(record, event)) != null) {
                        duplicates++;
                    }
                }
                case ParseResult.Rejected(String reason) -> parked.add(rejection(record, reason));
            }
        }
        Set<String> storedBefore = store.storedEventIds(candidates.keySet());
        duplicates += storedBefore.size();
        candidates.keySet().removeAll(storedBefore);

        Set<SeqKey> positions = new HashSet<>();
        for (Candidate candidate : candidates.values()) {
            positions.add(candidate.position());
            if (candidate.event().seq() > 1) {
                positions.add(candidate.predecessor());
            }
        }
        Map<SeqKey, String> storedHashes = store.storedHashes(positions);

        Map<SeqKey, String> batchHashes = new HashMap<>();
        List<EventRow> rows = new ArrayList<>();
        // sorted: concurrent writers then lock session rows in the same order
        Map<String, SessionDeltaBuilder> sessions = new TreeMap<>();
        int seqConflicts = 0;
        for (Candidate candidate : candidates.values()) {
            IncomingEvent event = candidate.event();
            SeqKey position = candidate.position();
            if (storedHashes.containsKey(position) || batchHashes.containsKey(position)) {
                parked.add(rejection(candidate.record(),
                        "seq " + event.seq() + " of session already taken by another event"));
                seqConflicts++;
                continue;
            }
            String previousHash = batchHashes.getOrDefault(candidate.predecessor(),
                    storedHashes.get(candidate.predecessor()));
            batchHashes.put(position, event.hash());
            rows.add(new EventRow(event.id(), event.sessionId(), event.seq(), event.type().type(), event.eventTime(),
                    event.time(), event.prevhash(), event.hash(), event.dataJson(), chainOk(event, previousHash)));
            sessions.computeIfAbsent(event.sessionId(), SessionDeltaBuilder::new).apply(event);
        }

        store.insertRejected(parked, now);
        // session rows first: event rows reference them
        store.upsertSessions(sessions.values().stream().map(SessionDeltaBuilder::build).toList(), now);
        int inserted = store.insertEvents(rows, now);
        if (inserted != rows.size()) {
            // another consumer stored some of these events meanwhile: roll back, the retry sees its rows
            throw new ConcurrentIngestException(rows.size() - inserted);
        }
        return new BatchOutcome(rows.size(), duplicates, seqConflicts, parked.size() - seqConflicts);
    }

    /** Parks a record that cannot be stored as an event; a redelivered rejection is stored once. */
    @Transactional
    public void reject(RecordRef source, String reason, String rawPayload) {
        log.warn("Rejected session event record {}: {}", source, reason);
        store.insertRejected(List.of(row(source, reason, rawPayload)), clock.instant());
    }

    private static RejectedRow rejection(ConsumedRecord record, String reason) {
        log.warn("Rejected session event record {}: {}", record.source(), reason);
        return row(record.source(), reason, record.payload());
    }

    private static RejectedRow row(RecordRef source, String reason, String payload) {
        return new RejectedRow(source.topic(), source.partition(), source.offset(), source.key(), reason, payload);
    }

    /**
     * @param previousHash hash of the stored event at {@code seq - 1}, or {@code null} if none is stored yet
     */
    private static boolean chainOk(IncomingEvent event, String previousHash) {
        String expected = EventChain.hash(event.prevhash(), event.id(), event.type().type(), event.sessionId(),
                event.seq(), event.time(), event.dataJson());
        if (!expected.equals(event.hash())) {
            return false;
        }
        if (event.seq() == 1) {
            return EventChain.GENESIS.equals(event.prevhash());
        }
        return previousHash == null || previousHash.equals(event.prevhash());
    }

    private record Candidate(ConsumedRecord record, IncomingEvent event) {

        SeqKey position() {
            return new SeqKey(event.sessionId(), event.seq());
        }

        SeqKey predecessor() {
            return new SeqKey(event.sessionId(), event.seq() - 1);
        }
    }

    /** Some events of the batch clashed with rows another consumer committed meanwhile. */
    static final class ConcurrentIngestException extends IllegalStateException {

        ConcurrentIngestException(int clashes) {
            super(clashes + " event(s) of the batch were stored concurrently; the batch is rolled back to retry",
                    null);
        }
    }
}
