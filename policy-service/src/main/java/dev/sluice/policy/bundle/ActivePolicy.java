package dev.sluice.policy.bundle;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Holds the bundle in force and tells waiters when its version changes (for the long-poll of
 * {@code GET /v1/policies/version}). Reads are a volatile load, so the decision path never locks.
 */
public final class ActivePolicy {

    private final Clock clock;
    private volatile PolicyBundle current;
    private volatile Instant loadedAt;
    private volatile Rejection lastRejection;
    private final Set<Consumer<PolicyBundle>> waiters = new LinkedHashSet<>();

    /**
     * A reload that was refused; the previous bundle kept serving.
     *
     * @param at      when the reload was attempted
     * @param file    the file at fault, or null when the problem concerns the whole bundle
     * @param line    1-based line, 0 when unknown
     * @param message what is wrong, as {@code file:line: problem}
     */
    public record Rejection(Instant at, String file, int line, String message) {}

    public ActivePolicy(PolicyBundle initial) {
        this(initial, Clock.systemUTC());
    }

    public ActivePolicy(PolicyBundle initial, Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.current = Objects.requireNonNull(initial, "initial");
        this.loadedAt = clock.instant();
    }

    /** When the bundle in force was put in force (or last reloaded with identical content). */
    public Instant loadedAt() {
        return loadedAt;
    }

    /** The most recent refused reload, or null if none was refused since startup. */
    public Rejection lastRejection() {
        return lastRejection;
    }

    /** Records that a reload was refused; the bundle in force is unchanged. */
    public void reject(PolicyBundleException problem) {
        lastRejection = new Rejection(clock.instant(), problem.file(), problem.line(), problem.getMessage());
    }

    /** The bundle in force. */
    public PolicyBundle current() {
        return current;
    }

    /** Puts {@code next} in force; if its version differs, every waiter is told once. */
    public void replace(PolicyBundle next) {
        Objects.requireNonNull(next, "next");
        List<Consumer<PolicyBundle>> notify;
        synchronized (waiters) {
            boolean changed = !next.version().equals(current.version());
            current = next;
            loadedAt = clock.instant();
            if (!changed) {
                return;
            }
            notify = new ArrayList<>(waiters);
            waiters.clear();
        }
        notify.forEach(waiter -> waiter.accept(next));
    }

    /**
     * Calls {@code listener} once, as soon as the version in force differs from {@code knownVersion}: at
     * once if it already does.
     *
     * @return cancels the wait (call it when the waiter gives up, so that waiters never pile up)
     */
    public Runnable onVersionChange(String knownVersion, Consumer<PolicyBundle> listener) {
        PolicyBundle now;
        synchronized (waiters) {
            now = current;
            if (now.version().equals(knownVersion)) {
                waiters.add(listener);
                return () -> {
                    synchronized (waiters) {
                        waiters.remove(listener);
                    }
                };
            }
        }
        listener.accept(now);
        return () -> { };
    }

    /** How many waiters are registered (for tests and metrics). */
    public int waiterCount() {
        synchronized (waiters) {
            return waiters.size();
        }
    }
}
