package dev.sluice.identity.revocation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The revocation list every service pulls: revoked tokens (by {@code jti}), subjects and service identities.
 *
 * <p>A subject revocation refuses every token of that subject issued at or before the revocation; since no
 * token lives longer than the one-hour ceiling, an entry is dropped an hour after it was made. A service
 * revocation additionally stops the service client from getting new tokens until it is lifted. Every change
 * bumps {@link #version()} so that pollers can tell they are current.
 *
 * <p>Entries are served from memory and written through to a {@link RevocationStore} (PostgreSQL when a database
 * is configured), from which they are read back at start, so a restart forgets nothing. Replicas do not see each
 * other's changes: run one replica (see docs/identity.md).
 */
public final class Revocations {

    /** What is revoked. */
    public enum Type {
        /** One token, by its {@code jti}. */
        TOKEN,
        /** Every token of a subject issued up to now. */
        SUBJECT,
        /** A service identity: its tokens up to now, and new ones until lifted. */
        SERVICE
    }

    /**
     * One revocation.
     *
     * @param type      what is revoked
     * @param value     the jti, subject or client id
     * @param revokedAt when; tokens issued at or before it are refused
     * @param expiresAt when the entry is dropped (tokens issued before it have all expired by then)
     * @param reason    free text for audit, shown to clients whose session ends
     */
    public record Revocation(Type type, String value, Instant revokedAt, Instant expiresAt, String reason) {}

    private final Clock clock;
    private final Duration retention;
    private final RevocationStore store;
    private final Map<String, Revocation> entries = new LinkedHashMap<>();
    private long version;

    /**
     * In memory only.
     *
     * @param clock     time source
     * @param retention how long entries are kept: the longest token lifetime
     */
    public Revocations(Clock clock, Duration retention) {
        this(clock, retention, RevocationStore.IN_MEMORY);
    }

    /**
     * Starts with the entries of {@code store} and writes every change through to it.
     *
     * @param clock     time source
     * @param retention how long entries are kept: the longest token lifetime
     * @param store     where entries outlive the process
     */
    public Revocations(Clock clock, Duration retention, RevocationStore store) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.retention = Objects.requireNonNull(retention, "retention");
        this.store = Objects.requireNonNull(store, "store");
        for (Revocation revocation : store.load(clock.instant())) {
            entries.put(key(revocation.type(), revocation.value()), revocation);
        }
        // Versions keep increasing across restarts, so a poller never mistakes the reloaded list for an older one.
        this.version = clock.millis();
    }

    /** Adds (or renews) a revocation. */
    public synchronized Revocation revoke(Type type, String value, String reason) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("value must not be blank");
        }
        Instant now = clock.instant();
        Revocation revocation = new Revocation(type, value, now, type == Type.SERVICE ? Instant.MAX : now.plus(retention),
                reason == null ? "" : reason);
        store.save(revocation);
        entries.put(key(type, value), revocation);
        version++;
        return revocation;
    }

    /** Lifts a service revocation (its old tokens stay refused until they have expired). */
    public synchronized boolean lift(String clientId) {
        Revocation removed = entries.get(key(Type.SERVICE, clientId));
        if (removed == null) {
            return false;
        }
        Instant now = clock.instant();
        Revocation remaining = new Revocation(Type.SUBJECT, clientId, removed.revokedAt(), now.plus(retention), removed.reason());
        // the subject entry first: a failure in between must not leave the old tokens accepted
        store.save(remaining);
        store.delete(Type.SERVICE, clientId);
        entries.remove(key(Type.SERVICE, clientId));
        entries.put(key(Type.SUBJECT, clientId), remaining);
        version++;
        return true;
    }

    /** Whether a token with these claims is revoked (by jti, or its subject since its issue time). */
    public synchronized boolean refuses(String jti, String subject, Instant issuedAt) {
        if (jti != null && entries.containsKey(key(Type.TOKEN, jti))) {
            return true;
        }
        for (Type type : List.of(Type.SUBJECT, Type.SERVICE)) {
            Revocation entry = subject == null ? null : entries.get(key(type, subject));
            if (entry != null && (issuedAt == null || !issuedAt.isAfter(entry.revokedAt()))) {
                return true;
            }
        }
        return false;
    }

    /** Whether a service client may currently get tokens. */
    public synchronized boolean serviceRevoked(String clientId) {
        return entries.containsKey(key(Type.SERVICE, clientId));
    }

    /** The current entries, expired ones dropped. */
    public synchronized List<Revocation> list() {
        Instant now = clock.instant();
        if (entries.values().removeIf(entry -> entry.expiresAt().isBefore(now))) {
            version++;
            try {
                store.deleteExpired(now);
            } catch (RuntimeException e) {
                // expired entries refuse nothing; they are deleted at the next attempt
            }
        }
        return new ArrayList<>(entries.values());
    }

    /** Increases with every change. */
    public synchronized long version() {
        return version;
    }

    private static String key(Type type, String value) {
        return type + ":" + value;
    }
}
