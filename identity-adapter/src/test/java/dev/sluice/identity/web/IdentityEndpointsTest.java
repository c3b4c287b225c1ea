package dev.sluice.identity.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.sluice.contracts.identity.IdentityKind;
import dev.sluice.identity.TokenVerifier;
import dev.sluice.identity.config.IdentityProperties;
import dev.sluice.identity.issuer.TokenIssuer;
import dev.sluice.identity.issuer.TokenRequest;
import dev.sluice.identity.keys.SigningKeys;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The adapter over real HTTP with dev mode on and the demo users of identity-adapter.yaml. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=identity-adapter", "server.address=127.0.0.1", "sluice.identity.dev.enabled=true"})
class IdentityEndpointsTest {

    private static final String ISSUER = "http://127.0.0.1:8083";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    SigningKeys signingKeys;

    @Autowired
    IdentityProperties properties;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private JWKSet servedJwks() throws Exception {
        HttpResponse<String> response = get("/.well-known/jwks.json");
        assertThat(response.statusCode()).isEqualTo(200);
        return JWKSet.parse(response.body());
    }

    private TokenVerifier verifier() throws Exception {
        return new TokenVerifier(servedJwks(), ISSUER);
    }

    private String devToken(String subject) throws Exception {
        HttpResponse<String> response = get("/dev/tokens/" + subject);
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body()).get("access_token").asString();
    }

    @Test
    void servesThePublicSigningKeyAtBothJwksPaths() throws Exception {
        HttpResponse<String> canonical = get("/.well-known/jwks.json");
        HttpResponse<String> alias = get("/oauth2/jwks");

        assertThat(canonical.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        assertThat(JWKSet.parse(alias.body()).toJSONObject()).isEqualTo(JWKSet.parse(canonical.body()).toJSONObject());
        JWKSet jwks = JWKSet.parse(canonical.body());
        assertThat(jwks.getKeys()).singleElement().satisfies(jwk -> {
            assertThat(jwk.isPrivate()).isFalse();
            assertThat(jwk.getKeyID()).isEqualTo(signingKeys.current().getKeyID());
            assertThat(jwk.toRSAKey().toRSAPublicKey()).isEqualTo(signingKeys.current().toRSAPublicKey());
        });
        assertThat(canonical.body()).doesNotContain("\"d\"");
    }

    @Test
    void publishesDiscoveryMetadataMatchingTheIssuer() throws Exception {
        HttpResponse<String> response = get("/.well-known/openid-configuration");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode metadata = JSON.readTree(response.body());
        assertThat(metadata.get("issuer").asString()).isEqualTo(ISSUER);
        assertThat(metadata.get("jwks_uri").asString()).isEqualTo(ISSUER + "/.well-known/jwks.json");
        assertThat(metadata.get("token_endpoint").asString()).isEqualTo(ISSUER + "/oauth2/token");
        assertThat(metadata.get("id_token_signing_alg_values_supported").get(0).asString()).isEqualTo("RS256");
        assertThat(metadata.get("grant_types_supported").isArray()).isTrue();
    }

    @Test
    void devEndpointReturnsAVerifiableHumanTokenForAlice() throws Exception {
        HttpResponse<String> response = get("/dev/tokens/alice");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("token_type").asString()).isEqualTo("Bearer");
        assertThat(body.get("expires_in").asLong()).isEqualTo(3600);
        JWTClaimsSet claims = verifier().verify(body.get("access_token").asString());
        assertThat(claims.getSubject()).isEqualTo("alice");
        assertThat(claims.getStringListClaim("groups")).containsExactly("dba");
        assertThat(claims.getStringClaim("kind")).isEqualTo("human");
    }

    @Test
    void devEndpointIssuesShortServiceTokensForCiBotWithItsTeam() throws Exception {
        HttpResponse<String> response = post("/dev/tokens/ci-bot");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("expires_in").asLong()).isPositive().isLessThanOrEqualTo(15 * 60);
        JWTClaimsSet claims = verifier().verify(body.get("access_token").asString());
        assertThat(claims.getStringClaim("kind")).isEqualTo("service");
        assertThat(claims.getStringClaim("team")).isEqualTo("platform");
        assertThat(claims.getStringListClaim("groups")).containsExactly("agents");
        assertThat(Duration.between(claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant()))
                .isLessThanOrEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void devEndpointHonoursARequestedTtlWithinTheKindsMaximum() throws Exception {
        HttpResponse<String> shorter = get("/dev/tokens/carol?ttl=PT5M");
        HttpResponse<String> tooLong = get("/dev/tokens/ci-bot?ttl=PT30M");
        HttpResponse<String> malformed = get("/dev/tokens/carol?ttl=5min");

        assertThat(JSON.readTree(shorter.body()).get("expires_in").asLong()).isEqualTo(300);
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(tooLong.body()).get("error").asString()).isEqualTo("invalid_request");
        assertThat(malformed.statusCode()).isEqualTo(400);
    }

    @Test
    void devEndpointRefusesToMintExpiredTokens() throws Exception {
        HttpResponse<String> response = get("/dev/tokens/alice?expired=true");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).doesNotContain("access_token");
    }

    @Test
    void unknownDevSubjectIsA404WithJsonError() throws Exception {
        HttpResponse<String> response = get("/dev/tokens/mallory");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("error").asString()).isEqualTo("unknown_subject");
        assertThat(body.get("message").asString()).contains("mallory");
    }

    @Test
    void tokenSignedByAnotherKeyFailsVerification() throws Exception {
        // Same kid as the real key, so only the signature check can catch it.
        RSAKey impostor = new RSAKeyGenerator(2048).keyID(signingKeys.current().getKeyID()).generate();
        SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(impostor.getKeyID()).type(JOSEObjectType.JWT).build(),
                validClaims().build());
        forged.sign(new RSASSASigner(impostor));

        assertThatExceptionOfType(BadJOSEException.class).isThrownBy(() -> verifier().verify(forged.serialize()))
                .withMessageContaining("signature");
    }

    @Test
    void tokensWithAlgorithmsOutsideTheAllowListFailVerification() throws Exception {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        SignedJWT hmac = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(signingKeys.current().getKeyID()).build(),
                validClaims().build());
        hmac.sign(new MACSigner(secret));
        String unsigned = new PlainJWT(validClaims().build()).serialize();
        TokenVerifier verifier = verifier();

        assertThatExceptionOfType(BadJOSEException.class).isThrownBy(() -> verifier.verify(hmac.serialize()));
        assertThatExceptionOfType(BadJOSEException.class).isThrownBy(() -> verifier.verify(unsigned));
    }

    @Test
    void expiredTokensFailVerification() throws Exception {
        Instant twoHoursAgo = Instant.now().minus(Duration.ofHours(2));
        TokenIssuer past = new TokenIssuer(properties, signingKeys, Clock.fixed(twoHoursAgo, ZoneOffset.UTC));
        String expired = past.issue(TokenRequest.of("alice", List.of("dba"), IdentityKind.HUMAN)).value();

        assertThatExceptionOfType(BadJOSEException.class).isThrownBy(() -> verifier().verify(expired))
                .withMessageContaining("Expired");
    }

    @Test
    void tokensForAnotherAudienceOrIssuerFailVerification() throws Exception {
        String token = devToken("bob");
        RSAKey key = signingKeys.current();
        SignedJWT otherAudience = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(),
                validClaims().audience("grafana").build());
        otherAudience.sign(new RSASSASigner(key));

        assertThat(verifier().verify(token).getSubject()).isEqualTo("bob");
        assertThatExceptionOfType(BadJOSEException.class).isThrownBy(() -> verifier().verify(otherAudience.serialize()))
                .withMessageContaining("aud");
        assertThatExceptionOfType(BadJOSEException.class)
                .isThrownBy(() -> new TokenVerifier(servedJwks(), "https://other-issuer.example").verify(token))
                .withMessageContaining("iss");
    }

    private static JWTClaimsSet.Builder validClaims() {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().issuer(ISSUER).subject("alice").audience("sluice")
                .issueTime(Date.from(now)).notBeforeTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(600)))
                .jwtID("forged").claim("groups", List.of("dba")).claim("kind", "human");
    }
}
