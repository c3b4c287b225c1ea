package dev.sluice.cli.oauth;

import java.time.Duration;
import java.util.Objects;

/**
 * A successful token endpoint response (RFC 6749 section 5.1).
 *
 * @param accessToken  {@code access_token}
 * @param refreshToken {@code refresh_token}, or {@code null} when none was issued
 * @param expiresIn    {@code expires_in}, or {@code null} when the issuer did not say
 */
public record TokenResponse(String accessToken, String refreshToken, Duration expiresIn) {

    public TokenResponse {
        Objects.requireNonNull(accessToken, "accessToken");
    }

    @Override
    public String toString() {
        return "TokenResponse[expiresIn=" + expiresIn + ", refreshToken=" + (refreshToken == null ? "none" : "present") + "]";
    }
}
