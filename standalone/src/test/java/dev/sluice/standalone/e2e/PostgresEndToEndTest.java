package dev.sluice.standalone.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.standalone.Endpoints;
import dev.sluice.standalone.StandaloneRuntime;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.postgresql.PGConnection;
import org.postgresql.util.PSQLException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole platform in one process, driven by the real psql binary and pgjdbc: tokens from the dev issuer,
 * statements decided by the real policy-service on the demo bundle, transcripts through a real Kafka broker
 * into recording-service.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PostgresEndToEndTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static StandaloneRuntime runtime;
    private static Endpoints endpoints;

    @BeforeAll
    static void startPlatform() {
        runtime = StandaloneRuntime.start(StandaloneRuntime.randomPorts());
        endpoints = runtime.endpoints();
    }

    @AfterAll
    static void stopPlatform() {
        if (runtime != null) {
            runtime.stop();
        }
    }

    // ---- psql --------------------------------------------------------------------------------------------

    @Test
    @Order(1)
    void psqlAsBobReadsIsRefusedDropTableAndKeepsWorking() throws Exception {
        Psql psql = psql();
        Psql.Result result = psql.run("bob", token("bob"),
                "SELECT count(*) FROM customers",
                "DROP TABLE customers",
                "SELECT count(*) FROM orders");
        assertThat(result.stderr()).contains("42501").contains("Sluice denied this statement");
        List<String> rows = result.stdout().lines().toList();
        assertThat(rows).hasSize(2);
        assertThat(Integer.parseInt(rows.get(0))).isGreaterThanOrEqualTo(100);
        assertThat(Integer.parseInt(rows.get(1))).isPositive();
    }

    @Test
    @Order(2)
    void psqlDeniesAMultiStatementStringAsAWhole() throws Exception {
        Psql.Result result = psql().run("bob", token("bob"), "SELECT 1; DROP TABLE customers");
        assertThat(result.stderr()).contains("42501");
        assertThat(result.stdout()).isBlank();
        try (Connection c = direct(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT to_regclass('public.customers') IS NOT NULL")) {
            assertThat(rs.next() && rs.getBoolean(1)).as("customers still exists").isTrue();
        }
    }

    @Test
    @Order(3)
    void psqlCopiesToStdoutForAlice() throws Exception {
        Psql.Result result = psql().run("alice", token("alice"),
                "COPY (SELECT id, email FROM customers ORDER BY id LIMIT 3) TO STDOUT");
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout().lines().toList()).hasSize(3).allSatisfy(line -> assertThat(line).contains("@"));
    }

    @Test
    @Order(4)
    void psqlWithABadTokenIsRefused() throws Exception {
        Psql.Result result = psql().run("bob", "not-a-token", "SELECT 1");
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stderr()).contains("password authentication failed for user \"bob\"");
    }

    // ---- pgjdbc ------------------------------------------------------------------------------------------

    @Test
    @Order(10)
    void pgjdbcReadsInSimpleAndExtendedModeForEveryDemoIdentity() throws Exception {
        for (String user : List.of("alice", "bob", "ci-bot")) {
            for (String mode : List.of("simple", "extended", "extendedForPrepared")) {
                try (Connection c = proxy(user, mode); PreparedStatement s = c.prepareStatement(
                        "SELECT full_name, email FROM customers WHERE id <= ? ORDER BY id")) {
                    s.setInt(1, 5);
                    int rows = 0;
                    try (ResultSet rs = s.executeQuery()) {
                        while (rs.next()) {
                            assertThat(rs.getString("email")).contains("@");
                            rows++;
                        }
                    }
                    assertThat(rows).as(user + " " + mode).isEqualTo(5);
                }
            }
        }
    }

    @Test
    @Order(11)
    void pgjdbcEnforcesTheDemoPolicy() throws Exception {
        try (Connection bob = proxy("bob", "extended"); Statement s = bob.createStatement()) {
            assertDenied(() -> s.execute("DROP TABLE customers"));
            assertDenied(() -> s.executeUpdate("UPDATE customers SET email = 'x' WHERE id = 1"));
            try (ResultSet rs = s.executeQuery("SELECT 1")) {
                assertThat(rs.next()).as("session still usable").isTrue();
            }
        }
        try (Connection bot = proxy("ci-bot", "simple"); Statement s = bot.createStatement()) {
            assertDenied(() -> s.executeUpdate("INSERT INTO orders (customer_id, amount, status) VALUES (1, 1, 'x')"));
        }
        try (Connection c = direct(); Statement s = c.createStatement()) {
            // DDL on demo waits for an approval (ApprovalEndToEndTest); the writes below do not
            s.execute("CREATE TABLE IF NOT EXISTS scratch (n int)");
        }
        try (Connection alice = proxy("alice", "extended"); Statement s = alice.createStatement()) {
            assertDenied(() -> s.executeUpdate("DELETE FROM orders"));
            assertThat(s.executeUpdate("INSERT INTO scratch VALUES (1), (2)")).isEqualTo(2);
            assertThat(s.executeUpdate("DELETE FROM scratch WHERE n = 1")).isEqualTo(1);
        }
    }

    @Test
    @Order(12)
    void pgjdbcCancelStopsARunningStatement() throws Exception {
        try (Connection c = proxy("alice", "extended"); Statement s = c.createStatement()) {
            // Its own thread: the common pool may be busy with other work in the same JVM.
            CompletableFuture<Throwable> outcome = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> {
                try {
                    s.execute("SELECT pg_sleep(30)");
                    outcome.complete(null);
                } catch (SQLException e) {
                    outcome.complete(e);
                }
            });
            // pgjdbc sends one cancel per statement: send it once the target is really running the statement.
            Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> targetIsRunning("pg_sleep(30)"));
            s.cancel();
            assertThat(outcome.get(15, TimeUnit.SECONDS)).isInstanceOfSatisfying(PSQLException.class,
                    e -> assertThat(e.getSQLState()).isEqualTo("57014"));
        }
    }

    @Test
    @Order(13)
    void pgjdbcCopyOutWorksForAlice() throws Exception {
        try (Connection c = proxy("alice", "extended")) {
            var out = new ByteArrayOutputStream();
            long rows = c.unwrap(PGConnection.class).getCopyAPI()
                    .copyOut("COPY (SELECT id FROM customers ORDER BY id LIMIT 10) TO STDOUT", out);
            assertThat(rows).isEqualTo(10);
            assertThat(out.toString(StandardCharsets.UTF_8).lines().count()).isEqualTo(10);
        }
    }

    @Test
    @Order(14)
    void pgjdbcWithABadTokenGets28P01() {
        assertThatThrownBy(() -> DriverManager.getConnection(jdbcUrl(), credentials("bob", "garbage")).close())
                .isInstanceOfSatisfying(PSQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("28P01"));
    }

    // ---- transcript ---------------------------------------------------------------------------------------

    @Test
    @Order(20)
    void everyStatementReachesTheTranscriptInOrderThroughKafka() throws Exception {
        String marker = "e2e-" + UUID.randomUUID();
        List<String> sent = List.of("SELECT '" + marker + "' AS marker", "SELECT count(*) FROM customers",
                "DROP TABLE customers", "SELECT id FROM orders ORDER BY id LIMIT 2");
        try (Connection c = proxy("ci-bot", "simple"); Statement s = c.createStatement()) {
            for (String sql : sent) {
                try {
                    s.execute(sql);
                } catch (PSQLException e) {
                    assertThat(e.getSQLState()).isEqualTo("42501");
                }
            }
        }
        JsonNode session = awaitSessionContaining(marker, Duration.ofSeconds(60));
        List<String> types = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        long expectedSeq = 1;
        for (JsonNode event : session.get("events")) {
            assertThat(event.get("seq").asLong()).isEqualTo(expectedSeq++);
            types.add(event.get("type").asString());
            if (event.get("type").asString().equals("sluice.session.command")) {
                texts.add(event.get("data").get("text").asString());
            }
        }
        assertThat(types.getFirst()).isEqualTo("sluice.session.started");
        assertThat(types.getLast()).isEqualTo("sluice.session.ended");
        assertThat(texts).containsSubsequence(sent);
        assertThat(texts.subList(texts.indexOf(sent.getFirst()), texts.size())).containsExactlyElementsOf(sent);
    }

    // ---- failure of the policy service: fail closed, with the reason ------------------------------------

    @Test
    @Order(90)
    void denyEverythingWithTheReasonWhilePolicyServiceIsDown() throws Exception {
        try (Connection c = proxy("alice", "extended"); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT 1")) {
                assertThat(rs.next()).isTrue();
            }
            runtime.stopService("policy-service");
            try {
                // A statement never seen before cannot come from the cache.
                assertThatThrownBy(() -> s.executeQuery("SELECT 2 AS never_cached"))
                        .isInstanceOfSatisfying(PSQLException.class, e -> {
                            assertThat(e.getSQLState()).isEqualTo("42501");
                            assertThat(e.getMessage()).contains("policy-service");
                        });
                // A cached allow is dropped as soon as the proxy notices the policy service is gone.
                Awaitility.await("cached decision dropped while policy-service is down")
                        .atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                        .until(() -> deniedNow(s, "SELECT 1"));
                assertThatThrownBy(() -> proxy("alice", "extended").close())
                        .isInstanceOfSatisfying(PSQLException.class, e -> assertThat(e.getMessage()).contains("policy-service"));
            } finally {
                runtime.startService("policy-service");
            }
            try (ResultSet rs = s.executeQuery("SELECT 3")) {
                assertThat(rs.next() && rs.getInt(1) == 3).as("decisions resume with policy-service").isTrue();
            }
        }
    }

    // ---- helpers -----------------------------------------------------------------------------------------

    private static Psql psql() {
        return new Psql(SystemBinaries.require("psql", "postgresql-client"), endpoints.proxyPostgresPort());
    }

    private static String token(String subject) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(endpoints.devTokenUrl(subject)))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body()).get("access_token").asString();
    }

    private static String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + endpoints.proxyPostgresPort() + "/demo";
    }

    private static Properties credentials(String user, String password) {
        var properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        properties.setProperty("sslmode", "require");
        return properties;
    }

    private static Connection proxy(String user, String mode) throws Exception {
        Properties properties = credentials(user, token(user));
        properties.setProperty("preferQueryMode", mode);
        return DriverManager.getConnection(jdbcUrl(), properties);
    }

    private static Connection direct() throws SQLException {
        var properties = new Properties();
        properties.setProperty("user", "postgres");
        properties.setProperty("password", "sluice-demo");
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + endpoints.demoDbPort() + "/demo", properties);
    }

    private static boolean targetIsRunning(String fragment) throws SQLException {
        try (Connection admin = direct(); PreparedStatement s = admin.prepareStatement(
                "SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND query LIKE ?")) {
            s.setString(1, "%" + fragment + "%");
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1) > 0;
            }
        }
    }

    private static boolean deniedNow(Statement s, String sql) {
        try (ResultSet rs = s.executeQuery(sql)) {
            return false;
        } catch (SQLException e) {
            return "42501".equals(e.getSQLState());
        }
    }

    private static void assertDenied(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(PSQLException.class,
                e -> assertThat(e.getSQLState()).isEqualTo("42501"));
    }

    private static JsonNode awaitSessionContaining(String marker, Duration timeout) throws Exception {
        String auditor = token("carol");
        return Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(250))
                .until(() -> findEndedSession(marker, auditor), java.util.Objects::nonNull);
    }

    private static JsonNode findEndedSession(String marker, String auditor) throws Exception {
        for (JsonNode summary : get("/api/sessions?limit=50", auditor)) {
            JsonNode session = get("/api/sessions/" + summary.get("id").asString(), auditor);
            boolean hasMarker = false;
            boolean ended = false;
            for (JsonNode event : session.get("events")) {
                hasMarker |= event.get("data").toString().contains(marker);
                ended |= event.get("type").asString().equals("sluice.session.ended");
            }
            if (hasMarker && ended) {
                return session;
            }
        }
        return null;
    }

    private static JsonNode get(String path, String token) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(endpoints.recordingUrl() + path))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.body());
        return body.has("sessions") ? body.get("sessions") : body;
    }
}
