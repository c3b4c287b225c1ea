package dev.sluice.cli.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.sluice.cli.CliContext;
import dev.sluice.cli.CliException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The polling rules of RFC 8628 section 3.5 against an issuer that answers with scripted token endpoint errors.
 * identity-adapter never sends {@code slow_down}, so these answers come from a small HTTP server of the test's own.
 */
class DeviceFlowTest {
    private static final String JWT = "e30.eyJzdWIiOiJhbGljZSIsImV4cCI6NDEwMjQ0NDgwMH0.c2ln";

    private HttpServer issuer;
    private final Deque<String> tokenAnswers = new ConcurrentLinkedDeque<>();
    private final List<Duration> sleeps = new ArrayList<>();

    @BeforeEach
    void startIssuer() throws IOException {
        issuer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        String base = "http://127.0.0.1:" + issuer.getAddress().getPort();
        issuer.createContext("/.well-known/openid-configuration", exchange -> answer(exchange, 200, """
                {"issuer":"%s","token_endpoint":"%s/token","device_authorization_endpoint":"%s/device"}"""
                .formatted(base, base, base)));
        issuer.createContext("/device", exchange -> answer(exchange, 200, """
                {"device_code":"dc","user_code":"ABCD-EFGH","verification_uri":"%s/activate","expires_in":300,"interval":3}"""
                .formatted(base)));
        issuer.createContext("/token", exchange -> {
            String next = tokenAnswers.poll();
            if (next == null || next.startsWith("{\"access_token\"")) {
                answer(exchange, 200, next == null ? "{\"access_token\":\"" + JWT + "\"}" : next);
            } else {
                answer(exchange, 400, "{\"error\":\"" + next + "\"}");
            }
        });
        issuer.start();
    }

    @AfterEach
    void stopIssuer() {
        issuer.stop(0);
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private TokenResponse login() {
        OAuthClient oauth = new OAuthClient(CliContext.newHttpClient(), Clock.systemUTC());
        IssuerMetadata metadata = oauth.discover("http://127.0.0.1:" + issuer.getAddress().getPort());
        return new DeviceFlow(oauth, Clock.systemUTC(), sleeps::add).login(metadata, "sluice-cli", "profile", device -> { });
    }

    @Test
    void waitsTheIntervalAndFiveSecondsMoreAfterEachSlowDown() {
        tokenAnswers.addAll(List.of("authorization_pending", "slow_down", "authorization_pending", "slow_down"));

        TokenResponse tokens = login();

        assertThat(tokens.accessToken()).isEqualTo(JWT);
        assertThat(sleeps).containsExactly(Duration.ofSeconds(3), Duration.ofSeconds(3), Duration.ofSeconds(8), Duration.ofSeconds(8),
                Duration.ofSeconds(13));
    }

    @Test
    void aDeniedLoginEndsWithTheDeniedExitCode() {
        tokenAnswers.addAll(List.of("authorization_pending", "access_denied"));

        assertThatThrownBy(this::login).isInstanceOfSatisfying(CliException.class, e -> {
            assertThat(e.exitCode()).isEqualTo(CliException.DENIED);
            assertThat(e.getMessage()).contains("denied");
        });
    }

    @Test
    void anExpiredCodeEndsWithTheDeniedExitCode() {
        tokenAnswers.add("expired_token");

        assertThatThrownBy(this::login).isInstanceOfSatisfying(CliException.class, e -> {
            assertThat(e.exitCode()).isEqualTo(CliException.DENIED);
            assertThat(e.getMessage()).contains("expired");
        });
    }

    @Test
    void aDiscoveryDocumentOfAnotherIssuerIsRefused() {
        OAuthClient oauth = new OAuthClient(CliContext.newHttpClient(), Clock.systemUTC());

        assertThatThrownBy(() -> oauth.discover("http://localhost:" + issuer.getAddress().getPort()))
                .isInstanceOf(CliException.class).hasMessageContaining("names the issuer");
    }
}
