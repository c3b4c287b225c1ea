package dev.sluice.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * The text handed to the parser, rebuilt from the lexer's tokens rather than taken from the client: comments
 * are gone, words are case-folded, quoted identifiers are in their plain {@code "..."} form (a {@code U&"..."}
 * arrives decoded), every literal is a neutral constant ({@code 's'} or {@code 0}), every parameter is {@code $1},
 * and lists of constants collapse to one element ({@code IN (1, 2, 3)} → {@code IN (0)}, {@code VALUES (1, 'a'),
 * (2, 'b')} → {@code VALUES (0)}).
 *
 * <p>Rebuilding means the parser never has to agree with PostgreSQL on lexical details (nested comments,
 * dollar quotes, escape strings, {@code UESCAPE}); it only sees tokens the gateway already understands. Table
 * and column facts never depend on a constant, so collapsing keeps bulk statements small for a parser that is slow
 * on long lists, and the text serves as the key of the analysis cache: {@code WHERE id = 5} and
 * {@code WHERE id IN (6, 7)} share one parse.
 *
 * @param text     the canonical text
 * @param maxDepth the deepest nesting of parentheses and brackets, to keep recursive parsing bounded
 */
record SqlText(String text, int maxDepth) {

    private record Part(String text, boolean constant, boolean glued) {}

    /** Rebuilds {@code tokens} (comments are skipped; the caller rejects ERROR tokens first). */
    static SqlText of(List<Token> tokens) {
        List<Part> parts = new ArrayList<>(tokens.size());
        int depth = 0;
        int maxDepth = 0;
        Token previous = null;
        for (int i = 0; i < tokens.size(); i++) {
            Token token = tokens.get(i);
            if (token.kind() == TokenKind.COMMENT) {
                continue;
            }
            if (token.isSymbol("(") || token.isSymbol("[")) {
                maxDepth = Math.max(maxDepth, ++depth);
            } else if (token.isSymbol(")") || token.isSymbol("]")) {
                depth--;
            }
            boolean glued = previous != null && glued(previous, token);
            previous = token;
            Part part = part(token, glued);
            if (part.constant && collapsesInto(parts, nextSignificant(tokens, i))) {
                parts.removeLast(); // the ',' before this constant: the list already holds one
                continue;
            }
            parts.add(part);
            collapseRow(parts);
        }
        StringBuilder out = new StringBuilder(parts.size() * 6);
        for (Part part : parts) {
            if (!out.isEmpty() && !part.glued) {
                out.append(' ');
            }
            out.append(part.text);
        }
        return new SqlText(out.toString(), maxDepth);
    }

    /** {@code <constant> , <constant>} followed by {@code ,} or {@code )}: the second constant adds nothing. */
    private static boolean collapsesInto(List<Part> parts, Token next) {
        int n = parts.size();
        return n >= 2 && parts.get(n - 1).text.equals(",") && parts.get(n - 2).constant
                && next != null && (next.isSymbol(",") || next.isSymbol(")"));
    }

    /** {@code (c1) , (c2)}: a repeated one-constant row or group collapses to one. */
    private static void collapseRow(List<Part> parts) {
        int n = parts.size();
        if (n >= 7 && parts.get(n - 1).text.equals(")") && parts.get(n - 2).constant && parts.get(n - 3).text.equals("(")
                && parts.get(n - 4).text.equals(",") && parts.get(n - 5).text.equals(")")
                && parts.get(n - 6).constant && parts.get(n - 7).text.equals("(")) {
            for (int k = 0; k < 4; k++) {
                parts.removeLast();
            }
        }
    }

    private static Token nextSignificant(List<Token> tokens, int i) {
        for (int j = i + 1; j < tokens.size(); j++) {
            if (tokens.get(j).kind() != TokenKind.COMMENT) {
                return tokens.get(j);
            }
        }
        return null;
    }

    /**
     * Punctuation stays glued to a neighbour it touched in the source ({@code c.ssn}, {@code int[]}, {@code x::text});
     * everything else is separated by one space so no two tokens can merge into a different one (an operator
     * {@code <} followed by {@code -1} must not become {@code <-}).
     */
    private static boolean glued(Token previous, Token token) {
        return previous.end() == token.start()
                && (previous.kind() == TokenKind.PUNCTUATION || token.kind() == TokenKind.PUNCTUATION);
    }

    private static Part part(Token token, boolean glued) {
        return switch (token.kind()) {
            case WORD -> new Part(token.value(), false, glued);
            case QUOTED_IDENTIFIER -> new Part('"' + token.value().replace("\"", "\"\"") + '"', false, glued);
            case STRING, ESCAPE_STRING, UNICODE_STRING, DOLLAR_STRING, BIT_STRING -> new Part("'s'", true, glued);
            case NUMBER -> new Part("0", true, glued);
            case PARAMETER -> new Part("$1", true, glued);
            default -> new Part(token.text(), false, glued);
        };
    }
}
