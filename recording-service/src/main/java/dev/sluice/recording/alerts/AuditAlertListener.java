package dev.sluice.recording.alerts;

import dev.sluice.contracts.audit.AlertTypes;
import dev.sluice.contracts.audit.AuditEvent;
import dev.sluice.contracts.event.Topics;
import dev.sluice.recording.config.RecordingProperties;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads {@value Topics#AUDIT} and publishes what {@link AlertRules} raise to {@value Topics#ALERTS}, waiting for
 * the broker's acknowledgement before the record counts as handled (so an alert is at least once). A plain
 * consumer rather than Kafka Streams: the state is a few small windows per identity, rebuilt by replay.
 */
@Component
@ConditionalOnProperty(name = "sluice.recording.alerts.enabled", havingValue = "true", matchIfMissing = true)
public final class AuditAlertListener {
    private static final Logger log = LoggerFactory.getLogger(AuditAlertListener.class);
    private static final String SOURCE = "sluice://recording-service/alerts";

    private final AlertRules rules;
    private final KafkaTemplate<String, String> kafka;
    private final JsonMapper json;
    private final String topic;

    public AuditAlertListener(RecordingProperties properties, KafkaTemplate<String, String> kafka, JsonMapper json) {
        this.rules = new AlertRules(properties.alerts());
        this.kafka = kafka;
        this.json = json;
        this.topic = properties.alerts().topic();
    }

    @KafkaListener(
            id = "recording-alerts",
            topics = "${sluice.recording.alerts.audit-topic:" + Topics.AUDIT + "}",
            groupId = "${sluice.recording.alerts.group-id:recording-alerts}",
            properties = {"auto.offset.reset=earliest"})
    public void onAuditEvent(ConsumerRecord<String, String> record) throws Exception {
        JsonNode event;
        try {
            event = json.readTree(record.value());
        } catch (JacksonException | IllegalArgumentException e) {
            log.warn("ignoring an audit record that is not JSON at {}-{}@{}", record.topic(), record.partition(),
                    record.offset());
            return;
        }
        var alert = rules.accept(event);
        if (alert.isPresent()) {
            AlertRules.Alert raised = alert.get();
            AuditEvent envelope = new AuditEvent("1.0", UUID.randomUUID().toString(), SOURCE, raised.type(),
                    Instant.now().truncatedTo(ChronoUnit.MICROS).toString(), raised.subject(), "application/json",
                    AlertTypes.SCHEMA_V1, raised.data());
            kafka.send(topic, envelope.subject(), json.writeValueAsString(envelope)).get(30, TimeUnit.SECONDS);
            log.info("alert {} for {}", raised.type(), envelope.subject());
        }
    }
}
