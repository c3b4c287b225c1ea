package dev.sluice.proxy.postgres.masking;

import dev.sluice.masking.MaskCounts;
import dev.sluice.sql.CopyStatement;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Column rules for the rows of {@code COPY table [(columns)] TO STDOUT}
 * (<a href="https://www.postgresql.org/docs/current/sql-copy.html#id-1.9.3.55.9">file formats</a>): a CopyData
 * message carries no column origins, so the columns come from the statement (its column list, or the table's
 * columns in order) and the catalog, and each row — one CopyData message per row, as PostgreSQL sends them — is
 * split on the format's delimiter, quoting and escapes, its masked fields replaced and re-escaped, and the rest
 * left byte for byte. Anything that does not split into exactly the expected fields is refused, never passed.
 */
final class CopyMasker {

    /** Why a COPY cannot be masked; the message is shown to the client. */
    static final class Refused extends Exception {
        Refused(String message) {
            super(message, null, false, false);
        }
    }

    private final CopyStatement copy;
    private final MaskPlan.ColumnRule[] rules;
    private boolean headerPending;

    private CopyMasker(CopyStatement copy, MaskPlan.ColumnRule[] rules) {
        this.copy = copy;
        this.rules = rules;
        this.headerPending = copy.header();
    }

    /**
     * The masker of one COPY whose output has {@code columnCount} columns (from CopyOutResponse).
     *
     * @throws Refused when the table or its columns cannot be told, or the output is not text or CSV
     */
    static CopyMasker of(MaskPlan plan, ColumnCatalog catalog, CopyStatement copy, int columnCount) throws Refused {
        if (copy.format() == CopyStatement.Format.BINARY) {
            throw new Refused("binary COPY output cannot be masked; use text or CSV format");
        }
        if (copy.encoding() != null && !copy.encoding().replace("-", "").equalsIgnoreCase("utf8")) {
            throw new Refused("COPY with ENCODING other than UTF8 cannot be masked; leave the encoding out");
        }
        String name = (copy.schema() == null ? "" : copy.schema() + ".") + copy.table();
        List<ColumnCatalog.CopyTable> tables;
        Map<Integer, ColumnCatalog.Relation> relations;
        try {
            tables = catalog.copyTables(copy.schema(), copy.table());
            Set<Integer> oids = new HashSet<>();
            tables.forEach(table -> oids.add(table.oid()));
            relations = oids.isEmpty() ? Map.of() : catalog.resolve(oids);
        } catch (IOException | RuntimeException e) {
            throw new Refused("the columns of " + name + " cannot be looked up, so masking cannot be applied");
        }
        MaskPlan.ColumnRule[] rules = new MaskPlan.ColumnRule[columnCount];
        boolean matched = false;
        // Unqualified, the name may mean a table in any schema: every one whose layout fits contributes its rules.
        for (ColumnCatalog.CopyTable table : tables) {
            List<Integer> attnums = copy.columns().isEmpty() ? table.output() : byName(table, copy.columns());
            if (attnums == null || attnums.size() != columnCount) {
                continue;
            }
            matched = true;
            ColumnCatalog.Relation relation = relations.get(table.oid());
            for (int i = 0; i < columnCount; i++) {
                MaskPlan.ColumnRule rule = plan.ruleFor(relation, attnums.get(i));
                if (rules[i] == null) {
                    rules[i] = rule;
                }
            }
        }
        if (!matched) {
            throw new Refused("COPY of " + name + " does not match a table the gateway can see, so its masked "
                    + "columns cannot be found");
        }
        return new CopyMasker(copy, rules);
    }

    private static List<Integer> byName(ColumnCatalog.CopyTable table, List<String> names) {
        List<Integer> attnums = new ArrayList<>(names.size());
        for (String name : names) {
            Integer found = null;
            for (var column : table.columns().entrySet()) {
                if (column.getValue().equals(name)) {
                    found = column.getKey();
                }
            }
            if (found == null) {
                return null;
            }
            attnums.add(found);
        }
        return attnums;
    }

    /** Whether any column of this COPY is masked by a column rule. */
    boolean masksColumns() {
        for (MaskPlan.ColumnRule rule : rules) {
            if (rule != null) {
                return true;
            }
        }
        return false;
    }

    /**
     * Masks the rule columns of one row.
     *
     * @return the row itself when nothing changed, the masked row, or null when the row does not split into the
     *         expected fields (the caller refuses the rest)
     */
    String mask(String row, MaskCounts counts) {
        if (headerPending) {
            headerPending = false; // column names, not data
            return row;
        }
        boolean csv = copy.format() == CopyStatement.Format.CSV;
        List<int[]> fields = csv ? CopyRows.splitCsv(row, copy.delimiter(), copy.quote(), copy.escape())
                : CopyRows.splitText(row, copy.delimiter());
        if (fields == null || fields.size() != rules.length) {
            return null;
        }
        StringBuilder out = null;
        int copied = 0;
        for (int i = 0; i < rules.length; i++) {
            MaskPlan.ColumnRule rule = rules[i];
            if (rule == null) {
                continue;
            }
            int start = fields.get(i)[0];
            int end = fields.get(i)[1];
            String raw = row.substring(start, end);
            if (raw.equals(copy.nullText())) {
                continue; // NULL stays NULL (in CSV only unquoted, which a quoted field never equals)
            }
            String value = csv ? CopyRows.unquoteCsv(raw, copy.quote(), copy.escape()) : CopyRows.unescapeText(raw);
            String masked = rule.strategy().apply(value);
            counts.add(rule.name());
            String encoded = masked == null ? copy.nullText()
                    : csv ? CopyRows.quoteCsv(masked, copy.quote(), copy.escape())
                    : CopyRows.escapeText(masked, copy.delimiter());
            if (out == null) {
                out = new StringBuilder(row.length() + 16);
            }
            out.append(row, copied, start).append(encoded);
            copied = end;
        }
        return out == null ? row : out.append(row, copied, row.length()).toString();
    }
}
