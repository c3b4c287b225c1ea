package dev.sluice.approval.grants;

/**
 * States of a JIT access grant: {@code PENDING → ACTIVE | DENIED | CANCELLED}, {@code ACTIVE → EXPIRED | REVOKED}.
 */
public enum GrantState {
    PENDING, ACTIVE, DENIED, CANCELLED, EXPIRED, REVOKED;

    /** Whether no further transition is possible. */
    public boolean ended() {
        return this != PENDING && this != ACTIVE;
    }
}
