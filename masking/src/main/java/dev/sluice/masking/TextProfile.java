package dev.sluice.masking;

/**
 * A one-pass character-class summary of a value: how many ASCII digits it holds and which marker characters
 * occur. Detectors consult it before running a regular expression, so that the common value that cannot
 * contain a hit (a name, a date, a short number) costs one linear scan and no regex at all.
 *
 * @param digits ASCII digits in the value
 * @param flags  bit set of the {@code F_*} classes present
 * @param maxRun digits in the longest run of digits joined by single spaces, dashes or dots (a grouped number:
 *               {@code 4111 1111 1111 1111} is 16, {@code 2024-01-15 10:30} is 10)
 */
public record TextProfile(int digits, int flags, int maxRun) {
    public static final int F_UPPER = 1;
    public static final int F_LOWER = 1 << 1;
    public static final int F_DASH = 1 << 2;
    public static final int F_AT = 1 << 3;
    public static final int F_DOT = 1 << 4;
    public static final int F_UNDERSCORE = 1 << 5;
    public static final int F_SPACE = 1 << 6;
    public static final int F_PLUS = 1 << 7;
    public static final int F_PAREN = 1 << 8;

    private static final int[] CLASSES = new int[128];

    static {
        for (char c = 'A'; c <= 'Z'; c++) {
            CLASSES[c] = F_UPPER;
        }
        for (char c = 'a'; c <= 'z'; c++) {
            CLASSES[c] = F_LOWER;
        }
        CLASSES['-'] = F_DASH;
        CLASSES['@'] = F_AT;
        CLASSES['.'] = F_DOT;
        CLASSES['_'] = F_UNDERSCORE;
        CLASSES[' '] = F_SPACE;
        CLASSES['\t'] = F_SPACE;
        CLASSES['\n'] = F_SPACE;
        CLASSES['+'] = F_PLUS;
        CLASSES['('] = F_PAREN;
    }

    /** Profiles a string. */
    public static TextProfile of(CharSequence text) {
        int digits = 0;
        int flags = 0;
        int run = 0;
        int maxRun = 0;
        boolean separated = false;
        for (int i = 0, n = text.length(); i < n; i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                digits++;
                run++;
                separated = false;
                continue;
            }
            if (c < 128) {
                flags |= CLASSES[c];
            }
            maxRun = Math.max(maxRun, run);
            if ((c == ' ' || c == '-' || c == '.') && run > 0 && !separated) {
                separated = true;
            } else {
                run = 0;
                separated = false;
            }
        }
        return new TextProfile(digits, flags, Math.max(maxRun, run));
    }

    /**
     * Profiles UTF-8 bytes without decoding them: multi-byte sequences never contain ASCII bytes, so the
     * ASCII classes counted here are exactly those of the decoded text.
     */
    public static TextProfile of(byte[] utf8, int offset, int length) {
        int digits = 0;
        int flags = 0;
        int run = 0;
        int maxRun = 0;
        boolean separated = false;
        for (int i = offset, end = offset + length; i < end; i++) {
            int b = utf8[i];
            if (b >= '0' && b <= '9') {
                digits++;
                run++;
                separated = false;
                continue;
            }
            if (b >= 0) {
                flags |= CLASSES[b];
            }
            maxRun = Math.max(maxRun, run);
            if ((b == ' ' || b == '-' || b == '.') && run > 0 && !separated) {
                separated = true;
            } else {
                run = 0;
                separated = false;
            }
        }
        return new TextProfile(digits, flags, Math.max(maxRun, run));
    }

    /** True if every class in {@code mask} occurs. */
    public boolean has(int mask) {
        return (flags & mask) == mask;
    }
}
