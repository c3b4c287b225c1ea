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
 * @param tablesKnown    whether the tables and columns below are complete; false when the statement could not be
 *                       analysed (unparseable, opaque such as {@code DO} or {@code EXECUTE}, or too large or deep
 *                       for the parser and not a shape the lexer can read) — policies must then assume any table
 * @param tablesRead     tables and views read, {@code schema.table}: names case-folded unless quoted, {@code public}
 *                       when unqualified (the gateway assumes the default search_path, which is why changing it
 *                       is a {@link Danger#SET_SEARCH_PATH} fact); WITH query names are not tables
 * @param tablesWritten  tables written: INSERT/UPDATE/DELETE/MERGE targets (also inside WITH), SELECT INTO and COPY
 *                       FROM targets, and the objects of CREATE/ALTER/DROP/TRUNCATE
 * @param columns        columns referenced, {@code schema.table.column}, with {@code schema.table.*} for a star; a
 *                       column whose qualifier does not name a table of the statement (no qualifier, or a
 *                       subquery or WITH alias) is listed under every table of the statement — an
 *                       over-approximation; a bare {@code column} when the statement names no table
 */
public record StatementFacts(
        StatementClass statementClass,
        String statementType,
        boolean hasWhere,
        CopyDirection copyDirection,
        Set<String> functions,
        List<Danger> dangers,
        boolean tablesKnown,
        Set<String> tablesRead,
        Set<String> tablesWritten,
        Set<String> columns) {

    public StatementFacts {
        Objects.requireNonNull(statementClass, "statementClass");
        Objects.requireNonNull(statementType, "statementType");
        Objects.requireNonNull(copyDirection, "copyDirection");
        functions = Set.copyOf(functions);
        dangers = List.copyOf(dangers);
        tablesRead = Set.copyOf(tablesRead);
        tablesWritten = Set.copyOf(tablesWritten);
        columns = Set.copyOf(columns);
    }

    /** Lexical facts only: tables and columns not analysed ({@code tablesKnown} false). */
    public StatementFacts(StatementClass statementClass, String statementType, boolean hasWhere, CopyDirection copyDirection,
                          Set<String> functions, List<Danger> dangers) {
        this(statementClass, statementType, hasWhere, copyDirection, functions, dangers, false, Set.of(), Set.of(), Set.of());
    }

    /** These facts with the table and column facts of {@code shape}. */
    StatementFacts withTables(StatementShape shape) {
        return new StatementFacts(statementClass, statementType, hasWhere, copyDirection, functions, dangers,
                shape.known(), shape.tablesRead(), shape.tablesWritten(), shape.columns());
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
