package dev.sluice.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The optional PrometheusRule: off by default, and every alert queries metrics the services export. */
class ChartAlertsTest {

    private static List<Map<String, Object>> rules(RenderedChart chart) {
        Map<String, Object> rule = chart.get("PrometheusRule", "alerts");
        return Yaml.maps(Yaml.maps(rule, "spec", "groups").getFirst(), "rules");
    }

    @Test
    void isOffByDefault() {
        assertThat(RenderedChart.render().ofKind("PrometheusRule")).isEmpty();
    }

    @Test
    void alertsUseKnownMetricsAndConfiguredThresholds() {
        RenderedChart chart = RenderedChart.render(command -> command
                .set("monitoring.prometheusRule.enabled", true)
                .set("monitoring.prometheusRule.labels.release", "kube-prometheus-stack")
                .set("monitoring.prometheusRule.thresholds.recordingLagSeconds", 120));

        assertThat(Yaml.map(chart.get("PrometheusRule", "alerts"), "metadata", "labels"))
                .containsEntry("release", "kube-prometheus-stack");
        List<Map<String, Object>> rules = rules(chart);
        assertThat(rules).extracting(rule -> rule.get("alert")).contains("SluiceSessionEventsFailing",
                "SluicePolicyDecisionsSlow", "SluiceRecordingLagging", "SluiceServiceDown");
        for (Map<String, Object> rule : rules) {
            String expr = Yaml.string(rule, "expr");
            assertThat(MetricFamilies.referencedBy(expr)).as(expr).isNotEmpty()
                    .allSatisfy(family -> assertThat(MetricFamilies.known(family)).as(family).isTrue());
            assertThat(Yaml.string(rule, "labels", "severity")).isIn("critical", "warning", "info");
        }
        assertThat(rules).filteredOn(rule -> "SluiceRecordingLagging".equals(rule.get("alert")))
                .singleElement().satisfies(rule -> assertThat(Yaml.string(rule, "expr")).endsWith("> 120"));
        assertThat(rules).filteredOn(rule -> "SluiceServiceDown".equals(rule.get("alert")))
                .singleElement().satisfies(rule -> assertThat(Yaml.string(rule, "expr"))
                        .contains("job=~\"" + RenderedChart.RELEASE + "-sluice-.*\""));
    }
}
