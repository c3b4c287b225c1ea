package dev.sluice.standalone.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.sluice.contracts.event.Topics;
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
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Limits per identity through the whole platform: a policy bundle with low limits for bob (sessions) and ci-bot
 * (statement rate), real pgjdbc clients through the proxy, and the audit events read back from the embedded Kafka.
 */
class IdentityLimitsEndToEndTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String BUNDLE = """
            rules:
              - id: everyone-connects
                match: {commandTypes: [connect], connections: [demo]}
                effect: ALLOW
              - id: everything-runs
                match: {commandTypes: [query]}
                effect: ALLOW
            limits:
              - id: bob-two-sessions
                match: {subjects: [bob]}
                sessions: 2
              - id: ci-bot-slow
                match: {subjects: [ci-bot]}
                statementsPerSecond: 1
                burst: 3
            """;

    private static StandaloneRuntime runtime;
    private static Endpoints endpoints;
    private static Path bundle;

    @BeforeAll
    static void startPlatform() throws Exception {
        bundle = Files.createTempDirectory("sluice-limits-bundle");
        Files.writeString(bundle.resolve("policy.yaml"), BUNDLE);
        Map<String, String> settings = new HashMap<>(StandaloneRuntime.randomPorts());
        settings.put("policy-service.sluice.policy.bundle-path", bundle.toString());
        // About limits, not decision latency: a loaded CI machine must not turn statements into denials.
        settings.put("proxy-service.sluice.proxy.policy.timeout", "15s");
        runtime = StandaloneRuntime.start(settings);
        endpoints = runtime.endpoints();
    }

    @AfterAll
    static void stopPlatform() throws Exception {
        if (runtime != null) {
            runtime.stop();
        }
        if (bundle != null) {
            Files.deleteIfExists(bundle.resolve("policy.yaml"));
            Files.deleteIfExists(bundle);
        }
    }

    @Test
    void theThirdSessionOfBobIsRefusedWith53300WhileHisOthersContinue() throws Exception {
        String token = devToken("bob");
        List<Connection> open = new ArrayList<>();
        try {
            open.add(proxy("bob", token, false));
            open.add(proxy("bob", token, false));

            SQLException refused = catchThrowableOfType(SQLException.class, () -> proxy("bob", token, false).close());
            assertThat(refused.getSQLState()).isEqualTo("53300");
            assertThat(refused.getMessage()).contains("too many connections for \"bob\"")
                    .contains("at most 2 concurrent sessions").contains("bob-two-sessions");
            for (Connection connection : open) {
                assertThat(select1(connection)).isTrue();
            }
            try (Connection alice = proxy("alice", devToken("alice"), false)) {
                assertThat(select1(alice)).as("other identities are not limited").isTrue();
            }

            JsonNode event = awaitLimitEvent("bob", "sessions");
            assertThat(event.at("/data/ruleId").asString()).isEqualTo("bob-two-sessions");
            assertThat(event.at("/data/connection").asString()).isEqualTo("demo");
            assertThat(event.at("/data/maximum").asDouble()).isEqualTo(2.0);
        } finally {
            for (Connection connection : open) {
                connection.close();
            }
        }
        // a place is free again once a session has ended (the proxy notices the close asynchronously)
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> {
            try (Connection again = proxy("bob", token, false)) {
                return select1(again);
            } catch (SQLException e) {
                return false;
            }
        });
    }

    @Test
    void aBurstOverTheRateGets53400AndTheNextStatementAfterRefillRuns() throws Exception {
        String token = devToken("ci-bot");
        try (Connection extended = proxy("ci-bot", token, false); Connection simple = proxy("ci-bot", token, true)) {
            // the burst of 3 is shared by both sessions of the identity; extended protocol is checked at Execute
            SQLException limited = null;
            int ran = 0;
            for (int i = 0; i < 10 && limited == null; i++) {
                try {
                    select1(i % 2 == 0 ? extended : simple);
                    ran++;
                } catch (SQLException e) {
                    limited = e;
                }
            }
            assertThat((Object) limited).as("a burst of 10 statements at a rate of 1/s and a burst of 3").isNotNull();
            assertThat(limited.getSQLState()).isEqualTo("53400");
            assertThat(limited.getMessage()).contains("statement rate limit exceeded for \"ci-bot\"").contains("ci-bot-slow");
            // at most the burst of 3 (+1 refilled during the burst); the driver's own set-up statements count too
            assertThat(ran).isBetween(1, 4);

            // the session stays usable: once a token is back, the next statement runs, on either session
            Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(300))
                    .until(() -> runs(extended));
            Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(300))
                    .until(() -> runs(simple));

            // the refused statement never reached the target: its transcript shows a gateway denial
            JsonNode event = awaitLimitEvent("ci-bot", "statement-rate");
            assertThat(event.at("/data/ruleId").asString()).isEqualTo("ci-bot-slow");
            assertThat(event.at("/data/maximum").asDouble()).isEqualTo(1.0);
            assertThat(event.at("/data/refused").asInt()).isPositive();
            assertThat(event.at("/data/identityKind").asString()).isEqualTo("SERVICE");
        }
    }

    private static boolean runs(Connection connection) {
        try {
            return select1(connection);
        } catch (SQLException e) {
            assertThat(e.getSQLState()).as(e.getMessage()).isEqualTo("53400");
            return false;
        }
    }

    private static boolean select1(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
            return rs.next();
        }
    }

    private static JsonNode awaitLimitEvent(String subject, String limit) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, endpoints.kafkaBootstrap(),
                ConsumerConfig.GROUP_ID_CONFIG, "e2e-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(Topics.AUDIT));
            JsonNode[] found = new JsonNode[1];
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    JsonNode event = JSON.readTree(record.value());
                    if (event.get("type").asString().equals("dev.sluice.audit.limit.exceeded")
                            && subject.equals(event.get("subject").asString())
                            && limit.equals(event.at("/data/limit").asString())) {
                        assertThat(record.key()).isEqualTo(subject);
                        found[0] = event;
                    }
                }
                return found[0] != null;
            });
            return found[0];
        }
    }

    private static String devToken(String subject) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(endpoints.devTokenUrl(subject))).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body()).get("access_token").asString();
    }

    private static Connection proxy(String user, String token, boolean simpleProtocol) throws SQLException {
        var properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", token);
        properties.setProperty("sslmode", "require");
        if (simpleProtocol) {
            properties.setProperty("preferQueryMode", "simple");
        }
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + endpoints.proxyPostgresPort() + "/demo",
                properties);
    }
}
