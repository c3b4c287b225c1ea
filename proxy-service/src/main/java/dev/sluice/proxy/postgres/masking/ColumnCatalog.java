package dev.sluice.proxy.postgres.masking;

import dev.sluice.proxy.postgres.session.UpstreamConnection;
import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * Resolves RowDescription column origins (table OID, attribute number) to {@code schema.table.column}, once per
 * table and connection, through an internal catalog connection opened on first need. Views (and materialized
 * views) are resolved to every base column their rewrite rule depends on, transitively through other views, so
 * that a column rule also covers a view that reads the column.
 */
public final class ColumnCatalog implements AutoCloseable {

    /**
     * What the catalog says about one relation.
     *
     * @param found   false if the OID is not (yet) visible in the catalog, e.g. created in an open transaction
     * @param columns qualified column names by attribute number
     * @param sources for a view, the qualified base columns it reads; empty for a table
     * @param ancestors for a partition or inheritance child, its ancestors as {@code schema.table}, whose
     *                  column rules apply to the same-named columns here
     */
    public record Relation(boolean found, Map<Integer, String> columns, Set<String> sources, List<String> ancestors) {}

    private static final Relation MISSING = new Relation(false, Map.of(), Set.of(), List.of());

    private final Callable<UpstreamConnection> opener;
    private final Map<Integer, Relation> relations = new HashMap<>();
    private CatalogConnection connection;

    /** @param opener opens a new connection to the session's target with the proxy's credential */
    public ColumnCatalog(Callable<UpstreamConnection> opener) {
        this.opener = opener;
    }

    /** The relations of these OIDs, from the cache or one catalog round trip. */
    public Map<Integer, Relation> resolve(Set<Integer> oids) throws IOException {
        Set<Integer> missing = new HashSet<>();
        for (int oid : oids) {
            if (oid != 0 && !relations.containsKey(oid)) {
                missing.add(oid);
            }
        }
        if (!missing.isEmpty()) {
            load(missing);
        }
        Map<Integer, Relation> result = new HashMap<>();
        for (int oid : oids) {
            result.put(oid, relations.getOrDefault(oid, MISSING));
        }
        return result;
    }

    private void load(Set<Integer> oids) throws IOException {
        try {
            query(connection(), oids);
        } catch (IOException e) {
            // A broken connection is reopened on the next look-up; this one fails closed in the caller.
            close();
            connection = null;
            throw e;
        }
    }

    private void query(CatalogConnection catalog, Set<Integer> oids) throws IOException {
        // OIDs are unsigned 32-bit: printed as such so that large ones compare correctly.
        String list = oids.stream().map(oid -> Long.toString(Integer.toUnsignedLong(oid)))
                .collect(Collectors.joining(","));
        Map<Integer, Map<Integer, String>> columns = new HashMap<>();
        Map<Integer, Set<String>> sources = new HashMap<>();
        for (List<String> row : catalog.query("""
                SELECT c.oid, a.attnum, n.nspname, c.relname, a.attname
                FROM pg_catalog.pg_class c
                JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
                WHERE c.oid IN (%s)""".formatted(list))) {
            columns.computeIfAbsent(oid(row.get(0)), k -> new HashMap<>())
                    .put(Integer.parseInt(row.get(1)), qualified(row.get(2), row.get(3), row.get(4)));
        }
        for (List<String> row : catalog.query("""
                WITH RECURSIVE src(view_oid, rel, att) AS (
                    SELECT r.ev_class, d.refobjid, d.refobjsubid
                    FROM pg_catalog.pg_rewrite r
                    JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_rewrite'::regclass AND d.objid = r.oid
                        AND d.refclassid = 'pg_catalog.pg_class'::regclass AND d.refobjid <> r.ev_class
                    WHERE r.ev_class IN (%s)
                  UNION
                    SELECT s.view_oid, d.refobjid, d.refobjsubid
                    FROM src s
                    JOIN pg_catalog.pg_rewrite r ON r.ev_class = s.rel
                    JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_rewrite'::regclass AND d.objid = r.oid
                        AND d.refclassid = 'pg_catalog.pg_class'::regclass AND d.refobjid <> r.ev_class
                )
                SELECT DISTINCT s.view_oid, n.nspname, c.relname, a.attname
                FROM src s
                JOIN pg_catalog.pg_class c ON c.oid = s.rel
                JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                JOIN pg_catalog.pg_attribute a ON a.attrelid = s.rel AND NOT a.attisdropped
                    AND (a.attnum = s.att OR (s.att = 0 AND a.attnum > 0))""".formatted(list))) {
            // A whole-row reference (att 0) reads every column of the relation.
            sources.computeIfAbsent(oid(row.get(0)), k -> new HashSet<>())
                    .add(qualified(row.get(1), row.get(2), row.get(3)));
        }
        Map<Integer, List<String>> ancestors = new HashMap<>();
        for (List<String> row : catalog.query("""
                WITH RECURSIVE anc(rel, parent) AS (
                    SELECT i.inhrelid, i.inhparent FROM pg_catalog.pg_inherits i WHERE i.inhrelid IN (%s)
                  UNION
                    SELECT anc.rel, i.inhparent FROM anc JOIN pg_catalog.pg_inherits i ON i.inhrelid = anc.parent
                )
                SELECT anc.rel, n.nspname, c.relname
                FROM anc
                JOIN pg_catalog.pg_class c ON c.oid = anc.parent
                JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace""".formatted(list))) {
            ancestors.computeIfAbsent(oid(row.get(0)), k -> new java.util.ArrayList<>())
                    .add((row.get(1) + "." + row.get(2)).toLowerCase(Locale.ROOT));
        }
        for (int oid : oids) {
            Map<Integer, String> cols = columns.get(oid);
            // A relation the catalog cannot see yet is not cached: once the client commits, it resolves.
            if (cols != null) {
                relations.put(oid, new Relation(true, Map.copyOf(cols),
                        Set.copyOf(sources.getOrDefault(oid, Set.of())),
                        List.copyOf(ancestors.getOrDefault(oid, List.of()))));
            }
        }
    }

