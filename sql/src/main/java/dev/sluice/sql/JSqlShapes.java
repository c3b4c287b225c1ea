package dev.sluice.sql;

import dev.sluice.sql.StatementShape.ColumnOutput;
import dev.sluice.sql.StatementShape.ExpressionOutput;
import dev.sluice.sql.StatementShape.Output;
import dev.sluice.sql.StatementShape.StarOutput;
import dev.sluice.sql.StatementShape.TableRef;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.parser.AbstractJSqlParser;
import net.sf.jsqlparser.parser.CCJSqlParser;
import net.sf.jsqlparser.parser.CCJSqlParserConstants;
import net.sf.jsqlparser.parser.StringProvider;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.alter.Alter;
import net.sf.jsqlparser.statement.create.index.CreateIndex;
import net.sf.jsqlparser.statement.create.table.CreateTable;
import net.sf.jsqlparser.statement.create.view.CreateView;
import net.sf.jsqlparser.statement.drop.Drop;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.AllTableColumns;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.SelectItem;
import net.sf.jsqlparser.statement.select.TableStatement;
import net.sf.jsqlparser.statement.truncate.Truncate;

/**
 * The only class that touches JSqlParser: parses a {@link SqlText} and reduces the tree to a
 * {@link StatementShape}. Every failure (syntax JSqlParser does not know, a statement kind its table finder
 * does not support, input left over after the statement) yields {@link StatementShape#UNKNOWN}.
 */
final class JSqlShapes {

    /**
     * One parser per thread, re-initialised for each statement: building a CCJSqlParser costs a sizeable share of
     * a short statement's parse.
     */
    private static final ThreadLocal<CCJSqlParser> PARSER = ThreadLocal.withInitial(() -> new CCJSqlParser(new StringProvider(""))
            .withDialect(AbstractJSqlParser.Dialect.POSTGRESQL)
            .withUnsupportedStatements(false)
            .withErrorRecovery(false));

    private JSqlShapes() {}

    static StatementShape shape(String canonicalText) {
        Statement statement = parse(canonicalText);
        if (statement == null) {
            return StatementShape.UNKNOWN;
        }
        try {
            return reduce(statement);
        } catch (RuntimeException | StackOverflowError e) {
            return StatementShape.UNKNOWN; // e.g. TablesNamesFinder refuses DO, SET, EXECUTE
        }
    }

    /** The parsed statement, or null; tries the fast grammar path first, as CCJSqlParserUtil does. */
    static Statement parse(String text) {
        Statement statement = parse(text, false);
        return statement != null ? statement : parse(text, true);
    }

    private static Statement parse(String text, boolean complex) {
        try {
            CCJSqlParser parser = PARSER.get();
            parser.ReInit(new StringProvider(text));
            parser.withAllowComplexParsing(complex);
            Statement statement = parser.Statement();
            // Statement() stops after a ';': anything left means the parser read less than the server will run.
            return parser.getToken(1).kind == CCJSqlParserConstants.EOF ? statement : null;
        } catch (Exception | StackOverflowError e) {
            return null;
        }
    }

    private static StatementShape reduce(Statement statement) {
        boolean plain = statement instanceof PlainSelect select && (select.getIntoTables() == null || select.getIntoTables().isEmpty())
                || statement instanceof TableStatement;
        ShapeFinder finder = new ShapeFinder(plain ? statement : null);
        finder.getTables(statement);
        List<Table> written = targets(statement, finder);
        Map<Table, Boolean> writtenNodes = new IdentityHashMap<>();
        for (Table table : written) {
            writtenNodes.put(table, Boolean.TRUE);
            finder.tables.putIfAbsent(table, Boolean.TRUE);
        }
        Set<String> read = new LinkedHashSet<>();
        Set<String> write = new LinkedHashSet<>();
        List<TableRef> refs = new ArrayList<>();
        for (Table table : finder.tables.keySet()) {
            TableRef ref = ref(table, finder.cteNames);
            if (ref == null) {
                continue;
            }
            refs.add(ref);
            if (!ref.cte()) {
                (writtenNodes.containsKey(table) ? write : read).add(ref.qualified());
            }
        }
        if (statement instanceof TableStatement table && table.getTable() != null && table.getTable().getName() != null) {
            finder.columns.add(new String[] {identifier(table.getTable().getName()), "*"}); // TABLE t is SELECT * FROM t
        }
        Set<String> columns = columns(finder, refs);
        List<Output> outputs = switch (statement) {
            case PlainSelect select when plain -> outputs(select);
            case TableStatement table -> List.of(new StarOutput(null)); // TABLE t is SELECT * FROM t
            default -> List.of();
        };
        boolean positional = statement instanceof PlainSelect select && positional(select);
        List<Set<String>> nestedStars = new ArrayList<>();
        for (List<Table> sources : finder.stars) {
            Set<String> names = new LinkedHashSet<>();
            for (Table source : sources) {
                TableRef ref = ref(source, finder.cteNames);
                if (ref == null || ref.cte()) {
                    names = null; // a WITH query may hold anything
                    break;
                }
                names.add(ref.name());
            }
            if (names != null) {
                nestedStars.add(names);
            }
        }
        return new StatementShape(true, read, write, columns, refs, outputs, plain, positional, finder.targetColumns, nestedStars);
    }

