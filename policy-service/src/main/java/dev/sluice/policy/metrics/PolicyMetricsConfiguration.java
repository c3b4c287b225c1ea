package dev.sluice.policy.metrics;

import dev.sluice.policy.bundle.ActivePolicy;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** policy-service's own metrics ({@code sluice_policy_*}); see docs/operations.md for the list. */
@Configuration(proxyBeanMethods = false)
class PolicyMetricsConfiguration {

    /** Filter order of {@link DecisionMetricsFilter}: after the observation filter, before the decision fast path. */
    static final int DECISION_METRICS_ORDER = Ordered.HIGHEST_PRECEDENCE + 2;

    @Bean
    DecisionMetrics decisionMetrics(MeterRegistry registry, PolicyBundleMetrics bundleMetrics) {
        return new DecisionMetrics(registry, bundleMetrics::observe);
    }

    @Bean
    FilterRegistrationBean<DecisionMetricsFilter> decisionMetricsFilter(DecisionMetrics metrics) {
        FilterRegistrationBean<DecisionMetricsFilter> registration = new FilterRegistrationBean<>(new DecisionMetricsFilter(metrics));
        registration.addUrlPatterns("/v1/decisions");
        // Right after the proxy key check and before the decision fast path it times (see DecisionPathConfiguration).
        registration.setOrder(DECISION_METRICS_ORDER);
        return registration;
    }

    @Bean
    PolicyBundleMetrics policyBundleMetrics(ActivePolicy policy, MeterRegistry registry) {
        return new PolicyBundleMetrics(policy, registry);
    }
}
