package dev.sluice.recording;

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
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A minimal OpenID Connect provider for the replay UI's sign-in in tests, standing in for identity-adapter's
 * authorization server: a login form at {@code /authorize} (the demo users, password {@code demo}), the
 * authorization code exchanged at {@code /token} for an RS256 ID token carrying {@code groups}, keys at
 * {@code /jwks}. Only the code flow with client authentication {@code client_secret_basic} is implemented, exactly
 * as far as the tests need it.
 */
public final class FakeOidcProvider implements AutoCloseable {

    /** The client the UI signs in as, and its secret in tests. */
    public static final String CLIENT_ID = "sluice-recording-ui";
    public static final String CLIENT_SECRET = "test-ui-secret";

    private static final Map<String, List<String>> USERS = Map.of(
            "carol", List.of("auditors", "approvers"),
            "bob", List.of("analysts"));

    private record Grant(String subject, String nonce, String redirectUri) {}

    private final RSAKey key;
    private final HttpServer server;
    private final Map<String, Grant> codes = new ConcurrentHashMap<>();

    public FakeOidcProvider() {
        try {
            key = new RSAKeyGenerator(2048).keyID("oidc-test").generate();
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot generate the provider key", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/authorize", this::authorize);
        server.createContext("/token", this::token);
        server.createContext("/jwks", exchange -> send(exchange, 200, "application/json",
                new JWKSet(key.toPublicJWK()).toString()));
        server.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void authorize(HttpExchange exchange) throws IOException {
        if (exchange.getRequestMethod().equals("GET")) {
            Map<String, String> query = form(exchange.getRequestURI().getRawQuery());
            StringBuilder hidden = new StringBuilder();
            for (String field : List.of("client_id", "redirect_uri", "state", "nonce")) {
                hidden.append("<input type=\"hidden\" name=\"").append(field).append("\" value=\"")
                        .append(html(query.getOrDefault(field, ""))).append("\">");
            }
            send(exchange, 200, "text/html", "<!DOCTYPE html><html><body><form method=\"post\" action=\"/authorize\">"
                    + hidden + "<input id=\"username\" name=\"username\"><input id=\"password\" name=\"password\" "
                    + "type=\"password\"><button id=\"sign-in\" type=\"submit\">Sign in</button></form></body></html>");
            return;
        }
        Map<String, String> posted = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        String user = posted.getOrDefault("username", "");
        if (!CLIENT_ID.equals(posted.get("client_id")) || !USERS.containsKey(user)
                || !"demo".equals(posted.get("password"))) {
            send(exchange, 401, "text/plain", "bad credentials");
            return;
        }
        String code = UUID.randomUUID().toString();
        codes.put(code, new Grant(user, posted.get("nonce"), posted.get("redirect_uri")));
        exchange.getResponseHeaders().set("Location", posted.get("redirect_uri") + "?code=" + code + "&state="
                + URLEncoder.encode(posted.getOrDefault("state", ""), StandardCharsets.UTF_8));
        exchange.sendResponseHeaders(302, -1);
        exchange.close();
    }

    private void token(HttpExchange exchange) throws IOException {
        String expected = "Basic " + Base64.getEncoder().encodeToString(
                (CLIENT_ID + ":" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
        Map<String, String> posted = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        Grant grant = codes.remove(posted.getOrDefault("code", ""));
        if (!expected.equals(exchange.getRequestHeaders().getFirst("Authorization")) || grant == null
                || !grant.redirectUri().equals(posted.get("redirect_uri"))) {
            send(exchange, 400, "application/json", "{\"error\":\"invalid_grant\"}");
            return;
        }
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(baseUrl()).subject(grant.subject())
                .audience(CLIENT_ID).issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300)))
                .claim("groups", USERS.get(grant.subject()));
        if (grant.nonce() != null && !grant.nonce().isEmpty()) {
            claims.claim("nonce", grant.nonce());
        }
        try {
            SignedJWT idToken = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
                    claims.build());
            idToken.sign(new RSASSASigner(key));
            send(exchange, 200, "application/json", "{\"access_token\":\"" + UUID.randomUUID()
                    + "\",\"token_type\":\"Bearer\",\"expires_in\":300,\"scope\":\"openid profile\",\"id_token\":\""
                    + idToken.serialize() + "\"}");
        } catch (JOSEException e) {
            send(exchange, 500, "text/plain", "cannot sign");
        }
    }

    private static Map<String, String> form(String encoded) {
        Map<String, String> values = new HashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return values;
        }
        for (String pair : encoded.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            values.put(name, value);
        }
        return values;
    }

    private static String html(String text) {
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
