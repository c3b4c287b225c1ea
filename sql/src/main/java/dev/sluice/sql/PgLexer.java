package dev.sluice.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * A lexer that splits SQL text into tokens exactly as the PostgreSQL server's scanner ({@code scan.l})
 * does, following <a href="https://www.postgresql.org/docs/current/sql-syntax-lexical.html">4.1 Lexical
 * Structure</a> of PostgreSQL 17.
 *
 * <p>It is a cursor: {@link #next()} advances and the accessors describe the current token without
 * allocating, so that hot paths (the {@link Normalizer}) stay cheap; {@link #token()} materializes a
 * {@link Token} when one is needed. Whitespace is skipped; comments are returned as {@link TokenKind#COMMENT}.
 * The lexer never throws on any input and runs in time linear in its length: anything the server would
 * reject at the lexical level (unterminated literals or comments, junk after numbers or parameters, stray
 * characters) becomes an {@link TokenKind#ERROR} token, and an unterminated construct swallows the rest of
 * the input so that nothing behind it can be mistaken for a statement.
 *
 * <p>Unquoted identifiers are folded by ASCII letters only, as the server does in multi-byte encodings:
 * folding other letters (e.g. the Kelvin sign to {@code k}) would make two names equal that the server
 * keeps apart.
 */
public final class PgLexer {

    private final String src;
    private final int len;
    private final boolean standardConformingStrings;

    private int pos;
    private TokenKind kind;
    private int start;
    private int end;
    /** The decoded value, when scanning had to compute it (Unicode escapes); otherwise computed on demand. */
    private String eagerValue;

    /** A lexer with {@code standard_conforming_strings = on} (the server default since 9.1). */
    public PgLexer(String sql) {
        this(sql, true);
    }

    /**
     * @param sql                       the text to lex
     * @param standardConformingStrings the server setting: when off, backslashes escape in {@code '...'} too
     */
    public PgLexer(String sql, boolean standardConformingStrings) {
        this.src = sql == null ? "" : sql;
        this.len = src.length();
        this.standardConformingStrings = standardConformingStrings;
    }

    /** All tokens of {@code sql}, comments included, with {@code standard_conforming_strings = on}. */
    public static List<Token> tokenize(String sql) {
        return tokenize(sql, true);
    }

    /** All tokens of {@code sql}, comments included. */
    public static List<Token> tokenize(String sql, boolean standardConformingStrings) {
        PgLexer lexer = new PgLexer(sql, standardConformingStrings);
        List<Token> tokens = new ArrayList<>();
        while (lexer.next()) {
            tokens.add(lexer.token());
        }
        return tokens;
    }

    /** The source text being lexed. */
    public String source() {
        return src;
    }

    /** The kind of the current token; null before the first and after the last. */
    public TokenKind kind() {
        return kind;
    }

    /** Offset of the current token's first character. */
    public int start() {
        return start;
    }

    /** Offset after the current token's last character. */
    public int end() {
        return end;
    }

    /** The exact source text of the current token. */
    public String text() {
        return src.substring(start, end);
    }

    /** The current token as a record, with its decoded value. */
    public Token token() {
        String text = text();
        return new Token(kind, text, value(text), start, end);
    }

    private String value(String text) {
        if (eagerValue != null) {
            return eagerValue;
        }
        return switch (kind) {
            case WORD -> foldAscii(text);
            case QUOTED_IDENTIFIER -> PgStrings.undouble(text, 1, text.length() - 1, '"');
            case STRING -> PgStrings.decodeQuoted(text, !standardConformingStrings);
            case ESCAPE_STRING, BIT_STRING -> PgStrings.decodeQuoted(text, kind == TokenKind.ESCAPE_STRING);
            case DOLLAR_STRING -> dollarBody(text);
            default -> text;
        };
    }

    private static String dollarBody(String text) {
        int tagEnd = text.indexOf('$', 1) + 1;
        return text.substring(tagEnd, text.length() - tagEnd);
    }

    /** Lower-cases ASCII letters only (PostgreSQL's {@code downcase_identifier} for multi-byte encodings). */
    public static String foldAscii(String word) {
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                char[] chars = word.toCharArray();
                for (int j = i; j < chars.length; j++) {
                    if (chars[j] >= 'A' && chars[j] <= 'Z') {
                        chars[j] = (char) (chars[j] + ('a' - 'A'));
                    }
                }
                return new String(chars);
            }
        }
        return word;
    }

    /**
     * Advances to the next token.
     *
     * @return false at the end of the input
     */
    public boolean next() {
        eagerValue = null;
        pos = skipSpace(pos);
        if (pos >= len) {
            kind = null;
            start = end = len;
            return false;
        }
        start = pos;
        char c = src.charAt(pos);
        char n = pos + 1 < len ? src.charAt(pos + 1) : '\0';
        if (c == '-' && n == '-') {
            finish(TokenKind.COMMENT, PgScan.lineCommentEnd(src, pos));
        } else if (c == '/' && n == '*') {
            int stop = PgScan.blockCommentEnd(src, pos);
            finish(stop < 0 ? TokenKind.ERROR : TokenKind.COMMENT, stop < 0 ? len : stop);
        } else if (c == '\'') {
            quotedString(pos, standardConformingStrings ? TokenKind.STRING : TokenKind.ESCAPE_STRING, TokenKind.STRING);
        } else if (c == '"') {
            quotedIdentifier(pos);
        } else if ((c == 'e' || c == 'E') && n == '\'') {
            quotedString(pos + 1, TokenKind.ESCAPE_STRING, TokenKind.ESCAPE_STRING);
        } else if ((c == 'n' || c == 'N') && n == '\'') {
            quotedString(pos + 1, standardConformingStrings ? TokenKind.STRING : TokenKind.ESCAPE_STRING, TokenKind.STRING);
        } else if ((c == 'b' || c == 'B' || c == 'x' || c == 'X') && n == '\'') {
            quotedString(pos + 1, TokenKind.STRING, TokenKind.BIT_STRING);
        } else if ((c == 'u' || c == 'U') && n == '&' && pos + 2 < len
                && (src.charAt(pos + 2) == '\'' || src.charAt(pos + 2) == '"')) {
            unicodeQuoted(pos + 2);
        } else if (c == '$') {
            dollar(pos);
        } else if (PgScan.isDigit(c) || (c == '.' && PgScan.isDigit(n))) {
            number(pos);
        } else if (PgScan.isIdentStart(c)) {
            int p = pos + 1;
            while (p < len && PgScan.isIdentCont(src.charAt(p))) {
                p++;
            }
            finish(TokenKind.WORD, p);
        } else if (PgScan.isOpChar(c)) {
            finish(TokenKind.OPERATOR, PgScan.operatorEnd(src, pos));
        } else if (c == ':') {
            finish(TokenKind.PUNCTUATION, n == ':' || n == '=' ? pos + 2 : pos + 1);
        } else if (c == '.') {
            // ".." is PostgreSQL's DOT_DOT (PL/pgSQL integer ranges): one token, so "1..10" ends in 10, not .10.
            finish(TokenKind.PUNCTUATION, n == '.' ? pos + 2 : pos + 1);
        } else if (c == '(' || c == ')' || c == '[' || c == ']' || c == ',' || c == ';') {
            finish(TokenKind.PUNCTUATION, pos + 1);
        } else {
            // Anything else ('\\', '{', NUL, ...) is a character no SQL token starts with.
            finish(TokenKind.ERROR, pos + Character.charCount(src.codePointAt(pos)));
        }
        return true;
    }

    private void finish(TokenKind tokenKind, int stop) {
        kind = tokenKind;
        end = stop;
        pos = stop;
    }

    // --- whitespace and comments -------------------------------------------------------------------

    private int skipSpace(int p) {
        while (p < len && PgScan.isSpace(src.charAt(p))) {
            p++;
        }
        return p;
    }

    // --- quoted strings and identifiers ------------------------------------------------------------

    private void quotedString(int quote, TokenKind mode, TokenKind resultKind) {
        boolean escapes = mode == TokenKind.ESCAPE_STRING;
        int stop = PgScan.quotedSegmentsEnd(src, quote, escapes);
        if (stop < 0) {
            finish(TokenKind.ERROR, len);
        } else {
            finish(resultKind == TokenKind.STRING && escapes ? TokenKind.ESCAPE_STRING : resultKind, stop);
        }
    }

    private void quotedIdentifier(int quote) {
        int stop = PgScan.quotedIdentifierEnd(src, quote);
        // A zero-length delimited identifier is an error in PostgreSQL.
        finish(stop < 0 || stop == quote + 2 ? TokenKind.ERROR : TokenKind.QUOTED_IDENTIFIER, stop < 0 ? len : stop);
    }

    /** {@code U&'...'} or {@code U&"..."} with an optional {@code UESCAPE 'c'} clause. */
    private void unicodeQuoted(int quote) {
        boolean identifier = src.charAt(quote) == '"';
        if (!identifier && !standardConformingStrings) {
            // The server refuses U&'' when backslashes are escapes ("unsafe use of string constant").
            finish(TokenKind.ERROR, len);
            return;
        }
        int bodyEnd = identifier ? PgScan.quotedIdentifierEnd(src, quote) : PgScan.quotedSegmentsEnd(src, quote, false);
        if (bodyEnd < 0) {
            finish(TokenKind.ERROR, len);
            return;
        }
        char escape = '\\';
        int stop = bodyEnd;
        int p = PgScan.skipSpaceAndComments(src, bodyEnd);
        if (p + 7 <= len && src.regionMatches(true, p, "uescape", 0, 7) && (p + 7 == len || !PgScan.isIdentCont(src.charAt(p + 7)))) {
            int q = PgScan.skipSpaceAndComments(src, p + 7);
            if (q + 3 <= len && src.charAt(q) == '\'' && src.charAt(q + 2) == '\'' && validEscapeChar(src.charAt(q + 1))
                    && (q + 3 == len || src.charAt(q + 3) != '\'')) {
                escape = src.charAt(q + 1);
                stop = q + 3;
            } else {
                finish(TokenKind.ERROR, len);
                return;
            }
        }
        String decoded = PgStrings.decodeUnicode(src, quote, bodyEnd, escape);
        if (decoded == null || (identifier && decoded.isEmpty())) {
            finish(TokenKind.ERROR, stop);
            return;
        }
        finish(identifier ? TokenKind.QUOTED_IDENTIFIER : TokenKind.UNICODE_STRING, stop);
        eagerValue = decoded;
    }

    private static boolean validEscapeChar(char c) {
        return !(PgScan.isHexDigit(c) || c == '+' || c == '\'' || c == '"' || PgScan.isSpace(c));
    }

    // --- dollar quotes and parameters --------------------------------------------------------------

    private void dollar(int p) {
        int q = p + 1;
        if (q < len && PgScan.isDigit(src.charAt(q))) {
            int stop = PgScan.digitsEnd(src, q, 10);
            // PostgreSQL 15+: "trailing junk after parameter".
            finish(stop < len && PgScan.isIdentStart(src.charAt(stop)) ? TokenKind.ERROR : TokenKind.PARAMETER, PgScan.junkEnd(src, stop));
            return;
        }
        if (q < len && PgScan.isIdentStart(src.charAt(q))) {
            q++;
            while (q < len && PgScan.isIdentStart(src.charAt(q)) || q < len && PgScan.isDigit(src.charAt(q))) {
                q++;
            }
        }
        if (q >= len || src.charAt(q) != '$') {
            // Not a dollar-quote opening: the server returns a lone '$', which no grammar rule accepts.
            finish(TokenKind.ERROR, p + 1);
            return;
        }
        String delimiter = src.substring(p, q + 1);
        int close = src.indexOf(delimiter, q + 1);
        finish(close < 0 ? TokenKind.ERROR : TokenKind.DOLLAR_STRING, close < 0 ? len : close + delimiter.length());
    }

    // --- numbers ---------------------------------------------------------------------------------------

    private void number(int p) {
        char c = src.charAt(p);
        char n = p + 1 < len ? src.charAt(p + 1) : '\0';
        if (c == '0' && (n == 'x' || n == 'X' || n == 'o' || n == 'O' || n == 'b' || n == 'B')) {
            int radix = n == 'x' || n == 'X' ? 16 : n == 'o' || n == 'O' ? 8 : 2;
            int q = p + 2;
            if (q < len && src.charAt(q) == '_') {
                q++;
            }
            int stop = q < len && Character.digit(src.charAt(q), radix) >= 0 && src.charAt(q) < 0x80 ? PgScan.digitsEnd(src, q, radix) : -1;
            if (stop < 0 || (stop < len && PgScan.isIdentCont(src.charAt(stop)))) {
                finish(TokenKind.ERROR, PgScan.junkEnd(src, Math.max(stop, q)));
            } else {
                finish(TokenKind.NUMBER, stop);
            }
            return;
        }
        int q = c == '.' ? p : PgScan.digitsEnd(src, p, 10);
        if (q < len && src.charAt(q) == '.') {
            if (q + 1 < len && src.charAt(q + 1) == '.') {
                finish(TokenKind.NUMBER, q); // "1..10": the integer, then DOT_DOT
                return;
            }
            q++;
            if (q < len && PgScan.isDigit(src.charAt(q))) {
                q = PgScan.digitsEnd(src, q, 10);
            }
        }
        if (q < len && (src.charAt(q) == 'e' || src.charAt(q) == 'E')) {
            int e = q + 1;
            boolean signed = e < len && (src.charAt(e) == '+' || src.charAt(e) == '-');
            if (signed) {
                e++;
            }
            if (e < len && PgScan.isDigit(src.charAt(e))) {
                q = PgScan.digitsEnd(src, e, 10);
            } else if (signed) {
                finish(TokenKind.ERROR, PgScan.junkEnd(src, e)); // realfail: "trailing junk after numeric literal"
                return;
            }
        }
        if (q < len && PgScan.isIdentStart(src.charAt(q))) {
            finish(TokenKind.ERROR, PgScan.junkEnd(src, q)); // PostgreSQL 15+: "trailing junk after numeric literal"
        } else {
            finish(TokenKind.NUMBER, q);
        }
    }

    // --- operators --------------------------------------------------------------------------------------

    // --- character classes ----------------------------------------------------------------------------

}
