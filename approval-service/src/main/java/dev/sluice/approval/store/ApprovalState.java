package dev.sluice.approval.store;

/**
 * The life of an approval request: {@code PENDING} until exactly one final state; an approved request becomes
 * {@code USED} once the proxy releases the statement (use-once).
 */
public enum ApprovalState {
    PENDING, APPROVED, DENIED, EXPIRED, CANCELLED, USED;

    /** Whether the request no longer waits for reviewers. */
    public boolean decided() {
        return this != PENDING;
    }
}
