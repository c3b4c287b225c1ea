package dev.sluice.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a query into statements at top-level semicolons, as the server's grammar does for a simple Query
 * message (<a href="https://www.postgresql.org/docs/current/protocol-flow.html#PROTOCOL-FLOW-MULTI-STATEMENT">
 * 55.2.2.1 Multiple Statements in a Simple Query</a>).
 *
 * <p>A semicolon splits only outside parentheses ({@code CREATE RULE ... DO (a; b)} is one statement) and
 * outside the {@code BEGIN ATOMIC ... END} body of a SQL-standard {@code CREATE FUNCTION/PROCEDURE}, the
 * same nesting psql tracks. Semicolons inside literals, quoted identifiers and comments are never tokens.
 * Statements with nothing but comments and whitespace are dropped.
 */
public final class StatementSplitter {

    private StatementSplitter() {}

    /** The texts of the non-empty statements of {@code sql}. */
    public static List<String> split(String sql) {
        List<SqlStatement> statements = splitLexed(sql);
        List<String> texts = new ArrayList<>(statements.size());
        for (SqlStatement statement : statements) {
            texts.add(statement.text());
        }
        return texts;
    }

    /** The non-empty statements of {@code sql} with their tokens ({@code standard_conforming_strings = on}). */
    public static List<SqlStatement> splitLexed(String sql) {
        return splitLexed(sql, true);
    }

    /** The non-empty statements of {@code sql} with their tokens. */
    public static List<SqlStatement> splitLexed(String sql, boolean standardConformingStrings) {
        String source = sql == null ? "" : sql;
        List<Token> all = PgLexer.tokenize(source, standardConformingStrings);
        List<SqlStatement> statements = new ArrayList<>();
        List<Token> current = new ArrayList<>();
        int textStart = -1;
        int textEnd = -1;
        int parenDepth = 0;
        int atomicDepth = 0;
        for (int i = 0; i < all.size(); i++) {
            Token token = all.get(i);
            if (token.kind() == TokenKind.PUNCTUATION && token.text().equals(";") && parenDepth == 0 && atomicDepth == 0) {
                add(statements, source, current, textStart, textEnd);
                current = new ArrayList<>();
                textStart = -1;
                parenDepth = 0;
                continue;
            }
            if (textStart < 0) {
                textStart = token.start();
            }
            textEnd = token.end();
            if (token.kind() == TokenKind.COMMENT) {
                continue;
            }
            if (token.isSymbol("(")) {
                parenDepth++;
            } else if (token.isSymbol(")")) {
                // A stray ")" is a syntax error for the server; never let it hide a later semicolon.
                parenDepth = Math.max(0, parenDepth - 1);
            } else if (token.kind() == TokenKind.WORD && parenDepth == 0 && isRoutineDefinition(current)) {
                if (token.value().equals("begin") && nextSignificantIs(all, i + 1, "atomic")) {
                    atomicDepth++;
                } else if (atomicDepth > 0 && token.value().equals("case")) {
                    atomicDepth++;
                } else if (atomicDepth > 0 && token.value().equals("end")) {
                    atomicDepth--;
                }
            }
            current.add(token);
        }
        add(statements, source, current, textStart, textEnd);
        return statements;
    }

    private static void add(List<SqlStatement> statements, String source, List<Token> tokens, int start, int end) {
        if (!tokens.isEmpty()) {
            statements.add(new SqlStatement(source.substring(start, end), tokens));
        }
    }

    /** {@code CREATE [OR REPLACE] FUNCTION|PROCEDURE}: the only statements with a BEGIN ATOMIC body. */
    private static boolean isRoutineDefinition(List<Token> tokens) {
        if (tokens.size() < 2 || !tokens.get(0).isWord("create")) {
            return false;
        }
        int i = 1;
        if (tokens.get(1).isWord("or") && tokens.size() > 3 && tokens.get(2).isWord("replace")) {
            i = 3;
        }
        return tokens.get(i).isWord("function") || tokens.get(i).isWord("procedure");
    }

    private static boolean nextSignificantIs(List<Token> tokens, int from, String word) {
        for (int i = from; i < tokens.size(); i++) {
            if (tokens.get(i).kind() != TokenKind.COMMENT) {
                return tokens.get(i).isWord(word);
            }
        }
        return false;
    }
}
