package dev.sluice.identity.issuer;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A signed Sluice token. {@link #toString()} leaves the token value out so that it cannot end up in a log.
 *
 * @param value     the compact JWS (RFC 7515 section 7.1)
 * @param id        the {@code jti}
 * @param issuedAt  the {@code iat} (whole seconds)
 * @param expiresAt the {@code exp} (whole seconds)
 */
public record IssuedToken(String value, String id, Instant issuedAt, Instant expiresAt) {

    public IssuedToken {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /** The lifetime, as reported in {@code expires_in} (RFC 6749 section 5.1). */
    public Duration lifetime() {
        return Duration.between(issuedAt, expiresAt);
    }

    @Override
    public String toString() {
        return "IssuedToken[id=" + id + ", issuedAt=" + issuedAt + ", expiresAt=" + expiresAt + "]";
    }
}
