package dev.sluice.policy.bundle;

import dev.sluice.contracts.decision.SessionLimits;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads the {@code limits:} list of a bundle file: each entry names at least one limit, every number is a positive
 * whole number within bounds (a rate may have decimals), and a burst needs a rate.
 */
final class LimitsReader {

    static final Set<String> LIMIT_KEYS = Set.of("id", "description", "match", "sessions", "sessionsPerConnection",
            "statementsPerSecond", "burst");
    private static final int MAX_SESSIONS = 100_000;
    private static final int MAX_RATE = 1_000_000;

    private final YamlReader yaml;
    private final RuleReader rules;

    LimitsReader(YamlReader yaml, RuleReader rules) {
        this.yaml = yaml;
        this.rules = rules;
    }

    LimitRule limits(Node node) {
        Map<String, Node> entry = yaml.mapping(node, "a limits entry", LIMIT_KEYS);
        String id = rules.id(entry, node, "limits entry");
        RuleMatch match = entry.containsKey("match") ? rules.match(entry.get("match"), RuleReader.CONTEXT_KEYS) : RuleMatch.ANYTHING;
        int sessions = whole(entry.get("sessions"), "sessions", MAX_SESSIONS);
        int perConnection = whole(entry.get("sessionsPerConnection"), "sessionsPerConnection", MAX_SESSIONS);
        double rate = rate(entry.get("statementsPerSecond"));
        int burst = whole(entry.get("burst"), "burst", MAX_RATE);
        if (sessions == 0 && perConnection == 0 && rate == 0) {
            throw yaml.error(node, "limits entry '" + id + "' limits nothing: give 'sessions', 'sessionsPerConnection'"
                    + " and/or 'statementsPerSecond'");
        }
        if (burst > 0 && rate == 0) {
            throw yaml.error(entry.get("burst"), "'burst' needs 'statementsPerSecond'");
        }
        if (burst > 0 && burst < Math.ceil(rate)) {
            throw yaml.error(entry.get("burst"), "'burst' must be at least 'statementsPerSecond' (" + (int) Math.ceil(rate) + ")");
        }
        return new LimitRule(id, yaml.optionalScalar(entry.get("description"), "description"), match,
                new SessionLimits(id, sessions, perConnection, rate, burst), yaml.source(node));
    }

    /** 0 when absent. */
    private int whole(Node node, String key, int max) {
        if (node == null) {
            return 0;
        }
        String text = yaml.scalar(node, key);
        int value;
        try {
            value = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw yaml.error(node, "'" + key + "' must be a whole number from 1 to " + max + ", not '" + text + "'");
        }
        if (value < 1 || value > max) {
            throw yaml.error(node, "'" + key + "' must be a whole number from 1 to " + max + ", not '" + text + "'");
        }
        return value;
    }

    private double rate(Node node) {
        if (node == null) {
            return 0;
        }
        String text = yaml.scalar(node, "statementsPerSecond");
        double value;
        try {
            value = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            value = Double.NaN;
        }
        if (!(value > 0 && value <= MAX_RATE) || !text.matches("[0-9]+(\\.[0-9]+)?")) {
            throw yaml.error(node, "'statementsPerSecond' must be a number above 0 and at most " + MAX_RATE + ", not '" + text + "'");
        }
        return value;
    }
}
