package dev.sluice.identity.federation;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import dev.sluice.identity.TokenVerifier;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Over real HTTP: an external issuer's token exchanged for a Sluice token (RFC 8693), and a service identity
 * that proves itself with a private-key JWT (RFC 7523) instead of a secret.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=identity-adapter", "server.address=127.0.0.1",
            "sluice.identity.federation.issuers.corp.audiences=sluice-gateway",
            "sluice.identity.federation.issuers.corp.groups-claim=realm_access.roles",
            "sluice.identity.federation.issuers.corp.group-prefix=sluice-",
            "sluice.identity.federation.issuers.corp.subject-prefix=corp:",
            "sluice.identity.federation.issuers.ci.audiences=sluice",
            "sluice.identity.federation.issuers.ci.groups-claim=job_groups",
            "sluice.identity.federation.issuers.ci.kind=service",
            "sluice.identity.federation.issuers.ci.team=release",
            "sluice.identity.service-clients.deploy-bot.groups=agents",
            "sluice.identity.service-clients.deploy-bot.team=release"})
class TokenExchangeTest {

    private static final String ISSUER = "http://127.0.0.1:8083";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final ExternalIssuer CORP = start();
    private static final ExternalIssuer CI = start();
    private static final RSAKey DEPLOY_BOT_KEY = key();
    private static final HttpServer CLIENT_KEYS = clientKeys();

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    private static ExternalIssuer start() {
        try {
            return new ExternalIssuer();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static RSAKey key() {
        try {
            return ExternalIssuer.newKey();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Where deploy-bot publishes its public key, as a CI system would. */
    private static HttpServer clientKeys() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/deploy-bot/jwks.json", exchange -> {
                byte[] body = new JWKSet(DEPLOY_BOT_KEY.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
            return server;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @DynamicPropertySource
    static void issuers(DynamicPropertyRegistry registry) {
        registry.add("sluice.identity.federation.issuers.corp.issuer", CORP::issuer);
        registry.add("sluice.identity.federation.issuers.ci.issuer", CI::issuer);
        registry.add("sluice.identity.federation.issuers.ci.jwks-uri", () -> CI.issuer() + "/keys");
        registry.add("sluice.identity.service-clients.deploy-bot.jwk-set-uri",
                () -> "http://127.0.0.1:" + CLIENT_KEYS.getAddress().getPort() + "/deploy-bot/jwks.json");
    }

    @AfterAll
    static void stopServers() {
        CORP.close();
        CI.close();
        CLIENT_KEYS.stop(0);
    }

    private HttpResponse<String> tokenEndpoint(Map<String, String> params) throws Exception {
        StringBuilder form = new StringBuilder();
        params.forEach((k, v) -> form.append(form.isEmpty() ? "" : "&").append(k).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/oauth2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form.toString())).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> exchange(String subjectToken) throws Exception {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("grant_type", "urn:ietf:params:oauth:grant-type:token-exchange");
        params.put("subject_token", subjectToken);
        params.put("subject_token_type", "urn:ietf:params:oauth:token-type:id_token");
        return tokenEndpoint(params);
    }

    private TokenVerifier verifier() throws Exception {
        HttpResponse<String> jwks = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/.well-known/jwks.json")).build(),
                HttpResponse.BodyHandlers.ofString());
        return new TokenVerifier(JWKSet.parse(jwks.body()), ISSUER);
    }

    @Test
    void exchangesAnExternalIdTokenForAnHourLongSluiceToken() throws Exception {
        String idToken = CORP.sign(CORP.claims("alice")
                .claim("realm_access", Map.of("roles", List.of("sluice-dba", "uma_authorization"))).build());

        HttpResponse<String> response = exchange(idToken);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("issued_token_type").asString()).isEqualTo("urn:ietf:params:oauth:token-type:access_token");
        JWTClaimsSet claims = verifier().verify(body.get("access_token").asString());
        assertThat(claims.getSubject()).isEqualTo("corp:alice");
        assertThat(claims.getStringListClaim("groups")).containsExactly("dba");
        assertThat(claims.getStringClaim("kind")).isEqualTo("human");
        assertThat(Duration.between(claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant()))
                .isLessThanOrEqualTo(Duration.ofHours(1));
    }

    @Test
    void exchangesACiJobTokenForAServiceTokenOfAtMostFifteenMinutes() throws Exception {
        String jobToken = CI.sign(CI.claims("repo:shop/api:ref:main").audience("sluice").claim("job_groups", "agents").build());

        HttpResponse<String> response = exchange(jobToken);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JWTClaimsSet claims = verifier().verify(JSON.readTree(response.body()).get("access_token").asString());
        assertThat(claims.getStringClaim("kind")).isEqualTo("service");
        assertThat(claims.getStringClaim("team")).isEqualTo("release");
        assertThat(claims.getStringListClaim("groups")).containsExactly("agents");
        assertThat(Duration.between(claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant()))
                .isLessThanOrEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void refusesAnExternalTokenForAnotherAudienceWithInvalidRequest() throws Exception {
        HttpResponse<String> response = exchange(CORP.sign(CORP.claims("alice").audience("grafana").build()));

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("error").asString()).isEqualTo("invalid_request");
        assertThat(body.get("error_description").asString()).contains("audience");
        assertThat(response.body()).doesNotContain("access_token");
    }

    @Test
    void aTokenOfAnUntrustedIssuerGetsNoSluiceToken() throws Exception {
        try (ExternalIssuer stranger = new ExternalIssuer()) {
            HttpResponse<String> response = exchange(stranger.sign(stranger.claims("mallory").build()));

            assertThat(response.statusCode()).isBetween(400, 401);
            assertThat(response.body()).doesNotContain("access_token");
        }
    }

    @Test
    void aServiceProvesItselfWithAPrivateKeyJwtAndGetsAServiceToken() throws Exception {
        Instant now = Instant.now();
        JWTClaimsSet assertion = new JWTClaimsSet.Builder().issuer("deploy-bot").subject("deploy-bot")
                .audience(ISSUER + "/oauth2/token").issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(60)))
                .jwtID(UUID.randomUUID().toString()).build();
        SignedJWT signed = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(DEPLOY_BOT_KEY.getKeyID()).build(), assertion);
        signed.sign(new RSASSASigner(DEPLOY_BOT_KEY));
        Map<String, String> params = new LinkedHashMap<>();
        params.put("grant_type", "client_credentials");
        params.put("client_id", "deploy-bot");
        params.put("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
        params.put("client_assertion", signed.serialize());

        HttpResponse<String> response = tokenEndpoint(params);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JWTClaimsSet claims = verifier().verify(JSON.readTree(response.body()).get("access_token").asString());
        assertThat(claims.getSubject()).isEqualTo("deploy-bot");
        assertThat(claims.getStringClaim("kind")).isEqualTo("service");
        assertThat(claims.getStringClaim("team")).isEqualTo("release");
        assertThat(Duration.between(claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant()))
                .isLessThanOrEqualTo(Duration.ofMinutes(15));

        SignedJWT byAnotherKey = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(DEPLOY_BOT_KEY.getKeyID()).build(),
                new JWTClaimsSet.Builder(assertion).jwtID(UUID.randomUUID().toString()).build());
        byAnotherKey.sign(new RSASSASigner(ExternalIssuer.newKey()));
        params.put("client_assertion", byAnotherKey.serialize());
        HttpResponse<String> forged = tokenEndpoint(params);
        assertThat(forged.statusCode()).isEqualTo(401);
        assertThat(forged.body()).doesNotContain("access_token");
    }
}
