package dev.sluice.identity.authserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.sluice.identity.TokenVerifier;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The dev issuer as a real OpenID Provider: a browser-like client logs in at the form, the reviewer UI's
 * registration exchanges the code (with PKCE) and gets tokens that verify like every other Sluice token.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=identity-adapter", "server.address=127.0.0.1", "sluice.identity.dev.enabled=true",
            "sluice.identity.clients.sluice-approval-ui.secret=dev-secret",
            "sluice.identity.clients.sluice-cli.redirect-uris=http://127.0.0.1:1/unused",
            "sluice.identity.service-clients.ci-bot.secret=ci-secret",
            "sluice.identity.service-clients.ci-bot.groups=agents",
            "sluice.identity.service-clients.ci-bot.team=platform"})
class AuthorizationCodeFlowTest {

    private static final String ISSUER = "http://127.0.0.1:8083";
    private static final OidcFlows FLOWS = newFlows();

    @LocalServerPort
    int port;

    private static OidcFlows newFlows() {
        try {
            return new OidcFlows();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @DynamicPropertySource
    static void redirectUris(DynamicPropertyRegistry registry) {
        registry.add("sluice.identity.clients.sluice-approval-ui.redirect-uris", FLOWS::redirectUri);
    }

    @AfterAll
    static void stopCallback() {
        FLOWS.close();
    }

    private String base() {
        return "http://127.0.0.1:" + port;
    }

    private TokenVerifier verifier() throws Exception {
        HttpResponse<String> jwks = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(base() + "/.well-known/jwks.json")).build(), HttpResponse.BodyHandlers.ofString());
        return new TokenVerifier(JWKSet.parse(jwks.body()), ISSUER);
    }

    @Test
    void aliceLogsInWithPkceAndTheUiGetsVerifiableTokens() throws Exception {
        String verifier = OidcFlows.newVerifier();
        String query = FLOWS.authorize(OidcFlows.browser(), base(), "sluice-approval-ui", OidcFlows.challenge(verifier), "alice", "demo");

        assertThat(query).isNotNull();
        assertThat(OidcFlows.param(query, "state")).isEqualTo("state-123");
        HttpResponse<String> response = OidcFlows.token(base(), "sluice-approval-ui", "dev-secret", Map.of(
                "grant_type", "authorization_code", "code", OidcFlows.param(query, "code"),
                "redirect_uri", FLOWS.redirectUri(), "code_verifier", verifier));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = OidcFlows.json(response);
        JWTClaimsSet access = verifier().verify(body.get("access_token").asString());
        assertThat(access.getSubject()).isEqualTo("alice");
        assertThat(access.getAudience()).containsExactly("sluice");
        assertThat(access.getStringListClaim("groups")).containsExactly("dba");
        assertThat(access.getStringClaim("kind")).isEqualTo("human");
        assertThat(Duration.between(access.getIssueTime().toInstant(), access.getExpirationTime().toInstant()))
                .isLessThanOrEqualTo(Duration.ofHours(1));

        JWTClaimsSet id = SignedJWT.parse(body.get("id_token").asString()).getJWTClaimsSet();
        assertThat(id.getIssuer()).isEqualTo(ISSUER);
        assertThat(id.getAudience()).containsExactly("sluice-approval-ui");
        assertThat(id.getStringClaim("nonce")).isEqualTo("nonce-456");
        assertThat(id.getStringListClaim("groups")).containsExactly("dba");
        assertThat(body.get("refresh_token").asString()).isNotBlank();
    }

    @Test
    void codeIsRefusedWithAWrongPkceVerifierOrAWrongClientSecret() throws Exception {
        String verifier = OidcFlows.newVerifier();
        String query = FLOWS.authorize(OidcFlows.browser(), base(), "sluice-approval-ui", OidcFlows.challenge(verifier), "carol", "demo");
        String code = OidcFlows.param(query, "code");

        HttpResponse<String> badSecret = OidcFlows.token(base(), "sluice-approval-ui", "not-the-secret", Map.of(
                "grant_type", "authorization_code", "code", code, "redirect_uri", FLOWS.redirectUri(), "code_verifier", verifier));
        HttpResponse<String> badVerifier = OidcFlows.token(base(), "sluice-approval-ui", "dev-secret", Map.of(
                "grant_type", "authorization_code", "code", code, "redirect_uri", FLOWS.redirectUri(),
                "code_verifier", OidcFlows.newVerifier()));

        assertThat(badSecret.statusCode()).isEqualTo(401);
        assertThat(OidcFlows.json(badSecret).get("error").asString()).isEqualTo("invalid_client");
        assertThat(badVerifier.statusCode()).isEqualTo(400);
        assertThat(OidcFlows.json(badVerifier).get("error").asString()).isEqualTo("invalid_grant");
    }

    @Test
    void wrongPasswordNeverReachesTheClient() throws Exception {
        String query = FLOWS.authorize(OidcFlows.browser(), base(), "sluice-approval-ui", null, "bob", "wrong");

        assertThat(query).isNull();
    }

    @Test
    void serviceIdentitiesCannotLogInAtTheForm() throws Exception {
        String query = FLOWS.authorize(OidcFlows.browser(), base(), "sluice-approval-ui", null, "ci-bot", "demo");

        assertThat(query).isNull();
    }

