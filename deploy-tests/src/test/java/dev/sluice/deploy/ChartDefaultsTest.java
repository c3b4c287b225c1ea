package dev.sluice.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** helm/sluice rendered with its default values. */
class ChartDefaultsTest {

    static final Map<String, Integer> HTTP_PORTS = Map.of(
            "identity-adapter", 8083,
            "policy-service", 8081,
            "recording-service", 8082,
            "approval-service", 8080,
            "proxy-service", 8084);

    private static final RenderedChart CHART = RenderedChart.render();

    @Test
    void installsEveryServiceAsDeploymentWithServiceAndConfigMap() {
        Set<String> expected = HTTP_PORTS.keySet().stream().map(RenderedChart::name).collect(Collectors.toSet());

        assertThat(CHART.names("Deployment")).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(CHART.names("ConfigMap")).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(CHART.names("Service")).containsAll(expected).contains(RenderedChart.name("proxy-postgres"));
    }

    @Test
    void servicesExposeEachHttpPortAndImagesMatchTheService() {
        HTTP_PORTS.forEach((component, port) -> {
            Map<String, Object> service = CHART.get("Service", component);
            assertThat(Yaml.at(service, "spec", "ports", "0", "port")).as(component).isEqualTo(port);
            assertThat(Yaml.string(service, "spec", "ports", "0", "targetPort")).isEqualTo("http");

            Map<String, Object> container = CHART.container(component);
            assertThat(Yaml.string(container, "image")).endsWith("/" + component + ":0.1.0-SNAPSHOT");
            assertThat(Yaml.at(container, "ports", "0", "containerPort")).as(component).isEqualTo(port);
            assertThat(Yaml.string(container, "ports", "0", "name")).isEqualTo("http");
        });
    }

    @Test
    void proxiesAskForDecisionsAtThePolicyServiceDecisionListener() {
        assertThat(Yaml.maps(CHART.get("Service", "policy-service"), "spec", "ports")).anySatisfy(port -> {
            assertThat(port.get("name")).isEqualTo("decisions");
            assertThat(port.get("port")).isEqualTo(8085);
            assertThat(port.get("targetPort")).isEqualTo("decisions");
        });
        assertThat(Yaml.maps(CHART.container("policy-service"), "ports")).anySatisfy(port -> {
            assertThat(port.get("name")).isEqualTo("decisions");
            assertThat(port.get("containerPort")).isEqualTo(8085);
        });
        Map<String, Object> proxy = Yaml.map(CHART.config("proxy-service"), "sluice", "proxy");
        assertThat(Yaml.string(proxy, "policy", "decision-url")).isEqualTo("http://" + RenderedChart.name("policy-service") + ":8085");
    }

    @Test
    void policyServiceRunsTheSerialCollectorAndTheOthersTheJvmDefault() {
        assertThat(env(CHART.container("policy-service"), "JAVA_TOOL_OPTIONS")).containsEntry("value", "-XX:+UseSerialGC");
        assertThat(Yaml.maps(CHART.container("proxy-service"), "env")).noneSatisfy(
                entry -> assertThat(entry.get("name")).isEqualTo("JAVA_TOOL_OPTIONS"));
    }

    @Test
    void proxyListensForPostgresClientsBehindItsOwnService() {
        Map<String, Object> postgres = CHART.get("Service", "proxy-postgres");
        assertThat(Yaml.string(postgres, "spec", "type")).isEqualTo("ClusterIP");
        assertThat(Yaml.at(postgres, "spec", "ports", "0", "port")).isEqualTo(5432);
        assertThat(Yaml.string(postgres, "spec", "ports", "0", "targetPort")).isEqualTo("postgres");
        assertThat(Yaml.string(postgres, "spec", "selector", "app.kubernetes.io/component")).isEqualTo("proxy-service");

        assertThat(Yaml.maps(CHART.container("proxy-service"), "ports"))
                .anySatisfy(port -> {
                    assertThat(port.get("name")).isEqualTo("postgres");
                    assertThat(port.get("containerPort")).isEqualTo(15432);
                });
        Map<String, Object> listener = Yaml.map(CHART.config("proxy-service"), "sluice", "proxy", "postgres");
        assertThat(listener).containsEntry("bind-address", "0.0.0.0").containsEntry("port", 15432);
    }

    @Test
    void everyContainerProbesReadinessAndLivenessGroups() {
        HTTP_PORTS.keySet().forEach(component -> {
            Map<String, Object> container = CHART.container(component);
            assertThat(Yaml.string(container, "readinessProbe", "httpGet", "path")).as(component)
                    .isEqualTo("/actuator/health/readiness");
            assertThat(Yaml.string(container, "livenessProbe", "httpGet", "path")).as(component)
                    .isEqualTo("/actuator/health/liveness");
            assertThat(Yaml.string(container, "readinessProbe", "httpGet", "port")).isEqualTo("http");
            // The probe groups exist only with this property, which the service's ConfigMap sets.
            assertThat(Yaml.at(CHART.config(component), "management", "endpoint", "health", "probes", "enabled"))
                    .as(component).isEqualTo(true);
        });
    }

