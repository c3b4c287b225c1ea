package dev.sluice.identity.federation;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Reads a dotted claim path such as {@code realm_access.roles} from a JWT claims object: each segment descends
 * into a JSON object; the final value may be a string or an array of strings (other values are ignored).
 */
final class ClaimPath {

    private ClaimPath() {}

    static List<String> strings(Map<String, Object> claims, String path) {
        Object current = claims;
        for (String segment : path.split("\\.")) {
            if (!(current instanceof Map<?, ?> object)) {
                return List.of();
            }
            current = object.get(segment);
        }
        List<String> values = new ArrayList<>();
        if (current instanceof String single) {
            values.add(single);
        } else if (current instanceof Collection<?> many) {
            for (Object item : many) {
                if (item instanceof String text) {
                    values.add(text);
                }
            }
        }
        return values;
    }
}
