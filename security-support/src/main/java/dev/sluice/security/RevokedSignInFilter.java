package dev.sluice.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Ends a browser sign-in (OpenID Connect login of a web UI) whose person identity-adapter has revoked since: on
 * every request the ID token behind the session is checked against the {@link RevocationList} by its {@code jti},
 * subject and issue time, exactly like a bearer token. A refused sign-in loses its security context and its
 * session, so the rest of the filter chain treats the request as anonymous and sends the person to sign in again
 * (where identity-adapter decides afresh). While the list is too stale to tell, sessions are ended too (fail closed).
 *
 * <p>Add it to a UI's filter chain after the security context is loaded, e.g.
 * {@code http.addFilterAfter(new RevokedSignInFilter(list), SecurityContextHolderFilter.class)}.
 */
public final class RevokedSignInFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(RevokedSignInFilter.class);

    private final RevocationList revocations;

    public RevokedSignInFilter(RevocationList revocations) {
        this.revocations = Objects.requireNonNull(revocations, "revocations");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.getPrincipal() instanceof OidcUser user) {
            OidcIdToken token = user.getIdToken();
            Optional<String> refusal = revocations.refusal(token.getClaimAsString("jti"), user.getSubject(),
                    token.getIssuedAt());
            if (refusal.isPresent()) {
                log.info("ended the browser session of {}: {}", user.getSubject(), refusal.get());
                SecurityContextHolder.clearContext();
                HttpSession session = request.getSession(false);
                if (session != null) {
                    session.invalidate();
                }
            }
        }
        chain.doFilter(request, response);
    }
}
