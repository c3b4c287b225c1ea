package dev.sluice.policy;

import dev.sluice.contracts.event.Topics;
import dev.sluice.policy.audit.AuditSink;
import dev.sluice.policy.audit.KafkaAuditSink;
import dev.sluice.policy.audit.KafkaClientSettings;
import dev.sluice.policy.audit.LogAuditSink;
import dev.sluice.policy.audit.PolicyAudit;
import dev.sluice.policy.bundle.ActivePolicy;
import dev.sluice.policy.bundle.BundleWatcher;
import dev.sluice.policy.bundle.PolicyBundle;
import dev.sluice.policy.bundle.PolicyBundleLoader;
import java.io.IOException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import tools.jackson.databind.json.JsonMapper;

/**
 * Loads the policy bundle at startup (an invalid bundle fails startup with file, line and message) and,
 * for a filesystem bundle, watches it for hot reload.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PolicyProperties.class)
class PolicyConfiguration {

    private static final Logger log = LoggerFactory.getLogger(PolicyConfiguration.class);

    /** {@code sluice.audit} on Kafka when {@code spring.kafka.bootstrap-servers} is set (standalone sets it), the log otherwise. */
    @Bean(destroyMethod = "close")
    AuditSink auditSink(Environment environment) {
        String bootstrap = environment.getProperty("spring.kafka.bootstrap-servers");
        JsonMapper json = JsonMapper.builder().build();
        if (bootstrap == null || bootstrap.isBlank()) {
            log.info("spring.kafka.bootstrap-servers is not set: policy audit events go to the log (logger sluice.audit)");
            return new LogAuditSink(json);
        }
        return new KafkaAuditSink(KafkaClientSettings.from(environment, bootstrap), Topics.AUDIT, "sluice-policy-audit", json);
    }

    @Bean
    PolicyAudit policyAudit(AuditSink sink, PolicyProperties properties) {
        return new PolicyAudit(sink, origin(properties));
    }

    @Bean
    ActivePolicy activePolicy(PolicyProperties properties, PolicyAudit audit) {
        PolicyBundle bundle = PolicyBundleLoader.load(properties.bundlePath());
        log.info("Loaded policy bundle {} ({} rules from {})", bundle.version(), bundle.rules().size(), bundle.files());
        audit.loaded(bundle);
        return new ActivePolicy(bundle);
    }

    private static String origin(PolicyProperties properties) {
        String path = properties.bundlePath();
        return path == null || path.isBlank() ? PolicyBundleLoader.DEMO_BUNDLE : path.strip();
    }

    /** Null (no bean) for the demo or a classpath bundle, or when watching is switched off. */
    @Bean(destroyMethod = "close")
    BundleWatcher bundleWatcher(PolicyProperties properties, ActivePolicy policy, PolicyAudit audit) throws IOException {
        String path = properties.bundlePath();
        if (!properties.watch() || path == null || path.isBlank() || path.strip().startsWith("classpath:")) {
            return null;
        }
        BundleWatcher watcher = new BundleWatcher(Path.of(path.strip()), policy, properties.reloadDebounce(), audit);
        watcher.start();
        return watcher;
    }
}
