package dev.sluice.cli.oauth;

import java.time.Duration;
import java.util.Objects;

/**
 * A successful token endpoint response (RFC 6749 section 5.1).
 *
 * @param accessToken  {@code access_token}
 * @param refreshToken {@code refresh_token}, or {@code null} when none was issued
 * @param expiresIn    {@code expires_in}, or {@code null} when the issuer did not say
 * @param idToken      {@code id_token} (OpenID Connect Core 1.0 section 3.1.3.3), or {@code null} when none was issued
 */
public record TokenResponse(String accessToken, String refreshToken, Duration expiresIn, String idToken) {

    public TokenResponse {
        Objects.requireNonNull(accessToken, "accessToken");
    }

    /** A response without an ID token. */
    public TokenResponse(String accessToken, String refreshToken, Duration expiresIn) {
        this(accessToken, refreshToken, expiresIn, null);
    }

    @Override
    public String toString() {
        return "TokenResponse[expiresIn=" + expiresIn + ", refreshToken=" + (refreshToken == null ? "none" : "present")
                + ", idToken=" + (idToken == null ? "none" : "present") + "]";
    }
}
