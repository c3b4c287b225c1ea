package dev.sluice.proxy.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.proxy.core.KafkaEventSink;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sink against Kafka's own {@link MockProducer}, switched between acknowledging and silent (a broker that is
 * gone): events Kafka does not acknowledge wait in the spool and arrive later, once each, in order.
 */
class KafkaEventSinkTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @TempDir
    Path directory;

    private final AtomicBoolean kafkaUp = new AtomicBoolean(true);
    private final List<ProducerRecord<String, String>> delivered = new CopyOnWriteArrayList<>();
    private KafkaEventSink sink;

    @AfterEach
    void close() {
        if (sink != null) {
            sink.close();
        }
    }

    @Test
    void deliversInOrderWhileKafkaAcknowledges() throws IOException {
        sink = sink(false, 1 << 20, 0);

        for (int i = 1; i <= 50; i++) {
            assertThat(sink.publish("s1", "e" + i)).isTrue();
        }

        await().atMost(DEADLINE).until(() -> delivered.size() == 50);
        assertThat(values()).containsExactlyElementsOf(expected(1, 50));
        assertThat(sink.spooledEvents()).isZero();
        assertThat(sink.accepting()).isTrue();
    }

    @Test
    void spoolsWhileKafkaIsGoneAndDrainsInOrderWhenItReturns() throws IOException {
        sink = sink(false, 1 << 20, 0);
        sink.publish("s1", "e1");
        await().atMost(DEADLINE).until(() -> delivered.size() == 1);

        kafkaUp.set(false);
        for (int i = 2; i <= 20; i++) {
            assertThat(sink.publish("s1", "e" + i)).isTrue();
        }
        await().atMost(DEADLINE).until(() -> sink.spooledEvents() == 19);
        assertThat(sink.accepting()).as("not strict: sessions keep working while the spool has room").isTrue();
        await().atMost(DEADLINE).until(() -> sink.spoolOldestAgeSeconds() > 0);
        assertThat(sink.failures()).isPositive();

        kafkaUp.set(true);
        sink.publish("s1", "e21");

        await().atMost(DEADLINE).until(() -> delivered.size() == 21);
        assertThat(values()).containsExactlyElementsOf(expected(1, 21));
        assertThat(sink.spooledEvents()).isZero();
        assertThat(sink.spoolOldestAgeSeconds()).isZero();
    }

    @Test
    void strictModeRefusesAsSoonAsKafkaStopsAcknowledging() throws IOException {
        sink = sink(true, 1 << 20, 0);
        assertThat(sink.accepting()).isTrue();

        kafkaUp.set(false);
        sink.publish("s1", "e1");
        await().atMost(DEADLINE).until(() -> !sink.accepting());

        kafkaUp.set(true);
        await().atMost(DEADLINE).until(sink::accepting);
        assertThat(values()).containsExactly("e1");
    }

    @Test
    void refusesCommandsWhenTheSpoolIsNearlyFullAndRecovers() throws IOException {
        sink = sink(false, 4096, 1024);
        kafkaUp.set(false);
        String big = "x".repeat(400);
        for (int i = 0; i < 8; i++) {
            sink.publish("s1", big);
        }
        await().atMost(DEADLINE).until(() -> !sink.accepting());

        kafkaUp.set(true);
        await().atMost(DEADLINE).until(() -> delivered.size() == 8 && sink.accepting());
    }

    @Test
    void eventsSpooledBeforeAShutdownAreSentAfterTheRestart() throws IOException {
        sink = sink(false, 1 << 20, 0);
        kafkaUp.set(false);
        sink.publish("s1", "e1");
        sink.publish("s1", "e2");
        await().atMost(DEADLINE).until(() -> sink.spooledEvents() == 2);
        sink.close();

        kafkaUp.set(true);
        sink = sink(false, 1 << 20, 0);
        sink.publish("s1", "e3");

        await().atMost(DEADLINE).until(() -> delivered.size() == 3);
        assertThat(values()).containsExactly("e1", "e2", "e3");
    }

    @Test
    void auditEventsGoToTheAuditTopicInTheSameOrder() throws IOException {
        sink = sink(false, 1 << 20, 0);
        sink.publish("s1", "e1");
        sink.audit("alice", "a1");

        await().atMost(DEADLINE).until(() -> delivered.size() == 2);
        assertThat(delivered).extracting(ProducerRecord::topic).containsExactly("sluice.sessions", "sluice.audit");
        assertThat(delivered.get(1).key()).isEqualTo("alice");
    }

    private KafkaEventSink sink(boolean strict, long maxBytes, long reserve) throws IOException {
        return new KafkaEventSink(() -> new SwitchableProducer(), "sluice.sessions", "sluice.audit",
                new EventSpool(directory, maxBytes),
                new DeliverySettings(Duration.ofMillis(200), Duration.ofMillis(50), 100, 1000, strict, reserve),
                Clock.systemUTC());
    }

    private List<String> values() {
        return delivered.stream().map(ProducerRecord::value).toList();
    }

    private static List<String> expected(int from, int to) {
        return java.util.stream.IntStream.rangeClosed(from, to).mapToObj(i -> "e" + i).toList();
    }

    /** Acknowledges at once while Kafka is up; while it is down, accepts records and never acknowledges them. */
    private final class SwitchableProducer extends MockProducer<String, String> {
        SwitchableProducer() {
            super(true, null, new StringSerializer(), new StringSerializer());
        }

        @Override
        public synchronized Future<RecordMetadata> send(ProducerRecord<String, String> record, Callback callback) {
            if (!kafkaUp.get()) {
                return new CompletableFuture<>();
            }
            delivered.add(record);
            return super.send(record, callback);
        }
    }
}
