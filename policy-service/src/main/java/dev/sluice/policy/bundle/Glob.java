package dev.sluice.policy.bundle;

import java.util.List;
import java.util.Objects;

/**
 * A name pattern where {@code *} matches any run of characters (including none) and every other character matches
 * itself. Split into its literal parts once, at load; matching walks them greedily, without regular expressions
 * or allocation (it runs for every rule on every decision).
 */
public final class Glob {

    private final String pattern;
    /** The literal parts between the stars; a single part when there is no star. */
    private final String[] parts;

    public Glob(String pattern) {
        this.pattern = Objects.requireNonNull(pattern, "pattern");
        this.parts = List.of(pattern.split("\\*", -1)).toArray(String[]::new);
    }

    /** The pattern as written. */
    public String pattern() {
        return pattern;
    }

    /** Whether {@code value} matches the whole pattern. */
    public boolean matches(String value) {
        if (parts.length == 1) {
            return pattern.equals(value);
        }
        String first = parts[0];
        String last = parts[parts.length - 1];
        if (!value.startsWith(first) || value.length() < first.length() + last.length()) {
            return false;
        }
        int at = first.length();
        int limit = value.length() - last.length();
        for (int i = 1; i < parts.length - 1; i++) {
            int found = value.indexOf(parts[i], at);
            if (found < 0 || found + parts[i].length() > limit) {
                return false;
            }
            at = found + parts[i].length();
        }
        return value.endsWith(last);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Glob glob && glob.pattern.equals(pattern);
    }

    @Override
    public int hashCode() {
        return pattern.hashCode();
    }

    @Override
    public String toString() {
        return pattern;
    }
}
