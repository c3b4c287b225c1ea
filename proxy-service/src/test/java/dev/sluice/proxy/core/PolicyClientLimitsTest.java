package dev.sluice.proxy.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.sluice.contracts.decision.Command;
import dev.sluice.contracts.decision.CommandType;
import dev.sluice.contracts.decision.ConnectionRef;
import dev.sluice.contracts.decision.Decision;
import dev.sluice.contracts.decision.DecisionRequest;
import dev.sluice.contracts.decision.Effect;
import dev.sluice.contracts.decision.SessionLimits;
import dev.sluice.contracts.identity.Identity;
import dev.sluice.contracts.identity.IdentityKind;
import dev.sluice.proxy.config.ProxyProperties;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The limits of a connect decision as the proxy reads them from policy-service (a loopback HTTP server here). */
class PolicyClientLimitsTest {
    private volatile String answer = "{}";
    private final HttpServer server = server();

    private HttpServer server() {
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            http.createContext("/v1/decisions", exchange -> {
                exchange.getRequestBody().readAllBytes();
                byte[] body = answer.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            http.start();
            return http;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private Decision connect() {
        var client = new PolicyClient(new ProxyProperties.Policy("http://127.0.0.1:" + server.getAddress().getPort(),
                Duration.ofSeconds(5), new ProxyProperties.Cache(true, 100)), JsonMapper.builder().build());
        return client.decide(new DecisionRequest("s-1", new Identity("ci-bot", List.of("agents"), IdentityKind.SERVICE),
                new ConnectionRef("demo", "postgres", Map.of()), new Command(CommandType.CONNECT, "", Map.of()), "127.0.0.1"));
    }

    @Test
    void readsTheLimitsOfAnAllowedSession() {
        answer = """
                {"effect":"ALLOW","reason":"ok","ruleId":"r","policyVersion":"v","masks":[],"approval":null,
                 "cacheScope":"NONE","limits":{"ruleId":"agents","maxSessions":20,"maxSessionsPerConnection":0,
                 "statementsPerSecond":50.0,"statementBurst":500}}""";
        Decision decision = connect();
        assertThat(decision.effect()).isEqualTo(Effect.ALLOW);
        assertThat(decision.limits()).isEqualTo(new SessionLimits("agents", 20, 0, 50, 500));
    }

    @Test
    void aDecisionWithoutLimitsHasNone() {
        answer = "{\"effect\":\"ALLOW\",\"reason\":\"ok\",\"ruleId\":\"r\",\"policyVersion\":\"v\"}";
        assertThat(connect().limits()).isNull();
    }

    @Test
    void unreadableLimitsDenyTheSession() {
        answer = "{\"effect\":\"ALLOW\",\"ruleId\":\"r\",\"limits\":{\"ruleId\":\"x\",\"maxSessions\":-3}}";
        Decision decision = connect();
        assertThat(decision.effect()).isEqualTo(Effect.DENY);
        assertThat(decision.ruleId()).isEqualTo(PolicyClient.UNAVAILABLE_RULE);
    }
}
