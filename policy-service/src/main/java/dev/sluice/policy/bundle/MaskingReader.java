package dev.sluice.policy.bundle;

import dev.sluice.contracts.decision.MaskSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Reads the {@code masking:} list of a bundle file. Every strategy, detector name and custom pattern is checked
 * here, at load, so that the proxy never meets an instruction it would have to guess about.
 */
final class MaskingReader {

    static final Set<String> MASKING_KEYS = Set.of("id", "description", "match", "columns", "detectors", "custom");
    static final Set<String> CUSTOM_KEYS = Set.of("name", "pattern", "strategy");
    /** {@code schema.table.column}: three non-empty parts without whitespace or quotes. */
    private static final Pattern COLUMN = Pattern.compile("[^.\\s\"]+\\.[^.\\s\"]+\\.[^.\\s\"]+");
    private static final int MAX_PATTERN_CHARS = 1000;

    private final YamlReader yaml;
    private final RuleReader rules;

    MaskingReader(YamlReader yaml, RuleReader rules) {
        this.yaml = yaml;
        this.rules = rules;
    }

    MaskingRule maskingRule(Node node) {
        Map<String, Node> entry = yaml.mapping(node, "a masking rule", MASKING_KEYS);
        String id = rules.id(entry, node, "masking rule");
        RuleMatch match = entry.containsKey("match") ? rules.match(entry.get("match"), RuleReader.CONTEXT_KEYS) : RuleMatch.ANYTHING;
        List<MaskSpec> masks = new ArrayList<>();
        if (entry.containsKey("columns")) {
            for (Map.Entry<ScalarNode, Node> column : nonEmpty(entry.get("columns"), "columns").entrySet()) {
                String name = column.getKey().getValue();
                if (!COLUMN.matcher(name).matches()) {
                    throw yaml.error(column.getKey(), "column '" + name + "' must be written schema.table.column, e.g. public.customers.ssn");
                }
                masks.add(new MaskSpec(name.toLowerCase(Locale.ROOT), null, strategy(column.getValue())));
            }
        }
        if (entry.containsKey("detectors")) {
            for (Map.Entry<ScalarNode, Node> detector : nonEmpty(entry.get("detectors"), "detectors").entrySet()) {
                String name = detector.getKey().getValue();
                if (!MaskStrategies.DETECTORS.contains(name)) {
                    throw yaml.error(detector.getKey(), "unknown detector '" + name + "' (built in: "
                            + String.join(", ", new java.util.TreeSet<>(MaskStrategies.DETECTORS)) + "; write your own under 'custom:')");
                }
                masks.add(new MaskSpec(null, name, strategy(detector.getValue())));
            }
        }
        List<Node> custom = yaml.items(entry.get("custom"), "custom");
        if (entry.containsKey("custom") && custom.isEmpty()) {
            throw yaml.error(entry.get("custom"), "'custom' must not be empty (omit it)");
        }
        for (Node item : custom) {
            masks.add(custom(item));
        }
        if (masks.isEmpty()) {
            throw yaml.error(node, "masking rule '" + id + "' masks nothing: give 'columns', 'detectors' and/or 'custom'");
        }
        for (int i = 0; i < masks.size(); i++) {
            for (int j = 0; j < i; j++) {
                if (sameTarget(masks.get(i), masks.get(j))) {
                    throw yaml.error(node, "masking rule '" + id + "' names " + target(masks.get(i)) + " twice");
                }
            }
        }
        return new MaskingRule(id, yaml.optionalScalar(entry.get("description"), "description"), match, masks, yaml.source(node));
    }

    private MaskSpec custom(Node node) {
        Map<String, Node> entry = yaml.mapping(node, "a custom detector", CUSTOM_KEYS);
        for (String required : List.of("name", "pattern", "strategy")) {
            if (!entry.containsKey(required)) {
                throw yaml.error(node, "custom detector without '" + required + "'");
            }
        }
        String name = yaml.scalar(entry.get("name"), "name");
        if (!MaskStrategies.isValidCustomName(name)) {
            throw yaml.error(entry.get("name"), "custom detector name '" + name + "' must be lower-case letters, digits, '_' or '-'");
        }
        String pattern = yaml.scalar(entry.get("pattern"), "pattern");
        if (pattern.isEmpty() || pattern.length() > MAX_PATTERN_CHARS) {
            throw yaml.error(entry.get("pattern"), "custom detector pattern must have 1 to " + MAX_PATTERN_CHARS + " characters");
        }
        try {
            if (Pattern.compile(pattern).matcher("").matches()) {
                throw yaml.error(entry.get("pattern"), "custom detector pattern '" + pattern + "' matches the empty string");
            }
        } catch (PatternSyntaxException e) {
            throw yaml.error(entry.get("pattern"), "custom detector pattern is not a valid Java regular expression: "
                    + e.getDescription() + " near index " + e.getIndex());
        }
        return new MaskSpec(null, MaskStrategies.CUSTOM_PREFIX + name, strategy(entry.get("strategy")), pattern);
    }

    private Map<ScalarNode, Node> nonEmpty(Node node, String key) {
        Map<ScalarNode, Node> entries = yaml.keyed(node, "'" + key + "'");
        if (entries.isEmpty()) {
            throw yaml.error(node, "'" + key + "' must not be empty (omit it)");
        }
        return entries;
    }

    private String strategy(Node node) {
        String strategy = yaml.scalar(node, "strategy");
        if (!MaskStrategies.isValid(strategy)) {
            throw yaml.error(node, "unknown masking strategy '" + strategy + "' (redact, partial:N with N from 1 to 32, hash, null, format)");
        }
        return strategy;
    }

    static boolean sameTarget(MaskSpec a, MaskSpec b) {
        return java.util.Objects.equals(a.column(), b.column()) && java.util.Objects.equals(a.detector(), b.detector());
    }

    static String target(MaskSpec spec) {
        return spec.column() != null ? "column " + spec.column() : "detector " + spec.detector();
    }
}
