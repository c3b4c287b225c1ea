package dev.sluice.proxy.health;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * {@code policyService} health: policy-service answers {@code GET /v1/policies/version} with 200 within
 * {@code timeout} (asked with the gateway key, so a wrong key shows as down with HTTP 401), and, when decisions are
 * asked at another URL (the decision port), that port answers {@code GET /v1/decisions} with 405: reachable, key
 * accepted, only POST allowed — a probe that decides nothing and counts no decision. Without them every uncached
 * statement is denied (fail closed), so a proxy that cannot reach them should not receive new clients: the indicator
 * belongs to readiness, never to liveness (a restart does not bring policy-service back).
 */
public final class PolicyServiceHealthIndicator implements HealthIndicator {

    private final URI versionUri;
    private final URI decisionsUri;
    private final Duration timeout;
    private final HttpClient http;
    private final String authorization;

    /**
     * @param policyUrl base URL of policy-service
     * @param timeout   how long one check may take
     */
    public PolicyServiceHealthIndicator(String policyUrl, Duration timeout) {
        this(policyUrl, timeout, null);
    }

    /**
     * @param policyUrl     base URL of policy-service
     * @param timeout       how long one check may take
     * @param authorization the {@code Authorization} header carrying the gateway key, or null for none
     */
    public PolicyServiceHealthIndicator(String policyUrl, Duration timeout, String authorization) {
        this(policyUrl, policyUrl, timeout, authorization);
    }

    /**
     * @param policyUrl     base URL of policy-service
     * @param decisionUrl   base URL decisions are asked at; checked too when it differs from {@code policyUrl}
     * @param timeout       how long one check may take
     * @param authorization the {@code Authorization} header carrying the gateway key, or null for none
     */
    public PolicyServiceHealthIndicator(String policyUrl, String decisionUrl, Duration timeout, String authorization) {
        this.authorization = authorization;
        String base = withoutSlash(policyUrl);
        this.versionUri = URI.create(base + "/v1/policies/version");
        this.decisionsUri = withoutSlash(decisionUrl).equals(base) ? null : URI.create(withoutSlash(decisionUrl) + "/v1/decisions");
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public Health health() {
        String problem = check(versionUri, 200);
        if (problem == null && decisionsUri != null) {
            String decisions = check(decisionsUri, 405);
            problem = decisions == null ? null : "decision port: " + decisions;
        }
        return problem == null ? Health.up().build() : Health.down().withDetail("error", problem).build();
    }

    /** Null when {@code GET uri} answers {@code expected} in time, else what went wrong. */
    private String check(URI uri, int expected) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(timeout).GET();
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        try {
            HttpResponse<Void> response = http.send(builder.build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == expected ? null : "HTTP " + response.statusCode();
        } catch (HttpTimeoutException e) {
            return "no answer within " + timeout.toMillis() + " ms";
        } catch (IOException e) {
            return e.getClass().getSimpleName();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private static String withoutSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