    /**
     * A table COPY may read: its OID and the columns {@code COPY table TO} writes, in order (generated columns are
     * left out, as COPY does).
     *
     * @param columns column names by attribute number, generated ones included, for a COPY column list
     * @param output  the attribute numbers COPY writes without a column list, in order
     */
    public record CopyTable(int oid, Map<Integer, String> columns, List<Integer> output) {}

    /**
     * Every relation COPY could mean by this name: in {@code schema}, or with no schema in any schema, since the
     * client's search_path is not known here (over-approximating keeps masking on the safe side). Not cached: a
     * COPY is rare and a table may have been created or altered since.
     *
     * @throws IOException when the catalog cannot be asked, or the name is one this look-up will not quote
     */
    public List<CopyTable> copyTables(String schema, String table) throws IOException {
        if (!quotable(table) || schema != null && !quotable(schema)) {
            throw new IOException("relation name not looked up");
        }
        String where = "c.relname = " + literal(table) + (schema == null ? "" : " AND n.nspname = " + literal(schema));
        Map<Integer, Map<Integer, String>> columns = new java.util.LinkedHashMap<>();
        Map<Integer, List<Integer>> output = new HashMap<>();
        try {
            for (List<String> row : connection().query("""
                    SELECT c.oid, a.attnum, a.attname, a.attgenerated <> ''
                    FROM pg_catalog.pg_class c
                    JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                    JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
                    WHERE %s AND c.relkind IN ('r', 'p', 'm', 'f')
                    ORDER BY c.oid, a.attnum""".formatted(where))) {
                int oid = oid(row.get(0));
                int attnum = Integer.parseInt(row.get(1));
                columns.computeIfAbsent(oid, k -> new HashMap<>()).put(attnum, row.get(2));
                List<Integer> written = output.computeIfAbsent(oid, k -> new java.util.ArrayList<>());
                if (!"t".equals(row.get(3))) {
                    written.add(attnum);
                }
            }
        } catch (IOException e) {
            close();
            connection = null;
            throw e;
        }
        List<CopyTable> tables = new java.util.ArrayList<>();
        columns.forEach((oid, names) -> tables.add(new CopyTable(oid, Map.copyOf(names), List.copyOf(output.get(oid)))));
        return tables;
    }

    /** Names quoted as plain SQL literals: no backslash (its meaning depends on a setting) and no NUL. */
    private static boolean quotable(String name) {
        return !name.isEmpty() && name.indexOf('\\') < 0 && name.indexOf('\0') < 0;
    }

    private static String literal(String name) {
        return "'" + name.replace("'", "''") + "'";
    }

    private CatalogConnection connection() throws IOException {
        if (connection == null) {
            try {
                connection = new CatalogConnection(opener.call());
            } catch (IOException e) {
                throw e;
            } catch (Exception e) {
                throw new IOException("cannot open the catalog connection: " + e.getMessage(), e);
            }
        }
        return connection;
    }

    private static int oid(String text) {
        return (int) Long.parseLong(text);
    }

    private static String qualified(String schema, String table, String column) {
        return (schema + "." + table + "." + column).toLowerCase(Locale.ROOT);
    }

    @Override
    public void close() {
        if (connection != null) {
            connection.close();
        }
    }
}