    @Test
    void podsRunAsNonRootOnReadOnlyRootWithWritableTmp() {
        HTTP_PORTS.keySet().forEach(component -> {
            Map<String, Object> pod = Yaml.map(CHART.get("Deployment", component), "spec", "template", "spec");
            assertThat(Yaml.at(pod, "securityContext", "runAsNonRoot")).as(component).isEqualTo(true);
            assertThat(Yaml.at(pod, "automountServiceAccountToken")).isEqualTo(false);
            Map<String, Object> container = CHART.container(component);
            assertThat(Yaml.at(container, "securityContext", "readOnlyRootFilesystem")).isEqualTo(true);
            assertThat(Yaml.at(container, "securityContext", "allowPrivilegeEscalation")).isEqualTo(false);
            assertThat(Yaml.maps(container, "volumeMounts"))
                    .anySatisfy(mount -> assertThat(mount).containsEntry("name", "tmp").containsEntry("mountPath", "/tmp"));
            assertThat(Yaml.maps(pod, "volumes"))
                    .anySatisfy(volume -> assertThat(volume).containsEntry("name", "tmp").containsKey("emptyDir"));
            assertThat(Yaml.map(container, "resources", "requests")).containsKeys("cpu", "memory");
        });
    }

    @Test
    void proxyAutoscalesByDefaultSoItsDeploymentLeavesReplicasToTheHpa() {
        Map<String, Object> hpa = CHART.get("HorizontalPodAutoscaler", "proxy-service");
        assertThat(Yaml.string(hpa, "spec", "scaleTargetRef", "name")).isEqualTo(RenderedChart.name("proxy-service"));
        assertThat(Yaml.at(hpa, "spec", "minReplicas")).isEqualTo(2);
        assertThat(Yaml.map(CHART.get("Deployment", "proxy-service"), "spec")).doesNotContainKey("replicas");
        assertThat(Yaml.at(CHART.get("Deployment", "policy-service"), "spec", "replicas")).isEqualTo(2);
    }

    @Test
    void disruptionBudgetsGuardTheReplicatedServices() {
        assertThat(CHART.names("PodDisruptionBudget")).containsExactlyInAnyOrder(
                RenderedChart.name("proxy-service"), RenderedChart.name("policy-service"),
                RenderedChart.name("recording-service"));
    }

    @Test
    void servicesFindEachOtherThroughTheirKubernetesServices() {
        Map<String, Object> proxy = Yaml.map(CHART.config("proxy-service"), "sluice", "proxy");
        String identity = "http://" + RenderedChart.name("identity-adapter") + ":8083";
        assertThat(Yaml.string(proxy, "policy", "url")).isEqualTo("http://" + RenderedChart.name("policy-service") + ":8081");
        assertThat(Yaml.string(proxy, "identity", "jwks-uri")).isEqualTo(identity + "/.well-known/jwks.json");
        assertThat(Yaml.string(proxy, "identity", "issuer")).isEqualTo(identity);
        assertThat(Yaml.string(CHART.config("identity-adapter"), "sluice", "identity", "issuer")).isEqualTo(identity);
        assertThat(Yaml.string(CHART.config("recording-service"), "spring", "datasource", "url"))
                .isEqualTo("jdbc:postgresql://postgresql:5432/sluice");
        assertThat(Yaml.string(CHART.config("proxy-service"), "spring", "kafka", "bootstrap-servers")).isEqualTo("kafka:9092");
        // Dev tokens stay off unless asked for.
        assertThat(Yaml.at(CHART.config("identity-adapter"), "sluice", "identity", "dev", "enabled")).isEqualTo(false);
    }

    @Test
    void recordingReadsItsDatabasePasswordFromASecretEvenWhenValuesGiveNone() {
        Map<String, Object> password = env(CHART.container("recording-service"), "SLUICE_DATABASE_PASSWORD");
        assertThat(Yaml.string(password, "valueFrom", "secretKeyRef", "name")).isEqualTo(RenderedChart.name("recording-db"));
        assertThat(password).doesNotContainKey("value");
        // the only Secret the defaults create is the generated gateway key (ChartSecretsTest)
        assertThat(CHART.names("Secret")).containsExactly(RenderedChart.name("policy-key"));
    }

