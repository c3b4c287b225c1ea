package dev.sluice.proxy.postgres.masking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.proxy.testing.ProxyFixture;
import dev.sluice.proxy.testing.ScriptedPolicyServer;
import dev.sluice.proxy.testing.TargetDatabase;
import dev.sluice.proxy.testing.TestTokens;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.postgresql.copy.CopyManager;
import tools.jackson.databind.JsonNode;

/** Masking at the wire against a real PostgreSQL and pgjdbc, with MASK decisions scripted. */
class MaskingProxyTest {
    private static final String SSN = "123-45-6789";
    private static final String CARD = "4111111111111111";
    /** Anything that looks like one of the raw values above. */
    private static final Pattern RAW = Pattern.compile("123-45-678\\d|4111 ?-?1111 ?-?1111 ?-?111\\d");

    private static final String COLUMNS_AND_DETECTORS = mask("""
            {"column":"public.people.ssn","strategy":"redact"},
            {"column":"public.people.card","strategy":"partial:4"},
            {"detector":"card","strategy":"redact"},
            {"detector":"ssn","strategy":"redact"},
            {"detector":"email","strategy":"hash"}""");
    private static final String COLUMNS_ONLY = mask("""
            {"column":"public.copy_people.ssn","strategy":"redact"},
            {"column":"public.copy_people.card","strategy":"partial:4"},
            {"column":"public.fresh.ssn","strategy":"redact"}""");
    private static final String DETECTORS_ONLY = mask("""
            {"detector":"card","strategy":"redact"},
            {"detector":"ssn","strategy":"redact"}""");

    private static TargetDatabase target;
    private static TestTokens tokens;
    private ScriptedPolicyServer policy;
    private ProxyFixture proxy;

    @BeforeAll
    static void startTarget() throws Exception {
        target = new TargetDatabase();
        tokens = new TestTokens();
        try (Connection c = target.admin(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE people (id int PRIMARY KEY, name text, ssn text, card text, note text)");
            s.execute("INSERT INTO people VALUES (1, 'Ana Núñez', '" + SSN + "', '" + CARD
                    + "', 'pays with 4111 1111 1111 1111, mail ana@example.com'),"
                    + " (2, 'Bo', NULL, NULL, NULL), (3, 'Cy', '123-45-6780', '4111111111111111', 'nothing')");
            s.execute("CREATE VIEW people_view AS SELECT id, upper(name) AS who, ssn AS tax_id FROM people");
            s.execute("CREATE VIEW people_outer AS SELECT * FROM people_view");
            s.execute("CREATE TABLE copy_people (id int, name text, ssn text, card text, note text)");
            s.execute("INSERT INTO copy_people VALUES (1, E'Tab\\there \\\\ and\\nline', '" + SSN + "', '" + CARD
                    + "', '123-45-6780 stays: no rule, no detector'), (2, 'Nils', NULL, NULL, NULL),"
                    + " (3, 'O''Hara; \"Q\"', '123-45-6782', '5555555555552222', 'x')");
        }
    }

    @AfterAll
    static void stopTarget() throws Exception {
        target.close();
    }

    @BeforeEach
    void startProxy() throws Exception {
        policy = new ScriptedPolicyServer();
        proxy = new ProxyFixture(target, TargetDatabase.SCRAM_USER, policy.url(), tokens);
        policy.answer(request -> maskQueries(request, COLUMNS_AND_DETECTORS));
    }

    @AfterEach
    void stopProxy() {
        proxy.close();
        policy.close();
    }

    private static String mask(String specs) {
        return "{\"effect\":\"MASK\",\"reason\":\"pii\",\"ruleId\":\"mask-pii\",\"policyVersion\":\"v1\",\"masks\":["
                + specs + "],\"approval\":null,\"cacheScope\":\"NONE\"}";
    }

    private static String maskQueries(JsonNode request, String decision) {
        return "CONNECT".equals(request.get("command").get("type").asString())
                ? ScriptedPolicyServer.decision("ALLOW", "ok", "connect") : decision;
    }

    private Connection bob(String mode) throws SQLException {
        Properties properties = ProxyFixture.credentials("bob", tokens.human("bob", "analysts"));
        properties.setProperty("preferQueryMode", mode);
        return DriverManager.getConnection(proxy.jdbcUrl(), properties);
    }

    private static List<List<String>> rows(ResultSet rs) throws SQLException {
        List<List<String>> rows = new ArrayList<>();
        int n = rs.getMetaData().getColumnCount();
        while (rs.next()) {
            List<String> row = new ArrayList<>();
            for (int i = 1; i <= n; i++) {
                row.add(rs.getString(i));
            }
            rows.add(row);
        }
        return rows;
    }

    private static List<List<String>> query(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rows(rs);
        }
    }

