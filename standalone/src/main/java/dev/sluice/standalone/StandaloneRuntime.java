package dev.sluice.standalone;

import dev.sluice.contracts.event.Topics;
import dev.sluice.standalone.demo.DemoDataLoader;
import dev.sluice.standalone.infra.EmbeddedDatabase;
import dev.sluice.standalone.infra.EmbeddedKafka;
import dev.sluice.standalone.infra.SelfSignedCertificate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * The whole platform in this JVM: embedded PostgreSQL for the services ("platform DB"), a second embedded PostgreSQL
 * as the demo target, a KRaft Kafka broker, a self-signed TLS certificate for the proxy, then the five services,
 * each in its own Spring application context.
 *
 * <p>Used by {@link SluiceStandalone#main} and, as an in-process fixture, by end-to-end tests:
 * <pre>{@code
 * try (StandaloneRuntime sluice = StandaloneRuntime.start(StandaloneRuntime.randomPorts())) {
 *     int proxyPort = sluice.endpoints().proxyPostgresPort();
 *     sluice.stopService("policy-service");   // e.g. to check that the proxy fails closed
 *     sluice.startService("policy-service");
 * }
 * }</pre>
 *
 * <p>Infrastructure starts in parallel; services start one after another (identity, policy, recording, approval,
 * proxy) and stop in reverse order. Methods are synchronized, so a shutdown hook may stop an instance another thread uses.
 */
public final class StandaloneRuntime implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StandaloneRuntime.class);

    private static final String PREFIX = "sluice.standalone.";

    private final Endpoints endpoints;
    private final Map<String, ServiceSpec> specs;
    private final Map<String, ConfigurableApplicationContext> running = new LinkedHashMap<>();
    /** Infrastructure in start order; closed in reverse. */
    private final Deque<AutoCloseable> infrastructure;
    private final EmbeddedKafka kafka;
    private boolean stopped;

    private StandaloneRuntime(Endpoints endpoints, List<ServiceSpec> specs, Deque<AutoCloseable> infrastructure,
            EmbeddedKafka kafka) {
        this.endpoints = endpoints;
        this.kafka = kafka;
        this.specs = new LinkedHashMap<>();
        specs.forEach(spec -> this.specs.put(spec.name(), spec));
        this.infrastructure = infrastructure;
    }

    /** Overrides putting every port of the platform on a free random port, for tests beside a running instance. */
    public static Map<String, String> randomPorts() {
        Map<String, String> ports = new HashMap<>();
        Stream.of("platform-db-port", "demo-db-port", "kafka-port").forEach(key -> ports.put(PREFIX + key, "0"));
        Stream.of("identity", "policy", "policy-decisions", "recording", "approval", "proxy", "proxy-postgres")
                .forEach(key -> ports.put(PREFIX + "ports." + key, "0"));
        return ports;
    }

    /**
     * Starts everything and returns once every service accepts requests.
     *
     * @param overrides {@code sluice.standalone.*} settings (see {@link StandaloneProperties}); any other entry is
     *                  handed to the services: {@code <service-name>.<key>=v} to that service as {@code <key>=v},
     *                  anything else to every service. Environment variables and system properties are read too.
     */
    public static StandaloneRuntime start(Map<String, String> overrides) {
        Objects.requireNonNull(overrides, "overrides");
        StandaloneProperties configured = bind(overrides);
        StandaloneProperties config = resolvePorts(configured);
        Map<String, String> passThrough = new LinkedHashMap<>();
        overrides.forEach((key, value) -> {
            if (!key.startsWith(PREFIX)) {
                passThrough.put(key, value);
            }
        });

        Deque<AutoCloseable> infrastructure = new ArrayDeque<>();
        StandaloneRuntime runtime = null;
        try {
            boolean persistent = config.dataDir() != null;
            Path dataDir = persistent ? config.dataDir().toAbsolutePath() : Files.createTempDirectory("sluice-standalone-");
            Files.createDirectories(dataDir);
            if (!persistent) {
                infrastructure.push(() -> deleteRecursively(dataDir));
            }
            Infrastructure infra = startInfrastructure(config, dataDir, infrastructure);
            Endpoints endpoints = new Endpoints(config.bindAddress(),
                    config.ports().identity(), config.ports().policy(), config.ports().policyDecisions(), config.ports().recording(),
                    config.ports().approval(), config.ports().proxy(), config.ports().proxyPostgres(),
                    config.demoDbPort(), config.platformDbPort(), infra.kafka().bootstrapServers(),
                    dataDir, persistent, infra.tls().certificate(), infra.tls().privateKey());
            runtime = new StandaloneRuntime(endpoints, ServiceCatalog.create(config, endpoints, infra.platformDb(), passThrough),
                    infrastructure, infra.kafka());
            for (String service : ServiceCatalog.START_ORDER) {
                runtime.startService(service);
            }
            return runtime;
        } catch (IOException | RuntimeException e) {
            if (runtime != null) {
                runtime.stop();
            } else {
                closeAll(infrastructure);
            }
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    /** Where everything listens. */
    public Endpoints endpoints() {
        return endpoints;
    }

    /** Names of the services in start order. */
    public static List<String> services() {
        return ServiceCatalog.START_ORDER;
    }

    /** Whether {@code service} is currently running. */
    public synchronized boolean isRunning(String service) {
        requireKnown(service);
        return running.containsKey(service);
    }

    /** The application context of a running service, e.g. to look up a bean in a test. */
    public synchronized Optional<ConfigurableApplicationContext> context(String service) {
        requireKnown(service);
        return Optional.ofNullable(running.get(service));
    }

    /** Starts {@code service} (again) on its port with its properties; no-op when it runs. */
    public synchronized void startService(String service) {
        ServiceSpec spec = requireKnown(service);
        if (stopped) {
            throw new IllegalStateException("the runtime is stopped");
        }
        if (running.containsKey(service)) {
            return;
        }
        long started = System.nanoTime();
        running.put(service, spec.start());
        log.info("{} started in {} ms", service, (System.nanoTime() - started) / 1_000_000);
    }

    /** Stops {@code service}, e.g. to test how the others cope with its absence; no-op when it is stopped. */
    public synchronized void stopService(String service) {
        requireKnown(service);
        ConfigurableApplicationContext context = running.remove(service);
        if (context != null) {
            context.close();
            log.info("{} stopped", service);
        }
    }

    /** Stops the Kafka broker, keeping its data, e.g. to test that a Kafka outage loses no event. */
    public synchronized void stopKafka() {
        kafka.stopBroker();
        log.info("Kafka stopped");
    }

    /** Starts the Kafka broker again on the same port with the same data. */
    public synchronized void startKafka() {
        if (stopped) {
            throw new IllegalStateException("the runtime is stopped");
        }
        kafka.startBroker();
        log.info("Kafka started");
    }

    /** Stops every service in reverse start order, then the infrastructure; idempotent. */
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        List<String> order = ServiceCatalog.START_ORDER.reversed();
        for (String service : order) {
            try {
                stopService(service);
            } catch (RuntimeException e) {
                log.warn("{} did not stop cleanly", service, e);
            }
        }
        closeAll(infrastructure);
    }

    @Override
    public void close() {
        stop();
    }

    private ServiceSpec requireKnown(String service) {
        ServiceSpec spec = specs.get(service);
        if (spec == null) {
            throw new IllegalArgumentException("unknown service '" + service + "', expected one of " + ServiceCatalog.START_ORDER);
        }
        return spec;
    }

    private record Infrastructure(EmbeddedDatabase platformDb, EmbeddedKafka kafka, SelfSignedCertificate tls) {}

    /** Starts both databases, Kafka and the certificate at once: they are independent and each takes seconds. */
    private static Infrastructure startInfrastructure(StandaloneProperties config, Path dataDir, Deque<AutoCloseable> started) {
        String host = config.bindAddress();
        // Platform threads: four virtual threads loading classes from the nested jar at once can pin every
        // carrier of a two-core machine and deadlock in the class loader.
        try (ExecutorService executor = Executors.newThreadPerTaskExecutor(Thread.ofPlatform().name("sluice-infra-", 0).factory())) {
            CompletableFuture<EmbeddedDatabase> platform = CompletableFuture.supplyAsync(() -> {
                EmbeddedDatabase db = EmbeddedDatabase.start(dataDir.resolve("platform-db"), host, config.platformDbPort(),
                        platformPassword(dataDir));
                try {
                    db.createDatabaseIfMissing(ServiceCatalog.PLATFORM_DATABASE);
                } catch (SQLException e) {
                    db.close();
                    throw new IllegalStateException("cannot create the platform database", e);
                }
                return db;
            }, executor);
            CompletableFuture<EmbeddedDatabase> demo = CompletableFuture.supplyAsync(() -> {
                EmbeddedDatabase db = EmbeddedDatabase.start(dataDir.resolve("demo-db"), host, config.demoDbPort(),
                        config.demoPassword());
                try {
                    if (DemoDataLoader.loadIfFresh(db)) {
                        log.info("Demo database '{}' created with synthetic customers and orders", DemoDataLoader.DATABASE);
                    }
                } catch (SQLException e) {
                    db.close();
                    throw new IllegalStateException("cannot load the demo database", e);
                }
                return db;
            }, executor);
            CompletableFuture<EmbeddedKafka> kafka = CompletableFuture.supplyAsync(
                    () -> EmbeddedKafka.start(host, config.kafkaPort(), config.kafkaPartitions(), List.of(Topics.SESSIONS, Topics.AUDIT, Topics.ALERTS)),
                    executor);
            CompletableFuture<SelfSignedCertificate> tls = CompletableFuture.supplyAsync(
                    () -> SelfSignedCertificate.ensure(dataDir.resolve("tls")), executor);

            // Register whatever started, in start order, even if something else failed, so that it gets closed.
            RuntimeException failure = null;
            for (CompletableFuture<? extends Object> future : List.of(platform, demo, kafka, tls)) {
                try {
                    Object value = future.join();
                    if (value instanceof AutoCloseable closeable) {
                        started.push(closeable);
                    }
                } catch (CompletionException e) {
                    RuntimeException cause = e.getCause() instanceof RuntimeException runtime ? runtime : e;
                    if (failure == null) {
                        failure = cause;
                    } else {
                        failure.addSuppressed(cause);
                    }
                }
            }
            if (failure != null) {
                throw failure;
            }
            return new Infrastructure(platform.join(), kafka.join(), tls.join());
        }
    }

    /** The platform DB's superuser password: random per data directory, kept beside it (owner-only) for restarts. */
    private static String platformPassword(Path dataDir) {
        Path file = dataDir.resolve("platform-db.password");
        try {
            if (Files.isRegularFile(file)) {
                return Files.readString(file, StandardCharsets.UTF_8).strip();
            }
            byte[] bytes = new byte[24];
            new SecureRandom().nextBytes(bytes);
            String password = HexFormat.of().formatHex(bytes);
            Files.writeString(file, password, StandardCharsets.UTF_8);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // Not a POSIX file system: the data directory's own protection applies.
            }
            return password;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write " + file, e);
        }
    }

    private static StandaloneProperties bind(Map<String, String> overrides) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("overrides", Map.copyOf(overrides)));
        return Binder.get(environment).bindOrCreate("sluice.standalone", StandaloneProperties.class);
    }

    private static StandaloneProperties resolvePorts(StandaloneProperties config) {
        FreePorts free = new FreePorts(config.bindAddress());
        StandaloneProperties.Ports ports = config.ports();
        return config.withPorts(
                free.resolve(config.platformDbPort()),
                free.resolve(config.demoDbPort()),
                free.resolve(config.kafkaPort()),
                new StandaloneProperties.Ports(
                        free.resolve(ports.identity()),
                        free.resolve(ports.policy()),
                        free.resolve(ports.recording()),
                        free.resolve(ports.approval()),
                        free.resolve(ports.proxy()),
                        free.resolve(ports.proxyPostgres()),
                        free.resolve(ports.policyDecisions())));
    }

    private static void closeAll(Deque<AutoCloseable> resources) {
        while (!resources.isEmpty()) {
            AutoCloseable resource = resources.pop();
            try {
                resource.close();
            } catch (Exception e) {
                log.warn("{} did not stop cleanly", resource, e);
            }
        }
    }

    private static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
