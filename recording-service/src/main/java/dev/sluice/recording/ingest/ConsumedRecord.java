package dev.sluice.recording.ingest;

import java.util.Objects;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * One Kafka record of a poll, parsed once and kept with its raw value for parking.
 *
 * @param source  where it was read
 * @param payload the record value as received, may be null
 * @param parsed  the event it holds, or why it holds none
 */
public record ConsumedRecord(RecordRef source, String payload, ParseResult parsed) {

    public ConsumedRecord {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(parsed, "parsed");
    }

    static ConsumedRecord of(ConsumerRecord<String, String> record, EventParser parser) {
        return new ConsumedRecord(RecordRef.of(record), record.value(), parser.parse(record.value()));
    }
}
