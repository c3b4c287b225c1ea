package dev.sluice.cli.oauth;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

/**
 * Tokens of a service identity (client credentials, RFC 6749 section 4.4), cached in memory only while they have
 * more than {@link SessionTokens#MIN_REMAINING} left. Nothing is written to disk: a service asks again with its
 * credentials.
 */
public final class ServiceTokens implements TokenSource {
    private final OAuthClient oauth;
    private final IssuerMetadata issuer;
    private final ClientAuthentication client;
    private final Clock clock;
    private String token;
    private Instant expiresAt = Instant.MIN;

    public ServiceTokens(OAuthClient oauth, IssuerMetadata issuer, ClientAuthentication client, Clock clock) {
        this.oauth = Objects.requireNonNull(oauth, "oauth");
        this.issuer = Objects.requireNonNull(issuer, "issuer");
        this.client = Objects.requireNonNull(client, "client");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public synchronized String accessToken() {
        if (token == null || !expiresAt.isAfter(clock.instant().plus(SessionTokens.MIN_REMAINING))) {
            TokenResponse response = oauth.clientCredentials(issuer, client);
            token = response.accessToken();
            expiresAt = SessionTokens.expiry(response, clock);
        }
        return token;
    }
}
