package dev.sluice.approval.notify;

import dev.sluice.approval.config.ApprovalProperties;
import dev.sluice.approval.grants.GrantService;
import dev.sluice.approval.service.ApprovalService;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reviewer notifications: the enabled channels, the outbox written when a request becomes pending, and its worker.
 * With no channel configured nothing is queued and no worker runs.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(NotifyProperties.class)
public class NotifyConfiguration {

    /** The enabled channels, in a fixed order. */
    record Channels(List<NotificationChannel> all) {
        List<String> names() {
            return all.stream().map(NotificationChannel::name).toList();
        }
    }

    @Bean
    Channels notificationChannels(NotifyProperties properties, JsonMapper json,
            ObjectProvider<JavaMailSender> mailSender) {
        HttpDelivery http = new HttpDelivery(properties.timeout());
        List<NotificationChannel> channels = new ArrayList<>();
        if (properties.webhook().enabled()) {
            channels.add(new WebhookChannel(properties.webhook(), http, json, Clock.systemUTC()));
        }
        if (properties.slack().enabled()) {
            channels.add(new SlackChannel(properties.slack(), http, json));
        }
        if (properties.email().enabled()) {
            JavaMailSender sender = mailSender.getIfAvailable();
            if (sender == null) {
                throw new IllegalStateException(
                        "sluice.approval.notify.email.to is set but no SMTP server is: set spring.mail.host");
            }
            channels.add(new EmailChannel(properties.email(), sender));
        }
        return new Channels(List.copyOf(channels));
    }

    @Bean
    Outbox notificationOutbox(DataSource dataSource, JsonMapper json, Channels channels) {
        return new Outbox(new JdbcTemplate(dataSource), json, channels.names(), Clock.systemUTC());
    }

    /** Null (no bean, no polling) when no channel is configured. */
    @Bean
    OutboxWorker notificationWorker(Outbox outbox, Channels channels, PlatformTransactionManager transactionManager,
            NotifyProperties properties, MeterRegistry registry) {
        if (channels.all().isEmpty()) {
            return null;
        }
        return new OutboxWorker(outbox, channels.all(), new TransactionTemplate(transactionManager), properties,
                registry, Clock.systemUTC());
    }

    @Bean
    ApprovalService.PendingListener approvalNotifications(Outbox outbox, ApprovalProperties approval) {
        return request -> outbox.enqueue(new Notification(UUID.randomUUID().toString(), "approval.pending",
                request.id().toString(), approval.publicUrl() + "/approvals/" + request.id(),
                request.requesterSubject(), request.connection(), request.statement(), request.reason(),
                request.reviewers(), request.createdAt()));
    }

    @Bean
    GrantService.PendingGrantListener grantNotifications(Outbox outbox, ApprovalProperties approval) {
        return grant -> outbox.enqueue(new Notification(UUID.randomUUID().toString(), "grant.pending",
                grant.id().toString(), approval.publicUrl() + "/v1/grants/" + grant.id(),
                grant.requesterSubject(), grant.connection(),
                "group " + grant.group() + " for " + grant.duration(), grant.justification(),
                grant.reviewers(), grant.createdAt()));
    }
}
