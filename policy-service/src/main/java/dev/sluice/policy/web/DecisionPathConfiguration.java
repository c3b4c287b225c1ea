package dev.sluice.policy.web;

import dev.sluice.policy.PolicyProperties;
import dev.sluice.policy.decision.PolicyEngine;
import dev.sluice.policy.metrics.DecisionMetrics;
import io.micrometer.observation.ObservationPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import tools.jackson.databind.json.JsonMapper;

/**
 * The decision listener ({@link DecisionListener}, the gateway's own port) and the servlet filters in front of the
 * API on the main port, in this order: the proxy key check on {@code /v1/*}
 * ({@link ProxyKeyFilter}), the decision metrics, and the decision fast path ({@link DecisionFastPath}). Spring's
 * HTTP server observation ({@code http_server_requests}) is skipped for {@code /v1/decisions}, which has its own
 * timer ({@code sluice_policy_decide_seconds}) and where it cost more than a decision.
 */
@Configuration(proxyBeanMethods = false)
class DecisionPathConfiguration {

    /** Before everything else that handles a request (equal to the character encoding filter, which reads nothing). */
    static final int PROXY_KEY_ORDER = Ordered.HIGHEST_PRECEDENCE;
    /** After the decision metrics filter ({@code HIGHEST_PRECEDENCE + 2}), which times it. */
    static final int FAST_PATH_ORDER = Ordered.HIGHEST_PRECEDENCE + 3;

    private static final Logger log = LoggerFactory.getLogger(DecisionPathConfiguration.class);

    /** Disabled only when no key is configured and the development switch opened the API. */
    @Bean
    FilterRegistrationBean<ProxyKeyFilter> proxyKeyFilter(PolicyProperties properties) {
        PolicyProperties.Security security = properties.security();
        FilterRegistrationBean<ProxyKeyFilter> registration = new FilterRegistrationBean<>(new ProxyKeyFilter(security.proxyKey()));
        registration.addUrlPatterns("/v1/*");
        registration.setOrder(PROXY_KEY_ORDER);
        if (security.proxyKey().isEmpty() && security.allowUnauthenticated()) {
            log.warn("sluice.policy.security.allow-unauthenticated is set and no proxy key is configured: anyone who"
                    + " reaches this port may ask for decisions and read the policy. Development only.");
            registration.setEnabled(false);
        } else if (security.proxyKey().isEmpty()) {
            log.warn("No sluice.policy.security.proxy-key is configured: every call to /v1 is refused (401)");
        }
        return registration;
    }

    /** Registered with the application's JSON mapper by Spring Boot (every {@code JacksonModule} bean is). */
    @Bean
    RecordConstructors recordConstructors() {
        return new RecordConstructors();
    }

    @Bean
    DecisionExchange decisionExchange(PolicyEngine engine, JsonMapper json) {
        return new DecisionExchange(engine, json);
    }

    @Bean
    FilterRegistrationBean<DecisionFastPath> decisionFastPath(DecisionExchange exchange) {
        FilterRegistrationBean<DecisionFastPath> registration = new FilterRegistrationBean<>(new DecisionFastPath(exchange));
        registration.addUrlPatterns("/v1/decisions");
        registration.setOrder(FAST_PATH_ORDER);
        return registration;
    }

    /** The gateway's own decision port; bound to {@code server.address} unless it has an address of its own. */
    @Bean
    @ConditionalOnBooleanProperty(name = "sluice.policy.decision-listener.enabled", matchIfMissing = true)
    DecisionListener decisionListener(PolicyProperties properties, DecisionExchange exchange, DecisionMetrics metrics,
            @Value("${server.address:}") String serverAddress) {
        PolicyProperties.Security security = properties.security();
        GatewayKey key = security.proxyKey().isEmpty() && security.allowUnauthenticated() ? null : new GatewayKey(security.proxyKey());
        PolicyProperties.DecisionListener settings = properties.decisionListener();
        String host = settings.address().isEmpty() ? serverAddress.strip() : settings.address();
        return new DecisionListener(settings, host, key, exchange, metrics);
    }

    @Bean
    ObservationPredicate noServerObservationOfDecisions() {
        return (name, context) -> !(context instanceof ServerRequestObservationContext server
                && "/v1/decisions".equals(server.getCarrier().getRequestURI()));
    }
}
