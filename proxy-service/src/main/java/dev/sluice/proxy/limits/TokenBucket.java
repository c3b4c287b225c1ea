package dev.sluice.proxy.limits;

/**
 * A token bucket: {@code capacity} statements at once, refilled at {@code perSecond}; one token per statement.
 * Also keeps how many statements it refused since it last reported a refusal, so that a client hammering the
 * limit yields at most one audit event per second instead of one per refused statement.
 */
final class TokenBucket {
    private static final long REPORT_INTERVAL_NANOS = 1_000_000_000L;

    private final double perNano;
    private final double capacity;
    private double tokens;
    private long refilledAt;
    private long reportedAt;
    private boolean reportedOnce;
    private int refusedSinceReport;

    TokenBucket(double perSecond, int capacity, long now) {
        this.perNano = perSecond / 1e9;
        this.capacity = capacity;
        this.tokens = capacity;
        this.refilledAt = now;
    }

    /** Takes a token if one is there. */
    synchronized boolean tryTake(long now) {
        if (now > refilledAt) {
            tokens = Math.min(capacity, tokens + (now - refilledAt) * perNano);
            refilledAt = now;
        }
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        refusedSinceReport++;
        return false;
    }

    /**
     * After a refusal: the refusals to report now (this one included), or 0 when one was reported less than a
     * second ago (they are then reported with the next report).
     */
    synchronized int refusalsToReport(long now) {
        if (reportedOnce && now - reportedAt < REPORT_INTERVAL_NANOS) {
            return 0;
        }
        reportedOnce = true;
        reportedAt = now;
        int refused = refusedSinceReport;
        refusedSinceReport = 0;
        return refused;
    }

    boolean sameShape(double perSecond, int size) {
        return perNano == perSecond / 1e9 && capacity == size;
    }
}
