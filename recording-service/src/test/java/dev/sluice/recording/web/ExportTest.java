package dev.sluice.recording.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.recording.RecordingServiceTestSupport;
import dev.sluice.recording.SessionScript;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** A session downloads as JSON (with its verification) and as spreadsheet-safe CSV. */
class ExportTest extends RecordingServiceTestSupport {

    @Test
    void exportsJsonWithVerificationAndCsvWithOneRowPerEvent() {
        SessionScript session = new SessionScript(Instant.parse("2026-08-01T10:00:00Z"));
        publish(session.sessionId(), session.started(), session.command("SELECT 1, 'a,b'"),
                session.command("=HYPERLINK(\"http://evil\")"), session.ended("client-terminate"));
        String path = "/api/sessions/" + session.sessionId() + "/export";
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(json(get(path, TOKENS.auditor())).path("session").path("events").size()).isEqualTo(4));

        HttpResponse<String> exported = get(path + "?format=json", TOKENS.auditor());
        assertThat(exported.headers().firstValue("Content-Disposition")).hasValueSatisfying(value ->
                assertThat(value).startsWith("attachment").contains(session.sessionId() + ".json"));
        JsonNode body = json(exported);
        assertThat(body.path("session").path("id").stringValue()).isEqualTo(session.sessionId());
        assertThat(body.path("verification").path("status").stringValue()).isEqualTo("INTACT");

        HttpResponse<String> csv = get(path + "?format=csv", TOKENS.auditor());
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type")).hasValueSatisfying(value ->
                assertThat(value).startsWith("text/csv"));
        String[] lines = csv.body().split("\r\n");
        assertThat(lines).hasSize(5);
        assertThat(lines[0]).startsWith("seq,time,type,message,text,effect");
        assertThat(lines[2]).contains("\"SELECT 1, 'a,b'\"");
        assertThat(lines[3]).contains("\"'=HYPERLINK(\"\"http://evil\"\")\"");
    }

    @Test
    void rejectsUnknownFormatAndNonAuditors() {
        assertThat(get("/api/sessions/x/export?format=xml", TOKENS.auditor()).statusCode()).isEqualTo(400);
        assertThat(get("/api/sessions/x/export", null).statusCode()).isEqualTo(401);
    }
}
