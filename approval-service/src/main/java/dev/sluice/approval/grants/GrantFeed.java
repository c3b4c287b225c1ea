package dev.sluice.approval.grants;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The epoch of the active-grant set as this instance knows it: bumped after every committed grant transition, and
 * waking long-polls of {@code GET /v1/grants/feed} at once. The epoch starts with a random instance prefix, so a
 * restarted (or another) instance never repeats an epoch a reader already saw; readers of another instance still
 * get the full active set at the end of every long-poll, which is the periodic resync.
 */
public final class GrantFeed {
    private final String instance = UUID.randomUUID().toString().substring(0, 8);
    private final Set<Consumer<String>> waiters = new LinkedHashSet<>();
    private long counter;

    /** The current epoch. */
    public synchronized String epoch() {
        return instance + "-" + counter;
    }

    /** A grant changed: a new epoch, and every waiter is told once. */
    public void changed() {
        List<Consumer<String>> notify;
        String epoch;
        synchronized (this) {
            counter++;
            epoch = epoch();
            notify = new ArrayList<>(waiters);
            waiters.clear();
        }
        notify.forEach(waiter -> waiter.accept(epoch));
    }

    /**
     * Calls {@code listener} once, as soon as the epoch differs from {@code known}: at once if it already does.
     *
     * @return cancels the wait
     */
    public Runnable onChange(String known, Consumer<String> listener) {
        String now;
        synchronized (this) {
            now = epoch();
            if (now.equals(known)) {
                waiters.add(listener);
                return () -> {
                    synchronized (this) {
                        waiters.remove(listener);
                    }
                };
            }
        }
        listener.accept(now);
        return () -> { };
    }
}
