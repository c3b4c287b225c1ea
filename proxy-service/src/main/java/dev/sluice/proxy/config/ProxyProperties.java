package dev.sluice.proxy.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Configuration of proxy-service ({@code sluice.proxy.*}).
 *
 * @param instanceId  name of this proxy instance in session events; defaults to {@code proxy}
 * @param identity    where tokens are verified
 * @param policy      where decisions are asked
 * @param events      where session events go
 * @param postgres    the PostgreSQL listener
 * @param connections target connections by name, with the credentials only the proxy holds
 */
@ConfigurationProperties("sluice.proxy")
public record ProxyProperties(
        @DefaultValue("proxy") String instanceId,
        @DefaultValue Identity identity,
        @DefaultValue Policy policy,
        @DefaultValue Events events,
        @DefaultValue Postgres postgres,
        Map<String, TargetConnection> connections) {

    public ProxyProperties {
        connections = connections == null ? Map.of() : Map.copyOf(connections);
    }

    /**
     * Token verification.
     *
     * @param jwksUri           JWK set of identity-adapter, fetched and cached; refreshed on an unknown {@code kid}
     * @param issuer            required {@code iss}
     * @param audience          required {@code aud}
     * @param algorithms        accepted JWS algorithms; anything else (including {@code none} and HMAC) is refused
     * @param maxTokenLength    longer tokens are refused before parsing
     * @param clockSkew         tolerated clock difference for {@code exp}/{@code nbf}
     * @param revocationsUri    identity-adapter's revocation list; default {@code /v1/revocations} on the JWK set's
     *                          server (identity-adapter serves both); {@code none} = no revocation checks
     * @param revocationRefresh how often the revocation list is pulled; bounds how late a revocation takes effect
     * @param revocationMaxStaleness when the list could not be refreshed for this long, new sessions are refused
     * @param sessionCheckInterval how often live sessions' tokens are re-checked (expiry, revocation)
     */
    public record Identity(
            @DefaultValue("http://127.0.0.1:8083/.well-known/jwks.json") String jwksUri,
            @DefaultValue("http://127.0.0.1:8083") String issuer,
            @DefaultValue("sluice") String audience,
            @DefaultValue({"RS256", "ES256"}) List<String> algorithms,
            @DefaultValue("8192") int maxTokenLength,
            @DefaultValue("30s") Duration clockSkew,
            @DefaultValue("") String revocationsUri,
            @DefaultValue("5s") Duration revocationRefresh,
            @DefaultValue("2m") Duration revocationMaxStaleness,
            @DefaultValue("1s") Duration sessionCheckInterval) {

        @org.springframework.boot.context.properties.bind.ConstructorBinding
        public Identity {
            if (revocationsUri == null || revocationsUri.isBlank()) {
                revocationsUri = jwksUri == null ? NO_REVOCATIONS : java.net.URI.create(jwksUri).resolve("/v1/revocations").toString();
            }
            revocationRefresh = revocationRefresh == null ? Duration.ofSeconds(5) : revocationRefresh;
            revocationMaxStaleness = revocationMaxStaleness == null ? Duration.ofMinutes(2) : revocationMaxStaleness;
            sessionCheckInterval = sessionCheckInterval == null ? Duration.ofSeconds(1) : sessionCheckInterval;
        }

        /** Verification settings without revocation checks (tests, embedded use). */
        public Identity(String jwksUri, String issuer, String audience, List<String> algorithms, int maxTokenLength,
                Duration clockSkew) {
            this(jwksUri, issuer, audience, algorithms, maxTokenLength, clockSkew, NO_REVOCATIONS, null, null, null);
        }

        /** The {@code revocations-uri} value that turns revocation checks off. */
        public static final String NO_REVOCATIONS = "none";
    }

    /**
     * Policy decisions.
     *
     * @param url      base URL of policy-service
     * @param timeout  a decision not received within this time is a deny (fail closed)
     * @param cache    the decision cache
     * @param proxyKey the gateway key policy-service expects ({@code sluice.policy.security.proxy-key}), sent as
     *                 {@code Authorization: SluiceProxy <key>} with every decision and version poll; empty (the
     *                 default) sends none, which only a policy-service opened for development accepts. Never logged
     * @param decisionUrl base URL the decisions are asked at: policy-service's decision listener
     *                 ({@code sluice.policy.decision-listener.port}, 8085 by default), which answers them on its event
     *                 loop; empty (the default) asks at {@code url}, where the same endpoint is served by the main
     *                 HTTP port. The version long-poll always goes to {@code url}
     */
    public record Policy(
            @DefaultValue("http://127.0.0.1:8081") String url,
            @DefaultValue("2s") Duration timeout,
            @DefaultValue Cache cache,
            @DefaultValue("") String proxyKey,
            @DefaultValue("") String decisionUrl) {

        @ConstructorBinding
        public Policy {
            proxyKey = proxyKey == null ? "" : proxyKey.strip();
            decisionUrl = decisionUrl == null || decisionUrl.isBlank() ? url : decisionUrl.strip();
        }

        /** Settings without a gateway key (tests against a stand-in policy server). */
        public Policy(String url, Duration timeout, Cache cache) {
            this(url, timeout, cache, "", "");
        }

        /** Settings with a gateway key, deciding at {@code url}. */
        public Policy(String url, Duration timeout, Cache cache, String proxyKey) {
            this(url, timeout, cache, proxyKey, "");
        }

        /** The {@code Authorization} header value, or null when no key is configured. */
        public String authorization() {
            return proxyKey.isEmpty() ? null : "SluiceProxy " + proxyKey;
        }

        @Override
        public String toString() {
            // the key must not reach a log line or a failure analysis
            return "Policy[url=" + url + ", decisionUrl=" + decisionUrl + ", timeout=" + timeout + ", cache=" + cache + ", proxyKey="
                    + (proxyKey.isEmpty() ? "<none>" : "<set>") + "]";
        }
    }

    /**
     * Decision cache, keyed by (policy version, groups, kind, connection, statement) and emptied whenever the
     * policy version changes or policy-service becomes unreachable.
     *
     * @param enabled    whether decisions are reused at all
     * @param maxEntries bound on cached decisions
     */
    public record Cache(@DefaultValue("true") boolean enabled, @DefaultValue("10000") int maxEntries) {}

    /**
     * Session and audit events (docs/recording.md, docs/audit-events.md).
     *
     * @param topic         Kafka topic of session transcripts
     * @param enabled       whether events are produced at all (tests of the protocol alone may turn it off)
     * @param auditTopic    Kafka topic of the audit feed; default {@code sluice.audit}
     * @param auditEnabled  whether audit events are produced; default true
     * @param strict        refuse commands as soon as an event cannot be acknowledged by Kafka within
     *                      {@code ackTimeout}, rather than only when the spool is full; default false
     * @param ackTimeout    how long Kafka may take to acknowledge a batch before its events are spooled; default 5s
     * @param retryInterval pause between attempts to reach Kafka while events are spooled; default 1s
     * @param spool         where events wait while Kafka is unreachable
     */
    public record Events(
            @DefaultValue("sluice.sessions") String topic,
            @DefaultValue("true") boolean enabled,
            @DefaultValue("sluice.audit") String auditTopic,
            @DefaultValue("true") boolean auditEnabled,
            @DefaultValue("false") boolean strict,
            @DefaultValue("5s") Duration ackTimeout,
            @DefaultValue("1s") Duration retryInterval,
            @DefaultValue Spool spool) {

        @ConstructorBinding
        public Events {
            // the canonical constructor binds; the short one below is for code
        }

        /** Session events on {@code topic}, everything else at its default. */
        public Events(String topic, boolean enabled) {
            this(topic, enabled, "sluice.audit", true, false, Duration.ofSeconds(5), Duration.ofSeconds(1),
                    new Spool(null, DataSize.ofMegabytes(256), DataSize.ofMegabytes(8)));
        }
    }

    /**
     * The local event spool: an append-only, fsynced file per proxy instance.
     *
     * @param directory where the spool lives; must survive restarts and belong to this instance alone. Default:
     *                  {@code <java.io.tmpdir>/sluice-spool/<instance-id>}
     * @param maxSize   size bound of the spool file; default 256MB
     * @param reserve   free space kept for commands already running: below it new commands are refused; default 8MB
     */
    public record Spool(String directory, @DefaultValue("256MB") DataSize maxSize,
            @DefaultValue("8MB") DataSize reserve) {}

    /**
     * The PostgreSQL listener.
     *
     * @param enabled              whether to listen
     * @param bindAddress          address to bind
     * @param port                 port to listen on (0 picks a free one)
     * @param maxFrameLength       largest message accepted from a client or a target
     * @param maxConnections       concurrent client connections
     * @param connectTimeout       timeout to reach a target
     * @param tls                  TLS for clients
     * @param threadModel          threads that carry the relay: platform (measured faster, the default) or virtual
     */
    public record Postgres(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("127.0.0.1") String bindAddress,
            @DefaultValue("15432") int port,
            @DefaultValue("16MB") DataSize maxFrameLength,
            @DefaultValue("1000") int maxConnections,
            @DefaultValue("10s") Duration connectTimeout,
            @DefaultValue Tls tls,
            @DefaultValue("platform") ThreadModel threadModel) {}

    /** How relay threads are made; see docs/architecture.md for the measurements behind the default. */
    public enum ThreadModel {
        /** One platform thread per direction per connection. */
        PLATFORM,
        /** One virtual thread per direction per connection. */
        VIRTUAL;

        /** A builder for relay threads of this model. */
        public Thread.Builder builder(String name) {
            return this == PLATFORM ? Thread.ofPlatform().name(name).daemon(true) : Thread.ofVirtual().name(name);
        }
    }

    /**
     * Server TLS for client connections.
     *
     * @param certificate PEM certificate chain path; TLS is offered only when set
     * @param privateKey  PEM private key path (PKCS#8)
     * @param requireForRemoteClients clients not on loopback must use TLS (their password is a token)
     */
    public record Tls(String certificate, String privateKey, @DefaultValue("true") boolean requireForRemoteClients) {
        /** Whether a certificate is configured. */
        public boolean configured() {
            return certificate != null && !certificate.isBlank() && privateKey != null && !privateKey.isBlank();
        }
    }

    /**
     * A target the proxy connects to on behalf of clients.
     *
     * @param protocol protocol of the target ({@code postgres})
     * @param host     target host
     * @param port     target port
     * @param database database name on the target
     * @param username target user
     * @param password   target password; never logged, never sent to clients or events
     * @param tags       free-form tags offered to policy (e.g. {@code env: prod})
     * @param credential where the password comes from instead of {@code password}: {@code env:NAME},
     *                   {@code file:/path} or {@code sealed:/store.json#entry} (see TargetCredentials)
     */
    public record TargetConnection(
            @DefaultValue("postgres") String protocol,
            @DefaultValue("127.0.0.1") String host,
            @DefaultValue("5432") int port,
            String database,
            String username,
            String password,
            Map<String, String> tags,
            String credential) {

        @org.springframework.boot.context.properties.bind.ConstructorBinding
        public TargetConnection {
            tags = tags == null ? Map.of() : Map.copyOf(tags);
        }

        /** A connection with a literal password. */
        public TargetConnection(String protocol, String host, int port, String database, String username, String password,
                Map<String, String> tags) {
            this(protocol, host, port, database, username, password, tags, null);
        }

        /** The same connection with a resolved password. */
        public TargetConnection withPassword(String resolved) {
            return new TargetConnection(protocol, host, port, database, username, resolved, tags, credential);
        }

        @Override
        public String toString() {
            // Keep the credential out of any accidental log line or exception message.
            return "TargetConnection[protocol=" + protocol + ", host=" + host + ", port=" + port + ", database="
                    + database + ", username=" + username + ", tags=" + tags + ", credential=" + credential + "]";
        }
    }
}
