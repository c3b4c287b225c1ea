package dev.sluice.standalone;

import dev.sluice.approval.ApprovalServiceApplication;
import dev.sluice.identity.IdentityAdapterApplication;
import dev.sluice.policy.PolicyServiceApplication;
import dev.sluice.proxy.ProxyServiceApplication;
import dev.sluice.recording.RecordingServiceApplication;
import dev.sluice.standalone.demo.DemoDataLoader;
import dev.sluice.standalone.infra.EmbeddedDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * The five services, in start order, each with the properties that point it at the embedded infrastructure and
 * at the other services.
 *
 * <p>All services share one classpath here, so each one would see every auto-configuration any of them needs
 * (a DataSource, Kafka, Spring Security's default login). Each service therefore excludes the groups it does not
 * use; when a service starts using one (e.g. its own security), drop that group from its list below.
 */
final class ServiceCatalog {

    static final String IDENTITY = IdentityAdapterApplication.CONFIG_NAME;
    static final String POLICY = PolicyServiceApplication.CONFIG_NAME;
    static final String RECORDING = RecordingServiceApplication.CONFIG_NAME;
    static final String APPROVAL = ApprovalServiceApplication.CONFIG_NAME;
    static final String PROXY = ProxyServiceApplication.CONFIG_NAME;

    /** Start order; stop is the reverse. */
    static final List<String> START_ORDER = List.of(IDENTITY, POLICY, RECORDING, APPROVAL, PROXY);

    /** Client secret of the UIs' and ci-bot's registrations at the dev issuer (standalone only). */
    static final String DEV_CLIENT_SECRET = "dev-secret";

    /** Spring Security's {@code oauth2Login} callback for the registration id {@code sluice}. */
    static final String LOGIN_CALLBACK = "/login/oauth2/code/sluice";

    /** File in the data directory holding this run's policy-service gateway key. */
    static final String POLICY_KEY_FILE = "policy-proxy.key";

    /** The platform database all services with state share (each in its own schema). */
    static final String PLATFORM_DATABASE = "sluice";

    private static final List<String> DATABASE = List.of(
            "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
            "org.springframework.boot.jdbc.autoconfigure.DataSourceInitializationAutoConfiguration",
            "org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration",
            "org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration",
            "org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration",
            "org.springframework.boot.jdbc.autoconfigure.JndiDataSourceAutoConfiguration",
            "org.springframework.boot.jdbc.autoconfigure.XADataSourceAutoConfiguration",
            "org.springframework.boot.jdbc.autoconfigure.health.DataSourceHealthContributorAutoConfiguration",
            "org.springframework.boot.jdbc.autoconfigure.metrics.DataSourcePoolMetricsAutoConfiguration",
            "org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration",
            "org.springframework.boot.hibernate.autoconfigure.metrics.HibernateMetricsAutoConfiguration",
            "org.springframework.boot.data.jpa.autoconfigure.DataJpaRepositoriesAutoConfiguration",
            "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration",
            "org.springframework.boot.flyway.autoconfigure.FlywayEndpointAutoConfiguration");

    private static final List<String> KAFKA = List.of(
            "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration",
            "org.springframework.boot.kafka.autoconfigure.metrics.KafkaMetricsAutoConfiguration");

    /** Boot's default security (generated user, login for every request) for services without security of their own. */
    private static final List<String> SECURITY = List.of(
            "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
            "org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerAutoConfiguration",
            "org.springframework.boot.security.oauth2.server.resource.autoconfigure.web.OAuth2ResourceServerWebSecurityAutoConfiguration");

    private ServiceCatalog() {}

    /**
     * The service specs in start order.
     *
     * @param config      the launcher settings with every port resolved
     * @param endpoints   where everything listens
     * @param platformDb  the platform database server
     * @param passThrough extra properties: {@code <service-name>.<key>} entries go to that service without the
     *                    prefix, all other entries to every service
     */
    static List<ServiceSpec> create(StandaloneProperties config, Endpoints endpoints, EmbeddedDatabase platformDb,
            Map<String, String> passThrough) {
        String issuer = endpoints.identityUrl();
        String host = endpoints.host();

        Map<String, Object> identity = new LinkedHashMap<>();
        identity.put("server.port", endpoints.identityPort());
        identity.put("sluice.identity.issuer", issuer);
        identity.put("sluice.identity.dev.enabled", true);
        devUser(identity, 0, "alice", "human", null, "dba");
        devUser(identity, 1, "bob", "human", null, "analysts");
        devUser(identity, 2, "carol", "human", null, "auditors", "approvers");
        devUser(identity, 3, "ci-bot", "service", "platform", "agents");
        // The UIs sign users in at the dev issuer (authorization code); ci-bot is also a client-credentials client.
        identity.put("sluice.identity.clients.sluice-approval-ui.secret", DEV_CLIENT_SECRET);
        identity.put("sluice.identity.clients.sluice-approval-ui.redirect-uris", endpoints.approvalUrl() + LOGIN_CALLBACK);
        // the reviewer UI always sends a PKCE challenge; the issuer then insists on it
        identity.put("sluice.identity.clients.sluice-approval-ui.require-pkce", true);
        identity.put("sluice.identity.clients.sluice-recording-ui.secret", DEV_CLIENT_SECRET);
        identity.put("sluice.identity.clients.sluice-recording-ui.redirect-uris", endpoints.recordingUrl() + LOGIN_CALLBACK);
        // The command-line client: public (no secret), PKCE or the device flow (RFC 8628).
        identity.put("sluice.identity.clients.sluice-cli.redirect-uris", "http://127.0.0.1:8250/callback");
        identity.put("sluice.identity.service-clients.ci-bot.secret", DEV_CLIENT_SECRET);
        identity.put("sluice.identity.service-clients.ci-bot.groups", "agents");
        identity.put("sluice.identity.service-clients.ci-bot.team", "platform");
        // alice (dba) administers the demo: she may revoke tokens and identities.
        identity.put("sluice.identity.admin-groups", "dba");
        // revocations survive a restart of identity-adapter (its own schema in the platform database)
        identity.put("spring.datasource.url", platformDb.jdbcUrl(PLATFORM_DATABASE));
        identity.put("spring.datasource.username", EmbeddedDatabase.SUPERUSER);
        identity.put("spring.datasource.password", platformDb.password());

        // policy-service reads the active JIT access grants from approval-service with a per-launch key
        String grantFeedKey = randomKey();
        // policy-service answers only the gateway: a fresh random key per run, known to both sides and kept
        // owner-only in the data directory for tools such as bench/policy-load.sh (never logged).
        String policyKey = newPolicyKey(endpoints.dataDir());
        Map<String, Object> policy = new LinkedHashMap<>();
        policy.put("server.port", endpoints.policyPort());
        policy.put("sluice.policy.decision-listener.port", endpoints.policyDecisionsPort());
        policy.put("sluice.policy.security.proxy-key", policyKey);
        policy.put("sluice.policy.grants.approval-url", endpoints.approvalUrl());
        policy.put("sluice.policy.grants.feed-key", grantFeedKey);

        Map<String, Object> recording = new LinkedHashMap<>();
        recording.put("server.port", endpoints.recordingPort());
        recording.put("spring.datasource.url", platformDb.jdbcUrl(PLATFORM_DATABASE));
        recording.put("spring.datasource.username", EmbeddedDatabase.SUPERUSER);
        recording.put("spring.datasource.password", platformDb.password());
        recording.put("sluice.recording.security.jwks-uri", endpoints.jwksUri());
        recording.put("sluice.recording.security.issuer", issuer);
        // replay UI sign-in at identity-adapter's authorization server, wherever it listens
        String uiProvider = "spring.security.oauth2.client.provider.sluice.";
        recording.put(uiProvider + "authorization-uri", endpoints.identityUrl() + "/oauth2/authorize");
        recording.put(uiProvider + "token-uri", endpoints.identityUrl() + "/oauth2/token");
        recording.put(uiProvider + "jwk-set-uri", endpoints.jwksUri());
        recording.put("spring.security.oauth2.client.registration.sluice.client-secret", DEV_CLIENT_SECRET);

        // The gateway's key at approval-service: random per run, handed to both services here, printed nowhere.
        String approvalProxyKey = randomKey();
        Map<String, Object> approval = new LinkedHashMap<>();
        approval.put("server.port", endpoints.approvalPort());
        approval.put("sluice.approval.proxy-key", approvalProxyKey);
        approval.put("spring.datasource.url", platformDb.jdbcUrl(PLATFORM_DATABASE));
        approval.put("spring.datasource.username", EmbeddedDatabase.SUPERUSER);
        approval.put("spring.datasource.password", platformDb.password());
        approval.put("sluice.approval.security.jwks-uri", endpoints.jwksUri());
        approval.put("sluice.approval.security.issuer", issuer);
        approval.put("sluice.approval.public-url", endpoints.approvalUrl());
        approval.put("sluice.approval.grants.feed-key", grantFeedKey);
        // bob (analysts) may ask to be a dba on demo for up to 8 h; carol (approvers) decides
        String requestable = "sluice.approval.grants.requestable[0].";
        approval.put(requestable + "group", "dba");
        approval.put(requestable + "connections", "demo");
        approval.put(requestable + "requesters", "analysts");
        approval.put(requestable + "max-duration", "8h");
        approval.put(requestable + "reviewers", "approvers");
        approval.put(requestable + "min-approvals", 1);
        // reviewer UI sign-in at identity-adapter's authorization server (authorization code with PKCE)
        approval.put(uiProvider + "authorization-uri", endpoints.identityUrl() + "/oauth2/authorize");
        approval.put(uiProvider + "token-uri", endpoints.identityUrl() + "/oauth2/token");
        approval.put(uiProvider + "jwk-set-uri", endpoints.jwksUri());
        approval.put("spring.security.oauth2.client.registration.sluice.client-secret", DEV_CLIENT_SECRET);

        Map<String, Object> proxy = new LinkedHashMap<>();
        proxy.put("server.port", endpoints.proxyPort());
        proxy.put("sluice.proxy.identity.jwks-uri", endpoints.jwksUri());
        proxy.put("sluice.proxy.identity.issuer", issuer);
        proxy.put("sluice.proxy.policy.url", endpoints.policyUrl());
        proxy.put("sluice.proxy.policy.decision-url", endpoints.policyDecisionsUrl());
        proxy.put("sluice.proxy.policy.proxy-key", policyKey);
        proxy.put("sluice.proxy.approval.url", endpoints.approvalUrl());
        proxy.put("sluice.proxy.approval.proxy-key", approvalProxyKey);
        proxy.put("sluice.proxy.postgres.port", endpoints.proxyPostgresPort());
        // events wait here while Kafka is unreachable; kept with a persistent data directory
        proxy.put("sluice.proxy.events.spool.directory", endpoints.dataDir().resolve("proxy-spool").toString());
        proxy.put("sluice.proxy.postgres.bind-address", host);
        proxy.put("sluice.proxy.postgres.tls.certificate", endpoints.tlsCertificate().toString());
        proxy.put("sluice.proxy.postgres.tls.private-key", endpoints.tlsPrivateKey().toString());
        String demo = "sluice.proxy.connections.demo.";
        proxy.put(demo + "protocol", "postgres");
        proxy.put(demo + "host", host);
        proxy.put(demo + "port", endpoints.demoDbPort());
        proxy.put(demo + "database", DemoDataLoader.DATABASE);
        proxy.put(demo + "username", EmbeddedDatabase.SUPERUSER);
        proxy.put(demo + "password", config.demoPassword());
        proxy.put(demo + "tags.env", "demo");

        return List.of(
                spec(IDENTITY, IdentityAdapterApplication::builder, identity, endpoints, passThrough, DATABASE, KAFKA),
                spec(POLICY, PolicyServiceApplication::builder, policy, endpoints, passThrough, DATABASE, KAFKA, SECURITY),
                spec(RECORDING, RecordingServiceApplication::builder, recording, endpoints, passThrough),
                spec(APPROVAL, ApprovalServiceApplication::builder, approval, endpoints, passThrough, KAFKA),
                spec(PROXY, ProxyServiceApplication::builder, proxy, endpoints, passThrough, DATABASE, SECURITY));
    }

    private static String randomKey() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    @SafeVarargs
    private static ServiceSpec spec(String name, Supplier<SpringApplicationBuilder> builder,
            Map<String, Object> own, Endpoints endpoints, Map<String, String> passThrough, List<String>... excluded) {
        Map<String, Object> properties = new LinkedHashMap<>(common(endpoints));
        List<String> exclusions = Stream.of(excluded).flatMap(List::stream).toList();
        if (!exclusions.isEmpty()) {
            properties.put("spring.autoconfigure.exclude", String.join(",", exclusions));
        }
        properties.putAll(own);
        String prefix = name + ".";
        passThrough.forEach((key, value) -> {
            if (!startsWithServiceName(key)) {
                properties.put(key, value);
            }
        });
        passThrough.forEach((key, value) -> {
            if (key.startsWith(prefix)) {
                properties.put(key.substring(prefix.length()), value);
            }
        });
        return new ServiceSpec(name, builder, properties);
    }

    /**
     * A random gateway key for policy-service, written to {@value #POLICY_KEY_FILE} in the data directory (owner-only,
     * replaced on every start) so that local tools can present it.
     */
    static String newPolicyKey(Path dataDir) {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        String key = HexFormat.of().formatHex(bytes);
        Path file = dataDir.resolve(POLICY_KEY_FILE);
        try {
            Files.deleteIfExists(file);
            Files.createFile(file);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // Not a POSIX file system: the data directory's own protection applies.
            }
            Files.writeString(file, key, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return key;
    }

    private static Map<String, Object> common(Endpoints endpoints) {
        Map<String, Object> common = new LinkedHashMap<>();
        common.put("server.address", endpoints.host());
        common.put("spring.kafka.bootstrap-servers", endpoints.kafkaBootstrap());
        // One banner for the whole platform (printed by SluiceStandalone), not five Spring banners.
        common.put("spring.main.banner-mode", "off");
        // The runtime stops services in reverse start order; Boot's own hook would close them all at once.
        common.put("spring.main.register-shutdown-hook", false);
        // Logging is one system for the whole JVM: a per-application name in it would show whichever service
        // configured it last. The runtime logs each service's start itself.
        common.put("logging.include-application-name", false);
        common.put("spring.main.log-startup-info", false);
        // Boot's logging shutdown hook would race the runtime's ordered stop and swallow its log lines.
        common.put("logging.register-shutdown-hook", false);
        // Bounded graceful stop: a keep-alive or long-poll from another service must not hold Ctrl-C for 30 s.
        common.put("spring.lifecycle.timeout-per-shutdown-phase", "5s");
        // Five contexts in one JVM would register clashing MBean names.
        common.put("spring.jmx.enabled", false);
        common.put("spring.application.admin.enabled", false);
        common.put("management.endpoints.jmx.exposure.exclude", "*");
        return common;
    }

    private static void devUser(Map<String, Object> properties, int index, String subject, String kind, String team,
            String... groups) {
        String prefix = "sluice.identity.dev.users[" + index + "].";
        properties.put(prefix + "subject", subject);
        properties.put(prefix + "kind", kind);
        properties.put(prefix + "groups", String.join(",", groups));
        if (team != null) {
            properties.put(prefix + "team", team);
        }
    }

    private static boolean startsWithServiceName(String key) {
        return START_ORDER.stream().anyMatch(service -> key.startsWith(service + "."));
    }
}
