package dev.sluice.sql;

/**
 * Character classes and extent scanners of PostgreSQL's lexer ({@code scan.l}), used by {@link PgLexer}.
 * Every scanner takes the source and a start offset and returns an end offset (or -1 when a construct never
 * closes); none allocates, recurses or backtracks, so lexing stays linear in the input.
 */
final class PgScan {

    private PgScan() {}

    /** PostgreSQL's {@code space}: space, tab, newline, carriage return, form feed, vertical tab. */
    static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\u000B';
    }

    static int lineCommentEnd(String src, int p) {
        while (p < src.length() && src.charAt(p) != '\n' && src.charAt(p) != '\r') {
            p++;
        }
        return p;
    }

    /** End of the nested block comment opening at {@code p}, or -1 when it never closes. */
    static int blockCommentEnd(String src, int p) {
        int depth = 1;
        p += 2;
        while (p < src.length()) {
            char c = src.charAt(p);
            char n = p + 1 < src.length() ? src.charAt(p + 1) : '\0';
            if (c == '/' && n == '*') {
                depth++;
                p += 2;
            } else if (c == '*' && n == '/') {
                p += 2;
                if (--depth == 0) {
                    return p;
                }
            } else {
                p++;
            }
        }
        return -1;
    }

    /** Skips whitespace and comments of both kinds (what separates tokens). */
    static int skipSpaceAndComments(String src, int p) {
        while (p < src.length()) {
            char c = src.charAt(p);
            char n = p + 1 < src.length() ? src.charAt(p + 1) : '\0';
            if (isSpace(c)) {
                p++;
            } else if (c == '-' && n == '-') {
                p = lineCommentEnd(src, p);
            } else if (c == '/' && n == '*') {
                int stop = blockCommentEnd(src, p);
                return stop < 0 ? src.length() : stop;
            } else {
                break;
            }
        }
        return p;
    }

    /** Offset after the closing quote of a {@code '...'} body starting at {@code p}, or -1. */
    static int quotedBodyEnd(String src, int p, boolean backslashEscapes) {
        while (p < src.length()) {
            char c = src.charAt(p);
            if (backslashEscapes && c == '\\') {
                p += 2;
            } else if (c == '\'') {
                if (p + 1 < src.length() && src.charAt(p + 1) == '\'') {
                    p += 2;
                } else {
                    return p + 1;
                }
            } else {
                p++;
            }
        }
        return -1;
    }

    /**
     * PostgreSQL joins string constants separated only by whitespace that includes a newline
     * ({@code quotecontinue}). Returns the offset after the next segment's opening quote, or -1.
     */
    static int continuation(String src, int p) {
        while (p < src.length()) {
            char c = src.charAt(p);
            if (c == ' ' || c == '\t' || c == '\f' || c == '\u000B') {
                p++;
            } else if (c == '-' && p + 1 < src.length() && src.charAt(p + 1) == '-') {
                p = lineCommentEnd(src, p);
            } else {
                break;
            }
        }
        if (p >= src.length() || (src.charAt(p) != '\n' && src.charAt(p) != '\r')) {
            return -1;
        }
        p++;
        while (p < src.length()) {
            char c = src.charAt(p);
            if (isSpace(c)) {
                p++;
            } else if (c == '-' && p + 1 < src.length() && src.charAt(p + 1) == '-') {
                p = lineCommentEnd(src, p);
            } else {
                break;
            }
        }
        return p < src.length() && src.charAt(p) == '\'' ? p + 1 : -1;
    }

    /** Scans quoted segments (with continuations) whose first quote is at {@code quote}; -1 if unterminated. */
    static int quotedSegmentsEnd(String src, int quote, boolean backslashEscapes) {
        int p = quotedBodyEnd(src, quote + 1, backslashEscapes);
        while (p >= 0) {
            int next = continuation(src, p);
            if (next < 0) {
                return p;
            }
            p = quotedBodyEnd(src, next, backslashEscapes);
        }
        return -1;
    }

    static int quotedIdentifierEnd(String src, int quote) {
        int p = quote + 1;
        while (p < src.length()) {
            if (src.charAt(p) == '"') {
                if (p + 1 < src.length() && src.charAt(p + 1) == '"') {
                    p += 2;
                } else {
                    return p + 1;
                }
            } else {
                p++;
            }
        }
        return -1;
    }

    /** End of digits of {@code radix} with single underscores between digits (PostgreSQL 16+). */
    static int digitsEnd(String src, int p, int radix) {
        while (p < src.length() && Character.digit(src.charAt(p), radix) >= 0 && src.charAt(p) < 0x80) {
            p++;
            if (p + 1 < src.length() && src.charAt(p) == '_' && Character.digit(src.charAt(p + 1), radix) >= 0 && src.charAt(p + 1) < 0x80) {
                p++;
            }
        }
        return p;
    }

    static int junkEnd(String src, int p) {
        while (p < src.length() && isIdentCont(src.charAt(p))) {
            p++;
        }
        return p;
    }

    static boolean isPlusMinus(char c) {
        return c == '+' || c == '-';
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean isHexDigit(char c) {
        return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    /** {@code ident_start}: letters, underscore, and every non-ASCII character. */
    static boolean isIdentStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
    }

    /** {@code ident_cont}: adds digits and the dollar sign. */
    static boolean isIdentCont(char c) {
        return isIdentStart(c) || isDigit(c) || c == '$';
    }

    static boolean isOpChar(char c) {
        return "~!@#^&|`?+-*/%<>=".indexOf(c) >= 0;
    }

    static int operatorEnd(String src, int p) {
        int stop = p;
        while (stop < src.length() && isOpChar(src.charAt(stop))) {
            stop++;
        }
        // A comment start ends the operator.
        for (int i = p; i + 1 < stop; i++) {
            char c = src.charAt(i);
            char n = src.charAt(i + 1);
            if ((c == '/' && n == '*') || (c == '-' && n == '-')) {
                stop = i;
                break;
            }
        }
        // "a=-1" is "=" then "-": a multi-character operator cannot end in + or - unless it contains
        // one of ~ ! @ # % ^ & | ` ? (so that prefix signs stay separate tokens).
        if (stop - p > 1 && isPlusMinus(src.charAt(stop - 1))) {
            boolean special = false;
            for (int i = p; i < stop - 1; i++) {
                if ("~!@#^&|`?%".indexOf(src.charAt(i)) >= 0) {
                    special = true;
                    break;
                }
            }
            if (!special) {
                do {
                    stop--;
                } while (stop - p > 1 && isPlusMinus(src.charAt(stop - 1)));
            }
        }
        return stop;
    }
}
