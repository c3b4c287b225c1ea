package dev.sluice.policy.metrics;

/**
 * MDC keys every Sluice service uses for the same facts, so that structured (JSON) log lines of one session can be
 * joined across services. Values are identifiers only, never tokens or statement text.
 */
final class LogContextKeys {
    /** The gateway session id. */
    static final String SESSION = "sluice.session";
    /** The identity's subject. */
    static final String SUBJECT = "sluice.subject";

    private LogContextKeys() {}
}
