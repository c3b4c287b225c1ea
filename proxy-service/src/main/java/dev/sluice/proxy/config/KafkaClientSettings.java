package dev.sluice.proxy.config;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * Kafka client settings from the standard {@code spring.kafka.*} keys, so that the proxy's producer reaches the
 * same cluster the same way as every other service (bootstrap servers, security protocol, PEM/JKS trust store,
 * SASL and any other client property under {@code spring.kafka.properties} or
 * {@code spring.kafka.producer.properties}) without depending on Spring for Apache Kafka.
 */
public final class KafkaClientSettings {
    private KafkaClientSettings() {}

    /** Kafka client properties derived from the environment. */
    public static Map<String, Object> from(Environment environment) {
        Binder binder = Binder.get(environment);
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("bootstrap.servers", environment.getProperty("spring.kafka.bootstrap-servers", "127.0.0.1:9092"));
        copy(environment, "spring.kafka.security.protocol", "security.protocol", settings);
        copy(environment, "spring.kafka.ssl.trust-store-type", "ssl.truststore.type", settings);
        copy(environment, "spring.kafka.ssl.key-store-type", "ssl.keystore.type", settings);
        copy(environment, "spring.kafka.ssl.protocol", "ssl.protocol", settings);
        String trustStore = environment.getProperty("spring.kafka.ssl.trust-store-location");
        if (trustStore != null) {
            settings.put("ssl.truststore.location", stripFileScheme(trustStore));
        }
        String keyStore = environment.getProperty("spring.kafka.ssl.key-store-location");
        if (keyStore != null) {
            settings.put("ssl.keystore.location", stripFileScheme(keyStore));
        }
        copy(environment, "spring.kafka.ssl.trust-store-password", "ssl.truststore.password", settings);
        copy(environment, "spring.kafka.ssl.key-store-password", "ssl.keystore.password", settings);
        settings.putAll(binder.bind("spring.kafka.properties", Bindable.mapOf(String.class, String.class))
                .orElse(Map.of()));
        settings.putAll(binder.bind("spring.kafka.producer.properties", Bindable.mapOf(String.class, String.class))
                .orElse(Map.of()));
        return settings;
    }

    private static void copy(Environment environment, String springKey, String kafkaKey, Map<String, Object> into) {
        String value = environment.getProperty(springKey);
        if (value != null && !value.isBlank()) {
            into.put(kafkaKey, value);
        }
    }

    private static String stripFileScheme(String location) {
        return location.startsWith("file:") ? location.substring("file:".length()) : location;
    }
}
