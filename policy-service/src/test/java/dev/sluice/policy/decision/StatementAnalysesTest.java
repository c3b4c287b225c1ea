package dev.sluice.policy.decision;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.sql.StatementClass;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatementAnalysesTest {

    @Test
    void reusesTheAnalysisOfARepeatedText() {
        String text = "SELECT * FROM customers WHERE id = 4242";
        List<StatementAnalyses.Analysed> first = StatementAnalyses.of(text);
        assertThat(StatementAnalyses.of(new String(text.toCharArray()))).isSameAs(first);
        assertThat(first).singleElement().satisfies(s -> assertThat(s.facts().statementClass()).isEqualTo(StatementClass.READ));
    }

    @Test
    void neverServesAnotherTextsAnalysisFromASharedSlot() {
        // two texts that land in the same slot: each lookup must analyse its own text
        Map<Integer, String> bySlot = new HashMap<>();
        String a = null;
        String b = null;
        for (int i = 0; a == null; i++) {
            String text = i % 2 == 0 ? "SELECT " + i : "DROP TABLE t" + i;
            String other = bySlot.putIfAbsent(slot(text), text);
            if (other != null && other.charAt(0) != text.charAt(0)) {
                a = other;
                b = text;
            }
        }
        for (String text : List.of(a, b, a, b)) {
            List<StatementAnalyses.Analysed> analysed = StatementAnalyses.of(text);
            assertThat(analysed).singleElement().satisfies(s -> {
                assertThat(s.statement().text()).isEqualTo(text);
                assertThat(s.facts().statementClass()).isEqualTo(text.startsWith("DROP") ? StatementClass.DDL : StatementClass.READ);
            });
        }
    }

    @Test
    void analysesLongTextsEveryTimeWithoutKeepingThem() {
        String text = "SELECT 'x' /*" + "y".repeat(StatementAnalyses.MAX_CACHED_LENGTH) + "*/";
        List<StatementAnalyses.Analysed> first = StatementAnalyses.of(text);
        assertThat(StatementAnalyses.of(text)).isNotSameAs(first).isEqualTo(first);
        assertThat(first).singleElement().satisfies(s -> assertThat(s.stringConstant()).isTrue());
    }

    private static int slot(String text) {
        int hash = text.hashCode();
        return (hash ^ (hash >>> 16)) & (StatementAnalyses.SLOTS - 1);
    }
}
