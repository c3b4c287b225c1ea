package dev.sluice.recording.storage;

import java.util.Objects;

/**
 * A consumed record to park in {@code rejected_events}, identified by where it was read.
 *
 * @param topic     Kafka topic
 * @param partition partition within the topic
 * @param offset    offset within the partition
 * @param key       record key, may be null
 * @param reason    why it was rejected, free of payload content
 * @param payload   the record value as received, may be null
 */
public record RejectedRow(String topic, int partition, long offset, String key, String reason, String payload) {

    public RejectedRow {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(reason, "reason");
    }
}
