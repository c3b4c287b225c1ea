package dev.sluice.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The policy bundle from git: a one-shot git-sync init container plus a git-sync sidecar. */
class ChartPolicyBundleTest {

    @Test
    void gitSyncFetchesTheBundleBeforePolicyServiceStarts() {
        RenderedChart chart = RenderedChart.render(command -> command
                .set("policyService.bundle.gitSync.enabled", true)
                .set("policyService.bundle.gitSync.repo", "https://git.example.com/policies.git")
                .set("policyService.bundle.gitSync.subPath", "prod"));

        Map<String, Object> pod = Yaml.map(chart.get("Deployment", "policy-service"), "spec", "template", "spec");
        assertThat(Yaml.maps(pod, "initContainers")).singleElement().satisfies(init -> {
            assertThat(init).containsEntry("name", "git-sync-init");
            assertThat(init.get("args").toString()).contains("--one-time", "--repo=https://git.example.com/policies.git");
        });
        assertThat(Yaml.maps(pod, "containers")).extracting(container -> container.get("name"))
                .containsExactly("policy-service", "git-sync");
        assertThat(Yaml.string(chart.config("policy-service"), "sluice", "policy", "bundle-path"))
                .isEqualTo("/etc/sluice/git/current/prod");
        assertThat(chart.ofKind("ConfigMap")).noneMatch(map -> Yaml.string(map, "metadata", "name").endsWith("policy-bundle"));
    }

    @Test
    void gitSyncWithoutARepositoryIsRefused() {
        assertThatThrownBy(() -> RenderedChart.render(command -> command.set("policyService.bundle.gitSync.enabled", true)))
                .hasMessageContaining("policyService.bundle.gitSync.repo is required");
    }

    @Test
    void defaultBundleIsTheBuiltInDemo() {
        RenderedChart chart = RenderedChart.render();
        assertThat(Yaml.at(chart.config("policy-service"), "sluice")).isNull();
        assertThat(Yaml.maps(chart.get("Deployment", "policy-service"), "spec", "template", "spec", "containers")).hasSize(1);
    }
}
