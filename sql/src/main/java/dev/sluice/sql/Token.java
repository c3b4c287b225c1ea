package dev.sluice.sql;

import java.util.Objects;

/**
 * One lexical token.
 *
 * @param kind  what the token is
 * @param text  the exact source text of the token
 * @param value the token's meaning: the case-folded word, the decoded string or identifier, or the text
 * @param start offset of the first character in the source (inclusive)
 * @param end   offset after the last character in the source (exclusive)
 */
public record Token(TokenKind kind, String text, String value, int start, int end) {
    public Token {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(value, "value");
    }

    /** Whether this is the unquoted word (key word or identifier) {@code lowerCaseWord}. */
    public boolean isWord(String lowerCaseWord) {
        return kind == TokenKind.WORD && value.equals(lowerCaseWord);
    }

    /** Whether this is the punctuation or operator {@code symbol}. */
    public boolean isSymbol(String symbol) {
        return (kind == TokenKind.PUNCTUATION || kind == TokenKind.OPERATOR) && text.equals(symbol);
    }
}
