package dev.sluice.standalone.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.standalone.Endpoints;
import dev.sluice.standalone.StandaloneRuntime;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Identities through the whole platform: tokens from the dev issuer's OAuth endpoints (not the dev shortcut)
 * open PostgreSQL sessions through the proxy and are accepted by recording-service.
 */
class IdentityEndToEndTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

    private static StandaloneRuntime runtime;
    private static Endpoints endpoints;

    @BeforeAll
    static void startPlatform() {
        runtime = StandaloneRuntime.start(StandaloneRuntime.randomPorts());
        endpoints = runtime.endpoints();
    }

    @AfterAll
    static void stopPlatform() {
        if (runtime != null) {
            runtime.stop();
        }
    }

    @Test
    void ciBotWithOnlyItsClientIdAndSecretReachesTheDemoDatabase() throws Exception {
        HttpResponse<String> response = tokenRequest("ci-bot", "dev-secret", Map.of("grant_type", "client_credentials"));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("expires_in").asLong()).isPositive().isLessThanOrEqualTo(15 * 60);

        try (Connection c = proxy("ci-bot", body.get("access_token").asString()); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM customers")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isPositive();
        }
    }

    @Test
    void humansLogInAtTheDevIssuerAndTheirAccessTokensWorkForThePlatform() throws Exception {
        String alice = loginAccessToken("alice");
        String carol = loginAccessToken("carol");

        try (Connection c = proxy("alice", alice); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM orders")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isPositive();
        }
        // alice is authenticated but not an auditor (403); carol is (200): both tokens verified.
        assertThat(sessions(alice).statusCode()).isEqualTo(403);
        assertThat(sessions(carol).statusCode()).isEqualTo(200);
    }

    private static String loginAccessToken(String user) throws Exception {
        String redirectUri = endpoints.recordingUrl() + "/login/oauth2/code/sluice";
        String verifier = randomVerifier();
        String code = authorizationCode("sluice-recording-ui", redirectUri, verifier, user, "demo");
        HttpResponse<String> response = tokenRequest("sluice-recording-ui", "dev-secret", Map.of(
                "grant_type", "authorization_code", "code", code, "redirect_uri", redirectUri, "code_verifier", verifier));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body()).get("access_token").asString();
    }

    private static HttpResponse<String> sessions(String token) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(endpoints.recordingUrl() + "/api/sessions"))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    // ---- helpers -----------------------------------------------------------------------------------------

    /** Runs the authorization code flow (RFC 6749 section 4.1, PKCE S256) in a cookie-keeping client; returns the code. */
    private static String authorizationCode(String clientId, String redirectUri, String verifier, String user, String password)
            throws Exception {
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        Map<String, String> query = new LinkedHashMap<>();
        query.put("response_type", "code");
        query.put("client_id", clientId);
        query.put("redirect_uri", redirectUri);
        query.put("scope", "openid");
        query.put("state", "s1");
        query.put("code_challenge", Base64.getUrlEncoder().withoutPadding().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII))));
        query.put("code_challenge_method", "S256");
        HttpResponse<String> login = browser.send(HttpRequest.newBuilder(
                URI.create(endpoints.identityUrl() + "/oauth2/authorize?" + form(query))).header("Accept", "text/html").build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher csrf = CSRF.matcher(login.body());
        assertThat(csrf.find()).as("login form at %s", login.uri()).isTrue();
        HttpResponse<String> callback = browser.send(HttpRequest.newBuilder(URI.create(endpoints.identityUrl() + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "text/html")
                .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("username", user, "password", password, "_csrf", csrf.group(1)))))
                .build(), HttpResponse.BodyHandlers.ofString());
        // The browser ends at the client's redirect URI, whatever that answers; the code is in the query.
        assertThat(callback.uri().toString()).startsWith(redirectUri);
        for (String pair : callback.uri().getRawQuery().split("&")) {
            if (pair.startsWith("code=")) {
                return URLDecoder.decode(pair.substring(5), StandardCharsets.UTF_8);
            }
        }
        throw new AssertionError("no code in " + callback.uri());
    }

    private static HttpResponse<String> tokenRequest(String clientId, String secret, Map<String, String> params) throws Exception {
        String basic = Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
        return HTTP.send(HttpRequest.newBuilder(URI.create(endpoints.identityUrl() + "/oauth2/token"))
                .header("Authorization", "Basic " + basic).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(params))).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Connection proxy(String user, String token) throws Exception {
        var properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", token);
        properties.setProperty("sslmode", "require");
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + endpoints.proxyPostgresPort() + "/demo", properties);
    }

    private static String randomVerifier() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String form(Map<String, String> params) {
        StringBuilder out = new StringBuilder();
        params.forEach((key, value) -> out.append(out.isEmpty() ? "" : "&").append(URLEncoder.encode(key, StandardCharsets.UTF_8))
                .append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        return out.toString();
    }
}
