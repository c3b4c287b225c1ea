package dev.sluice.approval.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.approval.ApprovalServiceTestSupport;
import dev.sluice.approval.TestIssuer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The reviewer's sign-in over real HTTP, as a browser does it (cookies, every redirect followed by hand): the
 * authorization code flow with PKCE against the test issuer, return paths limited to this service, logout with
 * its CSRF token, and the live-update stream of a signed-in page.
 */
class ReviewerSignInTest extends ApprovalServiceTestSupport {

    private final HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void signInUsesPkceAndReturnsToTheRequestedPage() {
        URI landed = signIn("carol", "/history?state=PENDING");
        assertThat(landed.getHost()).isEqualTo("127.0.0.1");
        assertThat(landed.getPath()).isEqualTo("/history");
        HttpResponse<String> history = get(landed);
        assertThat(history.statusCode()).isEqualTo(200);
        assertThat(history.body()).contains("carol").contains("History");
    }

    @Test
    void returnPathsToOtherSitesAreIgnored() {
        for (String hostile : List.of("https://evil.example/phish", "//evil.example/phish", "/\\evil.example",
                "javascript:alert(1)", "/\tevil.example", "https:/\\evil.example")) {
            URI landed = signIn("carol", hostile);
            assertThat(landed.getHost()).as(hostile).isEqualTo("127.0.0.1");
            assertThat(landed.getPath()).as(hostile).isEqualTo("/approvals");
        }
    }

    @Test
    void logoutNeedsTheCsrfTokenAndEndsTheSession() {
        signIn("carol", null);
        URI queue = URI.create(baseUrl() + "/approvals");
        HttpResponse<String> page = get(queue);
        assertThat(page.statusCode()).isEqualTo(200);

        assertThat(post(URI.create(baseUrl() + "/logout"), Map.of()).statusCode()).isEqualTo(403);
        assertThat(get(queue).statusCode()).isEqualTo(200);

        Matcher token = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(page.body());
        assertThat(token.find()).as("the logout form carries the CSRF token").isTrue();
        HttpResponse<String> logout = post(URI.create(baseUrl() + "/logout"), Map.of("_csrf", token.group(1)));
        assertThat(logout.statusCode()).isEqualTo(302);
        assertThat(location(logout).getPath()).isEqualTo("/signed-out");
        HttpResponse<String> after = get(queue);
        assertThat(after.statusCode()).isEqualTo(302);
        assertThat(location(after).getPath()).isEqualTo("/oauth2/authorization/sluice");
    }

    @Test
    void liveUpdatesNameNewRequestsOnTheStream() throws Exception {
        signIn("carol", null);
        LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
        CompletableFuture<HttpResponse<Stream<String>>> stream = browser.sendAsync(
                HttpRequest.newBuilder(URI.create(baseUrl() + "/approvals/events"))
                        .header("Accept", "text/event-stream").GET().build(),
                HttpResponse.BodyHandlers.ofLines());
        HttpResponse<Stream<String>> response = stream.get(10, TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(200);
        Thread reader = Thread.ofVirtual().start(() -> response.body().forEach(lines::add));
        try {
            assertThat(nextMatching(lines, "event:ready")).isTrue();
            String id = createPending("alice", "DROP TABLE t_live").get("id").asString();
            assertThat(nextMatching(lines, "data:" + id)).as("the new request is announced").isTrue();
            assertThat(call("POST", "/v1/approvals/" + id + "/decision", bearer(ISSUER.token("dave")),
                    "{\"decision\":\"deny\"}").statusCode()).isEqualTo(200);
            assertThat(nextMatching(lines, "data:" + id)).as("its decision is announced").isTrue();
        } finally {
            reader.interrupt();
            response.body().close();
        }
    }

    /** Waits (with a deadline) for a line; lines before it are consumed. */
    private static boolean nextMatching(LinkedBlockingQueue<String> lines, String wanted) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            String line = lines.poll(100, TimeUnit.MILLISECONDS);
            if (line != null && line.replace(": ", ":").equals(wanted)) {
                return true;
            }
        }
        return false;
    }

    /** Runs the whole sign-in like a browser and returns where it finally lands. */
    private URI signIn(String user, String returnPath) {
        URI start = URI.create(baseUrl() + (returnPath == null ? "/approvals"
                : "/sign-in?return=" + URLEncoder.encode(returnPath, StandardCharsets.UTF_8)));
        HttpResponse<String> toAuthorization = get(start);
        assertThat(toAuthorization.statusCode()).isEqualTo(302);
        HttpResponse<String> toIssuer = get(location(toAuthorization));
        assertThat(toIssuer.statusCode()).isEqualTo(302);
        URI authorize = location(toIssuer);
        assertThat(authorize.toString()).startsWith(ISSUER.issuer() + "/authorize?");
        Map<String, String> query = query(authorize.getRawQuery());
        assertThat(query).containsEntry("client_id", TestIssuer.CLIENT_ID).containsEntry("code_challenge_method", "S256")
                .containsKey("code_challenge").containsEntry("response_type", "code");
        assertThat(query.get("redirect_uri")).isEqualTo(baseUrl() + "/login/oauth2/code/sluice");

        Map<String, String> form = new LinkedHashMap<>(query);
        form.put("username", user);
        form.put("password", TestIssuer.PASSWORD);
        HttpResponse<String> toCallback = post(URI.create(ISSUER.issuer() + "/authorize"), form);
        assertThat(toCallback.statusCode()).isEqualTo(302);
        HttpResponse<String> signedIn = get(location(toCallback));
        assertThat(signedIn.statusCode()).as("the callback (token exchange with the PKCE verifier)").isEqualTo(302);
        return location(signedIn);
    }

    private HttpResponse<String> get(URI uri) {
        return send(HttpRequest.newBuilder(uri).GET());
    }

    private HttpResponse<String> post(URI uri, Map<String, String> form) {
        String body = form.entrySet().stream().map(entry -> URLEncoder.encode(entry.getKey(), StandardCharsets.UTF_8)
                + "=" + URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(uri).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return browser.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private URI location(HttpResponse<?> response) {
        String location = response.headers().firstValue("Location")
                .orElseThrow(() -> new AssertionError("no Location on " + response.uri()));
        return response.uri().resolve(location);
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            values.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return values;
    }
}