    @Test
    void masksColumnsByOriginThroughAliasesStarAndViewsInEveryQueryMode() throws Exception {
        for (String mode : List.of("simple", "extended", "extendedForPrepared")) {
            try (Connection c = bob(mode)) {
                assertThat(query(c, "SELECT name, ssn AS x, card FROM people ORDER BY id")).as(mode).containsExactly(
                        List.of("Ana Núñez", "****", "************1111"), java.util.Arrays.asList("Bo", null, null),
                        List.of("Cy", "****", "************1111"));
                List<String> star = query(c, "SELECT * FROM public.\"people\" WHERE id = 1").getFirst();
                assertThat(star.subList(0, 4)).as(mode).containsExactly("1", "Ana Núñez", "****", "************1111");
                assertThat(star.get(4)).as(mode).matches("pays with \\*{4}, mail [0-9a-f]{64}");
                // A keyed hash: equal values still join.
                assertThat(star.get(4)).endsWith(query(c, "SELECT 'ana@example.com'").getFirst().getFirst());
                assertThat(query(c, "SELECT tax_id, who FROM people_view WHERE id = 1").getFirst()).as(mode)
                        .containsExactly("****", "****");
                assertThat(query(c, "SELECT tax_id FROM people_outer WHERE id = 3").getFirst()).as(mode)
                        .containsExactly("****");
            }
        }
    }

    @Test
    void masksDetectorHitsInComputedValuesAndKeepsNullsAndMultibyteText() throws Exception {
        try (Connection c = bob("extended")) {
            List<List<String>> rows = query(c,
                    "SELECT 'ñ ' || note || ' ✓', NULL::text, 'ref 123-45-6789' FROM people WHERE id = 1");
            assertThat(rows.getFirst().get(0)).startsWith("ñ pays with ****, mail ").endsWith(" ✓");
            assertThat(rows.getFirst().get(1)).isNull();
            assertThat(rows.getFirst().get(2)).isEqualTo("ref ****");
        }
    }

