package dev.sluice.proxy.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.sluice.proxy.ProxyServiceApplication;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The whole proxy-service on loopback: readiness follows policy-service (a local HTTP server standing in for it)
 * while liveness does not, and the Prometheus endpoint carries the gateway's metrics.
 */
class ProxyReadinessTest {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void readinessFollowsPolicyServiceAndLivenessDoesNot() throws Exception {
        HttpServer policy = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        policy.createContext("/v1/policies/version", exchange -> {
            byte[] body = "{\"version\":\"v1\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        policy.start();
        boolean policyRunning = true;
        try (ConfigurableApplicationContext context = ProxyServiceApplication.builder().run(
                "--server.port=0", "--server.address=127.0.0.1",
                "--sluice.proxy.postgres.port=0", "--sluice.proxy.events.enabled=false",
                "--sluice.proxy.health.timeout=500ms",
                "--sluice.proxy.policy.url=http://127.0.0.1:" + policy.getAddress().getPort())) {
            String base = "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");

            assertThat(get(base + "/actuator/health/readiness").statusCode()).isEqualTo(200);

            policy.stop(0);
            policyRunning = false;
            HttpResponse<String> notReady = get(base + "/actuator/health/readiness");
            assertThat(notReady.statusCode()).isEqualTo(503);
            assertThat(notReady.body()).contains("DOWN").doesNotContain("127.0.0.1");
            assertThat(get(base + "/actuator/health/liveness").statusCode()).isEqualTo(200);

            HttpResponse<String> metrics = get(base + "/actuator/prometheus");
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).contains("sluice_policy_decision_seconds_bucket");
        } finally {
            if (policyRunning) {
                policy.stop(0);
            }
        }
    }
}
