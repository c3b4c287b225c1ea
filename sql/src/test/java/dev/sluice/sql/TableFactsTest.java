package dev.sluice.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Tables read and written, and columns, as {@link StatementClassifier} reports them. */
class TableFactsTest {

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', nullValues = "-", textBlock = """
            SELECT * FROM orders                                                          | public.orders                   | -
            select id from Sales.Orders                                                   | sales.orders                    | -
            SELECT "Id" FROM "Sales"."BigOrders"                                          | Sales.BigOrders                 | -
            SELECT o.id FROM orders o JOIN customers c ON c.id = o.customer_id            | public.customers public.orders  | -
            SELECT * FROM orders WHERE customer_id IN (SELECT id FROM customers)          | public.customers public.orders  | -
            SELECT * FROM orders o, LATERAL (SELECT * FROM customers c WHERE c.id = o.customer_id) x | public.customers public.orders | -
            (SELECT id FROM orders) UNION (SELECT id FROM customers)                      | public.customers public.orders  | -
            WITH x AS (SELECT id FROM customers) SELECT * FROM x                          | public.customers                | -
            WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 5) SELECT n FROM r | -       | -
            TABLE orders                                                                  | public.orders                   | -
            SELECT * FROM ONLY orders TABLESAMPLE SYSTEM (10)                             | public.orders                   | -
            SELECT 1                                                                      | -                               | -
            SELECT x FROM generate_series(1, 3) x                                         | -                               | -
            WITH d AS (DELETE FROM orders WHERE id = 1 RETURNING *) SELECT * FROM d       | -                               | public.orders
            INSERT INTO orders (customer_id, amount) SELECT id, 1 FROM customers          | public.customers                | public.orders
            INSERT INTO orders VALUES (1, 2, 'paid', now())                               | -                               | public.orders
            INSERT INTO audit.log SELECT * FROM audit.log                                 | audit.log                       | audit.log
            UPDATE orders SET amount = 0 FROM customers c WHERE c.id = orders.customer_id | public.customers                | public.orders
            DELETE FROM orders USING customers WHERE customers.id = orders.customer_id    | public.customers                | public.orders
            MERGE INTO orders t USING customers s ON t.customer_id = s.id WHEN MATCHED THEN UPDATE SET amount = 1 | public.customers | public.orders
            TRUNCATE orders, customers                                                    | -                               | public.customers public.orders
            DROP TABLE IF EXISTS a.b, c                                                   | -                               | a.b public.c
            CREATE TABLE s.t (id int primary key)                                         | -                               | s.t
            CREATE TEMP TABLE t AS SELECT * FROM customers                                | public.customers                | public.t
            CREATE VIEW v AS SELECT id FROM customers                                     | public.customers                | public.v
            CREATE INDEX i ON orders (customer_id)                                        | -                               | public.orders
            ALTER TABLE orders ADD COLUMN note text                                       | -                               | public.orders
            SELECT * INTO archive FROM orders                                             | public.orders                   | public.archive
            SELECT * INTO TEMP TABLE archive FROM orders                                  | public.orders                   | public.archive
            COPY orders TO STDOUT                                                         | public.orders                   | -
            COPY public.orders (id, amount) FROM STDIN                                    | -                               | public.orders
            COPY (SELECT * FROM customers) TO STDOUT                                      | public.customers                | -
            DECLARE c CURSOR FOR SELECT * FROM orders                                     | public.orders                   | -
            EXPLAIN (ANALYZE, BUFFERS) DELETE FROM orders WHERE id = 1                    | -                               | public.orders
            EXPLAIN SELECT * FROM orders                                                  | public.orders                   | -
            PREPARE p (int) AS SELECT * FROM orders WHERE id = $1                         | public.orders                   | -
            LOCK TABLE orders, public.customers IN ACCESS EXCLUSIVE MODE                  | public.customers public.orders  | -
            FETCH 10 FROM c                                                               | -                               | -
            BEGIN                                                                         | -                               | -
            SET search_path = x                                                           | -                               | -
            SHOW work_mem                                                                 | -                               | -
            WITH x AS (SELECT 1) INSERT INTO t SELECT * FROM x                            | -                               | public.t
            WITH orders AS (SELECT 1) SELECT * FROM orders, public.orders                 | public.orders                   | -
            CREATE TABLE t (LIKE customers)                                               | public.customers                | public.t
            SELECT * FROM mydb.sales.orders                                               | sales.orders                    | -
            """)
    void findsTablesReadAndWritten(String sql, String read, String written) {
        StatementFacts facts = StatementClassifier.classify(sql);
        assertThat(facts.tablesKnown()).as(sql).isTrue();
        assertThat(new TreeSet<>(facts.tablesRead())).as("read: " + sql).isEqualTo(names(read));
        assertThat(new TreeSet<>(facts.tablesWritten())).as("written: " + sql).isEqualTo(names(written));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            EXECUTE p(1)
            `DO $$ BEGIN END $$`
            CALL p()
            `CREATE FUNCTION f() RETURNS int AS $$ SELECT count(*) FROM customers $$ LANGUAGE sql`
            SELECT * FROM orders WHERE x @@@ y JOIN z
            FROBNICATE orders
            `SELECT 1; SELECT 2`
            PREPARE p AS PREPARE q AS SELECT 1
            DECLARE a CURSOR FOR DECLARE b CURSOR FOR SELECT 1
            """)
    void doesNotClaimToKnowTheTablesOfOpaqueOrUnparseableStatements(String sql) {
        StatementFacts facts = StatementClassifier.classify(sql);
        assertThat(facts.tablesKnown()).as(sql).isFalse();
        assertThat(facts.tablesRead()).isEmpty();
        assertThat(facts.tablesWritten()).isEmpty();
    }

    @Test
    void keepsQuotedNamesExactly() {
        assertThat(StatementClassifier.classify("SELECT \"Id\" FROM \"Big Orders\" bo").tablesRead()).containsExactly("public.Big Orders");
        assertThat(StatementClassifier.classify("SELECT * FROM U&\"Sch\\00e9ma\".T").tablesRead()).containsExactly("Schéma.t");
    }

    @Test
    void keepsTheLexicalFactsAuthoritative() {
        StatementFacts facts = StatementClassifier.classify("COPY (SELECT * FROM customers) TO PROGRAM 'curl x'");
        assertThat(facts.statementClass()).isEqualTo(StatementClass.COPY);
        assertThat(facts.copyDirection()).isEqualTo(CopyDirection.TO_PROGRAM);
        assertThat(facts.dangers()).containsExactly(Danger.COPY_PROGRAM);
        assertThat(facts.tablesRead()).containsExactly("public.customers");
    }

    @Test
    void resolvesColumnsThroughAliasesAndOverApproximatesUnqualifiedOnes() {
        StatementFacts facts = StatementClassifier.classify(
                "SELECT o.id, c.full_name, amount FROM orders o JOIN customers c ON c.id = o.customer_id");
        assertThat(facts.columns()).contains("public.orders.id", "public.customers.full_name", "public.customers.id",
                "public.orders.customer_id", "public.orders.amount", "public.customers.amount");
        assertThat(facts.columns()).doesNotContain("public.customers.customer_id", "public.orders.full_name");
    }

    @Test
    void reportsStarsAsEveryColumnButNotCountStar() {
        assertThat(StatementClassifier.classify("SELECT * FROM customers").columns()).containsExactly("public.customers.*");
        assertThat(StatementClassifier.classify("SELECT c.* FROM customers c").columns()).containsExactly("public.customers.*");
        assertThat(StatementClassifier.classify("TABLE customers").columns()).containsExactly("public.customers.*");
        assertThat(StatementClassifier.classify("SELECT count(*) FROM customers").columns()).isEmpty();
    }

    @Test
    void namesWrittenColumns() {
        assertThat(StatementClassifier.classify("INSERT INTO orders (id, amount) VALUES (1, 2)").columns())
                .containsExactlyInAnyOrder("public.orders.id", "public.orders.amount");
        assertThat(StatementClassifier.classify("INSERT INTO orders VALUES (1, 2)").columns()).containsExactly("public.orders.*");
        assertThat(StatementClassifier.classify("COPY orders (id, amount) FROM STDIN").columns())
                .containsExactlyInAnyOrder("public.orders.id", "public.orders.amount");
    }

    @Test
    void answersLargeStatementsFromTheLexerWhereTheShapeIsUnambiguous() {
        StringBuilder rows = new StringBuilder("INSERT INTO orders (id, status) VALUES (0, 'a')");
        for (int i = 1; i < 50_000; i++) {
            rows.append(", (").append(i).append(", now())"); // not constants: no collapsing, 1 MB of text
        }
        StatementFacts insert = StatementClassifier.classify(rows.toString());
        assertThat(insert.tablesKnown()).isTrue();
        assertThat(insert.tablesWritten()).containsExactly("public.orders");
        assertThat(insert.columns()).containsExactlyInAnyOrder("public.orders.id", "public.orders.status");

        String deep = "SELECT " + "(".repeat(10_000) + "1" + ")".repeat(10_000) + " FROM orders WHERE id = 1";
        StatementFacts select = StatementClassifier.classify(deep);
        assertThat(select.tablesKnown()).isTrue();
        assertThat(select.tablesRead()).containsExactly("public.orders");
        assertThat(select.columns()).containsExactly("public.orders.*");

        String nested = "PREPARE p AS ".repeat(20_000) + "SELECT 1";
        assertThat(StatementClassifier.classify(nested).tablesKnown()).isFalse();

        String deepJoin = "SELECT " + "(".repeat(10_000) + "1" + ")".repeat(10_000) + " FROM orders JOIN customers USING (id)";
        assertThat(StatementClassifier.classify(deepJoin).tablesKnown()).isFalse();
    }

    @Test
    void collapsesConstantListsBeforeParsing() {
        assertThat(SqlText.of(PgLexer.tokenize("SELECT * FROM t WHERE id IN (1, 2, 3) AND x = 'a'", true)).text())
                .isEqualTo("select * from t where id in (0) and x = 's'");
        assertThat(SqlText.of(PgLexer.tokenize("INSERT INTO t VALUES (1, 'a'), (2, 'b'), ($1, $2)", true)).text())
                .isEqualTo("insert into t values (0)");
        assertThat(SqlText.of(PgLexer.tokenize("SELECT 1 AS a, 2 AS b, f(x, 1)", true)).text())
                .isEqualTo("select 0 as a, 0 as b, f(x, 0)");
        assertThat(SqlText.of(PgLexer.tokenize("SELECT a<-1, /* c */ U&\"d\\0061t\" FROM x", true)).text())
                .isEqualTo("select a < - 0, \"dat\" from x");
    }

    private static Set<String> names(String spaceSeparated) {
        return spaceSeparated == null ? Set.of() : new TreeSet<>(Arrays.asList(spaceSeparated.trim().split("\\s+")));
    }
}
