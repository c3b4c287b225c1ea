package dev.sluice.policy.bundle;

import dev.sluice.contracts.decision.CommandType;
import dev.sluice.contracts.decision.Effect;
import dev.sluice.contracts.identity.Identity;
import dev.sluice.contracts.identity.IdentityKind;
import dev.sluice.sql.Danger;
import dev.sluice.sql.StatementClass;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/** Turns the YAML nodes of one bundle file into rules, reporting every problem with its line. */
final class RuleReader {

    static final Set<String> RULE_KEYS = Set.of("id", "description", "match", "effect", "reason");
    static final Set<String> MATCH_KEYS = Set.of(
            "groups", "subjects", "kinds", "connections", "commandTypes", "classes", "statementTypes", "hasWhere",
            "dangerous", "dangers", "functions");
    /** Keys of a policy test case ({@code tests:} list items). */
    static final Set<String> TEST_KEYS = Set.of("name", "identity", "connection", "command", "expect");
    /** Keys of a test case's {@code identity}. */
    static final Set<String> IDENTITY_KEYS = Set.of("subject", "groups", "kind");
    private static final Pattern RULE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private final String file;

    RuleReader(String file) {
        this.file = file;
    }

    PolicyBundleException error(Node node, String message) {
        return new PolicyBundleException(file, node.getStartMark().getLine() + 1, message);
    }

