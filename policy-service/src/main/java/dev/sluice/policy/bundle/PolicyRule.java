package dev.sluice.policy.bundle;

import dev.sluice.contracts.decision.ApprovalSpec;
import dev.sluice.contracts.decision.Effect;
import java.util.Objects;

/**
 * One rule of a policy bundle.
 *
 * @param id          unique id across the bundle, reported as the decision's {@code ruleId}
 * @param description what the rule is for
 * @param match       when it applies
 * @param effect      ALLOW, DENY or REQUIRE_APPROVAL (MASK comes from the bundle's masking rules)
 * @param reason      told to the client when the rule denies or holds a command for approval
 * @param approval    who must approve, for REQUIRE_APPROVAL; null for every other effect
 * @param source      {@code file:line} the rule was read from, for diagnostics
 */
public record PolicyRule(String id, String description, RuleMatch match, Effect effect, String reason, ApprovalSpec approval,
        String source) {
    public PolicyRule {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(match, "match");
        Objects.requireNonNull(effect, "effect");
        if ((effect == Effect.REQUIRE_APPROVAL) != (approval != null)) {
            throw new IllegalArgumentException("rule " + id + ": an approval spec belongs to REQUIRE_APPROVAL rules only");
        }
        if (effect == Effect.MASK) {
            throw new IllegalArgumentException("rule " + id + ": MASK comes from masking rules, not from rules");
        }
        description = description == null ? "" : description;
        reason = reason == null ? "" : reason;
        source = source == null ? "" : source;
    }
}
