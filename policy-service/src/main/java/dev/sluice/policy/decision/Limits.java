package dev.sluice.policy.decision;

import dev.sluice.contracts.decision.SessionLimits;
import dev.sluice.policy.bundle.LimitRule;
import dev.sluice.policy.bundle.PolicyBundle;

/** The session limits of a bundle for one connect request: the first {@code limits:} entry that matches. */
final class Limits {

    private Limits() {}

    /** The limits for the identity and connection of the request, or null when no entry matches. */
    static SessionLimits of(PolicyBundle bundle, Conditions.Context context) {
        for (LimitRule rule : bundle.limits()) {
            if (!Conditions.contextMatches(rule.match(), context)) {
                continue;
            }
            if (!rule.match().subjects().isEmpty()
                    && !rule.match().subjects().contains(context.request().identity().subject())) {
                continue;
            }
            if (rule.match().time() != null && !rule.match().time().contains(context.now())) {
                continue;
            }
            return rule.limits();
        }
        return null;
    }
}
