package dev.sluice.proxy.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

class KafkaClientSettingsTest {

    @Test
    void carriesSecurityAndClientPropertiesFromSpringKafkaKeys() {
        var environment = new MockEnvironment()
                .withProperty("spring.kafka.bootstrap-servers", "kafka-0:9093")
                .withProperty("spring.kafka.security.protocol", "SASL_SSL")
                .withProperty("spring.kafka.ssl.trust-store-type", "PEM")
                .withProperty("spring.kafka.ssl.trust-store-location", "file:/etc/sluice/kafka-ca/ca.crt")
                .withProperty("spring.kafka.properties.sasl.mechanism", "SCRAM-SHA-512");
        var settings = KafkaClientSettings.from(environment);
        assertThat(settings).containsEntry("bootstrap.servers", "kafka-0:9093")
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("ssl.truststore.type", "PEM")
                .containsEntry("ssl.truststore.location", "/etc/sluice/kafka-ca/ca.crt")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512");
    }

    @Test
    void defaultsToALocalBroker() {
        assertThat(KafkaClientSettings.from(new MockEnvironment())).containsEntry("bootstrap.servers", "127.0.0.1:9092");
    }
}
