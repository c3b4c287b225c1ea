package dev.sluice.identity.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** identity-adapter's own metrics ({@code sluice_identity_*}); see docs/operations.md for the list. */
@Configuration(proxyBeanMethods = false)
class IdentityMetricsConfiguration {

    @Bean
    FilterRegistrationBean<TokenMetricsFilter> tokenMetricsFilter(MeterRegistry registry) {
        return new FilterRegistrationBean<>(new TokenMetricsFilter(registry));
    }
}
