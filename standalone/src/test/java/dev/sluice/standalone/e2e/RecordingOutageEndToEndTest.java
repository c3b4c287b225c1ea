package dev.sluice.standalone.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.contracts.event.Topics;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
 * Nothing lost, nothing twice: Kafka and recording-service are stopped and restarted in the middle of a live
 * pgjdbc session; the session keeps working, and afterwards the transcript holds every statement exactly once, in
 * order, with an intact chain, and the audit topic holds a decision for each.
 */
class RecordingOutageEndToEndTest {
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

    @Test
    void killingKafkaAndRecordingServiceMidSessionLosesNoStatement() throws Exception {
        String marker = "outage-" + UUID.randomUUID();
        List<String> sent = new ArrayList<>();
        try (Connection c = proxy("bob"); Statement s = c.createStatement()) {
            run(s, sent, "SELECT '" + marker + "' AS marker");
            runtime.stopKafka();
            try {
                run(s, sent, "SELECT count(*) FROM customers");
                run(s, sent, "DROP TABLE customers");
                run(s, sent, "SELECT 'while kafka is down' AS note");
                runtime.stopService("recording-service");
            } finally {
                runtime.startKafka();
            }
            try {
                run(s, sent, "SELECT 'while recording is down' AS note");
                run(s, sent, "SELECT id FROM orders ORDER BY id LIMIT 2");
            } finally {
                runtime.startService("recording-service");
            }
            run(s, sent, "SELECT 'after both returned' AS note");
        }

        String auditor = token("carol");
        JsonNode session = Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                .until(() -> findEndedSession(marker, auditor), java.util.Objects::nonNull);
        List<String> texts = new ArrayList<>();
        long expectedSeq = 1;
        for (JsonNode event : session.get("events")) {
            assertThat(event.get("seq").asLong()).isEqualTo(expectedSeq++);
            if (event.get("type").asString().equals("sluice.session.command")) {
                texts.add(event.get("data").get("text").asString());
            }
        }
        assertThat(texts.subList(texts.indexOf(sent.getFirst()), texts.size())).containsExactlyElementsOf(sent);
        String sessionId = session.get("id").asString();
        JsonNode verification = get("/api/sessions/" + sessionId + "/verify", auditor);
        assertThat(verification.get("status").asString()).as(verification.toString()).isEqualTo("INTACT");

        Map<String, JsonNode> decisions = awaitDecisions(sessionId, texts.size());
        assertThat(decisions.values()).extracting(event -> event.get("data").get("effect").asString())
                .contains("MASK", "DENY"); // bob's reads are masked by the demo bundle
        assertThat(decisions.values()).allSatisfy(event -> {
            assertThat(event.get("subject").asString()).isEqualTo("bob");
            assertThat(event.toString()).doesNotContain(marker); // literals never reach the audit feed
        });
    }

    private static void run(Statement s, List<String> sent, String sql) {
        sent.add(sql);
        try {
            s.execute(sql);
        } catch (SQLException e) {
            assertThat(e.getSQLState()).as(e.getMessage()).isEqualTo("42501");
            assertThat(e.getMessage()).doesNotContain("recorded");
        }
    }

    /** Decision events of the session on the audit topic, repeats (same id) dropped. */
    private static Map<String, JsonNode> awaitDecisions(String sessionId, int expected) {
        Map<String, JsonNode> decisions = new LinkedHashMap<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, endpoints.kafkaBootstrap(),
                ConsumerConfig.GROUP_ID_CONFIG, "e2e-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(Topics.AUDIT));
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    JsonNode event = JSON.readTree(record.value());
                    if (event.get("type").asString().equals("dev.sluice.audit.decision")
                            && sessionId.equals(event.get("data").get("sessionId").asString())) {
                        decisions.putIfAbsent(event.get("id").asString(), event);
                    }
                }
                return decisions.size() >= expected;
            });
        }
        assertThat(decisions).hasSize(expected);
        return decisions;
    }

    private static Connection proxy(String user) throws Exception {
        var properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", token(user));
        properties.setProperty("sslmode", "require");
        properties.setProperty("preferQueryMode", "simple");
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + endpoints.proxyPostgresPort() + "/demo",
                properties);
    }

    private static String token(String subject) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(endpoints.devTokenUrl(subject)))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body()).get("access_token").asString();
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
        return JSON.readTree(response.body());
    }
}
