package dev.sluice.approval.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.approval.ApprovalServiceApplication;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/** approval-service exposes Prometheus metrics and probes on a real server on loopback. */
class ApprovalMetricsTest {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private HttpResponse<String> get(String base, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void publishesPendingApprovalsAndProbes() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.start();
                ConfigurableApplicationContext context = ApprovalServiceApplication.builder()
                .run("--server.port=0", "--server.address=127.0.0.1",
                        "--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
                        "--spring.datasource.username=postgres", "--spring.datasource.password=",
                        "--sluice.approval.audit.enabled=false")) {
            String base = "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
            context.getBean(ApprovalMetrics.class).pendingChanged(3);

            HttpResponse<String> metrics = get(base, "/actuator/prometheus");
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).contains("sluice_approval_requests_pending 3.0");
            assertThat(get(base, "/actuator/health/readiness").statusCode()).isEqualTo(200);
            assertThat(get(base, "/actuator/health/liveness").statusCode()).isEqualTo(200);
        }
    }
}
