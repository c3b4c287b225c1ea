package dev.sluice.identity.revocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The admin API (revocation, key rotation) and the revocation list services pull, over real HTTP. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=identity-adapter", "server.address=127.0.0.1", "sluice.identity.dev.enabled=true",
            "sluice.identity.admin-groups=dba",
            "sluice.identity.service-clients.ci-bot.secret=ci-secret",
            "sluice.identity.service-clients.ci-bot.groups=agents",
            "sluice.identity.service-clients.ci-bot.team=platform"})
class AdminApiTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private String devToken(String subject) throws Exception {
        return JSON.readTree(http.send(HttpRequest.newBuilder(uri("/dev/tokens/" + subject)).build(),
                HttpResponse.BodyHandlers.ofString()).body()).get("access_token").asString();
    }

    private HttpResponse<String> revoke(String bearer, String type, String value) throws Exception {
        return http.send(HttpRequest.newBuilder(uri("/admin/revocations")).header("Authorization", "Bearer " + bearer)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"" + type + "\",\"value\":\"" + value + "\",\"reason\":\"test\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> clientCredentials() throws Exception {
        return http.send(HttpRequest.newBuilder(uri("/oauth2/token"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("ci-bot:ci-secret".getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode list() throws Exception {
        return JSON.readTree(http.send(HttpRequest.newBuilder(uri("/v1/revocations")).build(), HttpResponse.BodyHandlers.ofString()).body());
    }

    @Test
    void onlyAdminGroupsMayRevokeAndNeverWithoutAToken() throws Exception {
        assertThat(revoke(devToken("bob"), "subject", "carol").statusCode()).isEqualTo(403);
        assertThat(revoke("not-a-token", "subject", "carol").statusCode()).isEqualTo(401);
        assertThat(http.send(HttpRequest.newBuilder(uri("/admin/revocations")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
    }

    @Test
    void aRevokedServiceGetsNoNewTokensUntilLiftedAndIsListed() throws Exception {
        String admin = devToken("alice");
        long versionBefore = list().get("version").asLong();
        assertThat(clientCredentials().statusCode()).isEqualTo(200);

        assertThat(revoke(admin, "service", "ci-bot").statusCode()).isEqualTo(201);

        assertThat(clientCredentials().statusCode()).isEqualTo(401);
        assertThat(http.send(HttpRequest.newBuilder(uri("/dev/tokens/ci-bot")).build(), HttpResponse.BodyHandlers.ofString()).statusCode())
                .isEqualTo(403);
        JsonNode listed = list();
        assertThat(listed.get("version").asLong()).isGreaterThan(versionBefore);
        assertThat(listed.get("revocations").toString()).contains("\"type\":\"service\"").contains("\"value\":\"ci-bot\"");

        var lift = http.send(HttpRequest.newBuilder(uri("/admin/revocations/service/ci-bot")).header("Authorization", "Bearer " + admin)
                .DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(lift.statusCode()).isEqualTo(204);
        assertThat(clientCredentials().statusCode()).isEqualTo(200);
    }

    @Test
    void aRevokedTokenNoLongerOpensTheAdminApi() throws Exception {
        String admin = devToken("alice");
        String jti = SignedJWT.parse(admin).getJWTClaimsSet().getJWTID();

        assertThat(revoke(admin, "token", jti).statusCode()).isEqualTo(201);

        assertThat(revoke(admin, "subject", "bob").statusCode()).isEqualTo(401);
        assertThat(list().get("revocations").toString()).contains(jti);
    }

    @Test
    void keyRotationKeepsOldTokensVerifyingUntilTheOldKeyIsRetired() throws Exception {
        String admin = devToken("alice");
        String before = devToken("bob");
        String oldKid = SignedJWT.parse(before).getHeader().getKeyID();

        var rotated = http.send(HttpRequest.newBuilder(uri("/admin/keys/rotate")).header("Authorization", "Bearer " + admin)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(200);
        String after = devToken("bob");
        String newKid = SignedJWT.parse(after).getHeader().getKeyID();
        assertThat(newKid).isNotEqualTo(oldKid);
        assertThat(verifier().verify(before).getSubject()).isEqualTo("bob");
        assertThat(verifier().verify(after).getSubject()).isEqualTo("bob");

        var retireCurrent = http.send(HttpRequest.newBuilder(uri("/admin/keys/" + newKid)).header("Authorization", "Bearer " + admin)
                .DELETE().build(), HttpResponse.BodyHandlers.ofString());
        var retireOld = http.send(HttpRequest.newBuilder(uri("/admin/keys/" + oldKid)).header("Authorization", "Bearer " + devToken("alice"))
                .DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(retireCurrent.statusCode()).isEqualTo(409);
        assertThat(retireOld.statusCode()).as(retireOld.body()).isEqualTo(200);
        assertThatExceptionOfType(Exception.class).isThrownBy(() -> verifier().verify(before));
        assertThat(verifier().verify(after).getSubject()).isEqualTo("bob");
    }

    private dev.sluice.identity.TokenVerifier verifier() throws Exception {
        String jwks = http.send(HttpRequest.newBuilder(uri("/.well-known/jwks.json")).build(), HttpResponse.BodyHandlers.ofString()).body();
        return new dev.sluice.identity.TokenVerifier(com.nimbusds.jose.jwk.JWKSet.parse(jwks), "http://127.0.0.1:8083");
    }
}
