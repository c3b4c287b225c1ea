package dev.sluice.recording;

import dev.sluice.contracts.event.Topics;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs the real service against real parts on loopback: an embedded PostgreSQL (zonky), an embedded KRaft
 * Kafka broker and a JWKS endpoint of {@link TestTokens}. Subclasses share one Spring context.
 */
@SpringBootTest(
        classes = RecordingServiceApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.config.name=" + RecordingServiceApplication.CONFIG_NAME,
            "server.address=127.0.0.1",
            "sluice.recording.ingest.initial-backoff=50ms",
            "sluice.recording.ingest.max-retries=2"
        })
@EmbeddedKafka(partitions = 1, topics = {Topics.SESSIONS, Topics.AUDIT, Topics.ALERTS}, bootstrapServersProperty = "spring.kafka.bootstrap-servers")
public abstract class RecordingServiceTestSupport {

    protected static final JsonMapper JSON = JsonMapper.builder().build();
    protected static final TestTokens TOKENS = new TestTokens();
    protected static final FakeOidcProvider OIDC = new FakeOidcProvider();
    private static final EmbeddedPostgres POSTGRES = startPostgres();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static KafkaProducer<String, String> producer;

    @Value("${local.server.port}")
    private int port;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            TOKENS.close();
            OIDC.close();
            try {
                POSTGRES.close();
            } catch (IOException e) {
                // the JVM is exiting; the data directory is temporary
            }
        }, "test-infrastructure-shutdown"));
    }

    private static EmbeddedPostgres startPostgres() {
        try {
            return EmbeddedPostgres.builder().setServerConfig("listen_addresses", "127.0.0.1").start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url",
                () -> "jdbc:postgresql://127.0.0.1:" + POSTGRES.getPort() + "/postgres");
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("sluice.recording.security.jwks-uri", TOKENS::jwksUri);
        registry.add("sluice.recording.security.issuer", TOKENS::issuer);
        registry.add("sluice.recording.security.revocation-refresh", () -> "200ms");
        // the replay UI signs in at a stand-in for identity-adapter's authorization server
        String oidc = "spring.security.oauth2.client.provider.sluice.";
        registry.add(oidc + "authorization-uri", () -> OIDC.baseUrl() + "/authorize");
        registry.add(oidc + "token-uri", () -> OIDC.baseUrl() + "/token");
        registry.add(oidc + "jwk-set-uri", () -> OIDC.baseUrl() + "/jwks");
        registry.add("spring.security.oauth2.client.registration.sluice.client-secret",
                () -> FakeOidcProvider.CLIENT_SECRET);
    }

    @Value("${spring.kafka.bootstrap-servers}")
    private String bootstrapServers;

    private KafkaProducer<String, String> producer() {
        if (producer == null) {
            producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    ProducerConfig.ACKS_CONFIG, "all",
                    ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
                    new StringSerializer(), new StringSerializer());
        }
        return producer;
    }

    @AfterAll
    static void closeProducer() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
            producer = null;
        }
    }

    /** Publishes record values keyed by session id, in order, waiting for each to be acknowledged. */
    protected void publish(String sessionId, String... values) {
        for (String value : values) {
            try {
                producer().send(new ProducerRecord<>(Topics.SESSIONS, sessionId, value)).get(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("publishing to the embedded broker failed", e);
            }
        }
    }

    protected void publish(String sessionId, SessionScript.Published... events) {
        for (SessionScript.Published event : events) {
            publish(sessionId, event.json());
        }
    }

    /** The running service's base URL. */
    protected String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** GET against the running service with an optional bearer token. */
    protected HttpResponse<String> get(String path, String bearerToken) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10))
                .GET();
        if (bearerToken != null) {
            request.header("Authorization", "Bearer " + bearerToken);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    protected static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }
}
