package dev.sluice.deploy;

import java.util.List;
import java.util.Map;

/**
 * Navigation over SnakeYAML's untyped trees (maps, lists, scalars) for assertions on rendered manifests.
 *
 * <p>A missing key yields {@code null} rather than an exception, so that tests can assert on absence.
 */
final class Yaml {

    private Yaml() {}

    /** The node at {@code path}: map keys, or list indexes given as decimal strings. */
    static Object at(Object node, String... path) {
        Object current = node;
        for (String key : path) {
            current = switch (current) {
                case Map<?, ?> map -> map.get(key);
                case List<?> list -> list.get(Integer.parseInt(key));
                case null, default -> null;
            };
            if (current == null) {
                return null;
            }
        }
        return current;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object node, String... path) {
        Object value = at(node, path);
        return value == null ? Map.of() : (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> maps(Object node, String... path) {
        Object value = at(node, path);
        return value == null ? List.of() : (List<Map<String, Object>>) value;
    }

    static String string(Object node, String... path) {
        Object value = at(node, path);
        return value == null ? null : value.toString();
    }
}
