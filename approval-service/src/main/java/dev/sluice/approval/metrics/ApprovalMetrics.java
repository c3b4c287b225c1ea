package dev.sluice.approval.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Component;

/**
 * approval-service's own metrics. Approvals do not exist yet, so this publishes
 * {@code sluice_approval_requests_pending} (always 0 today) so that dashboards and alerts can be built against the
 * final name; the approval workflow calls {@link #pendingChanged(int)} once it keeps requests.
 */
@Component
public final class ApprovalMetrics {

    private final AtomicInteger pending = new AtomicInteger();

    public ApprovalMetrics(MeterRegistry registry) {
        Gauge.builder("sluice.approval.requests.pending", pending, AtomicInteger::get)
                .description("Approval requests waiting for a decision")
                .register(registry);
    }

    /** Publishes how many approval requests are waiting now. */
    public void pendingChanged(int count) {
        pending.set(count);
    }
}
