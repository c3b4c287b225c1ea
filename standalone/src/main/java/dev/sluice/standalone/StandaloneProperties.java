package dev.sluice.standalone;

import java.nio.file.Path;
import java.util.Objects;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the one-process launcher, bound from {@code sluice.standalone.*} (arguments such as
 * {@code --sluice.standalone.kafka-port=0}, system properties or environment variables such as
 * {@code SLUICE_STANDALONE_KAFKA_PORT}).
 *
 * <p>Every port may be {@code 0}: a free loopback port is then chosen before anything starts, so that a test can
 * run beside a running instance and every service still knows every other service's address up front.
 *
 * @param dataDir        where the platform database, the demo database and the TLS files live; when unset a fresh
 *                       temporary directory is used and deleted on stop (every start is a clean demo), when set the
 *                       directory is kept and reused across restarts
 * @param bindAddress    the only address anything listens on; default {@code 127.0.0.1}
 * @param platformDbPort PostgreSQL holding the services' own schemas; default 15434
 * @param demoDbPort     PostgreSQL holding the demo target database {@code demo}; default 15433
 * @param demoPassword   password of the demo target's superuser {@code postgres}; default {@code sluice-demo}
 * @param kafkaPort      the KRaft broker's client listener; default 19092
 * @param kafkaPartitions partitions of {@code sluice.sessions} and {@code sluice.audit}; default 3
 * @param ports          the services' ports
 */
@ConfigurationProperties("sluice.standalone")
public record StandaloneProperties(
        Path dataDir,
        @DefaultValue("127.0.0.1") String bindAddress,
        @DefaultValue("15434") int platformDbPort,
        @DefaultValue("15433") int demoDbPort,
        @DefaultValue("sluice-demo") String demoPassword,
        @DefaultValue("19092") int kafkaPort,
        @DefaultValue("3") int kafkaPartitions,
        @DefaultValue Ports ports) {

    public StandaloneProperties {
        requireText(bindAddress, "sluice.standalone.bind-address");
        requireText(demoPassword, "sluice.standalone.demo-password");
        requirePort(platformDbPort, "sluice.standalone.platform-db-port");
        requirePort(demoDbPort, "sluice.standalone.demo-db-port");
        requirePort(kafkaPort, "sluice.standalone.kafka-port");
        if (kafkaPartitions < 1) {
            throw new IllegalArgumentException("sluice.standalone.kafka-partitions must be at least 1, was " + kafkaPartitions);
        }
        Objects.requireNonNull(ports, "sluice.standalone.ports");
    }

    /** A copy with the given infrastructure ports and service ports (used once {@code 0}s are resolved). */
    StandaloneProperties withPorts(int platformDb, int demoDb, int kafka, Ports services) {
        return new StandaloneProperties(dataDir, bindAddress, platformDb, demoDb, demoPassword, kafka, kafkaPartitions, services);
    }

    /**
     * HTTP ports of the services and the proxy's PostgreSQL listener, under {@code sluice.standalone.ports.*}.
     *
     * @param identity      identity-adapter (issuer, JWKS, dev tokens); default 8083
     * @param policy        policy-service; default 8081
     * @param recording     recording-service; default 8082
     * @param approval      approval-service; default 8080
     * @param proxy         proxy-service management HTTP; default 8084
     * @param proxyPostgres the proxy's PostgreSQL listener clients connect to; default 15432
     * @param policyDecisions policy-service's decision listener, which the proxy asks; default 8085
     */
    public record Ports(
            @DefaultValue("8083") int identity,
            @DefaultValue("8081") int policy,
            @DefaultValue("8082") int recording,
            @DefaultValue("8080") int approval,
            @DefaultValue("8084") int proxy,
            @DefaultValue("15432") int proxyPostgres,
            @DefaultValue("8085") int policyDecisions) {

        public Ports {
            requirePort(identity, "sluice.standalone.ports.identity");
            requirePort(policy, "sluice.standalone.ports.policy");
            requirePort(recording, "sluice.standalone.ports.recording");
            requirePort(approval, "sluice.standalone.ports.approval");
            requirePort(proxy, "sluice.standalone.ports.proxy");
            requirePort(proxyPostgres, "sluice.standalone.ports.proxy-postgres");
            requirePort(policyDecisions, "sluice.standalone.ports.policy-decisions");
        }
    }

    private static void requirePort(int port, String name) {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException(name + " must be 0 (any free port) or a TCP port, was " + port);
        }
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }
}
