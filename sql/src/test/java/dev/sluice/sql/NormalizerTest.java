package dev.sluice.sql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NormalizerTest {

    @Test
    void replacesLiteralsAndFoldsWords() {
        assertThat(Normalizer.normalize("SELECT  *\n FROM Orders WHERE id = 42 AND name = 'bob' -- c\n AND x = $1"))
                .isEqualTo("select * from orders where id = ? and name = ? and x = $1");
    }

    @Test
    void everyStringFormBecomesAPlaceholder() {
        assertThat(Normalizer.normalize("SELECT E'a\\'', U&'\\0041', $$b$$, $t$c$t$, B'1', X'F', N'n', 1.5e3, 0xFF"))
                .isEqualTo("select ? , ? , ? , ? , ? , ? , ? , ? , ?");
    }

    @Test
    void statementsDifferingOnlyInLiteralsShareAFingerprint() {
        assertThat(Normalizer.normalize("select * from t where a = 1 /* x */"))
                .isEqualTo(Normalizer.normalize("SELECT * FROM T WHERE A = 'zzz'"));
    }

    @Test
    void quotedIdentifiersStayExact() {
        assertThat(Normalizer.normalize("SELECT \"Name\", name FROM \"T\"\"x\""))
                .isEqualTo("select \"Name\" , name from \"T\"\"x\"");
        assertThat(Normalizer.normalize("SELECT U&\"\\0041\"")).isEqualTo(Normalizer.normalize("SELECT \"A\""));
    }

    @Test
    void structureDifferencesChangeTheFingerprint() {
        assertThat(Normalizer.normalize("SELECT a FROM t")).isNotEqualTo(Normalizer.normalize("SELECT \"a\" FROM t"));
        assertThat(Normalizer.normalize("SELECT a ? 'k'")).isNotEqualTo(Normalizer.normalize("SELECT a 'k' 'j'"));
        assertThat(Normalizer.normalize("SELECT a <= b")).isNotEqualTo(Normalizer.normalize("SELECT a < = b"));
    }

    @Test
    void lexicalErrorsGetAPrefixNoValidInputProduces() {
        assertThat(Normalizer.normalize("SELECT 'unterminated")).startsWith(Normalizer.ERROR_PREFIX);
        assertThat(Normalizer.normalize("SELECT 1")).doesNotStartWith(Normalizer.ERROR_PREFIX);
    }

    @Test
    void isDeterministic() {
        String sql = "INSERT INTO t (a, b) VALUES ($1, 'x'), (2, E'y')";
        assertThat(Normalizer.normalize(sql)).isEqualTo(Normalizer.normalize(sql))
                .isEqualTo("insert into t ( a , b ) values ( $1 , ? ) , ( ? , ? )");
    }
}
