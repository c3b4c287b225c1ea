package dev.sluice.sql;

import dev.sluice.sql.StatementShape.ColumnOutput;
import dev.sluice.sql.StatementShape.Output;
import dev.sluice.sql.StatementShape.StarOutput;
import dev.sluice.sql.StatementShape.TableRef;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Decides whether wire-level masking covers a statement, for an identity whose results have masked columns.
 *
 * <p>The proxy masks a column by the table OID and column number PostgreSQL puts in RowDescription
 * (<a href="https://www.postgresql.org/docs/current/protocol-message-formats.html">55.7 Message Formats</a>), which
 * the server fills in only for an output column that is a plain column reference of the query. Any other use of a
 * masked column — in a function, cast, operator, condition, ordering, aggregate, set operation, subquery or CTE,
 * RETURNING, COPY, cursor, view or table definition, or the whole row — produces values or inferences that carry no
 * origin, so such statements must be denied ({@link MaskingVerdict.Indirect}). The exception is
 * {@code COPY table [(columns)] TO STDOUT} ({@link CopyStatement}): its columns are named by the statement itself,
 * and the proxy masks them in the rows.
 *
 * <p>The analysis fails closed by construction. The lexer counts every occurrence of every name that matters
 * (masked column names, masked table names and their aliases, aliases given to masked outputs, and every
 * {@code *} expansion); the parsed {@link StatementShape} then explains occurrences that are harmless — a table
 * reference, an alias definition, a top-level output column or star, an INSERT/UPDATE target column. Any occurrence
 * left unexplained, wherever it is and whatever the parser failed to see, makes the statement INDIRECT; a parse that
 * explains more than the tokens hold is {@link MaskingVerdict.Unknown}. Names are compared without their schema and
 * unqualified columns count for every masked table of the statement, both over-approximations.
 *
 * <p>Limits, for the caller to cover: views and functions over masked tables are only seen if their columns or names
 * are in the masked set; unqualified names are assumed to resolve as with the default {@code search_path} (a change
 * of it is INDIRECT here and a danger fact for policies).
 */
public final class MaskingAnalyzer {

    /** Statistics views and catalogs expose sampled column values (most common values, histogram bounds). */
    private static final Set<String> STATISTICS = Set.of(
            "pg_stats", "pg_statistic", "pg_stats_ext", "pg_stats_ext_exprs", "pg_statistic_ext_data");

    /** Key words that take a parenthesis, and common built-ins that read no relation. */
    private static final Set<String> HARMLESS_CALLS = Set.of(
            "operator", "in", "exists", "any", "all", "some", "array", "row", "values", "cast", "coalesce", "nullif",
            "greatest", "least", "over", "filter", "within", "on", "using", "as", "not", "and", "or", "when", "then",
            "count", "sum", "min", "max", "avg", "lower", "upper", "length", "now", "current_schema", "quote_ident",
            "format_type", "array_to_string", "obj_description", "col_description", "pg_get_userbyid",
            "pg_table_is_visible", "pg_get_expr", "pg_get_indexdef", "pg_get_constraintdef");

    /** Dangers that run SQL text the gateway never sees, or change how names resolve. */
    private static final Set<Danger> OPAQUE = EnumSet.of(
            Danger.DO, Danger.EXECUTE, Danger.PREPARE, Danger.CALL, Danger.DBLINK, Danger.QUERY_TO_XML,
            Danger.SET_SEARCH_PATH, Danger.SET_CONFIG);

    /** Masked column names by masked table name (schema dropped: matching by bare name over-approximates). */
    private final Map<String, Set<String>> columnsByTable;

    /**
     * @param maskedColumns masked columns as {@code schema.table.column} (or {@code table.column}), lower case
     *                      unless the name was created quoted
     */
    public MaskingAnalyzer(Set<String> maskedColumns) {
        Map<String, Set<String>> byTable = new LinkedHashMap<>();
        for (String column : maskedColumns) {
            String[] parts = column.split("\\.", -1);
            if ((parts.length != 2 && parts.length != 3) || List.of(parts).contains("")) {
                throw new IllegalArgumentException("masked column must be schema.table.column: " + column);
            }
            byTable.computeIfAbsent(parts[parts.length - 2], k -> new LinkedHashSet<>()).add(parts[parts.length - 1]);
        }
        this.columnsByTable = Map.copyOf(byTable);
    }

    /** Analyses a text holding exactly one statement; several statements are {@link MaskingVerdict.Unknown}. */
    public MaskingVerdict analyze(String statement) {
        List<SqlStatement> statements = StatementSplitter.splitLexed(statement);
        if (statements.size() != 1) {
            return statements.isEmpty() ? MaskingVerdict.SAFE : new MaskingVerdict.Unknown("several statements: analyse each one");
        }
        return analyze(statements.getFirst().tokens());
    }

