package dev.sluice.sql;

import dev.sluice.sql.StatementShape.TableRef;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Table facts from tokens alone, for statements the parser does not get (too large, too deep, or syntax it
 * does not know). Only shapes whose tables the tokens name unambiguously are answered — a bulk
 * {@code INSERT INTO t [(cols)] VALUES ...}, a single-table {@code SELECT/DELETE ... FROM t} or {@code UPDATE t}
 * without joins or subqueries, {@code LOCK} and {@code TRUNCATE}; everything else is unknown. Where the columns
 * are not read from the tokens they are given as {@code schema.table.*}: any column of the table.
 */
final class LexerTables {

    private LexerTables() {}

    static StatementShape shape(List<Token> tokens) {
        if (tokens.isEmpty() || tokens.getFirst().kind() != TokenKind.WORD) {
            return StatementShape.UNKNOWN;
        }
        return switch (tokens.getFirst().value()) {
            case "insert" -> insert(tokens);
            case "select", "delete", "update" -> singleTable(tokens);
            case "lock", "truncate" -> list(tokens);
            default -> StatementShape.UNKNOWN;
        };
    }

    /** {@code COPY name [(columns)] FROM|TO ...}: the table is written when data comes in, read when it goes out. */
    static StatementShape copyTable(List<Token> tokens, boolean in) {
        Name name = name(tokens, 1, true);
        if (name == null) {
            return StatementShape.UNKNOWN;
        }
        Set<String> table = Set.of(name.ref.qualified());
        Set<String> columns = new LinkedHashSet<>();
        if (name.end < tokens.size() && tokens.get(name.end).isSymbol("(")) {
            int close = closing(tokens, name.end);
            for (int i = name.end + 1; i < close; i++) {
                Token token = tokens.get(i);
                if (isName(token)) {
                    columns.add(name.ref.qualified() + "." + token.value());
                } else if (!token.isSymbol(",")) {
                    return StatementShape.UNKNOWN;
                }
            }
        } else {
            columns.add(name.ref.qualified() + ".*");
        }
        return in ? StatementShape.tablesOnly(Set.of(), table, columns, List.of(name.ref))
                : StatementShape.tablesOnly(table, Set.of(), columns, List.of(name.ref));
    }

    /** {@code INSERT INTO name [(columns)] VALUES ...} with no query anywhere. */
    private static StatementShape insert(List<Token> tokens) {
        if (!isWord(tokens, 1, "into") || count(tokens, "select", "from", "with", "table", "returning", "conflict") > 0) {
            return StatementShape.UNKNOWN;
        }
        Name name = name(tokens, 2, true);
        if (name == null) {
            return StatementShape.UNKNOWN;
        }
        int next = name.end;
        if (isWord(tokens, next, "as")) {
            next += 2; // INSERT INTO t AS alias
        }
        Set<String> columns = new LinkedHashSet<>();
        if (next < tokens.size() && tokens.get(next).isSymbol("(")) {
            int close = closing(tokens, next);
            for (int i = next + 1; i < close; i++) {
                Token token = tokens.get(i);
                if (isName(token)) {
                    columns.add(name.ref.qualified() + "." + token.value());
                } else if (!token.isSymbol(",")) {
                    return StatementShape.UNKNOWN;
                }
            }
            next = close + 1;
        } else {
            columns.add(name.ref.qualified() + ".*");
        }
        if (!isWord(tokens, next, "values") && !isWord(tokens, next, "default")) {
            return StatementShape.UNKNOWN;
        }
        return StatementShape.tablesOnly(Set.of(), Set.of(name.ref.qualified()), columns, List.of(name.ref));
    }

    /** One table after the only FROM (SELECT, DELETE) or after UPDATE; no other relation can hide anywhere. */
    private static StatementShape singleTable(List<Token> tokens) {
        String verb = tokens.getFirst().value();
        if (count(tokens, "select") > (verb.equals("select") ? 1 : 0)
                || count(tokens, "join", "using", "with", "into", "lateral", "table") > 0) {
            return StatementShape.UNKNOWN;
        }
        int froms = count(tokens, "from");
        int at;
        if (verb.equals("update")) {
            at = isWord(tokens, 1, "only") ? 2 : 1;
            if (froms > 0) {
                return StatementShape.UNKNOWN;
            }
        } else {
            if (froms != 1) {
                return StatementShape.UNKNOWN;
            }
            at = indexOf(tokens, "from") + 1;
            if (isWord(tokens, at, "only")) {
                at++;
            }
        }
        Name name = name(tokens, at);
        if (name == null) {
            return StatementShape.UNKNOWN;
        }
        int next = name.end;
        String alias = null;
        if (isWord(tokens, next, "as")) {
            next++;
        }
        if (next < tokens.size() && isName(tokens.get(next)) && !isClauseWord(tokens.get(next))) {
            alias = tokens.get(next).value();
            next++;
        }
        if (next < tokens.size() && !isClauseWord(tokens.get(next))) {
            return StatementShape.UNKNOWN; // a comma, a parenthesis, TABLESAMPLE ...: not a single plain table
        }
        TableRef ref = new TableRef(name.ref.schema(), name.ref.name(), alias, false, false);
        Set<String> table = Set.of(ref.qualified());
        Set<String> columns = Set.of(ref.qualified() + ".*");
        return verb.equals("select")
                ? StatementShape.tablesOnly(table, Set.of(), columns, List.of(ref))
                : StatementShape.tablesOnly(Set.of(), table, columns, List.of(ref));
    }

