package dev.sluice.contracts.decision;

/**
 * How far a proxy may reuse a decision without asking again. A cached decision is always bound to the
 * policy version, the identity's subject-independent facts (groups, kind), the connection, and the
 * statement; this scope says which form of the statement.
 */
public enum CacheScope {
    /** Ask again every time (the default when absent). */
    NONE,
    /** Reuse only for the byte-identical statement text. */
    EXACT,
    /**
     * Reuse for any statement with the same normalized form (literals replaced by placeholders): the
     * policy service says the decision did not depend on any literal value.
     */
    NORMALIZED
}
