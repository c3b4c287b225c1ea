package dev.sluice.masking;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Finds and replaces every detector hit inside a text value. A value is first profiled by character classes
 * ({@link TextProfile}); only the detectors that could match it run their regular expressions. Overlapping
 * hits are resolved to the earliest, then the longest; a hit whose rule's strategy is {@code null} turns the
 * whole value into SQL NULL. Immutable and thread-safe.
 */
public final class Scanner {

    /**
     * One detector rule.
     *
     * @param name     the rule name counted in {@link MaskCounts}, e.g. {@code detector:card}
     * @param detector what to find
     * @param strategy how to replace each hit
     */
    public record Rule(String name, Detector detector, Strategy strategy) {}

    private record Found(Hit hit, Rule rule) {}

    private static final Comparator<Found> ORDER = Comparator.<Found>comparingInt(f -> f.hit().start())
            .thenComparing(Comparator.<Found>comparingInt(f -> f.hit().end()).reversed());

    private final List<Rule> rules;

    public Scanner(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** True if there are no rules, so that nothing ever changes. */
    public boolean isEmpty() {
        return rules.isEmpty();
    }

    /** Cheap precheck on UTF-8 bytes: false if no rule can match them, so they need not even be decoded. */
    public boolean mayMatch(byte[] utf8, int offset, int length) {
        if (rules.isEmpty()) {
            return false;
        }
        return mayMatch(TextProfile.of(utf8, offset, length));
    }

    private boolean mayMatch(TextProfile profile) {
        for (Rule rule : rules) {
            if (rule.detector().mayMatch(profile)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Masks every hit in {@code value}.
     *
     * @return {@code value} itself (the same instance) if nothing matched, null if a {@code null}-strategy rule
     *         matched, else the masked text
     */
    public String mask(String value, MaskCounts counts) {
        if (rules.isEmpty() || value.isEmpty()) {
            return value;
        }
        TextProfile profile = TextProfile.of(value);
        List<Found> found = null;
        List<Hit> hits = new ArrayList<>(2);
        for (Rule rule : rules) {
            if (!rule.detector().mayMatch(profile)) {
                continue;
            }
            hits.clear();
            rule.detector().find(value, hits);
            for (Hit hit : hits) {
                if (found == null) {
                    found = new ArrayList<>();
                }
                found.add(new Found(hit, rule));
            }
        }
        if (found == null) {
            return value;
        }
        found.sort(ORDER);
        var out = new StringBuilder(value.length());
        int at = 0;
        boolean nulled = false;
        for (Found f : found) {
            if (f.hit().start() < at) {
                continue; // overlaps a hit already replaced
            }
            counts.add(f.rule().name());
            String replacement = f.rule().strategy().apply(value.substring(f.hit().start(), f.hit().end()));
            if (replacement == null) {
                nulled = true;
                replacement = "";
            }
            out.append(value, at, f.hit().start()).append(replacement);
            at = f.hit().end();
        }
        out.append(value, at, value.length());
        return nulled ? null : out.toString();
    }
}
