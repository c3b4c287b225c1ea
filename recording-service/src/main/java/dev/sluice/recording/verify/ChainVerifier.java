package dev.sluice.recording.verify;

import dev.sluice.contracts.event.EventChain;
import dev.sluice.contracts.event.SessionEventType;
import java.util.ArrayList;
import java.util.List;

/**
 * Re-verifies a session's hash chain ({@link EventChain}) from stored fields only: every hash is recomputed
 * from the stored {@code prevhash}, {@code event_id}, {@code type}, session id, {@code seq}, the {@code time}
 * text and the {@code data} text, so a row edited in the database no longer matches its hash; every link is
 * compared with the previous row's stored hash, so a replaced hash breaks the next link; sequence numbers
 * must run 1, 2, 3... without holes, so a deleted row shows as a gap. Pure function of its input.
 */
public final class ChainVerifier {

    private ChainVerifier() {}

    /**
     * One stored event as the verifier needs it.
     *
     * @param storageOrder the row's insertion order (identity column), to flag events that arrived out of order
     */
    public record StoredEvent(long storageOrder, String eventId, String sessionId, long seq, String type,
            String time, String prevhash, String hash, String data) {}

    /**
     * Verifies the events of one session.
     *
     * @param events       the session's stored events, ordered by {@code seq}
     * @param seqConflicts sequence numbers of records parked because another event already held them
     */
    public static ChainVerification verify(String sessionId, List<StoredEvent> events, List<Long> seqConflicts) {
        List<ChainVerification.Problem> problems = new ArrayList<>();
        long expectedSeq = 1;
        StoredEvent previous = null;
        long highestStorageOrder = Long.MIN_VALUE;
        boolean ended = false;
        for (StoredEvent event : events) {
            if (event.seq() > expectedSeq) {
                problems.add(new ChainVerification.Problem(ChainVerification.ProblemKind.GAP, expectedSeq,
                        "events " + expectedSeq + ".." + (event.seq() - 1) + " are missing"));
            }
            String recomputed = EventChain.hash(event.prevhash(), event.eventId(), event.type(), sessionId,
                    event.seq(), event.time(), event.data());
            if (!recomputed.equals(event.hash())) {
                problems.add(new ChainVerification.Problem(ChainVerification.ProblemKind.HASH_MISMATCH, event.seq(),
                        "the stored fields no longer hash to the stored hash: the event was altered"));
            }
            if (event.seq() == 1 && !EventChain.GENESIS.equals(event.prevhash())) {
                problems.add(new ChainVerification.Problem(ChainVerification.ProblemKind.BROKEN_LINK, 1,
                        "the first event does not start the chain"));
            } else if (previous != null && previous.seq() == event.seq() - 1
                    && !previous.hash().equals(event.prevhash())) {
                problems.add(new ChainVerification.Problem(ChainVerification.ProblemKind.BROKEN_LINK, event.seq(),
                        "prevhash does not match the hash of event " + previous.seq()));
            }
            if (event.storageOrder() < highestStorageOrder) {
                problems.add(new ChainVerification.Problem(ChainVerification.ProblemKind.REORDERED, event.seq(),
                        "stored after a later event of the session"));
            }
            highestStorageOrder = Math.max(highestStorageOrder, event.storageOrder());
            ended |= SessionEventType.SESSION_ENDED.type().equals(event.type());
            expectedSeq = event.seq() + 1;
            previous = event;
        }
        for (long seq : seqConflicts) {
            problems.add(new ChainVerification.Problem(ChainVerification.ProblemKind.SEQ_CONFLICT, seq,
                    "another event claimed the same sequence number and was parked"));
        }
        String head = previous == null ? null : previous.hash();
        long lastSeq = previous == null ? 0 : previous.seq();
        return new ChainVerification(sessionId, ChainVerification.status(problems, ended, events.isEmpty()),
                events.size(), lastSeq, ended, head, List.copyOf(problems));
    }
}
