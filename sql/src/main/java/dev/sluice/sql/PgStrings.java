package dev.sluice.sql;

/**
 * Decoding of PostgreSQL string constants and quoted identifiers once {@link PgLexer} has found their
 * extent (<a href="https://www.postgresql.org/docs/current/sql-syntax-lexical.html#SQL-SYNTAX-STRINGS">4.1.2
 * Constants</a>). Only called on token text that the lexer accepted, so it never has to report errors
 * except for Unicode escapes, which the lexer validates through {@link #decodeUnicode}.
 */
final class PgStrings {

    private PgStrings() {}

    /** {@code text[from, to)} with every doubled {@code quote} turned into one. */
    static String undouble(String text, int from, int to, char quote) {
        StringBuilder out = new StringBuilder(to - from);
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            out.append(c);
            if (c == quote && i + 1 < to && text.charAt(i + 1) == quote) {
                i++;
            }
        }
        return out.toString();
    }

    /**
     * The content of a {@code '...'} constant (with any prefix letter and any continuation segments).
     *
     * @param backslashEscapes whether C-style backslash escapes apply ({@code E'...'})
     */
    static String decodeQuoted(String text, boolean backslashEscapes) {
        StringBuilder out = new StringBuilder(text.length());
        int i = text.indexOf('\'') + 1;
        int n = text.length();
        while (i > 0 && i < n) {
            char c = text.charAt(i);
            if (backslashEscapes && c == '\\' && i + 1 < n) {
                i = escape(text, i + 1, out);
            } else if (c == '\'') {
                if (i + 1 < n && text.charAt(i + 1) == '\'') {
                    out.append('\'');
                    i += 2;
                } else {
                    i = nextSegment(text, i + 1);
                }
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    /** Offset after the opening quote of the next continuation segment, or -1 at the end. */
    private static int nextSegment(String text, int i) {
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (c == '\'') {
                return i + 1;
            }
            if (c == '-' && i + 1 < n && text.charAt(i + 1) == '-') {
                while (i < n && text.charAt(i) != '\n' && text.charAt(i) != '\r') {
                    i++;
                }
            } else {
                i++;
            }
        }
        return -1;
    }

    /** Decodes one backslash escape whose first character is at {@code i}; returns the next offset. */
    private static int escape(String text, int i, StringBuilder out) {
        char c = text.charAt(i);
        switch (c) {
            case 'b' -> out.append('\b');
            case 'f' -> out.append('\f');
            case 'n' -> out.append('\n');
            case 'r' -> out.append('\r');
            case 't' -> out.append('\t');
            case 'x', 'u', 'U' -> {
                int max = c == 'x' ? 2 : c == 'u' ? 4 : 8;
                int j = i + 1;
                int value = 0;
                while (j < text.length() && j - i - 1 < max && PgScan.isHexDigit(text.charAt(j))) {
                    value = value * 16 + Character.digit(text.charAt(j), 16);
                    j++;
                }
                if (j == i + 1) {
                    out.append(c); // "\x" without digits is just "x"
                    return j;
                }
                appendCodePoint(out, value);
                return j;
            }
            default -> {
                if (c >= '0' && c <= '7') {
                    int j = i;
                    int value = 0;
                    while (j < text.length() && j - i < 3 && text.charAt(j) >= '0' && text.charAt(j) <= '7') {
                        value = value * 8 + (text.charAt(j) - '0');
                        j++;
                    }
                    out.append((char) (value & 0xFF));
                    return j;
                }
                out.append(c);
            }
        }
        return i + 1;
    }

    private static void appendCodePoint(StringBuilder out, int value) {
        if (value > 0 && value <= Character.MAX_CODE_POINT) {
            out.appendCodePoint(value);
        } else {
            out.append('\uFFFD');
        }
    }

    /**
     * Decodes a {@code U&'...'} or {@code U&"..."} body: {@code \XXXX} and {@code \+XXXXXX} escapes (with the
     * {@code UESCAPE} character in place of the backslash), surrogate pairs joined.
     *
     * @param src     the whole source
     * @param quote   offset of the opening quote
     * @param bodyEnd offset after the closing quote of the last segment
     * @return the decoded text, or null when an escape is invalid (the server rejects the statement)
     */
    static String decodeUnicode(String src, int quote, int bodyEnd, char escape) {
        String raw = src.charAt(quote) == '"'
                ? undouble(src, quote + 1, bodyEnd - 1, '"')
                : decodeQuoted(src.substring(quote, bodyEnd), false);
        StringBuilder out = new StringBuilder(raw.length());
        int highSurrogate = -1;
        int n = raw.length();
        for (int i = 0; i < n; ) {
            char c = raw.charAt(i);
            if (c != escape) {
                if (highSurrogate >= 0) {
                    return null;
                }
                out.append(c);
                i++;
                continue;
            }
            if (i + 1 < n && raw.charAt(i + 1) == escape) {
                if (highSurrogate >= 0) {
                    return null;
                }
                out.append(escape);
                i += 2;
                continue;
            }
            boolean six = i + 1 < n && raw.charAt(i + 1) == '+';
            int from = six ? i + 2 : i + 1;
            int to = from + (six ? 6 : 4);
            if (to > n) {
                return null;
            }
            int cp = 0;
            for (int j = from; j < to; j++) {
                char h = raw.charAt(j);
                if (!PgScan.isHexDigit(h)) {
                    return null;
                }
                cp = cp * 16 + Character.digit(h, 16);
            }
            i = to;
            if (highSurrogate >= 0) {
                if (cp < 0xDC00 || cp > 0xDFFF) {
                    return null;
                }
                out.appendCodePoint(Character.toCodePoint((char) highSurrogate, (char) cp));
                highSurrogate = -1;
            } else if (cp >= 0xD800 && cp <= 0xDBFF) {
                highSurrogate = cp;
            } else if (cp == 0 || cp > Character.MAX_CODE_POINT || (cp >= 0xDC00 && cp <= 0xDFFF)) {
                return null;
            } else {
                out.appendCodePoint(cp);
            }
        }
        return highSurrogate >= 0 ? null : out.toString();
    }
}
