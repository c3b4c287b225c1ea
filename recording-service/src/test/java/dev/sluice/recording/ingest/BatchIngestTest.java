package dev.sluice.recording.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import dev.sluice.recording.RecordingServiceTestSupport;
import dev.sluice.recording.SessionScript;
import dev.sluice.recording.storage.RejectedEventEntity;
import dev.sluice.recording.storage.RejectedEventRepository;
import dev.sluice.recording.storage.SessionEntity;
import dev.sluice.recording.storage.SessionEventEntity;
import dev.sluice.recording.storage.SessionEventRepository;
import dev.sluice.recording.storage.SessionRepository;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * Batches behave like the same records stored one at a time: duplicates, poison, sequence conflicts and the
 * hash chain across batch boundaries.
 */
class BatchIngestTest extends RecordingServiceTestSupport {

    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @Autowired
    private EventIngestor ingestor;

    @Autowired
    private EventParser parser;

    @Autowired
    private SessionRepository sessions;

    @Autowired
    private SessionEventRepository events;

    @Autowired
    private RejectedEventRepository rejected;

    @Autowired
    private KafkaListenerEndpointRegistry listeners;

    /** A topic name of this test alone, so that made-up offsets never meet real parked records. */
    private String topic;

    private long nextOffset;

    @BeforeEach
    void freshTopic() {
        topic = "batch-test-" + UUID.randomUUID();
        nextOffset = 0;
    }

    @Test
    void storesBatchWithDuplicatesPoisonAndSeveralSessions() {
        SessionScript a = new SessionScript(Instant.parse("2026-05-01T10:00:00Z"));
        SessionScript b = new SessionScript(Instant.parse("2026-05-01T10:00:01Z"));
        SessionScript c = new SessionScript(Instant.parse("2026-05-01T10:00:02Z"));
        SessionScript.Published aStarted = a.started();
        SessionScript.Published aFirst = a.command("SELECT 1");
        SessionScript.Published aSecond = a.command("SELECT 2");
        SessionScript.Published aEnded = a.ended("client-terminate");
        SessionScript.Published bStarted = b.started();
        SessionScript.Published bCommand = b.command("SELECT 3");
        c.started(); // never delivered: c's command arrives without its start
        SessionScript.Published cCommand = c.command("SELECT 4");
        ingestor.store(List.of(record(a.sessionId(), aStarted.json())));
        String poison = "{\"specversion\":\"1.0\",\"password\":\"hunter2\"";

        EventIngestor.BatchOutcome outcome = ingestor.store(List.of(
                record(a.sessionId(), aStarted.json()), // stored by the earlier batch
                record(b.sessionId(), bStarted.json()),
                record(a.sessionId(), aFirst.json()),
                record(a.sessionId(), poison),
                record(a.sessionId(), aFirst.json()), // redelivered within the batch
                record(b.sessionId(), bCommand.json()),
                record(c.sessionId(), cCommand.json()),
                record(a.sessionId(), aSecond.json()),
                record(a.sessionId(), aEnded.json())));

        assertThat(outcome).isEqualTo(new EventIngestor.BatchOutcome(6, 2, 0, 1));
        assertThat(events.findBySessionIdOrderBySeq(a.sessionId()))
                .extracting(SessionEventEntity::getEventId, SessionEventEntity::getSeq, SessionEventEntity::isChainOk)
                .containsExactly(
                        tuple(aStarted.id(), 1L, true),
                        tuple(aFirst.id(), 2L, true),
                        tuple(aSecond.id(), 3L, true),
                        tuple(aEnded.id(), 4L, true));
        assertThat(events.countByEventId(aFirst.id())).isEqualTo(1);
        assertThat(events.findBySessionIdOrderBySeq(b.sessionId())).extracting(SessionEventEntity::getEventId)
                .containsExactly(bStarted.id(), bCommand.id());
        assertThat(events.findBySessionIdOrderBySeq(c.sessionId())).singleElement()
                .satisfies(event -> assertThat(event.isChainOk()).isTrue());

        SessionEntity sessionA = sessions.findById(a.sessionId()).orElseThrow();
        assertThat(sessionA.getSubject()).isEqualTo("alice");
        assertThat(sessionA.getGroups()).containsExactly("dba", "oncall");
        assertThat(sessionA.getCommandCount()).isEqualTo(2);
        assertThat(sessionA.getLastSeq()).isEqualTo(4);
        assertThat(sessionA.getEndReason()).isEqualTo("client-terminate");
        assertThat(sessionA.getEndedAt()).isEqualTo(Instant.parse("2026-05-01T10:00:01Z"));
        SessionEntity sessionB = sessions.findById(b.sessionId()).orElseThrow();
        assertThat(sessionB.getConnection()).isEqualTo("orders");
        assertThat(sessionB.getCommandCount()).isEqualTo(1);
        assertThat(sessionB.getEndedAt()).isNull();
        SessionEntity sessionC = sessions.findById(c.sessionId()).orElseThrow();
        assertThat(sessionC.getSubject()).isNull();
        assertThat(sessionC.getCommandCount()).isEqualTo(1);
        assertThat(sessionC.getLastSeq()).isEqualTo(2);

        assertThat(rejected.findByTopicOrderByKafkaPartitionAscKafkaOffsetAsc(topic)).singleElement()
                .satisfies(entity -> {
                    assertThat(entity.getKafkaOffset()).isEqualTo(4);
                    assertThat(entity.getReason()).startsWith("malformed JSON").doesNotContain("hunter2");
                    assertThat(entity.getPayload()).isEqualTo(poison);
                });
    }

