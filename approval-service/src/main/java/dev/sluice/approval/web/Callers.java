package dev.sluice.approval.web;

import dev.sluice.approval.service.ApprovalException;
import dev.sluice.approval.service.Caller;
import dev.sluice.contracts.identity.TokenClaims;
import java.util.List;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/** Turns Spring Security's authentication into the service's {@link Caller}. */
final class Callers {
    private Callers() {}

    static Caller of(Authentication authentication) {
        if (authentication instanceof JwtAuthenticationToken jwt) {
            var token = jwt.getToken();
            List<String> groups = token.getClaimAsStringList(TokenClaims.GROUPS);
            String kind = token.getClaimAsString(TokenClaims.KIND);
            return new Caller(token.getSubject(), groups, kind == null ? "human" : kind);
        }
        if (authentication != null && authentication.getAuthorities().stream()
                .anyMatch(authority -> "ROLE_PROXY".equals(authority.getAuthority()))) {
            return Caller.proxy();
        }
        // Authenticated, but neither a person's token nor the gateway: the grant feed's service key, say. It reads
        // grants only; refuse it here with a JSON 403 instead of failing the request.
        throw ApprovalException.forbidden("wrong_credential",
                "this credential may not use the approvals API; send a bearer token or the gateway key");
    }
}
