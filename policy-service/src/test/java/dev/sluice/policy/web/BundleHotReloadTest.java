package dev.sluice.policy.web;

import dev.sluice.policy.testing.TestProxyKey;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.policy.PolicyServiceApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Hot reload of a filesystem bundle, observed through the HTTP API of a real server on loopback. */
class BundleHotReloadTest {

    private static final String DENY_ALL = "rules:\n  - id: deny-everything\n    effect: DENY\n";
    private static final String ALLOW_READS = """
            rules:
              - id: reads-allowed
                match:
                  classes: [read]
                effect: ALLOW
            """;
    private static final String QUERY = """
            {"sessionId":"s-1","identity":{"subject":"bob","groups":["analysts"],"kind":"human"},
             "connection":{"name":"demo","protocol":"postgres","tags":{}},
             "command":{"type":"query","text":"SELECT 1","attributes":{}},"clientAddress":"127.0.0.1"}
            """;

    @TempDir
    Path dir;

    private ConfigurableApplicationContext context;
    private String base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final JsonMapper json = JsonMapper.builder().build();

    @BeforeEach
    void start() throws Exception {
        Files.writeString(dir.resolve("policy.yaml"), DENY_ALL);
        context = PolicyServiceApplication.builder().run(TestProxyKey.ARGUMENT, "--server.port=0", "--server.address=127.0.0.1",
                "--sluice.policy.bundle-path=" + dir, "--sluice.policy.reload-debounce=100ms");
        base = "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
    }

    @AfterEach
    void stop() {
        context.close();
    }

    private JsonNode get(String path) throws Exception {
        return json.readTree(http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", TestProxyKey.HEADER).build(), HttpResponse.BodyHandlers.ofString()).body());
    }

    private JsonNode decide() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/v1/decisions")).header("Authorization", TestProxyKey.HEADER).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(QUERY)).build();
        return json.readTree(http.send(request, HttpResponse.BodyHandlers.ofString()).body());
    }

    @Test
    void reloadsAChangedFileAndDecidesWithTheNewVersion() throws Exception {
        JsonNode before = get("/v1/policies");
        assertThat(before.path("files").get(0).asString()).isEqualTo("policy.yaml");
        assertThat(decide().path("effect").asString()).isEqualTo("DENY");

        Files.writeString(dir.resolve("policy.yaml"), ALLOW_READS);

        Awaitility.await().atMost(Duration.ofSeconds(20))
                .until(() -> !get("/v1/policies/version").path("version").asString().equals(before.path("version").asString()));
        JsonNode decision = decide();
        assertThat(decision.path("effect").asString()).isEqualTo("ALLOW");
        assertThat(decision.path("ruleId").asString()).isEqualTo("reads-allowed");
        assertThat(decision.path("policyVersion").asString()).isNotEqualTo(before.path("version").asString());
        assertThat(get("/v1/policies").path("lastRejectedReload").isNull()).isTrue();
    }

    @Test
    void refusesAnInvalidBundleAndKeepsServingThePreviousVersion() throws Exception {
        String version = get("/v1/policies").path("version").asString();

        Files.writeString(dir.resolve("zz-broken.yaml"), "rules:\n  - id: typo\n    match:\n      grups: [analysts]\n    effect: ALLOW\n");

        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> !get("/v1/policies").path("lastRejectedReload").isNull());
        JsonNode status = get("/v1/policies");
        JsonNode rejection = status.path("lastRejectedReload");
        assertThat(rejection.path("file").asString()).isEqualTo("zz-broken.yaml");
        assertThat(rejection.path("line").asInt()).isEqualTo(4);
        assertThat(rejection.path("message").asString()).startsWith("zz-broken.yaml:4: unknown key 'grups'");
        assertThat(status.path("version").asString()).isEqualTo(version);
        JsonNode decision = decide();
        assertThat(decision.path("effect").asString()).isEqualTo("DENY");
        assertThat(decision.path("policyVersion").asString()).isEqualTo(version);
    }
}
