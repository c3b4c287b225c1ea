package dev.sluice.cli.store;

import java.util.Objects;

/**
 * The external identity provider side of a federated login: where the upstream refresh token is used to get a
 * new upstream token, which is then exchanged for a Sluice token again (RFC 8693).
 *
 * @param issuer        the upstream issuer URL
 * @param clientId      the upstream OAuth client the device login was made with
 * @param tokenEndpoint the upstream token endpoint, from its discovery document
 * @param refreshToken  the upstream refresh token, or {@code null} if the upstream issued none
 */
public record UpstreamLogin(String issuer, String clientId, String tokenEndpoint, String refreshToken) {

    public UpstreamLogin {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(tokenEndpoint, "tokenEndpoint");
    }

    /** The same login with another refresh token (the upstream rotated it). */
    public UpstreamLogin withRefreshToken(String newRefreshToken) {
        return new UpstreamLogin(issuer, clientId, tokenEndpoint, newRefreshToken);
    }

    /** Never the refresh token. */
    @Override
    public String toString() {
        return "UpstreamLogin[issuer=" + issuer + ", clientId=" + clientId + ", refreshToken="
                + (refreshToken == null ? "none" : "present") + "]";
    }
}
