package dev.sluice.policy.metrics;

import dev.sluice.policy.bundle.ActivePolicy;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.List;

/**
 * The bundle in force, as metrics: {@code sluice_policy_bundle_info{version}} (always 1; the label names the
 * version), {@code sluice_policy_bundle_rules}, {@code sluice_policy_bundle_loaded_timestamp_seconds},
 * {@code sluice_policy_reloads_total} (version changes seen since start) and
 * {@code sluice_policy_reload_rejected_timestamp_seconds} (when a reload was last refused, 0 if never).
 *
 * <p>The version in force is compared with the last one seen on every scrape and every decision request (a
 * volatile read), rather than by waiting on {@link ActivePolicy#onVersionChange}: those waiters belong to the
 * long-poll API and are counted as such. So the info series switches label at the latest on the next scrape, and
 * two reloads with neither a decision nor a scrape between them count as one.
 */
public final class PolicyBundleMetrics {

    private final ActivePolicy policy;
    private final MultiGauge info;
    private final Counter reloads;
    private volatile String seenVersion;

    public PolicyBundleMetrics(ActivePolicy policy, MeterRegistry registry) {
        this.policy = policy;
        this.info = MultiGauge.builder("sluice.policy.bundle.info")
                .description("The policy bundle in force (value 1; label version is its content hash)")
                .register(registry);
        this.reloads = Counter.builder("sluice.policy.reloads")
                .description("Bundles with a new version put in force since start")
                .register(registry);
        Gauge.builder("sluice.policy.bundle.rules", this, metrics -> metrics.observe().current().rules().size())
                .description("Rules in the bundle in force")
                .register(registry);
        Gauge.builder("sluice.policy.bundle.loaded.timestamp", this,
                        metrics -> metrics.observe().loadedAt().toEpochMilli() / 1000.0)
                .description("When the bundle in force was loaded (Unix seconds)")
                .baseUnit("seconds")
                .register(registry);
        Gauge.builder("sluice.policy.reload.rejected.timestamp", this, PolicyBundleMetrics::lastRejection)
                .description("When a reload was last refused for an invalid bundle (Unix seconds, 0 if never)")
                .baseUnit("seconds")
                .register(registry);
        observe();
    }

    private double lastRejection() {
        ActivePolicy.Rejection rejection = observe().lastRejection();
        return rejection == null ? 0 : rejection.at().toEpochMilli() / 1000.0;
    }

    /** Publishes the version in force if it changed since last seen; returns the policy for chaining. */
    ActivePolicy observe() {
        String version = policy.current().version();
        if (version.equals(seenVersion)) {
            return policy;
        }
        synchronized (this) {
            if (!version.equals(seenVersion)) {
                if (seenVersion != null) {
                    reloads.increment();
                }
                seenVersion = version;
                info.register(List.of(MultiGauge.Row.of(Tags.of("version", version), 1)), true);
            }
        }
        return policy;
    }
}
