package dev.sluice.proxy.core;

import dev.sluice.contracts.decision.ConnectionRef;
import dev.sluice.contracts.identity.Identity;
import dev.sluice.proxy.limits.IdentityLimits;
import dev.sluice.proxy.limits.LimitExceeded;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One authenticated client session through the gateway: who, to which connection, from where, and its
 * recorder. Protocol-neutral; each protocol keeps its wire state elsewhere.
 */
public final class ProxySession {
    private final String id;
    private final Identity identity;
    private final ConnectionRef connection;
    private final String clientAddress;
    private final SessionRecorder recorder;
    private final long startedNanos = System.nanoTime();
    private final AtomicLong commands = new AtomicLong();
    private volatile IdentityLimits.Lease limits;

    public ProxySession(String id, Identity identity, ConnectionRef connection, String clientAddress,
            SessionRecorder recorder) {
        this.id = id;
        this.identity = identity;
        this.connection = connection;
        this.clientAddress = clientAddress;
        this.recorder = recorder;
    }

    public String id() {
        return id;
    }

    public Identity identity() {
        return identity;
    }

    public ConnectionRef connection() {
        return connection;
    }

    public String clientAddress() {
        return clientAddress;
    }

    public SessionRecorder recorder() {
        return recorder;
    }

    /** Subjects the session's statements to the identity's rate limit (set once it is counted). */
    public void limitedBy(IdentityLimits.Lease lease) {
        this.limits = lease;
    }

    /** Takes one statement from the identity's rate: null when it may run, else the limit it ran into. */
    public LimitExceeded statementLimit() {
        IdentityLimits.Lease lease = limits;
        return lease == null ? null : lease.statement();
    }

    /** Counts a decided command and returns the new count. */
    public long countCommand() {
        return commands.incrementAndGet();
    }

    /** Commands decided so far. */
    public long commands() {
        return commands.get();
    }

    /** Milliseconds since the session was authenticated. */
    public long ageMillis() {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }
}
