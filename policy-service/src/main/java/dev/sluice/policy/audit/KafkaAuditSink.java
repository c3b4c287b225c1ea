package dev.sluice.policy.audit;

import dev.sluice.contracts.audit.AuditEvent;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Publishes audit events to a Kafka topic, keyed by the event's subject, from one background thread: a reload
 * (or startup) never waits for the broker. Delivery is idempotent with {@code acks=all}; an event that cannot
 * be delivered is logged in full, so that it is never silently lost.
 */
public final class KafkaAuditSink implements AuditSink {

    private static final Logger log = LoggerFactory.getLogger(KafkaAuditSink.class);

    private final KafkaProducer<String, String> producer;
    private final String topic;
    private final JsonMapper json;
    private final ExecutorService sender = Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon().name("policy-audit").factory());

    /**
     * @param clientSettings Kafka client properties (bootstrap servers, security); delivery guarantees are set here
     */
    public KafkaAuditSink(Map<String, Object> clientSettings, String topic, String clientId, JsonMapper json) {
        this.topic = topic;
        this.json = json;
        Map<String, Object> config = new HashMap<>(clientSettings);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) Duration.ofSeconds(30).toMillis());
        config.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Duration.ofMinutes(2).toMillis());
        this.producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    @Override
    public void publish(AuditEvent event) {
        String value = json.writeValueAsString(event);
        try {
            sender.execute(() -> send(event, value));
        } catch (RejectedExecutionException e) {
            log.warn("audit event not sent, policy-service is stopping: {}", value);
        }
    }

    private void send(AuditEvent event, String value) {
        try {
            producer.send(new ProducerRecord<>(topic, event.subject(), value), (metadata, error) -> {
                if (error != null) {
                    log.error("audit event was not stored in Kafka ({}): {}", error.toString(), value);
                }
            });
        } catch (RuntimeException e) {
            log.error("audit event could not be handed to Kafka ({}): {}", e.toString(), value);
        }
    }

    @Override
    public void close() {
        sender.shutdown();
        try {
            sender.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(5));
    }
}
