package dev.sluice.cli.oauth;

import dev.sluice.cli.store.StoredLogin;
import dev.sluice.cli.store.UpstreamLogin;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A login at an external identity provider ("upstream") for a Sluice token: the device authorization grant
 * (RFC 8628) against the upstream's own endpoints, then the upstream token exchanged at the Sluice issuer
 * (RFC 8693). The Sluice issuer must trust the upstream as a federation issuer; it maps the upstream identity
 * (subject, groups) to the Sluice one.
 *
 * <p>The subject token is the upstream's ID token when it issued one (an assertion about the user meant for this
 * client), otherwise its access token; identity-adapter accepts both types for a federated issuer.
 */
public final class FederatedLogin {
    private final OAuthClient oauth;
    private final Clock clock;
    private final Sleeper sleeper;

    public FederatedLogin(OAuthClient oauth, Clock clock, Sleeper sleeper) {
        this.oauth = Objects.requireNonNull(oauth, "oauth");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    }

    /** Runs the device login at {@code upstream} and exchanges its token at {@code sluice}. */
    public StoredLogin login(IssuerMetadata sluice, IssuerMetadata upstream, String upstreamClientId, String upstreamScope,
            Consumer<DeviceAuthorization> prompt) {
        TokenResponse upstreamTokens = new DeviceFlow(oauth, clock, sleeper).login(upstream, upstreamClientId, upstreamScope, prompt);
        UpstreamLogin login = new UpstreamLogin(upstream.issuer(), upstreamClientId, upstream.tokenEndpoint().toString(),
                upstreamTokens.refreshToken());
        return exchange(oauth, sluice, login, upstreamTokens, clock);
    }

    /** Exchanges fresh upstream tokens for a Sluice token; the result remembers {@code upstream} for renewal. */
    static StoredLogin exchange(OAuthClient oauth, IssuerMetadata sluice, UpstreamLogin upstream, TokenResponse upstreamTokens,
            Clock clock) {
        boolean idToken = upstreamTokens.idToken() != null;
        TokenResponse exchanged = oauth.exchange(sluice, idToken ? upstreamTokens.idToken() : upstreamTokens.accessToken(),
                idToken ? OAuthClient.ID_TOKEN_TYPE : OAuthClient.ACCESS_TOKEN_TYPE, upstream.issuer());
        return new StoredLogin(sluice.issuer(), upstream.clientId(), sluice.tokenEndpoint().toString(), exchanged.accessToken(), null,
                SessionTokens.expiry(exchanged, clock), upstream);
    }
}
