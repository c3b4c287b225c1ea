package dev.sluice.recording.health;

import dev.sluice.recording.ingest.SessionEventListener;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * Readiness of recording-service: {@code db} (Boot's DataSource indicator) and {@code kafka} (this package), grouped
 * in {@code management.endpoint.health.group.readiness} of recording-service.yaml.
 */
@Configuration(proxyBeanMethods = false)
class RecordingHealthConfiguration {

    /** @param timeout how long one check may wait for the broker ({@code sluice.recording.health.kafka-timeout}) */
    @Bean
    KafkaHealthIndicator kafkaHealthIndicator(KafkaAdmin kafkaAdmin, KafkaListenerEndpointRegistry listeners,
            @Value("${sluice.recording.health.kafka-timeout:2s}") Duration timeout) {
        return new KafkaHealthIndicator(kafkaAdmin.getConfigurationProperties(), timeout,
                () -> listeners.getListenerContainer(SessionEventListener.LISTENER_ID));
    }
}
