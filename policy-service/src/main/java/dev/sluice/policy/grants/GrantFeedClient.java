package dev.sluice.policy.grants;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keeps the {@link GrantBook} fed from approval-service's {@code GET /v1/grants/feed}: a long-poll that answers
 * the moment a grant changes, with the whole active set each time, so every answer (at the latest every
 * {@code long-poll}) is also a full resync. While approval-service cannot be reached the book keeps what it knew:
 * those grants still expire on time and no new ones appear (fail closed).
 */
public final class GrantFeedClient implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(GrantFeedClient.class);
    static final String SCHEME = "SluiceService ";

    private final GrantFeedProperties properties;
    private final GrantBook book;
    private final JsonMapper json;
    private final HttpClient http;
    private volatile Thread thread;
    private volatile boolean running;

    public GrantFeedClient(GrantFeedProperties properties, GrantBook book, JsonMapper json) {
        this.properties = properties;
        this.book = book;
        this.json = json;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @Override
    public void start() {
        running = true;
        thread = Thread.ofVirtual().name("grant-feed").start(this::follow);
    }

    private void follow() {
        String epoch = null;
        boolean reportedDown = false;
        while (running) {
            try {
                String next = readOnce(epoch);
                if (reportedDown) {
                    log.info("approval-service grant feed reachable again");
                }
                epoch = next;
                reportedDown = false;
            } catch (IOException | FeedException e) {
                epoch = null;
                if (!reportedDown) {
                    log.warn("grant feed unavailable ({}); known grants apply until they expire, no new ones",
                            describe(e));
                    reportedDown = true;
                }
                pause();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** One long-poll; returns the epoch of the set now in the book. */
    String readOnce(String after) throws IOException, InterruptedException {
        String query = after == null ? "" : "?after=" + URLEncoder.encode(after, StandardCharsets.UTF_8)
                + "&wait=" + properties.longPoll().toMillis() + "ms";
        URI uri = URI.create(properties.approvalUrl().toString().replaceAll("/+$", "") + "/v1/grants/feed" + query);
        HttpRequest request = HttpRequest.newBuilder(uri)
                .header("Authorization", SCHEME + properties.feedKey())
                .header("Accept", "application/json")
                .timeout(properties.longPoll().plusSeconds(10))
                .GET()
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new FeedException("HTTP " + response.statusCode() + " from " + uri.getPath());
        }
        try {
            JsonNode root = json.readTree(response.body());
            List<ActiveGrant> grants = new ArrayList<>();
            for (JsonNode grant : root.path("grants")) {
                grants.add(new ActiveGrant(grant.path("id").asString(), grant.path("subject").asString(),
                        grant.path("connection").asString(), grant.path("group").asString(),
                        Instant.parse(grant.path("expiresAt").asString())));
            }
            String epoch = root.path("epoch").asString();
            book.replace(grants);
            return epoch;
        } catch (RuntimeException e) {
            throw new FeedException("unreadable grant feed answer: " + e.getClass().getSimpleName());
        }
    }

    /** The failure without a URL or key: the exception kind and, for our own, its message. */
    private static String describe(Exception e) {
        return e instanceof FeedException ? e.getMessage() : e.getClass().getSimpleName();
    }

    private void pause() {
        try {
            Thread.sleep(properties.retry());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    @Override
    public void stop() {
        running = false;
        Thread current = thread;
        if (current != null) {
            current.interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** The feed answered, but not with a usable set. */
    static final class FeedException extends RuntimeException {
        FeedException(String message) {
            super(message);
        }
    }
}
