package dev.sluice.recording.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.contracts.audit.AlertTypes;
import dev.sluice.contracts.audit.AuditEvent;
import dev.sluice.contracts.audit.AuditTypes;
import dev.sluice.contracts.event.Topics;
import dev.sluice.recording.RecordingServiceTestSupport;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import tools.jackson.databind.JsonNode;

/** Audit events in, alerts out, through the embedded broker, with the default thresholds. */
class AlertsTest extends RecordingServiceTestSupport {

    @Value("${spring.kafka.bootstrap-servers}")
    private String bootstrapServers;

    @Test
    void raisesAlertsForRepeatedDenialsAndDeniedApprovals() throws Exception {
        String mallory = "mallory-" + UUID.randomUUID();
        String dave = "dave-" + UUID.randomUUID();
        Instant start = Instant.parse("2026-07-01T10:00:00Z");
        List<AuditEvent> feed = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            feed.add(decision(mallory, "DENY", start.plusSeconds(i * 10L)));
        }
        feed.add(feed.getLast()); // a redelivery counts once
        for (int i = 0; i < 4; i++) {
            feed.add(decision(dave, "DENY", start.plusSeconds(i * 10L))); // below the threshold
        }
        feed.add(new AuditEvent("1.0", UUID.randomUUID().toString(), "/sluice/approval-service", AuditTypes.APPROVAL,
                start.toString(), dave, "application/json", AuditTypes.SCHEMA_V1,
                Map.of("approvalId", "ap-1", "state", "denied", "decidedBy", "carol")));
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), new StringSerializer(),
                new StringSerializer())) {
            for (AuditEvent event : feed) {
                producer.send(new ProducerRecord<>(Topics.AUDIT, event.subject(), JSON.writeValueAsString(event)))
                        .get();
            }
        }

        List<JsonNode> alerts = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "alerts-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(Topics.ALERTS));
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    JsonNode alert = JSON.readTree(record.value());
                    String subject = alert.path("subject").stringValue();
                    if (subject.equals(mallory) || subject.equals(dave)) {
                        alerts.add(alert);
                    }
                }
                return alerts.size() >= 2;
            });
        }

        assertThat(alerts).extracting(alert -> alert.path("type").stringValue() + " " + alert.path("subject")
                .stringValue()).containsExactlyInAnyOrder(AlertTypes.REPEATED_DENIALS + " " + mallory,
                        AlertTypes.APPROVAL_DENIED + " " + dave);
        JsonNode denials = alerts.stream().filter(alert -> alert.path("subject").stringValue().equals(mallory))
                .findFirst().orElseThrow();
        assertThat(denials.path("dataschema").stringValue()).isEqualTo(AlertTypes.SCHEMA_V1);
        assertThat(denials.path("data").path("count").intValue()).isEqualTo(5);
        assertThat(denials.path("data").path("eventIds").size()).isEqualTo(5);
    }

    private static AuditEvent decision(String subject, String effect, Instant time) {
        return new AuditEvent("1.0", UUID.randomUUID().toString(), "sluice://proxy/test", AuditTypes.DECISION,
                time.toString(), subject, "application/json", AuditTypes.SCHEMA_V1,
                Map.of("effect", effect, "ruleId", "r", "sessionId", "s"));
    }
}
