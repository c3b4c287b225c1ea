package dev.sluice.proxy.health;

import dev.sluice.proxy.config.KafkaClientSettings;
import dev.sluice.proxy.config.ProxyProperties;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The proxy's dependencies as health indicators, {@code policyService} and {@code kafka}, grouped into readiness by
 * proxy-service.yaml ({@code management.endpoint.health.group.readiness.include}).
 */
@Configuration(proxyBeanMethods = false)
class ProxyHealthConfiguration {

    /** @param timeout how long one check may wait ({@code sluice.proxy.health.timeout}, 2s) */
    @Bean
    PolicyServiceHealthIndicator policyServiceHealthIndicator(ProxyProperties properties,
            @Value("${sluice.proxy.health.timeout:2s}") Duration timeout) {
        return new PolicyServiceHealthIndicator(properties.policy().url(), properties.policy().decisionUrl(), timeout,
                properties.policy().authorization());
    }

    @Bean
    KafkaHealthIndicator kafkaHealthIndicator(ProxyProperties properties, Environment environment,
            @Value("${sluice.proxy.health.timeout:2s}") Duration timeout) {
        return new KafkaHealthIndicator(KafkaClientSettings.from(environment), timeout, properties.events().enabled());
    }
}
