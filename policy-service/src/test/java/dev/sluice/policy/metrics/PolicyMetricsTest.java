package dev.sluice.policy.metrics;

import dev.sluice.policy.testing.TestProxyKey;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.policy.PolicyServiceApplication;
import dev.sluice.policy.bundle.ActivePolicy;
import dev.sluice.policy.bundle.PolicyBundle;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/** {@code /actuator/prometheus} of a real policy-service on loopback carries its {@code sluice_policy_*} metrics. */
class PolicyMetricsTest {

    private static final String REQUEST = """
            {"sessionId":"s-1","identity":{"subject":"bob","groups":["analysts"],"kind":"human"},
             "connection":{"name":"demo","protocol":"postgres","tags":{}},
             "command":{"type":"query","text":"%s","attributes":{}},"clientAddress":"127.0.0.1"}
            """;

    private static final Pattern EFFECT = Pattern.compile("\"effect\"\\s*:\\s*\"([A-Z_]+)\"");

    private static ConfigurableApplicationContext context;
    private static String base;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() {
        context = PolicyServiceApplication.builder().run(TestProxyKey.ARGUMENT, "--server.port=0", "--server.address=127.0.0.1");
        base = "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
    }

    @AfterAll
    static void stop() {
        context.close();
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Asks for a decision; returns the effect answered, lower case as the metric's label spells it. */
    private static String decide(String sql, String query) throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(base + "/v1/decisions" + query)).header("Authorization", TestProxyKey.HEADER)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(REQUEST.formatted(sql))));
        assertThat(response.statusCode()).isEqualTo(200);
        Matcher effect = EFFECT.matcher(response.body());
        assertThat(effect.find()).as(response.body()).isTrue();
        return effect.group(1).toLowerCase(Locale.ROOT);
    }

    private static String scrape() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(base + "/actuator/prometheus")));
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private static double sample(String metrics, String series) {
        return metrics.lines()
                .filter(line -> line.startsWith(series + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(series.length() + 1).strip()))
                .findFirst()
                .orElse(0);
    }

    @Test
    void countsDecisionsByEffectAndTimesThem() throws Exception {
        String before = scrape();
        // Whatever the demo bundle answers (its masking rules may turn reads into MASK), each counts under its effect.
        Map<String, Integer> expected = new HashMap<>();
        expected.merge(decide("SELECT * FROM customers", ""), 1, Integer::sum);
        expected.merge(decide("DROP TABLE customers", ""), 1, Integer::sum);
        expected.merge(decide("DROP TABLE customers", "?explain=true"), 1, Integer::sum);
        assertThat(expected).containsKey("deny");
        assertThat(send(HttpRequest.newBuilder(URI.create(base + "/v1/decisions")).header("Authorization", TestProxyKey.HEADER)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{not json"))).statusCode()).isEqualTo(400);
        expected.merge("error", 1, Integer::sum);

        String after = scrape();
        expected.forEach((effect, count) -> {
            String series = "sluice_policy_decisions_total{effect=\"" + effect + "\"}";
            assertThat(sample(after, series) - sample(before, series)).as(series).isEqualTo(count.doubleValue());
        });
        assertThat(sample(after, "sluice_policy_decide_seconds_count")
                - sample(before, "sluice_policy_decide_seconds_count")).isEqualTo(4);
        assertThat(after).contains("sluice_policy_decide_seconds_bucket{le=");
    }

    @Test
    void publishesTheBundleInForceAndFollowsReloads() throws Exception {
        ActivePolicy policy = context.getBean(ActivePolicy.class);
        PolicyBundle original = policy.current();
        String before = scrape();
        assertThat(before).contains("sluice_policy_bundle_info{version=\"" + original.version() + "\"} 1");
        assertThat(sample(before, "sluice_policy_bundle_rules")).isEqualTo(original.rules().size());
        assertThat(sample(before, "sluice_policy_bundle_loaded_timestamp_seconds")).isPositive();

        try {
            policy.replace(new PolicyBundle("test-version-2", List.of("test.yaml"), List.of()));
            // Bundle metrics notice the change on a scrape, so the first scrape after it may still show the old one.
            Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                String after = scrape();
                assertThat(after).contains("sluice_policy_bundle_info{version=\"test-version-2\"} 1")
                        .doesNotContain("version=\"" + original.version() + "\"");
                assertThat(sample(after, "sluice_policy_bundle_rules")).isZero();
                assertThat(sample(after, "sluice_policy_reloads_total") - sample(before, "sluice_policy_reloads_total"))
                        .isEqualTo(1);
            });
            // The long-poll's waiters stay the API's own.
            assertThat(policy.waiterCount()).isZero();
        } finally {
            policy.replace(original);
        }
    }

    @Test
    void exposesHealthProbes() throws Exception {
        assertThat(send(HttpRequest.newBuilder(URI.create(base + "/actuator/health/readiness"))).statusCode())
                .isEqualTo(200);
        assertThat(send(HttpRequest.newBuilder(URI.create(base + "/actuator/health/liveness"))).statusCode())
                .isEqualTo(200);
    }
}
