package dev.sluice.recording;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Only unexpired, unrevoked tokens from the configured issuer, for audience sluice and group auditors, read
 * transcripts.
 */
class ApiSecurityTest extends RecordingServiceTestSupport {

    private static final String SESSIONS = "/api/sessions";

    @Test
    void admitsAuditorsWithRs256Token() {
        assertThat(get(SESSIONS, TOKENS.auditor()).statusCode()).isEqualTo(200);
    }

    @Test
    void admitsAuditorsWithEs256Token() {
        assertThat(get(SESSIONS, TOKENS.es256Auditor()).statusCode()).isEqualTo(200);
    }

    @Test
    void answersMissingTokenWithJsonUnauthorized() {
        HttpResponse<String> response = get(SESSIONS, null);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).contains("Bearer");
        assertThat(json(response).path("error").stringValue()).isEqualTo("unauthorized");
        assertThat(json(response).path("message").stringValue()).isNotBlank();
    }

    @Test
    void rejectsExpiredToken() {
        Instant past = Instant.now().minusSeconds(3600);
        assertUnauthorized(TOKENS.rs256(claims -> claims.issueTime(Date.from(past.minusSeconds(300)))
                .expirationTime(Date.from(past))));
    }

    @Test
    void rejectsTokenWithoutExpiry() {
        assertUnauthorized(TOKENS.rs256(claims -> claims.expirationTime(null)));
    }

    @Test
    void rejectsTokenForAnotherAudience() {
        assertUnauthorized(TOKENS.rs256(claims -> claims.audience(List.of("grafana"))));
    }

    @Test
    void rejectsTokenFromAnotherIssuer() {
        assertUnauthorized(TOKENS.rs256(claims -> claims.issuer("https://evil.example")));
    }

    @Test
    void rejectsTokenSignedWithDisallowedAlgorithm() {
        assertUnauthorized(TOKENS.rs512Auditor());
    }

    @Test
    void rejectsTokenWithForgedSignature() {
        assertUnauthorized(TOKENS.forgedAuditor());
    }

    @Test
    void rejectsGarbageToken() {
        assertUnauthorized("not-a-jwt");
    }

    @Test
    void forbidsTokenOutsideAuditors() {
        HttpResponse<String> response = get(SESSIONS, TOKENS.rs256(claims -> claims.claim("groups", List.of("dba"))));

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(json(response).path("error").stringValue()).isEqualTo("forbidden");
        assertThat(json(response).path("message").stringValue()).contains("auditors");
    }

    @Test
    void forbidsTokenWithoutGroups() {
        HttpResponse<String> response = get(SESSIONS + "/any", TOKENS.rs256(claims -> claims.claim("groups", null)));

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(json(response).path("error").stringValue()).isEqualTo("forbidden");
    }

    @Test
    void refusesARevokedSubjectsTokenWithinOneRefresh() {
        String token = TOKENS.rs256(claims -> claims.subject("mallory").issueTime(Date.from(Instant.now().minusSeconds(5))));
        assertThat(get(SESSIONS, token).statusCode()).isEqualTo(200);

        TOKENS.revokeSubject("mallory", "laptop stolen");

        // the list is pulled every 200 ms here (5 s by default)
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> get(SESSIONS, token).statusCode() == 401);
        assertUnauthorized(token);
        assertThat(get(SESSIONS, TOKENS.auditor()).statusCode()).isEqualTo(200);
    }

    @Test
    void keepsHealthPublic() {
        HttpResponse<String> response = get("/actuator/health", null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).path("status").stringValue()).isEqualTo("UP");
    }

    @Test
    void hidesOtherActuatorEndpoints() {
        assertThat(get("/actuator/env", TOKENS.auditor()).statusCode()).isIn(403, 404);
    }

    private void assertUnauthorized(String token) {
        HttpResponse<String> response = get(SESSIONS, token);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                value -> assertThat(value).startsWith("Bearer"));
        assertThat(json(response).path("error").stringValue()).isEqualTo("unauthorized");
    }
}
