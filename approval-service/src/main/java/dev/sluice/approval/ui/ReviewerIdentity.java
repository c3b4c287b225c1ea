package dev.sluice.approval.ui;

import dev.sluice.approval.service.Caller;
import dev.sluice.contracts.identity.TokenClaims;
import java.util.List;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

/**
 * The signed-in reviewer as the service's {@link Caller}: subject, groups and kind from the ID token that
 * identity-adapter issued at sign-in, so the UI applies exactly the rules the API applies to bearer tokens.
 */
final class ReviewerIdentity {
    private ReviewerIdentity() {}

    static Caller of(Authentication authentication) {
        if (authentication != null && authentication.getPrincipal() instanceof OidcUser user) {
            List<String> groups = user.getClaimAsStringList(TokenClaims.GROUPS);
            String kind = user.getClaimAsString(TokenClaims.KIND);
            return new Caller(user.getSubject(), groups, kind == null ? "human" : kind);
        }
        throw new IllegalStateException("the reviewer UI was reached without an OpenID Connect sign-in");
    }
}
