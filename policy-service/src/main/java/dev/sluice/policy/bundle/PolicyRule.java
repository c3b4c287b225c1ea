package dev.sluice.policy.bundle;

import dev.sluice.contracts.decision.Effect;
import java.util.Objects;

/**
 * One rule of a policy bundle.
 *
 * @param id          unique id across the bundle, reported as the decision's {@code ruleId}
 * @param description what the rule is for
 * @param match       when it applies
 * @param effect      ALLOW or DENY
 * @param reason      told to the client when the rule denies
 * @param source      {@code file:line} the rule was read from, for diagnostics
 */
public record PolicyRule(String id, String description, RuleMatch match, Effect effect, String reason, String source) {
    public PolicyRule {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(match, "match");
        Objects.requireNonNull(effect, "effect");
        description = description == null ? "" : description;
        reason = reason == null ? "" : reason;
        source = source == null ? "" : source;
    }
}
