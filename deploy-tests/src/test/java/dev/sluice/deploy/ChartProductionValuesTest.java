package dev.sluice.deploy;

import static dev.sluice.deploy.ChartDefaultsTest.env;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * helm/sluice rendered with values/production.yaml: existing Secrets everywhere, HPA off with fixed replicas,
 * a LoadBalancer for PostgreSQL clients, SASL_SSL Kafka, restricted NetworkPolicies and ServiceMonitors on.
 */
class ChartProductionValuesTest {

    private static final RenderedChart CHART = RenderedChart.render("production");

    @Test
    void fixedProxyReplicasWithoutHpaWhenAutoscalingIsOff() {
        assertThat(CHART.ofKind("HorizontalPodAutoscaler")).isEmpty();
        assertThat(Yaml.at(CHART.get("Deployment", "proxy-service"), "spec", "replicas")).isEqualTo(3);
        assertThat(Yaml.at(CHART.get("Deployment", "recording-service"), "spec", "replicas")).isEqualTo(3);
        assertThat(Yaml.at(CHART.get("Deployment", "identity-adapter"), "spec", "replicas")).isEqualTo(2);
    }

    @Test
    void existingSecretsAreReferencedAndNoSecretIsCreated() {
        assertThat(CHART.ofKind("Secret")).isEmpty();

        Map<String, Object> proxy = CHART.container("proxy-service");
        assertThat(secretRef(env(proxy, "SLUICE_TARGET_ORDERS_PROD_PASSWORD"))).isEqualTo("orders-prod-credentials");
        assertThat(secretRef(env(proxy, "SLUICE_TARGET_ORDERS_PROD_USERNAME"))).isEqualTo("orders-prod-credentials");
        assertThat(secretRef(env(proxy, "KAFKA_SASL_PASSWORD"))).isEqualTo("kafka-sluice-user");
        assertThat(secretRef(env(CHART.container("recording-service"), "SLUICE_DATABASE_PASSWORD"))).isEqualTo("recording-db");
        assertThat(secretRef(env(CHART.container("recording-service"), "KAFKA_SASL_PASSWORD"))).isEqualTo("kafka-sluice-user");
        assertThat(secretRef(env(proxy, "SLUICE_PROXY_POLICY_PROXY_KEY"))).isEqualTo("sluice-policy-key");
        assertThat(secretRef(env(CHART.container("policy-service"), "SLUICE_POLICY_SECURITY_PROXY_KEY"))).isEqualTo("sluice-policy-key");

        assertThat(secretVolumes("identity-adapter")).containsEntry("signing-key", "sluice-signing-key");
        assertThat(secretVolumes("proxy-service"))
                .containsEntry("tls", "proxy-tls")
                .containsEntry("master-key", "sluice-master")
                .containsEntry("kafka-ca", "kafka-cluster-ca");
    }

    @Test
    void configFilesCarryPlaceholdersWhereCredentialsGo() {
        Map<String, Object> target = Yaml.map(CHART.config("proxy-service"), "sluice", "proxy", "connections", "orders-prod");
        assertThat(target)
                .containsEntry("host", "orders.db.example.internal")
                .containsEntry("database", "orders")
                .containsEntry("password", "${SLUICE_TARGET_ORDERS_PROD_PASSWORD}")
                .containsEntry("username", "${SLUICE_TARGET_ORDERS_PROD_USERNAME}");
        assertThat(Yaml.map(target, "tags")).containsEntry("env", "prod");

        Map<String, Object> kafka = Yaml.map(CHART.config("recording-service"), "spring", "kafka");
        assertThat(Yaml.string(kafka, "security", "protocol")).isEqualTo("SASL_SSL");
        assertThat(Yaml.string(kafka, "properties", "sasl.mechanism")).isEqualTo("SCRAM-SHA-512");
        assertThat(Yaml.string(kafka, "properties", "sasl.jaas.config"))
                .contains("ScramLoginModule", "username=\"sluice\"", "password=\"${KAFKA_SASL_PASSWORD}\"");
        assertThat(Yaml.string(kafka, "ssl", "trust-store-location")).isEqualTo("file:/etc/sluice/kafka-ca/ca.crt");

        Map<String, Object> tls = Yaml.map(CHART.config("proxy-service"), "sluice", "proxy", "postgres", "tls");
        assertThat(tls).containsEntry("certificate", "/etc/sluice/tls/tls.crt").containsEntry("private-key", "/etc/sluice/tls/tls.key");
        assertThat(Yaml.string(CHART.config("identity-adapter"), "sluice", "identity", "key-file"))
                .isEqualTo("/etc/sluice/identity/signing-key.pem");
        assertThat(Yaml.string(CHART.config("recording-service"), "spring", "datasource", "url"))
                .isEqualTo("jdbc:postgresql://pg.db.svc:5432/sluice?sslmode=verify-full");
    }

