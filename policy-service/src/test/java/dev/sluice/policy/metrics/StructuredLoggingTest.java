package dev.sluice.policy.metrics;

import dev.sluice.policy.testing.TestProxyKey;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.policy.PolicyServiceApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/** {@code sluice.log.format=json} (env SLUICE_LOG_FORMAT=json) turns the console into one ECS JSON object per line. */
@ExtendWith(OutputCaptureExtension.class)
class StructuredLoggingTest {

    private static final String REQUEST = """
            {"sessionId":"sess-log-1","identity":{"subject":"bob","groups":["analysts"],"kind":"human"},
             "connection":{"name":"demo","protocol":"postgres","tags":{}},
             "command":{"type":"query","text":"SELECT 1","attributes":{}},"clientAddress":"127.0.0.1"}
            """;

    @Test
    void jsonFormatWritesEcsLinesCarryingSessionAndSubject(CapturedOutput output) throws Exception {
        try (ConfigurableApplicationContext context = PolicyServiceApplication.builder().run(TestProxyKey.ARGUMENT, "--server.port=0",
                "--server.address=127.0.0.1", "--sluice.log.format=json",
                "--logging.level.dev.sluice.policy.metrics=debug")) {
            String base = "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(base + "/v1/decisions")).header("Authorization", TestProxyKey.HEADER)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(REQUEST))
                            .timeout(Duration.ofSeconds(10))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
        }
        assertThat(output.getOut().lines().filter(line -> line.contains("Loaded policy bundle")))
                .isNotEmpty()
                .allSatisfy(line -> assertThat(line).startsWith("{").contains("\"@timestamp\"", "\"ecs\""));
        assertThat(output.getOut().lines().filter(line -> line.contains("\"message\":\"Decision ")))
                .singleElement()
                .satisfies(line -> assertThat(line).startsWith("{").contains("sess-log-1", "bob")
                        .doesNotContain("SELECT 1"));
    }

    @Test
    void textFormatIsTheDefault(CapturedOutput output) {
        try (ConfigurableApplicationContext context = PolicyServiceApplication.builder()
                .run(TestProxyKey.ARGUMENT, "--server.port=0", "--server.address=127.0.0.1")) {
            assertThat(context.isActive()).isTrue();
        }
        assertThat(output.getOut().lines().filter(line -> line.contains("Loaded policy bundle")))
                .isNotEmpty()
                .allSatisfy(line -> assertThat(line).doesNotStartWith("{"));
    }
}
