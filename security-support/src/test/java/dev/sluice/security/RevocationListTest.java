package dev.sluice.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;

/** identity-adapter's revocation list as every service sees it, served here by a loopback HTTP server. */
class RevocationListTest {
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
    void aSubjectRevocationRefusesTokensIssuedUpToItButNotLaterOnes() {
        Instant revokedAt = Instant.now().minusSeconds(10);
        list = "{\"version\":1,\"revocations\":[{\"type\":\"subject\",\"value\":\"bob\",\"revoked_at\":"
                + revokedAt.getEpochSecond() + ",\"reason\":\"laptop stolen\"}]}";
        try (var revocations = RevocationList.polling(uri(), Duration.ofSeconds(5), Duration.ofMinutes(1))) {
            assertThat(revocations.refusal("j1", "bob", revokedAt.minusSeconds(60)))
                    .hasValue("the identity \"bob\" was revoked (laptop stolen)");
            assertThat(revocations.refusal("j2", "bob", null)).isPresent();
            assertThat(revocations.refusal("j3", "bob", revokedAt.plusSeconds(5))).isEmpty();
            assertThat(revocations.refusal("j4", "alice", revokedAt.minusSeconds(60))).isEmpty();
        }
    }

    @Test
    void aTokenRevocationRefusesOnlyThatTokenWithinOneRefresh() {
        try (var revocations = RevocationList.polling(uri(), Duration.ofMillis(100), Duration.ofMinutes(1))) {
            Instant issued = Instant.now();
            assertThat(revocations.refusal("j1", "ci-bot", issued)).isEmpty();

            list = "{\"version\":1,\"revocations\":[{\"type\":\"token\",\"value\":\"j1\",\"reason\":\"leaked\"}]}";

            Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> revocations.refusal("j1", "ci-bot", issued).isPresent());
            assertThat(revocations.refusal("j1", "ci-bot", issued)).hasValue("the token was revoked (leaked)");
            assertThat(revocations.refusal("j2", "ci-bot", issued)).isEmpty();
        }
    }

    @Test
    void aStaleListRefusesEveryTokenButReportsNoRevocation() {
        try (var revocations = RevocationList.polling(uri(), Duration.ofMillis(100), Duration.ofMillis(500))) {
            assertThat(revocations.stale()).isFalse();

            server.stop(0);

            Awaitility.await().atMost(Duration.ofSeconds(10)).until(revocations::stale);
            assertThat(revocations.refusal("j1", "bob", Instant.now()).orElseThrow()).contains("could not be refreshed");
            assertThat(revocations.revoked("j1", "bob", Instant.now())).isEmpty();
        }
    }

    @Test
    void theDisabledListAcceptsEverything() {
        try (var revocations = RevocationList.disabled()) {
            assertThat(revocations.refusal("j1", "bob", Instant.EPOCH)).isEmpty();
            assertThat(revocations.stale()).isFalse();
        }
    }

    @Test
    void theSpringValidatorFailsRevokedTokensWithInvalidToken() {
        list = "{\"version\":1,\"revocations\":[{\"type\":\"service\",\"value\":\"ci-bot\",\"revoked_at\":"
                + Instant.now().plusSeconds(1).getEpochSecond() + ",\"reason\":\"key leaked\"}]}";
        try (var revocations = RevocationList.polling(uri(), Duration.ofSeconds(5), Duration.ofMinutes(1))) {
            var validator = new JwtRevocationValidator(revocations);
            var revoked = validator.validate(jwt("ci-bot"));
            assertThat(revoked.hasErrors()).isTrue();
            assertThat(revoked.getErrors()).singleElement().satisfies(error -> {
                assertThat(error.getErrorCode()).isEqualTo("invalid_token");
                assertThat(error.getDescription()).contains("ci-bot").contains("key leaked");
            });
            assertThat(validator.validate(jwt("alice")).hasErrors()).isFalse();
        }
    }

    private static Jwt jwt(String subject) {
        Instant now = Instant.now();
        return new Jwt("header.payload.signature", now, now.plusSeconds(600), Map.of("alg", "RS256"),
                Map.of("sub", subject, "jti", subject + "-1", "iat", now));
    }
}
