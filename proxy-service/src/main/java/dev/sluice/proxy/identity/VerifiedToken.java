package dev.sluice.proxy.identity;

import dev.sluice.contracts.identity.Identity;
import java.time.Instant;
import java.util.Objects;

/**
 * A token that passed verification: who it proves, and what the gateway needs to keep checking it for the
 * life of a session (revocation by {@code jti} or subject, expiry).
 *
 * @param identity  the proven identity
 * @param jti       the token id, or null when the token has none
 * @param issuedAt  the {@code iat}
 * @param expiresAt the {@code exp}
 */
public record VerifiedToken(Identity identity, String jti, Instant issuedAt, Instant expiresAt) {
    public VerifiedToken {
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }
}
