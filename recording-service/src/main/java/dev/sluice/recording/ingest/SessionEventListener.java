package dev.sluice.recording.ingest;

import dev.sluice.contracts.event.Topics;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.support.Acknowledgment;
import org.springframework.stereotype.Component;

/**
 * Consumes {@value Topics#SESSIONS} a poll at a time.
 *
 * <p>Each poll is stored by {@link EventIngestor} in one transaction, and its offsets are acknowledged only
 * after that transaction committed: a crash in between redelivers the batch, which the idempotent store
 * absorbs. Records that are not valid events are parked in the same transaction and acknowledged with the
 * rest, so they cannot block the partition. If the batch cannot be stored (database down, or one record
 * the database refuses), its records are stored one by one; the first one that fails is reported to the
 * container's error handler, which acknowledges the records before it, retries it with back-off and in the
 * end parks it, so one bad record never holds back or takes down its neighbours.
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
            properties = {
                // a new consumer group must start from the beginning, or sessions recorded before it existed are lost
                "auto.offset.reset=earliest",
                "max.poll.records=${sluice.recording.ingest.max-poll-records:500}"
            })
    public void onBatch(List<ConsumerRecord<String, String>> records, Acknowledgment ack) {
        List<ConsumedRecord> batch = records.stream().map(record -> ConsumedRecord.of(record, parser)).toList();
        try {
            EventIngestor.BatchOutcome outcome = ingestor.store(batch);
            log.debug("Session event batch of {} records from {}: {}", batch.size(), first(batch), outcome);
        } catch (RuntimeException e) {
            // the class only: messages of SQL errors can quote the values being inserted
            log.warn("Storing a batch of {} session event records from {} failed ({}); storing them one by one",
                    batch.size(), first(batch), e.getClass().getName());
            storeOneByOne(records, batch);
        }
        ack.acknowledge();
    }

    private void storeOneByOne(List<ConsumerRecord<String, String>> records, List<ConsumedRecord> batch) {
        for (int i = 0; i < batch.size(); i++) {
            try {
                ingestor.store(List.of(batch.get(i)));
            } catch (RuntimeException e) {
                throw new BatchListenerFailedException("storing session event record " + batch.get(i).source()
                        + " failed", e, records.get(i));
            }
        }
    }

    private static Object first(List<ConsumedRecord> batch) {
        return batch.isEmpty() ? "nowhere" : batch.getFirst().source();
    }
}
