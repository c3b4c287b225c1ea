package dev.sluice.proxy.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/** The readiness indicators of the proxy against a local HTTP server and against closed ports. */
class ProxyHealthIndicatorsTest {

    private HttpServer server;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.stop(0);
        }
    }

    private String serve(int status) throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/policies/version", exchange -> {
            byte[] body = "{\"version\":\"abc\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Test
    void policyServiceIsUpWhenItAnswersTheVersion() throws Exception {
        Health health = new PolicyServiceHealthIndicator(serve(200) + "/", Duration.ofSeconds(2)).health();
        assertThat(health.getStatus()).isEqualTo(Status.UP);
    }

    @Test
    void policyServiceIsDownWhenItAnswersWithAnError() throws Exception {
        Health health = new PolicyServiceHealthIndicator(serve(503), Duration.ofSeconds(2)).health();
        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails()).containsEntry("error", "HTTP 503");
    }

    @Test
    void policyServiceIsDownWhenUnreachable() throws Exception {
        Health health = new PolicyServiceHealthIndicator("http://127.0.0.1:" + closedPort(), Duration.ofMillis(500)).health();
        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails()).containsKey("error");
    }

    /** A decision port that answers GET /v1/decisions with {@code status}; the main port answers its version. */
    private String serveDecisionPort(int status) throws Exception {
        String main = serve(200);
        server.createContext("/v1/decisions", exchange -> {
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        return main;
    }

    @Test
    void policyServiceIsUpWhenTheDecisionPortRefusesAGetAfterAcceptingTheKey() throws Exception {
        String url = serveDecisionPort(405);
        Health health = new PolicyServiceHealthIndicator(url, url.replace("127.0.0.1", "localhost"), Duration.ofSeconds(2),
                "SluiceProxy k").health();
        assertThat(health.getStatus()).isEqualTo(Status.UP);
    }

    @Test
    void policyServiceIsDownWhenTheDecisionPortRefusesTheKeyOrIsClosed() throws Exception {
        String url = serveDecisionPort(401);
        Health refused = new PolicyServiceHealthIndicator(url, url.replace("127.0.0.1", "localhost"), Duration.ofSeconds(2),
                "SluiceProxy k").health();
        assertThat(refused.getStatus()).isEqualTo(Status.DOWN);
        assertThat(refused.getDetails()).containsEntry("error", "decision port: HTTP 401");
        Health closed = new PolicyServiceHealthIndicator(url, "http://127.0.0.1:" + closedPort(), Duration.ofMillis(500), null).health();
        assertThat(closed.getStatus()).isEqualTo(Status.DOWN);
        assertThat((String) closed.getDetails().get("error")).startsWith("decision port: ");
    }

    @Test
    void kafkaIsDownWithinItsTimeoutWhenNoBrokerAnswers() throws Exception {
        KafkaHealthIndicator indicator = new KafkaHealthIndicator(
                Map.of("bootstrap.servers", "127.0.0.1:" + closedPort(), "sasl.jaas.config", "secret-value"),
                Duration.ofMillis(500), true);
        try {
            long start = System.nanoTime();
            Health health = indicator.health();
            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(health.getDetails().toString()).doesNotContain("secret-value").doesNotContain("127.0.0.1");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        } finally {
            indicator.destroy();
        }
    }

    @Test
    void kafkaIsUpWhenSessionEventsAreSwitchedOff() {
        KafkaHealthIndicator indicator = new KafkaHealthIndicator(Map.of(), Duration.ofMillis(500), false);
        Health health = indicator.health();
        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsEntry("events", "disabled");
        indicator.destroy();
    }
}
