package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.cli.oauth.OAuthClient;
import dev.sluice.cli.oauth.Sleeper;
import dev.sluice.cli.oauth.TokenClaims;
import dev.sluice.cli.store.StoredLogin;
import dev.sluice.cli.store.TokenStore;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sluice login --upstream-issuer}: the device flow at an external OpenID Provider, whose token Sluice's
 * identity-adapter exchanges (RFC 8693) for a Sluice token. Both are real identity-adapters over loopback HTTP:
 * the "upstream" in dev mode (its own users and the public device client), and "Sluice's", which trusts the
 * upstream as a federation issuer and maps its users to {@code corp:<sub>} with their groups.
 */
class CliFederatedLoginTest {
    private static final Pattern USER_CODE = Pattern.compile("(?m)^ {4}(\\S+)$");
    private static final Pattern VERIFICATION_URI = Pattern.compile("open (\\S+) in a browser");
    /** Anything that looks like a compact JWS: no token may ever be printed. */
    private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]{4,}\\.");

    private static IdentityAdapterServer upstream;
    private static IdentityAdapterServer sluice;
    private static IdentityAdapterServer strict;

    @TempDir
    Path home;

    @BeforeAll
    static void startIssuers() {
        upstream = IdentityAdapterServer.start(Map.of());
        String corp = "sluice.identity.federation.issuers.corp.";
        // The upstream's access tokens say aud=sluice, its ID tokens aud=<client id>: either may be exchanged.
        sluice = IdentityAdapterServer.start(Map.of(
                corp + "issuer", upstream.issuer(),
                corp + "audiences", "sluice,sluice-cli",
                corp + "groups-claim", "groups",
                corp + "subject-prefix", "corp:"));
        // Trusts the upstream, but only for tokens meant for another audience.
        strict = IdentityAdapterServer.start(Map.of(corp + "issuer", upstream.issuer(), corp + "audiences", "sluice-gateway"));
    }

    @AfterAll
    static void stopIssuers() {
        if (strict != null) {
            strict.close();
        }
        if (sluice != null) {
            sluice.close();
        }
        if (upstream != null) {
            upstream.close();
        }
    }

    private CliContext context(Sleeper sleeper) {
        return new CliContext(home.resolve("sluice"), CliContext.newHttpClient(), Clock.systemUTC(), sleeper);
    }

    /** {@code sluice login} at the upstream as {@code user}, who approves the code at the upstream on the second wait. */
    private CliRun login(String sluiceIssuer, String user) {
        StringWriter out = new StringWriter();
        List<Duration> sleeps = new ArrayList<>();
        Sleeper userApprovesOnSecondWait = duration -> {
            sleeps.add(duration);
            if (sleeps.size() == 2) {
                Matcher code = USER_CODE.matcher(out.toString());
                Matcher uri = VERIFICATION_URI.matcher(out.toString());
                assertThat(code.find() && uri.find()).as("prompt printed before polling: " + out).isTrue();
                assertThat(uri.group(1)).as("the code is confirmed at the upstream").startsWith(upstream.issuer());
                try {
                    new DeviceUser().approve(uri.group(1), code.group(1), user, "demo");
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }
        };
        return CliRun.of(context(userApprovesOnSecondWait), out, "login", "--issuer", sluiceIssuer,
                "--upstream-issuer", upstream.issuer(), "--upstream-client-id", "sluice-cli",
                // Spring Authorization Server refuses openid in the device flow: no ID token, the access token is exchanged.
                "--upstream-scope", "profile");
    }

    @Test
    void loginAtTheUpstreamStoresASluiceTokenForTheMappedIdentity() throws Exception {
        CliRun login = login(sluice.issuer(), "alice");

        assertThat(login.exitCode()).as(login.all()).isZero();
        assertThat(login.out()).contains("Logged in to " + sluice.issuer() + " through " + upstream.issuer() + " as corp:alice (dba)");
        Path file = home.resolve("sluice").resolve(TokenStore.FILE_NAME);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        StoredLogin stored = new TokenStore(file.getParent()).load().orElseThrow();
        assertThat(stored.issuer()).isEqualTo(sluice.issuer());
        assertThat(stored.upstream().issuer()).isEqualTo(upstream.issuer());
        assertThat(stored.upstream().refreshToken()).as("the upstream's refresh token is kept for renewal").isNotBlank();
        assertThat(stored.refreshToken()).as("the exchange issues no Sluice refresh token").isNull();
        TokenClaims claims = TokenClaims.decode(stored.accessToken());
        assertThat(claims.issuer()).isEqualTo(sluice.issuer());
        assertThat(claims.audience()).containsExactly("sluice");
        assertThat(login.all()).doesNotContain(stored.accessToken()).doesNotContain(stored.upstream().refreshToken());
        assertThat(JWT.matcher(login.all()).find()).isFalse();

        CliRun whoami = CliRun.of(context(Sleeper.system()), "whoami");
        assertThat(whoami.exitCode()).as(whoami.all()).isZero();
        assertThat(whoami.out()).containsPattern("subject +corp:alice").containsPattern("groups +dba").containsPattern("kind +human")
                .containsPattern("issuer +" + Pattern.quote(sluice.issuer()))
                .containsPattern("upstream +" + Pattern.quote(upstream.issuer()));
        assertThat(JWT.matcher(whoami.all()).find()).isFalse();
    }

    @Test
    void tokenNearExpiryRefreshesAtTheUpstreamAndExchangesAgain() {
        assertThat(login(sluice.issuer(), "bob").exitCode()).isZero();
        TokenStore store = new TokenStore(home.resolve("sluice"));
        StoredLogin before = store.load().orElseThrow();
        // 30 s left: less than the minute a token must have left, so it is renewed.
        store.save(new StoredLogin(before.issuer(), before.clientId(), before.tokenEndpoint(), before.accessToken(), null,
                Instant.now().plusSeconds(30), before.upstream()));

        CliRun token = CliRun.of(context(Sleeper.system()), "token");

        assertThat(token.exitCode()).as(token.err()).isZero();
        assertThat(token.err()).isEmpty();
        String fresh = token.out().strip();
        assertThat(fresh).isNotEqualTo(before.accessToken());
        TokenClaims claims = TokenClaims.decode(fresh);
        assertThat(claims.subject()).isEqualTo("corp:bob");
        assertThat(claims.groups()).containsExactly("analysts");
        assertThat(claims.issuer()).isEqualTo(sluice.issuer());
        assertThat(claims.expiresAt()).isAfter(Instant.now().plus(Duration.ofMinutes(30)));
        StoredLogin after = store.load().orElseThrow();
        assertThat(after.accessToken()).isEqualTo(fresh);
        assertThat(after.upstream().refreshToken()).as("rotated by the upstream").isNotEqualTo(before.upstream().refreshToken());
        // The spent upstream refresh token is retired.
        OAuthClient oauth = new OAuthClient(CliContext.newHttpClient(), Clock.systemUTC());
        assertThatThrownBy(() -> oauth.refresh(URI.create(before.upstream().tokenEndpoint()), "sluice-cli",
                before.upstream().refreshToken())).isInstanceOfSatisfying(CliException.class,
                        e -> assertThat(e.exitCode()).isEqualTo(CliException.NOT_LOGGED_IN));

        // Fresh now: handed out as stored, without another round trip.
        assertThat(CliRun.of(context(Sleeper.system()), "token").out().strip()).isEqualTo(fresh);
    }

    @Test
    void anExchangeRefusedBecauseTheUpstreamIsNotTrustedExitsDeniedAndStoresNothing() {
        // The upstream itself as "Sluice's issuer": it trusts no federation issuer, not even itself.
        CliRun login = login(upstream.issuer(), "carol");

        assertThat(login.exitCode()).as(login.all()).isEqualTo(CliException.DENIED);
        assertThat(login.err()).isEqualTo("sluice: the Sluice issuer " + upstream.issuer() + " refused to exchange the token of "
                + upstream.issuer() + ": it does not trust that issuer (not one of its federation issuers)" + System.lineSeparator());
        assertThat(JWT.matcher(login.all()).find()).as("no token printed: " + login.all()).isFalse();
        assertThat(home.resolve("sluice").resolve(TokenStore.FILE_NAME)).doesNotExist();
    }

    @Test
    void anExchangeRefusedForItsAudienceExitsDeniedWithTheIssuersReason() {
        CliRun login = login(strict.issuer(), "alice");

        assertThat(login.exitCode()).as(login.all()).isEqualTo(CliException.DENIED);
        assertThat(login.err()).startsWith("sluice: the Sluice issuer " + strict.issuer() + " refused to exchange the token of "
                + upstream.issuer() + ": invalid_request").contains("audience not allowed");
        assertThat(JWT.matcher(login.all()).find()).as("no token printed: " + login.all()).isFalse();
        assertThat(home.resolve("sluice").resolve(TokenStore.FILE_NAME)).doesNotExist();
    }

    @Test
    void anUpstreamIssuerWithoutAClientIdIsAUsageError() {
        CliRun login = CliRun.of(context(Sleeper.system()), "login", "--issuer", sluice.issuer(), "--upstream-issuer",
                upstream.issuer());

        assertThat(login.exitCode()).isEqualTo(2);
        assertThat(login.err()).contains("--upstream-issuer needs --upstream-client-id");
    }
}
