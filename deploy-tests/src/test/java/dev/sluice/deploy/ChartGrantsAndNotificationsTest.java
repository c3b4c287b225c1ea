package dev.sluice.deploy;

import static dev.sluice.deploy.ChartDefaultsTest.env;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * JIT access grants and reviewer notifications: configuration in the ConfigMaps, every credential (grant feed key,
 * webhook HMAC key, Slack URL, SMTP password) from Secrets only, and the NetworkPolicy flows they need.
 */
class ChartGrantsAndNotificationsTest {

    private static final RenderedChart CHART = RenderedChart.render(command -> command
            .set("approvalService.grants.feedKeySecret", "grant-feed")
            .set("approvalService.grants.requestable[0].group", "dba")
            .set("approvalService.grants.requestable[0].connections[0]", "orders-*")
            .set("approvalService.grants.requestable[0].reviewers[0]", "approvers")
            .set("approvalService.grants.requestable[0].maxDuration", "4h")
            .set("approvalService.notifications.existingSecret", "approval-notify")
            .set("approvalService.notifications.webhook.url", "https://hooks.example/sluice")
            .set("approvalService.notifications.slack.enabled", true)
            .set("approvalService.notifications.email.to[0]", "reviewers@example.com")
            .set("approvalService.notifications.email.smtp.host", "smtp.example")
            .set("approvalService.notifications.email.smtp.username", "sluice"));

    @Test
    void grantFeedKeyComesFromOneSecretForBothServices() {
        for (String[] service : new String[][] {{"approval-service", "SLUICE_APPROVAL_GRANTS_FEEDKEY"},
                {"policy-service", "SLUICE_POLICY_GRANTS_FEEDKEY"}}) {
            Map<String, Object> key = env(CHART.container(service[0]), service[1]);
            assertThat(key).doesNotContainKey("value");
            assertThat(Yaml.string(key, "valueFrom", "secretKeyRef", "name")).isEqualTo("grant-feed");
            assertThat(Yaml.string(key, "valueFrom", "secretKeyRef", "key")).isEqualTo("feed-key");
        }
        assertThat(Yaml.string(CHART.config("policy-service"), "sluice", "policy", "grants", "approval-url"))
                .isEqualTo("http://" + RenderedChart.name("approval-service") + ":8080");
        Map<String, Object> requestable = Yaml.maps(CHART.config("approval-service"), "sluice", "approval", "grants",
                "requestable").getFirst();
        assertThat(requestable).containsEntry("group", "dba").containsEntry("maxDuration", "4h")
                .containsEntry("connections", List.of("orders-*"));
    }

    @Test
    void notificationCredentialsComeFromTheSecretAndSettingsFromTheConfigMap() {
        Map<String, Object> container = CHART.container("approval-service");
        for (String[] variable : new String[][] {{"SLUICE_APPROVAL_NOTIFY_WEBHOOK_SECRET", "webhook-secret"},
                {"SLUICE_APPROVAL_NOTIFY_SLACK_URL", "slack-url"}, {"SLUICE_SMTP_PASSWORD", "smtp-password"}}) {
            Map<String, Object> entry = env(container, variable[0]);
            assertThat(entry).doesNotContainKey("value");
            assertThat(Yaml.string(entry, "valueFrom", "secretKeyRef", "name")).isEqualTo("approval-notify");
            assertThat(Yaml.string(entry, "valueFrom", "secretKeyRef", "key")).isEqualTo(variable[1]);
        }
        Map<String, Object> config = CHART.config("approval-service");
        assertThat(Yaml.string(config, "sluice", "approval", "notify", "webhook", "url"))
                .isEqualTo("https://hooks.example/sluice");
        assertThat(Yaml.at(config, "sluice", "approval", "notify", "email", "to")).isEqualTo(List.of("reviewers@example.com"));
        assertThat(Yaml.string(config, "spring", "mail", "host")).isEqualTo("smtp.example");
        assertThat(Yaml.string(config, "spring", "mail", "password")).isEqualTo("${SLUICE_SMTP_PASSWORD}");
        // the database settings survive next to the mail settings
        assertThat(Yaml.string(config, "spring", "datasource", "password")).isEqualTo("${SLUICE_DATABASE_PASSWORD}");
    }

    @Test
    void networkPoliciesOpenTheGrantFeedAndTheDeliveryPorts() {
        String policy = CHART.get("NetworkPolicy", "policy-service").toString();
        assertThat(policy).contains("approval-service").contains("port=8080");
        String approval = CHART.get("NetworkPolicy", "approval-service").toString();
        assertThat(approval).contains("port=443").contains("port=587");
    }

    @Test
    void defaultsReadNoGrantsAndSendNothing() {
        RenderedChart defaults = RenderedChart.render();
        assertThat(Yaml.maps(defaults.container("approval-service"), "env"))
                .extracting(entry -> entry.get("name").toString())
                .noneMatch(name -> name.contains("NOTIFY") || name.contains("GRANTS") || name.contains("SMTP"));
        assertThat(Yaml.maps(defaults.container("policy-service"), "env"))
                .extracting(entry -> entry.get("name").toString()).noneMatch(name -> name.contains("GRANTS"));
        assertThat(Yaml.at(defaults.config("policy-service"), "sluice", "policy", "grants")).isNull();
        assertThat(defaults.get("NetworkPolicy", "policy-service").toString()).doesNotContain("approval-service");
    }

    @Test
    void credentialedChannelsWithoutASecretAreRefused() {
        assertThatThrownBy(() -> RenderedChart.render(command -> command
                        .set("approvalService.notifications.webhook.url", "https://hooks.example/sluice")))
                .hasMessageContaining("approvalService.notifications.existingSecret");
    }
}
