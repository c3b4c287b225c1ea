package dev.sluice.standalone.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.sluice.identity.keys.SigningKeys;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

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
import java.time.Duration;
import org.awaitility.Awaitility;
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
        Map<String, String> settings = new java.util.HashMap<>(StandaloneRuntime.randomPorts());
        // These tests are about identity, not decision latency: a loaded CI machine must not turn them into denials.
        settings.put("proxy-service.sluice.proxy.policy.timeout", "15s");
        runtime = StandaloneRuntime.start(settings);
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

    // ---- the target credential never leaves proxy-service memory ----------------------------------------------

    @Test
    void theTargetCredentialAppearsInNoLogLineClientErrorOrRecording() throws Exception {
        String credential = "sluice-demo"; // the demo connection's password (StandaloneProperties default)
        String probe = "leak_probe_" + UUID.randomUUID().toString().replace("-", "");
        ch.qos.logback.classic.Logger root = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(
                org.slf4j.Logger.ROOT_LOGGER_NAME);
        var appender = new ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent>();
        appender.start();
        root.addAppender(appender);
        List<String> clientErrors = new java.util.ArrayList<>();
        try {
            try (Connection c = proxy("bob", devToken("bob")); Statement s = c.createStatement()) {
                try (ResultSet rs = s.executeQuery("SELECT 1 AS " + probe)) {
                    assertThat(rs.next()).isTrue();
                }
                for (String bad : List.of("DROP TABLE customers", "SELEC broken syntax", "SELECT * FROM no_such_table")) {
                    clientErrors.add(String.valueOf(catchThrowable(() -> s.execute(bad))));
                }
            }
            clientErrors.add(String.valueOf(catchThrowable(() -> proxy("bob", "not-a-token").close())));
            String carol = devToken("carol");
            // The session reaches recording-service through Kafka; wait until its transcript is there.
            String transcripts = Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .until(() -> allTranscripts(carol), body -> body.contains(probe));

            assertThat(clientErrors).hasSizeGreaterThanOrEqualTo(4).noneSatisfy(error -> assertThat(error).contains(credential));
            assertThat(transcripts).doesNotContain(credential);
            assertThat(appender.list).isNotEmpty().noneSatisfy(event -> {
                assertThat(event.getFormattedMessage()).contains(credential);
            });
            assertThat(appender.list).noneSatisfy(event -> assertThat(String.valueOf(event.getThrowableProxy() == null ? ""
                    : event.getThrowableProxy().getMessage())).contains(credential));
        } finally {
            root.detachAppender(appender);
        }
    }

    /** Every session's detail as recording-service serves it, concatenated. */
    private static String allTranscripts(String auditorToken) throws Exception {
        JsonNode list = JSON.readTree(sessions(auditorToken).body());
        StringBuilder all = new StringBuilder(list.toString());
        JsonNode items = list.isArray() ? list : list.path("sessions");
        for (JsonNode session : items) {
            String id = session.path("id").asString(session.path("sessionId").asString(""));
            if (!id.isEmpty()) {
                all.append(HTTP.send(HttpRequest.newBuilder(URI.create(endpoints.recordingUrl() + "/api/sessions/" + id))
                        .header("Authorization", "Bearer " + auditorToken).GET().build(), HttpResponse.BodyHandlers.ofString()).body());
            }
        }
        return all.toString();
    }

    // ---- revocation and expiry end live sessions -----------------------------------------------------------

    @Test
    void revokingAServiceIdentityEndsItsLiveSessionAndRefusesItsTokens() throws Exception {
        String token = JSON.readTree(tokenRequest("ci-bot", "dev-secret", Map.of("grant_type", "client_credentials")).body())
                .get("access_token").asString();
        try (Connection live = proxy("ci-bot", token)) {
            assertThat(select1(live)).isTrue();

            HttpResponse<String> revoked = HTTP.send(HttpRequest.newBuilder(URI.create(endpoints.identityUrl() + "/admin/revocations"))
                    .header("Authorization", "Bearer " + devToken("alice")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"service\",\"value\":\"ci-bot\",\"reason\":\"key leaked\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(201);

            // Bounded: the proxy pulls the list every 5 s and re-checks live sessions every second.
            SQLException ended = Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                    .until(() -> failure(live), java.util.Objects::nonNull);
            assertThat(ended.getMessage()).contains("terminating connection").contains("revoked").contains("key leaked");
            Throwable refused = catchThrowable(() -> proxy("ci-bot", token).close());
            assertThat(refused).isInstanceOf(SQLException.class);
            assertThat(((SQLException) refused).getSQLState()).isEqualTo("28P01");
            assertThat(tokenRequest("ci-bot", "dev-secret", Map.of("grant_type", "client_credentials")).statusCode()).isEqualTo(401);
        } finally {
            HTTP.send(HttpRequest.newBuilder(URI.create(endpoints.identityUrl() + "/admin/revocations/service/ci-bot"))
                    .header("Authorization", "Bearer " + devToken("alice")).DELETE().build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    @Test
    void aRevokedSubjectsTokenIsRefusedWith401ByApprovalAndRecordingService() throws Exception {
        String token = devToken("bob");
        // authenticated: bob is no auditor (403) but may list his approval requests (200)
        assertThat(sessions(token).statusCode()).isEqualTo(403);
        assertThat(approvals(token).statusCode()).isEqualTo(200);

        HttpResponse<String> revoked = HTTP.send(HttpRequest.newBuilder(URI.create(endpoints.identityUrl() + "/admin/revocations"))
                .header("Authorization", "Bearer " + devToken("alice")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"subject\",\"value\":\"bob\",\"reason\":\"laptop stolen\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(201);
        long revokedAt = JSON.readTree(revoked.body()).path("revoked_at").asLong(Instant.now().getEpochSecond());

        // Bounded: every HTTP service pulls the list every 5 s, like the proxy.
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250))
                .until(() -> sessions(token).statusCode() == 401 && approvals(token).statusCode() == 401);
        HttpResponse<String> refused = approvals(token);
        assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).contains("json"));
        assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(value -> assertThat(value).contains("invalid_token"));

        // A subject revocation covers tokens issued up to it: bob's later logins work (the next second on).
        Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                .until(() -> Instant.now().getEpochSecond() > revokedAt);
        assertThat(approvals(devToken("bob")).statusCode()).isEqualTo(200);
    }

    @Test
    void revocationsSurviveARestartOfIdentityAdapter() throws Exception {
        String token = JSON.readTree(tokenRequest("ci-bot", "dev-secret", Map.of("grant_type", "client_credentials")).body())
                .get("access_token").asString();
        HttpResponse<String> revoked = HTTP.send(HttpRequest.newBuilder(URI.create(endpoints.identityUrl() + "/admin/revocations"))
                .header("Authorization", "Bearer " + devToken("alice")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"service\",\"value\":\"ci-bot\",\"reason\":\"rotating keys\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(201);
        try {
            runtime.stopService("identity-adapter");
            runtime.startService("identity-adapter");

            HttpResponse<String> list = HTTP.send(HttpRequest.newBuilder(URI.create(endpoints.identityUrl() + "/v1/revocations")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(list.body()).contains("\"ci-bot\"").contains("rotating keys");
            assertThat(tokenRequest("ci-bot", "dev-secret", Map.of("grant_type", "client_credentials")).statusCode())
                    .as("still revoked: no new tokens").isEqualTo(401);
            Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                Throwable refused = catchThrowable(() -> proxy("ci-bot", token).close());
                assertThat(refused).isInstanceOf(SQLException.class);
                assertThat(((SQLException) refused).getSQLState()).isEqualTo("28P01");
            });
        } finally {
            HTTP.send(HttpRequest.newBuilder(URI.create(endpoints.identityUrl() + "/admin/revocations/service/ci-bot"))
                    .header("Authorization", "Bearer " + devToken("alice")).DELETE().build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    private static HttpResponse<String> approvals(String token) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(endpoints.approvalUrl() + "/v1/approvals"))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aSessionEndsWhenItsTokenExpires() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(endpoints.devTokenUrl("bob") + "?ttl=PT3S")).build(),
                HttpResponse.BodyHandlers.ofString());
        String token = JSON.readTree(response.body()).get("access_token").asString();
        try (Connection live = proxy("bob", token)) {
            assertThat(select1(live)).isTrue();

            SQLException ended = Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                    .until(() -> failure(live), java.util.Objects::nonNull);
            assertThat(ended.getMessage()).contains("terminating connection").contains("expired");
        }
    }

    private static boolean select1(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
            return rs.next();
        }
    }

    /** The error a statement gets on this connection now, or null while the session still works. */
    private static SQLException failure(Connection connection) {
        try {
            select1(connection);
            return null;
        } catch (SQLException e) {
            return e;
        }
    }

    // ---- strict verification: every forged or stale token is refused, by the proxy and by HTTP services ----

    /** One forged or unacceptable token per attack, in a stable order. */
    private static Map<String, String> attacks() throws Exception {
        RSAKey real = runtime.context("identity-adapter").orElseThrow().getBean(SigningKeys.class).current();
        RSAKey stranger = new RSAKeyGenerator(2048).keyID("stranger").generate();
        Instant now = Instant.now();
        Map<String, String> attacks = new LinkedHashMap<>();
        attacks.put("alg none", new PlainJWT(claims(now).build()).serialize());
        SignedJWT hmac = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(real.getKeyID()).build(), claims(now).build());
        hmac.sign(new MACSigner(real.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8)));
        attacks.put("HS256 with the RSA public key", hmac.serialize());
        attacks.put("unknown kid", sign(claims(now).build(), stranger));
        attacks.put("same kid, other key", sign(claims(now).build(), new RSAKey.Builder(stranger).keyID(real.getKeyID()).build()));
        attacks.put("wrong aud", sign(claims(now).audience("grafana").build(), real));
        attacks.put("wrong iss", sign(claims(now).issuer("https://evil.example").build(), real));
        attacks.put("expired", sign(claims(now.minusSeconds(7200)).build(), real));
        attacks.put("nbf in the future", sign(claims(now).notBeforeTime(Date.from(now.plusSeconds(3600)))
                .expirationTime(Date.from(now.plusSeconds(7200))).build(), real));
        attacks.put("another issuer", sign(claims(now).issuer("https://other-idp.example").build(), stranger));
        attacks.put("1 MB token", sign(claims(now).claim("padding", "x".repeat(1 << 20)).build(), real));
        attacks.put("deeply nested claims", signRawPayload("{\"iss\":\"" + endpoints.identityUrl() + "\",\"sub\":\"alice\",\"aud\":\"sluice\","
                + "\"exp\":" + now.plusSeconds(600).getEpochSecond() + ",\"iat\":" + now.getEpochSecond() + ",\"kind\":\"human\","
                + "\"groups\":" + "[".repeat(1500) + "]".repeat(1500) + "}", real));
        return attacks;
    }

    @Test
    void everyAttackTokenIsRefusedWith28P01ByTheProxy() throws Exception {
        Map<String, Long> micros = new LinkedHashMap<>();
        for (Map.Entry<String, String> attack : attacks().entrySet()) {
            long start = System.nanoTime();
            Throwable refusal = catchThrowable(() -> proxy("alice", attack.getValue()).close());
            micros.put(attack.getKey(), (System.nanoTime() - start) / 1000);
            assertThat(refusal).as(attack.getKey()).isInstanceOf(SQLException.class);
            assertThat(((SQLException) refusal).getSQLState()).as(attack.getKey() + ": " + refusal.getMessage()).isEqualTo("28P01");
        }
        // Informational (no timed assertion): refusal latency per attack, including the TLS handshake.
        System.out.println("proxy refusal latency (µs): " + micros);
        try (Connection c = proxy("alice", devToken("alice")); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
            assertThat(rs.next()).as("the real token still works").isTrue();
        }
    }

    @Test
    void everyAttackTokenIsRefusedWith401ByRecordingService() throws Exception {
        Map<String, Long> micros = new LinkedHashMap<>();
        for (Map.Entry<String, String> attack : attacks().entrySet()) {
            long start = System.nanoTime();
            HttpResponse<String> response;
            try {
                response = sessions(attack.getValue());
            } catch (java.io.IOException e) {
                // A server may also drop a 1 MB header outright; what matters is that nothing is served.
                micros.put(attack.getKey() + " (connection closed)", (System.nanoTime() - start) / 1000);
                continue;
            }
            micros.put(attack.getKey(), (System.nanoTime() - start) / 1000);
            if (attack.getKey().equals("1 MB token")) {
                // Tomcat refuses oversized headers before any application code runs.
                assertThat(response.statusCode()).as(attack.getKey()).isIn(400, 401, 431);
            } else {
                assertThat(response.statusCode()).as(attack.getKey() + ": " + response.body()).isEqualTo(401);
            }
            assertThat(response.body()).as(attack.getKey()).doesNotContain("sessions\":[");
        }
        System.out.println("recording-service refusal latency (µs): " + micros);
        assertThat(sessions(devToken("carol")).statusCode()).isEqualTo(200);
    }

    private static JWTClaimsSet.Builder claims(Instant issuedAt) {
        return new JWTClaimsSet.Builder().issuer(endpoints.identityUrl()).subject("alice").audience("sluice")
                .issueTime(Date.from(issuedAt)).notBeforeTime(Date.from(issuedAt)).expirationTime(Date.from(issuedAt.plusSeconds(600)))
                .jwtID(UUID.randomUUID().toString()).claim("groups", List.of("dba", "auditors")).claim("kind", "human");
    }

    private static String sign(JWTClaimsSet claims, RSAKey key) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    /** Signs a payload given as raw JSON, so that structures no claims builder would produce can be tested. */
    private static String signRawPayload(String json, RSAKey key) throws Exception {
        JWSObject jws = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(),
                new Payload(json));
        jws.sign(new RSASSASigner(key));
        return jws.serialize();
    }

    private static String devToken(String subject) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(endpoints.devTokenUrl(subject))).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body()).get("access_token").asString();
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
        // Redirects are followed by hand and only on the issuer: the client's redirect URI is a real UI
        // (oauth2Login) that would try to consume the code itself; the code is taken from the Location instead.
        HttpClient manual = HttpClient.newBuilder().cookieHandler(browser.cookieHandler().orElseThrow())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        HttpResponse<String> step = manual.send(HttpRequest.newBuilder(URI.create(endpoints.identityUrl() + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "text/html")
                .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("username", user, "password", password, "_csrf", csrf.group(1)))))
                .build(), HttpResponse.BodyHandlers.ofString());
        for (int hops = 0; hops < 5; hops++) {
            String header = step.headers().firstValue("Location").orElse(null);
            if (header == null) {
                throw new AssertionError("no redirect after login (status " + step.statusCode() + ")");
            }
            URI location = step.uri().resolve(header);
            if (location.toString().startsWith(redirectUri)) {
                for (String pair : location.getRawQuery().split("&")) {
                    if (pair.startsWith("code=")) {
                        return URLDecoder.decode(pair.substring(5), StandardCharsets.UTF_8);
                    }
                }
                throw new AssertionError("no code in " + location);
            }
            assertThat(location.toString()).as("redirect stays on the issuer").startsWith(endpoints.identityUrl());
            step = manual.send(HttpRequest.newBuilder(location).header("Accept", "text/html").build(), HttpResponse.BodyHandlers.ofString());
        }
        throw new AssertionError("too many redirects");
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
