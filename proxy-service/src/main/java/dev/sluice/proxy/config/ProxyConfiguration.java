package dev.sluice.proxy.config;

import dev.sluice.proxy.approval.ApprovalClient;
import dev.sluice.proxy.approval.ApprovalGate;
import dev.sluice.proxy.approval.ApprovalProperties;
import dev.sluice.proxy.core.CommandDecider;
import dev.sluice.proxy.core.DecisionCache;
import dev.sluice.proxy.core.DiscardingEventSink;
import dev.sluice.proxy.core.EventSink;
import dev.sluice.proxy.core.KafkaEventSink;
import dev.sluice.proxy.core.PolicyClient;
import dev.sluice.proxy.core.PolicyVersionWatcher;
import dev.sluice.proxy.core.ProxyMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import dev.sluice.proxy.core.TokenVerifier;
import dev.sluice.proxy.credentials.TargetCredentials;
import dev.sluice.proxy.events.DeliverySettings;
import dev.sluice.proxy.events.EventSpool;
import dev.sluice.proxy.events.SpoolMetrics;
import dev.sluice.proxy.limits.IdentityLimits;
import dev.sluice.proxy.postgres.PostgresGateway;
import dev.sluice.proxy.postgres.masking.MaskingProperties;
import dev.sluice.proxy.postgres.PostgresListener;
import dev.sluice.proxy.postgres.session.CancelRegistry;
import dev.sluice.proxy.postgres.session.TlsContexts;
import dev.sluice.sql.Normalizer;
import java.io.IOException;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import tools.jackson.databind.json.JsonMapper;

/** Wires the proxy's data path from {@link ProxyProperties}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ProxyProperties.class, MaskingProperties.class, ApprovalProperties.class})
public class ProxyConfiguration {

    /** Master keys for sealed credential stores: {@code SLUICE_MASTER_KEYS} and/or a file of {@code id:base64} lines. */
    private static TargetCredentials targetCredentials(Environment environment) {
        String file = environment.getProperty("sluice.proxy.credentials.master-key-file");
        return TargetCredentials.fromEnvironment(file == null || file.isBlank() ? null : Path.of(file));
    }

    @Bean
    TokenVerifier tokenVerifier(ProxyProperties properties) {
        return new TokenVerifier(properties.identity());
    }

    @Bean
    PolicyClient policyClient(ProxyProperties properties) {
        return new PolicyClient(properties.policy(), JsonMapper.builder().build());
    }

    @Bean
    DecisionCache decisionCache(ProxyProperties properties) {
        var cache = properties.policy().cache();
        return new DecisionCache(cache.enabled(), cache.maxEntries());
    }

    @Bean
    PolicyVersionWatcher policyVersionWatcher(PolicyClient policy, DecisionCache cache) {
        return new PolicyVersionWatcher(policy, cache);
    }

    @Bean
    ProxyMetrics proxyMetrics(MeterRegistry registry, EventSink events, ProxyProperties properties) {
        // refused logins reach the audit feed from the connection, which knows the client address
        var metrics = new ProxyMetrics(registry);
        if (events instanceof KafkaEventSink sink) {
            metrics.watchEvents(sink);
            SpoolMetrics.register(registry, sink);
        }
        return metrics;
    }

    /** The CloudEvents {@code source} of this instance's events. */
    static String eventSource(ProxyProperties properties) {
        return "sluice://proxy/" + properties.instanceId();
    }

    @Bean
    CommandDecider commandDecider(PolicyClient policy, DecisionCache cache, ProxyMetrics metrics) {
        return new CommandDecider(policy, cache, Normalizer::normalize, metrics);
    }

    @Bean(destroyMethod = "close")
    EventSink eventSink(ProxyProperties properties, Environment environment) throws IOException {
        ProxyProperties.Events events = properties.events();
        if (!events.enabled()) {
            return new DiscardingEventSink();
        }
        ProxyProperties.Spool spoolSettings = events.spool();
        Path directory = spoolSettings.directory() == null || spoolSettings.directory().isBlank()
                ? Path.of(System.getProperty("java.io.tmpdir"), "sluice-spool", properties.instanceId())
                : Path.of(spoolSettings.directory());
        var spool = new EventSpool(directory, spoolSettings.maxSize().toBytes());
        var delivery = new DeliverySettings(events.ackTimeout(), events.retryInterval(), 500, 65_536,
                events.strict(), spoolSettings.reserve().toBytes());
        return new KafkaEventSink(KafkaClientSettings.from(environment), events.topic(),
                events.auditEnabled() ? events.auditTopic() : null, "sluice-proxy-" + properties.instanceId(), spool,
                delivery);
    }

    @Bean
    ApprovalGate approvalGate(ApprovalProperties approvals) {
        return new ApprovalGate(new ApprovalClient(approvals, JsonMapper.builder().build()));
    }

    @Bean
    CancelRegistry cancelRegistry() {
        return new CancelRegistry();
    }

    /** Limits per identity, counted by this replica for the sessions it holds (protocol-neutral). */
    @Bean
    IdentityLimits identityLimits() {
        return new IdentityLimits();
    }

    @Bean
    PostgresGateway postgresGateway(ProxyProperties properties, TokenVerifier tokens, CommandDecider decider,
            EventSink events, CancelRegistry cancels, ProxyMetrics metrics, MaskingProperties masking,
            ApprovalGate approvals, Environment environment, IdentityLimits limits) {
        var tls = properties.postgres().tls();
        SSLContext context = tls.configured()
                ? TlsContexts.server(Path.of(tls.certificate()), Path.of(tls.privateKey())) : null;
        return new PostgresGateway(properties, tokens, decider, events, JsonMapper.builder().build(), cancels, context,
                metrics, masking.settings(), targetCredentials(environment), approvals, limits);
    }

    @Bean
    PostgresListener postgresListener(ProxyProperties properties, PostgresGateway gateway) {
        return new PostgresListener(properties.postgres(), gateway);
    }
}
