package dev.sluice.policy;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

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
 * @param decisionListener the gateway's dedicated decision port
 */
@ConfigurationProperties(prefix = "sluice.policy")
public record PolicyProperties(String bundlePath, @DefaultValue("true") boolean watch, @DefaultValue("500ms") Duration reloadDebounce,
        @DefaultValue Security security, @DefaultValue DecisionListener decisionListener) {

    public PolicyProperties {
        security = security == null ? new Security("", false) : security;
        decisionListener = decisionListener == null ? DecisionListener.DEFAULTS : decisionListener;
    }

    /**
     * The decision listener ({@code sluice.policy.decision-listener.*}): {@code POST /v1/decisions} and nothing else,
     * on its own port, answered on the event loop that read it (no hand-off to a worker thread). It is the port the
     * gateway should use; the same endpoint on the main HTTP port stays for tools and {@code ?explain=true}. Same
     * JSON, same gateway key, same metrics.
     *
     * @param enabled        whether the listener runs (default true)
     * @param address        address to bind; empty (the default) binds {@code server.address} when that is set,
     *                       else every interface, like the main port
     * @param port           TCP port (default 8085; 0 picks a free one)
     * @param threads        event loop threads; 0 (the default) is half the available processors, at least one (one
     *                       loop answers tens of thousands of decisions a second; on two cores a second loop only
     *                       added a thread to be descheduled: docs/benchmarks.md)
     * @param maxRequestSize largest request body accepted (default 64MB: a 16 MB statement, the proxy's largest
     *                       message, can grow when escaped in JSON); larger ones get 413 and the connection closes
     * @param inlineLimit    bodies up to this size (default 64KB) are decided on the event loop; larger ones on a
     *                       virtual thread, so that one huge statement does not delay the other connections
     */
    public record DecisionListener(@DefaultValue("true") boolean enabled, @DefaultValue("") String address,
            @DefaultValue("8085") int port, @DefaultValue("0") int threads, @DefaultValue("64MB") DataSize maxRequestSize,
            @DefaultValue("64KB") DataSize inlineLimit) {

        static final DecisionListener DEFAULTS = new DecisionListener(true, "", 8085, 0, DataSize.ofMegabytes(64),
                DataSize.ofKilobytes(64));

        public DecisionListener {
            address = address == null ? "" : address.strip();
            maxRequestSize = maxRequestSize == null ? DataSize.ofMegabytes(64) : maxRequestSize;
            inlineLimit = inlineLimit == null ? DataSize.ofKilobytes(64) : inlineLimit;
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("sluice.policy.decision-listener.port must be 0 (any free port) or a TCP port, was " + port);
            }
            if (threads < 0) {
                throw new IllegalArgumentException("sluice.policy.decision-listener.threads must be 0 (one per processor) or more, was " + threads);
            }
            if (maxRequestSize.toBytes() < 1 || maxRequestSize.toBytes() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("sluice.policy.decision-listener.max-request-size must be between 1B and 2GB");
            }
        }
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