    @Test
    void masksCursorFetchesAndExecuteRowLimits() throws Exception {
        try (Connection c = bob("extended")) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("DECLARE cur CURSOR FOR SELECT ssn, card FROM people WHERE ssn IS NOT NULL");
            }
            assertThat(query(c, "FETCH 2 FROM cur")).allSatisfy(row -> assertThat(row).containsExactly("****",
                    "************1111"));
            try (Statement s = c.createStatement()) {
                s.execute("CLOSE cur");
            }
            try (PreparedStatement s = c.prepareStatement("SELECT ssn, note FROM people ORDER BY id")) {
                s.setFetchSize(1);
                try (ResultSet rs = s.executeQuery()) {
                    List<List<String>> rows = rows(rs);
                    assertThat(rows).hasSize(3);
                    assertThat(rows.toString()).doesNotContainPattern(RAW);
                }
            }
            c.commit();
        }
    }

    @Test
    void refusesMaskedColumnsInBinaryFormatButMasksTextLikeBinaryValues() throws Exception {
        Properties properties = ProxyFixture.credentials("bob", tokens.human("bob", "analysts"));
        properties.setProperty("prepareThreshold", "-1");
        properties.setProperty("binaryTransferEnable", "25");
        try (Connection c = DriverManager.getConnection(proxy.jdbcUrl(), properties)) {
            try (PreparedStatement s = c.prepareStatement("SELECT ssn FROM people WHERE id = ?")) {
                s.setInt(1, 1);
                assertThatThrownBy(s::executeQuery).isInstanceOf(SQLException.class)
                        .hasMessageContaining("binary format").satisfies(e -> assertThat(e.getMessage())
                                .doesNotContainPattern(RAW));
            }
            try (PreparedStatement s = c.prepareStatement("SELECT note FROM people WHERE id = ?")) {
                s.setInt(1, 1);
                try (ResultSet rs = s.executeQuery()) {
                    assertThat(rows(rs).getFirst().getFirst()).startsWith("pays with ****");
                }
            }
            try (PreparedStatement s = c.prepareStatement("SELECT 4111111111111111::int8 WHERE ? = 1")) {
                s.setInt(1, 1);
                assertThatThrownBy(s::executeQuery).isInstanceOf(SQLException.class)
                        .hasMessageContaining("binary-format value");
            }
            assertThat(query(c, "SELECT 1")).containsExactly(List.of("1"));
        }
    }

    @Test
    void masksCopyToStdoutWithDetectorsAndRefusesCopyOfAQueryUnderColumnRules() throws Exception {
        try (Connection c = bob("extended")) {
            var copy = new CopyManager(c.unwrap(org.postgresql.core.BaseConnection.class));
            var out = new StringWriter();
            assertThatThrownBy(() -> copy.copyOut("COPY (SELECT * FROM people) TO STDOUT", out))
                    .isInstanceOf(SQLException.class).hasMessageContaining("COPY table");
            assertThatThrownBy(() -> copy.copyOut("COPY people TO STDOUT WITH (FORMAT binary)", new StringWriter()))
                    .isInstanceOf(SQLException.class).hasMessageContaining("binary COPY");
            assertThat(out.toString()).doesNotContainPattern(RAW);
            assertThat(query(c, "SELECT 1")).containsExactly(List.of("1"));
        }
        policy.answer(request -> maskQueries(request, DETECTORS_ONLY));
        try (Connection c = bob("extended")) {
            var copy = new CopyManager(c.unwrap(org.postgresql.core.BaseConnection.class));
            var out = new StringWriter();
            copy.copyOut("COPY (SELECT * FROM people ORDER BY id) TO STDOUT WITH (FORMAT csv)", out);
            assertThat(out.toString()).contains("Ana Núñez").contains("****").doesNotContainPattern(RAW);
        }
    }

    @Test
    void masksTheRuleColumnsOfCopyTableToStdoutInTextFormat() throws Exception {
        policy.answer(request -> maskQueries(request, COLUMNS_ONLY));
        try (Connection c = bob("simple")) {
            var copy = new CopyManager(c.unwrap(org.postgresql.core.BaseConnection.class));
            var out = new StringWriter();
            long rows = copy.copyOut("COPY copy_people TO STDOUT", out);
            assertThat(rows).isEqualTo(3);
            List<String> lines = out.toString().lines().sorted().toList();
            // id, name (a tab, a backslash and a newline, escaped), ssn (redact), card (partial:4), note (no rule)
            assertThat(lines.get(0).split("\t", -1)).containsExactly("1", "Tab\\there \\\\ and\\nline",
                    "****", "************1111", "123-45-6780 stays: no rule, no detector");
            assertThat(lines.get(1).split("\t", -1)).containsExactly("2", "Nils", "\\N", "\\N", "\\N");
            assertThat(lines.get(2).split("\t", -1)[2]).isEqualTo("****");
            assertThat(out.toString()).doesNotContain(SSN, CARD, "123-45-6782");
        }
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(proxy.events().events())
                .anySatisfy(event -> assertThat(event.path("data").path("maskedCounts")
                        .path("column:public.copy_people.ssn").asInt()).isEqualTo(2)));
    }

    @Test
    void masksTheListedColumnsOfCopyInCsvWithHeaderAndQuotes() throws Exception {
        policy.answer(request -> maskQueries(request, COLUMNS_ONLY));
        try (Connection c = bob("extended")) {
            var copy = new CopyManager(c.unwrap(org.postgresql.core.BaseConnection.class));
            var out = new StringWriter();
            copy.copyOut("COPY public.copy_people (card, name, \"ssn\") TO STDOUT WITH (FORMAT csv, HEADER, "
                    + "QUOTE '''', DELIMITER ';')", out);
            assertThat(out.toString().lines().toList().getFirst()).isEqualTo("card;name;ssn");
            assertThat(out.toString()).contains("'************1111';'Tab\there \\ and\nline';'****'")
                    .contains("'************2222';'O''Hara; \"Q\"';'****'")
                    .contains(";Nils;\n")
                    .doesNotContain(SSN, CARD, "123-45-6782");
        }
    }

    @Test
    void refusesCopyOfATableTheCatalogCannotSee() throws Exception {
        policy.answer(request -> maskQueries(request, COLUMNS_ONLY));
        try (Connection c = bob("simple"); Statement s = c.createStatement()) {
            var copy = new CopyManager(c.unwrap(org.postgresql.core.BaseConnection.class));
            c.setAutoCommit(false);
            s.execute("CREATE TABLE fresh (ssn text)");
            s.execute("INSERT INTO fresh VALUES ('" + SSN + "')");
            // the proxy's catalog connection cannot see a table of an open transaction: refused, not passed raw
            var out = new StringWriter();
            assertThatThrownBy(() -> copy.copyOut("COPY fresh TO STDOUT", out)).isInstanceOf(SQLException.class)
                    .hasMessageContaining("does not match a table");
            assertThat(out.toString()).doesNotContain(SSN);
            c.rollback();
        }
    }

    @Test
    void masksErrorMessagesNoticesAndNotifications() throws Exception {
        try (Connection c = bob("simple"); Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.executeQuery("SELECT ssn::int FROM people WHERE id = 1"))
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContainPattern(RAW).contains("****"));
            s.execute("DO $$ BEGIN RAISE NOTICE 'leak %', (SELECT ssn FROM people WHERE id = 1); END $$");
            SQLWarning warning = s.getWarnings();
            assertThat((Object) warning).isNotNull();
            assertThat(warning.getMessage()).isEqualTo("leak ****");
            s.execute("LISTEN pii");
            s.execute("NOTIFY pii, 'card 4111 1111 1111 1111'");
            PGNotification[] notifications = c.unwrap(PGConnection.class).getNotifications(5000);
            assertThat(notifications).isNotEmpty();
            assertThat(notifications[0].getParameter()).isEqualTo("card ****");
            assertThat(query(c, "SELECT 1")).containsExactly(List.of("1"));
        }
    }

    @Test
    void recordsMaskedCountsAndAMaskedSampleButNeverRawValues() throws Exception {
        try (Connection c = bob("extended")) {
            query(c, "SELECT id, ssn, card, note FROM people ORDER BY id");
        }
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> command("SELECT id, ssn") != null);
        JsonNode data = command("SELECT id, ssn");
        assertThat(data.get("effect").asString()).isEqualTo("MASK");
        assertThat(data.get("maskedCounts").get("column:public.people.ssn").asLong()).isEqualTo(2);
        assertThat(data.get("maskedCounts").get("column:public.people.card").asLong()).isEqualTo(2);
        assertThat(data.get("maskedCounts").get("detector:card").asLong()).isEqualTo(1);
        assertThat(data.get("resultSample").size()).isEqualTo(3);
        assertThat(data.get("resultSample").get(0).get(1).asString()).isEqualTo("****");
        assertThat(data.get("resultSample").get(1).get(1).isNull()).isTrue();
        assertThat(proxy.events().events().toString()).doesNotContainPattern(RAW);
    }

    private JsonNode command(String prefix) {
        return proxy.events().events().stream().map(e -> e.get("data"))
                .filter(d -> d.has("text") && d.get("text").asString().startsWith(prefix)).findFirst().orElse(null);
    }

    @Test
    void redactsTablesTheCatalogCannotSeeYetUntilTheyAreCommitted() throws Exception {
        try (Connection c = bob("extended")) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TEMP TABLE scratch AS SELECT name, ssn FROM people WHERE id = 1");
            }
            // Created in the open transaction: invisible to the catalog connection, so fail closed.
            assertThat(query(c, "SELECT name, ssn FROM scratch")).containsExactly(List.of("****", "****"));
            c.commit();
            // Committed: resolved now; not a masked column, but the SSN detector still finds the value.
            assertThat(query(c, "SELECT name, ssn FROM scratch")).containsExactly(List.of("Ana Núñez", "****"));
        }
    }

    @Test
    void aRuleOnAPartitionedTableCoversItsPartitions() throws Exception {
        try (Connection c = target.admin(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE vault (id int, secret text) PARTITION BY LIST (id)");
            s.execute("CREATE TABLE vault_1 PARTITION OF vault FOR VALUES IN (1)");
            s.execute("INSERT INTO vault VALUES (1, 'plain words')");
        }
        policy.answer(request -> maskQueries(request, mask("{\"column\":\"public.vault.secret\",\"strategy\":\"redact\"}")));
        try (Connection c = bob("extended")) {
            assertThat(query(c, "SELECT id, secret FROM vault")).containsExactly(List.of("1", "****"));
            assertThat(query(c, "SELECT id, secret FROM vault_1")).containsExactly(List.of("1", "****"));
        }
    }

    @Test
    void aMaskDecisionWithoutRulesIsDenied() throws Exception {
        policy.answer(request -> request.get("command").get("text").asString().contains("people")
                ? mask("") : ScriptedPolicyServer.decision("ALLOW", "ok", "allow"));
        try (Connection c = bob("simple")) {
            assertThatThrownBy(() -> query(c, "SELECT ssn FROM people")).isInstanceOf(SQLException.class)
                    .hasMessageContaining("names no masking rule");
        }
    }
}
