package dev.sluice.policy.audit;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * Kafka client settings from the standard {@code spring.kafka.*} keys (bootstrap servers, security protocol, trust
 * and key stores, and anything under {@code spring.kafka.properties} / {@code spring.kafka.producer.properties}),
 * so that the audit producer reaches the cluster like every other service, without Spring for Apache Kafka.
 */
public final class KafkaClientSettings {

    private static final Map<String, String> DIRECT = Map.of(
            "spring.kafka.security.protocol", "security.protocol",
            "spring.kafka.ssl.trust-store-type", "ssl.truststore.type",
            "spring.kafka.ssl.key-store-type", "ssl.keystore.type",
            "spring.kafka.ssl.protocol", "ssl.protocol",
            "spring.kafka.ssl.trust-store-password", "ssl.truststore.password",
            "spring.kafka.ssl.key-store-password", "ssl.keystore.password");

    private KafkaClientSettings() {}

    /** Kafka client properties for {@code bootstrapServers}, with the security settings of the environment. */
    public static Map<String, Object> from(Environment environment, String bootstrapServers) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("bootstrap.servers", bootstrapServers);
        DIRECT.forEach((springKey, kafkaKey) -> {
            String value = environment.getProperty(springKey);
            if (value != null && !value.isBlank()) {
                settings.put(kafkaKey, value);
            }
        });
        location(environment, "spring.kafka.ssl.trust-store-location", "ssl.truststore.location", settings);
        location(environment, "spring.kafka.ssl.key-store-location", "ssl.keystore.location", settings);
        Binder binder = Binder.get(environment);
        settings.putAll(binder.bind("spring.kafka.properties", Bindable.mapOf(String.class, String.class)).orElse(Map.of()));
        settings.putAll(binder.bind("spring.kafka.producer.properties", Bindable.mapOf(String.class, String.class)).orElse(Map.of()));
        return settings;
    }

    private static void location(Environment environment, String springKey, String kafkaKey, Map<String, Object> into) {
        String value = environment.getProperty(springKey);
        if (value != null && !value.isBlank()) {
            into.put(kafkaKey, value.startsWith("file:") ? value.substring("file:".length()) : value);
        }
    }
}