    /** Analyses one statement's tokens (comments are ignored). */
    public MaskingVerdict analyze(List<Token> statementTokens) {
        try {
            return analyzeTokens(statementTokens);
        } catch (RuntimeException | StackOverflowError e) {
            return new MaskingVerdict.Unknown("the statement could not be analysed");
        }
    }

    private MaskingVerdict analyzeTokens(List<Token> statementTokens) {
        List<Token> tokens = StatementClassifier.withoutComments(statementTokens);
        for (Token token : tokens) {
            if (token.kind() == TokenKind.ERROR) {
                return new MaskingVerdict.Unknown("the statement has a lexical error");
            }
        }
        if (tokens.isEmpty() || columnsByTable.isEmpty()) {
            return MaskingVerdict.SAFE;
        }
        StatementFacts facts = StatementClassifier.lexical(tokens);
        if (facts.statementClass() == StatementClass.UNKNOWN) {
            return new MaskingVerdict.Unknown("the statement could not be classified");
        }
        for (Danger danger : facts.dangers()) {
            if (OPAQUE.contains(danger)) {
                return new MaskingVerdict.Indirect(danger.policyName() + " runs SQL or resolves names the gateway cannot follow");
            }
        }
        Set<String> mentioned = new LinkedHashSet<>();
        String inString = null;
        for (Token token : tokens) {
            if (isName(token) && STATISTICS.contains(token.value())) {
                return new MaskingVerdict.Indirect(token.value() + " exposes sampled column values");
            }
            if (isName(token) && columnsByTable.containsKey(token.value())) {
                mentioned.add(token.value());
            } else if (token.kind().isString() && inString == null) {
                String text = token.value().toLowerCase(Locale.ROOT);
                for (String table : columnsByTable.keySet()) {
                    if (text.contains(table.toLowerCase(Locale.ROOT))) {
                        inString = table;
                    }
                }
            }
        }
        if (inString != null && !catalogLookup(tokens, facts)) {
            return new MaskingVerdict.Indirect("a string constant names masked table " + inString + " and could be run as SQL");
        }
        if (mentioned.isEmpty()) {
            return MaskingVerdict.SAFE;
        }
        String table = mentioned.iterator().next();
        switch (facts.statementClass()) {
            case COPY -> {
                // COPY table [(columns)] TO STDOUT: the proxy knows the columns from the statement and the catalog
                // and masks them in the rows; any other COPY (a query, a file, a program, FROM) stays indirect.
                return CopyStatement.parse(tokens).isPresent() ? MaskingVerdict.SAFE
                        : new MaskingVerdict.Indirect("COPY of masked table " + table + " other than COPY table TO STDOUT");
            }
            case TRANSACTION, SESSION -> {
                return MaskingVerdict.SAFE; // these statements name no relations, e.g. LISTEN customers
            }
            case DDL, DCL -> {
                // Views, tables and indexes built from it, renamed tables or columns, changed privileges: all of them
                // can move masked values out from under the names the masking rules know.
                return new MaskingVerdict.Indirect("definition or privilege change on masked table " + table);
            }
            default -> { }
        }
        if (facts.statementType().equals("DECLARE")) {
            return new MaskingVerdict.Indirect("a cursor over masked table " + table);
        }
        for (Token token : tokens) {
            if (token.isWord("natural")) {
                return new MaskingVerdict.Indirect("NATURAL JOIN with masked table " + table + " may join on a masked column");
            }
        }
        StatementShape shape = TableAnalyzer.shape(tokens, facts);
        if (!shape.known()) {
            return new MaskingVerdict.Unknown("the statement names masked table " + table + " but could not be analysed");
        }
        for (TableRef ref : shape.tableRefs()) {
            if (ref.renamesColumns() && mentioned.contains(ref.name())) {
                return new MaskingVerdict.Indirect("the alias " + ref.alias() + " renames the columns of masked table " + ref.name());
            }
        }
        return explain(tokens, shape, mentioned);
    }

