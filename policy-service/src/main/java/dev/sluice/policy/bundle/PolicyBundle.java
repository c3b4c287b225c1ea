package dev.sluice.policy.bundle;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A loaded, validated policy bundle.
 *
 * @param version content hash: SHA-256 over the sorted file names and contents, first 16 hex digits
 * @param files   the file names it was read from, sorted
 * @param connections the declared connections by name
 * @param rules   the rules in file order, then document order
 * @param masking the masking rules in file order, then document order
 * @param tests   the policy test cases written in the bundle, in file order
 * @param limits  the session and statement-rate limits in file order, then document order; the first match applies
 */
public record PolicyBundle(String version, List<String> files, Map<String, ConnectionDef> connections, List<PolicyRule> rules,
        List<MaskingRule> masking,
        List<PolicyTestCase> tests,
        List<LimitRule> limits) {
    public PolicyBundle {
        limits = limits == null ? List.of() : List.copyOf(limits);
        Objects.requireNonNull(version, "version");
        files = List.copyOf(files);
        connections = Map.copyOf(connections);
        rules = List.copyOf(rules);
        masking = List.copyOf(masking);
        tests = List.copyOf(tests);
    }

    /** A bundle without limits. */
    public PolicyBundle(String version, List<String> files, Map<String, ConnectionDef> connections, List<PolicyRule> rules,
            List<MaskingRule> masking, List<PolicyTestCase> tests) {
        this(version, files, connections, rules, masking, tests, List.of());
    }

    /** A bundle of rules only. */
    public PolicyBundle(String version, List<String> files, List<PolicyRule> rules) {
        this(version, files, Map.of(), rules, List.of(), List.of());
    }
}
