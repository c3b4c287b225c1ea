package dev.sluice.masking;

import java.util.List;
import java.util.function.IntPredicate;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A detector made of a character-class precheck, a regular expression that proposes candidates and a
 * validator that confirms them (a checksum, a range), so that the expression can stay simple and fast.
 */
final class PatternDetector implements Detector {
    private final String name;
    private final Predicate<TextProfile> precheck;
    private final Pattern pattern;
    private final Predicate<String> validator;
    private final String[] anchors;

    /**
     * @param anchors literals of which every match contains at least one; the regular expression runs only if
     *                the text contains one (a vectorized {@code indexOf} is far cheaper than a regex scan)
     */
    PatternDetector(String name, Predicate<TextProfile> precheck, Pattern pattern, Predicate<String> validator,
            String... anchors) {
        this.name = name;
        this.precheck = precheck;
        this.pattern = pattern;
        this.validator = validator;
        this.anchors = anchors.length == 0 ? null : anchors.clone();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean mayMatch(TextProfile profile) {
        return precheck.test(profile);
    }

    @Override
    public void find(CharSequence text, List<Hit> hits) {
        if (anchors != null && !containsAnchor(text.toString())) {
            return;
        }
        Matcher matcher = pattern.matcher(text);
        int from = 0;
        while (from <= text.length() && matcher.find(from)) {
            if (matcher.end() > matcher.start() && validator.test(matcher.group())) {
                hits.add(new Hit(matcher.start(), matcher.end()));
                from = matcher.end();
            } else {
                // A rejected candidate may hide a real one inside it (a number grouped with its neighbour).
                from = matcher.start() + 1;
            }
        }
    }

    private boolean containsAnchor(String text) {
        for (String anchor : anchors) {
            if (text.contains(anchor)) {
                return true;
            }
        }
        return false;
    }

    /** Keeps only the characters accepted by {@code keep}. */
    static String only(String text, IntPredicate keep) {
        var out = new StringBuilder(text.length());
        text.chars().filter(keep).forEach(c -> out.append((char) c));
        return out.toString();
    }

    @Override
    public String toString() {
        return name;
    }
}
