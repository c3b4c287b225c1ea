package dev.sluice.policy.metrics;

import dev.sluice.policy.bundle.ActivePolicy;
import dev.sluice.policy.bundle.PolicyBundle;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.List;

/**
 * The bundle in force, as metrics: {@code sluice_policy_bundle_info{version}} (always 1; the label names the
 * version), {@code sluice_policy_bundle_rules}, {@code sluice_policy_bundle_loaded_timestamp_seconds},
 * {@code sluice_policy_reloads_total} (version changes put in force since start) and
 * {@code sluice_policy_reload_rejected_timestamp_seconds} (when a reload was last refused, 0 if never).
 *
 * <p>Version changes arrive through {@link ActivePolicy#onVersionChange}, the same hook the long-poll uses, so
 * the info gauge switches label the moment a new bundle is in force and keeps exactly one series.
 */
public final class PolicyBundleMetrics implements AutoCloseable {

    private final ActivePolicy policy;
    private final MultiGauge info;
    private final Counter reloads;
    private final Object lock = new Object();
    private Runnable cancelWait = () -> { };
    private boolean closed;

    public PolicyBundleMetrics(ActivePolicy policy, MeterRegistry registry) {
        this.policy = policy;
        this.info = MultiGauge.builder("sluice.policy.bundle.info")
                .description("The policy bundle in force (value 1; label version is its content hash)")
                .register(registry);
        this.reloads = Counter.builder("sluice.policy.reloads")
                .description("Bundles with a new version put in force since start")
                .register(registry);
        Gauge.builder("sluice.policy.bundle.rules", policy, active -> active.current().rules().size())
                .description("Rules in the bundle in force")
                .register(registry);
        Gauge.builder("sluice.policy.bundle.loaded.timestamp", policy,
                        active -> active.loadedAt().toEpochMilli() / 1000.0)
                .description("When the bundle in force was loaded (Unix seconds)")
                .baseUnit("seconds")
                .register(registry);
        Gauge.builder("sluice.policy.reload.rejected.timestamp", policy, PolicyBundleMetrics::lastRejection)
                .description("When a reload was last refused for an invalid bundle (Unix seconds, 0 if never)")
                .baseUnit("seconds")
                .register(registry);
        follow(policy.current());
    }

    private static double lastRejection(ActivePolicy active) {
        ActivePolicy.Rejection rejection = active.lastRejection();
        return rejection == null ? 0 : rejection.at().toEpochMilli() / 1000.0;
    }

    /** Publishes {@code bundle} and waits for the next version. */
    private void follow(PolicyBundle bundle) {
        synchronized (lock) {
            if (closed) {
                return;
            }
            info.register(List.of(MultiGauge.Row.of(Tags.of("version", bundle.version()), 1)), true);
        }
        // Outside the lock: the listener runs at once (on this thread) when the version already moved on.
        Runnable cancel = policy.onVersionChange(bundle.version(), next -> {
            reloads.increment();
            follow(next);
        });
        synchronized (lock) {
            cancelWait = cancel;
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            cancelWait.run();
        }
    }
}
