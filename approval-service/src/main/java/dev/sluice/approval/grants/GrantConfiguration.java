package dev.sluice.approval.grants;

import dev.sluice.approval.service.AuditPublisher;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Wires JIT access grants: the rules and the feed for policy-service (its key filter is in SecurityConfig). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(GrantProperties.class)
public class GrantConfiguration {

    @Bean
    GrantFeed grantFeed() {
        return new GrantFeed();
    }

    @Bean
    GrantService grantService(GrantRepository grants, GrantVoteRepository votes,
            PlatformTransactionManager transactionManager, GrantFeed feed, AuditPublisher audit,
            ObjectProvider<GrantService.PendingGrantListener> pendingListener, GrantProperties properties) {
        return new GrantService(grants, votes, new TransactionTemplate(transactionManager), feed, audit,
                pendingListener.getIfAvailable(() -> grant -> { }), Clock.systemUTC(), properties);
    }
}
