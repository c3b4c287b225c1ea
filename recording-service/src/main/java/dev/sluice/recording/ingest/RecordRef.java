package dev.sluice.recording.ingest;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Where a consumed record came from, for rejection bookkeeping and logs (never the payload).
 *
 * @param topic     Kafka topic
 * @param partition partition within the topic
 * @param offset    offset within the partition
 * @param key       record key (the session id), may be null
 */
public record RecordRef(String topic, int partition, long offset, String key) {

    static RecordRef of(ConsumerRecord<?, ?> record) {
        Object key = record.key();
        return new RecordRef(record.topic(), record.partition(), record.offset(), key == null ? null : key.toString());
    }

    @Override
    public String toString() {
        return topic + "-" + partition + "@" + offset;
    }
}
