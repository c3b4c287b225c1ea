package dev.sluice.approval;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * A stand-in for identity-adapter in tests, on loopback: the JWK set that verifies API bearer tokens, a factory for
 * such tokens, and the authorization-code flow the reviewer UI signs in with — a login form at {@code /authorize}
 * (demo users, password {@code demo}), {@code /token} that demands the client secret and the PKCE verifier
 * (RFC 7636, S256) matching the challenge, and ID tokens carrying {@code groups} and {@code kind}.
 */
public final class TestIssuer implements AutoCloseable {

    /** The reviewer UI's client and its secret in tests. */
    public static final String CLIENT_ID = "sluice-approval-ui";
    public static final String CLIENT_SECRET = "test-ui-secret";
    public static final String PASSWORD = "demo";

    private static final Map<String, List<String>> USERS = Map.of(
            "alice", List.of("dba"),
            "bob", List.of("analysts"),
            "carol", List.of("auditors", "approvers"),
            "dave", List.of("approvers"));

    private record Grant(String subject, String nonce, String redirectUri, String challenge) {}

    private final RSAKey key;
    /** Same key id, never published: tokens it signs must not verify. */
    private final RSAKey impostor;
    private final HttpServer server;
    private final Map<String, Grant> codes = new java.util.concurrent.ConcurrentHashMap<>();

    public TestIssuer() {
        try {
            key = new RSAKeyGenerator(2048).keyID("test-key").generate();
            impostor = new RSAKeyGenerator(2048).keyID("test-key").generate();
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot generate test keys", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/.well-known/jwks.json", exchange -> send(exchange, 200, "application/json",
                new JWKSet(key.toPublicJWK()).toString()));
        server.createContext("/authorize", this::authorize);
        server.createContext("/token", this::token);
        server.start();
    }

    public String issuer() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public String jwksUri() {
        return issuer() + "/.well-known/jwks.json";
    }

    /** A valid API token for a demo user (groups as in the demo), audience {@code sluice}. */
    public String token(String subject) {
        return token(subject, claims -> claims);
    }

    /** An API token from valid defaults for {@code subject}, changed by {@code customizer}. */
    public String token(String subject, UnaryOperator<JWTClaimsSet.Builder> customizer) {
        Instant now = Instant.now();
        return sign(key, customizer.apply(new JWTClaimsSet.Builder().issuer(issuer()).subject(subject)
                .audience(List.of("sluice")).issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofMinutes(5))))
                .claim("groups", USERS.getOrDefault(subject, List.of())).claim("kind", "human")).build());
    }

    /** A token for {@code subject} with the published key id but signed by another key. */
    public String forged(String subject) {
        Instant now = Instant.now();
        return sign(impostor, new JWTClaimsSet.Builder().issuer(issuer()).subject(subject).audience("sluice")
                .expirationTime(Date.from(now.plusSeconds(300))).claim("groups", USERS.get(subject)).build());
    }

    private void authorize(HttpExchange exchange) throws IOException {
        if (exchange.getRequestMethod().equals("GET")) {
            Map<String, String> query = form(exchange.getRequestURI().getRawQuery());
            StringBuilder hidden = new StringBuilder();
            for (String field : List.of("client_id", "redirect_uri", "state", "nonce", "code_challenge",
                    "code_challenge_method")) {
                hidden.append("<input type=\"hidden\" name=\"").append(field).append("\" value=\"")
                        .append(attribute(query.getOrDefault(field, ""))).append("\">");
            }
            send(exchange, 200, "text/html", "<!DOCTYPE html><html><body><h1>Sign in</h1>"
                    + "<form method=\"post\" action=\"/authorize\">" + hidden
                    + "<input id=\"username\" name=\"username\"><input id=\"password\" name=\"password\" "
                    + "type=\"password\"><button id=\"sign-in\" type=\"submit\">Sign in</button></form></body></html>");
            return;
        }
        Map<String, String> posted = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        String user = posted.getOrDefault("username", "");
        if (!CLIENT_ID.equals(posted.get("client_id")) || !USERS.containsKey(user)
                || !PASSWORD.equals(posted.get("password"))) {
            send(exchange, 401, "text/plain", "bad credentials");
            return;
        }
        String challenge = "S256".equals(posted.get("code_challenge_method")) ? posted.get("code_challenge") : null;
        String code = UUID.randomUUID().toString();
        codes.put(code, new Grant(user, posted.get("nonce"), posted.get("redirect_uri"), challenge));
        exchange.getResponseHeaders().set("Location", posted.get("redirect_uri") + "?code=" + code + "&state="
                + URLEncoder.encode(posted.getOrDefault("state", ""), StandardCharsets.UTF_8));
        exchange.sendResponseHeaders(302, -1);
        exchange.close();
    }

    private void token(HttpExchange exchange) throws IOException {
        String basic = "Basic " + Base64.getEncoder().encodeToString(
                (CLIENT_ID + ":" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
        Map<String, String> posted = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        Grant grant = codes.remove(posted.getOrDefault("code", ""));
        if (!basic.equals(exchange.getRequestHeaders().getFirst("Authorization")) || grant == null
                || !grant.redirectUri().equals(posted.get("redirect_uri"))
                || grant.challenge() == null || !grant.challenge().equals(s256(posted.get("code_verifier")))) {
            send(exchange, 400, "application/json", "{\"error\":\"invalid_grant\"}");
            return;
        }
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(issuer()).subject(grant.subject())
                .audience(CLIENT_ID).issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300)))
                .claim("groups", USERS.get(grant.subject())).claim("kind", "human");
        if (grant.nonce() != null && !grant.nonce().isEmpty()) {
            claims.claim("nonce", grant.nonce());
        }
        send(exchange, 200, "application/json", "{\"access_token\":\"" + UUID.randomUUID()
                + "\",\"token_type\":\"Bearer\",\"expires_in\":300,\"scope\":\"openid profile\",\"id_token\":\""
                + sign(key, claims.build()) + "\"}");
    }

    private static String sign(RSAKey with, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(with.getKeyID()).build(),
                    claims);
            jwt.sign(new RSASSASigner(with));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign", e);
        }
    }

    private static String s256(String verifier) {
        if (verifier == null) {
            return "";
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> form(String encoded) {
        Map<String, String> values = new HashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return values;
        }
        for (String pair : encoded.split("&")) {
            int eq = pair.indexOf('=');
            values.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                    eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return values;
    }

    private static String attribute(String text) {
        return text.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type + "; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
