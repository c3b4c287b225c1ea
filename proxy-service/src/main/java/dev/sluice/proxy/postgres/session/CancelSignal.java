package dev.sluice.proxy.postgres.session;

import java.util.concurrent.CompletableFuture;

/**
 * A session's view of cancel requests. A statement the proxy still holds (being decided, later waiting for an
 * approval) has not reached the target, so a cancel sent to the target would find it idle and be lost; the proxy
 * therefore notes the request and the relay refuses the held statement with 57014 instead of forwarding it.
 * Like PostgreSQL, a cancel that arrives while nothing is in flight has no lasting effect: the next statement
 * starts with a clean slate.
 */
public final class CancelSignal {
    private volatile boolean holding;
    private volatile boolean requested;
    private volatile CompletableFuture<String> requests = new CompletableFuture<>();

    /** The relay starts holding a statement. */
    public void hold() {
        requested = false;
        requests = new CompletableFuture<>();
        holding = true;
    }

    /**
     * Completes when a cancel request arrives for the statement currently held (waiting for an approval must wake up
     * at once rather than notice it later).
     */
    public CompletableFuture<String> requests() {
        return requests;
    }

    /**
     * The relay stops holding the statement.
     *
     * @return whether a cancel arrived meanwhile, so the statement must not run
     */
    public boolean release() {
        holding = false;
        boolean cancelled = requested;
        requested = false;
        return cancelled;
    }

    /**
     * A cancel request for this session arrived.
     *
     * @return whether it was for a statement the proxy holds, so the target must not see it: the target would
     *         otherwise cancel whatever the client sends next if that arrives first
     */
    boolean request() {
        if (holding) {
            requested = true;
            requests.complete("cancelled by the client");
            return true;
        }
        return false;
    }
}
