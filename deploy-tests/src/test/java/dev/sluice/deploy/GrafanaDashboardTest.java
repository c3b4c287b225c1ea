package dev.sluice.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * docs/grafana/sluice-dashboard.json queries only metrics the services export, takes its data source from a
 * variable, and the chart ships an identical copy as an optional ConfigMap.
 */
class GrafanaDashboardTest {

    /** Metric families (Prometheus names) the dashboard may use: Sluice's own, documented in docs/operations.md. */
    static final Set<String> SLUICE_FAMILIES = Set.of(
            "sluice_sessions_active", "sluice_commands_total", "sluice_policy_decision_seconds",
            "sluice_auth_failures_total", "sluice_events_backlog", "sluice_events_failed_total",
            "sluice_policy_decisions_total", "sluice_policy_decide_seconds", "sluice_policy_bundle_info",
            "sluice_policy_bundle_rules", "sluice_policy_bundle_loaded_timestamp_seconds", "sluice_policy_reloads_total",
            "sluice_policy_reload_rejected_timestamp_seconds",
            "sluice_recording_lag_seconds", "sluice_recording_last_ingest_timestamp_seconds",
            "sluice_recording_events_stored", "sluice_recording_sessions_stored", "sluice_recording_events_rejected",
            "sluice_identity_tokens_total", "sluice_approval_requests_pending");
    /** Families from elsewhere: Prometheus itself and the Kafka client metrics Spring Boot binds. */
    static final Set<String> OTHER_FAMILIES = Set.of("up", "kafka_consumer_fetch_manager_records_lag_max");

    private static final Pattern METRIC = Pattern.compile("\\b(sluice_[a-z0-9_]+|kafka_[a-z0-9_]+|up)\\b");
    private static final Path DASHBOARD = RepoPaths.root().resolve("docs/grafana/sluice-dashboard.json");

    private static Map<String, Object> dashboard() throws Exception {
        // JSON is YAML; SnakeYAML's safe loader keeps this module free of a JSON library.
        return Yaml.map(new org.yaml.snakeyaml.Yaml(new SafeConstructor(new LoaderOptions()))
                .load(Files.readString(DASHBOARD)));
    }

    private static List<Map<String, Object>> panels(Map<String, Object> dashboard) {
        List<Map<String, Object>> all = new ArrayList<>();
        for (Map<String, Object> panel : Yaml.maps(dashboard, "panels")) {
            all.add(panel);
            Object nested = panel.get("panels");
            if (nested != null) {
                all.addAll(Yaml.maps(panel, "panels"));
            }
        }
        return all;
    }

    /** The family a series name belongs to (histograms export _bucket, _count and _sum series). */
    private static String family(String series) {
        for (String suffix : List.of("_bucket", "_count", "_sum")) {
            if (series.endsWith(suffix) && SLUICE_FAMILIES.contains(series.substring(0, series.length() - suffix.length()))) {
                return series.substring(0, series.length() - suffix.length());
            }
        }
        return series;
    }

    @Test
    void everyQueryUsesOnlyKnownMetricFamilies() throws Exception {
        List<String> expressions = new ArrayList<>();
        for (Map<String, Object> panel : panels(dashboard())) {
            if (panel.get("targets") != null) {
                Yaml.maps(panel, "targets").forEach(target -> expressions.add(Yaml.string(target, "expr")));
            }
        }
        assertThat(expressions).hasSizeGreaterThan(10);
        for (String expr : expressions) {
            List<String> families = new ArrayList<>();
            Matcher matcher = METRIC.matcher(expr);
            while (matcher.find()) {
                families.add(family(matcher.group(1)));
            }
            assertThat(families).as(expr).isNotEmpty();
            assertThat(families).as(expr).allSatisfy(name ->
                    assertThat(SLUICE_FAMILIES.contains(name) || OTHER_FAMILIES.contains(name)).as(name).isTrue());
        }
    }

    @Test
    void coversTheGatewaysTrafficAndEveryService() throws Exception {
        String text = Files.readString(DASHBOARD);
        for (String family : List.of("sluice_sessions_active", "sluice_commands_total", "sluice_policy_decision_seconds",
                "sluice_policy_decide_seconds", "sluice_auth_failures_total", "sluice_events_backlog",
                "sluice_events_failed_total", "sluice_recording_lag_seconds", "sluice_policy_reloads_total",
                "sluice_identity_tokens_total")) {
            assertThat(text).as(family).contains(family);
        }
    }

    @Test
    void everyKnownFamilyIsDocumented() throws Exception {
        String operations = Files.readString(RepoPaths.root().resolve("docs/operations.md"));
        assertThat(SLUICE_FAMILIES).allSatisfy(family -> assertThat(operations).contains("`" + family));
    }

    @Test
    void dataSourceIsAVariable() throws Exception {
        Map<String, Object> dashboard = dashboard();
        assertThat(Yaml.maps(dashboard, "templating", "list")).anySatisfy(variable -> {
            assertThat(variable).containsEntry("name", "datasource").containsEntry("type", "datasource")
                    .containsEntry("query", "prometheus");
        });
        for (Map<String, Object> panel : panels(dashboard)) {
            if (panel.get("targets") == null) {
                continue;
            }
            assertThat(Yaml.string(panel, "datasource", "uid")).as(Yaml.string(panel, "title")).isEqualTo("${datasource}");
            Yaml.maps(panel, "targets").forEach(target ->
                    assertThat(Yaml.string(target, "datasource", "uid")).isEqualTo("${datasource}"));
        }
    }

    @Test
    void chartCopyIsIdenticalAndRendersAsASidecarConfigMapOnlyWhenEnabled() throws Exception {
        assertThat(RepoPaths.chart().resolve("dashboards/sluice-dashboard.json")).hasSameBinaryContentAs(DASHBOARD);

        assertThat(RenderedChart.render().names("ConfigMap")).doesNotContain(RenderedChart.name("dashboard"));

        RenderedChart chart = RenderedChart.render(command -> command.set("grafanaDashboard.enabled", true)
                .set("grafanaDashboard.annotations.grafana_folder", "Sluice"));
        Map<String, Object> configMap = chart.get("ConfigMap", "dashboard");
        assertThat(Yaml.map(configMap, "metadata", "labels")).containsEntry("grafana_dashboard", "1");
        assertThat(Yaml.map(configMap, "metadata", "annotations")).containsEntry("grafana_folder", "Sluice");
        String json = Yaml.string(configMap, "data", "sluice-dashboard.json");
        assertThat(json.strip()).isEqualTo(Files.readString(DASHBOARD).strip());
    }
}
