package dev.sluice.recording.verify;

import java.util.List;

/**
 * The result of re-verifying one session's chain from storage ({@code GET /api/sessions/{id}/verify}).
 *
 * @param sessionId      the session
 * @param status         the verdict
 * @param verifiedEvents stored events examined
 * @param lastSeq        highest stored sequence number, 0 when none
 * @param ended          whether the session's end event is stored
 * @param headHash       hash of the last stored event: comparing it with a copy kept elsewhere (the Kafka topic,
 *                       an export) also detects a rewrite of the whole tail
 * @param problems       every finding, in sequence order, then sequence conflicts
 */
public record ChainVerification(
        String sessionId,
        Status status,
        int verifiedEvents,
        long lastSeq,
        boolean ended,
        String headHash,
        List<Problem> problems) {

    /** The verdict on a session's transcript. */
    public enum Status {
        /** Events 1..n are all stored, every hash and link verifies, and the session has ended. */
        INTACT,
        /** Nothing stored was altered, but events are missing (gaps) or the session has not ended (yet). */
        INCOMPLETE,
        /** A stored event was altered, replaced, reordered or contested: the transcript cannot be trusted. */
        TAMPERED
    }

    /** What kind of finding a {@link Problem} is. */
    public enum ProblemKind {
        /** Recomputing the event's hash from its stored fields gives another value. */
        HASH_MISMATCH,
        /** The event's prevhash is not the stored hash of its predecessor (or not genesis for seq 1). */
        BROKEN_LINK,
        /** Sequence numbers are missing. */
        GAP,
        /** The event was stored after a later event of the same session (it arrived out of order). */
        REORDERED,
        /** A second event with this sequence number was received and parked. */
        SEQ_CONFLICT
    }

    /**
     * One finding.
     *
     * @param kind   what is wrong
     * @param seq    the sequence number it concerns (the first missing one for a gap)
     * @param detail a human-readable explanation, free of event content
     */
    public record Problem(ProblemKind kind, long seq, String detail) {}

    static Status status(List<Problem> problems, boolean ended, boolean empty) {
        boolean tampered = problems.stream().anyMatch(problem -> switch (problem.kind()) {
            case HASH_MISMATCH, BROKEN_LINK, SEQ_CONFLICT -> true;
            case GAP, REORDERED -> false;
        });
        if (tampered) {
            return Status.TAMPERED;
        }
        boolean gaps = problems.stream().anyMatch(problem -> problem.kind() == ProblemKind.GAP);
        return gaps || !ended || empty ? Status.INCOMPLETE : Status.INTACT;
    }
}
