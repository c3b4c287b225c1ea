package dev.sluice.recording.ingest;

import dev.sluice.contracts.event.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.support.Acknowledgment;
import org.springframework.stereotype.Component;

/**
 * Consumes {@value Topics#SESSIONS} one record at a time.
 *
 * <p>The offset is acknowledged only after {@link EventIngestor} has returned, i.e. after its database
 * transaction committed: a crash in between redelivers the record, which the idempotent store absorbs.
 * Records that are not valid events are parked and acknowledged so they cannot block the partition;
 * storage failures propagate to the container's error handler, which retries with back-off.
 */
@Component
public final class SessionEventListener {

    /** Listener container id, e.g. for {@code KafkaListenerEndpointRegistry} lookups. */
    public static final String LISTENER_ID = "recording-ingest";

    private static final Logger log = LoggerFactory.getLogger(SessionEventListener.class);

    private final EventParser parser;
    private final EventIngestor ingestor;

    public SessionEventListener(EventParser parser, EventIngestor ingestor) {
        this.parser = parser;
        this.ingestor = ingestor;
    }

    @KafkaListener(
            id = LISTENER_ID,
            topics = "${sluice.recording.ingest.topic:" + Topics.SESSIONS + "}",
            groupId = "${sluice.recording.ingest.group-id:recording-service}",
            containerFactory = "recordingListenerContainerFactory",
            // a new consumer group must start from the beginning, or sessions recorded before it existed are lost
            properties = "auto.offset.reset=earliest")
    public void onRecord(ConsumerRecord<String, String> record, Acknowledgment ack) {
        RecordRef source = RecordRef.of(record);
        switch (parser.parse(record.value())) {
            case ParseResult.Parsed(IncomingEvent event) -> {
                EventIngestor.Outcome outcome = ingestor.store(event, source, record.value());
                log.debug("Session event {} seq {} from {}: {}", event.id(), event.seq(), source, outcome);
            }
            case ParseResult.Rejected(String reason) -> ingestor.reject(source, reason, record.value());
        }
        ack.acknowledge();
    }
}