    @Test
    void approvalServiceGetsItsDatabaseTokenVerificationAndKafka() {
        Map<String, Object> config = CHART.config("approval-service");
        String identity = "http://" + RenderedChart.name("identity-adapter") + ":8083";
        assertThat(Yaml.string(config, "spring", "datasource", "url")).isEqualTo("jdbc:postgresql://postgresql:5432/sluice");
        assertThat(Yaml.string(config, "spring", "datasource", "password")).isEqualTo("${SLUICE_DATABASE_PASSWORD}");
        assertThat(Yaml.string(config, "spring", "kafka", "bootstrap-servers")).isEqualTo("kafka:9092");
        assertThat(Yaml.string(config, "sluice", "approval", "security", "jwks-uri")).isEqualTo(identity + "/.well-known/jwks.json");
        assertThat(Yaml.string(config, "sluice", "approval", "public-url"))
                .isEqualTo("http://" + RenderedChart.name("approval-service") + ":8080");
        Map<String, Object> password = env(CHART.container("approval-service"), "SLUICE_DATABASE_PASSWORD");
        assertThat(Yaml.string(password, "valueFrom", "secretKeyRef", "name")).isEqualTo(RenderedChart.name("approval-db"));
        assertThat(password).doesNotContainKey("value");
        // reviewer UI sign-in at identity-adapter; no client secret configured, so none is referenced
        String provider = "spring.security.oauth2.client.provider.sluice.";
        assertThat(Yaml.string(config, (provider + "authorization-uri").split("\\."))).isEqualTo(identity + "/oauth2/authorize");
        assertThat(Yaml.string(config, (provider + "token-uri").split("\\."))).isEqualTo(identity + "/oauth2/token");
        assertThat(Yaml.maps(CHART.container("approval-service"), "env"))
                .noneMatch(entry -> "SLUICE_APPROVAL_UI_CLIENT_SECRET".equals(entry.get("name")));
        // the proxy's key: no value in the defaults, so both services expect the Secret to be created out of band
        for (String component : List.of("approval-service", "proxy-service")) {
            Map<String, Object> key = env(CHART.container(component), "SLUICE_APPROVAL_PROXY_KEY");
            assertThat(Yaml.string(key, "valueFrom", "secretKeyRef", "name")).as(component)
                    .isEqualTo(RenderedChart.name("approval-proxy-key"));
        }
        assertThat(Yaml.string(config, "sluice", "approval", "proxy-key")).isEqualTo("${SLUICE_APPROVAL_PROXY_KEY}");
    }

    @Test
    void identityAdapterKeepsRevocationsInItsDatabase() {
        Map<String, Object> config = CHART.config("identity-adapter");
        assertThat(Yaml.string(config, "spring", "datasource", "url")).isEqualTo("jdbc:postgresql://postgresql:5432/sluice");
        assertThat(Yaml.string(config, "spring", "datasource", "username")).isEqualTo("sluice_identity");
        assertThat(Yaml.string(config, "spring", "datasource", "password")).isEqualTo("${SLUICE_DATABASE_PASSWORD}");
        Map<String, Object> password = env(CHART.container("identity-adapter"), "SLUICE_DATABASE_PASSWORD");
        assertThat(Yaml.string(password, "valueFrom", "secretKeyRef", "name")).isEqualTo(RenderedChart.name("identity-db"));
        assertThat(password).doesNotContainKey("value");
    }

    @Test
    void networkPoliciesIsolateEveryServiceAndOnlyTheProxyTakesPostgresClients() {
        assertThat(CHART.names("NetworkPolicy")).containsExactlyInAnyOrderElementsOf(
                HTTP_PORTS.keySet().stream().map(RenderedChart::name).toList());
        HTTP_PORTS.keySet().forEach(component -> {
            Map<String, Object> policy = CHART.get("NetworkPolicy", component);
            assertThat(Yaml.at(policy, "spec", "policyTypes")).isEqualTo(List.of("Ingress", "Egress"));
            boolean postgresIngress = Yaml.maps(policy, "spec", "ingress").stream()
                    .flatMap(rule -> Yaml.maps(rule, "ports").stream())
                    .anyMatch(port -> "postgres".equals(port.get("port")));
            assertThat(postgresIngress).as(component).isEqualTo(component.equals("proxy-service"));
        });
        // Policy needs nothing but DNS: no Kafka, no PostgreSQL, no targets; identity only its database besides.
        assertThat(Yaml.maps(CHART.get("NetworkPolicy", "policy-service"), "spec", "egress")).hasSize(1);
        assertThat(Yaml.maps(CHART.get("NetworkPolicy", "identity-adapter"), "spec", "egress")).hasSize(2)
                .element(1).satisfies(rule -> assertThat(Yaml.at(rule, "ports", "0", "port")).isEqualTo(5432));
    }

    @Test
    void noServiceMonitorUnlessEnabled() {
        assertThat(CHART.ofKind("ServiceMonitor")).isEmpty();
        assertThat(Yaml.at(CHART.config("proxy-service"), "management", "endpoints")).isNull();
    }

    static Map<String, Object> env(Map<String, Object> container, String name) {
        return Yaml.maps(container, "env").stream()
                .filter(entry -> name.equals(entry.get("name")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no env " + name + " in " + container.get("env")));
    }
}
