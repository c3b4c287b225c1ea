package dev.sluice.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Logs, probes and metrics settings every service gets from the chart. */
class ChartObservabilityTest {

    private static String env(RenderedChart chart, String component, String name) {
        return Yaml.maps(chart.container(component), "env").stream()
                .filter(entry -> name.equals(entry.get("name")))
                .map(entry -> (String) entry.get("value"))
                .findFirst()
                .orElse(null);
    }

    @Test
    void everyServiceLogsJsonByDefaultAndTextOnRequest() {
        RenderedChart defaults = RenderedChart.render();
        RenderedChart text = RenderedChart.render(command -> command.set("logFormat", "text"));
        ChartDefaultsTest.HTTP_PORTS.keySet().forEach(component -> {
            assertThat(env(defaults, component, "SLUICE_LOG_FORMAT")).as(component).isEqualTo("json");
            assertThat(env(text, component, "SLUICE_LOG_FORMAT")).as(component).isEqualTo("text");
        });
    }

    @Test
    void probesUseTheAvailabilityGroups() {
        RenderedChart chart = RenderedChart.render();
        ChartDefaultsTest.HTTP_PORTS.keySet().forEach(component -> {
            Map<String, Object> container = chart.container(component);
            assertThat(Yaml.string(container, "readinessProbe", "httpGet", "path")).as(component)
                    .isEqualTo("/actuator/health/readiness");
            assertThat(Yaml.string(container, "livenessProbe", "httpGet", "path")).as(component)
                    .isEqualTo("/actuator/health/liveness");
            assertThat(Yaml.at(chart.config(component), "management", "endpoint", "health", "probes", "enabled"))
                    .as(component).isEqualTo(true);
        });
    }

    @Test
    void serviceMonitorsScrapeThePrometheusEndpointOfEveryService() {
        RenderedChart chart = RenderedChart.render(command -> command.set("monitoring.serviceMonitor.enabled", true));
        ChartDefaultsTest.HTTP_PORTS.keySet().forEach(component -> {
            Map<String, Object> monitor = chart.get("ServiceMonitor", component);
            assertThat(Yaml.string(monitor, "spec", "endpoints", "0", "path")).isEqualTo("/actuator/prometheus");
            assertThat(Yaml.string(monitor, "spec", "endpoints", "0", "port")).isEqualTo("http");
        });
    }
}
