package dev.sluice.contracts.audit;

/**
 * The {@code type} values of {@link AuditEvent}s. docs/audit-events.md documents each type's data fields.
 */
public final class AuditTypes {
    /** Version of the data layout, carried as {@code dataschema}. */
    public static final String SCHEMA_V1 = "urn:sluice:audit:v1";

    /** A command was decided (any effect), with identity, connection, statement class, effect, rule and reason. */
    public static final String DECISION = "dev.sluice.audit.decision";
    /** A client authenticated to the gateway. */
    public static final String LOGIN_SUCCEEDED = "dev.sluice.audit.login.succeeded";
    /** A client was refused at authentication, with the reason code and client address (never the token). */
    public static final String LOGIN_FAILED = "dev.sluice.audit.login.failed";
    /**
     * A connection attempt was refused for any reason other than authentication (unknown connection, policy,
     * transport security, malformed start-up, limits, target unreachable), with what was known of the caller.
     */
    public static final String CONNECTION_REFUSED = "dev.sluice.audit.connection.refused";
    /** An approval request changed state (created, approved, denied, expired, cancelled, used). */
    public static final String APPROVAL = "dev.sluice.audit.approval";
    /** A JIT access grant changed state (requested, approved, denied, revoked, expired). */
    public static final String GRANT = "dev.sluice.audit.grant";
    /** A policy bundle was loaded or a reload was rejected. */
    public static final String POLICY_RELOAD = "dev.sluice.audit.policy.reload";
    /** A token, subject or service identity was revoked. */
    public static final String REVOCATION = "dev.sluice.audit.revocation";
    /** A limit (sessions, statement rate) was exceeded. */
    public static final String LIMIT_EXCEEDED = "dev.sluice.audit.limit.exceeded";
    /** Recording retention deleted old sessions. */
    public static final String RETENTION = "dev.sluice.audit.retention";

    private AuditTypes() {}
}
