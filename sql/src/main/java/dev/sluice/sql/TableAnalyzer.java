package dev.sluice.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds a statement's {@link StatementShape}: statements without tables are answered from their class, the
 * statement inside {@code EXPLAIN}, {@code DECLARE ... CURSOR FOR}, {@code PREPARE ... AS} and
 * {@code COPY (query)} is analysed on its own, and everything else goes to the parser — unless it is larger than
 * {@value #MAX_PARSED_CHARS} characters (after constant lists collapse) or nested deeper than {@value #MAX_PARSED_DEPTH}
 * parentheses, where a recursive-descent parser's time (it grows quickly with length: tens of milliseconds for a few
 * KiB of operator chains) and stack are not worth risking; those (and statements the parser rejects)
 * get the token-only {@link LexerTables} answer, which is unknown unless the shape is unambiguous.
 *
 * <p>Parsed shapes are cached by their literal-free {@link SqlText}, so repeated statements differing only in
 * constants parse once. Every parsed text is cached, so one distinct statement costs one parse; the cache is bounded
 * ({@value #CACHE_ENTRIES} entries of at most {@value #MAX_PARSED_CHARS} characters) and simply cleared when full.
 */
final class TableAnalyzer {

    static final int MAX_PARSED_CHARS = 8 * 1024;
    static final int MAX_PARSED_DEPTH = 200;
    private static final int CACHE_ENTRIES = 2048;
    private static final Map<String, StatementShape> CACHE = new ConcurrentHashMap<>();

    private TableAnalyzer() {}

    /**
     * @param tokens the statement's tokens without comments (no ERROR tokens)
     * @param facts  its lexical facts
     */
    static StatementShape shape(List<Token> tokens, StatementFacts facts) {
        return switch (facts.statementClass()) {
            case UNKNOWN -> StatementShape.UNKNOWN;
            case TRANSACTION, SESSION -> StatementShape.noTables();
            case DYNAMIC -> facts.statementType().equals("PREPARE") ? prepared(tokens) : StatementShape.UNKNOWN;
            case COPY -> copy(tokens, facts);
            case READ, WRITE, DDL, DCL, UTILITY -> switch (tokens.getFirst().kind() == TokenKind.WORD ? tokens.getFirst().value() : "") {
                case "explain" -> explained(tokens);
                case "declare" -> inner(tokens, topLevelWord(tokens, "for", 1)).withoutOutputs();
                case "fetch", "move" -> StatementShape.noTables();
                default -> parsed(tokens);
            };
        };
    }

    private static StatementShape parsed(List<Token> tokens) {
        SqlText text = SqlText.of(parserReadable(tokens));
        if (text.text().length() > MAX_PARSED_CHARS || text.maxDepth() > MAX_PARSED_DEPTH) {
            return LexerTables.shape(tokens);
        }
        StatementShape shape = CACHE.get(text.text());
        if (shape == null) {
            shape = JSqlShapes.shape(text.text());
            if (CACHE.size() >= CACHE_ENTRIES) {
                CACHE.clear();
            }
            CACHE.put(text.text(), shape);
        }
        return shape.known() ? shape : LexerTables.shape(tokens);
    }

    /**
     * Drops the words JSqlParser does not know after a {@code SELECT ... INTO} ({@code TEMP}, {@code TEMPORARY},
     * {@code UNLOGGED}, {@code TABLE}): they say how the new table is kept, not which it is.
     */
    private static List<Token> parserReadable(List<Token> tokens) {
        if (!tokens.getFirst().isWord("select") && !tokens.getFirst().isWord("with") && !tokens.getFirst().isSymbol("(")) {
            return tokens;
        }
        List<Token> out = null;
        for (int i = 1; i < tokens.size(); i++) {
            Token token = tokens.get(i);
            boolean afterInto = tokens.get(i - 1).isWord("into") || (out != null && !out.isEmpty() && out.getLast().isWord("into"));
            boolean storage = token.isWord("temp") || token.isWord("temporary") || token.isWord("unlogged") || token.isWord("table");
            if (afterInto && storage) {
                if (out == null) {
                    out = new ArrayList<>(tokens.subList(0, i));
                }
                continue;
            }
            if (out != null) {
                out.add(token);
            }
        }
        return out == null ? tokens : out;
    }

    /** EXPLAIN [ANALYZE] [VERBOSE] stmt, or EXPLAIN (options) stmt. */
    private static StatementShape explained(List<Token> tokens) {
        int i = 1;
        if (i < tokens.size() && tokens.get(i).isSymbol("(")) {
            i = LexerTables.closing(tokens, i) + 1;
        } else {
            while (i < tokens.size() && (tokens.get(i).isWord("analyze") || tokens.get(i).isWord("analyse") || tokens.get(i).isWord("verbose"))) {
                i++;
            }
        }
        return inner(tokens, i - 1).withoutOutputs();
    }

    /** PREPARE name [(types)] AS statement. */
    private static StatementShape prepared(List<Token> tokens) {
        return inner(tokens, topLevelWord(tokens, "as", 2)).withoutOutputs();
    }

    /** COPY table ... or COPY (query) TO ... . */
    private static StatementShape copy(List<Token> tokens, StatementFacts facts) {
        if (tokens.size() > 1 && tokens.get(1).isSymbol("(")) {
            int close = LexerTables.closing(tokens, 1);
            return close >= tokens.size() ? StatementShape.UNKNOWN : shapeOf(tokens.subList(2, close)).withoutOutputs();
        }
        boolean in = switch (facts.copyDirection()) {
            case FROM_STDIN, FROM_PROGRAM, FROM_FILE -> true;
            default -> false;
        };
        return LexerTables.copyTable(tokens, in);
    }

    /** The statement after the key word at {@code keyword}. */
    private static StatementShape inner(List<Token> tokens, int keyword) {
        if (keyword < 0 || keyword + 1 >= tokens.size()) {
            return StatementShape.UNKNOWN;
        }
        return shapeOf(tokens.subList(keyword + 1, tokens.size()));
    }

    private static StatementShape shapeOf(List<Token> tokens) {
        Token first = tokens.isEmpty() ? null : tokens.getFirst();
        if (first == null || first.isWord("explain") || first.isWord("declare") || first.isWord("prepare") || first.isWord("copy")) {
            return StatementShape.UNKNOWN; // none of these nests in PostgreSQL; refusing keeps the recursion one level deep
        }
        return shape(tokens, StatementClassifier.lexical(tokens));
    }

    private static int topLevelWord(List<Token> tokens, String word, int from) {
        int depth = 0;
        for (int i = from; i < tokens.size(); i++) {
            Token token = tokens.get(i);
            if (token.isSymbol("(")) {
                depth++;
            } else if (token.isSymbol(")")) {
                depth--;
            } else if (depth == 0 && token.isWord(word)) {
                return i;
            }
        }
        return -1;
    }
}
