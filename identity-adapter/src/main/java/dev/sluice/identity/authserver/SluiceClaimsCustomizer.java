package dev.sluice.identity.authserver;

import dev.sluice.contracts.identity.IdentityKind;
import dev.sluice.contracts.identity.TokenClaims;
import dev.sluice.identity.config.IdentityProperties;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;

/**
 * Makes the authorization server's JWTs Sluice tokens: access tokens get the audience
 * {@value TokenClaims#AUDIENCE} (instead of the client id) plus {@code groups}, {@code kind} and, for services,
 * {@code team}; ID tokens (OpenID Connect Core 1.0 section 2) keep their client audience and gain the same
 * identity claims so that UIs can authorise by group.
 *
 * <p>Humans are the users who logged in, their groups being their {@value #GROUP_AUTHORITY_PREFIX} authorities;
 * services are the client-credentials clients of {@code sluice.identity.service-clients}. A lifetime longer than
 * the kind's maximum is cut down, whatever the registration says.
 */
public final class SluiceClaimsCustomizer implements OAuth2TokenCustomizer<JwtEncodingContext> {

    /** Prefix of the authorities that carry a user's groups. */
    public static final String GROUP_AUTHORITY_PREFIX = "GROUP_";

    private final IdentityProperties properties;

    public SluiceClaimsCustomizer(IdentityProperties properties) {
        this.properties = Objects.requireNonNull(properties, "properties");
    }

    @Override
    public void customize(JwtEncodingContext context) {
        boolean accessToken = OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType());
        boolean idToken = OidcParameterNames.ID_TOKEN.equals(context.getTokenType().getValue());
        if (!accessToken && !idToken) {
            return;
        }
        Holder holder = holder(context);
        var claims = context.getClaims();
        claims.claim(TokenClaims.GROUPS, holder.groups()).claim(TokenClaims.KIND, holder.kind().claimValue());
        if (holder.team() != null) {
            claims.claim(TokenClaims.TEAM, holder.team());
        }
        if (accessToken) {
            claims.audience(List.of(TokenClaims.AUDIENCE));
            Instant issuedAt = context.getClaims().build().getIssuedAt();
            Instant expiresAt = context.getClaims().build().getExpiresAt();
            Instant ceiling = issuedAt.plus(properties.ttlFor(holder.kind()));
            if (expiresAt == null || expiresAt.isAfter(ceiling)) {
                claims.expiresAt(ceiling);
            }
            claims.notBefore(issuedAt);
        }
    }

    private Holder holder(JwtEncodingContext context) {
        if (AuthorizationGrantType.CLIENT_CREDENTIALS.equals(context.getAuthorizationGrantType())) {
            String clientId = context.getRegisteredClient().getClientId();
            IdentityProperties.ServiceClient client = properties.serviceClients().get(clientId);
            if (client == null) {
                // Only service clients are registered for client_credentials; anything else is a wiring bug.
                throw new IllegalStateException("client " + clientId + " is not a service client");
            }
            return new Holder(IdentityKind.SERVICE, client.groups(), client.team());
        }
        return new Holder(IdentityKind.HUMAN, groups(context.getPrincipal()), null);
    }

    private static List<String> groups(Authentication principal) {
        List<String> groups = new ArrayList<>();
        for (GrantedAuthority authority : principal.getAuthorities()) {
            String name = authority.getAuthority();
            if (name != null && name.startsWith(GROUP_AUTHORITY_PREFIX)) {
                groups.add(name.substring(GROUP_AUTHORITY_PREFIX.length()));
            }
        }
        return List.copyOf(groups);
    }

    private record Holder(IdentityKind kind, List<String> groups, String team) {}
}
