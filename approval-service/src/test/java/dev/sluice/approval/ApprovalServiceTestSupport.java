package dev.sluice.approval;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs the real service on a random loopback port against an embedded PostgreSQL (zonky) and a {@link TestIssuer}
 * standing in for identity-adapter (API tokens and the UI's sign-in). Audit publishing is off: no broker is
 * needed for what these tests check. Subclasses share one Spring context.
 */
@SpringBootTest(
        classes = ApprovalServiceApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.config.name=" + ApprovalServiceApplication.CONFIG_NAME,
            "server.address=127.0.0.1",
            "sluice.approval.audit.enabled=false",
            "sluice.approval.proxy-key=" + ApprovalServiceTestSupport.PROXY_KEY
        })
public abstract class ApprovalServiceTestSupport {

    protected static final String PROXY_KEY = "test-proxy-key-0123456789";
    protected static final JsonMapper JSON = JsonMapper.builder().build();
    protected static final TestIssuer ISSUER = new TestIssuer();
    private static final EmbeddedPostgres POSTGRES = startPostgres();
    protected static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Value("${local.server.port}")
    private int port;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            ISSUER.close();
            try {
                POSTGRES.close();
            } catch (IOException e) {
                // the JVM is exiting; the data directory is temporary
            }
        }, "test-infrastructure-shutdown"));
    }

    private static EmbeddedPostgres startPostgres() {
        try {
            return EmbeddedPostgres.builder().setServerConfig("listen_addresses", "127.0.0.1").start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url",
                () -> "jdbc:postgresql://127.0.0.1:" + POSTGRES.getPort() + "/postgres");
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("sluice.approval.security.jwks-uri", ISSUER::jwksUri);
        registry.add("sluice.approval.security.issuer", ISSUER::issuer);
        String provider = "spring.security.oauth2.client.provider.sluice.";
        registry.add(provider + "authorization-uri", () -> ISSUER.issuer() + "/authorize");
        registry.add(provider + "token-uri", () -> ISSUER.issuer() + "/token");
        registry.add(provider + "jwk-set-uri", ISSUER::jwksUri);
        registry.add("spring.security.oauth2.client.registration.sluice.client-secret", () -> TestIssuer.CLIENT_SECRET);
    }

    /** The running service's base URL. */
    protected String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** A request to the running service; {@code authorization} is the whole header value, or null. */
    protected HttpResponse<String> call(String method, String path, String authorization, String jsonBody) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, jsonBody == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(jsonBody));
        if (jsonBody != null) {
            request.header("Content-Type", "application/json");
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    protected static String bearer(String token) {
        return "Bearer " + token;
    }

    protected static String proxy() {
        return "SluiceProxy " + PROXY_KEY;
    }

    /** The JSON body of the gateway's create call for {@code statement} held for {@code requester}. */
    protected static String createBody(String requester, String kind, String connection, String statement,
            int minApprovals, long timeoutSeconds) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("requester", Map.of("subject", requester, "kind", kind, "groups", List.of("dba")));
        body.put("connection", connection);
        body.put("sessionId", "session-" + UUID.randomUUID());
        body.put("statement", statement);
        body.put("statementKind", "Query");
        body.put("bindingHash", bindingHash(statement));
        body.put("reason", "DDL on demo needs one approval from approvers");
        body.put("ruleId", "dba-ddl-needs-approval");
        body.put("policyVersion", "v7");
        body.put("approval", Map.of("reviewers", List.of("approvers"), "minApprovals", minApprovals,
                "timeoutSeconds", timeoutSeconds));
        return JSON.writeValueAsString(body);
    }

    /** A pending request created by the gateway, as the API returned it. */
    protected JsonNode createPending(String requester, String statement) {
        return createPending(requester, "human", "demo", statement);
    }

    protected JsonNode createPending(String requester, String kind, String connection, String statement) {
        HttpResponse<String> created = call("POST", "/v1/approvals", proxy(),
                createBody(requester, kind, connection, statement, 1, 600));
        if (created.statusCode() != 201) {
            throw new AssertionError("create failed: " + created.statusCode() + " " + created.body());
        }
        return JSON.readTree(created.body());
    }

    /** The test's stand-in for the gateway's binding hash. */
    protected static String bindingHash(String statement) {
        try {
            return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(statement.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    protected static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }
}
