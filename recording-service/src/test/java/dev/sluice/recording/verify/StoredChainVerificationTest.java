package dev.sluice.recording.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.recording.RecordingServiceTestSupport;
import dev.sluice.recording.SessionScript;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/** {@code GET /api/sessions/{id}/verify} re-verifies from the database, so edits made there are caught. */
class StoredChainVerificationTest extends RecordingServiceTestSupport {

    @Autowired
    private JdbcTemplate jdbc;

    @Test
    void reportsIntactChainOfRecordedSession() {
        SessionScript session = recorded("2026-04-01T10:00:00Z");

        JsonNode result = verify(session.sessionId());

        assertThat(result.path("status").stringValue()).isEqualTo("INTACT");
        assertThat(result.path("verifiedEvents").intValue()).isEqualTo(4);
        assertThat(result.path("ended").booleanValue()).isTrue();
        assertThat(result.path("problems").isEmpty()).isTrue();
    }

    @Test
    void detectsCommandTextEditedInTheDatabase() {
        SessionScript session = recorded("2026-04-01T11:00:00Z");
        jdbc.update("UPDATE recording.session_events SET data = replace(data, 'DROP TABLE orders', 'SELECT 1')"
                + " WHERE session_id = ? AND seq = 3", session.sessionId());

        JsonNode result = verify(session.sessionId());

        assertThat(result.path("status").stringValue()).isEqualTo("TAMPERED");
        assertThat(result.path("problems").get(0).path("kind").stringValue()).isEqualTo("HASH_MISMATCH");
        assertThat(result.path("problems").get(0).path("seq").longValue()).isEqualTo(3);
    }

    @Test
    void detectsEventDeletedFromTheDatabase() {
        SessionScript session = recorded("2026-04-01T12:00:00Z");
        jdbc.update("DELETE FROM recording.session_events WHERE session_id = ? AND seq = 2", session.sessionId());

        JsonNode result = verify(session.sessionId());

        assertThat(result.path("status").stringValue()).isEqualTo("INCOMPLETE");
        assertThat(result.path("problems").get(0).path("kind").stringValue()).isEqualTo("GAP");
        assertThat(result.path("problems").get(0).path("seq").longValue()).isEqualTo(2);
    }

    @Test
    void verifyIsForAuditorsOnly() {
        SessionScript session = recorded("2026-04-01T13:00:00Z");

        assertThat(get("/api/sessions/" + session.sessionId() + "/verify", null).statusCode()).isEqualTo(401);
        String analyst = TOKENS.rs256(claims -> claims.claim("groups", java.util.List.of("analysts")));
        assertThat(get("/api/sessions/" + session.sessionId() + "/verify", analyst).statusCode()).isEqualTo(403);
        assertThat(get("/api/sessions/no-such-session/verify", TOKENS.auditor()).statusCode()).isEqualTo(404);
    }

    private SessionScript recorded(String start) {
        SessionScript session = new SessionScript(Instant.parse(start));
        publish(session.sessionId(), session.started(), session.command("SELECT * FROM orders"),
                session.command("DROP TABLE orders"), session.ended("client-terminate"));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                assertThat(jdbc.queryForObject("SELECT count(*) FROM recording.session_events WHERE session_id = ?",
                        Long.class, session.sessionId())).isEqualTo(4));
        return session;
    }

    private JsonNode verify(String sessionId) {
        HttpResponse<String> response = get("/api/sessions/" + sessionId + "/verify", TOKENS.auditor());
        assertThat(response.statusCode()).isEqualTo(200);
        return json(response);
    }
}
