package dev.sluice.policy.bundle;

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

    private volatile PolicyBundle current;
    private final Set<Consumer<PolicyBundle>> waiters = new LinkedHashSet<>();

    public ActivePolicy(PolicyBundle initial) {
        this.current = Objects.requireNonNull(initial, "initial");
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
