package dev.sluice.policy.web;

import dev.sluice.policy.testing.TestProxyKey;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.contracts.decision.ApprovalSpec;
import dev.sluice.contracts.decision.Decision;
import dev.sluice.contracts.decision.Effect;
import dev.sluice.contracts.decision.MaskSpec;
import dev.sluice.policy.audit.AuditSink;
import dev.sluice.policy.audit.LogAuditSink;
import dev.sluice.policy.bundle.ActivePolicy;
import dev.sluice.policy.bundle.PolicyBundle;
import dev.sluice.policy.bundle.PolicyBundleLoader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The REST API over a real server bound to loopback on a random port. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=policy-service", "server.address=127.0.0.1", TestProxyKey.PROPERTY})
class PolicyApiTest {

    private static final String BOB_SELECT = """
            {"sessionId":"s-1",
             "identity":{"subject":"bob","groups":["analysts"],"kind":"human"},
             "connection":{"name":"demo","protocol":"postgres","tags":{}},
             "command":{"type":"query","text":"%s","attributes":{"message":"Query"}},
             "clientAddress":"127.0.0.1"}
            """;

    @LocalServerPort
    int port;

    @Autowired
    ActivePolicy policy;

    @Autowired
    AuditSink auditSink;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final JsonMapper json = JsonMapper.builder().build();
    private PolicyBundle original;

    @AfterEach
    void restore() {
        if (original != null) {
            policy.replace(original);
        }
    }

    private HttpResponse<String> post(String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/decisions")).header("Authorization", TestProxyKey.HEADER)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .timeout(Duration.ofSeconds(10))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private CompletableFuture<HttpResponse<String>> getVersion(String query) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/policies/version" + query)).header("Authorization", TestProxyKey.HEADER)
                .timeout(Duration.ofSeconds(90))
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void decidesAQueryAndCarriesThePolicyVersion() throws Exception {
        HttpResponse<String> response = post(BOB_SELECT.formatted("SELECT * FROM customers"));
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode decision = json.readTree(response.body());
        // Allowed, with the demo bundle's masking for analysts.
        assertThat(decision.path("effect").asString()).isEqualTo("MASK");
        assertThat(decision.path("ruleId").asString()).isEqualTo("readers-read");
        assertThat(decision.path("policyVersion").asString()).isEqualTo(policy.current().version());
        assertThat(decision.path("cacheScope").asString()).isEqualTo("NORMALIZED"); // no string constant: see docs/policy.md
    }

    @Test
    void deniesDropTableOverHttp() throws Exception {
        JsonNode decision = json.readTree(post(BOB_SELECT.formatted("DROP TABLE customers")).body());
        assertThat(decision.path("effect").asString()).isEqualTo("DENY");
        assertThat(decision.path("reason").asString()).contains("DROP TABLE");
    }

    @Test
    void rejectsMalformedBodiesWithAJsonError() throws Exception {
        HttpResponse<String> notJson = post("{not json");
        assertThat(notJson.statusCode()).isEqualTo(400);
        JsonNode error = json.readTree(notJson.body());
        assertThat(error.path("error").asString()).isEqualTo("malformed_request");
        assertThat(error.path("message").asString()).isNotBlank();

        HttpResponse<String> missing = post("{\"sessionId\":\"s\"}");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(json.readTree(missing.body()).path("error").asString()).isEqualTo("malformed_request");
    }

    @Test
    void reportsTheVersion() throws Exception {
        HttpResponse<String> response = getVersion("").get(10, TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json.readTree(response.body()).path("version").asString()).isEqualTo(policy.current().version());
    }

    @Test
    void longPollReturnsPromptlyWhenTheVersionChanges() throws Exception {
        original = policy.current();
        int others = policy.waiterCount(); // e.g. the bundle metrics follow version changes too
        CompletableFuture<HttpResponse<String>> waiting = getVersion("?after=" + original.version() + "&wait=60");
        // The request is parked once the controller has registered its waiter.
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> policy.waiterCount() == others + 1);
        assertThat(waiting).isNotDone();
        long started = System.nanoTime();
        policy.replace(new PolicyBundle("changed-version", original.files(), original.rules()));
        HttpResponse<String> response = waiting.get(10, TimeUnit.SECONDS);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        assertThat(json.readTree(response.body()).path("version").asString()).isEqualTo("changed-version");
    }

    @Test
    void longPollAnswersAtOnceForAStaleVersionAndTimesOutWithTheSameVersion() throws Exception {
        String current = policy.current().version();
        int others = policy.waiterCount(); // e.g. the bundle metrics follow version changes too
        HttpResponse<String> stale = getVersion("?after=old&wait=60").get(10, TimeUnit.SECONDS);
        assertThat(json.readTree(stale.body()).path("version").asString()).isEqualTo(current);

        HttpResponse<String> unchanged = getVersion("?after=" + current + "&wait=1").get(10, TimeUnit.SECONDS);
        assertThat(unchanged.statusCode()).isEqualTo(200);
        assertThat(json.readTree(unchanged.body()).path("version").asString()).isEqualTo(current);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> policy.waiterCount() == others);
    }

    @Test
    void rejectsANegativeWait() throws Exception {
        HttpResponse<String> response = getVersion("?after=x&wait=-1").get(10, TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json.readTree(response.body()).path("error").asString()).isEqualTo("bad_request");
    }

    @Test
    void approvalAndMasksReachTheWireInTheContractsShape() throws Exception {
        original = policy.current();
        policy.replace(PolicyBundleLoader.load("classpath:policy-bundles/effects/"));
        Decision approval = json.readValue(post(BOB_SELECT.formatted("UPDATE orders SET total = 0 WHERE id = 1")).body(), Decision.class);
        assertThat(approval.effect()).isEqualTo(Effect.REQUIRE_APPROVAL);
        assertThat(approval.approval()).isEqualTo(new ApprovalSpec(List.of("dba"), 1, Duration.ofMinutes(10)));
        Decision masked = json.readValue(post(BOB_SELECT.formatted("SELECT * FROM customers")).body(), Decision.class);
        assertThat(masked.effect()).isEqualTo(Effect.MASK);
        assertThat(masked.masks()).contains(new MaskSpec("public.customers.ssn", null, "partial:4"), new MaskSpec(null, "card", "redact"));
        JsonNode explained = json.readTree(postExplain(BOB_SELECT.formatted("SELECT 1")).body());
        assertThat(explained.path("masking").get(0).path("ruleId").asString()).isEqualTo("pii-for-analysts");
        assertThat(explained.path("masking").get(0).path("matched").asBoolean()).isTrue();
    }

    private HttpResponse<String> postExplain(String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/decisions?explain=true")).header("Authorization", TestProxyKey.HEADER)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .timeout(Duration.ofSeconds(10))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void withoutKafkaAuditEventsGoToTheLog() {
        assertThat(auditSink).isInstanceOf(LogAuditSink.class);
    }
}
