package dev.sluice.approval.service;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Long-poll waiters by request id: a transition committed by this instance wakes them at once, so a held
 * statement resumes the moment a reviewer clicks, without any periodic reading of the database. Waiters on other
 * instances of the service return when their own long-poll times out and are then re-asked by the proxy.
 */
public final class StateWaiters {
    private final Map<UUID, List<Consumer<UUID>>> waiters = new ConcurrentHashMap<>();

    /** Registers a one-shot callback for the next transition of {@code id}; the returned runnable removes it. */
    public Runnable register(UUID id, Consumer<UUID> onTransition) {
        waiters.computeIfAbsent(id, ignored -> new CopyOnWriteArrayList<>()).add(onTransition);
        return () -> waiters.computeIfPresent(id, (ignored, list) -> {
            list.remove(onTransition);
            return list.isEmpty() ? null : list;
        });
    }

    /** Wakes everyone waiting on {@code id}. */
    public void transitioned(UUID id) {
        List<Consumer<UUID>> woken = waiters.remove(id);
        if (woken != null) {
            woken.forEach(waiter -> waiter.accept(id));
        }
    }

    /** Number of requests with waiters (for tests and metrics). */
    public int size() {
        return waiters.size();
    }
}
