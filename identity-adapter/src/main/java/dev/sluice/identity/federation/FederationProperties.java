package dev.sluice.identity.federation;

import dev.sluice.contracts.identity.IdentityKind;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * External OpenID Providers whose tokens identity-adapter exchanges for Sluice tokens (RFC 8693), bound from
 * {@code sluice.identity.federation.*}.
 *
 * @param issuers                trusted issuers by a local name; none by default
 * @param jwksCacheTtl           how long a fetched JWK set is used before it is fetched again; default 5 min
 * @param jwksMinRefreshInterval the least time between two fetches of one issuer's JWK set, also when tokens name
 *                               unknown {@code kid}s (so a flood of forged kids cannot hammer the IdP); default 30 s
 * @param maxTokenLength         longer subject tokens are refused before parsing; default 16384 characters
 */
@ConfigurationProperties("sluice.identity.federation")
public record FederationProperties(
        Map<String, Issuer> issuers,
        @DefaultValue("5m") Duration jwksCacheTtl,
        @DefaultValue("30s") Duration jwksMinRefreshInterval,
        @DefaultValue("16384") int maxTokenLength) {

    public FederationProperties {
        issuers = issuers == null ? Map.of() : Map.copyOf(issuers);
        jwksCacheTtl = jwksCacheTtl == null ? Duration.ofMinutes(5) : jwksCacheTtl;
        jwksMinRefreshInterval = jwksMinRefreshInterval == null ? Duration.ofSeconds(30) : jwksMinRefreshInterval;
        if (jwksMinRefreshInterval.compareTo(jwksCacheTtl) >= 0) {
            throw new IllegalArgumentException("sluice.identity.federation.jwks-min-refresh-interval must be shorter than jwks-cache-ttl");
        }
        if (maxTokenLength <= 0) {
            maxTokenLength = 16384;
        }
    }

    /**
     * One trusted issuer and how its tokens map to Sluice identities.
     *
     * @param issuer        the exact {@code iss} of its tokens; discovery is read from
     *                      {@code <issuer>/.well-known/openid-configuration} unless {@code jwksUri} is set
     * @param jwksUri       its JWK set, when discovery should not be used
     * @param audiences     allow-list: a token must name at least one of these in {@code aud} (required)
     * @param groupsClaim   dotted path of the claim holding groups, e.g. {@code groups} or {@code realm_access.roles};
     *                      default {@code groups}
     * @param groupPrefix   when set, only values starting with it are groups, and it is stripped
     *                      (e.g. {@code sluice-} maps role {@code sluice-dba} to group {@code dba})
     * @param subjectClaim  the claim that becomes the Sluice {@code sub}; default {@code sub}
     * @param subjectPrefix prepended to the subject, to keep issuers' namespaces apart; default none
     * @param kind          kind of the identities of this issuer; default human
     * @param team          {@code team} claim for service identities of this issuer
     */
    public record Issuer(String issuer, URI jwksUri, List<String> audiences, @DefaultValue("groups") String groupsClaim,
            String groupPrefix, @DefaultValue("sub") String subjectClaim, String subjectPrefix,
            @DefaultValue("human") IdentityKind kind, String team) {
        public Issuer {
            Objects.requireNonNull(issuer, "sluice.identity.federation.issuers.*.issuer");
            audiences = audiences == null ? List.of() : List.copyOf(audiences);
            if (audiences.isEmpty()) {
                throw new IllegalArgumentException("federated issuer " + issuer + " needs a non-empty audiences allow-list");
            }
            groupsClaim = groupsClaim == null || groupsClaim.isBlank() ? "groups" : groupsClaim;
            subjectClaim = subjectClaim == null || subjectClaim.isBlank() ? "sub" : subjectClaim;
            groupPrefix = groupPrefix == null ? "" : groupPrefix;
            subjectPrefix = subjectPrefix == null ? "" : subjectPrefix;
            kind = kind == null ? IdentityKind.HUMAN : kind;
        }
    }
}
