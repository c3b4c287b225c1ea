package dev.sluice.policy.grants;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * The feed client against a loopback HTTP server speaking approval-service's {@code GET /v1/grants/feed}: it
 * presents the service key, follows changes, and keeps what it knew (expiring on time, nothing new) while the
 * feed is down.
 */
class GrantFeedClientTest {
    private static final String KEY = "feed-key-for-tests";

    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final AtomicReference<String> answer = new AtomicReference<>();
    private HttpServer server;
    private GrantBook book;
    private GrantFeedClient client;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/grants/feed", this::serve);
        server.start();
        book = new GrantBook(Clock.systemUTC());
        client = new GrantFeedClient(new GrantFeedProperties(
                URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/"), KEY, Duration.ofMillis(200),
                Duration.ofMillis(100)), book, JsonMapper.builder().build());
    }

    @AfterEach
    void stop() {
        client.stop();
        server.stop(0);
        book.close();
    }

    private void serve(HttpExchange exchange) throws IOException {
        authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
        String body = answer.get();
        if (body == null) {
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
            return;
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private static String feed(String epoch, String id, Instant expiresAt) {
        return "{\"epoch\":\"" + epoch + "\",\"grants\":[{\"id\":\"" + id + "\",\"subject\":\"bob\","
                + "\"connection\":\"demo\",\"group\":\"dba\",\"expiresAt\":\"" + expiresAt + "\"}]}";
    }

    @Test
    void followsTheFeedWithTheServiceKey() {
        answer.set(feed("e-1", "g-1", Instant.now().plusSeconds(3600)));
        client.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> !book.snapshot(Instant.now()).of("bob", "demo").isEmpty());
        assertThat(authorizations).allMatch(("SluiceService " + KEY)::equals);

        answer.set("{\"epoch\":\"e-2\",\"grants\":[]}");
        await().atMost(Duration.ofSeconds(10)).until(() -> book.snapshot(Instant.now()).grants().isEmpty());
    }

    @Test
    void whileTheFeedIsDownKnownGrantsStillExpireAndNoneAppear() {
        Instant soon = Instant.now().plusSeconds(8);
        answer.set(feed("e-1", "g-1", soon));
        client.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> !book.snapshot(Instant.now()).grants().isEmpty());

        answer.set(null); // approval-service fails from now on
        int failedReads = authorizations.size();
        await().atMost(Duration.ofSeconds(10)).until(() -> authorizations.size() > failedReads + 2);
        // the grant is still known until its expiry ...
        assertThat(book.snapshot(Instant.now()).of("bob", "demo")).extracting(ActiveGrant::id).containsExactly("g-1");
        // ... and gone at it, with nobody telling the book
        await().atMost(Duration.ofSeconds(20)).until(() -> book.snapshot(Instant.now()).grants().isEmpty());
        assertThat(book.snapshot(soon).grants()).isEmpty();
    }
}
