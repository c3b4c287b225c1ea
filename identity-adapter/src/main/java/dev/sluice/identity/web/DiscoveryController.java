package dev.sluice.identity.web;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.sluice.identity.config.IdentityProperties;
import dev.sluice.identity.keys.SigningKeys;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Minimal OpenID Provider metadata (OpenID Connect Discovery 1.0, section 3; RFC 8414) so that resource
 * servers can be configured with just the issuer URL.
 */
@RestController
public final class DiscoveryController {

    /** The token endpoint path advertised in discovery; the grants behind it come with token exchange. */
    public static final String TOKEN_PATH = "/oauth2/token";

    private final Metadata metadata;

    public DiscoveryController(IdentityProperties properties) {
        String base = properties.issuer().endsWith("/")
                ? properties.issuer().substring(0, properties.issuer().length() - 1)
                : properties.issuer();
        this.metadata = new Metadata(
                properties.issuer(),
                base + JwksController.JWKS_PATH,
                base + TOKEN_PATH,
                List.of(SigningKeys.ALGORITHM.getName()),
                List.of("urn:ietf:params:oauth:grant-type:token-exchange", "client_credentials"),
                List.of("public"));
    }

    @GetMapping(path = "/.well-known/openid-configuration", produces = MediaType.APPLICATION_JSON_VALUE)
    public Metadata configuration() {
        return metadata;
    }

    /** The metadata document; {@code issuer} is exactly the {@code iss} of issued tokens. */
    public record Metadata(
            @JsonProperty("issuer") String issuer,
            @JsonProperty("jwks_uri") String jwksUri,
            @JsonProperty("token_endpoint") String tokenEndpoint,
            @JsonProperty("id_token_signing_alg_values_supported") List<String> idTokenSigningAlgValuesSupported,
            @JsonProperty("grant_types_supported") List<String> grantTypesSupported,
            @JsonProperty("subject_types_supported") List<String> subjectTypesSupported) {}
}
