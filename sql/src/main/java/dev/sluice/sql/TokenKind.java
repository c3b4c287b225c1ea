package dev.sluice.sql;

/**
 * Kinds of lexical tokens, following PostgreSQL's lexical structure
 * (<a href="https://www.postgresql.org/docs/current/sql-syntax-lexical.html">4.1 Lexical Structure</a>).
 */
public enum TokenKind {
    /** An unquoted identifier or key word; its value is case-folded (ASCII letters only, as PostgreSQL does). */
    WORD,
    /** A double-quoted identifier, {@code "..."} or {@code U&"..."}; its value is the exact name. */
    QUOTED_IDENTIFIER,
    /** A standard string {@code '...'} or national string {@code N'...'}; its value is the decoded content. */
    STRING,
    /** An escape string {@code E'...'} with C-style backslash escapes. */
    ESCAPE_STRING,
    /** A Unicode-escape string {@code U&'...'}, with its optional {@code UESCAPE} clause. */
    UNICODE_STRING,
    /** A dollar-quoted string {@code $tag$...$tag$}; its value is the body. */
    DOLLAR_STRING,
    /** A bit-string constant {@code B'...'} or {@code X'...'}. */
    BIT_STRING,
    /** A numeric constant: integer, decimal, exponent form, or 0x / 0o / 0b integer. */
    NUMBER,
    /** A positional parameter {@code $n}. */
    PARAMETER,
    /** An operator, e.g. {@code =}, {@code <>}, {@code ||}, {@code @>}. */
    OPERATOR,
    /** Punctuation: {@code ( ) [ ] , ; : :: :=} and {@code .}. */
    PUNCTUATION,
    /** A {@code --} line comment or a (possibly nested) block comment. */
    COMMENT,
    /** Input PostgreSQL would reject: unterminated literal or comment, trailing junk, a stray character. */
    ERROR;

    /** Whether this token is a constant whose value a normalized statement replaces by a placeholder. */
    public boolean isLiteral() {
        return switch (this) {
            case STRING, ESCAPE_STRING, UNICODE_STRING, DOLLAR_STRING, BIT_STRING, NUMBER -> true;
            default -> false;
        };
    }

    /** Whether this token is one of the string constant forms. */
    public boolean isString() {
        return isLiteral() && this != NUMBER;
    }
}
