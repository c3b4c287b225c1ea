package dev.sluice.proxy.core;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes session events to Kafka off the data path: relay threads only enqueue into a bounded queue; one
 * sender thread hands events to an idempotent producer ({@code acks=all}), which batches them. Records are
 * keyed by session id, so each session's events land in one partition, in order. A full queue is reported to
 * the caller, which then refuses commands rather than run them unrecorded.
 */
public final class KafkaEventSink implements EventSink, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(KafkaEventSink.class);
    private static final int QUEUE_CAPACITY = 65_536;

    private record Pending(String key, String value) {}

    private final String topic;
    private final Producer<String, String> producer;
    private final BlockingQueue<Pending> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final AtomicLong failures = new AtomicLong();
    private final Thread sender;
    private volatile boolean open = true;

    /**
     * @param clientSettings Kafka client properties (bootstrap servers, security); delivery guarantees are set here
     *                       and cannot be weakened by them
     */
    public KafkaEventSink(Map<String, Object> clientSettings, String topic, String clientId) {
        this.topic = topic;
        Map<String, Object> config = new java.util.HashMap<>(clientSettings);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        config.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Duration.ofMinutes(2).toMillis());
        // Every event acknowledged by all in-sync replicas, exactly once per partition, in order.
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        this.producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
        this.sender = Thread.ofPlatform().name("kafka-event-sender").daemon(true).start(this::send);
    }

    @Override
    public boolean publish(String sessionId, String eventJson) {
        return open && queue.offer(new Pending(sessionId, eventJson));
    }

    private void send() {
        while (open || !queue.isEmpty()) {
            Pending next;
            try {
                next = queue.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (next == null) {
                continue;
            }
            try {
                producer.send(new ProducerRecord<>(topic, next.key(), next.value()), (metadata, error) -> {
                    if (error != null) {
                        failures.incrementAndGet();
                        log.error("session event for session {} was not stored in Kafka: {}", next.key(), error.toString());
                    }
                });
            } catch (RuntimeException e) {
                failures.incrementAndGet();
                log.error("session event for session {} could not be handed to Kafka: {}", next.key(), e.toString());
            }
        }
    }

    /** Events Kafka did not acknowledge. */
    public long failures() {
        return failures.get();
    }

    /** Events waiting to be handed to the producer. */
    public int backlog() {
        return queue.size();
    }

    @Override
    public void close() {
        open = false;
        try {
            sender.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(10));
    }
}
