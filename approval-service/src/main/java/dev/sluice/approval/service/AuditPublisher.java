package dev.sluice.approval.service;

import dev.sluice.approval.config.ApprovalProperties;
import dev.sluice.contracts.audit.AuditEvent;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Publishes approval and grant transitions to {@code sluice.audit} as {@link AuditEvent} CloudEvents, keyed by
 * subject, through an idempotent producer with {@code acks=all}. Sending is asynchronous: a broker outage never
 * blocks a reviewer's click, it is logged (without secrets) and the producer retries in the background.
 */
public final class AuditPublisher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AuditPublisher.class);
    static final String SOURCE = "/sluice/approval-service";

    private final KafkaProducer<String, String> producer;
    private final String topic;
    private final JsonMapper json;

    public AuditPublisher(String bootstrapServers, ApprovalProperties.Audit audit, JsonMapper json) {
        this.topic = audit.topic();
        this.json = json;
        this.producer = audit.enabled() ? new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.CLIENT_ID_CONFIG, "sluice-approval-service",
                // send() may block this long for metadata; keep reviewers' requests responsive when Kafka is down
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 2_000),
                new StringSerializer(), new StringSerializer()) : null;
    }

    /** Publishes one event of {@code type} about {@code subject}. */
    public void publish(String type, String subject, Map<String, Object> data) {
        if (producer == null) {
            return;
        }
        AuditEvent event = AuditEvent.of(SOURCE, type, subject, data);
        try {
            producer.send(new ProducerRecord<>(topic, event.subject(), json.writeValueAsString(event)),
                    (metadata, failure) -> {
                        if (failure != null) {
                            log.warn("audit event {} ({}) could not be published: {}", event.id(), type,
                                    failure.getMessage());
                        }
                    });
        } catch (RuntimeException e) {
            log.warn("audit event {} ({}) could not be published: {}", event.id(), type, e.getMessage());
        }
    }

    @Override
    public void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }
}