    @Test
    void proxyPostgresServiceIsALoadBalancerLimitedToClientRanges() {
        Map<String, Object> service = CHART.get("Service", "proxy-postgres");
        assertThat(Yaml.string(service, "spec", "type")).isEqualTo("LoadBalancer");
        assertThat(Yaml.at(service, "spec", "loadBalancerSourceRanges")).isEqualTo(List.of("203.0.113.0/24"));
        assertThat(Yaml.string(service, "spec", "externalTrafficPolicy")).isEqualTo("Local");
    }

    @Test
    void onlyTheProxyEgressesToTargetNetworks() {
        for (String component : ChartDefaultsTest.HTTP_PORTS.keySet()) {
            String policy = Yaml.maps(CHART.get("NetworkPolicy", component), "spec", "egress").toString();
            assertThat(policy.contains("10.20.0.0/16")).as(component).isEqualTo(component.equals("proxy-service"));
        }
        Map<String, Object> proxy = CHART.get("NetworkPolicy", "proxy-service");
        assertThat(Yaml.maps(proxy, "spec", "ingress"))
                .anySatisfy(rule -> assertThat(rule.toString()).contains("postgres", "203.0.113.0/24"));
        Map<String, Object> kafkaClients = CHART.get("NetworkPolicy", "kafka-clients");
        assertThat(Yaml.map(kafkaClients, "spec", "podSelector", "matchLabels")).containsEntry("app", "kafka");
        assertThat(Yaml.at(kafkaClients, "spec", "ingress", "0", "ports", "0", "port")).isEqualTo(9093);
    }

    @Test
    void serviceMonitorScrapesPrometheusEndpointOfEveryService() {
        assertThat(CHART.ofKind("ServiceMonitor")).hasSize(5).allSatisfy(monitor -> {
            assertThat(monitor).containsEntry("apiVersion", "monitoring.coreos.com/v1");
            assertThat(Yaml.string(monitor, "spec", "endpoints", "0", "path")).isEqualTo("/actuator/prometheus");
            assertThat(Yaml.string(monitor, "spec", "endpoints", "0", "port")).isEqualTo("http");
        });
        assertThat(Yaml.string(CHART.config("proxy-service"), "management", "endpoints", "web", "exposure", "include"))
                .contains("prometheus");
    }

    @Test
    void policyBundleComesFromTheRenderedConfigMap() {
        Map<String, Object> bundle = CHART.get("ConfigMap", "policy-bundle");
        assertThat(Yaml.map(bundle, "data")).containsKey("00-connect.yaml");
        assertThat(Yaml.string(CHART.config("policy-service"), "sluice", "policy", "bundle-path"))
                .isEqualTo("/etc/sluice/policy-bundle");
        assertThat(Yaml.maps(CHART.get("Deployment", "policy-service"), "spec", "template", "spec", "volumes"))
                .anySatisfy(volume -> assertThat(Yaml.string(volume, "configMap", "name"))
                        .isEqualTo(RenderedChart.name("policy-bundle")));
    }

    private static String secretRef(Map<String, Object> env) {
        assertThat(env).doesNotContainKey("value");
        return Yaml.string(env, "valueFrom", "secretKeyRef", "name");
    }

    /** Volume name to Secret name of a component's pod. */
    private static Map<String, String> secretVolumes(String component) {
        return Yaml.maps(CHART.get("Deployment", component), "spec", "template", "spec", "volumes").stream()
                .filter(volume -> volume.containsKey("secret"))
                .collect(java.util.stream.Collectors.toMap(
                        volume -> (String) volume.get("name"), volume -> Yaml.string(volume, "secret", "secretName")));
    }
}
