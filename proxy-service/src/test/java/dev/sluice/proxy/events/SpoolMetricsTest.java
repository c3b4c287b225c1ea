package dev.sluice.proxy.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.proxy.core.KafkaEventSink;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The spool gauges appear under their documented Prometheus names and follow the spool. */
class SpoolMetricsTest {

    @TempDir
    Path directory;

    @Test
    void exportsSpoolDepthAndAge() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (KafkaEventSink sink = new KafkaEventSink(SilentProducer::new, "sluice.sessions", "sluice.audit",
                new EventSpool(directory, 1 << 20),
                new DeliverySettings(Duration.ofMillis(100), Duration.ofMillis(50), 10, 100, false, 0),
                Clock.systemUTC())) {
            SpoolMetrics.register(registry, sink);
            sink.publish("s1", "e1");
            sink.publish("s1", "e2");

            await().atMost(Duration.ofSeconds(30)).until(() -> sink.spooledEvents() == 2
                    && sink.spoolOldestAgeSeconds() > 0);
            String scrape = registry.scrape();
            assertThat(scrape).contains("sluice_spool_events 2.0").contains("sluice_spool_oldest_age_seconds ")
                    .contains("sluice_spool_bytes ");
        }
    }

    /** A producer whose broker never answers. */
    private static final class SilentProducer extends MockProducer<String, String> {
        SilentProducer() {
            super(false, null, new StringSerializer(), new StringSerializer());
        }

        @Override
        public synchronized Future<RecordMetadata> send(ProducerRecord<String, String> record, Callback callback) {
            return new CompletableFuture<>();
        }
    }
}
