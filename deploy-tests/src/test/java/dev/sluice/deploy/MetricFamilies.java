package dev.sluice.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The metric families (Prometheus names) that dashboards and alerts may query. */
final class MetricFamilies {

    /** Sluice's own, each documented in docs/operations.md. */
    static final Set<String> SLUICE = Set.of(
            "sluice_sessions_active", "sluice_commands_total", "sluice_policy_decision_seconds",
            "sluice_auth_failures_total", "sluice_events_backlog", "sluice_events_failed_total",
            "sluice_spool_events", "sluice_spool_bytes", "sluice_spool_oldest_age_seconds", "sluice_masked_values_total",
            "sluice_held_statements_total",
            "sluice_limit_exceeded_total",
            "sluice_policy_decisions_total", "sluice_policy_decide_seconds", "sluice_policy_bundle_info",
            "sluice_policy_bundle_rules", "sluice_policy_bundle_loaded_timestamp_seconds", "sluice_policy_reloads_total",
            "sluice_policy_reload_rejected_timestamp_seconds",
            "sluice_recording_lag_seconds", "sluice_recording_last_ingest_timestamp_seconds",
            "sluice_recording_events_stored", "sluice_recording_sessions_stored", "sluice_recording_events_rejected",
            "sluice_identity_tokens_total", "sluice_approval_requests_pending", "sluice_approval_wait_seconds",
            "sluice_approval_notifications_total");
    /** From elsewhere: Prometheus itself and the Kafka client metrics Spring Boot binds. */
    static final Set<String> OTHER = Set.of("up", "kafka_consumer_fetch_manager_records_lag_max");

    private static final Pattern METRIC = Pattern.compile("\\b(sluice_[a-z0-9_]+|kafka_[a-z0-9_]+|up)\\b");

    private MetricFamilies() {}

    /** The families a PromQL expression references (histogram series mapped to their family). */
    static List<String> referencedBy(String expr) {
        List<String> families = new ArrayList<>();
        Matcher matcher = METRIC.matcher(expr);
        while (matcher.find()) {
            families.add(family(matcher.group(1)));
        }
        return families;
    }

    static boolean known(String family) {
        return SLUICE.contains(family) || OTHER.contains(family);
    }

    private static String family(String series) {
        for (String suffix : List.of("_bucket", "_count", "_sum")) {
            String base = series.endsWith(suffix) ? series.substring(0, series.length() - suffix.length()) : null;
            if (base != null && SLUICE.contains(base)) {
                return base;
            }
        }
        return series;
    }
}
