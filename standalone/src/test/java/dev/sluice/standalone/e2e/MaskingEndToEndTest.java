package dev.sluice.standalone.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.standalone.Endpoints;
import dev.sluice.standalone.StandaloneRuntime;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The public masking bypass suite: bob (analysts) and ci-bot (agents) query the demo database through every
 * path a value can leave by — aliases, *, quoted and schema-qualified names, CTEs, UNION, LATERAL, subqueries,
 * views, JSON functions, cursors with FETCH, Execute row limits, COPY, error messages, binary format, NULLs and
 * multibyte text — in pgjdbc's simple and extended modes and through psql. Every text received (values, errors,
 * warnings, psql's output) is searched for every real SSN and card number of the demo database, also with the
 * separators stripped; none may appear. alice (dba) sees them, and the transcripts count what was masked
 * without containing it.
 */
class MaskingEndToEndTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static StandaloneRuntime runtime;
    private static Endpoints endpoints;
    /** Every SSN and card number of the demo database, as stored and with separators stripped. */
    private static final Set<String> RAW = new HashSet<>();

    @BeforeAll
    static void startPlatform() throws SQLException {
        runtime = StandaloneRuntime.start(StandaloneRuntime.randomPorts());
        endpoints = runtime.endpoints();
        try (Connection c = direct(); Statement s = c.createStatement()) {
            // A view that existed before bob connected: column rules follow it to customers.ssn.
            s.execute("CREATE VIEW customer_contacts AS SELECT full_name, email, ssn AS tax_id FROM customers");
            try (ResultSet rs = s.executeQuery("SELECT ssn, card_number FROM customers")) {
                while (rs.next()) {
                    RAW.add(rs.getString(1));
                    RAW.add(rs.getString(1).replace("-", ""));
                    RAW.add(rs.getString(2));
                }
            }
        }
        assertThat(RAW).hasSizeGreaterThanOrEqualTo(300);
    }

    @AfterAll
    static void stopPlatform() {
        if (runtime != null) {
            runtime.stop();
        }
    }

    /** The bypass attempts; each either returns masked rows or is refused, never a raw value. */
    static Map<String, String> attempts() {
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("plain columns", "SELECT ssn, card_number FROM customers ORDER BY id");
        cases.put("aliases", "SELECT c.ssn AS x, c.card_number AS y FROM customers c");
        cases.put("star", "SELECT * FROM customers");
        cases.put("quoted and schema-qualified", "SELECT \"ssn\", c.\"card_number\" FROM public.\"customers\" c");
        cases.put("cte", "WITH t AS (SELECT ssn, card_number FROM customers) SELECT * FROM t");
        cases.put("subquery", "SELECT s FROM (SELECT ssn AS s FROM customers) sub");
        cases.put("union", "SELECT ssn FROM customers UNION ALL SELECT card_number FROM customers");
        cases.put("lateral", "SELECT l.v FROM customers c, LATERAL (SELECT c.ssn || ' ' || c.card_number AS v) l");
        cases.put("view", "SELECT * FROM customer_contacts");
        cases.put("upper", "SELECT upper(ssn), lower(card_number) FROM customers");
        cases.put("string_agg", "SELECT string_agg(ssn || ':' || card_number, ',') FROM customers");
        cases.put("row_to_json", "SELECT row_to_json(c) FROM customers c");
        cases.put("to_jsonb", "SELECT to_jsonb(c.*) FROM customers c");
        cases.put("whole row", "SELECT c FROM customers c");
        cases.put("nulls and multibyte", "SELECT CASE WHEN id % 2 = 0 THEN NULL ELSE 'ñ→' || ssn || ' ✓ ' || card_number END"
                + " FROM customers");
        cases.put("cast error leak", "SELECT ssn::int FROM customers");
        cases.put("card cast error leak", "SELECT (card_number || 'x')::bigint FROM customers");
        cases.put("copy table", "COPY customers TO STDOUT");
        cases.put("copy query", "COPY (SELECT ssn, card_number FROM customers) TO STDOUT WITH (FORMAT csv)");
        cases.put("notice from a DO block",
                "DO $$ BEGIN RAISE NOTICE '%', (SELECT string_agg(ssn, ',') FROM customers); END $$");
        return cases;
    }

    @Test
    void bobAndCiBotNeverReceiveARawSsnOrCardNumberThroughPgjdbc() throws Exception {
        for (String user : List.of("bob", "ci-bot")) {
            for (String mode : List.of("simple", "extended")) {
                List<String> received = new ArrayList<>();
                int masked = 0;
                try (Connection c = proxy(user, mode, new Properties())) {
                    for (Map.Entry<String, String> attempt : attempts().entrySet()) {
                        received.add("== " + attempt.getKey());
                        try (Statement s = c.createStatement()) {
                            if (s.execute(attempt.getValue())) {
                                try (ResultSet rs = s.getResultSet()) {
                                    received.addAll(strings(rs));
                                }
                            }
                            received.addAll(warnings(s.getWarnings()));
                        } catch (SQLException e) {
                            received.add(e.getMessage());
                        }
                    }
                    received.addAll(cursorAndRowLimits(c));
                    received.addAll(copyOut(c, "COPY (SELECT * FROM customers) TO STDOUT"));
                }
                assertNoRawValue(user + " " + mode, received);
                for (String line : received) {
                    masked += line.contains("****") ? 1 : 0;
                }
                assertThat(masked).as(user + " " + mode + " saw masked values").isGreaterThan(100);
            }
        }
    }

    @Test
    void binaryFormatIsRefusedForMaskedColumns() throws Exception {
        var binary = new Properties();
        binary.setProperty("prepareThreshold", "-1");
        binary.setProperty("binaryTransferEnable", "bpchar,text,varchar");
        List<String> received = new ArrayList<>();
        try (Connection c = proxy("bob", "extended", binary)) {
            for (String sql : List.of("SELECT ssn, card_number FROM customers WHERE id > ?",
                    "SELECT ssn::text, card_number::text FROM customers WHERE id > ?",
                    "SELECT card_number::bigint FROM customers WHERE id > ?")) {
                try (PreparedStatement s = c.prepareStatement(sql)) {
                    s.setInt(1, 0);
                    try (ResultSet rs = s.executeQuery()) {
                        received.addAll(strings(rs));
                    }
                } catch (SQLException e) {
                    received.add(e.getMessage());
                }
            }
        }
        assertNoRawValue("binary", received);
        assertThat(received.toString()).contains("binary");
    }

    @Test
    void psqlAsBobShowsOnlyMaskedValues() throws Exception {
        Psql psql = new Psql(SystemBinaries.require("psql", "postgresql-client"), endpoints.proxyPostgresPort());
        List<String> commands = new ArrayList<>(attempts().values());
        commands.add("SELECT 'still alive'");
        Psql.Result result = psql.run("bob", token("bob"), commands.toArray(String[]::new));
        assertNoRawValue("psql", List.of(result.stdout(), result.stderr()));
        assertThat(result.stdout()).contains("****").contains("still alive");
    }

    @Test
    void copyOfTheCustomersTableIsMaskedForBobAndClearForAlice() throws Exception {
        int customers;
        try (Connection c = direct(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM customers")) {
            rs.next();
            customers = rs.getInt(1);
        }
        try (Connection bob = proxy("bob", "extended", new Properties())) {
            String text = copyOut(bob, "COPY customers TO STDOUT").getFirst();
            assertThat(text.lines()).hasSize(customers).allSatisfy(line -> assertThat(line).contains("\t****\t"));
            String csv = copyOut(bob, "COPY public.customers (id, ssn, card_number) TO STDOUT WITH (FORMAT csv, HEADER)")
                    .getFirst();
            assertThat(csv.lines().toList().getFirst()).isEqualTo("id,ssn,card_number");
            assertThat(csv.lines().skip(1)).hasSize(customers).allSatisfy(line -> assertThat(line).contains(",\"****\""));
            assertNoRawValue("bob COPY", List.of(text, csv));
        }
        Psql psql = new Psql(SystemBinaries.require("psql", "postgresql-client"), endpoints.proxyPostgresPort());
        Psql.Result copied = psql.run("bob", token("bob"), "\\copy customers to stdout",
                "\\copy customers (full_name, ssn, card_number) to stdout with (format csv)");
        assertNoRawValue("psql \\copy", List.of(copied.stdout(), copied.stderr()));
        assertThat(copied.stdout().lines().filter(line -> line.contains("****"))).hasSize(2 * customers);
        try (Connection alice = proxy("alice", "extended", new Properties())) {
            String clear = copyOut(alice, "COPY customers (ssn, card_number) TO STDOUT").getFirst();
            assertThat(clear.lines()).hasSize(customers)
                    .allSatisfy(line -> assertThat(RAW).contains(line.split("\t")[0], line.split("\t")[1]));
        }
    }

    @Test
    void aliceSeesClearValues() throws Exception {
        try (Connection c = proxy("alice", "extended", new Properties());
                Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT ssn, card_number FROM customers")) {
            List<String> values = strings(rs);
            assertThat(values).isNotEmpty().allSatisfy(v -> assertThat(RAW).contains(v.split(" \\| ")[0]));
        }
    }

    @Test
    void theTranscriptCountsMaskedValuesWithoutHoldingThem() throws Exception {
        String marker = "mask-" + UUID.randomUUID();
        try (Connection c = proxy("bob", "extended", new Properties()); Statement s = c.createStatement()) {
            s.execute("SELECT '" + marker + "' AS marker");
            try (ResultSet rs = s.executeQuery("SELECT id, ssn, card_number FROM customers ORDER BY id LIMIT 5")) {
                assertThat(strings(rs)).hasSize(5);
            }
        }
        JsonNode session = awaitSessionContaining(marker);
        JsonNode command = null;
        for (JsonNode event : session.get("events")) {
            if (event.get("data").path("text").asString("").startsWith("SELECT id, ssn, card_number")) {
                command = event.get("data");
            }
        }
        assertThat(command).isNotNull();
        assertThat(command.get("effect").asString()).isEqualTo("MASK");
        assertThat(command.get("maskedCounts").get("column:public.customers.ssn").asLong()).isEqualTo(5);
        assertThat(command.get("maskedCounts").get("column:public.customers.card_number").asLong()).isEqualTo(5);
        assertThat(command.get("resultSample").size()).isEqualTo(5);
        assertNoRawValue("transcript", List.of(session.toString()));

        // Operators see masking happen as a count per rule on the proxy's metrics endpoint.
        String metrics = HTTP.send(HttpRequest.newBuilder(URI.create(endpoints.proxyUrl() + "/actuator/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(metrics.lines().filter(line -> line.startsWith(
                        "sluice_masked_values_total{rule=\"column:public.customers.ssn\"}"))
                .map(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst()).hasValueSatisfying(count -> assertThat(count).isGreaterThanOrEqualTo(5.0));
    }

    // ---- helpers -----------------------------------------------------------------------------------------

    private static List<String> cursorAndRowLimits(Connection c) throws SQLException {
        List<String> received = new ArrayList<>();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.execute("DECLARE cur CURSOR FOR SELECT ssn, card_number FROM customers");
            for (int i = 0; i < 3; i++) {
                try (ResultSet rs = s.executeQuery("FETCH 10 FROM cur")) {
                    received.addAll(strings(rs));
                }
            }
            s.execute("CLOSE cur");
        } catch (SQLException e) {
            received.add(e.getMessage());
            c.rollback();
        }
        try (PreparedStatement s = c.prepareStatement("SELECT ssn, card_number FROM customers WHERE id > ?")) {
            s.setFetchSize(7);
            s.setInt(1, 0);
            try (ResultSet rs = s.executeQuery()) {
                received.addAll(strings(rs));
            }
        } catch (SQLException e) {
            received.add(e.getMessage());
        }
        c.rollback();
        c.setAutoCommit(true);
        return received;
    }

    private static List<String> copyOut(Connection c, String sql) {
        var out = new StringWriter();
        try {
            c.unwrap(PGConnection.class).getCopyAPI().copyOut(sql, out);
        } catch (Exception e) {
            out.write(String.valueOf(e.getMessage()));
        }
        return List.of(out.toString());
    }

    private static List<String> strings(ResultSet rs) throws SQLException {
        List<String> rows = new ArrayList<>();
        int n = rs.getMetaData().getColumnCount();
        while (rs.next()) {
            var row = new StringBuilder();
            for (int i = 1; i <= n; i++) {
                row.append(i > 1 ? " | " : "").append(rs.getString(i));
            }
            rows.add(row.toString());
        }
        return rows;
    }

    private static List<String> warnings(SQLWarning warning) {
        List<String> out = new ArrayList<>();
        for (SQLWarning w = warning; w != null; w = w.getNextWarning()) {
            out.add(w.getMessage());
        }
        return out;
    }

    private static void assertNoRawValue(String what, List<String> received) {
        String all = String.join("\n", received);
        for (String raw : RAW) {
            assertThat(all).as(what + ": leaked " + raw).doesNotContain(raw);
        }
    }

    private static JsonNode awaitSessionContaining(String marker) throws Exception {
        String auditor = token("carol");
        return Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> endedSessionWith(marker, auditor), java.util.Objects::nonNull);
    }

    private static JsonNode endedSessionWith(String marker, String auditor) throws Exception {
        for (JsonNode summary : get("/api/sessions?limit=50", auditor)) {
            JsonNode session = get("/api/sessions/" + summary.get("id").asString(), auditor);
            String text = session.toString();
            if (text.contains(marker) && text.contains("sluice.session.ended")) {
                return session;
            }
        }
        return null;
    }

    private static JsonNode get(String path, String token) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(endpoints.recordingUrl() + path))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static String token(String subject) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(endpoints.devTokenUrl(subject)))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body()).get("access_token").asString();
    }

    private static Connection proxy(String user, String mode, Properties extra) throws Exception {
        var properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", token(user));
        properties.setProperty("sslmode", "require");
        properties.setProperty("preferQueryMode", mode);
        properties.putAll(extra);
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + endpoints.proxyPostgresPort() + "/demo",
                properties);
    }

    private static Connection direct() throws SQLException {
        var properties = new Properties();
        properties.setProperty("user", "postgres");
        properties.setProperty("password", "sluice-demo");
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + endpoints.demoDbPort() + "/demo",
                properties);
    }
}
