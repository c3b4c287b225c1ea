package dev.sluice.sql;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.operators.relational.ExistsExpression;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.merge.Merge;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.AllTableColumns;
import net.sf.jsqlparser.statement.select.FromItem;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.SelectItem;
import net.sf.jsqlparser.statement.select.WithItem;
import net.sf.jsqlparser.statement.update.Update;
import net.sf.jsqlparser.statement.update.UpdateSet;
import net.sf.jsqlparser.util.TablesNamesFinder;

/**
 * Rides JSqlParser's own complete traversal ({@link TablesNamesFinder}) and records, by node identity, what
 * {@link JSqlShapes} needs: every table node, WITH names, columns, write targets and their columns, and the stars of
 * nested select lists with the tables they expand. Identity sets make a node visited twice count once.
 */
final class ShapeFinder extends TablesNamesFinder<Void> {
    final Map<Table, Boolean> tables = new IdentityHashMap<>();
    final Set<String> cteNames = new HashSet<>();
    final List<String[]> columns = new ArrayList<>();
    final List<Table> nestedTargets = new ArrayList<>();
    final List<String> targetColumns = new ArrayList<>();
    /** For each star of a select list other than the top-level one, whose sources are all tables: the tables. */
    final List<List<Table>> stars = new ArrayList<>();
    private final Set<Object> seenColumns = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Set<Object> existsStars = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Set<Object> recordedStars = Collections.newSetFromMap(new IdentityHashMap<>());
    /** Target columns are harmless-use explanations: each statement may contribute them once. */
    private final Set<Object> visitedStatements = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Statement top;

    ShapeFinder(Statement top) {
        this.top = top;
    }

    @Override
    public <S> Void visit(PlainSelect select, S context) {
        if (select != top) {
            for (SelectItem<?> item : select.getSelectItems()) {
                if (item.getExpression() instanceof AllColumns star && JSqlShapes.isPlainStar(star) && !existsStars.contains(star)
                        && recordedStars.add(star)) { // a select can be visited twice (LATERAL)
                    List<Table> sources = sources(select, star);
                    if (sources != null) {
                        stars.add(sources);
                    }
                }
            }
        }
        return super.visit(select, context);
    }

    /** The tables a star expands, or null when one of them is not a plain table (subquery, function ...). */
    private static List<Table> sources(PlainSelect select, AllColumns star) {
        List<FromItem> items = new ArrayList<>();
        if (select.getFromItem() != null) {
            items.add(select.getFromItem());
        }
        if (select.getJoins() != null) {
            for (Join join : select.getJoins()) {
                items.add(join.getFromItem());
            }
        }
        List<Table> tables = new ArrayList<>();
        for (FromItem item : items) {
            if (!(item instanceof Table table) || table.getName() == null) {
                return null;
            }
            tables.add(table);
        }
        if (star instanceof AllTableColumns qualified) {
            String qualifier = qualified.getTable() == null || qualified.getTable().getName() == null
                    ? null : JSqlShapes.identifier(qualified.getTable().getName());
            for (Table table : tables) {
                String name = table.getAlias() != null && table.getAlias().getName() != null
                        ? JSqlShapes.identifier(table.getAlias().getName()) : JSqlShapes.identifier(table.getName());
                if (name.equals(qualifier)) {
                    return List.of(table);
                }
            }
            return null;
        }
        return tables.isEmpty() ? null : tables;
    }

    /** Mirrors {@link StarTokens}: the leading {@code *} of {@code EXISTS (SELECT * ...)} reads no value. */
    @Override
    public <S> Void visit(ExistsExpression exists, S context) {
        if (exists.getRightExpression() instanceof ParenthesedSelect parenthesed
                && parenthesed.getSelect() instanceof PlainSelect select && select.getDistinct() == null
                && !select.getSelectItems().isEmpty()
                && select.getSelectItems().getFirst().getExpression() instanceof AllColumns star
                && !(star instanceof AllTableColumns)) {
            existsStars.add(star);
        }
        return super.visit(exists, context);
    }

    @Override
    public <S> Void visit(Table table, S context) {
        tables.put(table, Boolean.TRUE);
        return super.visit(table, context);
    }

    @Override
    public <S> Void visit(WithItem<?> withItem, S context) {
        if (withItem.getAlias() != null && withItem.getAlias().getName() != null) {
            cteNames.add(JSqlShapes.identifier(withItem.getAlias().getName()));
        }
        return super.visit(withItem, context);
    }

    @Override
    public <S> Void visit(Column column, S context) {
        if (seenColumns.add(column)) {
            String qualifier = column.getTable() == null || column.getTable().getName() == null ? null : JSqlShapes.identifier(column.getTable().getName());
            columns.add(new String[] {qualifier, JSqlShapes.identifier(column.getColumnName())});
        }
        return super.visit(column, context);
    }

    @Override
    public <S> Void visit(AllColumns allColumns, S context) {
        if (seenColumns.add(allColumns)) {
            columns.add(new String[] {null, "*"});
        }
        return super.visit(allColumns, context);
    }

    @Override
    public <S> Void visit(AllTableColumns allTableColumns, S context) {
        if (seenColumns.add(allTableColumns)) {
            Table table = allTableColumns.getTable();
            columns.add(new String[] {table == null || table.getName() == null ? null : JSqlShapes.identifier(table.getName()), "*"});
        }
        return super.visit(allTableColumns, context);
    }

    /** {@code count(*)} reads rows, not column values: its star is no column reference. */
    @Override
    public <S> Void visit(Function function, S context) {
        if (function.getParameters() != null && function.getParameters().size() == 1
                && function.getParameters().getFirst() instanceof AllColumns star && !(star instanceof AllTableColumns)) {
            seenColumns.add(star);
        }
        return super.visit(function, context);
    }

    @Override
    public <S> Void visit(Insert insert, S context) {
        if (!visitedStatements.add(insert)) {
            return super.visit(insert, context);
        }
        Table table = insert.getTable();
        JSqlShapes.addIfPresent(nestedTargets, table);
        String qualifier = table == null || table.getName() == null ? null : JSqlShapes.identifier(table.getName());
        if (insert.getColumns() != null && !insert.getColumns().isEmpty()) {
            for (Column column : insert.getColumns()) {
                targetColumns.add(JSqlShapes.identifier(column.getColumnName()));
                columns.add(new String[] {qualifier, JSqlShapes.identifier(column.getColumnName())});
            }
        } else if (qualifier != null) {
            columns.add(new String[] {qualifier, "*"}); // INSERT without a column list writes every column
        }
        return super.visit(insert, context);
    }

    @Override
    public <S> Void visit(Update update, S context) {
        JSqlShapes.addIfPresent(nestedTargets, update.getTable());
        if (visitedStatements.add(update) && update.getUpdateSets() != null) {
            for (UpdateSet set : update.getUpdateSets()) {
                for (Column column : set.getColumns()) {
                    targetColumns.add(JSqlShapes.identifier(column.getColumnName()));
                }
            }
        }
        return super.visit(update, context);
    }

    @Override
    public <S> Void visit(Delete delete, S context) {
        JSqlShapes.addIfPresent(nestedTargets, delete.getTable());
        return super.visit(delete, context);
    }

    @Override
    public <S> Void visit(Merge merge, S context) {
        JSqlShapes.addIfPresent(nestedTargets, merge.getTable());
        return super.visit(merge, context);
    }
}
