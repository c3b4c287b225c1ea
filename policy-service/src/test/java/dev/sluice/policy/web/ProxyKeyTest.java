package dev.sluice.policy.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.policy.PolicyServiceApplication;
import dev.sluice.policy.testing.TestProxyKey;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Only the gateway, presenting the configured key, may use the {@code /v1} API; actuator endpoints stay open. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=policy-service", "server.address=127.0.0.1", TestProxyKey.PROPERTY})
class ProxyKeyTest {

    private static final String REQUEST = """
            {"sessionId":"s-1","identity":{"subject":"alice","groups":["dba"],"kind":"human"},
             "connection":{"name":"demo","protocol":"postgres","tags":{}},
             "command":{"type":"query","text":"SELECT 1","attributes":{}},"clientAddress":"127.0.0.1"}
            """;

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final JsonMapper json = JsonMapper.builder().build();

    private HttpResponse<String> post(int port, String path, String authorization, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(int port, String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private void assertUnauthorized(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        JsonNode body = json.readTree(response.body());
        assertThat(body.path("error").asString()).isEqualTo("unauthorized");
        assertThat(response.body()).doesNotContain(TestProxyKey.KEY);
    }

    @Test
    void decidesForTheGatewayKey() throws Exception {
        HttpResponse<String> response = post(port, "/v1/decisions", TestProxyKey.HEADER, REQUEST);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json.readTree(response.body()).path("effect").asString()).isEqualTo("ALLOW");
    }

    @Test
    void refusesDecisionsWithoutOrWithAWrongKey() throws Exception {
        assertUnauthorized(post(port, "/v1/decisions", null, REQUEST));
        assertUnauthorized(post(port, "/v1/decisions", "SluiceProxy " + TestProxyKey.KEY + "x", REQUEST));
        assertUnauthorized(post(port, "/v1/decisions", "Bearer " + TestProxyKey.KEY, REQUEST));
        assertUnauthorized(post(port, "/v1/decisions?explain=true", null, REQUEST));
    }

    @Test
    void refusesTheVersionAndTheBundleWithoutTheKey() throws Exception {
        assertUnauthorized(get(port, "/v1/policies/version", null));
        assertUnauthorized(get(port, "/v1/policies", null));
        assertUnauthorized(post(port, "/v1/policies/validate", null, "{}"));
        assertThat(get(port, "/v1/policies/version", TestProxyKey.HEADER).statusCode()).isEqualTo(200);
        // the scheme is case-insensitive, like every HTTP authorization scheme
        assertThat(get(port, "/v1/policies/version", "sluiceproxy " + TestProxyKey.KEY).statusCode()).isEqualTo(200);
    }

    @Test
    void keepsHealthAndMetricsOpen() throws Exception {
        assertThat(get(port, "/actuator/health/readiness", null).statusCode()).isEqualTo(200);
        assertThat(get(port, "/actuator/prometheus", null).statusCode()).isEqualTo(200);
    }

    @Test
    void refusesEveryCallerWhenNoKeyIsConfigured() throws Exception {
        try (ConfigurableApplicationContext context = PolicyServiceApplication.builder()
                .run("--server.port=0", "--server.address=127.0.0.1")) {
            int other = context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
            assertUnauthorized(post(other, "/v1/decisions", null, REQUEST));
            assertUnauthorized(post(other, "/v1/decisions", "SluiceProxy ", REQUEST));
            assertThat(json.readTree(post(other, "/v1/decisions", "SluiceProxy anything", REQUEST).body()).path("message").asString())
                    .contains("no proxy key is configured");
        }
    }

    @Test
    void theDevelopmentSwitchOpensTheApiOnlyWithoutAKey() throws Exception {
        try (ConfigurableApplicationContext open = PolicyServiceApplication.builder()
                .run("--server.port=0", "--server.address=127.0.0.1", "--sluice.policy.security.allow-unauthenticated=true")) {
            int port = open.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
            assertThat(post(port, "/v1/decisions", null, REQUEST).statusCode()).isEqualTo(200);
        }
        try (ConfigurableApplicationContext keyed = PolicyServiceApplication.builder()
                .run("--server.port=0", "--server.address=127.0.0.1", "--sluice.policy.security.allow-unauthenticated=true",
                        TestProxyKey.ARGUMENT)) {
            int port = keyed.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
            assertUnauthorized(post(port, "/v1/decisions", null, REQUEST));
        }
    }
}
