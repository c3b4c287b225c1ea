package dev.sluice.sql;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Classifies one SQL statement from its token stream (never from the raw text): class, type, WHERE
 * presence of UPDATE/DELETE, COPY direction, called functions and danger facts. Statement names follow
 * the <a href="https://www.postgresql.org/docs/current/sql-commands.html">SQL Commands</a> reference.
 *
 * <p>It fails closed: lexical errors, unbalanced parentheses, several statements, and unrecognized leading
 * key words are {@link StatementClass#UNKNOWN}. It is syntactic, not semantic: a SELECT calling a function
 * that writes is still READ; database privileges remain the last line of defence.
 */
public final class StatementClassifier {

    private static final Set<String> CREATE_MODIFIERS = Set.of(
            "or", "replace", "unique", "temp", "temporary", "unlogged", "global", "local", "constraint",
            "recursive", "trusted", "procedural");

    private StatementClassifier() {}

    /** Classifies a text holding exactly one statement (a trailing semicolon is fine). */
    public static StatementFacts classify(String statement) {
        List<SqlStatement> statements = StatementSplitter.splitLexed(statement);
        if (statements.size() != 1) {
            return StatementFacts.unknown(statements.isEmpty() ? "EMPTY" : "MULTIPLE");
        }
        return classify(statements.getFirst().tokens());
    }

    /**
     * Classifies one statement's tokens (comments are ignored). The class, type, WHERE, COPY, function and danger
     * facts come from the tokens and are authoritative; table and column facts are added by {@link TableAnalyzer}.
     */
    public static StatementFacts classify(List<Token> statementTokens) {
        StatementFacts facts = classify(statementTokens, true);
        if (facts.statementClass() == StatementClass.UNKNOWN) {
            return facts;
        }
        StatementShape shape;
        try {
            shape = TableAnalyzer.shape(withoutComments(statementTokens), facts);
        } catch (RuntimeException | StackOverflowError e) {
            shape = StatementShape.UNKNOWN; // table facts are additive: a failure there only makes them unknown
        }
        return facts.withTables(shape);
    }

    /** Lexical facts only (no table facts), for tokens without comments. */
    static StatementFacts lexical(List<Token> tokens) {
        return classify(tokens, true);
    }

    static List<Token> withoutComments(List<Token> statementTokens) {
        List<Token> tokens = new ArrayList<>(statementTokens.size());
        for (Token token : statementTokens) {
            if (token.kind() != TokenKind.COMMENT) {
                tokens.add(token);
            }
        }
        return tokens;
    }

    private static StatementFacts classify(List<Token> statementTokens, boolean allowExplain) {
        List<Token> tokens = new ArrayList<>(statementTokens.size());
        for (Token token : statementTokens) {
            if (token.kind() == TokenKind.ERROR) {
                return StatementFacts.unknown("ERROR");
            }
            if (token.kind() != TokenKind.COMMENT) {
                tokens.add(token);
            }
        }
        int lead = 0;
        while (lead < tokens.size() && tokens.get(lead).isSymbol("(")) {
            lead++;
        }
        if (lead >= tokens.size() || tokens.get(lead).kind() != TokenKind.WORD) {
            return StatementFacts.unknown(tokens.isEmpty() ? "EMPTY" : "UNKNOWN");
        }
        String word = tokens.get(lead).value();
        if (lead > 0 && !(word.equals("select") || word.equals("values") || word.equals("with") || word.equals("table"))) {
            return StatementFacts.unknown("UNKNOWN");
        }
        if (word.equals("explain")) {
            return allowExplain ? explain(tokens) : StatementFacts.unknown("EXPLAIN");
        }
        int main = switch (word) {
            case "insert", "update", "delete", "merge" -> lead;
            case "with" -> withModification(tokens);
            default -> -1;
        };
        TokenScan scan = TokenScan.of(tokens, main);
        if (scan.unbalanced || (scan.topLevelSemicolon && !word.equals("create"))) {
            return StatementFacts.unknown(scan.unbalanced ? "UNBALANCED" : "MULTIPLE");
        }
        Builder facts = new Builder(scan);
        switch (word) {
            case "select", "values", "table" -> facts.read(scan, "SELECT");
            case "with" -> {
                if (main >= 0) {
                    facts.set(StatementClass.WRITE, upper(tokens.get(main).value()));
                } else if (hasTopLevelWord(tokens, "select", "values", "table")) {
                    facts.read(scan, "SELECT");
                } else {
                    return StatementFacts.unknown("WITH");
                }
            }
            case "insert", "update", "delete", "merge" -> facts.set(StatementClass.WRITE, upper(word));
            case "truncate" -> facts.set(StatementClass.WRITE, "TRUNCATE");
            case "declare" -> facts.read(scan, "DECLARE");
            case "fetch", "move" -> facts.set(StatementClass.READ, upper(word));
            case "create", "alter", "drop" -> {
                if (!objectStatement(tokens, facts)) {
                    return StatementFacts.unknown(upper(word));
                }
            }
            case "comment", "import" -> facts.set(StatementClass.DDL, upper(word));
            case "security" -> facts.set(StatementClass.DDL, "SECURITY LABEL");
            case "grant", "revoke", "reassign" -> facts.set(StatementClass.DCL, upper(word));
            case "copy" -> copy(tokens, facts);
            case "start" -> facts.set(StatementClass.TRANSACTION, "START TRANSACTION");
            case "begin", "end", "abort", "savepoint", "release" -> facts.set(StatementClass.TRANSACTION, upper(word));
            case "commit", "rollback" -> facts.set(StatementClass.TRANSACTION,
                    upper(word) + (isWordAt(tokens, 1, "prepared") ? " PREPARED" : ""));
            case "prepare" -> {
                if (isWordAt(tokens, 1, "transaction")) {
                    facts.set(StatementClass.TRANSACTION, "PREPARE TRANSACTION");
                } else {
                    facts.set(StatementClass.DYNAMIC, "PREPARE").danger(Danger.PREPARE);
                }
            }
            case "set" -> set(tokens, facts);
            case "reset", "show", "discard", "deallocate", "listen", "unlisten", "notify", "close" ->
                    facts.set(StatementClass.SESSION, upper(word));
            case "do" -> facts.set(StatementClass.DYNAMIC, "DO").danger(Danger.DO);
            case "execute" -> facts.set(StatementClass.DYNAMIC, "EXECUTE").danger(Danger.EXECUTE);
            case "call" -> facts.set(StatementClass.DYNAMIC, "CALL").danger(Danger.CALL);
            case "load" -> facts.set(StatementClass.UTILITY, "LOAD").danger(Danger.LOAD);
            case "analyse" -> facts.set(StatementClass.UTILITY, "ANALYZE");
            case "vacuum", "analyze", "cluster", "reindex", "checkpoint", "lock" -> facts.set(StatementClass.UTILITY, upper(word));
            case "refresh" -> facts.set(StatementClass.UTILITY, "REFRESH MATERIALIZED VIEW");
            default -> {
                return StatementFacts.unknown(upper(word));
            }
        }
        return facts.build();
    }

    /**
     * The main INSERT/UPDATE/DELETE/MERGE of a WITH statement: a top-level modification key word followed by
     * what that statement needs next (so that a CTE named {@code update} is not taken for one); -1 when
     * the main statement is a query.
     */
    private static int withModification(List<Token> tokens) {
        int depth = 0;
        for (int i = 1; i + 1 < tokens.size(); i++) {
            Token token = tokens.get(i);
            if (token.isSymbol("(")) {
                depth++;
            } else if (token.isSymbol(")")) {
                depth--;
            } else if (depth == 0 && token.kind() == TokenKind.WORD && TokenScan.isModification(token.value())) {
                Token next = tokens.get(i + 1);
                Token previous = tokens.get(i - 1);
                boolean rowLock = previous.isWord("for") || previous.isWord("key") || previous.isWord("no");
                boolean statement = switch (token.value()) {
                    case "insert", "merge" -> next.isWord("into");
                    case "delete" -> next.isWord("from");
                    default -> (next.kind() == TokenKind.WORD && !next.isWord("as")) || next.kind() == TokenKind.QUOTED_IDENTIFIER;
                };
                if (statement && !rowLock) {
                    return i;
                }
            }
        }
        return -1;
    }

    private static boolean hasTopLevelWord(List<Token> tokens, String... words) {
        int depth = 0;
        for (Token token : tokens) {
            if (token.isSymbol("(")) {
                depth++;
            } else if (token.isSymbol(")")) {
                depth--;
            } else if (depth == 0 && token.kind() == TokenKind.WORD) {
                for (String word : words) {
                    if (token.value().equals(word)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** EXPLAIN runs its statement only with ANALYZE; then it is what that statement is. */
    private static StatementFacts explain(List<Token> tokens) {
        int i = 1;
        boolean analyze = false;
        if (i < tokens.size() && tokens.get(i).isSymbol("(")) {
            int close = i + 1;
            while (close < tokens.size() && !tokens.get(close).isSymbol(")")) {
                Token option = tokens.get(close);
                if ((option.isWord("analyze") || option.isWord("analyse")) && close - 1 >= 0
                        && (tokens.get(close - 1).isSymbol("(") || tokens.get(close - 1).isSymbol(","))) {
                    Token value = close + 1 < tokens.size() ? tokens.get(close + 1) : option;
                    analyze = !(value.isWord("false") || value.isWord("off") || value.text().equals("0")
                            || (value.kind() == TokenKind.STRING && isFalse(value.value())));
                }
                close++;
            }
            i = close + 1;
        } else {
            while (i < tokens.size() && (tokens.get(i).isWord("analyze") || tokens.get(i).isWord("analyse") || tokens.get(i).isWord("verbose"))) {
                analyze |= !tokens.get(i).isWord("verbose");
                i++;
            }
        }
        if (i >= tokens.size()) {
            return StatementFacts.unknown("EXPLAIN");
        }
        StatementFacts inner = classify(tokens.subList(i, tokens.size()), false);
        if (inner.statementClass() == StatementClass.UNKNOWN) {
            return StatementFacts.unknown("EXPLAIN");
        }
        if (analyze && inner.statementClass() != StatementClass.READ) {
            return inner;
        }
        return new StatementFacts(StatementClass.READ, "EXPLAIN", inner.hasWhere(), CopyDirection.NONE, inner.functions(), inner.dangers());
    }

    private static boolean isFalse(String value) {
        String v = value.toLowerCase(Locale.ROOT);
        return v.equals("false") || v.equals("off") || v.equals("0") || v.equals("no");
    }

    /** CREATE / ALTER / DROP: the type names the object kind; roles and privileges are DCL. */
    private static boolean objectStatement(List<Token> tokens, Builder facts) {
        String verb = upper(tokens.getFirst().value());
        int i = 1;
        if (verb.equals("CREATE")) {
            while (i < tokens.size() && tokens.get(i).kind() == TokenKind.WORD && CREATE_MODIFIERS.contains(tokens.get(i).value())) {
                i++;
            }
        }
        if (i >= tokens.size() || tokens.get(i).kind() != TokenKind.WORD) {
            return false;
        }
        String object = tokens.get(i).value();
        String next = i + 1 < tokens.size() && tokens.get(i + 1).kind() == TokenKind.WORD ? tokens.get(i + 1).value() : "";
        String kind = switch (object) {
            case "materialized" -> "MATERIALIZED VIEW";
            case "foreign" -> next.equals("data") ? "FOREIGN DATA WRAPPER" : "FOREIGN TABLE";
            case "event" -> "EVENT TRIGGER";
            case "access" -> "ACCESS METHOD";
            case "large" -> "LARGE OBJECT";
            case "default" -> "DEFAULT PRIVILEGES";
            case "text" -> "TEXT SEARCH" + (i + 2 < tokens.size() ? " " + upper(tokens.get(i + 2).value()) : "");
            case "user" -> next.equals("mapping") ? "USER MAPPING" : "USER";
            case "operator" -> next.equals("class") || next.equals("family") ? "OPERATOR " + upper(next) : "OPERATOR";
            default -> upper(object);
        };
        String type = verb + " " + kind;
        switch (kind) {
            case "ROLE", "USER", "GROUP", "DEFAULT PRIVILEGES", "OWNED" -> facts.set(StatementClass.DCL, type);
            case "SYSTEM" -> facts.set(StatementClass.UTILITY, type).danger(verb.equals("ALTER") ? Danger.ALTER_SYSTEM : null);
            default -> facts.set(StatementClass.DDL, type);
        }
        return true;
    }

    /** COPY: the first top-level FROM or TO names the direction; STDIN/STDOUT, PROGRAM or a file follows. */
    private static void copy(List<Token> tokens, Builder facts) {
        facts.set(StatementClass.COPY, "COPY");
        int depth = 0;
        for (int i = 1; i < tokens.size(); i++) {
            Token token = tokens.get(i);
            if (token.isSymbol("(")) {
                depth++;
            } else if (token.isSymbol(")")) {
                depth--;
            } else if (depth == 0 && (token.isWord("from") || token.isWord("to"))) {
                boolean from = token.isWord("from");
                Token target = i + 1 < tokens.size() ? tokens.get(i + 1) : token;
                if (target.isWord("stdin") || target.isWord("stdout")) {
                    facts.copy = from ? CopyDirection.FROM_STDIN : CopyDirection.TO_STDOUT;
                } else if (target.isWord("program")) {
                    facts.copy = from ? CopyDirection.FROM_PROGRAM : CopyDirection.TO_PROGRAM;
                    facts.danger(Danger.COPY_PROGRAM);
                } else if (target.kind().isString()) {
                    facts.copy = from ? CopyDirection.FROM_FILE : CopyDirection.TO_FILE;
                    facts.danger(Danger.COPY_FILE);
                }
                return;
            }
        }
    }

    /** SET [SESSION | LOCAL] ...: role, session authorization and search path change what later statements do. */
    private static void set(List<Token> tokens, Builder facts) {
        facts.set(StatementClass.SESSION, "SET");
        int i = 1;
        if ((isWordAt(tokens, i, "session") && !isWordAt(tokens, i + 1, "authorization") && !isWordAt(tokens, i + 1, "characteristics"))
                || isWordAt(tokens, i, "local")) {
            i++;
        }
        if (i >= tokens.size()) {
            return;
        }
        Token name = tokens.get(i);
        String variable = name.kind() == TokenKind.WORD || name.kind() == TokenKind.QUOTED_IDENTIFIER ? name.value() : "";
        switch (variable) {
            case "role" -> facts.set(StatementClass.SESSION, "SET ROLE").danger(Danger.SET_ROLE);
            case "session_authorization" -> facts.set(StatementClass.SESSION, "SET SESSION AUTHORIZATION").danger(Danger.SET_SESSION_AUTHORIZATION);
            case "session" -> {
                if (isWordAt(tokens, i + 1, "authorization")) {
                    facts.set(StatementClass.SESSION, "SET SESSION AUTHORIZATION").danger(Danger.SET_SESSION_AUTHORIZATION);
                }
            }
            case "search_path", "schema" -> facts.danger(Danger.SET_SEARCH_PATH);
            case "standard_conforming_strings", "backslash_quote" -> facts.danger(Danger.SET_STRING_SYNTAX);
            case "session_replication_role" -> facts.danger(Danger.SET_REPLICATION_ROLE);
            case "transaction", "constraints" -> facts.set(StatementClass.TRANSACTION, "SET " + upper(variable));
            default -> { }
        }
    }

    private static boolean isWordAt(List<Token> tokens, int i, String word) {
        return i < tokens.size() && tokens.get(i).isWord(word);
    }

    private static String upper(String word) {
        return word.toUpperCase(Locale.ROOT);
    }

    /** Accumulates the facts of one statement. */
    private static final class Builder {
        private final TokenScan scan;
        private StatementClass statementClass = StatementClass.UNKNOWN;
        private String type = "UNKNOWN";
        private CopyDirection copy = CopyDirection.NONE;
        private final Set<Danger> dangers;

        Builder(TokenScan scan) {
            this.scan = scan;
            this.dangers = new LinkedHashSet<>(scan.dangers);
        }

        Builder set(StatementClass cls, String statementType) {
            this.statementClass = cls;
            this.type = statementType;
            return this;
        }

        Builder danger(Danger danger) {
            if (danger != null) {
                dangers.add(danger);
            }
            return this;
        }

        /** A query: READ unless it nests a data-modifying statement or is SELECT ... INTO. */
        void read(TokenScan s, String statementType) {
            if (s.nestedModification != null) {
                set(StatementClass.WRITE, s.nestedModification);
            } else if (s.selectInto) {
                set(StatementClass.WRITE, "SELECT INTO");
            } else {
                set(StatementClass.READ, statementType);
            }
        }

        StatementFacts build() {
            boolean hasWhere = scan.anyUpdateOrDelete ? scan.everyUpdateOrDeleteHasWhere : scan.topLevelWhere;
            if (copy == CopyDirection.NONE && statementClass == StatementClass.COPY) {
                return StatementFacts.unknown("COPY"); // no readable direction: fail closed
            }
            return new StatementFacts(statementClass, type, hasWhere, copy, scan.functions, new ArrayList<>(dangers));
        }
    }
}
