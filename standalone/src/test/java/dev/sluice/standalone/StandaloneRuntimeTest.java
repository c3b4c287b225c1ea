package dev.sluice.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.sluice.contracts.event.Topics;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.postgresql.util.PSQLState;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The whole platform started in-process on random ports, checked from the outside with real clients. */
class StandaloneRuntimeTest {

    private static final String DEMO_PASSWORD = "sluice-demo";

    private static StandaloneRuntime runtime;
    private static Endpoints endpoints;
    private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final JsonMapper json = JsonMapper.builder().build();

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
    void resolvesEveryRandomPortToADistinctLoopbackPort() {
        List<Integer> ports = List.of(endpoints.identityPort(), endpoints.policyPort(), endpoints.policyDecisionsPort(), endpoints.recordingPort(),
                endpoints.approvalPort(), endpoints.proxyPort(), endpoints.proxyPostgresPort(), endpoints.demoDbPort(),
                endpoints.platformDbPort());
        assertThat(ports).allSatisfy(port -> assertThat(port).isPositive()).doesNotHaveDuplicates();
        assertThat(endpoints.host()).isEqualTo("127.0.0.1");
        assertThat(endpoints.kafkaBootstrap()).startsWith("127.0.0.1:");
        assertThat(StandaloneRuntime.services()).allSatisfy(service -> assertThat(runtime.isRunning(service)).isTrue());
    }

    @Test
    void demoDatabaseRejectsAWrongPassword() {
        assertThatThrownBy(() -> demoConnection("not-the-password").close())
                .isInstanceOf(SQLException.class)
                .extracting(e -> ((SQLException) e).getSQLState())
                .isEqualTo(PSQLState.INVALID_PASSWORD.getState());
    }

    @Test
    void demoDatabaseRejectsAnEmptyPassword() {
        // initdb trusts loopback by default; the password must be required over TCP.
        Properties properties = new Properties();
        properties.setProperty("user", "postgres");
        assertThatThrownBy(() -> DriverManager.getConnection(demoUrl(), properties).close()).isInstanceOf(SQLException.class);
    }

    @Test
    void demoDatabaseAcceptsTheConfiguredPassword() throws SQLException {
        try (Connection connection = demoConnection(DEMO_PASSWORD); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT current_database(), current_user")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1)).isEqualTo("demo");
            assertThat(rows.getString(2)).isEqualTo("postgres");
        }
    }

    @Test
    void customersAreSyntheticWithValidCardNumbersAndSsnFormat() throws SQLException {
        List<String> cards = new ArrayList<>();
        try (Connection connection = demoConnection(DEMO_PASSWORD); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT full_name, email, phone, ssn, card_number, created_at FROM customers ORDER BY id")) {
            while (rows.next()) {
                assertThat(rows.getString("full_name")).isNotBlank();
                assertThat(rows.getString("email")).endsWith("@example.com");
                assertThat(rows.getString("phone")).matches("\\+1-555-01\\d\\d");
                assertThat(rows.getString("ssn")).matches("\\d{3}-\\d{2}-\\d{4}");
                assertThat(rows.getTimestamp("created_at")).isNotNull();
                cards.add(rows.getString("card_number"));
            }
        }
        assertThat(cards).hasSizeGreaterThanOrEqualTo(100).doesNotHaveDuplicates();
        assertThat(cards).allSatisfy(card -> {
            assertThat(card).matches("\\d{16}");
            assertThat(luhnValid(card)).as("Luhn check of %s", card).isTrue();
        });
    }

