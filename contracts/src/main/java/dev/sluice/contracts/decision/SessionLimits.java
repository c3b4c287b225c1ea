package dev.sluice.contracts.decision;

/**
 * Limits for a session, delivered with an ALLOW decision of a {@code connect} command and enforced by the proxy
 * replica that holds the session (counts are per replica). Zero means no limit.
 *
 * @param ruleId                   the bundle's limits entry these come from, named in errors and audit events
 * @param maxSessions              concurrent sessions of the identity (any connection)
 * @param maxSessionsPerConnection concurrent sessions of the identity to this connection
 * @param statementsPerSecond      sustained statements per second of the identity (token bucket refill rate)
 * @param statementBurst           statements the identity may send at once above the rate (bucket size); at least
 *                                 the rate rounded up when a rate is set
 */
public record SessionLimits(String ruleId, int maxSessions, int maxSessionsPerConnection, double statementsPerSecond,
        int statementBurst) {

    /** No limit at all. */
    public static final SessionLimits NONE = new SessionLimits("", 0, 0, 0, 0);

    public SessionLimits {
        ruleId = ruleId == null ? "" : ruleId;
        if (maxSessions < 0 || maxSessionsPerConnection < 0 || statementBurst < 0
                || !(statementsPerSecond >= 0) || Double.isInfinite(statementsPerSecond)) {
            throw new IllegalArgumentException("limits must be zero (no limit) or positive");
        }
        if (statementsPerSecond > 0 && statementBurst < Math.ceil(statementsPerSecond)) {
            statementBurst = (int) Math.ceil(statementsPerSecond);
        }
    }

    /** Whether any limit is set. */
    public boolean limited() {
        return maxSessions > 0 || maxSessionsPerConnection > 0 || statementsPerSecond > 0;
    }
}
