package dev.sluice.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.sql.CopyStatement.Format;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class CopyStatementTest {

    @Test
    void readsTheDefaultsOfTextFormat() {
        CopyStatement copy = CopyStatement.parse("COPY customers TO STDOUT;").orElseThrow();
        assertThat(copy.schema()).isNull();
        assertThat(copy.table()).isEqualTo("customers");
        assertThat(copy.columns()).isEmpty();
        assertThat(copy.format()).isEqualTo(Format.TEXT);
        assertThat(copy.delimiter()).isEqualTo('\t');
        assertThat(copy.nullText()).isEqualTo("\\N");
        assertThat(copy.header()).isFalse();
    }

    @Test
    void readsQualifiedQuotedNamesColumnsAndCsvOptions() {
        CopyStatement copy = CopyStatement.parse("""
                copy "Shop".customers (id, "SSN") -- comment
                TO STDOUT WITH (FORMAT csv, HEADER, DELIMITER ';', NULL 'n/a', QUOTE '''', ESCAPE E'\\\\')""")
                .orElseThrow();
        assertThat(copy.schema()).isEqualTo("Shop");
        assertThat(copy.columns()).containsExactly("id", "SSN");
        assertThat(copy.format()).isEqualTo(Format.CSV);
        assertThat(copy.header()).isTrue();
        assertThat(copy.delimiter()).isEqualTo(';');
        assertThat(copy.nullText()).isEqualTo("n/a");
        assertThat(copy.quote()).isEqualTo('\'');
        assertThat(copy.escape()).isEqualTo('\\');
    }

    @Test
    void readsThePre90OptionSyntax() {
        CopyStatement copy = CopyStatement.parse("COPY customers TO STDOUT WITH DELIMITER AS '|' CSV HEADER QUOTE AS '*'")
                .orElseThrow();
        assertThat(copy.format()).isEqualTo(Format.CSV);
        assertThat(copy.delimiter()).isEqualTo('|');
        assertThat(copy.quote()).isEqualTo('*');
        assertThat(copy.escape()).isEqualTo('*');
        assertThat(copy.nullText()).isEmpty();
        assertThat(CopyStatement.parse("COPY BINARY customers TO STDOUT").orElseThrow().format()).isEqualTo(Format.BINARY);
        assertThat(CopyStatement.parse("COPY customers TO STDOUT (FORMAT binary)").orElseThrow().format())
                .isEqualTo(Format.BINARY);
        assertThat(CopyStatement.parse("COPY customers TO STDOUT WITH (HEADER false)").orElseThrow().header()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "COPY (SELECT * FROM customers) TO STDOUT", "COPY customers FROM STDIN", "COPY customers TO '/tmp/x'",
            "COPY customers TO PROGRAM 'cat'", "COPY db.public.customers TO STDOUT", "COPY customers TO STDOUT WITH",
            "COPY customers TO STDOUT WITH (FORCE_QUOTE *)", "COPY customers TO STDOUT WITH DELIMITER",
            "COPY customers TO STDOUT (FORMAT xml)", "COPY customers TO STDOUT (DELIMITER ';;')",
            "COPY customers TO STDOUT; SELECT 1", "COPY customers () TO STDOUT", "SELECT * FROM customers",
            "COPY customers TO STDOUT (QUOTE '\"')"})
    void recognisesNothingButTheRelationFormToStdout(String sql) {
        assertThat(CopyStatement.parse(sql)).as(sql).isEmpty();
    }

    @Test
    void neverThrowsOnBrokenInput() {
        for (String sql : List.of("", "COPY", "COPY \"unterminated TO STDOUT", "COPY t (a, TO STDOUT")) {
            assertThat(CopyStatement.parse(sql)).as(sql).isEmpty();
        }
    }
}
