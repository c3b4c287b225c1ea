package dev.sluice.policy.grants;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The active JIT access grants as last read from approval-service. Expiry is enforced here, at decision time: a
 * grant past its {@code expiresAt} no longer counts, whether or not approval-service is reachable. Each set of
 * grants in force has a digest (empty for no grants) that becomes part of the policy version proxies cache
 * decisions under; listeners are told when it changes, on a new feed answer or when a grant expires.
 */
public final class GrantBook implements AutoCloseable {

    /**
     * The grants in force at one instant.
     *
     * @param grants     sorted by id
     * @param digest     short hex digest of the grant ids, empty when there are none
     * @param validUntil the earliest expiry among them (when the snapshot stops being current)
     */
    public record Snapshot(List<ActiveGrant> grants, String digest, Instant validUntil) {
        static final Snapshot EMPTY = new Snapshot(List.of(), "", Instant.MAX);

        /** Grants of {@code subject} on {@code connection}. */
        public List<ActiveGrant> of(String subject, String connection) {
            if (grants.isEmpty()) {
                return List.of();
            }
            return grants.stream()
                    .filter(grant -> grant.subject().equals(subject) && grant.connection().equals(connection))
                    .toList();
        }
    }

    private final Clock clock;
    private final Set<Runnable> listeners = new CopyOnWriteArraySet<>();
    private volatile List<ActiveGrant> all = List.of();
    private volatile Snapshot current = Snapshot.EMPTY;
    private String notifiedDigest = "";
    private ScheduledExecutorService timer;
    private ScheduledFuture<?> nextExpiry;

    public GrantBook() {
        this(Clock.systemUTC());
    }

    public GrantBook(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The grants in force at {@code now}; a volatile read unless a grant expired since the last call. */
    public Snapshot snapshot(Instant now) {
        Snapshot snapshot = current;
        if (now.isBefore(snapshot.validUntil())) {
            return snapshot;
        }
        Snapshot fresh = build(all, now);
        current = fresh;
        return fresh;
    }

    /** Replaces the whole set with what approval-service reported (grants already expired are dropped). */
    public void replace(List<ActiveGrant> grants) {
        all = grants.stream().sorted(Comparator.comparing(ActiveGrant::id)).toList();
        current = build(all, clock.instant());
        changed();
    }

    /**
     * Registers {@code listener} to run after every change of the set in force, until the returned runnable is
     * called.
     */
    public Runnable subscribe(Runnable listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    private synchronized void changed() {
        Snapshot snapshot = snapshot(clock.instant());
        scheduleExpiry(snapshot.validUntil());
        if (!snapshot.digest().equals(notifiedDigest)) {
            notifiedDigest = snapshot.digest();
            listeners.forEach(Runnable::run);
        }
    }

    /** Wakes version long-polls when the earliest grant expires, so proxies drop decisions made with it. */
    private void scheduleExpiry(Instant at) {
        if (nextExpiry != null) {
            nextExpiry.cancel(false);
            nextExpiry = null;
        }
        if (at.equals(Instant.MAX)) {
            return;
        }
        if (timer == null) {
            timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("grant-expiry")
                    .factory());
        }
        long delay = Math.max(0, Duration.between(clock.instant(), at).toMillis()) + 1;
        nextExpiry = timer.schedule(this::changed, delay, TimeUnit.MILLISECONDS);
    }

    private static Snapshot build(List<ActiveGrant> grants, Instant now) {
        List<ActiveGrant> active = grants.stream().filter(grant -> grant.activeAt(now)).toList();
        if (active.isEmpty()) {
            return Snapshot.EMPTY;
        }
        Instant validUntil = active.stream().map(ActiveGrant::expiresAt).min(Comparator.naturalOrder()).orElseThrow();
        return new Snapshot(active, digest(active), validUntil);
    }

    private static String digest(List<ActiveGrant> grants) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (ActiveGrant grant : grants) {
                sha.update(grant.id().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) '\n');
            }
            return HexFormat.of().formatHex(sha.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    }

    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
