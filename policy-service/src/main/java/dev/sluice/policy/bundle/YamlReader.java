package dev.sluice.policy.bundle;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Strict access to the YAML nodes of one bundle file: every accessor checks the node's shape and reports a
 * problem as {@code file:line: message}, so that readers of rules, masking rules, connections and tests never
 * guess what an author meant.
 */
final class YamlReader {

    private final String file;

    YamlReader(String file) {
        this.file = file;
    }

    String file() {
        return file;
    }

    /** {@code file:line} of a node, for a rule's or case's {@code source}. */
    String source(Node node) {
        return file + ":" + line(node);
    }

    static int line(Node node) {
        return node.getStartMark().getLine() + 1;
    }

    PolicyBundleException error(Node node, String message) {
        return new PolicyBundleException(file, line(node), message);
    }

    /** A mapping whose keys must all be in {@code allowed}. */
    Map<String, Node> mapping(Node node, String what, Set<String> allowed) {
        Map<String, Node> values = new LinkedHashMap<>();
        for (Map.Entry<ScalarNode, Node> entry : keyed(node, what).entrySet()) {
            String key = entry.getKey().getValue();
            if (!allowed.contains(key)) {
                throw error(entry.getKey(), "unknown key '" + key + "' (allowed: " + String.join(", ", new TreeSet<>(allowed)) + ")");
            }
            values.put(key, entry.getValue());
        }
        return values;
    }

    /** A mapping with free-form keys (column names, tag names), in document order; key nodes kept for lines. */
    Map<ScalarNode, Node> keyed(Node node, String what) {
        if (!(node instanceof MappingNode mapping)) {
            throw error(node, what + " must be a mapping");
        }
        Map<ScalarNode, Node> values = new LinkedHashMap<>();
        Set<String> seen = new LinkedHashSet<>();
        for (NodeTuple tuple : mapping.getValue()) {
            if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
                throw error(tuple.getKeyNode(), "keys must be plain names");
            }
            if (!seen.add(key.getValue())) {
                throw error(key, "duplicate key '" + key.getValue() + "'");
            }
            values.put(key, tuple.getValueNode());
        }
        return values;
    }

    /** The items of a list node ({@code key: [...]}); empty for an absent node. */
    List<Node> items(Node node, String key) {
        if (node == null) {
            return List.of();
        }
        if (!(node instanceof SequenceNode sequence)) {
            throw error(node, "'" + key + "' must be a list");
        }
        return sequence.getValue();
    }

    /** A non-empty list of scalars, each turned into a value by {@code parse} (null = invalid). */
    <T> Set<T> list(Node node, String key, Function<String, T> parse) {
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

    Boolean bool(Node node, String key) {
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

    String optionalScalar(Node node, String key) {
        return node == null ? "" : scalar(node, key);
    }

    String scalar(Node node, String key) {
        if (!(node instanceof ScalarNode scalar)) {
            throw error(node, "'" + key + "' must be a single value");
        }
        return scalar.getValue();
    }

    /** Enum constants are written in lower case in policy files: {@code read}, {@code connect}, {@code copy_program}. */
    static <E extends Enum<E>> E lowerEnum(Class<E> type, String value) {
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
}
