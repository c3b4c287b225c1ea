package dev.sluice.security;

import java.util.Objects;
import java.util.Optional;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Refuses a bearer token that identity-adapter revoked (by {@code jti}, subject or service identity), or every
 * token while the {@link RevocationList} is too stale to tell: added to an HTTP service's JWT validators, a refusal
 * becomes a 401 with {@code invalid_token} (<a href="https://www.rfc-editor.org/rfc/rfc6750#section-3.1">RFC 6750
 * section 3.1</a>). Runs after signature, issuer, audience and time checks, so it only sees genuine tokens.
 */
public final class JwtRevocationValidator implements OAuth2TokenValidator<Jwt> {

    private final RevocationList revocations;

    public JwtRevocationValidator(RevocationList revocations) {
        this.revocations = Objects.requireNonNull(revocations, "revocations");
    }

    @Override
    public OAuth2TokenValidatorResult validate(Jwt token) {
        Optional<String> refusal = revocations.refusal(token.getId(), token.getSubject(), token.getIssuedAt());
        return refusal.map(reason -> OAuth2TokenValidatorResult.failure(
                        new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, reason, null)))
                .orElseGet(OAuth2TokenValidatorResult::success);
    }
}
