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
 * {@code timeout} (asked with the gateway key, so a wrong key shows as down with HTTP 401). Without it every uncached statement is denied (fail closed), so a proxy that cannot reach it
 * should not receive new clients: the indicator belongs to readiness, never to liveness (a restart does not bring
 * policy-service back).
 */
public final class PolicyServiceHealthIndicator implements HealthIndicator {

    private final URI versionUri;
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
        this.authorization = authorization;
        String base = policyUrl.endsWith("/") ? policyUrl.substring(0, policyUrl.length() - 1) : policyUrl;
        this.versionUri = URI.create(base + "/v1/policies/version");
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public Health health() {
        HttpRequest.Builder builder = HttpRequest.newBuilder(versionUri).timeout(timeout).GET();
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        HttpRequest request = builder.build();
        try {
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() == 200) {
                return Health.up().build();
            }
            return Health.down().withDetail("error", "HTTP " + response.statusCode()).build();
        } catch (HttpTimeoutException e) {
            return Health.down().withDetail("error", "no answer within " + timeout.toMillis() + " ms").build();
        } catch (IOException e) {
            return Health.down().withDetail("error", e.getClass().getSimpleName()).build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Health.down().withDetail("error", "interrupted").build();
        }
    }
}
