package dev.sluice.masking;

import java.util.LinkedHashMap;
import java.util.Map;

/** How many values each rule masked, by rule name; never the values. Not thread-safe: one per command. */
public final class MaskCounts {
    private final Map<String, long[]> counts = new LinkedHashMap<>();

    /** Counts one masked value for {@code rule}. */
    public void add(String rule) {
        counts.computeIfAbsent(rule, r -> new long[1])[0]++;
    }

    /** True if nothing was masked. */
    public boolean isEmpty() {
        return counts.isEmpty();
    }

    /** A copy of the counts, in first-masked order. */
    public Map<String, Long> snapshot() {
        Map<String, Long> copy = new LinkedHashMap<>();
        counts.forEach((rule, count) -> copy.put(rule, count[0]));
        return copy;
    }
}
