package dev.sluice.approval.ui;

import dev.sluice.approval.service.StateWaiters;
import dev.sluice.approval.store.ApprovalRepository;
import java.time.Duration;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/** Wires the reviewer UI's live updates and history search. */
@Configuration(proxyBeanMethods = false)
public class ReviewerUiConfiguration {

    /** How long one event stream stays open before the browser reconnects (re-checking its session). */
    static final Duration STREAM_LIFETIME = Duration.ofMinutes(5);

    @Bean(destroyMethod = "close")
    LiveUpdates liveUpdates(StateWaiters waiters, ApprovalRepository approvals) {
        return new LiveUpdates(waiters, approvals, STREAM_LIFETIME);
    }

    /**
     * Ends open event streams as soon as the service begins to stop: the web server's graceful shutdown would
     * otherwise wait for them until its timeout. Browsers reconnect to another instance.
     */
    @Bean
    ApplicationListener<ContextClosedEvent> endLiveUpdatesOnShutdown(LiveUpdates live) {
        return event -> live.close();
    }

    @Bean
    HistorySearch historySearch(JdbcTemplate jdbc) {
        return new HistorySearch(jdbc);
    }
}
