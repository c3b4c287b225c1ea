package dev.sluice.policy.metrics;

import dev.sluice.policy.bundle.ActivePolicy;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** policy-service's own metrics ({@code sluice_policy_*}); see docs/operations.md for the list. */
@Configuration(proxyBeanMethods = false)
class PolicyMetricsConfiguration {

    @Bean
    FilterRegistrationBean<DecisionMetricsFilter> decisionMetricsFilter(MeterRegistry registry,
            PolicyBundleMetrics bundleMetrics) {
        FilterRegistrationBean<DecisionMetricsFilter> registration =
                new FilterRegistrationBean<>(new DecisionMetricsFilter(registry, bundleMetrics::observe));
        registration.addUrlPatterns("/v1/decisions");
        return registration;
    }

    @Bean
    PolicyBundleMetrics policyBundleMetrics(ActivePolicy policy, MeterRegistry registry) {
        return new PolicyBundleMetrics(policy, registry);
    }
}