    @Test
    void ordersBelongToExistingCustomers() throws SQLException {
        try (Connection connection = demoConnection(DEMO_PASSWORD); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("""
                        SELECT count(*), count(DISTINCT o.customer_id), count(c.id), min(o.amount)
                        FROM orders o LEFT JOIN customers c ON c.id = o.customer_id""")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getInt(1)).isGreaterThanOrEqualTo(200);
            assertThat(rows.getInt(2)).isGreaterThan(50);
            assertThat(rows.getInt(3)).isEqualTo(rows.getInt(1));
            assertThat(rows.getBigDecimal(4)).isPositive();
        }
    }

    @Test
    void platformDatabaseRequiresAPassword() {
        Properties properties = new Properties();
        properties.setProperty("user", "postgres");
        properties.setProperty("password", DEMO_PASSWORD);
        String url = "jdbc:postgresql://127.0.0.1:" + endpoints.platformDbPort() + "/sluice";
        assertThatThrownBy(() -> DriverManager.getConnection(url, properties).close()).isInstanceOf(SQLException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {Topics.SESSIONS, Topics.AUDIT})
    void kafkaRoundTripsARecord(String topic) throws Exception {
        String key = UUID.randomUUID().toString();
        RecordMetadata sent;
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, endpoints.kafkaBootstrap(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
            sent = producer.send(new ProducerRecord<>(topic, key, "hello " + topic)).get();
        }
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, endpoints.kafkaBootstrap(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"), new StringDeserializer(), new StringDeserializer())) {
            TopicPartition partition = new TopicPartition(topic, sent.partition());
            consumer.assign(List.of(partition));
            consumer.seek(partition, sent.offset());
            List<ConsumerRecord<String, String>> received = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(received::add);
                return received.stream().anyMatch(record -> key.equals(record.key()));
            });
            assertThat(received).filteredOn(record -> key.equals(record.key()))
                    .singleElement().extracting(ConsumerRecord::value).isEqualTo("hello " + topic);
        }
        assertThat(consumerPartitions(topic)).isEqualTo(3);
    }

    @ParameterizedTest
    @ValueSource(strings = {"alice", "bob", "carol", "ci-bot"})
    void identityIssuesDevTokensForEveryDemoIdentity(String subject) throws Exception {
        HttpResponse<String> response = get(endpoints.devTokenUrl(subject), null);
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json.readTree(response.body());
        assertThat(body.path("access_token").asString()).matches("[\\w-]+\\.[\\w-]+\\.[\\w-]+");
    }

    @Test
    void recordingSessionsNeedAnAuditorsToken() throws Exception {
        assertThat(get(endpoints.recordingUrl() + "/api/sessions", null).statusCode()).isEqualTo(401);
        assertThat(get(endpoints.recordingUrl() + "/api/sessions", token("carol")).statusCode()).isEqualTo(200);
    }

    @Test
    void policyServiceAnswersOnlyTheGatewayKeyOfThisRun() throws Exception {
        String version = endpoints.policyUrl() + "/v1/policies/version";
        Path keyFile = endpoints.dataDir().resolve(ServiceCatalog.POLICY_KEY_FILE);
        String key = Files.readString(keyFile).strip();
        assertThat(key).hasSizeGreaterThanOrEqualTo(64);
        assertThat(Files.getPosixFilePermissions(keyFile)).containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ,
                PosixFilePermission.OWNER_WRITE);
        assertThat(http.send(HttpRequest.newBuilder(URI.create(version)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
        HttpResponse<String> keyed = http.send(HttpRequest.newBuilder(URI.create(version)).timeout(Duration.ofSeconds(10))
                .header("Authorization", "SluiceProxy " + key).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(keyed.statusCode()).isEqualTo(200);
        // the proxy holds the same key: its readiness includes policy-service, asked with the key
        HttpResponse<String> readiness = get(endpoints.proxyUrl() + "/actuator/health/readiness", null);
        assertThat(readiness.statusCode()).as(readiness.body()).isEqualTo(200);
        // and asks for decisions at the decision listener, which wants the same key
        String decisions = endpoints.policyDecisionsUrl() + "/v1/decisions";
        String body = "{\"sessionId\":\"s\",\"identity\":{\"subject\":\"bob\",\"groups\":[\"analysts\"],\"kind\":\"human\"},"
                + "\"connection\":{\"name\":\"demo\",\"protocol\":\"postgres\",\"tags\":{}},"
                + "\"command\":{\"type\":\"query\",\"text\":\"DROP TABLE customers\",\"attributes\":{}}}";
        HttpRequest.Builder decision = HttpRequest.newBuilder(URI.create(decisions)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        assertThat(http.send(decision.build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
        HttpResponse<String> decided = http.send(decision.header("Authorization", "SluiceProxy " + key).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(decided.statusCode()).isEqualTo(200);
        assertThat(decided.body()).contains("\"effect\":\"DENY\"");
        assertThat(runtime.context("proxy-service").orElseThrow().getEnvironment().getProperty("sluice.proxy.policy.decision-url"))
                .isEqualTo(endpoints.policyDecisionsUrl());
    }

    @Test
    void proxyCertificateIsSelfSignedForLocalhost() throws Exception {
        X509Certificate certificate;
        try (var in = Files.newInputStream(endpoints.tlsCertificate())) {
            certificate = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        certificate.checkValidity();
        certificate.verify(certificate.getPublicKey());
        assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("CN=localhost");
        assertThat(certificate.getSubjectAlternativeNames().stream().map(name -> String.valueOf(name.get(1))))
                .contains("localhost", "127.0.0.1");
        assertThat(Files.readString(endpoints.tlsPrivateKey())).startsWith("-----BEGIN PRIVATE KEY-----");
    }

    @Test
    void aStoppedServiceCanBeStartedAgainOnItsPort() throws Exception {
        String health = endpoints.policyUrl() + "/actuator/health";
        assertThat(get(health, null).statusCode()).isEqualTo(200);

        runtime.stopService("policy-service");
        assertThat(runtime.isRunning("policy-service")).isFalse();
        assertThatThrownBy(() -> get(health, null)).isInstanceOf(ConnectException.class);

        runtime.startService("policy-service");
        assertThat(runtime.isRunning("policy-service")).isTrue();
        assertThat(get(health, null).statusCode()).isEqualTo(200);
    }

    @Test
    void rejectsUnknownServiceNames() {
        assertThatThrownBy(() -> runtime.stopService("nope")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("policy-service");
    }

    private static int consumerPartitions(String topic) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, endpoints.kafkaBootstrap()), new StringDeserializer(), new StringDeserializer())) {
            return consumer.partitionsFor(topic).size();
        }
    }

    private static String token(String subject) throws IOException, InterruptedException {
        HttpResponse<String> response = get(endpoints.devTokenUrl(subject), null);
        assertThat(response.statusCode()).isEqualTo(200);
        return json.readTree(response.body()).path("access_token").asString();
    }

    private static HttpResponse<String> get(String url, String bearer) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET();
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String demoUrl() {
        return "jdbc:postgresql://127.0.0.1:" + endpoints.demoDbPort() + "/demo";
    }

    private static Connection demoConnection(String password) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", "postgres");
        properties.setProperty("password", password);
        return DriverManager.getConnection(demoUrl(), properties);
    }

    /** ISO/IEC 7812-1 Luhn check, written independently of the SQL generator. */
    private static boolean luhnValid(String digits) {
        int sum = 0;
        for (int i = 0; i < digits.length(); i++) {
            int digit = digits.charAt(digits.length() - 1 - i) - '0';
            if (i % 2 == 1) {
                digit *= 2;
                if (digit > 9) {
                    digit -= 9;
                }
            }
            sum += digit;
        }
        return sum % 10 == 0;
    }
}
