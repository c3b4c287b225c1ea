package dev.sluice.recording.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.contracts.event.Topics;
import dev.sluice.recording.RecordingServiceTestSupport;
import dev.sluice.recording.SessionScript;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * Exactly once into PostgreSQL: offsets are committed only after the batch's transaction, so a consumer that
 * dies between the two gets the batch again — simulated here by stopping the consumer and rewinding the group's
 * committed offsets to the start of the topic — and the redelivery adds nothing.
 */
class RedeliveryTest extends RecordingServiceTestSupport {

    private static final TopicPartition PARTITION = new TopicPartition(Topics.SESSIONS, 0);

    @Autowired
    private JdbcTemplate jdbc;

    @Autowired
    private KafkaListenerEndpointRegistry listeners;

    @Value("${spring.kafka.bootstrap-servers}")
    private String bootstrapServers;

    @Test
    void redeliveryAfterCrashBeforeOffsetCommitStoresNothingTwice() throws Exception {
        SessionScript session = new SessionScript(Instant.parse("2026-06-01T10:00:00Z"));
        publish(session.sessionId(), session.started(), session.command("SELECT 1"), session.command("SELECT 2"),
                session.ended("client-terminate"));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(count(session.sessionId())).isEqualTo(4));
        long allEvents = jdbc.queryForObject("SELECT count(*) FROM recording.session_events", Long.class);
        long allRejected = jdbc.queryForObject("SELECT count(*) FROM recording.rejected_events", Long.class);

        MessageListenerContainer container = listeners.getListenerContainer(SessionEventListener.LISTENER_ID);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            long end = admin.listOffsets(Map.of(PARTITION, OffsetSpec.latest())).partitionResult(PARTITION).get()
                    .offset();
            await().atMost(Duration.ofSeconds(60)).until(() -> committed(admin) == end);
            container.stop();
            await().atMost(Duration.ofSeconds(30)).until(() -> !container.isRunning());
            // as if the consumer had crashed after every transaction and before any offset commit
            admin.alterConsumerGroupOffsets("recording-service", Map.of(PARTITION, new OffsetAndMetadata(0))).all()
                    .get();
            assertThat(committed(admin)).isZero();
            container.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> committed(admin) == end);
        } finally {
            if (!container.isRunning()) {
                container.start();
            }
        }

        // other tests edit and delete rows on purpose, and a redelivery brings deleted events back; what must
        // not happen is any event stored twice or counted twice
        assertThat(count(session.sessionId())).isEqualTo(4);
        assertThat(jdbc.queryForObject("SELECT command_count FROM recording.sessions WHERE id = ?", Long.class,
                session.sessionId())).isEqualTo(2);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM recording.rejected_events WHERE record_key = ?",
                Long.class, session.sessionId())).isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM recording.session_events", Long.class))
                .isGreaterThanOrEqualTo(allEvents);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM recording.rejected_events", Long.class))
                .isEqualTo(allRejected);
    }

    private long count(String sessionId) {
        return jdbc.queryForObject("SELECT count(*) FROM recording.session_events WHERE session_id = ?", Long.class,
                sessionId);
    }

    private static long committed(Admin admin) throws Exception {
        OffsetAndMetadata offset = admin.listConsumerGroupOffsets("recording-service")
                .partitionsToOffsetAndMetadata().get().get(PARTITION);
        return offset == null ? -1 : offset.offset();
    }
}
