package dev.sluice.recording.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.contracts.audit.AuditTypes;
import dev.sluice.contracts.event.Topics;
import dev.sluice.recording.RecordingServiceTestSupport;
import dev.sluice.recording.SessionScript;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/** Old transcripts go, newer ones stay, and the deletion is on the audit feed. */
class RetentionJobTest extends RecordingServiceTestSupport {

    @Autowired
    private RetentionJob retention;

    @Autowired
    private JdbcTemplate jdbc;

    @Value("${spring.kafka.bootstrap-servers}")
    private String bootstrapServers;

    @Test
    void deletesSessionsOlderThanTheCutoffAndAuditsIt() {
        SessionScript old = new SessionScript(Instant.parse("2019-01-01T10:00:00Z"));
        SessionScript recent = new SessionScript(Instant.parse("2026-01-01T10:00:00Z"));
        publish(old.sessionId(), old.started(), old.command("SELECT 1"), old.ended("client-terminate"));
        publish(recent.sessionId(), recent.started(), recent.ended("client-terminate"));
        await().atMost(Duration.ofSeconds(60)).until(() -> events(old.sessionId()) == 3
                && events(recent.sessionId()) == 2);

        RetentionJob.Outcome outcome = retention.deleteOlderThan(Instant.parse("2020-01-01T00:00:00Z"));

        assertThat(outcome.sessions()).isGreaterThanOrEqualTo(1);
        assertThat(events(old.sessionId())).isZero();
        assertThat(get("/api/sessions/" + old.sessionId(), TOKENS.auditor()).statusCode()).isEqualTo(404);
        assertThat(events(recent.sessionId())).isEqualTo(2);
        JsonNode audit = awaitRetentionEvent();
        assertThat(audit.path("data").path("olderThan").stringValue()).isEqualTo("2020-01-01T00:00:00Z");
        assertThat(audit.path("data").path("deletedSessions").intValue()).isEqualTo(outcome.sessions());
    }

    private long events(String sessionId) {
        return jdbc.queryForObject("SELECT count(*) FROM recording.session_events WHERE session_id = ?", Long.class,
                sessionId);
    }

    private JsonNode awaitRetentionEvent() {
        AtomicReference<JsonNode> found = new AtomicReference<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "retention-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(Topics.AUDIT));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    JsonNode event = JSON.readTree(record.value());
                    if (AuditTypes.RETENTION.equals(event.path("type").stringValue())) {
                        found.set(event);
                    }
                });
                return found.get() != null;
            });
        }
        return found.get();
    }
}
