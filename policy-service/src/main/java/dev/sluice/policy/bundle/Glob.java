package dev.sluice.policy.bundle;

import java.util.List;

/**
 * A connection-name pattern where {@code *} matches any run of characters (including none) and every other
 * character matches itself. Matched greedily segment by segment, without regular expressions.
 *
 * @param pattern the pattern as written
 */
public record Glob(String pattern) {

    /** Whether {@code value} matches the whole pattern. */
    public boolean matches(String value) {
        List<String> parts = List.of(pattern.split("\\*", -1));
        if (parts.size() == 1) {
            return pattern.equals(value);
        }
        String first = parts.getFirst();
        String last = parts.getLast();
        if (!value.startsWith(first) || value.length() < first.length() + last.length()) {
            return false;
        }
        int at = first.length();
        int limit = value.length() - last.length();
        for (int i = 1; i < parts.size() - 1; i++) {
            int found = value.indexOf(parts.get(i), at);
            if (found < 0 || found + parts.get(i).length() > limit) {
                return false;
            }
            at = found + parts.get(i).length();
        }
        return value.endsWith(last);
    }
}
