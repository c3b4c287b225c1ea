package dev.sluice.policy.grants;

import dev.sluice.policy.bundle.ActivePolicy;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** The grant book (always; empty without a feed), the effective policy version, and the feed when configured. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(GrantFeedProperties.class)
public class GrantConfiguration {
    private static final Logger log = LoggerFactory.getLogger(GrantConfiguration.class);

    @Bean(destroyMethod = "close")
    GrantBook grantBook() {
        return new GrantBook();
    }

    @Bean
    EffectiveVersion effectiveVersion(ActivePolicy policy, GrantBook grants) {
        return new EffectiveVersion(policy, grants, Clock.systemUTC());
    }

    /** Null (no bean) when {@code sluice.policy.grants.approval-url} is unset: then no grant ever applies. */
    @Bean
    GrantFeedClient grantFeedClient(GrantFeedProperties properties, GrantBook book, JsonMapper json) {
        if (properties.approvalUrl() == null) {
            log.info("sluice.policy.grants.approval-url is not set: JIT access grants do not apply");
            return null;
        }
        return new GrantFeedClient(properties, book, json);
    }
}
