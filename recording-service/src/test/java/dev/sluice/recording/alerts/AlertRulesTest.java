package dev.sluice.recording.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.contracts.audit.AlertTypes;
import dev.sluice.recording.config.RecordingProperties;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Thresholds, the sliding window and the reset after an alert. */
class AlertRulesTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final AlertRules rules = new AlertRules(new RecordingProperties.Alerts(true, "a", "b", "g",
            Duration.ofMinutes(1), 3, 2));

    @Test
    void denialsOutsideTheWindowDoNotCount() {
        Instant t = Instant.parse("2026-07-01T10:00:00Z");
        assertThat(rules.accept(decision("eve", "DENY", t))).isEmpty();
        assertThat(rules.accept(decision("eve", "DENY", t.plusSeconds(30)))).isEmpty();
        // the first has left the one-minute window
        assertThat(rules.accept(decision("eve", "DENY", t.plusSeconds(90)))).isEmpty();
        assertThat(rules.accept(decision("eve", "DENY", t.plusSeconds(95)))).isEmpty();
        assertThat(rules.accept(decision("eve", "DENY", t.plusSeconds(100))))
                .hasValueSatisfying(alert -> assertThat(alert.type()).isEqualTo(AlertTypes.REPEATED_DENIALS));
    }

    @Test
    void countingStartsAgainAfterAnAlert() {
        Instant t = Instant.parse("2026-07-01T10:00:00Z");
        rules.accept(decision("eve", "MASK", t));
        assertThat(rules.accept(decision("eve", "MASK", t.plusSeconds(1))))
                .hasValueSatisfying(alert -> assertThat(alert.type()).isEqualTo(AlertTypes.MASKED_BURST));
        assertThat(rules.accept(decision("eve", "MASK", t.plusSeconds(2)))).isEmpty();
    }

    @Test
    void allowedDecisionsAndOtherIdentitiesDoNotAddUp() {
        Instant t = Instant.parse("2026-07-01T10:00:00Z");
        rules.accept(decision("eve", "DENY", t));
        rules.accept(decision("eve", "ALLOW", t));
        rules.accept(decision("bob", "DENY", t));
        assertThat(rules.accept(decision("eve", "DENY", t))).isEmpty();
    }

    private static JsonNode decision(String subject, String effect, Instant time) {
        return JSON.readTree("{\"id\":\"" + UUID.randomUUID() + "\",\"type\":\"dev.sluice.audit.decision\","
                + "\"subject\":\"" + subject + "\",\"time\":\"" + time + "\",\"data\":{\"effect\":\"" + effect
                + "\"}}");
    }
}
