package dev.sluice.cli.store;

import java.time.Instant;
import java.util.Objects;

/**
 * A login kept between runs: the tokens and where to refresh them.
 *
 * @param issuer        the issuer URL the login was made at
 * @param clientId      the OAuth client the tokens were issued to (refresh must use the same)
 * @param tokenEndpoint the issuer's token endpoint, from its discovery document
 * @param accessToken   the Sluice access token (a JWT)
 * @param refreshToken  the refresh token, or {@code null} if none was issued
 * @param expiresAt     when the access token expires
 */
public record StoredLogin(String issuer, String clientId, String tokenEndpoint, String accessToken, String refreshToken,
        Instant expiresAt) {

    public StoredLogin {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(tokenEndpoint, "tokenEndpoint");
        Objects.requireNonNull(accessToken, "accessToken");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /** Never the tokens: a login may end up in a stack trace or a debug line. */
    @Override
    public String toString() {
        return "StoredLogin[issuer=" + issuer + ", clientId=" + clientId + ", expiresAt=" + expiresAt
                + ", refreshToken=" + (refreshToken == null ? "none" : "present") + "]";
    }
}
