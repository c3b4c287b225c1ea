package dev.sluice.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;

/** A web UI's sign-in ends once identity-adapter revokes the person, checked against a list served on loopback. */
class RevokedSignInFilterTest {
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

    @AfterEach
    void stop() {
        server.stop(0);
        SecurityContextHolder.clearContext();
    }

    @Test
    void endsTheSessionOfARevokedPersonAndKeepsOthers() throws Exception {
        Instant signedIn = Instant.now().minusSeconds(60);
        list = "{\"version\":1,\"revocations\":[{\"type\":\"subject\",\"value\":\"carol\",\"revoked_at\":"
                + Instant.now().getEpochSecond() + ",\"reason\":\"left the company\"}]}";
        URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1/revocations");
        try (var revocations = RevocationList.polling(uri, Duration.ofSeconds(5), Duration.ofMinutes(1))) {
            var filter = new RevokedSignInFilter(revocations);

            MockHttpSession carolsSession = new MockHttpSession();
            Authentication seen = request(filter, signIn("carol", signedIn), carolsSession);
            assertThat(seen).as("carol's request continues as anonymous").isNull();
            assertThat(carolsSession.isInvalid()).isTrue();

            MockHttpSession alicesSession = new MockHttpSession();
            Authentication alice = signIn("alice", signedIn);
            assertThat(request(filter, alice, alicesSession)).isSameAs(alice);
            assertThat(alicesSession.isInvalid()).isFalse();

            // signing in again after the revocation gives a new ID token, which is not refused
            MockHttpSession again = new MockHttpSession();
            Authentication fresh = signIn("carol", Instant.now().plusSeconds(5));
            assertThat(request(filter, fresh, again)).isSameAs(fresh);
        }
    }

    private static Authentication request(RevokedSignInFilter filter, Authentication authentication,
            MockHttpSession session) throws Exception {
        SecurityContextHolder.getContext().setAuthentication(authentication);
        var request = new MockHttpServletRequest("GET", "/approvals");
        request.setSession(session);
        AtomicReference<Authentication> downstream = new AtomicReference<>();
        filter.doFilter(request, new MockHttpServletResponse(),
                (req, res) -> downstream.set(SecurityContextHolder.getContext().getAuthentication()));
        SecurityContextHolder.clearContext();
        return downstream.get();
    }

    private static Authentication signIn(String subject, Instant issuedAt) {
        var token = new OidcIdToken("id-token-of-" + subject, issuedAt, issuedAt.plusSeconds(3600),
                Map.of("sub", subject, "iss", "http://127.0.0.1:8083", "jti", "jti-" + subject + issuedAt));
        var user = new DefaultOidcUser(List.of(), token);
        var authentication = new TestingAuthenticationToken(user, null, List.of());
        authentication.setAuthenticated(true);
        return authentication;
    }
}
