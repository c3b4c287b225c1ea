package dev.sluice.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * docs/grafana/sluice-dashboard.json queries only metrics the services export, takes its data source from a
 * variable, and the chart ships an identical copy as an optional ConfigMap.
 */
class GrafanaDashboardTest {

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
            List<String> families = MetricFamilies.referencedBy(expr);
            assertThat(families).as(expr).isNotEmpty();
            assertThat(families).as(expr).allSatisfy(name -> assertThat(MetricFamilies.known(name)).as(name).isTrue());
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
        assertThat(MetricFamilies.SLUICE).allSatisfy(family -> assertThat(operations).contains("`" + family));
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
