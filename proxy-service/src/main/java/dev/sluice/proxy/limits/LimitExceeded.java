package dev.sluice.proxy.limits;

/**
 * A limit an identity ran into: which one, from which bundle entry, its value, and the message for the client.
 *
 * @param limit   {@value #SESSIONS}, {@value #SESSIONS_PER_CONNECTION} or {@value #STATEMENT_RATE}; also the metric tag
 * @param ruleId  the policy bundle's limits entry
 * @param maximum the configured value (sessions, or statements per second)
 * @param refused refusals this report stands for (1 for sessions; for the statement rate, every statement refused
 *                since the last report), or 0 when the refusal is not to be reported on its own
 * @param message what the client is told
 */
public record LimitExceeded(String limit, String ruleId, double maximum, int refused, String message)
        implements IdentityLimits.Admission {
    public static final String SESSIONS = "sessions";
    public static final String SESSIONS_PER_CONNECTION = "sessions-per-connection";
    public static final String STATEMENT_RATE = "statement-rate";
}
