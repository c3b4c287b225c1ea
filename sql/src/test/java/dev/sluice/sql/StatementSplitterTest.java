package dev.sluice.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class StatementSplitterTest {

    @Test
    void splitsOnTopLevelSemicolons() {
        assertThat(StatementSplitter.split("SELECT 1; DROP TABLE customers;")).containsExactly("SELECT 1", "DROP TABLE customers");
    }

    @Test
    void ignoresSemicolonsInsideLiteralsIdentifiersAndComments() {
        String sql = "SELECT 'a;b', E'c\\';d', $$e;f$$, $t$g;h$t$, \"i;j\" -- k;l\n /* m; /* n; */ o; */ FROM t";
        assertThat(StatementSplitter.split(sql)).containsExactly(sql);
    }

    @Test
    void dropsEmptyAndCommentOnlyStatements() {
        assertThat(StatementSplitter.split(" ; -- nothing\n ; /* still nothing */ ;\f")).isEmpty();
        assertThat(StatementSplitter.split(";;SELECT 1;;")).containsExactly("SELECT 1");
    }

    @Test
    void keepsParenthesizedRuleActionsTogether() {
        String rule = "CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO log VALUES (1); DELETE FROM q)";
        assertThat(StatementSplitter.split(rule + "; SELECT 1")).containsExactly(rule, "SELECT 1");
    }

    @Test
    void keepsBeginAtomicBodiesTogether() {
        String function = "CREATE OR REPLACE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT CASE WHEN true THEN 1 END; SELECT 2; END";
        assertThat(StatementSplitter.split(function + ";BEGIN;COMMIT")).containsExactly(function, "BEGIN", "COMMIT");
    }

    @Test
    void aStrayClosingParenthesisCannotHideALaterStatement() {
        assertThat(StatementSplitter.split("SELECT 1); DROP TABLE x")).containsExactly("SELECT 1)", "DROP TABLE x");
    }

    @Test
    void anUnterminatedLiteralSwallowsTheRest() {
        assertThat(StatementSplitter.split("SELECT 'x; DROP TABLE y")).containsExactly("SELECT 'x; DROP TABLE y");
    }

    @Test
    void statementTokensExcludeComments() {
        assertThat(StatementSplitter.splitLexed("/* c */ SELECT 1 -- d").getFirst().tokens())
                .extracting(Token::value).containsExactly("select", "1");
    }

    @Test
    void tenThousandNestedParenthesesNeedNoRecursion() {
        String sql = "SELECT " + "(".repeat(10_000) + "1" + ")".repeat(10_000) + "; SELECT 2";
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            assertThat(StatementSplitter.split(sql)).hasSize(2);
            assertThat(StatementClassifier.classify(StatementSplitter.split(sql).getFirst()).statementClass())
                    .isEqualTo(StatementClass.READ);
            assertThat(Normalizer.normalize(sql)).startsWith("select ( ( (");
        });
    }
}
