package dev.sluice.sql;

import java.util.List;
import java.util.Objects;

/**
 * One statement of a (possibly multi-statement) query, as {@link StatementSplitter} found it.
 *
 * @param text   the statement's source text, from its first token to its last, without the {@code ;}
 * @param tokens its tokens without comments (never empty)
 */
public record SqlStatement(String text, List<Token> tokens) {
    public SqlStatement {
        Objects.requireNonNull(text, "text");
        tokens = List.copyOf(tokens);
    }
}
