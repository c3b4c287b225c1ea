package dev.sluice.contracts.event;

/** Kafka topic names shared by producers and consumers. */
public final class Topics {
    /** Full session transcripts, keyed by session id. */
    public static final String SESSIONS = "sluice.sessions";
    /** Decisions and security events only, never result data: safe for a SIEM. */
    public static final String AUDIT = "sluice.audit";
    /** Alerts derived from the audit feed by recording-service (docs/audit-events.md). */
    public static final String ALERTS = "sluice.alerts";

    private Topics() {}
}
