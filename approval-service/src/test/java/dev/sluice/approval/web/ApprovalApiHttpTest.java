package dev.sluice.approval.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.approval.ApprovalServiceTestSupport;
import dev.sluice.approval.service.StateWaiters;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The approvals API over real HTTP on a random port: real signed tokens verified against the issuer's JWK set, the
 * gateway's shared key, an embedded PostgreSQL behind the state machine.
 */
class ApprovalApiHttpTest extends ApprovalServiceTestSupport {

    @Autowired
    private StateWaiters waiters;

    @Test
    void missingExpiredForgedAndWrongAudienceTokensGetJson401() {
        String id = createPending("alice", "DROP TABLE t_401").get("id").asString();
        String expired = ISSUER.token("carol", claims -> claims
                .issueTime(Date.from(Instant.now().minusSeconds(900)))
                .expirationTime(Date.from(Instant.now().minusSeconds(600))));
        String wrongAudience = ISSUER.token("carol", claims -> claims.audience("somebody-else"));
        for (String authorization : new String[] {null, bearer(expired), bearer(wrongAudience),
                bearer(ISSUER.forged("carol")), bearer("not-a-jwt")}) {
            HttpResponse<String> response = call("GET", "/v1/approvals/" + id, authorization, null);
            assertThat(response.statusCode()).as(String.valueOf(authorization)).isEqualTo(401);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/json"));
            assertThat(json(response).get("error").asString()).isEqualTo("unauthorized");
            assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                    challenge -> assertThat(challenge).startsWith("Bearer"));
            // the token is never echoed back
            if (authorization != null) {
                assertThat(response.body()).doesNotContain(authorization.substring("Bearer ".length()));
            }
        }
        HttpResponse<String> decide = call("POST", "/v1/approvals/" + id + "/decision", bearer(expired),
                "{\"decision\":\"approve\"}");
        assertThat(decide.statusCode()).isEqualTo(401);
        assertThat(state(id)).isEqualTo("PENDING");
    }

    @Test
    void outsidersAreForbiddenToSeeOrDecide() {
        String id = createPending("alice", "DROP TABLE t_outsider").get("id").asString();
        HttpResponse<String> read = call("GET", "/v1/approvals/" + id, bearer(ISSUER.token("bob")), null);
        assertThat(read.statusCode()).isEqualTo(403);
        assertThat(json(read).get("error").asString()).isEqualTo("forbidden");

        HttpResponse<String> decide = call("POST", "/v1/approvals/" + id + "/decision", bearer(ISSUER.token("bob")),
                "{\"decision\":\"approve\"}");
        assertThat(decide.statusCode()).isEqualTo(403);
        assertThat(json(decide).get("error").asString()).isEqualTo("not_a_reviewer");
        assertThat(state(id)).isEqualTo("PENDING");
    }

    @Test
    void requesterMayNotApproveTheirOwnStatement() {
        // carol is an approver, but this is her own statement
        String id = createPending("carol", "DROP TABLE t_self").get("id").asString();
        HttpResponse<String> decide = call("POST", "/v1/approvals/" + id + "/decision",
                bearer(ISSUER.token("carol")), "{\"decision\":\"approve\",\"comment\":\"mine\"}");
        assertThat(decide.statusCode()).isEqualTo(403);
        assertThat(json(decide).get("error").asString()).isEqualTo("self_approval");
        assertThat(state(id)).isEqualTo("PENDING");
    }

    @Test
    void unknownRequestsAre404() {
        String carol = bearer(ISSUER.token("carol"));
        for (String path : List.of("/v1/approvals/" + UUID.randomUUID(), "/v1/approvals/not-a-uuid")) {
            HttpResponse<String> response = call("GET", path, carol, null);
            assertThat(response.statusCode()).as(path).isEqualTo(404);
            assertThat(json(response).get("error").asString()).isEqualTo("not_found");
        }
        HttpResponse<String> decide = call("POST", "/v1/approvals/" + UUID.randomUUID() + "/decision", carol,
                "{\"decision\":\"deny\"}");
        assertThat(decide.statusCode()).isEqualTo(404);
    }

    @Test
    void decidingAFinalRequestIsAConflict() {
        String id = createPending("alice", "DROP TABLE t_final").get("id").asString();
        HttpResponse<String> denied = call("POST", "/v1/approvals/" + id + "/decision",
                bearer(ISSUER.token("carol")), "{\"decision\":\"deny\",\"comment\":\"not today\"}");
        assertThat(denied.statusCode()).isEqualTo(200);
        assertThat(json(denied).get("state").asString()).isEqualTo("DENIED");

        HttpResponse<String> late = call("POST", "/v1/approvals/" + id + "/decision",
                bearer(ISSUER.token("dave")), "{\"decision\":\"approve\"}");
        assertThat(late.statusCode()).isEqualTo(409);
        assertThat(json(late).get("error").asString()).isEqualTo("already_decided");
        assertThat(state(id)).isEqualTo("DENIED");
    }

    @Test
    void onlyTheGatewayKeyCreatesAndConsumes() {
        String statement = "ALTER TABLE t_gateway ADD COLUMN c int";
        String body = createBody("alice", "human", "demo", statement, 1, 600);
        assertThat(call("POST", "/v1/approvals", bearer(ISSUER.token("alice")), body).statusCode()).isEqualTo(403);
        HttpResponse<String> wrongKey = call("POST", "/v1/approvals", "SluiceProxy wrong-key", body);
        assertThat(wrongKey.statusCode()).isEqualTo(401);
        assertThat(wrongKey.body()).doesNotContain("wrong-key");
        assertThat(call("POST", "/v1/approvals", null, body).statusCode()).isEqualTo(401);

        HttpResponse<String> created = call("POST", "/v1/approvals", proxy(), body);
        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode request = json(created);
        String id = request.get("id").asString();
        assertThat(request.get("url").asString()).endsWith("/approvals/" + id);
        assertThat(call("POST", "/v1/approvals/" + id + "/decision", bearer(ISSUER.token("carol")),
                "{\"decision\":\"approve\"}").statusCode()).isEqualTo(200);

        String consume = "{\"bindingHash\":\"" + bindingHash(statement) + "\"}";
        assertThat(call("POST", "/v1/approvals/" + id + "/consume", bearer(ISSUER.token("alice")), consume)
                .statusCode()).isEqualTo(403);
        HttpResponse<String> used = call("POST", "/v1/approvals/" + id + "/consume", proxy(), consume);
        assertThat(used.statusCode()).isEqualTo(200);
        assertThat(json(used).get("state").asString()).isEqualTo("USED");
        // an approval is used once
        assertThat(call("POST", "/v1/approvals/" + id + "/consume", proxy(), consume).statusCode()).isEqualTo(409);
    }

    @Test
    void waitReturnsPromptlyWhenADecisionArrives() throws Exception {
        String id = createPending("alice", "DROP TABLE t_wait").get("id").asString();
        int waitingBefore = waiters.size();
        long started = System.nanoTime();
        CompletableFuture<HttpResponse<String>> waiting = HTTP.sendAsync(
                HttpRequest.newBuilder(URI.create(baseUrl() + "/v1/approvals/" + id + "/wait?timeout=30s"))
                        .header("Authorization", proxy()).timeout(Duration.ofSeconds(60)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        // the long-poll is parked on the request before the reviewer clicks
        await().atMost(Duration.ofSeconds(10)).until(() -> waiters.size() > waitingBefore);
        assertThat(waiting).isNotDone();

        long decidedAt = System.nanoTime();
        assertThat(call("POST", "/v1/approvals/" + id + "/decision", bearer(ISSUER.token("carol")),
                "{\"decision\":\"approve\"}").statusCode()).isEqualTo(200);
        HttpResponse<String> answer = waiting.get(10, TimeUnit.SECONDS);
        long answeredAfterDecision = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - decidedAt);

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(json(answer).get("state").asString()).isEqualTo("APPROVED");
        assertThat(json(answer).get("decided").asBoolean()).isTrue();
        // far below the 30 s timeout: the decision woke the waiter
        assertThat(answeredAfterDecision).isLessThan(3_000);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isLessThan(15_000);
    }

    @Test
    void waitReturnsPendingAtItsTimeout() {
        String id = createPending("alice", "DROP TABLE t_timeout").get("id").asString();
        long started = System.nanoTime();
        HttpResponse<String> answer = call("GET", "/v1/approvals/" + id + "/wait?timeout=1s", proxy(), null);
        long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(json(answer).get("state").asString()).isEqualTo("PENDING");
        assertThat(json(answer).get("decided").asBoolean()).isFalse();
        assertThat(elapsed).isBetween(900L, 10_000L);
    }

    private String state(String id) {
        return json(call("GET", "/v1/approvals/" + id, proxy(), null)).get("state").asString();
    }
}