    Map<String, Node> mapping(Node node, String what, Set<String> allowed) {
        if (!(node instanceof MappingNode mapping)) {
            throw error(node, what + " must be a mapping");
        }
        Map<String, Node> values = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
                throw error(tuple.getKeyNode(), "keys must be plain names");
            }
            if (!allowed.contains(key.getValue())) {
                throw error(key, "unknown key '" + key.getValue() + "' (allowed: " + String.join(", ", new TreeSet<>(allowed)) + ")");
            }
            if (values.put(key.getValue(), tuple.getValueNode()) != null) {
                throw error(key, "duplicate key '" + key.getValue() + "'");
            }
        }
        return values;
    }

    PolicyRule rule(Node node) {
        Map<String, Node> rule = mapping(node, "a rule", RULE_KEYS);
        Node idNode = rule.get("id");
        if (idNode == null) {
            throw error(node, "rule without 'id'");
        }
        String id = scalar(idNode, "id");
        if (!RULE_ID.matcher(id).matches()) {
            throw error(idNode, "rule id '" + id + "' must be letters, digits, '.', '_' or '-'");
        }
        Node effectNode = rule.get("effect");
        if (effectNode == null) {
            throw error(node, "rule '" + id + "' has no 'effect'");
        }
        String effectName = scalar(effectNode, "effect");
        Effect effect = Effect.fromWire(effectName)
                .filter(e -> e == Effect.ALLOW || e == Effect.DENY)
                .orElseThrow(() -> error(effectNode, "effect must be ALLOW or DENY, not '" + effectName + "'"));
        RuleMatch match = rule.containsKey("match") ? match(rule.get("match")) : anything();
        return new PolicyRule(id, optionalScalar(rule.get("description"), "description"), match, effect,
                optionalScalar(rule.get("reason"), "reason"), file + ":" + (node.getStartMark().getLine() + 1));
    }

    PolicyTestCase testCase(Node node) {
        Map<String, Node> test = mapping(node, "a test case", TEST_KEYS);
        for (String required : List.of("name", "identity", "connection", "command", "expect")) {
            if (!test.containsKey(required)) {
                throw error(node, "test case without '" + required + "'");
            }
        }
        String name = scalar(test.get("name"), "name");
        Map<String, Node> who = mapping(test.get("identity"), "'identity'", IDENTITY_KEYS);
        if (!who.containsKey("subject")) {
            throw error(test.get("identity"), "'identity' needs a 'subject'");
        }
        IdentityKind kind = IdentityKind.HUMAN;
        if (who.containsKey("kind")) {
            String kindText = scalar(who.get("kind"), "kind");
            kind = IdentityKind.fromClaim(kindText).filter(k -> k.claimValue().equals(kindText))
                    .orElseThrow(() -> error(who.get("kind"), "kind must be human or service, not '" + kindText + "'"));
        }
        List<String> groups = who.containsKey("groups") ? List.copyOf(list(who.get("groups"), "groups", s -> s)) : List.of();
        Identity identity = new Identity(scalar(who.get("subject"), "subject"), groups, kind);
        String expectText = scalar(test.get("expect"), "expect");
        Effect expect = Effect.fromWire(expectText)
                .filter(e -> e == Effect.ALLOW || e == Effect.DENY)
                .orElseThrow(() -> error(test.get("expect"), "expect must be ALLOW or DENY, not '" + expectText + "'"));
        return new PolicyTestCase(name, identity, scalar(test.get("connection"), "connection"), scalar(test.get("command"), "command"),
                expect, file + ":" + (node.getStartMark().getLine() + 1));
    }

    private static RuleMatch anything() {
        return new RuleMatch(Set.of(), Set.of(), Set.of(), List.of(), Set.of(), Set.of(), Set.of(), null, null, Set.of(), Set.of());
    }

    private RuleMatch match(Node node) {
        Map<String, Node> match = mapping(node, "'match'", MATCH_KEYS);
        return new RuleMatch(
                list(match.get("groups"), "groups", s -> s),
                list(match.get("subjects"), "subjects", s -> s),
                list(match.get("kinds"), "kinds", s -> IdentityKind.fromClaim(s).orElse(null)),
                List.copyOf(list(match.get("connections"), "connections", Glob::new)),
                list(match.get("commandTypes"), "commandTypes", s -> lowerEnum(CommandType.class, s)),
                list(match.get("classes"), "classes", s -> lowerEnum(StatementClass.class, s)),
                list(match.get("statementTypes"), "statementTypes", RuleReader::statementType),
                bool(match.get("hasWhere"), "hasWhere"),
                bool(match.get("dangerous"), "dangerous"),
                list(match.get("dangers"), "dangers", s -> lowerEnum(Danger.class, s)),
                list(match.get("functions"), "functions", s -> s));
    }

    /** Enum constants are written in lower case in policy files: {@code read}, {@code connect}, {@code copy_program}. */
    private static <E extends Enum<E>> E lowerEnum(Class<E> type, String value) {
        if (!value.equals(value.toLowerCase(Locale.ROOT))) {
            return null;
        }
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(value.toUpperCase(Locale.ROOT))) {
                return constant;
            }
        }
        return null;
    }

    private static String statementType(String value) {
        String normalized = String.join(" ", value.strip().split("\\s+")).toUpperCase(Locale.ROOT);
        return normalized.isEmpty() ? null : normalized;
    }

    private <T> Set<T> list(Node node, String key, Function<String, T> parse) {
        if (node == null) {
            return Set.of();
        }
        if (!(node instanceof SequenceNode sequence)) {
            throw error(node, "'" + key + "' must be a list, e.g. " + key + ": [a, b]");
        }
        if (sequence.getValue().isEmpty()) {
            throw error(node, "'" + key + "' must not be empty (omit it to match anything)");
        }
        Set<T> values = new LinkedHashSet<>();
        List<String> invalid = new ArrayList<>();
        for (Node item : sequence.getValue()) {
            String text = scalar(item, key);
            T value = parse.apply(text);
            if (value == null) {
                invalid.add(text);
            } else {
                values.add(value);
            }
        }
        if (!invalid.isEmpty()) {
            throw error(node, "invalid value(s) in '" + key + "': " + invalid);
        }
        return values;
    }

    private Boolean bool(Node node, String key) {
        if (node == null) {
            return null;
        }
        String text = scalar(node, key);
        return switch (text) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw error(node, "'" + key + "' must be true or false, not '" + text + "'");
        };
    }

    private String optionalScalar(Node node, String key) {
        return node == null ? "" : scalar(node, key);
    }

    private String scalar(Node node, String key) {
        if (!(node instanceof ScalarNode scalar)) {
            throw error(node, "'" + key + "' must be a single value");
        }
        return scalar.getValue();
    }
}
