package dev.sluice.identity.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.identity.IdentityAdapterApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
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
                "--sluice.identity.dev.enabled=true", "--sluice.identity.service-clients.ci-bot.secret=ci-secret",
                "--sluice.identity.service-clients.ci-bot.groups=agents",
                "--sluice.identity.service-clients.ci-bot.team=platform");
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

    private static int clientCredentials(String secret) throws Exception {
        String basic = Base64.getEncoder().encodeToString(("ci-bot:" + secret).getBytes(StandardCharsets.UTF_8));
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + "/oauth2/token"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header("Authorization", "Basic " + basic)
                        .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    @Test
    void countsTheAuthorizationServersTokenEndpoint() throws Exception {
        String issued = "sluice_identity_tokens_total{endpoint=\"/oauth2/token\",outcome=\"issued\"}";
        String refused = "sluice_identity_tokens_total{endpoint=\"/oauth2/token\",outcome=\"refused\"}";
        String before = get("/actuator/prometheus").body();

        assertThat(clientCredentials("ci-secret")).isEqualTo(200);
        assertThat(clientCredentials("wrong")).isEqualTo(401);

        String after = get("/actuator/prometheus").body();
        assertThat(sample(after, issued) - sample(before, issued)).isEqualTo(1);
        assertThat(sample(after, refused) - sample(before, refused)).isEqualTo(1);
        assertThat(after).doesNotContain("ci-secret");
    }

    @Test
    void exposesHealthProbes() throws Exception {
        assertThat(get("/actuator/health/readiness").statusCode()).isEqualTo(200);
        assertThat(get("/actuator/health/liveness").statusCode()).isEqualTo(200);
    }
}
