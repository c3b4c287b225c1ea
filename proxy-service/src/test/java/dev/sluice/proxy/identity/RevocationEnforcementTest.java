package dev.sluice.proxy.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.sluice.contracts.identity.Identity;
import dev.sluice.contracts.identity.IdentityKind;
import dev.sluice.proxy.config.ProxyProperties;
import dev.sluice.proxy.core.RefusedException;
import dev.sluice.proxy.core.TokenVerifier;
import dev.sluice.proxy.testing.TestTokens;
import dev.sluice.security.RevocationList;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The proxy's use of identity-adapter's revocation list (token verification, live sessions), served here by a loopback HTTP server. */
class RevocationEnforcementTest {
    private static final ProxyProperties.Identity CONFIG = new ProxyProperties.Identity("http://127.0.0.1:1/jwks",
            TestTokens.ISSUER, "sluice", List.of("RS256"), 8192, Duration.ofSeconds(5));

    private final TestTokens tokens = new TestTokens();
    private volatile String list = "{\"version\":0,\"revocations\":[]}";
    private final HttpServer server = server();

    private HttpServer server() {
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            http.createContext("/v1/revocations", exchange -> {
                byte[] body = list.getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            http.start();
            return http;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1/revocations");
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void aRevokedSubjectIsRefusedWithinOneRefreshWithTheReason() {
        try (var revocations = RevocationList.polling(uri(), Duration.ofMillis(100), Duration.ofMinutes(1));
                var verifier = new TokenVerifier(CONFIG, tokens.keys(), revocations)) {
            String token = tokens.human("bob", "analysts");
            assertThat(verifier.verify(token).subject()).isEqualTo("bob");

            list = "{\"version\":1,\"revocations\":[{\"type\":\"subject\",\"value\":\"bob\",\"revoked_at\":"
                    + (Instant.now().getEpochSecond() + 1) + ",\"reason\":\"laptop stolen\"}]}";

            Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThatThrownBy(() -> verifier.verify(token))
                    .isInstanceOf(RefusedException.class).hasMessageContaining("revoked").hasMessageContaining("laptop stolen"));
            assertThat(verifier.verify(tokens.human("alice", "dba")).subject()).isEqualTo("alice");
        }
    }

    @Test
    void aStaleListRefusesNewSessionsButDoesNotEndLiveOnes() {
        try (var revocations = RevocationList.polling(uri(), Duration.ofMillis(100), Duration.ofMillis(500))) {
            var token = new VerifiedToken(new Identity("bob", List.of(), IdentityKind.HUMAN), "j1", Instant.now(),
                    Instant.now().plusSeconds(600));
            assertThat(revocations.refusal(token.jti(), token.identity().subject(), token.issuedAt())).isEmpty();

            server.stop(0);

            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> revocations.refusal(token.jti(), token.identity().subject(), token.issuedAt()).isPresent());
            assertThat(revocations.refusal(token.jti(), token.identity().subject(), token.issuedAt()).orElseThrow()).contains("could not be refreshed");
            assertThat(revocations.revoked(token.jti(), token.identity().subject(), token.issuedAt())).isEmpty();
        }
    }

    @Test
    void theGuardEndsASessionWhenItsTokenExpiresOrIsRevoked() throws Exception {
        try (var revocations = RevocationList.polling(uri(), Duration.ofMillis(100), Duration.ofMinutes(1));
                var guard = new SessionGuard(revocations, Duration.ofMillis(100), Clock.systemUTC())) {
            var shortLived = new VerifiedToken(new Identity("bob", List.of(), IdentityKind.HUMAN), "j1", Instant.now(),
                    Instant.now().plusSeconds(1));
            var revoked = new VerifiedToken(new Identity("ci-bot", List.of(), IdentityKind.SERVICE), "j2", Instant.now().minusSeconds(5),
                    Instant.now().plusSeconds(600));
            var kept = new VerifiedToken(new Identity("alice", List.of(), IdentityKind.HUMAN), "j3", Instant.now(),
                    Instant.now().plusSeconds(600));
            CompletableFuture<String> expiredReason = new CompletableFuture<>();
            CompletableFuture<String> revokedReason = new CompletableFuture<>();
            CompletableFuture<String> keptReason = new CompletableFuture<>();
            guard.watch(shortLived, expiredReason::complete);
            guard.watch(revoked, revokedReason::complete);
            guard.watch(kept, keptReason::complete);

            list = "{\"version\":1,\"revocations\":[{\"type\":\"token\",\"value\":\"j2\",\"reason\":\"leaked\"}]}";

            assertThat(expiredReason.get(10, TimeUnit.SECONDS)).contains("expired");
            assertThat(revokedReason.get(10, TimeUnit.SECONDS)).contains("revoked").contains("leaked");
            assertThat(keptReason).isNotDone();
            assertThat(guard.size()).isEqualTo(1);
        }
    }
}
