package dev.sluice.recording.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.contracts.event.Topics;
import dev.sluice.recording.RecordingServiceTestSupport;
import dev.sluice.recording.SessionScript;
import dev.sluice.recording.ingest.SessionEventListener;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * Hand-run throughput check of the ingest path, excluded from the default build (tag {@value #TAG}).
 *
 * <p>With the listener stopped, publishes {@code sluice.bench.events} events (default 50,000) spread
 * round-robin over {@code sluice.bench.sessions} sessions (default 100), the way many concurrent proxy
 * sessions interleave on the topic; then starts the listener and times how long it takes until every
 * event is in PostgreSQL. Run with:
 *
 * <pre>
 * ./mvnw -B -pl recording-service test -Dsluice.test.excluded-groups=none -Dtest=IngestThroughputBenchmark
 * </pre>
 */
@Tag(IngestThroughputBenchmark.TAG)
class IngestThroughputBenchmark extends RecordingServiceTestSupport {

    static final String TAG = "benchmark";

    private static final int EVENTS = Integer.getInteger("sluice.bench.events", 50_000);
    private static final int SESSIONS = Integer.getInteger("sluice.bench.sessions", 100);

    @Autowired
    private KafkaListenerEndpointRegistry listeners;

    @Autowired
    private JdbcTemplate jdbc;

    @Value("${spring.kafka.bootstrap-servers}")
    private String bootstrapServers;

    @Test
    void storesFiftyThousandEventsOfAHundredSessions() {
        MessageListenerContainer container = listeners.getListenerContainer(SessionEventListener.LISTENER_ID);
        assertThat(container).isNotNull();
        container.stop();
        await().atMost(Duration.ofSeconds(30)).until(() -> !container.isRunning());

        String prefix = "bench-" + UUID.randomUUID() + "-";
        publishAll(prefix);

        long startNanos = System.nanoTime();
        container.start();
        await().atMost(Duration.ofMinutes(15)).pollInterval(Duration.ofMillis(100))
                .until(() -> storedCount(prefix) >= EVENTS);
        double seconds = (System.nanoTime() - startNanos) / 1e9;

        System.out.printf("%n[benchmark] stored %,d events of %d sessions in %.2f s: %,.0f events/s%n%n",
                EVENTS, SESSIONS, seconds, EVENTS / seconds);
        assertThat(storedCount(prefix)).isEqualTo(EVENTS);
        assertThat(jdbc.queryForObject(
                "SELECT count(*) FROM recording.session_events WHERE session_id LIKE ? AND NOT chain_ok",
                Long.class, prefix + "%")).isZero();
        assertThat(jdbc.queryForObject(
                "SELECT sum(last_seq) FROM recording.sessions WHERE id LIKE ?", Long.class, prefix + "%"))
                .isEqualTo(EVENTS);
    }

    private long storedCount(String prefix) {
        Long count = jdbc.queryForObject("SELECT count(*) FROM recording.session_events WHERE session_id LIKE ?",
                Long.class, prefix + "%");
        return count == null ? 0 : count;
    }

    private void publishAll(String prefix) {
        List<SessionScript> scripts = new ArrayList<>();
        Instant start = Instant.parse("2026-04-01T00:00:00Z");
        for (int i = 0; i < SESSIONS; i++) {
            scripts.add(new SessionScript(prefix + i, start));
        }
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024),
                new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < EVENTS; i++) {
                SessionScript script = scripts.get(i % SESSIONS);
                // the first event of each session starts it, later ones are commands
                SessionScript.Published event = i < SESSIONS ? script.started()
                        : script.command("SELECT abalance FROM pgbench_accounts WHERE aid = " + i);
                producer.send(new ProducerRecord<>(Topics.SESSIONS, script.sessionId(), event.json()));
            }
            producer.flush();
        }
    }
}
