package dev.sluice.masking;

import java.util.List;

/**
 * US social security numbers {@code AAA-GG-SSSS} (dash or space, the same twice), found by a hand-written
 * scan rather than a regular expression because SSN-shaped candidates hide in every timestamp and date: areas
 * 000, 666 and 900–999, group 00 and serial 0000 were never issued and are not matches.
 */
final class SsnDetector implements Detector {

    @Override
    public String name() {
        return "ssn";
    }

    @Override
    public boolean mayMatch(TextProfile profile) {
        return profile.maxRun() >= 9
                && (profile.has(TextProfile.F_DASH) || profile.has(TextProfile.F_SPACE));
    }

    @Override
    public void find(CharSequence text, List<Hit> hits) {
        int n = text.length();
        for (int i = 0; i + 11 <= n; i++) {
            char sep = text.charAt(i + 3);
            if ((sep != '-' && sep != ' ') || text.charAt(i + 6) != sep
                    || !digits(text, i, 3) || !digits(text, i + 4, 2) || !digits(text, i + 7, 4)) {
                continue;
            }
            if (i > 0 && (isDigit(text.charAt(i - 1)) || text.charAt(i - 1) == '-')) {
                continue;
            }
            int end = i + 11;
            if (end < n && (isDigit(text.charAt(end))
                    || (text.charAt(end) == '-' && end + 1 < n && isDigit(text.charAt(end + 1))))) {
                continue;
            }
            int area = (text.charAt(i) - '0') * 100 + (text.charAt(i + 1) - '0') * 10 + (text.charAt(i + 2) - '0');
            boolean group00 = text.charAt(i + 4) == '0' && text.charAt(i + 5) == '0';
            boolean serial0000 = text.charAt(i + 7) == '0' && text.charAt(i + 8) == '0' && text.charAt(i + 9) == '0'
                    && text.charAt(i + 10) == '0';
            if (area != 0 && area != 666 && area < 900 && !group00 && !serial0000) {
                hits.add(new Hit(i, end));
                i = end - 1;
            }
        }
    }

    private static boolean digits(CharSequence text, int from, int count) {
        for (int i = from; i < from + count; i++) {
            if (!isDigit(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    @Override
    public String toString() {
        return name();
    }
}
