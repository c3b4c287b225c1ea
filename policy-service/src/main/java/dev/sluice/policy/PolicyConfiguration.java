package dev.sluice.policy;

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

/**
 * Loads the policy bundle at startup (an invalid bundle fails startup with file, line and message) and,
 * for a filesystem bundle, watches it for hot reload.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PolicyProperties.class)
class PolicyConfiguration {

    private static final Logger log = LoggerFactory.getLogger(PolicyConfiguration.class);

    @Bean
    ActivePolicy activePolicy(PolicyProperties properties) {
        PolicyBundle bundle = PolicyBundleLoader.load(properties.bundlePath());
        log.info("Loaded policy bundle {} ({} rules from {})", bundle.version(), bundle.rules().size(), bundle.files());
        return new ActivePolicy(bundle);
    }

    /** Null (no bean) for the demo or a classpath bundle, or when watching is switched off. */
    @Bean(destroyMethod = "close")
    BundleWatcher bundleWatcher(PolicyProperties properties, ActivePolicy policy) throws IOException {
        String path = properties.bundlePath();
        if (!properties.watch() || path == null || path.isBlank() || path.strip().startsWith("classpath:")) {
            return null;
        }
        BundleWatcher watcher = new BundleWatcher(Path.of(path.strip()), policy, properties.reloadDebounce());
        watcher.start();
        return watcher;
    }
}
