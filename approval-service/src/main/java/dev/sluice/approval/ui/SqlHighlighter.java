package dev.sluice.approval.ui;

import dev.sluice.sql.PgLexer;
import dev.sluice.sql.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Splits a statement into highlighted spans with the PostgreSQL lexer of the {@code sql} module, so reviewers see
 * key words, literals and comments exactly where the server would find them (a comment hiding half a statement
 * is visible as a comment). The spans cover the statement completely and in order, whitespace included; their
 * text is rendered with {@code th:text}, i.e. escaped, never as markup.
 */
public final class SqlHighlighter {

    /** Key words worth colouring; other words (identifiers, function names) stay plain. */
    private static final Set<String> KEY_WORDS = Set.of(
            "abort", "add", "all", "alter", "analyze", "and", "any", "as", "asc", "begin", "between", "by", "call",
            "cascade", "case", "cast", "check", "checkpoint", "cluster", "column", "comment", "commit", "constraint",
            "copy", "create", "cross", "database", "deallocate", "declare", "default", "delete", "desc", "discard",
            "distinct", "do", "drop", "else", "end", "except", "execute", "exists", "explain", "extension", "false",
            "fetch", "for", "foreign", "from", "full", "function", "grant", "group", "having", "if", "ilike", "in",
            "index", "inner", "insert", "intersect", "into", "is", "join", "key", "left", "like", "limit", "listen",
            "lock", "materialized", "merge", "not", "notify", "null", "offset", "on", "or", "order", "outer",
            "owner", "prepare", "primary", "procedure", "reassign", "references", "refresh", "reindex", "release",
            "rename", "replace", "reset", "restrict", "returning", "revoke", "right", "role", "rollback", "rule",
            "savepoint", "schema", "select", "sequence", "set", "show", "start", "table", "tablespace", "temp",
            "temporary", "then", "to", "transaction", "trigger", "true", "truncate", "union", "unique", "unlisten",
            "update", "user", "using", "vacuum", "values", "view", "when", "where", "with");

    private SqlHighlighter() {}

    /**
     * One run of statement text.
     *
     * @param css  the CSS class of its kind, or null for plain text (whitespace, identifiers, punctuation)
     * @param text the exact source text
     */
    public record Span(String css, String text) {}

    /** The spans of {@code sql}; their texts concatenated are exactly {@code sql}. */
    static List<Span> highlight(String sql) {
        String source = sql == null ? "" : sql;
        List<Span> spans = new ArrayList<>();
        int at = 0;
        for (Token token : PgLexer.tokenize(source)) {
            if (token.start() > at) {
                spans.add(new Span(null, source.substring(at, token.start())));
            }
            spans.add(new Span(css(token), token.text()));
            at = token.end();
        }
        if (at < source.length()) {
            spans.add(new Span(null, source.substring(at)));
        }
        return List.copyOf(spans);
    }

    private static String css(Token token) {
        return switch (token.kind()) {
            case WORD -> KEY_WORDS.contains(token.value()) ? "sql-kw" : null;
            case STRING, ESCAPE_STRING, UNICODE_STRING, DOLLAR_STRING, BIT_STRING -> "sql-str";
            case NUMBER -> "sql-num";
            case COMMENT -> "sql-cmt";
            case QUOTED_IDENTIFIER -> "sql-ident";
            case PARAMETER -> "sql-param";
            case ERROR -> "sql-err";
            case OPERATOR, PUNCTUATION -> null;
        };
    }
}
