package dev.sluice.approval.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/**
 * approval-service's own metrics: {@code sluice_approval_requests_pending} (requests waiting for a decision now)
 * and {@code sluice_approval_wait_seconds} (how long a request waited until it reached its final state, by
 * outcome: approved, denied, expired, cancelled), which is the time a held statement waited on the wire.
 */
@Component
public final class ApprovalMetrics {

    private final MeterRegistry registry;
    private final AtomicLong pending = new AtomicLong();
    private final Map<String, Timer> waits = new ConcurrentHashMap<>();

    public ApprovalMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("sluice.approval.requests.pending", pending, AtomicLong::get)
                .description("Approval requests waiting for a decision")
                .register(registry);
    }

    /** Publishes how many approval requests are waiting now. */
    public void pendingChanged(long count) {
        pending.set(count);
    }

    /** A request left PENDING for {@code outcome} after waiting {@code waited}. */
    public void finished(String outcome, Duration waited) {
        String tag = outcome.toLowerCase(Locale.ROOT);
        waits.computeIfAbsent(tag, key -> Timer.builder("sluice.approval.wait")
                .description("Time from an approval request's creation to its final state, by outcome")
                .tag("outcome", key)
                .publishPercentileHistogram()
                .register(registry)).record(waited.isNegative() ? Duration.ZERO : waited);
    }
}
