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
 * @param upstream      for a login at an external identity provider whose token was exchanged for the Sluice token
 *                      (then {@code clientId} is the upstream client and {@code refreshToken} is {@code null}: the
 *                      login is renewed at the upstream), or {@code null} for a login at the Sluice issuer itself
 */
public record StoredLogin(String issuer, String clientId, String tokenEndpoint, String accessToken, String refreshToken,
        Instant expiresAt, UpstreamLogin upstream) {

    /** A login at the Sluice issuer itself. */
    public StoredLogin(String issuer, String clientId, String tokenEndpoint, String accessToken, String refreshToken,
            Instant expiresAt) {
        this(issuer, clientId, tokenEndpoint, accessToken, refreshToken, expiresAt, null);
    }

    public StoredLogin {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(tokenEndpoint, "tokenEndpoint");
        Objects.requireNonNull(accessToken, "accessToken");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /** Whether the login can be renewed without the user: a refresh token here or at the upstream. */
    public boolean renewable() {
        return upstream != null ? upstream.refreshToken() != null : refreshToken != null;
    }

    /** Never the tokens: a login may end up in a stack trace or a debug line. */
    @Override
    public String toString() {
        return "StoredLogin[issuer=" + issuer + ", clientId=" + clientId + ", expiresAt=" + expiresAt
                + ", refreshToken=" + (refreshToken == null ? "none" : "present")
                + (upstream == null ? "" : ", upstream=" + upstream) + "]";
    }
}
