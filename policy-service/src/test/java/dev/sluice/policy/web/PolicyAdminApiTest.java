package dev.sluice.policy.web;

import dev.sluice.policy.testing.TestProxyKey;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Validation, explanation, status and schema endpoints over a real server on loopback (demo bundle). */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=policy-service", "server.address=127.0.0.1", TestProxyKey.PROPERTY})
class PolicyAdminApiTest {

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final JsonMapper json = JsonMapper.builder().build();

    private HttpResponse<String> post(String path, String contentType, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).header("Authorization", TestProxyKey.HEADER).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).header("Authorization", TestProxyKey.HEADER).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void validatesAMapOfFilesAndReportsEveryBrokenFileWithItsLine() throws Exception {
        String body = json.writeValueAsString(java.util.Map.of(
                "a.yaml", "rules:\n  - id: ok\n    effect: ALLOW\n",
                "b.yaml", "rules:\n  - id: x\n    effect: MAYBE\n",
                "c.yaml", "tests:\n  - name: t\n    identity: {subject: bob}\n    connection: demo\n    command: connect\n    expect: PERHAPS\n"));
        HttpResponse<String> response = post("/v1/policies/validate", "application/json", body);
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode result = json.readTree(response.body());
        assertThat(result.path("valid").asBoolean()).isFalse();
        assertThat(result.path("errors")).hasSize(2);
        assertThat(result.path("errors").get(0).path("file").asString()).isEqualTo("b.yaml");
        assertThat(result.path("errors").get(0).path("line").asInt()).isEqualTo(3);
        assertThat(result.path("errors").get(0).path("message").asString()).startsWith("effect must be ALLOW, DENY or REQUIRE_APPROVAL");
        assertThat(result.path("errors").get(1).path("file").asString()).isEqualTo("c.yaml");
    }

    @Test
    void validatesASingleYamlDocument() throws Exception {
        JsonNode good = json.readTree(post("/v1/policies/validate", "application/yaml", "rules:\n  - id: ok\n    effect: DENY\n").body());
        assertThat(good.path("valid").asBoolean()).isTrue();
        assertThat(good.path("errors")).isEmpty();

        JsonNode duplicate = json.readTree(post("/v1/policies/validate", "application/yaml",
                "rules:\n  - id: same\n    effect: DENY\n  - id: same\n    effect: ALLOW\n").body());
        assertThat(duplicate.path("valid").asBoolean()).isFalse();
        assertThat(duplicate.path("errors").get(0).path("line").asInt()).isEqualTo(4);
        assertThat(duplicate.path("errors").get(0).path("message").asString()).contains("duplicate rule id 'same'");
    }

    @Test
    void explainsEveryRuleForEveryStatement() throws Exception {
        String request = """
                {"sessionId":"s-1","identity":{"subject":"bob","groups":["analysts"],"kind":"human"},
                 "connection":{"name":"demo","protocol":"postgres","tags":{}},
                 "command":{"type":"query","text":"SELECT 1; DELETE FROM orders","attributes":{}},"clientAddress":"127.0.0.1"}
                """;
        JsonNode answer = json.readTree(post("/v1/decisions?explain=true", "application/json", request).body());
        assertThat(answer.path("effect").asString()).isEqualTo("DENY");
        assertThat(answer.path("ruleId").asString()).isEqualTo("no-unbounded-writes");
        JsonNode statements = answer.path("explanation");
        assertThat(statements).hasSize(2);
        assertThat(statements.get(1).path("statementType").asString()).isEqualTo("DELETE");
        JsonNode second = statements.get(1).path("rules");
        assertThat(second).hasSize(answer.path("explanation").get(0).path("rules").size());
        JsonNode readersRead = find(second, "readers-read");
        assertThat(readersRead.path("matched").asBoolean()).isFalse();
        assertThat(readersRead.path("why").asString()).isEqualTo("classes: statement is write");
        assertThat(find(second, "no-unbounded-writes").path("matched").asBoolean()).isTrue();
        JsonNode dba = find(statements.get(0).path("rules"), "dba-full-access");
        assertThat(dba.path("why").asString()).startsWith("groups: identity is in none of [dba]");
        assertThat(find(statements.get(0).path("rules"), "readers-read").path("matched").asBoolean()).isTrue();

        JsonNode plain = json.readTree(post("/v1/decisions", "application/json", request).body());
        assertThat(plain.has("explanation")).isFalse();
        assertThat(plain.path("ruleId").asString()).isEqualTo("no-unbounded-writes");
    }

    private static JsonNode find(JsonNode rules, String id) {
        for (JsonNode rule : rules) {
            if (rule.path("ruleId").asString().equals(id)) {
                return rule;
            }
        }
        throw new AssertionError("no rule " + id + " in " + rules);
    }

    @Test
    void reportsTheBundleInForceAndServesTheSchema() throws Exception {
        JsonNode status = json.readTree(get("/v1/policies").body());
        assertThat(status.path("files").toString()).contains("10-dba.yaml");
        assertThat(status.path("rules").asInt()).isPositive();
        assertThat(status.path("tests").asInt()).isPositive();
        assertThat(status.path("loadedAt").asString()).isNotBlank();
        assertThat(status.path("lastRejectedReload").isNull()).isTrue();

        HttpResponse<String> schema = get("/v1/policies/schema");
        assertThat(schema.statusCode()).isEqualTo(200);
        assertThat(json.readTree(schema.body()).path("$defs").path("match").path("properties").has("dangers")).isTrue();
    }
}
