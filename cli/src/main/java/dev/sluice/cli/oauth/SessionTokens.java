package dev.sluice.cli.oauth;

import dev.sluice.cli.CliException;
import dev.sluice.cli.store.StoredLogin;
import dev.sluice.cli.store.TokenStore;
import dev.sluice.cli.store.UpstreamLogin;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Fresh access tokens from the stored login: the stored token while it has more than {@link #MIN_REMAINING} left,
 * otherwise a new one from the refresh token, stored again (the issuer rotates refresh tokens). Thread-safe, so
 * that concurrent {@code sluice connect} clients do not spend one refresh token twice.
 */
public final class SessionTokens implements TokenSource {
    /** A token is refreshed this long before it expires, so that it survives its trip to the proxy. */
    public static final Duration MIN_REMAINING = Duration.ofSeconds(60);

    private final TokenStore store;
    private final OAuthClient oauth;
    private final Clock clock;

    public SessionTokens(TokenStore store, OAuthClient oauth, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.oauth = Objects.requireNonNull(oauth, "oauth");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public synchronized String accessToken() {
        StoredLogin login = store.load().orElseThrow(() -> new CliException(CliException.NOT_LOGGED_IN,
                "not logged in; run `sluice login`"));
        if (fresh(login)) {
            return login.accessToken();
        }
        if (login.upstream() != null) {
            return renewAtUpstream(login);
        }
        if (login.refreshToken() == null) {
            throw new CliException(CliException.NOT_LOGGED_IN, "the login expired at " + login.expiresAt()
                    + " and the issuer gave no refresh token; run `sluice login`");
        }
        TokenResponse tokens;
        try {
            tokens = oauth.refresh(URI.create(login.tokenEndpoint()), login.clientId(), login.refreshToken());
        } catch (CliException e) {
            // Another sluice process may have spent the (rotated) refresh token a moment ago and stored the result.
            Optional<StoredLogin> current = store.load();
            if (current.isPresent() && !current.get().accessToken().equals(login.accessToken()) && fresh(current.get())) {
                return current.get().accessToken();
            }
            throw e;
        }
        StoredLogin refreshed = stored(login.issuer(), login.clientId(), login.tokenEndpoint(), tokens, login.refreshToken(), clock);
        store.save(refreshed);
        return refreshed.accessToken();
    }

    /**
     * A federated login: the upstream refresh token gets a new upstream token (the rotated refresh token is stored
     * at once, so that it is not lost when the exchange is refused), which is exchanged at the Sluice issuer again.
     */
    private String renewAtUpstream(StoredLogin login) {
        UpstreamLogin upstream = login.upstream();
        if (upstream.refreshToken() == null) {
            throw new CliException(CliException.NOT_LOGGED_IN, "the login expired at " + login.expiresAt() + " and the upstream "
                    + upstream.issuer() + " gave no refresh token; run `sluice login --upstream-issuer " + upstream.issuer() + "`");
        }
        TokenResponse upstreamTokens;
        try {
            upstreamTokens = oauth.refresh(URI.create(upstream.tokenEndpoint()), upstream.clientId(), upstream.refreshToken());
        } catch (CliException e) {
            Optional<StoredLogin> current = store.load();
            if (current.isPresent() && !current.get().accessToken().equals(login.accessToken()) && fresh(current.get())) {
                return current.get().accessToken();
            }
            throw new CliException(e.exitCode(), "at the upstream " + upstream.issuer() + ": " + e.getMessage(), e);
        }
        UpstreamLogin rotated = upstream.withRefreshToken(
                upstreamTokens.refreshToken() != null ? upstreamTokens.refreshToken() : upstream.refreshToken());
        store.save(new StoredLogin(login.issuer(), login.clientId(), login.tokenEndpoint(), login.accessToken(), null,
                login.expiresAt(), rotated));
        StoredLogin renewed = FederatedLogin.exchange(oauth, new IssuerMetadata(login.issuer(), URI.create(login.tokenEndpoint()),
                null, null), rotated, upstreamTokens, clock);
        store.save(renewed);
        return renewed.accessToken();
    }

    /** The login to store for {@code tokens}; keeps {@code previousRefreshToken} when the issuer sent no new one. */
    public static StoredLogin stored(String issuer, String clientId, String tokenEndpoint, TokenResponse tokens,
            String previousRefreshToken, Clock clock) {
        Instant expiresAt = expiry(tokens, clock);
        return new StoredLogin(issuer, clientId, tokenEndpoint, tokens.accessToken(),
                tokens.refreshToken() != null ? tokens.refreshToken() : previousRefreshToken, expiresAt);
    }

    /** The token's own {@code exp}, which is what the proxy enforces; {@code expires_in} only as a fallback. */
    static Instant expiry(TokenResponse tokens, Clock clock) {
        try {
            return TokenClaims.decode(tokens.accessToken()).expiresAt();
        } catch (CliException e) {
            if (tokens.expiresIn() == null) {
                throw e;
            }
            return clock.instant().plus(tokens.expiresIn());
        }
    }

    private boolean fresh(StoredLogin login) {
        return login.expiresAt().isAfter(clock.instant().plus(MIN_REMAINING));
    }
}
