package dev.sluice.proxy.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.sluice.contracts.decision.Command;
import dev.sluice.contracts.decision.CommandType;
import dev.sluice.contracts.decision.ConnectionRef;
import dev.sluice.contracts.decision.Decision;
import dev.sluice.contracts.decision.DecisionRequest;
import dev.sluice.contracts.decision.Effect;
import dev.sluice.contracts.identity.Identity;
import dev.sluice.contracts.identity.IdentityKind;
import dev.sluice.proxy.config.ProxyProperties;
import dev.sluice.proxy.health.PolicyServiceHealthIndicator;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Status;
import tools.jackson.databind.json.JsonMapper;

/**
 * The gateway key reaches policy-service on every call (decisions, version polls, health checks), and a refused key
 * fails closed. The server here checks the header the way policy-service does: 401 for anything but the key.
 */
class PolicyClientKeyTest {

    private static final String KEY = "k3y-for-policy";
    private static final String DECISION = "{\"effect\":\"ALLOW\",\"reason\":\"ok\",\"ruleId\":\"r\",\"policyVersion\":\"v1\","
            + "\"masks\":[],\"approval\":null,\"cacheScope\":\"NONE\"}";

    private HttpServer server;
    private final List<String> authorizations = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/decisions", exchange -> answer(exchange, DECISION));
        server.createContext("/v1/policies/version", exchange -> answer(exchange, "{\"version\":\"v1\"}"));
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void answer(HttpExchange exchange, String body) throws IOException {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        authorizations.add(String.valueOf(authorization));
        boolean ok = ("SluiceProxy " + KEY).equals(authorization);
        byte[] bytes = (ok ? body : "{\"error\":\"unauthorized\"}").getBytes(StandardCharsets.UTF_8);
        exchange.getRequestBody().readAllBytes();
        exchange.sendResponseHeaders(ok ? 200 : 401, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private PolicyClient client(String key) {
        var config = new ProxyProperties.Policy(url(), Duration.ofSeconds(2), new ProxyProperties.Cache(false, 10), key);
        return new PolicyClient(config, JsonMapper.builder().build());
    }

    private static DecisionRequest request() {
        return new DecisionRequest("s-1", new Identity("alice", List.of("dba"), IdentityKind.HUMAN),
                new ConnectionRef("demo", "postgres", Map.of()), new Command(CommandType.QUERY, "SELECT 1", Map.of()), "127.0.0.1");
    }

    @Test
    void sendsTheGatewayKeyWithDecisionsAndVersionPolls() throws Exception {
        PolicyClient client = client(KEY);
        assertThat(client.decide(request()).effect()).isEqualTo(Effect.ALLOW);
        assertThat(client.awaitVersion(null, Duration.ofSeconds(1))).isEqualTo("v1");
        assertThat(authorizations).containsExactly("SluiceProxy " + KEY, "SluiceProxy " + KEY);
    }

    @Test
    void deniesWhenPolicyServiceRefusesTheKey() {
        Decision decision = client("wrong").decide(request());
        assertThat(decision.effect()).isEqualTo(Effect.DENY);
        assertThat(decision.ruleId()).isEqualTo(PolicyClient.UNAVAILABLE_RULE);
        assertThat(decision.reason()).contains("refused the gateway key").doesNotContain("wrong");
    }

    @Test
    void deniesWithoutAKeyWhenPolicyServiceWantsOne() {
        assertThat(client("").decide(request()).effect()).isEqualTo(Effect.DENY);
        assertThat(authorizations).containsExactly("null");
    }

    @Test
    void healthCheckPresentsTheKey() {
        var config = new ProxyProperties.Policy(url(), Duration.ofSeconds(2), new ProxyProperties.Cache(false, 10), KEY);
        assertThat(new PolicyServiceHealthIndicator(url(), Duration.ofSeconds(2), config.authorization()).health().getStatus())
                .isEqualTo(Status.UP);
        assertThat(new PolicyServiceHealthIndicator(url(), Duration.ofSeconds(2)).health().getStatus()).isEqualTo(Status.DOWN);
        assertThat(config.toString()).doesNotContain(KEY);
    }
}
