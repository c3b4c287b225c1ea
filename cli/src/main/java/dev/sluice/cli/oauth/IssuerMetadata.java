package dev.sluice.cli.oauth;

import java.net.URI;
import java.util.Objects;

/**
 * What the CLI needs from an issuer's discovery document (OpenID Connect Discovery 1.0 section 3, RFC 8414
 * section 2, RFC 8628 section 4).
 *
 * @param issuer                      the issuer identifier
 * @param tokenEndpoint               {@code token_endpoint}
 * @param deviceAuthorizationEndpoint {@code device_authorization_endpoint}, or {@code null} when not offered
 * @param jwksUri                     {@code jwks_uri}, or {@code null}
 */
public record IssuerMetadata(String issuer, URI tokenEndpoint, URI deviceAuthorizationEndpoint, URI jwksUri) {

    public IssuerMetadata {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(tokenEndpoint, "tokenEndpoint");
    }
}
