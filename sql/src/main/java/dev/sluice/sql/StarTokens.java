package dev.sluice.sql;

import java.util.List;

/**
 * Tells a {@code *} that expands columns ({@code SELECT *}, {@code t.*}, {@code RETURNING *}) from multiplication
 * and from the {@code *} argument of an aggregate such as {@code count(*)}, which reads no column value; and finds
 * the {@code TABLE name} query form, an expansion without a star.
 * When unsure it answers "expansion": counting one too many is safe for the masking analysis.
 */
final class StarTokens {

    private StarTokens() {}

    static boolean isExpansion(List<Token> tokens, int i) {
        Token previous = i > 0 ? tokens.get(i - 1) : null;
        Token next = i + 1 < tokens.size() ? tokens.get(i + 1) : null;
        if (previous == null) {
            return true;
        }
        if (previous.isSymbol(".")) {
            return true;
        }
        if (previous.isWord("select") && i >= 3 && tokens.get(i - 2).isSymbol("(") && tokens.get(i - 3).isWord("exists")) {
            return false; // EXISTS (SELECT * ...) tests for a row; no column value leaves the subquery
        }
        if (previous.isSymbol("(") && next != null && next.isSymbol(")") && i >= 2 && isName(tokens.get(i - 2))
                && !tokens.get(i - 2).isWord("row")) {
            return false; // count(*): an aggregate over rows, not their values
        }
        return !(endsOperand(previous) && startsOperand(next));
    }

    /**
     * Whether {@code tokens[i]} is the {@code TABLE} of a {@code TABLE name} query, which is {@code SELECT * FROM name}:
     * at the start of a statement or subquery, after AS (a CTE or CREATE ... AS), a set operation or FOR (a cursor).
     */
    static boolean isTableQuery(List<Token> tokens, int i) {
        if (!tokens.get(i).isWord("table") || i + 1 >= tokens.size() || !isName(tokens.get(i + 1))) {
            return false;
        }
        if (i == 0) {
            return true;
        }
        Token previous = tokens.get(i - 1);
        return previous.isSymbol("(") || switch (previous.kind() == TokenKind.WORD ? previous.value() : "") {
            case "as", "union", "intersect", "except", "all", "distinct", "for", "materialized" -> true;
            default -> false;
        };
    }

    private static boolean endsOperand(Token token) {
        return switch (token.kind()) {
            case WORD -> !isListStart(token);
            case QUOTED_IDENTIFIER, NUMBER, PARAMETER, STRING, ESCAPE_STRING, UNICODE_STRING, DOLLAR_STRING, BIT_STRING -> true;
            default -> token.isSymbol(")") || token.isSymbol("]");
        };
    }

    private static boolean startsOperand(Token token) {
        if (token == null) {
            return false;
        }
        return switch (token.kind()) {
            case WORD -> !isClause(token);
            case QUOTED_IDENTIFIER, NUMBER, PARAMETER, STRING, ESCAPE_STRING, UNICODE_STRING, DOLLAR_STRING, BIT_STRING -> true;
            case OPERATOR -> token.isSymbol("-") || token.isSymbol("+");
            default -> token.isSymbol("(");
        };
    }

    /** Words after which a {@code *} starts a select or returning list. */
    private static boolean isListStart(Token token) {
        return switch (token.value()) {
            case "select", "distinct", "all", "returning" -> true;
            default -> false;
        };
    }

    /** Words that end an expression, so a {@code *} before them cannot be a multiplication. */
    private static boolean isClause(Token token) {
        return switch (token.value()) {
            case "from", "into", "where", "union", "intersect", "except", "order", "group", "having", "limit", "offset",
                 "fetch", "for", "window", "returning", "on", "as", "then", "else", "end", "and", "or", "when" -> true;
            default -> false;
        };
    }

    private static boolean isName(Token token) {
        return token.kind() == TokenKind.WORD || token.kind() == TokenKind.QUOTED_IDENTIFIER;
    }
}
