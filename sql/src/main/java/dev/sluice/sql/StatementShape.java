package dev.sluice.sql;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What the parser saw in one statement, independent of literal values (so it can be cached by
 * {@link SqlText#text()}): table and column facts for policies, and the few structural facts the masking
 * analysis needs to explain where masked names occur.
 *
 * @param known          whether the statement was analysed; when false every other field is empty
 * @param tablesRead     {@code schema.table} names read
 * @param tablesWritten  {@code schema.table} names written, created, altered or dropped
 * @param columns        columns referenced, {@code schema.table.column} (over-approximated, see {@link StatementFacts})
 * @param tableRefs      every table reference as written, including names that turned out to be CTEs
 * @param outputs        the select list of a top-level plain query, whose values reach the client with their
 *                       column origins in RowDescription; empty for every other statement
 * @param plainQuery     whether the statement is such a query (no INTO, no set operation)
 * @param positionalSort whether the top-level ORDER BY, GROUP BY or DISTINCT ON refers to an output by position
 * @param targetColumns  column names written by INSERT column lists and UPDATE SET targets
 * @param nestedStars    for each {@code *} or {@code t.*} of a select list other than the top-level one whose
 *                       sources are all plain tables (no subquery, CTE or function): those tables' names
 */
record StatementShape(
        boolean known,
        Set<String> tablesRead,
        Set<String> tablesWritten,
        Set<String> columns,
        List<TableRef> tableRefs,
        List<Output> outputs,
        boolean plainQuery,
        boolean positionalSort,
        List<String> targetColumns,
        List<Set<String>> nestedStars) {

    static final StatementShape UNKNOWN = new StatementShape(false, Set.of(), Set.of(), Set.of(), List.of(), List.of(), false, false, List.of(), List.of());

    StatementShape {
        tablesRead = Set.copyOf(tablesRead);
        tablesWritten = Set.copyOf(tablesWritten);
        columns = Set.copyOf(columns);
        tableRefs = List.copyOf(tableRefs);
        outputs = List.copyOf(outputs);
        targetColumns = List.copyOf(targetColumns);
        nestedStars = List.copyOf(nestedStars);
    }

    /** The same tables, but no output reaches the client as a column of this query (EXPLAIN, DECLARE, COPY, PREPARE). */
    StatementShape withoutOutputs() {
        return new StatementShape(known, tablesRead, tablesWritten, columns, tableRefs, List.of(), false, false, targetColumns, nestedStars);
    }

    /** A statement that names no table at all (transaction control, SET, SHOW, FETCH ...). */
    static StatementShape noTables() {
        return new StatementShape(true, Set.of(), Set.of(), Set.of(), List.of(), List.of(), false, false, List.of(), List.of());
    }

    /** Tables and columns as the lexer fallback finds them: nothing for the masking analysis to explain but tables. */
    static StatementShape tablesOnly(Set<String> read, Set<String> written, Set<String> columns, List<TableRef> refs) {
        return new StatementShape(true, read, written, columns, refs, List.of(), false, false, List.of(), List.of());
    }

    /**
     * One table reference.
     *
     * @param schema schema name, {@code public} when the statement left it out
     * @param name   table name, case-folded unless quoted
     * @param alias  its alias in this statement, or null
     * @param cte    whether an unqualified name matches a WITH query of the statement (then it is not a table)
     * @param renamesColumns whether the alias also renames columns, {@code customers AS c(a, b, s)}
     */
    record TableRef(String schema, String name, String alias, boolean cte, boolean renamesColumns) {
        TableRef {
            Objects.requireNonNull(schema, "schema");
            Objects.requireNonNull(name, "name");
        }

        String qualified() {
            return schema + "." + name;
        }
    }

    /** One item of a top-level select list. */
    sealed interface Output {
        /** The item's alias, or null. */
        String alias();
    }

    /** A bare column reference such as {@code ssn}, {@code c.ssn} or {@code public.customers.ssn}. */
    record ColumnOutput(String name, String alias) implements Output {}

    /** {@code *} or {@code qualifier.*}. */
    record StarOutput(String alias) implements Output {}

    /** Any other expression: its values have no column origin. */
    record ExpressionOutput(String alias) implements Output {}
}
