package dev.sluice.identity.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** identity-adapter's own metrics ({@code sluice_identity_*}); see docs/operations.md for the list. */
@Configuration(proxyBeanMethods = false)
class IdentityMetricsConfiguration {

    @Bean
    FilterRegistrationBean<TokenMetricsFilter> tokenMetricsFilter(MeterRegistry registry) {
        FilterRegistrationBean<TokenMetricsFilter> registration = new FilterRegistrationBean<>(new TokenMetricsFilter(registry));
        // Outside Spring Security: the authorization server answers /oauth2/token inside the security filter chain
        // (and refuses bad client credentials there), so a filter after it would never see those exchanges.
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }
}