    /** The tables a statement writes; nested INSERT/UPDATE/DELETE/MERGE targets come from the finder. */
    private static List<Table> targets(Statement statement, ShapeFinder finder) {
        List<Table> targets = new ArrayList<>(finder.nestedTargets);
        switch (statement) {
            case PlainSelect select when select.getIntoTables() != null -> targets.addAll(select.getIntoTables());
            case Truncate truncate -> {
                addIfPresent(targets, truncate.getTable());
                if (truncate.getTables() != null) {
                    targets.addAll(truncate.getTables());
                }
            }
            case Drop drop -> {
                if (drop.getNames() != null && !drop.getNames().isEmpty()) {
                    targets.addAll(drop.getNames());
                } else {
                    addIfPresent(targets, drop.getName());
                }
            }
            case CreateTable create -> addIfPresent(targets, create.getTable());
            case CreateView view -> addIfPresent(targets, view.getView());
            case CreateIndex index -> addIfPresent(targets, index.getTable());
            case Alter alter -> addIfPresent(targets, alter.getTable());
            default -> { }
        }
        return targets;
    }

    static void addIfPresent(List<Table> targets, Table table) {
        if (table != null && table.getName() != null) {
            targets.add(table);
        }
    }

    private static TableRef ref(Table table, Set<String> cteNames) {
        if (table.getName() == null) {
            return null;
        }
        String name = identifier(table.getName());
        String schema = table.getSchemaName() == null ? "public" : identifier(table.getSchemaName());
        String alias = table.getAlias() == null || table.getAlias().getName() == null ? null : identifier(table.getAlias().getName());
        boolean cte = table.getSchemaName() == null && cteNames.contains(name);
        boolean renames = table.getAlias() != null && table.getAlias().getAliasColumns() != null
                && !table.getAlias().getAliasColumns().isEmpty();
        return new TableRef(schema, name, alias, cte, renames);
    }

    /**
     * Columns as {@code schema.table.column}: a qualifier naming a table or alias picks that table, anything else
     * (no qualifier, a subquery or CTE alias) stands for every table of the statement, an over-approximation.
     */
    private static Set<String> columns(ShapeFinder finder, List<TableRef> refs) {
        Map<String, Set<String>> byQualifier = new LinkedHashMap<>();
        Set<String> all = new LinkedHashSet<>();
        for (TableRef ref : refs) {
            if (ref.cte()) {
                continue;
            }
            all.add(ref.qualified());
            byQualifier.computeIfAbsent(ref.name(), k -> new LinkedHashSet<>()).add(ref.qualified());
            byQualifier.computeIfAbsent(ref.schema() + "." + ref.name(), k -> new LinkedHashSet<>()).add(ref.qualified());
            if (ref.alias() != null) {
                byQualifier.computeIfAbsent(ref.alias(), k -> new LinkedHashSet<>()).add(ref.qualified());
            }
        }
        Set<String> columns = new LinkedHashSet<>();
        for (String[] column : finder.columns) {
            Set<String> tables = column[0] == null ? all : byQualifier.getOrDefault(column[0], all);
            if (tables.isEmpty()) {
                columns.add(column[1]);
            }
            for (String table : tables) {
                columns.add(table + "." + column[1]);
            }
        }
        return columns;
    }

    private static List<Output> outputs(PlainSelect select) {
        List<Output> outputs = new ArrayList<>();
        for (SelectItem<?> item : select.getSelectItems()) {
            String alias = item.getAlias() == null || item.getAlias().getName() == null ? null : identifier(item.getAlias().getName());
            Expression expression = item.getExpression();
            Output output = switch (expression) {
                case AllColumns star when isPlainStar(star) -> new StarOutput(alias); // also AllTableColumns: t.*
                case Column column when column.getArrayConstructor() == null -> new ColumnOutput(identifier(column.getColumnName()), alias);
                default -> new ExpressionOutput(alias);
            };
            outputs.add(output);
        }
        return outputs;
    }

    /** A star with EXCEPT / REPLACE (other dialects) is an expression, not a plain expansion. */
    static boolean isPlainStar(AllColumns star) {
        return star.getExceptColumns() == null && (star.getReplaceExpressions() == null || star.getReplaceExpressions().isEmpty());
    }

    private static boolean positional(PlainSelect select) {
        List<Expression> sorts = new ArrayList<>();
        if (select.getOrderByElements() != null) {
            for (OrderByElement element : select.getOrderByElements()) {
                sorts.add(element.getExpression());
            }
        }
        if (select.getGroupBy() != null && select.getGroupBy().getGroupByExpressionList() != null) {
            sorts.addAll(select.getGroupBy().getGroupByExpressionList());
        }
        if (select.getDistinct() != null && select.getDistinct().getOnSelectItems() != null) {
            for (SelectItem<?> item : select.getDistinct().getOnSelectItems()) {
                sorts.add(item.getExpression());
            }
        }
        return sorts.stream().anyMatch(e -> e instanceof LongValue);
    }

    /** PostgreSQL folds unquoted names; the canonical text already did, so only quotes are left to remove. */
    static String identifier(String name) {
        if (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) {
            return name.substring(1, name.length() - 1).replace("\"\"", "\"");
        }
        return name.toLowerCase(Locale.ROOT);
    }
}
