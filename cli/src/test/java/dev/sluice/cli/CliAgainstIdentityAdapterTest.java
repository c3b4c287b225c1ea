package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.sun.net.httpserver.HttpServer;
import dev.sluice.cli.oauth.OAuthClient;
import dev.sluice.cli.oauth.Sleeper;
import dev.sluice.cli.oauth.TokenClaims;
import dev.sluice.cli.store.StoredLogin;
import dev.sluice.cli.store.TokenStore;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI against the real identity-adapter over HTTP: the device flow with a user approving it in a "browser",
 * refresh of an expired login, and service identities with a client secret or a private key (RFC 7523).
 */
class CliAgainstIdentityAdapterTest {
    private static final Pattern USER_CODE = Pattern.compile("(?m)^ {4}(\\S+)$");
    private static final Pattern VERIFICATION_URI = Pattern.compile("open (\\S+) in a browser");

    private static HttpServer ciJwks;
    private static RSAKey ciKey;
    private static IdentityAdapterServer adapter;

    @TempDir
    Path home;

    @BeforeAll
    static void startIssuer() throws Exception {
        // ci-key authenticates with private_key_jwt: its public key is published on a JWK set URL of its own.
        ciKey = new RSAKeyGenerator(2048).keyID("ci-key-1").keyUse(KeyUse.SIGNATURE).generate();
        byte[] jwks = new JWKSet(ciKey.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        ciJwks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        ciJwks.createContext("/jwks.json", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, jwks.length);
            exchange.getResponseBody().write(jwks);
            exchange.close();
        });
        ciJwks.start();
        adapter = IdentityAdapterServer.start(Map.of(
                "sluice.identity.service-clients.ci-key.jwk-set-uri", "http://127.0.0.1:" + ciJwks.getAddress().getPort() + "/jwks.json",
                "sluice.identity.service-clients.ci-key.groups", "agents",
                "sluice.identity.service-clients.ci-key.team", "release"));
    }

    @AfterAll
    static void stopIssuer() {
        if (adapter != null) {
            adapter.close();
        }
        if (ciJwks != null) {
            ciJwks.stop(0);
        }
    }

    private CliContext context(Sleeper sleeper) {
        return new CliContext(home.resolve("sluice"), CliContext.newHttpClient(), Clock.systemUTC(), sleeper);
    }

    /** Runs {@code sluice login} as {@code user}: the first poll finds the login pending, then the user approves. */
    private CliRun login(String user, List<Duration> sleeps) {
        StringWriter out = new StringWriter();
        Sleeper userApprovesOnSecondWait = duration -> {
            sleeps.add(duration);
            if (sleeps.size() == 2) {
                Matcher code = USER_CODE.matcher(out.toString());
                Matcher uri = VERIFICATION_URI.matcher(out.toString());
                assertThat(code.find() && uri.find()).as("prompt printed before polling: " + out).isTrue();
                try {
                    new DeviceUser().approve(uri.group(1), code.group(1), user, "demo");
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }
        };
        return CliRun.of(context(userApprovesOnSecondWait), out, "login", "--issuer", adapter.issuer());
    }

    @Test
    void loginWithTheDeviceFlowStoresAPrivateTokenFileAndWhoamiSaysAlice() throws Exception {
        List<Duration> sleeps = new ArrayList<>();
        CliRun login = login("alice", sleeps);

        assertThat(login.exitCode()).as(login.all()).isZero();
        assertThat(login.out()).contains("Logged in to " + adapter.issuer() + " as alice (dba)");
        // authorization_pending once, then granted: two waits of the issuer's interval, no faster.
        assertThat(sleeps).hasSize(2).allSatisfy(d -> assertThat(d).isGreaterThanOrEqualTo(Duration.ofSeconds(1)));
        Path file = home.resolve("sluice").resolve(TokenStore.FILE_NAME);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent()))).isEqualTo("rwx------");
        StoredLogin stored = new TokenStore(file.getParent()).load().orElseThrow();
        assertThat(stored.refreshToken()).as("the device flow issues a refresh token").isNotBlank();
        assertThat(login.all()).doesNotContain(stored.accessToken()).doesNotContain(stored.refreshToken());

        CliRun whoami = CliRun.of(context(Sleeper.system()), "whoami");
        assertThat(whoami.exitCode()).as(whoami.all()).isZero();
        assertThat(whoami.out()).containsPattern("subject +alice").containsPattern("groups +dba").containsPattern("kind +human")
                .containsPattern("issuer +" + Pattern.quote(adapter.issuer())).contains("not verified locally");
        assertThat(whoami.all()).doesNotContain(stored.accessToken());
    }

    @Test
    void tokenRefreshesAnExpiredLoginAndTheOldRefreshTokenStopsWorking() {
        assertThat(login("bob", new ArrayList<>()).exitCode()).isZero();
        TokenStore store = new TokenStore(home.resolve("sluice"));
        StoredLogin before = store.load().orElseThrow();
        // As if an hour had passed: the stored token counts as expired.
        store.save(new StoredLogin(before.issuer(), before.clientId(), before.tokenEndpoint(), before.accessToken(),
                before.refreshToken(), Instant.now().minusSeconds(1)));

        CliRun token = CliRun.of(context(Sleeper.system()), "token");

        assertThat(token.exitCode()).as(token.err()).isZero();
        String fresh = token.out().strip();
        assertThat(fresh).isNotEqualTo(before.accessToken());
        TokenClaims claims = TokenClaims.decode(fresh);
        assertThat(claims.subject()).isEqualTo("bob");
        assertThat(claims.expiresAt()).isAfter(Instant.now().plus(Duration.ofMinutes(30)));
        StoredLogin after = store.load().orElseThrow();
        assertThat(after.accessToken()).isEqualTo(fresh);
        assertThat(after.refreshToken()).as("rotated").isNotEqualTo(before.refreshToken());
        // The spent refresh token is retired (public client: rotation).
        OAuthClient oauth = new OAuthClient(CliContext.newHttpClient(), Clock.systemUTC());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> oauth.refresh(URI.create(before.tokenEndpoint()), "sluice-cli",
                before.refreshToken())).isInstanceOfSatisfying(CliException.class,
                        e -> assertThat(e.exitCode()).isEqualTo(CliException.NOT_LOGGED_IN));

        // A fresh stored token is handed out as it is, without another refresh.
        CliRun again = CliRun.of(context(Sleeper.system()), "token");
        assertThat(again.out().strip()).isEqualTo(fresh);
    }

    @Test
    void tokenWithoutALoginExitsWithNotLoggedIn() {
        CliRun token = CliRun.of(context(Sleeper.system()), "token");

        assertThat(token.exitCode()).isEqualTo(CliException.NOT_LOGGED_IN);
        assertThat(token.out()).isEmpty();
        assertThat(token.err()).contains("not logged in; run `sluice login`");
    }

    @Test
    void connectWithoutALoginExitsBeforeListening() {
        CliRun connect = CliRun.of(context(Sleeper.system()), "connect", "demo");

        assertThat(connect.exitCode()).isEqualTo(CliException.NOT_LOGGED_IN);
        assertThat(connect.out()).doesNotContain("Listening");
        assertThat(connect.err()).contains("not logged in");
    }

    @Test
    void logoutDeletesTheTokenFile() {
        assertThat(login("carol", new ArrayList<>()).exitCode()).isZero();

        CliRun logout = CliRun.of(context(Sleeper.system()), "logout");

        assertThat(logout.exitCode()).isZero();
        assertThat(home.resolve("sluice").resolve(TokenStore.FILE_NAME)).doesNotExist();
        assertThat(CliRun.of(context(Sleeper.system()), "whoami").exitCode()).isEqualTo(CliException.NOT_LOGGED_IN);
    }

    @Test
    void ciBotGetsAFifteenMinuteServiceTokenWithItsClientSecret() throws Exception {
        Path secret = Files.writeString(home.resolve("ci-bot.secret"), IdentityAdapterServer.CI_BOT_SECRET + "\n");

        CliRun token = CliRun.of(context(Sleeper.system()), "token", "--issuer", adapter.issuer(), "--client-id", "ci-bot",
                "--client-secret-file", secret.toString());

        assertThat(token.exitCode()).as(token.err()).isZero();
        TokenClaims claims = TokenClaims.decode(token.out().strip());
        assertThat(claims.subject()).isEqualTo("ci-bot");
        assertThat(claims.kind()).isEqualTo("service");
        assertThat(claims.team()).isEqualTo("platform");
        assertThat(claims.groups()).containsExactly("agents");
        assertThat(Duration.between(claims.issuedAt(), claims.expiresAt())).isLessThanOrEqualTo(Duration.ofMinutes(15));
        assertThat(home.resolve("sluice").resolve(TokenStore.FILE_NAME)).as("service tokens are not stored").doesNotExist();
    }

    @Test
    void aWrongClientSecretIsDeniedWithoutPrintingTheSecret() throws Exception {
        Path secret = Files.writeString(home.resolve("wrong.secret"), "not-the-secret-42");

        CliRun token = CliRun.of(context(Sleeper.system()), "token", "--issuer", adapter.issuer(), "--client-id", "ci-bot",
                "--client-secret-file", secret.toString());

        assertThat(token.exitCode()).isEqualTo(CliException.DENIED);
        assertThat(token.out()).isEmpty();
        assertThat(token.err()).contains("invalid_client").doesNotContain("not-the-secret-42");
    }

    @Test
    void aServiceWithOnlyAPrivateKeyGetsATokenWithPrivateKeyJwt() throws Exception {
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(ciKey.toPrivateKey().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        Path key = Files.writeString(home.resolve("ci-key.pem"), pem);

        CliRun token = CliRun.of(context(Sleeper.system()), "token", "--issuer", adapter.issuer(), "--client-id", "ci-key",
                "--private-key", key.toString(), "--key-id", "ci-key-1");

        assertThat(token.exitCode()).as(token.err()).isZero();
        TokenClaims claims = TokenClaims.decode(token.out().strip());
        assertThat(claims.subject()).isEqualTo("ci-key");
        assertThat(claims.kind()).isEqualTo("service");
        assertThat(claims.team()).isEqualTo("release");
    }

    @Test
    void anUnreachableIssuerFailsWithAClearMessage() {
        CliRun login = CliRun.of(context(Sleeper.system()), "login", "--issuer", "http://127.0.0.1:1");

        assertThat(login.exitCode()).isEqualTo(CliException.FAILURE);
        assertThat(login.err()).startsWith("sluice: cannot reach http://127.0.0.1:1");
    }
}
