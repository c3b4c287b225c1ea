package dev.sluice.policy;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Policy service settings ({@code sluice.policy.*}).
 *
 * @param bundlePath     directory holding the policy bundle's {@code *.yaml}/{@code *.yml} files, or
 *                       {@code classpath:some/dir/}; unset (the default) loads the built-in demo bundle from
 *                       {@code classpath:policy-bundles/demo/}
 * @param watch          whether a filesystem bundle directory is watched and hot-reloaded (default true;
 *                       classpath bundles never change)
 * @param reloadDebounce how long changes must settle before a reload (default 500ms), so that an editor's or
 *                       {@code kubectl}'s burst of writes leads to one reload of the finished files
 * @param security       who may call the API
 */
@ConfigurationProperties(prefix = "sluice.policy")
public record PolicyProperties(String bundlePath, @DefaultValue("true") boolean watch, @DefaultValue("500ms") Duration reloadDebounce,
        @DefaultValue Security security) {

    public PolicyProperties {
        security = security == null ? new Security("", false) : security;
    }

    /**
     * Access to the {@code /v1} API (actuator endpoints are not covered: health and Prometheus stay open).
     *
     * @param proxyKey             shared secret the gateway presents as {@code Authorization: SluiceProxy <key>}
     *                             on every call; empty (the default) refuses every caller unless
     *                             {@code allowUnauthenticated} is set
     * @param allowUnauthenticated development switch (default false): with no {@code proxyKey}, accept callers
     *                             without a key. Never in production: anyone who reaches the port could probe
     *                             the policy
     */
    public record Security(@DefaultValue("") String proxyKey, @DefaultValue("false") boolean allowUnauthenticated) {
        public Security {
            proxyKey = proxyKey == null ? "" : proxyKey.strip();
        }

        @Override
        public String toString() {
            // never print the key (configuration dumps, failure analysis)
            return "Security[proxyKey=" + (proxyKey.isEmpty() ? "<none>" : "<set>") + ", allowUnauthenticated="
                    + allowUnauthenticated + "]";
        }
    }
}