    @Test
    void discoveryNamesTheAuthorizationServerEndpointsAndTheCanonicalJwks() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(base() + "/.well-known/openid-configuration")).build(), HttpResponse.BodyHandlers.ofString());

        JsonNode metadata = OidcFlows.json(response);
        assertThat(metadata.get("issuer").asString()).isEqualTo(ISSUER);
        assertThat(metadata.get("authorization_endpoint").asString()).isEqualTo(ISSUER + "/oauth2/authorize");
        assertThat(metadata.get("token_endpoint").asString()).isEqualTo(ISSUER + "/oauth2/token");
        assertThat(metadata.get("jwks_uri").asString()).isEqualTo(ISSUER + "/.well-known/jwks.json");
        assertThat(metadata.get("code_challenge_methods_supported").toString()).contains("S256");
        assertThat(metadata.get("device_authorization_endpoint").asString()).isEqualTo(ISSUER + "/oauth2/device_authorization");
        assertThat(OidcFlows.json(HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(base() + "/.well-known/oauth-authorization-server")).build(), HttpResponse.BodyHandlers.ofString()))
                .get("device_authorization_endpoint").asString()).isEqualTo(ISSUER + "/oauth2/device_authorization");
    }

    @Test
    void ciBotGetsAFifteenMinuteServiceTokenWithClientCredentials() throws Exception {
        HttpResponse<String> response = OidcFlows.token(base(), "ci-bot", "ci-secret", Map.of("grant_type", "client_credentials"));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JWTClaimsSet claims = verifier().verify(OidcFlows.json(response).get("access_token").asString());
        assertThat(claims.getSubject()).isEqualTo("ci-bot");
        assertThat(claims.getStringClaim("kind")).isEqualTo("service");
        assertThat(claims.getStringClaim("team")).isEqualTo("platform");
        assertThat(claims.getStringListClaim("groups")).containsExactly("agents");
        assertThat(Duration.between(claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant()))
                .isLessThanOrEqualTo(Duration.ofMinutes(15));
        HttpResponse<String> wrongSecret = OidcFlows.token(base(), "ci-bot", "wrong", Map.of("grant_type", "client_credentials"));
        assertThat(wrongSecret.statusCode()).isEqualTo(401);
        assertThat(wrongSecret.body()).doesNotContain("access_token");
    }

    @Test
    void bobLogsInWithTheDeviceFlowFromATerminal() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> authorization = http.send(HttpRequest.newBuilder(URI.create(base() + "/oauth2/device_authorization"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("client_id=sluice-cli&scope=profile")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(authorization.statusCode()).as(authorization.body()).isEqualTo(200);
        JsonNode device = OidcFlows.json(authorization);
        assertThat(device.get("verification_uri").asString()).endsWith("/activate");
        Map<String, String> poll = Map.of("grant_type", "urn:ietf:params:oauth:grant-type:device_code",
                "device_code", device.get("device_code").asString(), "client_id", "sluice-cli");

        HttpResponse<String> pending = OidcFlows.token(base(), "sluice-cli", null, poll);
        assertThat(pending.statusCode()).isEqualTo(400);
        assertThat(OidcFlows.json(pending).get("error").asString()).isEqualTo("authorization_pending");

        // On "another device": the activation page, the login form, then the code.
        HttpClient browser = OidcFlows.browser();
        HttpResponse<String> activate = browser.send(HttpRequest.newBuilder(URI.create(base() + "/activate"))
                .header("Accept", "text/html").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(activate.uri().getPath()).isEqualTo("/login");
        String csrf = activate.body().replaceAll("(?s).*name=\"_csrf\"[^>]*value=\"([^\"]+)\".*", "$1");
        HttpResponse<String> page = browser.send(HttpRequest.newBuilder(URI.create(base() + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "text/html")
                .POST(HttpRequest.BodyPublishers.ofString(OidcFlows.form(Map.of("username", "bob", "password", "demo", "_csrf", csrf))))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.body()).contains("user_code");
        HttpResponse<String> verified = browser.send(HttpRequest.newBuilder(URI.create(base() + "/oauth2/device_verification?user_code="
                + java.net.URLEncoder.encode(device.get("user_code").asString(), java.nio.charset.StandardCharsets.UTF_8)))
                .header("Accept", "text/html").build(), HttpResponse.BodyHandlers.ofString());
        // The authorization server asks the user to confirm the device (a guard against remote phishing, RFC 8628 section 5.4).
        assertThat(verified.body()).contains("consent_form");
        Map<String, String> consent = new java.util.LinkedHashMap<>();
        var hidden = java.util.regex.Pattern.compile("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\"").matcher(verified.body());
        while (hidden.find()) {
            consent.put(hidden.group(1), hidden.group(2));
        }
        assertThat(consent).containsKeys("client_id", "state", "user_code");
        consent.put("scope", "profile");
        browser.send(HttpRequest.newBuilder(URI.create(base() + "/oauth2/device_verification"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "text/html")
                .POST(HttpRequest.BodyPublishers.ofString(OidcFlows.form(consent))).build(), HttpResponse.BodyHandlers.ofString());

        HttpResponse<String> granted = OidcFlows.token(base(), "sluice-cli", null, poll);
        assertThat(granted.statusCode()).as(granted.body()).isEqualTo(200);
        JWTClaimsSet claims = verifier().verify(OidcFlows.json(granted).get("access_token").asString());
        assertThat(claims.getSubject()).isEqualTo("bob");
        assertThat(claims.getStringListClaim("groups")).containsExactly("analysts");
        assertThat(claims.getStringClaim("kind")).isEqualTo("human");
    }
}
