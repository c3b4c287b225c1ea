package dev.sluice.proxy.events;

import dev.sluice.proxy.core.KafkaEventSink;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Spool gauges, exported with the {@code sluice_} prefix: events waiting on disk for Kafka
 * ({@code sluice_spool_events}), their size ({@code sluice_spool_bytes}) and the age of the oldest
 * ({@code sluice_spool_oldest_age_seconds}). Alert on the age: it grows only while Kafka is unreachable.
 */
public final class SpoolMetrics {

    private SpoolMetrics() {}

    /** Registers the spool gauges of {@code sink}. */
    public static void register(MeterRegistry registry, KafkaEventSink sink) {
        Gauge.builder("sluice.spool.events", sink, KafkaEventSink::spooledEvents)
                .description("Events waiting in the local spool for Kafka")
                .register(registry);
        Gauge.builder("sluice.spool.bytes", sink, KafkaEventSink::spooledBytes)
                .description("Bytes of events waiting in the local spool")
                .baseUnit("bytes")
                .register(registry);
        Gauge.builder("sluice.spool.oldest.age", sink, KafkaEventSink::spoolOldestAgeSeconds)
                .description("Age of the oldest event waiting in the local spool")
                .baseUnit("seconds")
                .register(registry);
    }
}
