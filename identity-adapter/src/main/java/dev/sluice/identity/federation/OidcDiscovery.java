package dev.sluice.identity.federation;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Finds an issuer's JWK set through its OpenID Provider metadata (OpenID Connect Discovery 1.0, sections 4.1
 * and 4.3): the document must name exactly the configured issuer, otherwise it is refused.
 */
public final class OidcDiscovery implements Function<String, URI> {

    private static final int MAX_DOCUMENT_BYTES = 256 * 1024;
    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final JsonMapper json = JsonMapper.builder().build();

    @Override
    public URI apply(String issuer) {
        String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
        URI location = URI.create(base + "/.well-known/openid-configuration");
        try {
            HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(location).timeout(TIMEOUT)
                    .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofInputStream());
            byte[] body;
            try (InputStream in = response.body()) {
                body = in.readNBytes(MAX_DOCUMENT_BYTES + 1);
            }
            if (response.statusCode() != 200 || body.length > MAX_DOCUMENT_BYTES) {
                throw new IllegalStateException("discovery of " + issuer + " answered " + response.statusCode());
            }
            JsonNode metadata = json.readTree(body);
            if (!issuer.equals(metadata.path("issuer").asString(""))) {
                throw new IllegalStateException("discovery of " + issuer + " names another issuer");
            }
            String jwksUri = metadata.path("jwks_uri").asString("");
            if (jwksUri.isEmpty()) {
                throw new IllegalStateException("discovery of " + issuer + " has no jwks_uri");
            }
            return URI.create(jwksUri);
        } catch (IOException e) {
            throw new UncheckedIOException("discovery of " + issuer + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