    /** {@code LOCK [TABLE] [ONLY] a [*], b ... [IN mode MODE] [NOWAIT]} and {@code TRUNCATE [TABLE] [ONLY] a, b ...}. */
    private static StatementShape list(List<Token> tokens) {
        boolean truncate = tokens.getFirst().isWord("truncate");
        int i = 1;
        if (isWord(tokens, i, "table")) {
            i++;
        }
        Set<String> names = new LinkedHashSet<>();
        List<TableRef> refs = new ArrayList<>();
        while (true) {
            if (isWord(tokens, i, "only")) {
                i++;
            }
            Name name = name(tokens, i);
            if (name == null) {
                return StatementShape.UNKNOWN;
            }
            names.add(name.ref.qualified());
            refs.add(name.ref);
            i = name.end;
            if (i < tokens.size() && tokens.get(i).isSymbol("*")) {
                i++;
            }
            if (i < tokens.size() && tokens.get(i).isSymbol(",")) {
                i++;
                continue;
            }
            break;
        }
        for (int j = i; j < tokens.size(); j++) {
            if (!(tokens.get(j).kind() == TokenKind.WORD)) {
                return StatementShape.UNKNOWN; // only option words (IN ... MODE, NOWAIT, CASCADE ...) may follow
            }
        }
        return truncate ? StatementShape.tablesOnly(Set.of(), names, Set.of(), refs) : StatementShape.tablesOnly(names, Set.of(), Set.of(), refs);
    }

    private record Name(TableRef ref, int end) {}

    /** A possibly qualified name at {@code i}: name, schema.name or database.schema.name. */
    private static Name name(List<Token> tokens, int i) {
        return name(tokens, i, false);
    }

    /** @param columnList whether a parenthesis may follow (a column list rather than a call) */
    private static Name name(List<Token> tokens, int i, boolean columnList) {
        List<String> parts = new ArrayList<>(3);
        int j = i;
        while (j < tokens.size() && isName(tokens.get(j)) && parts.size() < 3) {
            parts.add(tokens.get(j).value());
            if (j + 2 < tokens.size() && tokens.get(j + 1).isSymbol(".")) {
                j += 2;
            } else {
                j++;
                break;
            }
        }
        if (parts.isEmpty() || tokens.get(j - 1).isSymbol(".") || (!columnList && j < tokens.size() && tokens.get(j).isSymbol("("))) {
            return null; // a function call or a dangling qualifier is not a table
        }
        String table = parts.getLast();
        String schema = parts.size() >= 2 ? parts.get(parts.size() - 2) : "public";
        if (parts.size() == 1 && tokens.get(i).kind() == TokenKind.WORD && isClauseWord(tokens.get(i))) {
            return null;
        }
        return new Name(new TableRef(schema, table, null, false, false), j);
    }

    private static boolean isName(Token token) {
        return token.kind() == TokenKind.WORD || token.kind() == TokenKind.QUOTED_IDENTIFIER;
    }

    /** Words that end a FROM item rather than alias it. */
    private static boolean isClauseWord(Token token) {
        if (token.kind() != TokenKind.WORD) {
            return false;
        }
        return switch (token.value()) {
            case "where", "set", "order", "group", "having", "limit", "offset", "fetch", "for", "returning", "window",
                 "union", "intersect", "except", "on", "tablesample" -> true;
            default -> false;
        };
    }

    private static boolean isWord(List<Token> tokens, int i, String word) {
        return i < tokens.size() && tokens.get(i).isWord(word);
    }

    private static int count(List<Token> tokens, String... words) {
        int n = 0;
        for (Token token : tokens) {
            for (String word : words) {
                if (token.isWord(word)) {
                    n++;
                }
            }
        }
        return n;
    }

    private static int indexOf(List<Token> tokens, String word) {
        for (int i = 0; i < tokens.size(); i++) {
            if (tokens.get(i).isWord(word)) {
                return i;
            }
        }
        return -1;
    }

    /** Index of the parenthesis closing the one at {@code open}, or the list size when unbalanced. */
    static int closing(List<Token> tokens, int open) {
        int depth = 0;
        for (int i = open; i < tokens.size(); i++) {
            if (tokens.get(i).isSymbol("(")) {
                depth++;
            } else if (tokens.get(i).isSymbol(")") && --depth == 0) {
                return i;
            }
        }
        return tokens.size();
    }
}