    /** Counts every occurrence of the names that matter and checks the shape explains each one. */
    private MaskingVerdict explain(List<Token> tokens, StatementShape shape, Set<String> mentioned) {
        Set<String> columns = new HashSet<>();
        for (String table : mentioned) {
            columns.addAll(columnsByTable.get(table));
        }
        Set<String> rowNames = new HashSet<>(mentioned);
        for (TableRef ref : shape.tableRefs()) {
            if (mentioned.contains(ref.name()) && ref.alias() != null) {
                rowNames.add(ref.alias());
            }
        }
        for (String name : rowNames) {
            if (columns.contains(name)) {
                return new MaskingVerdict.Indirect("the name " + name + " is both a masked column and a table or alias");
            }
        }
        Set<String> outputAliases = new HashSet<>();
        boolean maskedOutput = false;
        for (Output output : shape.outputs()) {
            if (output instanceof ColumnOutput column && columns.contains(column.name())) {
                maskedOutput = true;
                if (column.alias() != null) {
                    outputAliases.add(column.alias());
                }
            }
            maskedOutput |= output instanceof StarOutput;
        }
        Map<String, Integer> occurrences = new HashMap<>();
        int stars = 0;
        for (int i = 0; i < tokens.size(); i++) {
            Token token = tokens.get(i);
            String value = token.value();
            boolean qualifier = i + 1 < tokens.size() && tokens.get(i + 1).isSymbol(".");
            if (isName(token) && !qualifier
                    && (columns.contains(value) || rowNames.contains(value) || outputAliases.contains(value))) {
                occurrences.merge(value, 1, Integer::sum);
            } else if ((token.isSymbol("*") && StarTokens.isExpansion(tokens, i)) || StarTokens.isTableQuery(tokens, i)) {
                stars++;
            }
        }
        Map<String, Integer> explained = new HashMap<>();
        for (TableRef ref : shape.tableRefs()) {
            explained.merge(ref.name(), 1, Integer::sum);
            if (ref.alias() != null) {
                explained.merge(ref.alias(), 1, Integer::sum);
            }
        }
        int explainedStars = 0;
        for (Output output : shape.outputs()) {
            if (output instanceof ColumnOutput column && columns.contains(column.name())) {
                explained.merge(column.name(), 1, Integer::sum);
            } else if (output instanceof StarOutput) {
                explainedStars++;
            }
            if (output.alias() != null) {
                explained.merge(output.alias(), 1, Integer::sum);
            }
        }
        for (Set<String> sources : shape.nestedStars()) {
            if (Collections.disjoint(sources, mentioned)) {
                explainedStars++; // a star over tables without masked columns carries none
            }
        }
        for (String target : shape.targetColumns()) {
            explained.merge(target, 1, Integer::sum);
        }
        Set<String> names = new HashSet<>(columns);
        names.addAll(rowNames);
        names.addAll(outputAliases);
        for (String name : names) {
            int seen = occurrences.getOrDefault(name, 0);
            int harmless = explained.getOrDefault(name, 0);
            if (seen > harmless) {
                return new MaskingVerdict.Indirect(indirectUse(name, columns, rowNames));
            }
            if (seen < harmless) {
                // More harmless uses than occurrences: the parse saw something the tokens do not hold.
                return new MaskingVerdict.Unknown("the parse and the tokens disagree about " + name);
            }
        }
        if (stars > explainedStars) {
            return new MaskingVerdict.Indirect("* expands a masked table outside the top-level select list (subquery, CTE, RETURNING, set operation or copy)");
        }
        if (stars < explainedStars) {
            return new MaskingVerdict.Unknown("the parse and the tokens disagree about * expansions");
        }
        if (shape.positionalSort() && maskedOutput) {
            return new MaskingVerdict.Indirect("ORDER BY, GROUP BY or DISTINCT ON by position over masked output columns");
        }
        return MaskingVerdict.SAFE;
    }

    /**
     * A read whose every call is to a built-in that neither runs SQL text nor reads a relation by name: the shape
     * of psql's {@code \d customers}, whose {@code relname ~ '^(customers)$'} names a masked table without reading
     * it. Calls must be qualified with {@code pg_catalog.} (as psql writes them) or be one of a few well-known
     * built-ins; pg_catalog is searched first, so neither can be a user function in disguise.
     */
    private static boolean catalogLookup(List<Token> tokens, StatementFacts facts) {
        if (facts.statementClass() != StatementClass.READ) {
            return false;
        }
        for (int i = 0; i + 1 < tokens.size(); i++) {
            Token token = tokens.get(i);
            if (!isName(token) || !tokens.get(i + 1).isSymbol("(")) {
                continue;
            }
            String name = token.value().toLowerCase(Locale.ROOT);
            boolean qualified = i >= 2 && tokens.get(i - 1).isSymbol(".") && tokens.get(i - 2).isWord("pg_catalog");
            boolean harmless = token.kind() == TokenKind.WORD && HARMLESS_CALLS.contains(name);
            if (runsText(name) || !(qualified || harmless)) {
                return false;
            }
        }
        return true;
    }

    /** Built-ins that run SQL given as text or dump a relation given by name. */
    private static boolean runsText(String name) {
        return name.contains("_to_xml") || name.startsWith("query_to") || name.startsWith("dblink") || name.startsWith("crosstab")
                || name.equals("ts_stat") || name.equals("ts_rewrite") || name.startsWith("xpath") || name.startsWith("lo_");
    }

    private static String indirectUse(String name, Set<String> columns, Set<String> rowNames) {
        if (columns.contains(name)) {
            return "masked column " + name + " is used outside a plain output column (in an expression, condition, "
                    + "ordering, aggregate, subquery, CTE, set operation, RETURNING or definition)";
        }
        if (rowNames.contains(name)) {
            return "whole-row use of masked table " + name;
        }
        return "the alias " + name + " of a masked column is used for ordering, grouping or filtering";
    }

    private static boolean isName(Token token) {
        return token.kind() == TokenKind.WORD || token.kind() == TokenKind.QUOTED_IDENTIFIER;
    }
}
