package dev.sluice.deploy;

import static dev.sluice.deploy.ChartDefaultsTest.env;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The event pipeline's deployment: the proxy's spool on a volume (emptyDir, or a claim per pod in a StatefulSet),
 * the three topics wired to their producers and consumers, and the replay UI's sign-in.
 */
class ChartEventsTest {

    private static final RenderedChart DEFAULTS = RenderedChart.render();

    @Test
    void proxySpoolsIntoAnEmptyDirByDefaultBoundedByTheConfiguredSize() {
        Map<String, Object> pod = Yaml.map(DEFAULTS.get("Deployment", "proxy-service"), "spec", "template", "spec");
        assertThat(Yaml.maps(pod, "volumes")).filteredOn(volume -> "spool".equals(volume.get("name")))
                .singleElement().satisfies(volume ->
                        assertThat(Yaml.string(volume, "emptyDir", "sizeLimit")).isEqualTo("512Mi"));
        assertThat(Yaml.maps(DEFAULTS.container("proxy-service"), "volumeMounts"))
                .anySatisfy(mount -> assertThat(mount).containsEntry("name", "spool")
                        .containsEntry("mountPath", "/var/lib/sluice/spool"));
        Map<String, Object> spool = Yaml.map(DEFAULTS.config("proxy-service"), "sluice", "proxy", "events", "spool");
        assertThat(spool).containsEntry("directory", "/var/lib/sluice/spool").containsEntry("max-size", "256MB");
        assertThat(DEFAULTS.ofKind("StatefulSet")).isEmpty();
    }

    @Test
    void persistentSpoolMakesTheProxyAStatefulSetWithAClaimPerPodThatOutlivesIt() {
        RenderedChart chart = RenderedChart.render(command -> command
                .set("proxyService.spool.persistence.enabled", true)
                .set("proxyService.spool.persistence.storageClass", "fast-ssd")
                .set("proxyService.spool.persistence.size", "2Gi"));
        assertThat(chart.names("Deployment")).doesNotContain(RenderedChart.name("proxy-service"));
        Map<String, Object> proxy = chart.get("StatefulSet", "proxy-service");
        assertThat(Yaml.string(proxy, "spec", "serviceName")).isEqualTo(RenderedChart.name("proxy-service"));
        assertThat(Yaml.map(proxy, "spec", "persistentVolumeClaimRetentionPolicy"))
                .containsEntry("whenDeleted", "Retain").containsEntry("whenScaled", "Retain");
        Map<String, Object> claim = Yaml.maps(proxy, "spec", "volumeClaimTemplates").getFirst();
        assertThat(Yaml.string(claim, "metadata", "name")).isEqualTo("spool");
        assertThat(Yaml.string(claim, "spec", "storageClassName")).isEqualTo("fast-ssd");
        assertThat(Yaml.string(claim, "spec", "resources", "requests", "storage")).isEqualTo("2Gi");
        Map<String, Object> pod = Yaml.map(proxy, "spec", "template", "spec");
        assertThat(Yaml.maps(pod, "volumes")).noneMatch(volume -> "spool".equals(volume.get("name")));
        assertThat(Yaml.maps(pod, "containers").getFirst().get("volumeMounts").toString())
                .contains("mountPath=/var/lib/sluice/spool");
        assertThat(Yaml.string(chart.get("HorizontalPodAutoscaler", "proxy-service"), "spec", "scaleTargetRef", "kind"))
                .isEqualTo("StatefulSet");
        // the pod name is the instance id, and so names the spool across restarts
        assertThat(Yaml.string(env(Yaml.maps(pod, "containers").getFirst(), "SLUICE_PROXY_INSTANCE_ID"),
                "valueFrom", "fieldRef", "fieldPath")).isEqualTo("metadata.name");
    }

    @Test
    void wiresTheSessionAuditAndAlertTopicsToTheirProducersAndConsumers() {
        RenderedChart chart = RenderedChart.render(command -> command
                .set("kafka.auditTopic", "corp.sluice.audit").set("kafka.alertsTopic", "corp.sluice.alerts"));
        assertThat(Yaml.map(chart.config("proxy-service"), "sluice", "proxy", "events"))
                .containsEntry("topic", "sluice.sessions").containsEntry("audit-topic", "corp.sluice.audit");
        assertThat(Yaml.map(chart.config("recording-service"), "sluice", "recording", "alerts"))
                .containsEntry("audit-topic", "corp.sluice.audit").containsEntry("topic", "corp.sluice.alerts");
        assertThat(Yaml.string(chart.config("approval-service"), "sluice", "approval", "audit", "topic"))
                .isEqualTo("corp.sluice.audit");
        assertThat(Yaml.string(DEFAULTS.config("recording-service"), "sluice", "recording", "alerts", "topic"))
                .isEqualTo("sluice.alerts");
    }

