package dev.sluice.recording.storage;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Objects;

/**
 * A consumed Kafka record that could not be stored as a session event (malformed, unknown type, or failing
 * storage after every retry). Parked here so the partition moves on without losing what was received.
 *
 * <p>Not final: Hibernate subclasses entities for lazy proxies.
 */
@Entity
@Table(schema = "recording", name = "rejected_events")
public class RejectedEventEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    private String topic;
    private int kafkaPartition;
    private long kafkaOffset;
    private String recordKey;
    private String reason;
    private String payload;
    private Instant rejectedAt;

    protected RejectedEventEntity() {}

    public RejectedEventEntity(String topic, int kafkaPartition, long kafkaOffset, String recordKey, String reason,
            String payload, Instant rejectedAt) {
        this.topic = Objects.requireNonNull(topic, "topic");
        this.kafkaPartition = kafkaPartition;
        this.kafkaOffset = kafkaOffset;
        this.recordKey = recordKey;
        this.reason = Objects.requireNonNull(reason, "reason");
        this.payload = payload;
        this.rejectedAt = Objects.requireNonNull(rejectedAt, "rejectedAt");
    }

    public String getTopic() {
        return topic;
    }

    public int getKafkaPartition() {
        return kafkaPartition;
    }

    public long getKafkaOffset() {
        return kafkaOffset;
    }

    public String getRecordKey() {
        return recordKey;
    }

    public String getReason() {
        return reason;
    }

    public String getPayload() {
        return payload;
    }

    public Instant getRejectedAt() {
        return rejectedAt;
    }
}
