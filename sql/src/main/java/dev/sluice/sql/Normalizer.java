package dev.sluice.sql;

/**
 * Computes a statement fingerprint: the token stream with comments dropped, unquoted words case-folded,
 * quoted identifiers in canonical quoted form, every numeric and string constant (all forms) replaced by
 * {@code ?}, positional parameters kept, tokens joined by single spaces.
 *
 * <p>The proxy uses the fingerprint as a decision-cache key, so two texts with the same fingerprint must
 * differ only in constant values. That is why the join is unambiguous: words never contain a space,
 * quoted identifiers are re-quoted with {@code ""} doubling, a {@code ?} inside an operator is written
 * {@code \?} (PostgreSQL has {@code ?} operators, e.g. for jsonb), and input with any lexical error gets a
 * NUL-prefixed fingerprint that no error-free input can produce. One pass, no token objects.
 */
public final class Normalizer {

    /** Prefix of fingerprints of input that contains lexical errors. */
    public static final String ERROR_PREFIX = "\u0000error ";

    private Normalizer() {}

    /** The fingerprint of {@code sql} with {@code standard_conforming_strings = on}. */
    public static String normalize(String sql) {
        return normalize(sql, true);
    }

    /** The fingerprint of {@code sql}. */
    public static String normalize(String sql, boolean standardConformingStrings) {
        PgLexer lexer = new PgLexer(sql, standardConformingStrings);
        String src = lexer.source();
        StringBuilder out = new StringBuilder(src.length());
        boolean error = false;
        while (lexer.next()) {
            TokenKind kind = lexer.kind();
            if (kind == TokenKind.COMMENT) {
                continue;
            }
            if (!out.isEmpty()) {
                out.append(' ');
            }
            int start = lexer.start();
            int end = lexer.end();
            switch (kind) {
                case WORD -> {
                    for (int i = start; i < end; i++) {
                        char c = src.charAt(i);
                        out.append(c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c);
                    }
                }
                case QUOTED_IDENTIFIER -> {
                    if (src.charAt(start) == '"') {
                        out.append(src, start, end); // already canonical: "..." with "" doubling
                    } else {
                        appendQuoted(out, lexer.token().value()); // U&"..." spelled as its plain form
                    }
                }
                case STRING, ESCAPE_STRING, UNICODE_STRING, DOLLAR_STRING, BIT_STRING, NUMBER -> out.append('?');
                case OPERATOR -> {
                    for (int i = start; i < end; i++) {
                        char c = src.charAt(i);
                        if (c == '?') {
                            out.append('\\');
                        }
                        out.append(c);
                    }
                }
                case ERROR -> {
                    error = true;
                    out.append(src, start, end);
                }
                default -> out.append(src, start, end);
            }
        }
        return error ? ERROR_PREFIX + out : out.toString();
    }

    private static void appendQuoted(StringBuilder out, String name) {
        out.append('"');
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            out.append(c);
            if (c == '"') {
                out.append('"');
            }
        }
        out.append('"');
    }
}
