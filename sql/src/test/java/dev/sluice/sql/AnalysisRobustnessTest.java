package dev.sluice.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Random token soup never makes the facts or the masking analysis throw, and never yields SAFE by accident. */
class AnalysisRobustnessTest {

    private static final List<String> FRAGMENTS = List.of(
            "SELECT", "FROM", "WHERE", "customers", "orders", "c", "ssn", "card_number", "full_name", "*", ",", "(", ")",
            ".", "::text", "||", "upper(", "row_to_json(", "AS", "JOIN", "ON", "=", "'x'", "1", "$1", "UNION", "WITH",
            "x", "INSERT INTO", "VALUES", "UPDATE", "SET", "DELETE", "RETURNING", "ORDER BY", "GROUP BY", "LATERAL",
            "\"ssn\"", "public.", "/* c */", "--\n", "[", "]", "CASE WHEN", "THEN", "END", "count(*)", "DISTINCT ON (");

    @Test
    void tokenSoupNeverThrows() {
        Random random = new Random(20261122);
        MaskingAnalyzer analyzer = new MaskingAnalyzer(Set.of("public.customers.ssn", "public.customers.card_number"));
        for (int n = 0; n < 400; n++) {
            StringBuilder sql = new StringBuilder();
            int length = 1 + random.nextInt(24);
            for (int i = 0; i < length; i++) {
                sql.append(FRAGMENTS.get(random.nextInt(FRAGMENTS.size()))).append(' ');
            }
            String text = sql.toString();
            StatementFacts facts = StatementClassifier.classify(text);
            MaskingVerdict verdict = analyzer.analyze(text);
            assertThat(facts).isNotNull();
            assertThat(verdict).isNotNull();
            if (verdict instanceof MaskingVerdict.Safe && mentionsMaskedColumnInAFunction(text)) {
                throw new AssertionError("SAFE for " + text);
            }
        }
    }

    private static boolean mentionsMaskedColumnInAFunction(String text) {
        return text.contains("customers") && (text.contains("upper( ssn") || text.contains("row_to_json( c"));
    }
}
