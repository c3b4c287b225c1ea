package dev.sluice.standalone.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.standalone.Endpoints;
import dev.sluice.standalone.StandaloneRuntime;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Just-in-time approvals through the whole platform: the real psql (and pgjdbc) as alice, the demo bundle's
 * DDL rule plus two test rules (a 3-second expiry, a 2-of-N), reviewers deciding through approval-service's HTTP
 * API with tokens from the dev issuer (carol, and dave, an approver and DBA added for this test).
 */
class ApprovalEndToEndTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Pattern APPROVAL_URL = Pattern.compile("/approvals/([0-9a-f-]{36})");
    private static final Duration NOTICE_DEADLINE = Duration.ofSeconds(30);

    /** Test rules, in a file read before the demo bundle's so that their approval specs win for these tables. */
    private static final String TEST_RULES = """
            rules:
              - id: test-short-approval
                match: {groups: [dba], connections: [demo], commandTypes: [query], tables: ["public.expiring_*"]}
                effect: REQUIRE_APPROVAL
                reason: "tables that expire quickly"
                approval: {reviewers: [approvers], minApprovals: 1, timeout: 3s}
              - id: test-two-approvals
                match: {groups: [dba], connections: [demo], commandTypes: [query], tables: ["public.pair_*"]}
                effect: REQUIRE_APPROVAL
                reason: "two approvers must agree"
                approval: {reviewers: [approvers], minApprovals: 2, timeout: 10m}
            """;

    private static StandaloneRuntime runtime;
    private static Endpoints endpoints;
    private static Path bundle;

    @BeforeAll
    static void startPlatform() throws Exception {
        bundle = Files.createTempDirectory("sluice-approval-bundle-");
        for (Resource file : new PathMatchingResourcePatternResolver().getResources("classpath*:policy-bundles/demo/*.yaml")) {
            try (var in = file.getInputStream()) {
                Files.copy(in, bundle.resolve(file.getFilename()));
            }
        }
        Files.writeString(bundle.resolve("05-test-approvals.yaml"), TEST_RULES);
        Map<String, String> overrides = new HashMap<>(StandaloneRuntime.randomPorts());
        overrides.put("policy-service.sluice.policy.bundle-path", bundle.toString());
        overrides.put("policy-service.sluice.policy.watch", "false");
        String dave = "identity-adapter.sluice.identity.dev.users[4].";
        overrides.put(dave + "subject", "dave");
        overrides.put(dave + "kind", "human");
        // an approver who is also a DBA: his own DDL needs an approval that he may not give
        overrides.put(dave + "groups", "approvers,dba");
        runtime = StandaloneRuntime.start(overrides);
        endpoints = runtime.endpoints();
        // A cold policy-service on a busy machine can miss the proxy's decision timeout (a fail-closed denial):
        // start the tests once a statement goes through.
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> {
                    try (Connection alice = proxy("alice"); Statement s = alice.createStatement();
                            ResultSet rs = s.executeQuery("SELECT 1")) {
                        return rs.next();
                    }
                });
    }

    @AfterAll
    static void stopPlatform() throws Exception {
        if (runtime != null) {
            runtime.stop();
        }
        if (bundle != null) {
            try (var files = Files.list(bundle)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
            Files.delete(bundle);
        }
    }

    @Test
    void dropTableWaitsWithANoticeAndRunsOnceCarolApproves() throws Exception {
        createTable("approve_me");
        try (Psql.Running psql = psql().start("alice", token("alice"), "DROP TABLE approve_me", "SELECT 'after'")) {
            String id = awaitHeld(psql);
            assertThat(psql.stderr()).contains("NOTICE:  01000: Sluice is holding this statement until it is approved: "
                    + endpoints.approvalUrl() + "/approvals/" + id)
                    .contains("DDL on demo needs one approval from the approvers group")
                    .contains("(rule dba-ddl-needs-approval); it waits up to 10 min.");
            JsonNode pending = approval(id, token("carol"));
            assertThat(pending.path("state").asString()).isEqualTo("PENDING");
            assertThat(pending.path("statement").asString()).isEqualTo("DROP TABLE approve_me");
            assertThat(pending.path("requester").path("subject").asString()).isEqualTo("alice");
            assertThat(psql.alive()).as("the statement is held, not refused").isTrue();
            assertThat(tableExists("approve_me")).isTrue();

            assertThat(decide(id, "carol", "approve", "go ahead").statusCode()).isEqualTo(200);

            Psql.Result result = psql.await(Duration.ofSeconds(30));
            assertThat(result.exitCode()).as(result.stderr()).isZero();
            assertThat(result.stderr()).doesNotContain("ERROR");
            assertThat(result.stdout().strip()).isEqualTo("after");
        }
        assertThat(tableExists("approve_me")).isFalse();
    }

    @Test
    void nobodyApprovesTheirOwnStatementAndCarolsDenialIs42501() throws Exception {
        createTable("deny_me");
        try (Psql.Running psql = psql().start("dave", token("dave"), "DROP TABLE deny_me", "SELECT 'usable'")) {
            String id = awaitHeld(psql);
            HttpResponse<String> self = decide(id, "dave", "approve", "trust me");
            assertThat(self.statusCode()).isEqualTo(403);
            assertThat(self.body()).contains("self_approval");
            HttpResponse<String> outsider = decide(id, "alice", "approve", "fellow dba");
            assertThat(outsider.statusCode()).isEqualTo(403);
            assertThat(outsider.body()).contains("not_a_reviewer");
            assertThat(approval(id, token("carol")).path("state").asString()).isEqualTo("PENDING");
            assertThat(decide(id, "carol", "deny", "not during business hours").statusCode()).isEqualTo(200);

            Psql.Result result = psql.await(Duration.ofSeconds(30));
            assertThat(result.stderr()).contains("ERROR:  42501: Sluice denied this statement: approval " + id
                    + " was denied by carol: not during business hours (rule dba-ddl-needs-approval)");
            assertThat(approval(id, token("carol")).path("decidedBy").asString()).isEqualTo("carol");
            assertThat(result.stdout().strip()).as("the session stays usable").isEqualTo("usable");
        }
        assertThat(tableExists("deny_me")).isTrue();
    }

    @Test
    void anUndecidedRequestExpiresAndIs42501() throws Exception {
        createTable("expiring_soon");
        try (Psql.Running psql = psql().start("alice", token("alice"), "DROP TABLE expiring_soon")) {
            String id = awaitHeld(psql);
            Psql.Result result = psql.await(Duration.ofSeconds(30));
            assertThat(result.stderr()).contains("42501").contains("approval " + id + " expired after 3s without a decision");
            assertThat(approval(id, token("carol")).path("state").asString()).isEqualTo("EXPIRED");
        }
        assertThat(tableExists("expiring_soon")).isTrue();
    }

    @Test
    void twoOfNNeedsTwoDistinctReviewers() throws Exception {
        createTable("pair_table");
        try (Psql.Running psql = psql().start("alice", token("alice"), "DROP TABLE pair_table")) {
            String id = awaitHeld(psql);
            assertThat(decide(id, "carol", "approve", "").statusCode()).isEqualTo(200);
            JsonNode half = approval(id, token("carol"));
            assertThat(half.path("state").asString()).isEqualTo("PENDING");
            assertThat(half.path("approvals").asInt()).isEqualTo(1);
            assertThat(decide(id, "carol", "approve", "again").statusCode()).as("one reviewer counts once").isEqualTo(409);
            assertThat(psql.alive()).isTrue();
            assertThat(tableExists("pair_table")).isTrue();

            assertThat(decide(id, "dave", "approve", "").statusCode()).isEqualTo(200);
            Psql.Result result = psql.await(Duration.ofSeconds(30));
            assertThat(result.exitCode()).as(result.stderr()).isZero();
            assertThat(approval(id, token("carol")).path("state").asString()).isEqualTo("USED");
        }
        assertThat(tableExists("pair_table")).isFalse();
    }

    @Test
    void ctrlCInPsqlWhileHeldCancelsTheRequestWith57014() throws Exception {
        createTable("cancel_me");
        try (Psql.Running psql = psql().start("alice", token("alice"), "DROP TABLE cancel_me")) {
            String id = awaitHeld(psql);
            psql.interrupt();
            Psql.Result result = psql.await(Duration.ofSeconds(30));
            assertThat(result.stderr()).contains("ERROR:  57014: canceling statement due to user request");
            assertThat(approval(id, token("carol")).path("state").asString()).isEqualTo("CANCELLED");
        }
        assertThat(tableExists("cancel_me")).isTrue();
    }

    @Test
    void aClientThatLeavesWhileHeldCancelsTheRequestAndNothingRuns() throws Exception {
        createTable("left_behind");
        String id;
        try (Psql.Running psql = psql().start("alice", token("alice"), "DROP TABLE left_behind")) {
            id = awaitHeld(psql);
        }
        // psql was killed: the proxy notices the closed connection while it waits, not at the reviewer's click
        String carol = token("carol");
        Awaitility.await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
                .until(() -> approval(id, carol).path("state").asString(), "CANCELLED"::equals);
        assertThat(decide(id, "carol", "approve", "too late").statusCode()).isEqualTo(409);
        assertThat(tableExists("left_behind")).isTrue();
    }

    @Test
    void pgjdbcCancelWhileHeldCancelsTheRequestAndTheSessionStaysUsable() throws Exception {
        createTable("cancel_jdbc");
        String carol = token("carol");
        try (Connection alice = proxy("alice"); Statement s = alice.createStatement()) {
            CompletableFuture<Throwable> outcome = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> {
                try {
                    s.execute("DROP TABLE cancel_jdbc");
                    outcome.complete(null);
                } catch (SQLException e) {
                    outcome.complete(e);
                }
            });
            String id = Awaitility.await().atMost(NOTICE_DEADLINE).pollInterval(Duration.ofMillis(100))
                    .until(() -> pendingFor(carol, "DROP TABLE cancel_jdbc"), found -> found != null);
            s.cancel();
            assertThat(outcome.get(30, TimeUnit.SECONDS)).isInstanceOfSatisfying(PSQLException.class,
                    e -> assertThat(e.getSQLState()).isEqualTo("57014"));
            assertThat(approval(id, carol).path("state").asString()).isEqualTo("CANCELLED");
            try (ResultSet rs = s.executeQuery("SELECT 'still here'")) {
                assertThat(rs.next() && rs.getString(1).equals("still here")).as("session still usable").isTrue();
            }
        }
        assertThat(tableExists("cancel_jdbc")).isTrue();
    }

    @Test
    void pgjdbcRunsAnApprovedPreparedStatementInTheExtendedProtocol() throws Exception {
        createTable("prepared_target");
        String carol = token("carol");
        try (Connection alice = proxy("alice"); PreparedStatement ddl = alice.prepareStatement(
                "ALTER TABLE prepared_target ADD COLUMN note text")) {
            CompletableFuture<Throwable> outcome = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> {
                try {
                    ddl.execute();
                    outcome.complete(null);
                } catch (SQLException e) {
                    outcome.complete(e);
                }
            });
            String id = Awaitility.await().atMost(NOTICE_DEADLINE).pollInterval(Duration.ofMillis(100))
                    .until(() -> pendingFor(carol, "ALTER TABLE prepared_target ADD COLUMN note text"), found -> found != null);
            assertThat(approval(id, carol).path("statementKind").asString()).isEqualTo("Parse");
            assertThat(decide(id, "carol", "approve", "").statusCode()).isEqualTo(200);
            assertThat(outcome.get(30, TimeUnit.SECONDS)).isNull();
            try (Statement s = alice.createStatement(); ResultSet rs = s.executeQuery(
                    "SELECT count(*) FROM information_schema.columns WHERE table_name = 'prepared_target' AND column_name = 'note'")) {
                assertThat(rs.next() && rs.getInt(1) == 1).as("the approved ALTER ran once").isTrue();
            }
            // the approval covered one execution; running it again needs a new one
            CompletableFuture<Throwable> again = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> {
                try {
                    ddl.execute();
                    again.complete(null);
                } catch (SQLException e) {
                    again.complete(e);
                }
            });
            String second = Awaitility.await().atMost(NOTICE_DEADLINE).pollInterval(Duration.ofMillis(100))
                    .until(() -> pendingFor(carol, "ALTER TABLE prepared_target ADD COLUMN note text"), found -> found != null);
            assertThat(second).isNotEqualTo(id);
            assertThat(decide(second, "carol", "deny", "once is enough").statusCode()).isEqualTo(200);
            assertThat(again.get(30, TimeUnit.SECONDS)).isInstanceOfSatisfying(PSQLException.class,
                    e -> assertThat(e.getSQLState()).isEqualTo("42501"));
            try (Statement s = alice.createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
                assertThat(rs.next()).as("session still usable").isTrue();
            }
        }
    }

    @Test
    void approvalServiceOutagesFailClosedAndAWaitingStatementReattaches() throws Exception {
        createTable("outage_wait");
        try (Psql.Running psql = psql().start("alice", token("alice"), "DROP TABLE outage_wait")) {
            String id = awaitHeld(psql);
            runtime.stopService("approval-service");
            try {
                // the proxy's long-poll breaks; the pending request lives on in approval-service's database
                assertThat(psql.alive()).isTrue();
            } finally {
                runtime.startService("approval-service");
            }
            assertThat(decide(id, "carol", "approve", "after the restart").statusCode()).isEqualTo(200);
            Psql.Result result = psql.await(Duration.ofSeconds(60));
            assertThat(result.exitCode()).as(result.stderr()).isZero();
        }
        assertThat(tableExists("outage_wait")).isFalse();

        createTable("outage_create");
        runtime.stopService("approval-service");
        try {
            Psql.Result result = psql().run("alice", token("alice"), "DROP TABLE outage_create", "SELECT 'usable'");
            assertThat(result.stderr()).contains("ERROR:  42501: Sluice denied this statement: approval service unavailable");
            assertThat(result.stdout().strip()).isEqualTo("usable");
        } finally {
            runtime.startService("approval-service");
        }
        assertThat(tableExists("outage_create")).isTrue();
    }

    // ---- helpers -----------------------------------------------------------------------------------------

    /** Waits for the NOTICE and returns the approval id from the URL it names. */
    private static String awaitHeld(Psql.Running psql) {
        try {
            return Awaitility.await().atMost(NOTICE_DEADLINE).pollInterval(Duration.ofMillis(50))
                    .until(() -> {
                        Matcher matcher = APPROVAL_URL.matcher(psql.stderr());
                        return matcher.find() ? matcher.group(1) : null;
                    }, id -> id != null);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("no NOTICE naming the approval URL; psql printed: " + psql.stderr(), e);
        }
    }

    private static String pendingFor(String reviewerToken, String statement) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                URI.create(endpoints.approvalUrl() + "/v1/approvals?state=PENDING"))
                .header("Authorization", "Bearer " + reviewerToken).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        for (JsonNode approval : JSON.readTree(response.body()).path("approvals")) {
            if (approval.path("statement").asString().equals(statement)) {
                return approval.path("id").asString();
            }
        }
        return null;
    }

    private static JsonNode approval(String id, String reviewerToken) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                URI.create(endpoints.approvalUrl() + "/v1/approvals/" + id))
                .header("Authorization", "Bearer " + reviewerToken).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static HttpResponse<String> decide(String id, String reviewer, String decision, String comment)
            throws Exception {
        String body = JSON.writeValueAsString(Map.of("decision", decision, "comment", comment));
        return HTTP.send(HttpRequest.newBuilder(URI.create(endpoints.approvalUrl() + "/v1/approvals/" + id + "/decision"))
                .header("Authorization", "Bearer " + token(reviewer))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Psql psql() {
        return new Psql(SystemBinaries.require("psql", "postgresql-client"), endpoints.proxyPostgresPort());
    }

    private static String token(String subject) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(endpoints.devTokenUrl(subject)))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("dev token for " + subject).isEqualTo(200);
        return JSON.readTree(response.body()).get("access_token").asString();
    }

    private static Connection proxy(String user) throws Exception {
        var properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", token(user));
        properties.setProperty("sslmode", "require");
        properties.setProperty("preferQueryMode", "extended");
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + endpoints.proxyPostgresPort() + "/demo",
                properties);
    }

    private static Connection direct() throws SQLException {
        var properties = new Properties();
        properties.setProperty("user", "postgres");
        properties.setProperty("password", "sluice-demo");
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + endpoints.demoDbPort() + "/demo", properties);
    }

    private static void createTable(String name) throws SQLException {
        try (Connection c = direct(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + name + " (n int)");
        }
    }

    private static boolean tableExists(String name) throws SQLException {
        try (Connection c = direct(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT to_regclass('public." + name + "') IS NOT NULL")) {
            return rs.next() && rs.getBoolean(1);
        }
    }
}
