package dev.sluice.sql;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One iterative pass over a statement's tokens collecting the facts every statement class needs: paren
 * balance, function calls and their dangers, WHERE clauses of each UPDATE/DELETE at its own nesting level,
 * data-modifying statements nested in parentheses (CTE bodies, COPY queries), and SELECT ... INTO.
 * Nesting is tracked with counters and an explicit stack, never recursion, so 10,000 nested parentheses
 * cost nothing special.
 */
final class TokenScan {

    /** Words that take a parenthesis without being a function call. */
    private static final Set<String> NOT_CALLS = Set.of(
            "all", "and", "any", "array", "as", "by", "check", "conflict", "distinct", "do", "else", "except",
            "exists", "filter", "from", "in", "include", "insert", "intersect", "into", "is", "join", "key",
            "lateral", "not", "on", "or", "over", "primary", "references", "returning", "row", "select", "set",
            "some", "then", "union", "unique", "update", "using", "values", "when", "where", "with", "within");

    /** Words after which {@code name(} names a relation or a definition, not a call. */
    private static final Set<String> RELATION_CONTEXT = Set.of(
            "aggregate", "as", "copy", "function", "into", "procedure", "references", "routine", "table", "type", "view");

    boolean unbalanced;
    boolean topLevelWhere;
    boolean selectInto;
    boolean topLevelSemicolon;
    /** Upper-case type of the first data-modifying statement nested in parentheses, or null. */
    String nestedModification;
    /** Whether any UPDATE or DELETE was seen (main or nested). */
    boolean anyUpdateOrDelete;
    /** Whether every UPDATE or DELETE had a WHERE at its own level. */
    boolean everyUpdateOrDeleteHasWhere = true;
    final Set<String> functions = new LinkedHashSet<>();
    final Set<Danger> dangers = new LinkedHashSet<>();

    private TokenScan() {}

    /**
     * @param tokens    the statement's tokens, without comments
     * @param mainIndex index of the statement's own INSERT/UPDATE/DELETE/MERGE key word, or -1
     */
    static TokenScan of(List<Token> tokens, int mainIndex) {
        TokenScan scan = new TokenScan();
        scan.run(tokens, mainIndex);
        return scan;
    }

    private void run(List<Token> tokens, int mainIndex) {
        // Open UPDATE/DELETE/INSERT/MERGE statements: {nesting depth, is update/delete, has where}.
        List<int[]> frames = new ArrayList<>();
        int depth = 0;
        int n = tokens.size();
        for (int i = 0; i < n; i++) {
            Token token = tokens.get(i);
            Token previous = i > 0 ? tokens.get(i - 1) : null;
            if (token.isSymbol("(")) {
                depth++;
            } else if (token.isSymbol(")")) {
                if (--depth < 0) {
                    unbalanced = true;
                    depth = 0;
                }
                closeFrames(frames, depth);
            } else if (token.isSymbol(";") && depth == 0) {
                topLevelSemicolon = true;
            } else if (token.kind() == TokenKind.WORD) {
                String word = token.value();
                boolean statementStart = i == mainIndex || (previous != null && previous.isSymbol("("));
                if (statementStart && isModification(word)) {
                    boolean updateOrDelete = word.equals("update") || word.equals("delete");
                    frames.add(new int[] {depth, updateOrDelete ? 1 : 0, 0});
                    if (i != mainIndex && nestedModification == null) {
                        nestedModification = word.toUpperCase(Locale.ROOT);
                    }
                } else if (word.equals("where")) {
                    topLevelWhere |= depth == 0;
                    if (!frames.isEmpty() && frames.getLast()[0] == depth) {
                        frames.getLast()[2] = 1;
                    }
                } else if (word.equals("into") && (previous == null || !(previous.isWord("insert") || previous.isWord("merge")))) {
                    selectInto = true;
                }
            }
            if (i + 1 < n && tokens.get(i + 1).isSymbol("(")) {
                call(tokens, i);
            }
        }
        if (depth != 0) {
            unbalanced = true;
        }
        closeFrames(frames, -1);
    }

    private void closeFrames(List<int[]> frames, int depth) {
        while (!frames.isEmpty() && frames.getLast()[0] > depth) {
            int[] frame = frames.removeLast();
            if (frame[1] == 1) {
                anyUpdateOrDelete = true;
                everyUpdateOrDeleteHasWhere &= frame[2] == 1;
            }
        }
    }

    static boolean isModification(String word) {
        return word.equals("insert") || word.equals("update") || word.equals("delete") || word.equals("merge");
    }

    /** Records {@code tokens[i]} as a called function if it is a name that is not a key word or relation. */
    private void call(List<Token> tokens, int i) {
        Token name = tokens.get(i);
        if (name.kind() == TokenKind.WORD && NOT_CALLS.contains(name.value())) {
            return;
        }
        if (name.kind() != TokenKind.WORD && name.kind() != TokenKind.QUOTED_IDENTIFIER) {
            return;
        }
        // Walk back over a qualified name (schema.name) to see what precedes it.
        int first = i;
        while (first >= 2 && tokens.get(first - 1).isSymbol(".")
                && (tokens.get(first - 2).kind() == TokenKind.WORD || tokens.get(first - 2).kind() == TokenKind.QUOTED_IDENTIFIER)) {
            first -= 2;
        }
        if (first > 0 && tokens.get(first - 1).kind() == TokenKind.WORD && RELATION_CONTEXT.contains(tokens.get(first - 1).value())) {
            return;
        }
        functions.add(name.value());
        Danger danger = dangerOf(name.value().toLowerCase(Locale.ROOT));
        if (danger != null) {
            dangers.add(danger);
        }
    }

    private static Danger dangerOf(String function) {
        if (function.startsWith("dblink")) {
            return Danger.DBLINK;
        }
        if (function.startsWith("query_to_xml")) {
            return Danger.QUERY_TO_XML;
        }
        if (function.equals("set_config")) {
            return Danger.SET_CONFIG;
        }
        return switch (function) {
            case "pg_read_file", "pg_read_binary_file", "pg_stat_file", "lo_import", "lo_export" -> Danger.SERVER_FILE;
            default -> function.startsWith("pg_ls_") || function.startsWith("pg_file_") ? Danger.SERVER_FILE : null;
        };
    }
}
