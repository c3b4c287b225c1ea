package dev.sluice.proxy.postgres;

import dev.sluice.proxy.approval.ApprovalClient;
import dev.sluice.proxy.approval.ApprovalGate;
import dev.sluice.proxy.approval.ApprovalProperties;
import dev.sluice.proxy.config.ProxyProperties;
import dev.sluice.proxy.core.CommandDecider;
import dev.sluice.proxy.core.EventSink;
import dev.sluice.proxy.core.ProxyMetrics;
import dev.sluice.proxy.core.TokenVerifier;
import dev.sluice.proxy.credentials.TargetCredentials;
import dev.sluice.proxy.limits.IdentityLimits;
import dev.sluice.proxy.postgres.masking.MaskingSettings;
import dev.sluice.proxy.postgres.session.CancelRegistry;
import javax.net.ssl.SSLContext;
import tools.jackson.databind.json.JsonMapper;

/**
 * Everything a PostgreSQL connection needs from the rest of the proxy, shared by all connections.
 *
 * @param properties proxy configuration
 * @param tokens     token verification
 * @param decider    policy decisions (cached)
 * @param events     session event publication
 * @param json       JSON mapper for events
 * @param cancels    cancel-key mapping
 * @param tls        server TLS context, or null when no certificate is configured
 * @param metrics    gateway metrics
 * @param masking    result-masking settings
 * @param credentials resolves target credentials (env, files, sealed store)
 * @param approvals  holds statements that need an approval
 * @param limits     sessions and statement rates per identity on this replica
 */
public record PostgresGateway(
        ProxyProperties properties,
        TokenVerifier tokens,
        CommandDecider decider,
        EventSink events,
        JsonMapper json,
        CancelRegistry cancels,
        SSLContext tls,
        ProxyMetrics metrics,
        MaskingSettings masking,
        TargetCredentials credentials,
        ApprovalGate approvals,
        IdentityLimits limits) {

    /** A gateway whose approval-service is at its default address without a proxy key (approvals fail closed). */
    public PostgresGateway(ProxyProperties properties, TokenVerifier tokens, CommandDecider decider, EventSink events,
            JsonMapper json, CancelRegistry cancels, SSLContext tls, ProxyMetrics metrics, MaskingSettings masking,
            TargetCredentials credentials, IdentityLimits limits) {
        this(properties, tokens, decider, events, json, cancels, tls, metrics, masking, credentials,
                new ApprovalGate(new ApprovalClient(ApprovalProperties.of("http://127.0.0.1:8080", ""), json)), limits);
    }

    /** A gateway with its own limits per identity. */
    public PostgresGateway(ProxyProperties properties, TokenVerifier tokens, CommandDecider decider, EventSink events,
            JsonMapper json, CancelRegistry cancels, SSLContext tls, ProxyMetrics metrics, MaskingSettings masking,
            TargetCredentials credentials, ApprovalGate approvals) {
        this(properties, tokens, decider, events, json, cancels, tls, metrics, masking, credentials, approvals,
                new IdentityLimits());
    }

    /** A gateway with its own limits per identity and default approvals (fail closed without a proxy key). */
    public PostgresGateway(ProxyProperties properties, TokenVerifier tokens, CommandDecider decider, EventSink events,
            JsonMapper json, CancelRegistry cancels, SSLContext tls, ProxyMetrics metrics, MaskingSettings masking,
            TargetCredentials credentials) {
        this(properties, tokens, decider, events, json, cancels, tls, metrics, masking, credentials, new IdentityLimits());
    }

    /** A gateway whose target passwords are literal or resolved from env/files without master keys. */
    public PostgresGateway(ProxyProperties properties, TokenVerifier tokens, CommandDecider decider, EventSink events,
            JsonMapper json, CancelRegistry cancels, SSLContext tls, ProxyMetrics metrics, MaskingSettings masking) {
        this(properties, tokens, decider, events, json, cancels, tls, metrics, masking,
                new TargetCredentials(java.util.List.of(), System::getenv));
    }

    /** A gateway with default masking settings (a random hash key). */
    public PostgresGateway(ProxyProperties properties, TokenVerifier tokens, CommandDecider decider, EventSink events,
            JsonMapper json, CancelRegistry cancels, SSLContext tls, ProxyMetrics metrics) {
        this(properties, tokens, decider, events, json, cancels, tls, metrics, MaskingSettings.defaults());
    }
}
