package dev.sluice.standalone.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.standalone.Endpoints;
import dev.sluice.standalone.StandaloneRuntime;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A JIT access grant end to end: bob (analysts) is refused a write on demo, asks for a dba grant, carol approves
 * it through the API, the same statement now runs (in bob's open session, whose refusal the proxy had cached, and
 * in a fresh psql), carol revokes the grant and bob is refused again.
 */
class JitGrantEndToEndTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    // analysts may not write; dba-full-access allows it (a DML statement: no approval rule for DDL is involved)
    private static final String WRITE = "UPDATE orders SET status = status WHERE id = 1";
    private static final Duration DEADLINE = Duration.ofSeconds(20);

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

    @Test
    void bobsGrantOpensTheWriteUntilCarolRevokesIt() throws Exception {
        Psql psql = new Psql(SystemBinaries.require("psql", "postgresql-client"), endpoints.proxyPostgresPort());
        String bob = token("bob");
        String carol = token("carol");
        try (Connection session = bobSession(bob); Statement statement = session.createStatement()) {
            // refused twice: the second answer comes from the proxy's decision cache
            assertThat(refused(statement)).isTrue();
            assertThat(refused(statement)).isTrue();
            assertThat(psql.run("bob", bob, WRITE).stderr()).contains("42501");

            HttpResponse<String> requested = post("/v1/grants", bob, """
                    {"connection":"demo","group":"dba","duration":"PT1H","justification":"fix order 1"}""");
            assertThat(requested.statusCode()).as(requested.body()).isEqualTo(201);
            JsonNode grant = JSON.readTree(requested.body());
            String id = grant.get("id").asString();
            assertThat(grant.get("state").asString()).isEqualTo("PENDING");
            // pending is not yet a membership
            assertThat(refused(statement)).isTrue();

            // bob may not approve his own grant; carol may
            assertThat(post("/v1/grants/" + id + "/decision", bob, "{\"decision\":\"approve\"}").statusCode())
                    .isEqualTo(403);
            HttpResponse<String> approved = post("/v1/grants/" + id + "/decision", carol,
                    "{\"decision\":\"approve\",\"comment\":\"ok for today\"}");
            assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
            assertThat(JSON.readTree(approved.body()).get("state").asString()).isEqualTo("ACTIVE");

            // the cached refusal must not mask the grant: the version proxies cache under changed with it
            Awaitility.await().atMost(DEADLINE).pollInterval(Duration.ofMillis(100))
                    .until(() -> !refused(statement));
            Psql.Result fresh = psql.run("bob", bob, WRITE);
            assertThat(fresh.exitCode()).as(fresh.stderr()).isZero();
            assertThat(fresh.stderr()).doesNotContain("42501");

            HttpResponse<String> revoked = post("/v1/grants/" + id + "/revoke", carol, "{\"comment\":\"done\"}");
            assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
            assertThat(JSON.readTree(revoked.body()).get("state").asString()).isEqualTo("REVOKED");

            Awaitility.await().atMost(DEADLINE).pollInterval(Duration.ofMillis(100)).until(() -> refused(statement));
            assertThat(psql.run("bob", bob, WRITE).stderr()).contains("42501");
        }
    }

    private static boolean refused(Statement statement) {
        try {
            statement.executeUpdate(WRITE);
            return false;
        } catch (SQLException e) {
            assertThat(e.getSQLState()).as(e.getMessage()).isEqualTo("42501");
            return true;
        }
    }

    private static Connection bobSession(String token) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", "bob");
        properties.setProperty("password", token);
        properties.setProperty("sslmode", "require");
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + endpoints.proxyPostgresPort() + "/demo",
                properties);
    }

    private static HttpResponse<String> post(String path, String token, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(endpoints.approvalUrl() + path))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String token(String subject) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(endpoints.devTokenUrl(subject)))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body()).get("access_token").asString();
    }
}
