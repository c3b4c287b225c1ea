package dev.sluice.recording.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.contracts.event.EventChain;
import dev.sluice.recording.verify.ChainVerification.ProblemKind;
import dev.sluice.recording.verify.ChainVerification.Status;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The verifier recomputes the chain from stored fields and names every kind of damage. */
class ChainVerifierTest {

    private static final String SESSION = "s-1";

    @Test
    void intactEndedSessionVerifies() {
        ChainVerification result = ChainVerifier.verify(SESSION, chain(4, true), List.of());

        assertThat(result.status()).isEqualTo(Status.INTACT);
        assertThat(result.problems()).isEmpty();
        assertThat(result.lastSeq()).isEqualTo(4);
        assertThat(result.headHash()).isEqualTo(chain(4, true).getLast().hash());
    }

    @Test
    void openSessionIsIncompleteNotTampered() {
        ChainVerification result = ChainVerifier.verify(SESSION, chain(3, false), List.of());

        assertThat(result.status()).isEqualTo(Status.INCOMPLETE);
        assertThat(result.problems()).isEmpty();
    }

    @Test
    void editedDataIsAHashMismatch() {
        List<ChainVerifier.StoredEvent> events = new ArrayList<>(chain(4, true));
        var original = events.get(1);
        events.set(1, new ChainVerifier.StoredEvent(original.storageOrder(), original.eventId(), SESSION,
                original.seq(), original.type(), original.time(), original.prevhash(), original.hash(),
                "{\"text\":\"SELECT 1\"}"));

        ChainVerification result = ChainVerifier.verify(SESSION, events, List.of());

        assertThat(result.status()).isEqualTo(Status.TAMPERED);
        assertThat(result.problems()).extracting(ChainVerification.Problem::kind, ChainVerification.Problem::seq)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(ProblemKind.HASH_MISMATCH, 2L));
    }

    @Test
    void rehashedEditBreaksTheNextLink() {
        List<ChainVerifier.StoredEvent> events = new ArrayList<>(chain(4, true));
        var original = events.get(1);
        String forgedData = "{\"text\":\"SELECT 1\"}";
        String rehashed = EventChain.hash(original.prevhash(), original.eventId(), original.type(), SESSION,
                original.seq(), original.time(), forgedData);
        events.set(1, new ChainVerifier.StoredEvent(original.storageOrder(), original.eventId(), SESSION,
                original.seq(), original.type(), original.time(), original.prevhash(), rehashed, forgedData));

        ChainVerification result = ChainVerifier.verify(SESSION, events, List.of());

        assertThat(result.status()).isEqualTo(Status.TAMPERED);
        assertThat(result.problems()).extracting(ChainVerification.Problem::kind, ChainVerification.Problem::seq)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(ProblemKind.BROKEN_LINK, 3L));
    }

    @Test
    void deletedEventIsAGap() {
        List<ChainVerifier.StoredEvent> events = new ArrayList<>(chain(5, true));
        events.remove(2);

        ChainVerification result = ChainVerifier.verify(SESSION, events, List.of());

        assertThat(result.status()).isEqualTo(Status.INCOMPLETE);
        assertThat(result.problems()).extracting(ChainVerification.Problem::kind, ChainVerification.Problem::seq)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(ProblemKind.GAP, 3L));
    }

    @Test
    void swappedSequenceNumbersAreDetected() {
        List<ChainVerifier.StoredEvent> events = new ArrayList<>(chain(4, true));
        var second = events.get(1);
        var third = events.get(2);
        // someone swaps the seq of two rows to change the order commands appear in
        events.set(1, new ChainVerifier.StoredEvent(third.storageOrder(), third.eventId(), SESSION, 2, third.type(),
                third.time(), third.prevhash(), third.hash(), third.data()));
        events.set(2, new ChainVerifier.StoredEvent(second.storageOrder(), second.eventId(), SESSION, 3,
                second.type(), second.time(), second.prevhash(), second.hash(), second.data()));

        ChainVerification result = ChainVerifier.verify(SESSION, events, List.of());

        assertThat(result.status()).isEqualTo(Status.TAMPERED);
        assertThat(result.problems()).extracting(ChainVerification.Problem::kind)
                .contains(ProblemKind.HASH_MISMATCH, ProblemKind.REORDERED);
    }

    @Test
    void parkedSequenceConflictMarksTheSessionTampered() {
        ChainVerification result = ChainVerifier.verify(SESSION, chain(3, true), List.of(2L));

        assertThat(result.status()).isEqualTo(Status.TAMPERED);
        assertThat(result.problems()).extracting(ChainVerification.Problem::kind)
                .containsExactly(ProblemKind.SEQ_CONFLICT);
    }

    /** A valid chain of {@code count} events, the last one an end event when {@code ended}. */
    static List<ChainVerifier.StoredEvent> chain(int count, boolean ended) {
        List<ChainVerifier.StoredEvent> events = new ArrayList<>();
        String prevhash = EventChain.GENESIS;
        for (int seq = 1; seq <= count; seq++) {
            String type = seq == 1 ? "sluice.session.started"
                    : seq == count && ended ? "sluice.session.ended" : "sluice.session.command";
            String id = SESSION + "-" + seq;
            String time = "2026-03-01T10:00:0" + seq + "Z";
            String data = "{\"seq\":" + seq + "}";
            String hash = EventChain.hash(prevhash, id, type, SESSION, seq, time, data);
            events.add(new ChainVerifier.StoredEvent(seq, id, SESSION, seq, type, time, prevhash, hash, data));
            prevhash = hash;
        }
        return events;
    }
}
