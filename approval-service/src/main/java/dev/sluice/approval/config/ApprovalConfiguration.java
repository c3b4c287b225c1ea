package dev.sluice.approval.config;

import dev.sluice.approval.metrics.ApprovalMetrics;
import dev.sluice.approval.service.ApprovalService;
import dev.sluice.approval.service.AuditPublisher;
import dev.sluice.approval.service.StateWaiters;
import dev.sluice.approval.store.ApprovalRepository;
import dev.sluice.approval.store.VoteRepository;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/** Wires the approval rules, their store, long-poll waiters and the audit feed. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ApprovalProperties.class)
@EnableScheduling
public class ApprovalConfiguration {

    @Bean
    StateWaiters stateWaiters() {
        return new StateWaiters();
    }

    @Bean(destroyMethod = "close")
    AuditPublisher auditPublisher(@Value("${spring.kafka.bootstrap-servers}") String bootstrapServers,
            ApprovalProperties properties, JsonMapper json) {
        return new AuditPublisher(bootstrapServers, properties.audit(), json);
    }

    @Bean
    ApprovalService approvalService(ApprovalRepository approvals, VoteRepository votes,
            PlatformTransactionManager transactionManager, StateWaiters waiters, AuditPublisher audit,
            ApprovalProperties properties, ApprovalMetrics metrics,
            ObjectProvider<ApprovalService.PendingListener> pendingListener) {
        return new ApprovalService(approvals, votes, new TransactionTemplate(transactionManager), waiters, audit,
                Clock.systemUTC(), properties.useWithin(), metrics, pendingListener.getIfAvailable(() -> request -> { }));
    }
}
