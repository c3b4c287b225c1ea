package dev.sluice.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.recording.storage.RejectedEventEntity;
import dev.sluice.recording.storage.RejectedEventRepository;
import dev.sluice.recording.storage.SessionEventRepository;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** Session events go through a real Kafka broker and come out of the API as transcripts. */
class SessionRecordingTest extends RecordingServiceTestSupport {

    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @Autowired
    private SessionEventRepository events;

    @Autowired
    private RejectedEventRepository rejected;

    @Test
    void recordsPublishedSessionInSequenceOrder() {
        SessionScript session = new SessionScript(Instant.parse("2026-03-01T10:00:00Z"));
        publish(session.sessionId(), session.started(), session.command("SELECT * FROM orders"),
                session.command("UPDATE orders SET state = 'x' WHERE id = 7"), session.ended("client-terminate"));

        JsonNode detail = awaitSession(session.sessionId(), 4);

        assertThat(detail.path("subject").stringValue()).isEqualTo("alice");
        assertThat(detail.path("kind").stringValue()).isEqualTo("HUMAN");
        assertThat(strings(detail.path("groups"))).containsExactly("dba", "oncall");
        assertThat(detail.path("connection").stringValue()).isEqualTo("orders");
        assertThat(detail.path("protocol").stringValue()).isEqualTo("postgres");
        assertThat(detail.path("clientApplication").stringValue()).isEqualTo("psql");
        assertThat(detail.path("commandCount").longValue()).isEqualTo(2);
        assertThat(detail.path("endReason").stringValue()).isEqualTo("client-terminate");
        assertThat(detail.path("startedAt").stringValue()).isEqualTo("2026-03-01T10:00:00.250Z");
        assertThat(detail.path("endedAt").stringValue()).isEqualTo("2026-03-01T10:00:01Z");
        JsonNode transcript = detail.path("events");
        assertThat(transcript.findValuesAsString("type")).containsExactly("sluice.session.started",
                "sluice.session.command", "sluice.session.command", "sluice.session.ended");
        assertThat(transcript.findValues("seq").stream().map(JsonNode::longValue)).containsExactly(1L, 2L, 3L, 4L);
        assertThat(transcript.findValues("chainOk").stream().map(JsonNode::booleanValue)).containsOnly(true);
        assertThat(transcript.get(2).path("data").path("text").stringValue())
                .isEqualTo("UPDATE orders SET state = 'x' WHERE id = 7");
        assertThat(transcript.get(0).path("data").path("identity").path("kind").stringValue()).isEqualTo("HUMAN");
        assertThat(transcript.get(1).path("prevhash").stringValue())
                .isEqualTo(transcript.get(0).path("hash").stringValue());
    }

    @Test
    void storesRedeliveredEventOnce() {
        SessionScript session = new SessionScript(Instant.parse("2026-03-01T11:00:00Z"));
        SessionScript.Published started = session.started();
        SessionScript.Published command = session.command("SELECT 1");
        SessionScript.Published ended = session.ended("client-disconnect");
        publish(session.sessionId(), started, started, command, command, started, ended);

        JsonNode detail = awaitSession(session.sessionId(), 3);

        assertThat(detail.path("events").findValuesAsString("id")).containsExactly(started.id(), command.id(),
                ended.id());
        assertThat(detail.path("commandCount").longValue()).isEqualTo(1);
        assertThat(events.countByEventId(started.id())).isEqualTo(1);
        assertThat(events.countByEventId(command.id())).isEqualTo(1);
    }

    @Test
    void poisonRecordsAreParkedWithoutBlockingLaterEvents() {
        SessionScript session = new SessionScript(Instant.parse("2026-03-01T12:00:00Z"));
        String unknownType = session.command("SELECT 1").json()
                .replace("sluice.session.command", "sluice.session.exploded");
        publish(session.sessionId(), "{\"specversion\":\"1.0\",\"password\":\"hunter2\"", unknownType);
        SessionScript later = new SessionScript(Instant.parse("2026-03-01T12:00:05Z"));
        publish(later.sessionId(), later.started(), later.command("SELECT 2"));

        awaitSession(later.sessionId(), 2);

        List<RejectedEventEntity> parked = rejected.findAll().stream()
                .filter(entity -> session.sessionId().equals(entity.getRecordKey()))
                .toList();
        assertThat(parked).extracting(RejectedEventEntity::getReason)
                .hasSize(2)
                .contains("unknown type 'sluice.session.exploded'")
                .anySatisfy(reason -> assertThat(reason).startsWith("malformed JSON"));
        assertThat(parked).allSatisfy(entity -> assertThat(entity.getReason()).doesNotContain("hunter2"));
        assertThat(parked).anySatisfy(entity -> assertThat(entity.getPayload()).contains("hunter2"));
        assertThat(get("/api/sessions/" + session.sessionId(), TOKENS.auditor()).statusCode()).isEqualTo(404);
    }

