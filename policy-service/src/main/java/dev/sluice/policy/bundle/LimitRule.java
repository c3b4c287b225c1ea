package dev.sluice.policy.bundle;

import dev.sluice.contracts.decision.SessionLimits;
import java.util.Objects;

/**
 * One entry of a bundle's {@code limits:} list: for the identities and connections it matches, the sessions and
 * statement rate the proxy allows. The first matching entry in bundle order applies.
 *
 * @param id          unique id across the bundle's rules, masking rules and limits
 * @param description what the limits are for
 * @param match       identity and connection conditions only
 * @param limits      the limits (their {@code ruleId} is {@code id})
 * @param source      {@code file:line} the entry was read from
 */
public record LimitRule(String id, String description, RuleMatch match, SessionLimits limits, String source) {
    public LimitRule {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(match, "match");
        Objects.requireNonNull(limits, "limits");
        if (match.hasStatementConditions()) {
            throw new IllegalArgumentException("limits " + id + " have statement conditions");
        }
        description = description == null ? "" : description;
        source = source == null ? "" : source;
    }
}