    @Test
    void keepsChainContinuityAcrossBatches() {
        SessionScript honest = new SessionScript(Instant.parse("2026-05-02T10:00:00Z"));
        List<SessionScript.Published> published = new ArrayList<>();
        published.add(honest.started());
        for (int i = 0; i < 4; i++) {
            published.add(honest.command("SELECT " + i));
        }
        published.add(honest.ended("client-disconnect"));
        // a second history of the same session: valid hashes of its own, but not linked to what is stored
        SessionScript forged = new SessionScript(honest.sessionId(), Instant.parse("2026-05-02T11:00:00Z"));
        forged.started();
        forged.command("SELECT 'forged'");
        SessionScript.Published forgedThird = forged.command("DROP TABLE orders");
        SessionScript.Published forgedFourth = forged.command("SELECT 'after'");

        ingestor.store(published.subList(0, 3).stream().map(event -> record(honest.sessionId(), event.json()))
                .toList());
        EventIngestor.BatchOutcome second = ingestor.store(List.of(
                record(honest.sessionId(), forgedThird.json()),
                record(honest.sessionId(), published.get(3).json()),
                record(honest.sessionId(), published.get(4).json()),
                record(honest.sessionId(), published.get(5).json())));
        SessionScript other = new SessionScript(Instant.parse("2026-05-02T12:00:00Z"));
        SessionScript.Published otherStarted = other.started();
        other.command("SELECT 'lost'");
        other.command("SELECT 'lost too'");
        ingestor.store(List.of(record(other.sessionId(), otherStarted.json())));
        SessionScript forgedOther = new SessionScript(other.sessionId(), Instant.parse("2026-05-02T13:00:00Z"));
        forgedOther.started();
        SessionScript.Published forgedSecond = forgedOther.command("SELECT 'forged'");
        ingestor.store(List.of(record(other.sessionId(), forgedSecond.json())));

        assertThat(second).isEqualTo(new EventIngestor.BatchOutcome(3, 0, 1, 0));
        assertThat(events.findBySessionIdOrderBySeq(honest.sessionId()))
                .extracting(SessionEventEntity::getEventId)
                .containsExactlyElementsOf(published.stream().map(SessionScript.Published::id).toList());
        assertThat(events.findBySessionIdOrderBySeq(honest.sessionId()))
                .extracting(SessionEventEntity::isChainOk).containsOnly(true);
        assertThat(events.countByEventId(forgedFourth.id())).isZero();
        assertThat(rejected.findByTopicOrderByKafkaPartitionAscKafkaOffsetAsc(topic))
                .extracting(RejectedEventEntity::getReason)
                .containsExactly("seq 3 of session already taken by another event");
        SessionEntity session = sessions.findById(honest.sessionId()).orElseThrow();
        assertThat(session.getSubject()).isEqualTo("alice");
        assertThat(session.getStartedAt()).isEqualTo(Instant.parse("2026-05-02T10:00:00.250Z"));
        assertThat(session.getCommandCount()).isEqualTo(4);
        assertThat(session.getLastSeq()).isEqualTo(6);
        assertThat(session.getEndReason()).isEqualTo("client-disconnect");
        // the link to the predecessor stored by an earlier batch is checked, not just assumed
        assertThat(events.findBySessionIdOrderBySeq(other.sessionId())).extracting(SessionEventEntity::isChainOk)
                .containsExactly(true, false);
    }

