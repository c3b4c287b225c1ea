package dev.sluice.approval.grants;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import dev.sluice.approval.ApprovalServiceApplication;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The grants API over HTTP with real bearer tokens (RS256, verified against a JWK set served on loopback): JSON
 * errors for bad input and forbidden callers, and the service-key long-poll feed policy-service reads.
 */
class GrantApiTest {
    private static final String ISSUER = "http://127.0.0.1/test-issuer";
    private static final String FEED_KEY = "feed-key-for-tests";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static EmbeddedPostgres postgres;
    private static HttpServer jwks;
    private static RSAKey key;
    private static ConfigurableApplicationContext context;
    private static String base;

    @BeforeAll
    static void start() throws Exception {
        postgres = EmbeddedPostgres.start();
        key = new RSAKeyGenerator(2048).keyID("test").generate();
        byte[] keys = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        jwks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        jwks.createContext("/jwks.json", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, keys.length);
            exchange.getResponseBody().write(keys);
            exchange.close();
        });
        jwks.start();
        context = ApprovalServiceApplication.builder().run("--server.port=0", "--server.address=127.0.0.1",
                "--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
                "--spring.datasource.username=postgres", "--spring.datasource.password=",
                "--sluice.approval.audit.enabled=false",
                "--sluice.approval.security.jwks-uri=http://127.0.0.1:" + jwks.getAddress().getPort() + "/jwks.json",
                "--sluice.approval.security.issuer=" + ISSUER,
                "--sluice.approval.grants.feed-key=" + FEED_KEY,
                "--sluice.approval.grants.requestable[0].group=dba",
                "--sluice.approval.grants.requestable[0].connections=demo",
                "--sluice.approval.grants.requestable[0].requesters=analysts",
                "--sluice.approval.grants.requestable[0].max-duration=8h",
                "--sluice.approval.grants.requestable[0].reviewers=approvers");
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        base = "http://127.0.0.1:" + port;
    }

    @AfterAll
    static void stop() throws Exception {
        context.close();
        jwks.stop(0);
        postgres.close();
    }

    @Test
    void requestApproveAndRevokeOverHttpWithTheFeedFollowing() throws Exception {
        JsonNode initial = JSON.readTree(feed(null, null).body());
        String epoch = initial.get("epoch").asString();
        CompletableFuture<HttpResponse<String>> waiting = HTTP.sendAsync(feedRequest(epoch, "20s"),
                HttpResponse.BodyHandlers.ofString());

        HttpResponse<String> created = call("POST", "/v1/grants", token("bob", "analysts"),
                "{\"connection\":\"demo\",\"group\":\"dba\",\"duration\":\"PT2H\",\"justification\":\"fix order 1\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode grant = JSON.readTree(created.body());
        String id = grant.get("id").asString();
        assertThat(grant.get("requester").asString()).isEqualTo("bob");
        assertThat(grant.get("duration").asString()).isEqualTo("PT2H");

        // the long-poll returns at the request's commit, long before its 20 s
        HttpResponse<String> woken = waiting.get(10, TimeUnit.SECONDS);
        assertThat(woken.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(woken.body()).get("epoch").asString()).isNotEqualTo(epoch);

        HttpResponse<String> self = call("POST", "/v1/grants/" + id + "/decision", token("bob", "analysts", "approvers"),
                "{\"decision\":\"approve\"}");
        assertThat(self.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(self.body()).get("error").asString()).isEqualTo("self_approval");

        HttpResponse<String> approved = call("POST", "/v1/grants/" + id + "/decision", token("carol", "approvers"),
                "{\"decision\":\"approve\",\"comment\":\"ok\"}");
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
        assertThat(JSON.readTree(approved.body()).get("state").asString()).isEqualTo("ACTIVE");
        JsonNode active = JSON.readTree(feed(null, null).body()).get("grants");
        assertThat(active).hasSize(1);
        assertThat(active.get(0).get("id").asString()).isEqualTo(id);
        assertThat(active.get(0).get("subject").asString()).isEqualTo("bob");
        assertThat(Instant.parse(active.get(0).get("expiresAt").asString()))
                .isAfter(Instant.now().plus(Duration.ofMinutes(119)));

        HttpResponse<String> listed = call("GET", "/v1/grants?state=active", token("carol", "approvers"), null);
        assertThat(JSON.readTree(listed.body()).get("grants")).hasSize(1);
        assertThat(call("GET", "/v1/grants/" + id, token("mallory", "sales"), null).statusCode()).isEqualTo(403);

        HttpResponse<String> revoked = call("POST", "/v1/grants/" + id + "/revoke", token("carol", "approvers"),
                "{\"comment\":\"done\"}");
        assertThat(JSON.readTree(revoked.body()).get("state").asString()).isEqualTo("REVOKED");
        assertThat(JSON.readTree(feed(null, null).body()).get("grants")).isEmpty();
    }

    @Test
    void badInputAndUnauthorizedCallersGetJsonErrors() throws Exception {
        String bob = token("bob", "analysts");
        assertError(call("POST", "/v1/grants", bob,
                "{\"connection\":\"demo\",\"group\":\"dba\",\"duration\":\"PT9H\",\"justification\":\"x\"}"), 400, "bad_request");
        assertError(call("POST", "/v1/grants", bob,
                "{\"connection\":\"demo\",\"group\":\"dba\",\"duration\":\"soon\",\"justification\":\"x\"}"), 400, "bad_request");
        assertError(call("POST", "/v1/grants", bob,
                "{\"connection\":\"demo\",\"group\":\"dba\",\"duration\":\"PT1H\"}"), 400, "bad_request");
        assertError(call("POST", "/v1/grants", bob, "{not json"), 400, "bad_request");
        assertError(call("POST", "/v1/grants", bob,
                "{\"connection\":\"prod\",\"group\":\"dba\",\"duration\":\"PT1H\",\"justification\":\"x\"}"), 403, "not_requestable");
        assertError(call("POST", "/v1/grants", token("mallory", "sales"),
                "{\"connection\":\"demo\",\"group\":\"dba\",\"duration\":\"PT1H\",\"justification\":\"x\"}"), 403, "not_requestable");
        assertError(call("GET", "/v1/grants/not-a-uuid", bob, null), 404, "not_found");
        assertError(call("GET", "/v1/grants", null, null), 401, "unauthorized");
        // a person's token does not read the feed; a wrong service key is refused
        assertError(call("GET", "/v1/grants/feed", bob, null), 403, "forbidden");
        HttpResponse<String> wrongKey = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/v1/grants/feed"))
                .header("Authorization", "SluiceService wrong").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertError(wrongKey, 401, "unauthorized");
        assertThat(wrongKey.body()).doesNotContain(FEED_KEY);
        // the feed key reads grants only: the approvals API refuses it with a JSON 403, not a server error
        HttpResponse<String> feedKeyOnApprovals = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/v1/approvals"))
                .header("Authorization", "SluiceService " + FEED_KEY).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertError(feedKeyOnApprovals, 403, "wrong_credential");
    }

    private static void assertError(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).contains("json"));
        assertThat(JSON.readTree(response.body()).get("error").asString()).isEqualTo(code);
    }

    private static HttpResponse<String> feed(String after, String wait) throws Exception {
        return HTTP.send(feedRequest(after, wait), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest feedRequest(String after, String wait) {
        String query = after == null ? "" : "?after=" + after + "&wait=" + wait;
        return HttpRequest.newBuilder(URI.create(base + "/v1/grants/feed" + query))
                .header("Authorization", "SluiceService " + FEED_KEY).GET().build();
    }

    private static HttpResponse<String> call(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String token(String subject, String... groups) throws Exception {
        Instant now = Instant.now();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
                new JWTClaimsSet.Builder().issuer(ISSUER).subject(subject).audience("sluice")
                        .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(600)))
                        .claim("groups", List.of(groups)).claim("kind", "human").build());
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }
}
