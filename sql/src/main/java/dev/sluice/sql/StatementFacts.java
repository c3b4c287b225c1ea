package dev.sluice.sql;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What {@link StatementClassifier} learned about one statement.
 *
 * @param statementClass the broad class
 * @param statementType  upper-case leading key words, e.g. {@code SELECT}, {@code DROP TABLE}, {@code SET ROLE};
 *                       for a data-modifying WITH whose main query is a SELECT, the first modifying type
 * @param hasWhere       for UPDATE/DELETE (including ones in WITH, EXPLAIN or COPY): every one has a WHERE
 *                       at its own nesting level; otherwise whether the statement has a top-level WHERE
 * @param copyDirection  where a COPY moves data; {@link CopyDirection#NONE} for other statements
 * @param functions      names of the functions called (identifier followed by {@code (}), case-folded as the
 *                       server does; a best-effort over-approximation (type modifiers like
 *                       {@code varchar(10)} appear too)
 * @param dangers        named danger facts, in order of first appearance
 */
public record StatementFacts(
        StatementClass statementClass,
        String statementType,
        boolean hasWhere,
        CopyDirection copyDirection,
        Set<String> functions,
        List<Danger> dangers) {

    public StatementFacts {
        Objects.requireNonNull(statementClass, "statementClass");
        Objects.requireNonNull(statementType, "statementType");
        Objects.requireNonNull(copyDirection, "copyDirection");
        functions = Set.copyOf(functions);
        dangers = List.copyOf(dangers);
    }

    /** Whether any danger fact applies. */
    public boolean dangerous() {
        return !dangers.isEmpty();
    }

    /** Facts for a statement that could not be classified. */
    public static StatementFacts unknown(String statementType) {
        return new StatementFacts(StatementClass.UNKNOWN, statementType, false, CopyDirection.NONE, Set.of(), List.of());
    }
}
