package dev.sluice.security;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * identity-adapter's revocation list ({@code GET /v1/revocations}), pulled every {@code refresh}: revoked token
 * ids, and subjects (humans or service identities) whose tokens issued up to a point in time are refused.
 *
 * <p>Bounded time to take effect: a revocation reaches a service within one refresh interval (plus the request
 * time). Fails closed: when the list could not be refreshed for longer than {@code maxStaleness}, every token is
 * refused, since a revocation might have been missed.
 *
 * <p>Shared by every service that verifies Sluice tokens: the proxy checks it at session start and for live
 * sessions, the HTTP services through {@link JwtRevocationValidator}. Plain Java, so that the data path needs no
 * Spring.
 */
public final class RevocationList implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RevocationList.class);
    private static final int MAX_BODY_BYTES = 4 * 1024 * 1024;

    private record Snapshot(long version, Set<String> tokens, Map<String, Instant> subjects, Map<String, String> reasons) {
        static final Snapshot EMPTY = new Snapshot(-1, Set.of(), Map.of(), Map.of());
    }

    private final URI uri;
    private final Duration refresh;
    private final Duration maxStaleness;
    private final Clock clock;
    private final HttpClient http;
    private final JsonMapper json = JsonMapper.builder().build();
    private final ScheduledExecutorService scheduler;
    private volatile Snapshot snapshot = Snapshot.EMPTY;
    private volatile Instant lastSuccess;

    private RevocationList(URI uri, Duration refresh, Duration maxStaleness, Clock clock) {
        this.uri = uri;
        this.refresh = refresh;
        this.maxStaleness = maxStaleness;
        this.clock = clock;
        this.lastSuccess = clock.instant();
        if (uri == null) {
            this.http = null;
            this.scheduler = null;
            return;
        }
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        this.scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("sluice-revocations").factory());
    }

    /** No revocation list (tests, or a deployment that accepts tokens until they expire). */
    public static RevocationList disabled() {
        return new RevocationList(null, Duration.ofSeconds(1), Duration.ofDays(1), Clock.systemUTC());
    }

    /** Pulls {@code uri} now and then every {@code refresh}. */
    public static RevocationList polling(URI uri, Duration refresh, Duration maxStaleness) {
        RevocationList list = new RevocationList(uri, refresh, maxStaleness, Clock.systemUTC());
        list.refreshNow();
        list.scheduler.scheduleWithFixedDelay(list::refreshNow, refresh.toMillis(), refresh.toMillis(), TimeUnit.MILLISECONDS);
        return list;
    }

    /** The {@code revocations-uri} value that turns revocation checks off. */
    public static final String NONE = "none";

    /**
     * The list a service configured with {@code revocations-uri} uses: blank means {@code /v1/revocations} on the
     * server of {@code jwksUri} (identity-adapter serves both), {@value #NONE} means no checks.
     */
    public static RevocationList forService(String revocationsUri, String jwksUri, Duration refresh, Duration maxStaleness) {
        if (NONE.equals(revocationsUri)) {
            return disabled();
        }
        URI uri = revocationsUri == null || revocationsUri.isBlank()
                ? URI.create(jwksUri).resolve("/v1/revocations") : URI.create(revocationsUri);
        return polling(uri, refresh, maxStaleness);
    }

    /** Fetches the list once; failures keep the previous list and are logged. */
    public void refreshNow() {
        if (uri == null) {
            return;
        }
        try {
            HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(3)).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            byte[] body;
            try (InputStream in = response.body()) {
                body = in.readNBytes(MAX_BODY_BYTES + 1);
            }
            if (response.statusCode() != 200 || body.length > MAX_BODY_BYTES) {
                log.warn("revocation list {} answered HTTP {}", uri, response.statusCode());
                return;
            }
            snapshot = parse(json.readTree(body));
            lastSuccess = clock.instant();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.warn("revocation list {} unavailable: {}", uri, e.toString());
        }
    }

    private static Snapshot parse(JsonNode root) {
        Set<String> tokens = new HashSet<>();
        Map<String, Instant> subjects = new HashMap<>();
        Map<String, String> reasons = new HashMap<>();
        for (JsonNode entry : root.path("revocations")) {
            String type = entry.path("type").asString("");
            String value = entry.path("value").asString("");
            String reason = entry.path("reason").asString("");
            if (value.isEmpty()) {
                continue;
            }
            if (type.equals("token")) {
                tokens.add(value);
                reasons.put("token:" + value, reason);
            } else if (type.equals("subject") || type.equals("service")) {
                Instant at = Instant.ofEpochSecond(entry.path("revoked_at").asLong(Long.MAX_VALUE / 2));
                subjects.merge(value, at, (a, b) -> a.isAfter(b) ? a : b);
                reasons.put("subject:" + value, reason);
            }
        }
        return new Snapshot(root.path("version").asLong(0), Set.copyOf(tokens), Map.copyOf(subjects), Map.copyOf(reasons));
    }

    /**
     * Why a token must not be accepted now, if so: it is revoked, or the list is too stale to tell (fail closed).
     *
     * @param jti      the token id, or null when the token has none
     * @param subject  the token's subject
     * @param issuedAt the token's {@code iat}; null counts as issued before any revocation of its subject
     */
    public Optional<String> refusal(String jti, String subject, Instant issuedAt) {
        if (stale()) {
            return Optional.of("the revocation list could not be refreshed; tokens are refused until it can");
        }
        return revoked(jti, subject, issuedAt);
    }

    /** Whether the list could not be refreshed for longer than the allowed staleness. */
    public boolean stale() {
        return uri != null && Duration.between(lastSuccess, clock.instant()).compareTo(maxStaleness) > 0;
    }

    /**
     * Why a token is revoked, if it is, by the last list fetched. Live sessions are ended only for this, not for a
     * stale list, so an identity-adapter outage does not cut every open session.
     */
    public Optional<String> revoked(String jti, String subject, Instant issuedAt) {
        Snapshot current = snapshot;
        if (jti != null && current.tokens().contains(jti)) {
            return Optional.of("the token was revoked" + reason(current.reasons().get("token:" + jti)));
        }
        Instant subjectRevokedAt = subject == null ? null : current.subjects().get(subject);
        if (subjectRevokedAt != null && (issuedAt == null || !issuedAt.isAfter(subjectRevokedAt))) {
            return Optional.of("the identity \"" + subject + "\" was revoked"
                    + reason(current.reasons().get("subject:" + subject)));
        }
        return Optional.empty();
    }

    private static String reason(String reason) {
        return reason == null || reason.isBlank() ? "" : " (" + reason + ")";
    }

    @Override
    public void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }
}
