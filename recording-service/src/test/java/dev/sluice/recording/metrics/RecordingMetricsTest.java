package dev.sluice.recording.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.recording.RecordingServiceTestSupport;
import dev.sluice.recording.SessionScript;
import dev.sluice.recording.health.KafkaHealthIndicator;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Status;

/** Metrics and readiness of the real service against embedded PostgreSQL and Kafka. */
class RecordingMetricsTest extends RecordingServiceTestSupport {

    @Autowired
    private KafkaHealthIndicator kafkaHealth;

    private static double sample(String metrics, String series) {
        return metrics.lines()
                .filter(line -> line.startsWith(series + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(series.length() + 1).strip()))
                .findFirst()
                .orElse(Double.NaN);
    }

    @Test
    void publishesStoredEventsAndLagWithoutAToken() {
        SessionScript session = new SessionScript(Instant.now());
        publish(session.sessionId(), session.started(), session.command("SELECT 1"), session.ended("client-terminate"));

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            HttpResponse<String> scrape = get("/actuator/prometheus", null);
            assertThat(scrape.statusCode()).isEqualTo(200);
            String metrics = scrape.body();
            assertThat(sample(metrics, "sluice_recording_events_stored")).isGreaterThanOrEqualTo(3);
            assertThat(sample(metrics, "sluice_recording_sessions_stored")).isGreaterThanOrEqualTo(1);
            assertThat(sample(metrics, "sluice_recording_lag_seconds")).isBetween(-5.0, 60.0);
            // the consumer's own lag, which the dashboard shows next to sluice_recording_lag_seconds
            assertThat(metrics).contains("kafka_consumer_fetch_manager_records_lag_max");
            assertThat(sample(metrics, "sluice_recording_last_ingest_timestamp_seconds"))
                    .isGreaterThan(Instant.now().minusSeconds(120).getEpochSecond());
        });
    }

    @Test
    void isReadyWhileDatabaseAndBrokerAnswer() {
        assertThat(kafkaHealth.health().getStatus()).isEqualTo(Status.UP);
        HttpResponse<String> readiness = get("/actuator/health/readiness", null);
        assertThat(readiness.statusCode()).isEqualTo(200);
        assertThat(readiness.body()).contains("\"UP\"");
        assertThat(get("/actuator/health/liveness", null).statusCode()).isEqualTo(200);
    }
}
