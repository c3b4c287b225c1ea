package dev.sluice.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The masked-column bypass list of the inline-masking issue, as bob (analysts) sees the demo database:
 * {@code customers.ssn} and {@code customers.card_number} are masked.
 */
class MaskingAnalyzerTest {

    private static final MaskingAnalyzer ANALYZER = new MaskingAnalyzer(Set.of("public.customers.ssn", "public.customers.card_number"));

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            SELECT * FROM customers                                                        | SAFE
            SELECT full_name, ssn FROM customers WHERE id = 5                              | SAFE
            SELECT count(*) FROM customers                                                 | SAFE
            SELECT ssn FROM customers                                                      | SAFE
            SELECT ssn AS x FROM customers                                                 | SAFE
            SELECT ssn x FROM customers                                                    | SAFE
            SELECT c.* FROM customers c                                                    | SAFE
            SELECT c.ssn, c.card_number FROM customers AS c WHERE c.id = $1                | SAFE
            SELECT "ssn" FROM "customers"                                                  | SAFE
            SELECT public.customers.ssn FROM public.customers                              | SAFE
            SELECT customers.ssn FROM customers ORDER BY customers.id LIMIT 10             | SAFE
            SELECT *, ssn FROM customers                                                   | SAFE
            SELECT DISTINCT ssn FROM customers                                             | SAFE
            SELECT * FROM customers WHERE id IN (SELECT customer_id FROM orders)           | SAFE
            SELECT * FROM orders WHERE customer_id IN (SELECT id FROM customers)           | SAFE
            SELECT o.id, c.full_name FROM orders o JOIN customers c ON c.id = o.customer_id | SAFE
            SELECT * FROM orders o JOIN customers c USING (id)                             | SAFE
            SELECT id, full_name FROM customers ORDER BY created_at DESC LIMIT 5           | SAFE
            SELECT * FROM customers FOR UPDATE                                             | SAFE
            TABLE customers                                                                | SAFE
            SELECT upper(ssn) FROM orders                                                  | SAFE
            SELECT status, sum(amount) FROM orders GROUP BY status ORDER BY 1              | SAFE
            SELECT count(*) FROM customers WHERE full_name LIKE 'A%'                       | SAFE
            DELETE FROM customers WHERE id = 5                                             | SAFE
            UPDATE customers SET full_name = 'x' WHERE id = 1                              | SAFE
            INSERT INTO customers (full_name, ssn) VALUES ('x', '900-00-0000')             | SAFE
            BEGIN                                                                          | SAFE
            SHOW search_path                                                               | SAFE
            FETCH 10 FROM cur                                                              | SAFE
            EXPLAIN SELECT id FROM customers                                               | SAFE
            SELECT ssn::text FROM customers                                                | INDIRECT
            SELECT CAST(ssn AS varchar) FROM customers                                     | INDIRECT
            SELECT upper(ssn) FROM customers                                               | INDIRECT
            SELECT substr(ssn, 1, 3) FROM customers                                        | INDIRECT
            SELECT md5(ssn) FROM customers                                                 | INDIRECT
            SELECT encode(convert_to(card_number, 'UTF8'), 'base64') FROM customers       | INDIRECT
            SELECT to_jsonb(c) FROM customers c                                            | INDIRECT
            SELECT to_jsonb(c.*) FROM customers c                                          | INDIRECT
            SELECT row_to_json(c) FROM customers c                                         | INDIRECT
            SELECT row_to_json(customers) FROM customers                                   | INDIRECT
            SELECT c FROM customers c                                                      | INDIRECT
            SELECT customers FROM customers                                                | INDIRECT
            SELECT (c).ssn FROM customers c                                                | INDIRECT
            SELECT ssn(c) FROM customers c                                                 | INDIRECT
            SELECT ROW(c.*) FROM customers c                                               | INDIRECT
            SELECT c::text FROM customers c                                                | INDIRECT
            SELECT string_agg(ssn, ',') FROM customers                                     | INDIRECT
            SELECT count(ssn) FROM customers                                               | INDIRECT
            `SELECT 'x' || ssn FROM customers`                                             | INDIRECT
            `SELECT ssn || '' FROM customers`                                              | INDIRECT
            `SELECT full_name || ' ' || email FROM customers`                              | SAFE
            SELECT card_number::numeric + 0 FROM customers                                 | INDIRECT
            SELECT CASE WHEN ssn LIKE '9%' THEN 1 END FROM customers                       | INDIRECT
            SELECT id FROM customers WHERE ssn = '900-12-3456'                             | INDIRECT
            SELECT id FROM customers WHERE ssn LIKE '900%'                                 | INDIRECT
            SELECT id FROM customers ORDER BY ssn                                          | INDIRECT
            SELECT ssn FROM customers ORDER BY 1                                           | INDIRECT
            SELECT * FROM customers ORDER BY 5                                             | INDIRECT
            SELECT ssn AS x FROM customers ORDER BY x                                      | INDIRECT
            SELECT ssn, count(*) FROM customers GROUP BY ssn                               | INDIRECT
            SELECT full_name FROM customers GROUP BY full_name HAVING max(ssn) > '5'       | INDIRECT
            SELECT DISTINCT ON (ssn) id FROM customers                                     | INDIRECT
            SELECT id, row_number() OVER (ORDER BY ssn) FROM customers                     | INDIRECT
            SELECT o.id FROM orders o JOIN customers c ON c.ssn = o.status                 | INDIRECT
            WITH x AS (SELECT ssn FROM customers) SELECT * FROM x                          | INDIRECT
            WITH x AS (SELECT * FROM customers) SELECT full_name FROM x                    | INDIRECT
            WITH x AS (SELECT ssn AS s FROM customers) SELECT upper(s) FROM x              | INDIRECT
            SELECT s FROM (SELECT ssn AS s FROM customers) t                               | INDIRECT
            SELECT * FROM (SELECT * FROM customers) t                                      | INDIRECT
            SELECT t FROM (SELECT DISTINCT ON (id) * FROM customers) t                     | INDIRECT
            SELECT (SELECT ssn FROM customers LIMIT 1)                                     | INDIRECT
            SELECT id FROM orders WHERE EXISTS (SELECT 1 FROM customers WHERE ssn LIKE '9%') | INDIRECT
            SELECT ssn FROM customers UNION SELECT full_name FROM customers               | INDIRECT
            SELECT ssn FROM customers UNION ALL SELECT 'x'                                 | INDIRECT
            SELECT * FROM customers INTERSECT SELECT * FROM customers                      | INDIRECT
            SELECT * FROM customers c, LATERAL (SELECT c.ssn) x                            | INDIRECT
            SELECT * FROM customers c CROSS JOIN LATERAL upper(c.ssn) u                    | INDIRECT
            DECLARE cur CURSOR FOR SELECT ssn FROM customers                               | INDIRECT
            DECLARE cur CURSOR WITH HOLD FOR SELECT * FROM customers                       | INDIRECT
            COPY customers TO STDOUT                                                       | SAFE
            COPY public.customers (ssn, full_name) TO STDOUT WITH (FORMAT csv, HEADER)      | SAFE
            COPY customers TO STDOUT WITH (FORMAT csv, FORCE_QUOTE *)                      | INDIRECT
            COPY customers TO '/tmp/customers.txt'                                         | INDIRECT
            COPY customers TO PROGRAM 'cat'                                                | INDIRECT
            COPY customers FROM STDIN                                                      | INDIRECT
            COPY (SELECT ssn FROM customers) TO STDOUT                                     | INDIRECT
            COPY customers (full_name) TO STDOUT WITH (FORMAT csv)                         | SAFE
            CREATE VIEW v AS SELECT ssn FROM customers                                     | INDIRECT
            CREATE TEMP TABLE t AS SELECT * FROM customers                                 | INDIRECT
            CREATE TABLE t AS SELECT upper(ssn) AS s FROM customers                        | INDIRECT
            SELECT ssn INTO TEMP t FROM customers                                          | INDIRECT
            SELECT * INTO t FROM customers                                                 | INDIRECT
            INSERT INTO orders (status) SELECT ssn FROM customers                          | INDIRECT
            UPDATE customers SET full_name = ssn WHERE id = 1                              | INDIRECT
            UPDATE customers SET full_name = 'x' WHERE id = 1 RETURNING ssn                | INDIRECT
            DELETE FROM customers WHERE id = 5 RETURNING *                                 | INDIRECT
            INSERT INTO customers (full_name) VALUES ('x') RETURNING card_number           | INDIRECT
            UPDATE customers c SET full_name = c::text WHERE id = 1                        | INDIRECT
            WITH d AS (DELETE FROM customers WHERE id = 1 RETURNING *) SELECT * FROM d     | INDIRECT
            PREPARE p AS SELECT ssn FROM customers                                         | INDIRECT
            EXECUTE p                                                                      | INDIRECT
            `DO $$BEGIN RAISE NOTICE '%', (SELECT ssn FROM customers LIMIT 1); END$$`      | INDIRECT
            `DO $$BEGIN EXECUTE 'SELECT ssn FROM cust' || 'omers'; END$$`                  | INDIRECT
            CALL leak()                                                                    | INDIRECT
            EXPLAIN ANALYZE SELECT id FROM customers WHERE ssn = '900-12-3456'             | INDIRECT
            EXPLAIN SELECT * FROM customers                                                | INDIRECT
            SET search_path = evil, public                                                 | INDIRECT
            `SELECT query_to_xml('select ssn from customers', true, false, '')`            | INDIRECT
            `SELECT * FROM dblink('dbname=demo', 'select ssn from customers') AS t(s text)` | INDIRECT
            SELECT most_common_vals FROM pg_stats WHERE attname = 'ssn'                    | INDIRECT
            SELECT id FROM customers WHERE note = 'see customers'                          | SAFE
            `SELECT my_exec('select ssn from customers')`                                  | INDIRECT
            `INSERT INTO notes VALUES ('select ssn from customers')`                      | INDIRECT
            SELECT ssn FROM customers ssn                                                  | INDIRECT
            CREATE INDEX ON customers (ssn)                                                | INDIRECT
            SELECT json_agg(c) FROM customers c                                            | INDIRECT
            SELECT array_agg(card_number) FROM customers                                   | INDIRECT
            SELECT ssn FROM customers WHERE ssn IS NOT NULL                                | INDIRECT
            SELECT * FROM customers WHERE (customers.*)::text LIKE '%900%'                  | INDIRECT
            SELECT id FROM customers WHERE customers::text LIKE '%900%'                    | INDIRECT
            INSERT INTO customers (ssn) VALUES ('1') ON CONFLICT (ssn) DO NOTHING          | INDIRECT
            SELECT 1 FROM customers WINDOW w AS (ORDER BY ssn)                             | INDIRECT
            SELECT id FROM customers NATURAL JOIN guesses                                  | INDIRECT
            SELECT full_name FROM customers JOIN guesses USING (ssn)                        | INDIRECT
            SELECT upper(s) FROM customers AS c(i, n, e, p, s)                             | INDIRECT
            SELECT s FROM customers AS c(i, n, e, p, s)                                    | INDIRECT
            ALTER TABLE customers RENAME TO people                                         | INDIRECT
            ALTER TABLE customers RENAME COLUMN ssn TO x                                   | INDIRECT
            CREATE VIEW v AS SELECT id FROM customers                                      | INDIRECT
            GRANT SELECT ON customers TO bob                                               | INDIRECT
            `COMMENT ON COLUMN customers.ssn IS 'x'`                                       | INDIRECT
            SELECT id FROM customers c WHERE c = c                                         | INDIRECT
            SELECT id FROM customers ORDER BY customers                                    | INDIRECT
            SELECT full_name AS id FROM customers ORDER BY id                              | SAFE
            SELECT ssn AS full_name FROM customers ORDER BY full_name                      | INDIRECT
            SELECT * FROM json_populate_record(NULL::customers, '{}')                      | INDIRECT
            SELECT id FROM customers WHERE id = ANY (SELECT customer_id FROM orders)       | SAFE
            SELECT ssn FROM customers WHERE id = 1 FOR UPDATE                              | SAFE
            TRUNCATE customers                                                             | SAFE
            LOCK TABLE customers                                                           | SAFE
            SELECT * FROM customers LIMIT 10 OFFSET 20                                     | SAFE
            SELECT * FROM customers c JOIN orders o ON o.customer_id = c.id WHERE o.amount > 10 ORDER BY o.created_at | SAFE
            `SELECT c.oid, n.nspname, c.relname FROM pg_catalog.pg_class c LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE c.relname OPERATOR(pg_catalog.~) '^(customers)$' COLLATE pg_catalog.default AND pg_catalog.pg_table_is_visible(c.oid) ORDER BY 2, 3` | SAFE
            `SELECT table_to_xml('customers', true, false, '') FROM pg_catalog.pg_class LIMIT 1` | INDIRECT
            `SELECT ts_stat('SELECT to_tsvector(ssn) FROM customers')`                     | INDIRECT
            `SELECT * FROM crosstab('select ssn, 1, 2 from customers') AS t(a text)`       | INDIRECT
            `SELECT date_trunc('month', created_at) AS m, count(*) FROM customers GROUP BY 1 ORDER BY 1` | SAFE
            SELECT c.full_name, sum(o.amount) AS total FROM customers c JOIN orders o ON o.customer_id = c.id GROUP BY c.full_name HAVING sum(o.amount) > 100 ORDER BY total DESC | SAFE
            `SELECT count(*) FILTER (WHERE email ILIKE '%@example.com') FROM customers`   | SAFE
            `SELECT * FROM customers WHERE created_at >= now() - interval '30 days' ORDER BY created_at DESC LIMIT 20` | SAFE
            SELECT * FROM customers c WHERE EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.id) | SAFE
            SELECT full_name, rank() OVER (ORDER BY created_at) FROM customers             | SAFE
            SELECT * FROM customers WHERE id = ANY($1::int[])                              | SAFE
            SELECT * FROM customers c1 JOIN customers c2 ON c1.ssn = c2.ssn                | INDIRECT
            `SELECT ssn = '900-12-3456' FROM customers`                                    | INDIRECT
            SELECT ssn FROM customers GROUP BY ROLLUP (ssn)                                | INDIRECT
            WITH x AS (TABLE customers) SELECT x FROM x                                    | UNKNOWN
            SELECT row_to_json(x) FROM (TABLE customers) x                                 | INDIRECT
            SELECT id FROM orders UNION TABLE customers                                    | UNKNOWN
            CREATE TABLE t AS TABLE customers                                              | INDIRECT
            DECLARE cur CURSOR FOR TABLE customers                                         | INDIRECT
            `COPY (TABLE customers) TO STDOUT`                                             | INDIRECT
            (TABLE customers)                                                              | UNKNOWN
            SELECT * FROM orders o WHERE EXISTS (SELECT * FROM customers c WHERE c.id = o.customer_id) | SAFE
            SELECT * FROM orders o WHERE EXISTS (SELECT * FROM customers c WHERE c.ssn = o.status) | INDIRECT
            SELECT * FROM orders o WHERE EXISTS (SELECT c.* FROM customers c)              | INDIRECT
            SELECT * FROM customers c LEFT JOIN LATERAL (SELECT * FROM orders o WHERE o.customer_id = c.id ORDER BY created_at DESC LIMIT 1) lo ON true | SAFE
            WITH recent AS (SELECT * FROM orders WHERE amount > 10) SELECT c.full_name, r.amount FROM customers c JOIN recent r ON r.customer_id = c.id | SAFE
            SELECT c.full_name, x.amount FROM customers c JOIN (SELECT o.* FROM orders o) x ON x.customer_id = c.id | SAFE
            SELECT full_name FROM customers UNION SELECT * FROM orders                     | SAFE
            SELECT x FROM (SELECT * FROM orders, customers) x                              | INDIRECT
            SELECT x FROM (SELECT o.*, c.* FROM orders o, customers c) x                   | INDIRECT
            SELECT x FROM (SELECT * FROM orders JOIN customers USING (id)) x               | INDIRECT
            WITH a AS (SELECT * FROM customers), b AS (SELECT * FROM a) SELECT id FROM b   | INDIRECT
            WITH customers AS (SELECT * FROM orders) SELECT x FROM (SELECT * FROM customers) x | INDIRECT
            SELECT * FROM orders WHERE EXISTS (SELECT * FROM orders) AND id IN (SELECT id FROM (SELECT * FROM customers) c) | INDIRECT
            UPDATE customers SET full_name = customers::text WHERE id = 1                  | INDIRECT
            DELETE FROM customers WHERE customers::text LIKE '%9%'                         | INDIRECT
            DELETE FROM customers c USING orders o WHERE o.customer_id = c.id AND c::text LIKE '%9%' | INDIRECT
            INSERT INTO customers SELECT * FROM customers                                  | INDIRECT
            MERGE INTO orders o USING customers c ON o.customer_id = c.id WHEN MATCHED THEN UPDATE SET status = c::text | INDIRECT
            MERGE INTO orders o USING customers c ON o.customer_id = c.id WHEN MATCHED THEN UPDATE SET status = c.ssn | INDIRECT
            SELECT ssn FROM customers FOR UPDATE OF customers                              | INDIRECT
            ANALYZE customers                                                              | SAFE
            SELECT ssn FROM customers; SELECT 1                                            | UNKNOWN
            SELECT ssn FROM customers WHERE x @@@ y                                        | INDIRECT
            SELECT ssn FROM customers c JOIN orders o ON o.x @@@ c.y                       | UNKNOWN
            SELECT 'unterminated                                                           | UNKNOWN
            FROBNICATE customers                                                           | UNKNOWN
            """)
    void decides(String sql, String expected) {
        MaskingVerdict verdict = ANALYZER.analyze(sql);
        String actual = switch (verdict) {
            case MaskingVerdict.Safe s -> "SAFE";
            case MaskingVerdict.Indirect i -> "INDIRECT";
            case MaskingVerdict.Unknown u -> "UNKNOWN";
        };
        assertThat(actual).as("%s: %s", sql, verdict).isEqualTo(expected);
    }

    @Test
    void explainsWhyAColumnIsIndirect() {
        assertThat(ANALYZER.analyze("SELECT upper(ssn) FROM customers").reason()).contains("masked column ssn");
        assertThat(ANALYZER.analyze("SELECT row_to_json(c) FROM customers c").reason()).contains("whole-row use of masked table c");
        assertThat(ANALYZER.analyze("COPY (SELECT ssn FROM customers) TO STDOUT").reason()).contains("COPY");
        assertThat(ANALYZER.analyze("SELECT * FROM customers").reason()).isEmpty();
    }

    @Test
    void noMaskedColumnsMeansEverythingIsSafe() {
        assertThat(new MaskingAnalyzer(Set.of()).analyze("SELECT upper(ssn) FROM customers")).isEqualTo(MaskingVerdict.SAFE);
    }

    @Test
    void matchesQuotedMixedCaseNamesExactly() {
        MaskingAnalyzer analyzer = new MaskingAnalyzer(Set.of("public.Customers.SSN"));
        assertThat(analyzer.analyze("SELECT upper(\"SSN\") FROM \"Customers\"")).isInstanceOf(MaskingVerdict.Indirect.class);
        assertThat(analyzer.analyze("SELECT \"SSN\" FROM \"Customers\"")).isEqualTo(MaskingVerdict.SAFE);
        // Unquoted Customers folds to customers: another table.
        assertThat(analyzer.analyze("SELECT upper(ssn) FROM Customers")).isEqualTo(MaskingVerdict.SAFE);
    }

    @Test
    void seesThroughUnicodeEscapesAndComments() {
        assertThat(ANALYZER.analyze("SELECT upper(U&\"\\0073sn\") FROM customers")).isInstanceOf(MaskingVerdict.Indirect.class);
        assertThat(ANALYZER.analyze("SELECT /* ; */ upper(/* nested /* */ */ ssn) -- x\r FROM customers")).isInstanceOf(MaskingVerdict.Indirect.class);
    }

    @Test
    void largeOrDeepStatementsOverMaskedTablesAreNotSafe() {
        String deep = "SELECT " + "(".repeat(300) + "ssn" + ")".repeat(300) + " FROM customers";
        assertThat(ANALYZER.analyze(deep)).isNotEqualTo(MaskingVerdict.SAFE);
        StringBuilder list = new StringBuilder("0");
        for (int i = 1; i < 20_000; i++) {
            list.append(", ").append(i);
        }
        // Constant lists collapse before parsing, so a long IN list is analysed like a short one.
        assertThat(ANALYZER.analyze("SELECT ssn FROM customers WHERE id IN (" + list + ")")).isEqualTo(MaskingVerdict.SAFE);
        assertThat(ANALYZER.analyze("SELECT upper(ssn) FROM customers WHERE id IN (" + list + ")")).isInstanceOf(MaskingVerdict.Indirect.class);
        String wide = "SELECT " + "id + ".repeat(5_000) + "0, upper(ssn) FROM customers";
        assertThat(ANALYZER.analyze(wide)).isInstanceOf(MaskingVerdict.Indirect.class);
    }

    @Test
    void coversViewsWhoseColumnsTheCallerListsAsMasked() {
        MaskingAnalyzer analyzer = new MaskingAnalyzer(Set.of("public.customers.ssn", "reporting.customer_view.ssn"));
        assertThat(analyzer.analyze("SELECT ssn FROM reporting.customer_view")).isEqualTo(MaskingVerdict.SAFE);
        assertThat(analyzer.analyze("SELECT upper(ssn) FROM reporting.customer_view")).isInstanceOf(MaskingVerdict.Indirect.class);
        assertThat(analyzer.analyze("SELECT v FROM reporting.customer_view v")).isInstanceOf(MaskingVerdict.Indirect.class);
    }

    @Test
    void givesTheSameAnswersFromManyThreads() throws Exception {
        List<String> statements = List.of("SELECT * FROM customers", "SELECT upper(ssn) FROM customers",
                "SELECT c FROM customers c", "SELECT id FROM customers WHERE ssn = $1", "SELECT full_name, ssn FROM customers WHERE id = 5");
        List<MaskingVerdict> expected = statements.stream().map(ANALYZER::analyze).toList();
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Future<Boolean>> runs = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                runs.add(pool.submit(() -> {
                    for (int i = 0; i < 200; i++) {
                        int k = i % statements.size();
                        if (!ANALYZER.analyze(statements.get(k)).getClass().equals(expected.get(k).getClass())) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> run : runs) {
                assertThat(run.get()).isTrue();
            }
        }
    }

    @Test
    void rejectsMalformedMaskedColumnNames() {
        assertThatThrownBy(() -> new MaskingAnalyzer(Set.of("ssn"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MaskingAnalyzer(Set.of("public..ssn"))).isInstanceOf(IllegalArgumentException.class);
    }
}
