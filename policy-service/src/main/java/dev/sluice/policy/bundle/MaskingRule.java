package dev.sluice.policy.bundle;

import dev.sluice.contracts.decision.MaskSpec;
import java.util.List;
import java.util.Objects;

/**
 * One entry of a bundle's {@code masking:} list: for the identities and connections it matches, every command
 * that would be allowed is answered with MASK and these instructions instead.
 *
 * @param id          unique id across the bundle's rules and masking rules
 * @param description what the rule is for
 * @param match       identity and connection conditions only (masking does not depend on the statement)
 * @param masks       column rules, then built-in detectors, then custom detectors, as written
 * @param source      {@code file:line} the rule was read from
 */
public record MaskingRule(String id, String description, RuleMatch match, List<MaskSpec> masks, String source) {
    public MaskingRule {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(match, "match");
        masks = List.copyOf(masks);
        if (masks.isEmpty()) {
            throw new IllegalArgumentException("masking rule " + id + " masks nothing");
        }
        if (match.hasStatementConditions()) {
            throw new IllegalArgumentException("masking rule " + id + " has statement conditions");
        }
        description = description == null ? "" : description;
        source = source == null ? "" : source;
    }
}
