package dev.sluice.deploy;

import static dev.sluice.deploy.ChartDefaultsTest.env;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Secret material given inline in values (values/trial.yaml) ends up in Secrets only: never in a ConfigMap, an env
 * value, an annotation or any other rendered object.
 */
class ChartSecretsTest {

    private static final List<String> SECRET_MATERIAL = List.of(
            "kafka-pw-4b1d9e", "master-key-93c2aa", "recording-pw-5e8f21", "target-pw-a17c0b", "approval-ui-secret-7d3e19", "proxy-key-7f3e10",
            "c2lnbmluZy1rZXktbWF0ZXJpYWwtZm9yLXRlc3RzLW9ubHk=", "BEGIN PRIVATE KEY");

    private static final RenderedChart CHART = RenderedChart.render("trial");

    @Test
    void inlineSecretMaterialAppearsInNoObjectButSecrets() {
        List<Map<String, Object>> others = CHART.documents().stream().filter(d -> !"Secret".equals(d.get("kind"))).toList();
        assertThat(others).isNotEmpty();
        for (Map<String, Object> document : others) {
            String rendered = document.toString();
            assertThat(SECRET_MATERIAL).as("%s %s", document.get("kind"), Yaml.string(document, "metadata", "name"))
                    .noneMatch(rendered::contains);
        }
    }

    @Test
    void everyInlineValueBecomesASecretTheDeploymentsReference() {
        String decoded = CHART.ofKind("Secret").stream()
                .flatMap(secret -> Yaml.map(secret, "data").values().stream())
                .map(value -> new String(Base64.getDecoder().decode(value.toString()), StandardCharsets.UTF_8))
                .reduce("", String::concat);
        assertThat(decoded).contains(SECRET_MATERIAL);
        assertThat(CHART.names("Secret")).containsExactlyInAnyOrder(
                RenderedChart.name("signing-key"), RenderedChart.name("recording-db"), RenderedChart.name("kafka-sasl"),
                RenderedChart.name("master-key"), RenderedChart.name("target-demo"), RenderedChart.name("approval-ui"),
                RenderedChart.name("approval-proxy-key"), RenderedChart.name("policy-key"));

        Map<String, Object> password = env(CHART.container("proxy-service"), "SLUICE_TARGET_DEMO_PASSWORD");
        assertThat(Yaml.string(password, "valueFrom", "secretKeyRef", "name")).isEqualTo(RenderedChart.name("target-demo"));
        Map<String, Object> uiSecret = env(CHART.container("approval-service"), "SLUICE_APPROVAL_UI_CLIENT_SECRET");
        assertThat(Yaml.string(uiSecret, "valueFrom", "secretKeyRef", "name")).isEqualTo(RenderedChart.name("approval-ui"));
        assertThat(Yaml.string(uiSecret, "valueFrom", "secretKeyRef", "key")).isEqualTo("client-secret");
    }

    @Test
    void noEnvVariableOfAnyServiceCarriesALiteralCredential() {
        for (RenderedChart chart : List.of(CHART, RenderedChart.render("production"), RenderedChart.render())) {
            for (Map<String, Object> deployment : chart.ofKind("Deployment")) {
                for (Map<String, Object> container : Yaml.maps(deployment, "spec", "template", "spec", "containers")) {
                    assertThat(Yaml.maps(container, "env"))
                            .filteredOn(entry -> entry.get("name").toString().matches(".*(PASSWORD|SECRET|KEY|TOKEN).*"))
                            .allSatisfy(entry -> assertThat(entry).doesNotContainKey("value").containsKey("valueFrom"));
                }
            }
        }
    }

