package dev.sluice.identity.authserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.CookieManager;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Test fixture: a browser (an HTTP client with cookies that follows redirects) and an OAuth client's redirect
 * endpoint (a loopback HTTP server), to run OAuth flows against the adapter over real HTTP.
 */
final class OidcFlows implements AutoCloseable {

    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

    private final HttpServer callback;
    private volatile CompletableFuture<String> callbackQuery = new CompletableFuture<>();

    OidcFlows() throws Exception {
        callback = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        callback.createContext("/login/oauth2/code/sluice", exchange -> {
            callbackQuery.complete(exchange.getRequestURI().getRawQuery());
            byte[] body = "signed in".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        callback.start();
    }

    /** The redirect URI the client registration must list. */
    String redirectUri() {
        return "http://127.0.0.1:" + callback.getAddress().getPort() + "/login/oauth2/code/sluice";
    }

    /** A fresh browser: its own cookie jar, following redirects like a browser does. */
    static HttpClient browser() {
        return HttpClient.newBuilder().cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    /** A PKCE verifier (RFC 7636 section 4.1). */
    static String newVerifier() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The S256 challenge of a verifier (RFC 7636 section 4.2). */
    static String challenge(String verifier) throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    }

    /**
     * Opens the authorization URL in {@code browser}, logs in at the form and returns the query the client's
     * redirect endpoint received (with {@code code} and {@code state}), or null when the browser ended elsewhere.
     *
     * @return the redirect's query, or null when the flow did not reach the client
     */
    String authorize(HttpClient browser, String base, String clientId, String challenge, String user, String password)
            throws Exception {
        callbackQuery = new CompletableFuture<>();
        Map<String, String> query = new LinkedHashMap<>();
        query.put("response_type", "code");
        query.put("client_id", clientId);
        query.put("redirect_uri", redirectUri());
        query.put("scope", "openid profile");
        query.put("state", "state-123");
        query.put("nonce", "nonce-456");
        if (challenge != null) {
            query.put("code_challenge", challenge);
            query.put("code_challenge_method", "S256");
        }
        HttpResponse<String> loginPage = browser.send(HttpRequest.newBuilder(URI.create(base + "/oauth2/authorize?" + form(query)))
                .header("Accept", "text/html").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(loginPage.uri().getPath()).isEqualTo("/login");
        Matcher csrf = CSRF.matcher(loginPage.body());
        assertThat(csrf.find()).as("login form has a CSRF token").isTrue();
        HttpResponse<String> afterLogin = browser.send(HttpRequest.newBuilder(URI.create(base + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "text/html")
                .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("username", user, "password", password,
                        "_csrf", csrf.group(1)))))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (!afterLogin.uri().getPath().equals("/login/oauth2/code/sluice")) {
            return null;
        }
        return callbackQuery.get(5, TimeUnit.SECONDS);
    }

    /** POSTs a form to the token endpoint with HTTP Basic client authentication; returns status and JSON. */
    static HttpResponse<String> token(String base, String clientId, String secret, Map<String, String> params) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/oauth2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(params)));
        if (secret != null) {
            String basic = URLEncoder.encode(clientId, StandardCharsets.UTF_8) + ":" + URLEncoder.encode(secret, StandardCharsets.UTF_8);
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(basic.getBytes(StandardCharsets.UTF_8)));
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    /** One parameter of a query string. */
    static String param(String query, String name) {
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                return java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    static String form(Map<String, String> params) {
        StringBuilder out = new StringBuilder();
        params.forEach((key, value) -> {
            if (!out.isEmpty()) {
                out.append('&');
            }
            out.append(URLEncoder.encode(key, StandardCharsets.UTF_8)).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
        });
        return out.toString();
    }

    @Override
    public void close() {
        callback.stop(0);
    }
}
