package dev.sluice.policy.audit;

import dev.sluice.policy.testing.TestProxyKey;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.contracts.audit.AuditTypes;
import dev.sluice.contracts.event.Topics;
import dev.sluice.policy.PolicyServiceApplication;
import dev.sluice.policy.bundle.ActivePolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Loads, reloads and refused reloads reach sluice.audit as CloudEvents, through a real (embedded KRaft) broker. */
@EmbeddedKafka(partitions = 1, topics = Topics.AUDIT)
class PolicyReloadAuditTest {

    private static final String DENY_ALL = "rules:\n  - id: deny-everything\n    effect: DENY\n";
    private static final String ALLOW_ALL = "rules:\n  - id: allow-everything\n    effect: ALLOW\n";

    @TempDir
    Path dir;

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void loadsReloadsAndRefusedReloadsAreAuditEvents(EmbeddedKafkaBroker broker) throws Exception {
        Files.writeString(dir.resolve("policy.yaml"), DENY_ALL);
        try (ConfigurableApplicationContext context = PolicyServiceApplication.builder().run(TestProxyKey.ARGUMENT, "--server.port=0",
                "--server.address=127.0.0.1", "--sluice.policy.bundle-path=" + dir, "--sluice.policy.reload-debounce=100ms",
                "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString());
                KafkaConsumer<String, String> consumer = consumer(broker)) {
            ActivePolicy policy = context.getBean(ActivePolicy.class);
            String first = policy.current().version();

            Files.writeString(dir.resolve("policy.yaml"), ALLOW_ALL);
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> !policy.current().version().equals(first));
            String second = policy.current().version();

            Files.writeString(dir.resolve("policy.yaml"), "rules:\n  - id: broken\n    effect: PERMIT\n");
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> policy.lastRejection() != null);

            List<JsonNode> events = new ArrayList<>();
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    events.add(json.readTree(record.value()));
                }
                return events.size() >= 3;
            });

            assertThat(events).allSatisfy(event -> {
                assertThat(event.path("type").asString()).isEqualTo(AuditTypes.POLICY_RELOAD);
                assertThat(event.path("source").asString()).isEqualTo(PolicyAudit.SOURCE);
                assertThat(event.path("specversion").asString()).isEqualTo("1.0");
                assertThat(event.path("dataschema").asString()).isEqualTo(AuditTypes.SCHEMA_V1);
            });
            JsonNode loaded = events.get(0).path("data");
            assertThat(loaded.path("outcome").asString()).isEqualTo("loaded");
            assertThat(loaded.path("version").asString()).isEqualTo(first);
            assertThat(loaded.path("origin").asString()).isEqualTo(dir.toString());
            assertThat(loaded.path("rules").asInt()).isEqualTo(1);
            JsonNode reloaded = events.get(1).path("data");
            assertThat(reloaded.path("outcome").asString()).isEqualTo("reloaded");
            assertThat(reloaded.path("version").asString()).isEqualTo(second);
            assertThat(reloaded.path("previousVersion").asString()).isEqualTo(first);
            JsonNode rejected = events.get(2).path("data");
            assertThat(rejected.path("outcome").asString()).isEqualTo("rejected");
            assertThat(rejected.path("version").asString()).as("the version that keeps serving").isEqualTo(second);
            assertThat(rejected.path("file").asString()).isEqualTo("policy.yaml");
            assertThat(rejected.path("line").asInt()).isEqualTo(3);
            assertThat(rejected.path("message").asString()).startsWith("policy.yaml:3: effect must be");
        }
    }

    private static KafkaConsumer<String, String> consumer(EmbeddedKafkaBroker broker) {
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                ConsumerConfig.GROUP_ID_CONFIG, "audit-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(List.of(Topics.AUDIT));
        return consumer;
    }
}
