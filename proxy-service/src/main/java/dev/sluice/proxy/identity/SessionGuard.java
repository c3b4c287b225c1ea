package dev.sluice.proxy.identity;

import dev.sluice.security.RevocationList;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps checking the tokens of live sessions: every {@code interval} each session whose token has expired or
 * been revoked is terminated through the callback it registered, with the reason. A session therefore outlives
 * its token's expiry by at most one interval, and a revocation by at most one interval plus the revocation
 * list's refresh interval.
 */
public final class SessionGuard implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SessionGuard.class);

    private record Watched(VerifiedToken token, Consumer<String> terminate) {}

    private final RevocationList revocations;
    private final Clock clock;
    private final Map<Long, Watched> sessions = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final Duration interval;
    private ScheduledExecutorService scheduler;

    public SessionGuard(RevocationList revocations, Duration interval, Clock clock) {
        this.revocations = revocations;
        this.clock = clock;
        this.interval = interval;
    }

    /** The sweeper thread starts with the first session, so verifiers that never hold sessions cost no thread. */
    private synchronized void startSweeping() {
        if (scheduler == null) {
            scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("sluice-session-guard").factory());
            scheduler.scheduleWithFixedDelay(this::sweep, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** A registration; closing it stops the watching (the session ended by itself). */
    public interface Watch extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Watches a session's token.
     *
     * @param terminate called at most once, from the guard's thread, with the reason safe to show the client
     */
    public Watch watch(VerifiedToken token, Consumer<String> terminate) {
        startSweeping();
        long id = ids.incrementAndGet();
        sessions.put(id, new Watched(token, terminate));
        return () -> sessions.remove(id);
    }

    /** Live sessions being watched. */
    public int size() {
        return sessions.size();
    }

    void sweep() {
        for (var entry : sessions.entrySet()) {
            Optional<String> reason = reasonToEnd(entry.getValue().token());
            if (reason.isPresent() && sessions.remove(entry.getKey()) != null) {
                try {
                    entry.getValue().terminate().accept(reason.get());
                } catch (RuntimeException e) {
                    log.warn("terminating a session failed", e);
                }
            }
        }
    }

    private Optional<String> reasonToEnd(VerifiedToken token) {
        if (!clock.instant().isBefore(token.expiresAt())) {
            return Optional.of("the token has expired");
        }
        return revocations.revoked(token.jti(), token.identity().subject(), token.issuedAt());
    }

    @Override
    public synchronized void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        revocations.close();
    }
}