    @Test
    void replayUiSignsInAtTheReleasesIdentityAdapterWithTheClientSecretFromASecret() {
        RenderedChart chart = RenderedChart.render("recording-ui");
        Map<String, Object> oauth = Yaml.map(chart.config("recording-service"), "spring", "security", "oauth2", "client");
        assertThat(Yaml.map(oauth, "registration", "sluice"))
                .containsEntry("client-id", "sluice-recording-ui")
                .containsEntry("redirect-uri", "https://recordings.example.com/login/oauth2/code/{registrationId}")
                .doesNotContainKey("client-secret");
        assertThat(Yaml.map(oauth, "provider", "sluice"))
                .containsEntry("authorization-uri", "https://id.example.com/oauth2/authorize")
                .containsEntry("token-uri", "http://gw-sluice-identity-adapter:8083/oauth2/token")
                .containsEntry("jwk-set-uri", "http://gw-sluice-identity-adapter:8083/.well-known/jwks.json");

        String secretName = RenderedChart.name("recording-ui");
        for (String component : List.of("recording-service", "identity-adapter")) {
            Map<String, Object> secret = env(chart.container(component), "SLUICE_RECORDING_UI_CLIENT_SECRET");
            assertThat(Yaml.string(secret, "valueFrom", "secretKeyRef", "name")).as(component).isEqualTo(secretName);
            assertThat(secret).doesNotContainKey("value");
        }
        Map<String, Object> client = Yaml.map(chart.config("identity-adapter"), "sluice", "identity", "clients",
                "sluice-recording-ui");
        assertThat(client).containsEntry("secret", "${SLUICE_RECORDING_UI_CLIENT_SECRET}");
        assertThat(client.get("redirect-uris"))
                .isEqualTo(List.of("https://recordings.example.com/login/oauth2/code/sluice"));

        Map<String, Object> created = chart.ofKind("Secret").stream()
                .filter(s -> secretName.equals(Yaml.string(s, "metadata", "name"))).findFirst().orElseThrow();
        assertThat(new String(Base64.getDecoder().decode(Yaml.string(created, "data", "client-secret")),
                StandardCharsets.UTF_8)).isEqualTo("ui-secret-7d41c9");
        assertThat(chart.documents()).filteredOn(d -> !"Secret".equals(d.get("kind")))
                .allSatisfy(d -> assertThat(d.toString()).doesNotContain("ui-secret-7d41c9"));
    }

    @Test
    void replayUiAtAnotherIssuerUsesItsEndpointsAndRegistersNothingAtIdentityAdapter() {
        RenderedChart chart = RenderedChart.render(command -> command
                .set("recordingService.ui.issuer", "https://sso.example.com/realms/ops")
                .set("recordingService.ui.authorizationUri", "https://sso.example.com/realms/ops/auth")
                .set("recordingService.ui.clientSecret.existingSecret", "replay-oidc"));
        Map<String, Object> provider = Yaml.map(chart.config("recording-service"), "spring", "security", "oauth2",
                "client", "provider", "sluice");
        assertThat(provider).containsEntry("authorization-uri", "https://sso.example.com/realms/ops/auth")
                .containsEntry("token-uri", "https://sso.example.com/realms/ops/oauth2/token");
        assertThat(Yaml.string(env(chart.container("recording-service"), "SLUICE_RECORDING_UI_CLIENT_SECRET"),
                "valueFrom", "secretKeyRef", "name")).isEqualTo("replay-oidc");
        assertThat(Yaml.map(chart.config("identity-adapter"), "sluice", "identity")).doesNotContainKey("clients");
        assertThat(Yaml.maps(chart.container("identity-adapter"), "env"))
                .noneMatch(entry -> "SLUICE_RECORDING_UI_CLIENT_SECRET".equals(entry.get("name")));
        assertThat(chart.names("Secret")).doesNotContain(RenderedChart.name("recording-ui"));
    }
}
