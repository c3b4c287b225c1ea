package dev.sluice.identity.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.identity.IdentityAdapterApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/** {@code /actuator/prometheus} of a real identity-adapter (dev mode) counts token requests by outcome. */
class TokenMetricsTest {

    private static final String ISSUED = "sluice_identity_tokens_total{endpoint=\"/dev/tokens/{subject}\",outcome=\"issued\"}";
    private static final String REFUSED = "sluice_identity_tokens_total{endpoint=\"/dev/tokens/{subject}\",outcome=\"refused\"}";

    private static ConfigurableApplicationContext context;
    private static String base;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() {
        context = IdentityAdapterApplication.builder().run("--server.port=0", "--server.address=127.0.0.1",
                "--sluice.identity.dev.enabled=true");
        base = "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
    }

    @AfterAll
    static void stop() {
        context.close();
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static double sample(String metrics, String series) {
        return metrics.lines()
                .filter(line -> line.startsWith(series + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(series.length() + 1).strip()))
                .findFirst()
                .orElse(0);
    }

    @Test
    void countsIssuedAndRefusedTokensWithoutTheSubjectAsALabel() throws Exception {
        String before = get("/actuator/prometheus").body();
        assertThat(before).contains(ISSUED);

        assertThat(get("/dev/tokens/bob").statusCode()).isEqualTo(200);
        assertThat(get("/dev/tokens/alice").statusCode()).isEqualTo(200);
        assertThat(get("/dev/tokens/mallory").statusCode()).isEqualTo(404);
        assertThat(get("/.well-known/jwks.json").statusCode()).isEqualTo(200);

        HttpResponse<String> scrape = get("/actuator/prometheus");
        assertThat(scrape.statusCode()).isEqualTo(200);
        String after = scrape.body();
        assertThat(sample(after, ISSUED) - sample(before, ISSUED)).isEqualTo(2);
        assertThat(sample(after, REFUSED) - sample(before, REFUSED)).isEqualTo(1);
        assertThat(after).doesNotContain("mallory");
        assertThat(after.lines().filter(line -> line.startsWith("sluice_identity_tokens_total")))
                .isNotEmpty()
                .allSatisfy(line -> assertThat(line).doesNotContain("jwks"));
    }

    @Test
    void exposesHealthProbes() throws Exception {
        assertThat(get("/actuator/health/readiness").statusCode()).isEqualTo(200);
        assertThat(get("/actuator/health/liveness").statusCode()).isEqualTo(200);
    }
}