    @Test
    void proxyAndApprovalServiceReadTheSameProxyKeySecret() {
        for (String component : List.of("proxy-service", "approval-service")) {
            Map<String, Object> key = env(CHART.container(component), "SLUICE_APPROVAL_PROXY_KEY");
            assertThat(Yaml.string(key, "valueFrom", "secretKeyRef", "name")).as(component)
                    .isEqualTo(RenderedChart.name("approval-proxy-key"));
            assertThat(Yaml.string(key, "valueFrom", "secretKeyRef", "key")).as(component).isEqualTo("proxy-key");
        }
        assertThat(Yaml.string(CHART.config("approval-service"), "sluice", "approval", "proxy-key"))
                .isEqualTo("${SLUICE_APPROVAL_PROXY_KEY}");
        assertThat(Yaml.string(CHART.config("proxy-service"), "sluice", "proxy", "approval", "proxy-key"))
                .isEqualTo("${SLUICE_APPROVAL_PROXY_KEY}");
        assertThat(Yaml.string(CHART.config("proxy-service"), "sluice", "proxy", "approval", "url"))
                .isEqualTo("http://" + RenderedChart.name("approval-service") + ":8080");
    }

    @Test
    void policyServiceAndTheProxyShareAGeneratedGatewayKeyFromOneSecret() {
        RenderedChart defaults = RenderedChart.render();
        Map<String, Object> secret = defaults.ofKind("Secret").stream()
                .filter(s -> RenderedChart.name("policy-key").equals(Yaml.string(s, "metadata", "name"))).findFirst().orElseThrow();
        String key = new String(Base64.getDecoder().decode(Yaml.string(secret, "data", "proxy-key")), StandardCharsets.UTF_8);
        assertThat(key).hasSize(48).matches("[A-Za-z0-9]+");
        // a fresh install gets a fresh key (there is no cluster to look an earlier one up in here)
        String other = Yaml.string(RenderedChart.render().ofKind("Secret").getFirst(), "data", "proxy-key");
        assertThat(other).isNotEqualTo(Yaml.string(secret, "data", "proxy-key"));

        // both deployments roll onto a new key together: their pods carry the same checksum of it
        String policyChecksum = Yaml.string(defaults.get("Deployment", "policy-service"), "spec", "template", "metadata",
                "annotations", "checksum/policy-key");
        assertThat(policyChecksum).hasSize(64).doesNotContain(key);
        assertThat(Yaml.string(defaults.get("Deployment", "proxy-service"), "spec", "template", "metadata", "annotations",
                "checksum/policy-key")).isEqualTo(policyChecksum);

        Map<String, Object> policy = env(defaults.container("policy-service"), "SLUICE_POLICY_SECURITY_PROXY_KEY");
        Map<String, Object> proxy = env(defaults.container("proxy-service"), "SLUICE_PROXY_POLICY_PROXY_KEY");
        for (Map<String, Object> entry : List.of(policy, proxy)) {
            assertThat(Yaml.string(entry, "valueFrom", "secretKeyRef", "name")).isEqualTo(RenderedChart.name("policy-key"));
            assertThat(Yaml.string(entry, "valueFrom", "secretKeyRef", "key")).isEqualTo("proxy-key");
            assertThat(entry).doesNotContainKey("value");
        }
    }

    @Test
    void anExistingGatewayKeySecretIsReferencedAndNoneIsCreated() {
        RenderedChart chart = RenderedChart.render(command -> command
                .set("policyKey.existingSecret", "my-gateway-key").set("policyKey.key", "k"));
        assertThat(chart.names("Secret")).doesNotContain(RenderedChart.name("policy-key"));
        Map<String, Object> proxy = env(chart.container("proxy-service"), "SLUICE_PROXY_POLICY_PROXY_KEY");
        assertThat(Yaml.string(proxy, "valueFrom", "secretKeyRef", "name")).isEqualTo("my-gateway-key");
        assertThat(Yaml.string(proxy, "valueFrom", "secretKeyRef", "key")).isEqualTo("k");
    }

    @Test
    void aConnectionWithoutCredentialsIsRefused() {
        assertThatThrownBy(() -> RenderedChart.render(command -> command
                        .set("proxyService.connections.orders.host", "orders.internal")))
                .hasMessageContaining("proxyService.connections.orders.credentials");
    }
}