    @Test
    void parksEventThatKeepsFailingStorageAfterBoundedRetries() {
        SessionScript session = new SessionScript(Instant.parse("2026-03-01T12:30:00Z"));
        SessionScript.Published started = session.started();
        // PostgreSQL text cannot hold NUL: storing this id fails on every attempt, like a lasting outage would
        String unstorable = started.json().replace("\"id\":\"" + started.id() + "\"", "\"id\":\"nul\\u0000id\"");
        publish(session.sessionId(), unstorable);
        SessionScript later = new SessionScript(Instant.parse("2026-03-01T12:30:05Z"));
        publish(later.sessionId(), later.started());

        awaitSession(later.sessionId(), 1);

        assertThat(rejected.findAll()).filteredOn(entity -> session.sessionId().equals(entity.getRecordKey()))
                .singleElement()
                .satisfies(entity -> {
                    assertThat(entity.getReason()).startsWith("storage failed after retries:");
                    assertThat(entity.getPayload()).isEqualTo(unstorable);
                });
    }

    @Test
    void storesCommandsThatArriveBeforeTheSessionStart() {
        SessionScript session = new SessionScript(Instant.parse("2026-03-01T13:00:00Z"));
        SessionScript.Published started = session.started();
        SessionScript.Published command = session.command("SELECT now()");
        publish(session.sessionId(), command);

        JsonNode early = awaitSession(session.sessionId(), 1);
        assertThat(early.path("subject").isNull()).isTrue();
        assertThat(early.path("commandCount").longValue()).isEqualTo(1);

        publish(session.sessionId(), started);
        JsonNode complete = awaitSession(session.sessionId(), 2);
        assertThat(complete.path("subject").stringValue()).isEqualTo("alice");
        assertThat(complete.path("events").findValues("seq").stream().map(JsonNode::longValue))
                .containsExactly(1L, 2L);
        assertThat(complete.path("events").findValues("chainOk").stream().map(JsonNode::booleanValue))
                .containsOnly(true);
    }

    @Test
    void marksTamperedEventAsBreakingTheChain() {
        SessionScript session = new SessionScript(Instant.parse("2026-03-01T14:00:00Z"));
        publish(session.sessionId(), session.started(),
                session.tamperedCommand("DROP TABLE orders", "SELECT 1"), session.command("SELECT 2"));

        JsonNode transcript = awaitSession(session.sessionId(), 3).path("events");

        assertThat(transcript.findValues("chainOk").stream().map(JsonNode::booleanValue))
                .containsExactly(true, false, true);
        assertThat(transcript.get(1).path("data").path("text").stringValue()).isEqualTo("SELECT 1");
    }

    @Test
    void listsSessionsNewestFirst() {
        // Later than any other test class's sessions in the shared database, so these two are the newest.
        SessionScript older = new SessionScript(Instant.parse("2199-01-01T00:00:00Z"));
        SessionScript newer = new SessionScript(Instant.parse("2199-01-02T00:00:00Z"));
        publish(older.sessionId(), older.started());
        publish(newer.sessionId(), newer.started());
        awaitSession(older.sessionId(), 1);
        awaitSession(newer.sessionId(), 1);

        HttpResponse<String> response = get("/api/sessions?limit=2", TOKENS.auditor());

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode list = json(response);
        assertThat(list.findValuesAsString("id")).containsExactly(newer.sessionId(), older.sessionId());
        assertThat(list.get(0).path("kind").stringValue()).isEqualTo("HUMAN");
        assertThat(list.get(0).path("commandCount").longValue()).isZero();
    }

    @Test
    void rejectsOutOfRangeLimitWithJsonError() {
        HttpResponse<String> response = get("/api/sessions?limit=0", TOKENS.auditor());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).path("error").stringValue()).isEqualTo("bad_request");
    }

    @Test
    void answersUnknownSessionWithJsonNotFound() {
        HttpResponse<String> response = get("/api/sessions/no-such-session", TOKENS.auditor());

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(json(response).path("error").stringValue()).isEqualTo("not_found");
    }

    /** Polls the API until the session has {@code eventCount} events; returns its detail. */
    private JsonNode awaitSession(String sessionId, int eventCount) {
        AtomicReference<JsonNode> detail = new AtomicReference<>();
        await().atMost(DEADLINE).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            HttpResponse<String> response = get("/api/sessions/" + sessionId, TOKENS.auditor());
            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode body = json(response);
            assertThat(body.path("events").size()).isEqualTo(eventCount);
            detail.set(body);
        });
        return detail.get();
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(node -> values.add(node.stringValue()));
        return values;
    }
}
