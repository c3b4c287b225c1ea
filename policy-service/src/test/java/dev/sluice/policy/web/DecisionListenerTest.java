package dev.sluice.policy.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.policy.testing.TestProxyKey;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The decision listener answers exactly what the main port answers for a plain decision, refuses everything else
 * with a JSON error in order, and keeps pipelined answers in order when a large body is decided off the event loop.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=policy-service", "server.address=127.0.0.1", TestProxyKey.PROPERTY,
        "sluice.policy.decision-listener.max-request-size=300KB", "sluice.policy.decision-listener.inline-limit=8KB"})
class DecisionListenerTest {

    @LocalServerPort
    int mainPort;

    @Autowired
    DecisionListener listener;

    @Autowired
    MeterRegistry registry;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final JsonMapper json = JsonMapper.builder().build();

    private static String request(String subject, String group, String sql) {
        return DecisionPortWire.request(subject, group, sql);
    }

    private HttpResponse<String> send(int port, String method, String path, String contentType, String authorization, String body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> decide(int port, String body) throws Exception {
        return send(port, "POST", "/v1/decisions", "application/json", TestProxyKey.HEADER, body);
    }

    private JsonNode error(HttpResponse<String> response, int status, String error) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode body = json.readTree(response.body());
        assertThat(body.path("error").asString()).isEqualTo(error);
        assertThat(body.path("message").asString()).isNotBlank();
        return body;
    }

    @Test
    void answersExactlyWhatTheMainPortAnswers() throws Exception {
        for (String body : List.of(request("alice", "dba", "DROP TABLE customers"), request("bob", "analysts", "SELECT * FROM customers"),
                request("bob", "analysts", "SELECT 1; DROP TABLE customers"), request("carol", "auditors", "COPY t TO PROGRAM 'x'"))) {
            HttpResponse<String> listened = decide(listener.port(), body);
            HttpResponse<String> main = decide(mainPort, body);
            assertThat(listened.statusCode()).isEqualTo(200);
            assertThat(json.readTree(listened.body())).isEqualTo(json.readTree(main.body()));
        }
        assertThat(json.readTree(decide(listener.port(), request("bob", "analysts", "DROP TABLE customers")).body())
                .path("effect").asString()).isEqualTo("DENY");
    }

    @Test
    void refusesCallersWithoutTheGatewayKeyBeforeReadingTheirBody() throws Exception {
        String body = request("alice", "dba", "SELECT 1");
        HttpResponse<String> missing = send(listener.port(), "POST", "/v1/decisions", "application/json", null, body);
        error(missing, 401, "unauthorized");
        assertThat(missing.headers().firstValue("WWW-Authenticate")).hasValue("SluiceProxy");
        error(send(listener.port(), "POST", "/v1/decisions", "application/json", TestProxyKey.HEADER + "x", body), 401, "unauthorized");
        // the key is checked first: an unauthenticated caller learns nothing about paths or methods
        error(send(listener.port(), "GET", "/v1/policies", null, null, null), 401, "unauthorized");
    }

    @Test
    void refusesAnythingButAPlainJsonDecision() throws Exception {
        error(send(listener.port(), "GET", "/v1/policies/version", null, TestProxyKey.HEADER, null), 404, "not_found");
        error(send(listener.port(), "POST", "/v1/decisions?explain=true", "application/json", TestProxyKey.HEADER,
                request("alice", "dba", "SELECT 1")), 400, "bad_request");
        HttpResponse<String> get = send(listener.port(), "GET", "/v1/decisions", null, TestProxyKey.HEADER, null);
        error(get, 405, "method_not_allowed");
        assertThat(get.headers().firstValue("Allow")).hasValue("POST");
        error(send(listener.port(), "POST", "/v1/decisions", "text/plain", TestProxyKey.HEADER, "SELECT 1"), 415, "unsupported_media_type");
    }

    @Test
    void answersMalformedBodiesWith400WithoutEchoingThem() throws Exception {
        JsonNode body = error(decide(listener.port(), "{\"sessionId\": \"secret-sql-here\", "), 400, "malformed_request");
        assertThat(body.toString()).doesNotContain("secret-sql-here");
        error(decide(listener.port(), ""), 400, "malformed_request");
        error(decide(listener.port(), "{\"sessionId\":\"s\"}"), 400, "malformed_request");
    }

    @Test
    void refusesBodiesOverTheLimitWith413() throws Exception {
        String huge = request("alice", "dba", "SELECT 1 /*" + "x".repeat(400 * 1024) + "*/");
        error(decide(listener.port(), huge), 413, "request_too_large");
    }

    @Test
    void keepsPipelinedAnswersInOrderWhenALargeBodyIsDecidedOffTheEventLoop() throws Exception {
        // 40 KB: over the 8 KB inline limit, so decided on a virtual thread while the small one waits behind it
        String large = request("bob", "analysts", "DROP TABLE customers /*" + "y".repeat(40 * 1024) + "*/");
        String small = request("alice", "dba", "SELECT 1");
        try (Socket socket = new Socket("127.0.0.1", listener.port())) {
            socket.setSoTimeout(10_000);
            byte[] pipelined = (DecisionPortWire.raw(large) + DecisionPortWire.raw(small) + DecisionPortWire.raw(small)).getBytes(StandardCharsets.UTF_8);
            socket.getOutputStream().write(pipelined);
            socket.getOutputStream().flush();
            List<String> effects = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                effects.add(json.readTree(DecisionPortWire.read(socket.getInputStream()).body()).path("effect").asString());
            }
            assertThat(effects).containsExactly("DENY", "ALLOW", "ALLOW");
        }
    }

    @Test
    void countsDecisionsByEffectInTheSharedMetrics() throws Exception {
        double before = registry.counter("sluice.policy.decisions", "effect", "deny").count();
        double errorsBefore = registry.counter("sluice.policy.decisions", "effect", "error").count();
        decide(listener.port(), request("bob", "analysts", "DROP TABLE customers"));
        decide(listener.port(), "not json");
        assertThat(registry.counter("sluice.policy.decisions", "effect", "deny").count()).isEqualTo(before + 1);
        assertThat(registry.counter("sluice.policy.decisions", "effect", "error").count()).isEqualTo(errorsBefore + 1);
    }
}
