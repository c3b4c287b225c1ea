package dev.sluice.proxy.limits;

import dev.sluice.contracts.decision.SessionLimits;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * The limits per identity of this proxy replica (counts are not shared between replicas): concurrent sessions of
 * an identity, overall and per connection, and its statement rate, as policy-service sent them with the decision
 * to connect ({@link SessionLimits}).
 *
 * <p>Every session is counted, limited or not, so that a limit introduced by a policy change applies to the
 * sessions already open. Sessions of one identity under the same limits entry share one token bucket, so opening
 * more sessions does not buy more statements. Opening and closing sessions take one lock (they are rare next to
 * statements); a statement takes only its bucket's lock.
 */
public final class IdentityLimits {

    /** The outcome of opening a session: a {@link Lease} to hold for its life, or the limit it ran into. */
    public sealed interface Admission permits Lease, LimitExceeded {}

    private final LongSupplier nanoTime;
    private final Map<String, Integer> sessions = new HashMap<>();
    private final Map<String, Integer> sessionsPerConnection = new HashMap<>();
    private final Map<String, SharedBucket> buckets = new HashMap<>();

    private static final class SharedBucket {
        final TokenBucket bucket;
        int users;

        SharedBucket(TokenBucket bucket) {
            this.bucket = bucket;
        }
    }

    public IdentityLimits() {
        this(System::nanoTime);
    }

    /** Limits reading time from {@code nanoTime} (tests). */
    public IdentityLimits(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    /**
     * Counts a new session of {@code subject} to {@code connection}, unless that would exceed {@code limits}.
     *
     * @param limits the session's limits; null or {@link SessionLimits#NONE} for none
     */
    public synchronized Admission open(String subject, String connection, SessionLimits limits) {
        SessionLimits applied = limits == null ? SessionLimits.NONE : limits;
        String connectionKey = subject + '\0' + connection;
        int open = sessions.getOrDefault(subject, 0);
        int openHere = sessionsPerConnection.getOrDefault(connectionKey, 0);
        if (applied.maxSessions() > 0 && open >= applied.maxSessions()) {
            return new LimitExceeded(LimitExceeded.SESSIONS, applied.ruleId(), applied.maxSessions(), 1,
                    "too many connections for \"" + subject + "\": at most " + applied.maxSessions()
                            + " concurrent sessions (limits " + applied.ruleId() + ")");
        }
        if (applied.maxSessionsPerConnection() > 0 && openHere >= applied.maxSessionsPerConnection()) {
            return new LimitExceeded(LimitExceeded.SESSIONS_PER_CONNECTION, applied.ruleId(),
                    applied.maxSessionsPerConnection(), 1, "too many connections for \"" + subject + "\" to \""
                            + connection + "\": at most " + applied.maxSessionsPerConnection()
                            + " concurrent sessions to this connection (limits " + applied.ruleId() + ")");
        }
        sessions.put(subject, open + 1);
        sessionsPerConnection.put(connectionKey, openHere + 1);
        String bucketKey = null;
        TokenBucket bucket = null;
        if (applied.statementsPerSecond() > 0) {
            bucketKey = subject + '\0' + applied.ruleId();
            SharedBucket shared = buckets.get(bucketKey);
            if (shared == null || !shared.bucket.sameShape(applied.statementsPerSecond(), applied.statementBurst())) {
                // a changed policy replaces the bucket; sessions still holding the old one keep it until they end
                SharedBucket fresh = new SharedBucket(new TokenBucket(applied.statementsPerSecond(),
                        applied.statementBurst(), nanoTime.getAsLong()));
                fresh.users = shared == null ? 0 : shared.users;
                shared = fresh;
                buckets.put(bucketKey, shared);
            }
            shared.users++;
            bucket = shared.bucket;
        }
        return new Lease(this, subject, connectionKey, bucketKey, bucket, applied);
    }

    private synchronized void release(String subject, String connectionKey, String bucketKey) {
        decrement(sessions, subject);
        decrement(sessionsPerConnection, connectionKey);
        if (bucketKey != null) {
            SharedBucket shared = buckets.get(bucketKey);
            if (shared != null && --shared.users <= 0) {
                buckets.remove(bucketKey);
            }
        }
    }

    private static void decrement(Map<String, Integer> counts, String key) {
        counts.computeIfPresent(key, (k, count) -> count <= 1 ? null : count - 1);
    }

    /** Sessions of {@code subject} open on this replica. */
    public synchronized int sessions(String subject) {
        return sessions.getOrDefault(subject, 0);
    }

    /** Identities with open sessions and rate buckets held (for tests: nothing is kept after sessions end). */
    synchronized int tracked() {
        return sessions.size() + sessionsPerConnection.size() + buckets.size();
    }

    /** One counted session; closing it (once) releases its place. */
    public static final class Lease implements Admission, AutoCloseable {
        private final IdentityLimits owner;
        private final String subject;
        private final String connectionKey;
        private final String bucketKey;
        private final TokenBucket bucket;
        private final SessionLimits limits;
        private final AtomicBoolean closed = new AtomicBoolean();

        private Lease(IdentityLimits owner, String subject, String connectionKey, String bucketKey, TokenBucket bucket,
                SessionLimits limits) {
            this.owner = owner;
            this.subject = subject;
            this.connectionKey = connectionKey;
            this.bucketKey = bucketKey;
            this.bucket = bucket;
            this.limits = limits;
        }

        /**
         * Takes one statement from the identity's rate: null when it may run, else the limit it ran into (with
         * {@link LimitExceeded#refused()} 0 when this refusal is to be reported with a later one).
         */
        public LimitExceeded statement() {
            if (bucket == null) {
                return null;
            }
            long now = owner.nanoTime.getAsLong();
            if (bucket.tryTake(now)) {
                return null;
            }
            return new LimitExceeded(LimitExceeded.STATEMENT_RATE, limits.ruleId(), limits.statementsPerSecond(),
                    bucket.refusalsToReport(now), "statement rate limit exceeded for \"" + subject + "\": at most "
                            + rate(limits.statementsPerSecond()) + " statements per second, bursts of "
                            + limits.statementBurst() + " (limits " + limits.ruleId() + "); try again shortly");
        }

        /** The limits this session was opened with. */
        public SessionLimits limits() {
            return limits;
        }

        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                owner.release(subject, connectionKey, bucketKey);
            }
        }

        private static String rate(double perSecond) {
            return perSecond == Math.rint(perSecond) ? String.valueOf((long) perSecond) : String.valueOf(perSecond);
        }
    }
}
