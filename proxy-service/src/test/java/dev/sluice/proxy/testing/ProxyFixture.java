package dev.sluice.proxy.testing;

import dev.sluice.proxy.config.ProxyProperties;
import dev.sluice.proxy.core.CommandDecider;
import dev.sluice.proxy.core.DecisionCache;
import dev.sluice.proxy.core.PolicyClient;
import dev.sluice.proxy.core.ProxyMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import dev.sluice.proxy.core.TokenVerifier;
import dev.sluice.proxy.postgres.PostgresGateway;
import dev.sluice.proxy.postgres.PostgresListener;
import dev.sluice.proxy.postgres.session.CancelRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.json.JsonMapper;

/** A PostgreSQL listener on a free loopback port, wired to a target, a policy server and token keys. */
public final class ProxyFixture implements AutoCloseable {
    private final PostgresListener listener;
    private final RecordingEventSink events = new RecordingEventSink();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ProxyMetrics metrics = new ProxyMetrics(registry);

    public ProxyFixture(TargetDatabase target, String targetUser, String policyUrl, TestTokens tokens) {
        this(target, targetUser, policyUrl, tokens, 50);
    }

    /** A proxy that accepts at most {@code maxConnections} clients at once. */
    public ProxyFixture(TargetDatabase target, String targetUser, String policyUrl, TestTokens tokens,
            int maxConnections) {
        this(target.port(), targetUser, policyUrl, tokens, maxConnections);
    }

    /** A proxy in front of the PostgreSQL on {@code targetPort} (which may belong to another process). */
    public ProxyFixture(int targetPort, String targetUser, String policyUrl, TestTokens tokens, int maxConnections) {
        var identity = new ProxyProperties.Identity("http://127.0.0.1:1/unused", TestTokens.ISSUER, "sluice",
                List.of("RS256", "ES256"), 8192, Duration.ofSeconds(5));
        var policy = new ProxyProperties.Policy(policyUrl, Duration.ofMillis(1500), new ProxyProperties.Cache(true, 100));
        var postgres = new ProxyProperties.Postgres(true, "127.0.0.1", 0, DataSize.ofMegabytes(1), maxConnections,
                Duration.ofSeconds(5), new ProxyProperties.Tls(null, null, true), ProxyProperties.ThreadModel.PLATFORM);
        var connection = new ProxyProperties.TargetConnection("postgres", "127.0.0.1", targetPort, "postgres",
                targetUser, TargetDatabase.PASSWORD, Map.of("env", "test"));
        var properties = new ProxyProperties("test-proxy", identity, policy,
                new ProxyProperties.Events("sluice.sessions", true), postgres, Map.of("demo", connection));
        var json = JsonMapper.builder().build();
        var decider = new CommandDecider(new PolicyClient(policy, json), new DecisionCache(false, 10), s -> s,
                metrics);
        var gateway = new PostgresGateway(properties, new TokenVerifier(identity, tokens.keys()), decider, events,
                json, new CancelRegistry(), null, metrics);
        listener = new PostgresListener(postgres, gateway);
        listener.start();
    }

    public int port() {
        return listener.port();
    }

    /** The metrics the listener recorded. */
    public SimpleMeterRegistry registry() {
        return registry;
    }

    public RecordingEventSink events() {
        return events;
    }

    /** pgjdbc connection properties for a token. */
    public static Properties credentials(String user, String token) {
        var properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", token);
        properties.setProperty("sslmode", "disable");
        return properties;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/demo";
    }

    @Override
    public void close() {
        listener.stop();
    }
}
