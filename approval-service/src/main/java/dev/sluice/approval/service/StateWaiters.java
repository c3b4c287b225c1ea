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
    private final List<Consumer<UUID>> observers = new CopyOnWriteArrayList<>();

    /** Registers a one-shot callback for the next transition of {@code id}; the returned runnable removes it. */
    public Runnable register(UUID id, Consumer<UUID> onTransition) {
        waiters.computeIfAbsent(id, ignored -> new CopyOnWriteArrayList<>()).add(onTransition);
        return () -> waiters.computeIfPresent(id, (ignored, list) -> {
            list.remove(onTransition);
            return list.isEmpty() ? null : list;
        });
    }

    /**
     * Registers a callback for every new request and every transition of any request, for as long as the service
     * runs (the reviewer UI's live updates). Observers must return quickly: they run on the deciding thread.
     */
    public void observeAll(Consumer<UUID> observer) {
        observers.add(observer);
    }

    /** Wakes everyone waiting on {@code id}, and tells every observer. */
    public void transitioned(UUID id) {
        List<Consumer<UUID>> woken = waiters.remove(id);
        if (woken != null) {
            woken.forEach(waiter -> waiter.accept(id));
        }
        observers.forEach(observer -> observer.accept(id));
    }

    /** Number of requests with waiters (for tests and metrics). */
    public int size() {
        return waiters.size();
    }
}