    @Test
    void leavesNothingBehindWhenPartOfABatchFails() {
        SessionScript fine = new SessionScript(Instant.parse("2026-05-04T10:00:00Z"));
        SessionScript broken = new SessionScript(Instant.parse("2026-05-04T10:00:01Z"));
        SessionScript.Published brokenStarted = broken.started();
        // a NUL in prevhash passes every lookup and fails only at the event insert, after the session upsert
        String unstorable = brokenStarted.json().replace("\"prevhash\":\"" + brokenStarted.prevhash() + "\"",
                "\"prevhash\":\"nul\\u0000hash\"");
        List<ConsumedRecord> batch = List.of(record(fine.sessionId(), fine.started().json()),
                record(broken.sessionId(), "not json"), record(broken.sessionId(), unstorable));

        assertThatThrownBy(() -> ingestor.store(batch)).isInstanceOf(DataAccessException.class);

        assertThat(sessions.findById(fine.sessionId())).isEmpty();
        assertThat(sessions.findById(broken.sessionId())).isEmpty();
        assertThat(rejected.findByTopicOrderByKafkaPartitionAscKafkaOffsetAsc(topic)).isEmpty();
        assertThat(ingestor.store(batch.subList(0, 2))).isEqualTo(new EventIngestor.BatchOutcome(1, 0, 0, 1));
    }

    @Test
    void storesTheRestOfAPollAroundARecordTheDatabaseRefuses() {
        MessageListenerContainer container = listeners.getListenerContainer(SessionEventListener.LISTENER_ID);
        assertThat(container).isNotNull();
        container.stop();
        try {
            SessionScript good = new SessionScript(Instant.parse("2026-05-03T10:00:00Z"));
            SessionScript bad = new SessionScript(Instant.parse("2026-05-03T10:00:01Z"));
            SessionScript.Published badStarted = bad.started();
            // PostgreSQL text cannot hold NUL: this event fails in every batch and on its own
            String unstorable = badStarted.json()
                    .replace("\"id\":\"" + badStarted.id() + "\"", "\"id\":\"nul\\u0000id\"");
            SessionScript.Published goodStarted = good.started();
            SessionScript.Published goodCommand = good.command("SELECT 1");
            SessionScript.Published goodEnded = good.ended("client-terminate");
            publish(good.sessionId(), goodStarted, goodCommand, goodCommand);
            publish(bad.sessionId(), "not json", unstorable);
            publish(good.sessionId(), goodEnded);
        } finally {
            container.start();
        }
        await().atMost(DEADLINE).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            assertThat(rejected.findAll()).filteredOn(entity -> entity.getReason().startsWith("storage failed"))
                    .anySatisfy(entity -> assertThat(entity.getPayload()).contains("nul\\u0000id"));
            assertThat(sessions.findAll()).filteredOn(session -> "client-terminate".equals(session.getEndReason())
                    && session.getStartedAt() != null
                    && session.getStartedAt().equals(Instant.parse("2026-05-03T10:00:00.250Z")))
                    .singleElement()
                    .satisfies(session -> {
                        assertThat(session.getCommandCount()).isEqualTo(1);
                        assertThat(events.findBySessionIdOrderBySeq(session.getId()))
                                .extracting(SessionEventEntity::isChainOk).containsExactly(true, true, true);
                    });
        });
    }

    private ConsumedRecord record(String key, String value) {
        return new ConsumedRecord(new RecordRef(topic, 0, nextOffset++, key), value, parser.parse(value));
    }
}
