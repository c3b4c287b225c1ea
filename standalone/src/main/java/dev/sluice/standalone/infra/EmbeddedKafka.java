package dev.sluice.standalone.infra;

import dev.sluice.standalone.FreePorts;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A single-node Kafka cluster in KRaft mode (one process acting as broker and controller, no ZooKeeper), in-process.
 *
 * <p>Both listeners bind the given loopback address only: the client listener on the configured port, the
 * controller listener on a free port. (spring-kafka-test's broker is not used: its test kit pre-binds random
 * wildcard-address sockets for its listeners whatever port is configured.) The storage is formatted into a fresh
 * temporary directory, removed on {@link #close()}: Kafka is a transport here, recordings are kept by
 * recording-service in PostgreSQL. See <a href="https://kafka.apache.org/documentation/#kraft">KRaft</a>.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final int NODE_ID = 1;
    private static final String CONTROLLER = "CONTROLLER";

    private final KafkaConfig config;
    private final Path logDir;
    private final String bootstrapServers;
    /** The running broker, null while stopped by {@link #stopBroker()}. */
    private KafkaRaftServer server;

    private EmbeddedKafka(KafkaConfig config, KafkaRaftServer server, Path logDir, String bootstrapServers) {
        this.config = config;
        this.server = server;
        this.logDir = logDir;
        this.bootstrapServers = bootstrapServers;
    }

    /**
     * Starts the broker and creates {@code topics}.
     *
     * @param host       the address to listen on and advertise
     * @param port       the client port, already resolved (not 0)
     * @param partitions partitions per topic (and the broker default)
     * @param topics     topics to create
     */
    public static EmbeddedKafka start(String host, int port, int partitions, List<String> topics) {
        Objects.requireNonNull(host, "host");
        if (port <= 0) {
            throw new IllegalArgumentException("port must be resolved before starting Kafka, was " + port);
        }
        Path logDir;
        try {
            logDir = Files.createTempDirectory("sluice-kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the Kafka log directory", e);
        }
        String bootstrapServers = host + ":" + port;
        KafkaRaftServer server = null;
        KafkaConfig config;
        try {
            config = KafkaConfig.fromProps(brokerProperties(host, port, controllerPort(host, port), partitions, logDir));
            format(logDir);
            server = new KafkaRaftServer(config, Time.SYSTEM);
            server.startup();
            createTopics(bootstrapServers, partitions, topics);
            return new EmbeddedKafka(config, server, logDir, bootstrapServers);
        } catch (RuntimeException e) {
            if (server != null) {
                server.shutdown();
                server.awaitShutdown();
            }
            deleteQuietly(logDir);
            throw e;
        }
    }

    /** The {@code bootstrap.servers} value for clients. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /**
     * Stops the broker and keeps its data, as an outage would: clients lose it until {@link #startBroker()}. For
     * tests of how the platform rides out a Kafka outage. No-op when stopped.
     */
    public synchronized void stopBroker() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
        }
    }

    /** Starts the broker again on the same ports with the same data; no-op when it runs. */
    public synchronized void startBroker() {
        if (server == null) {
            KafkaRaftServer restarted = new KafkaRaftServer(config, Time.SYSTEM);
            restarted.startup();
            server = restarted;
        }
    }

    @Override
    public synchronized void close() {
        stopBroker();
        deleteQuietly(logDir);
    }

    private static Properties brokerProperties(String host, int port, int controllerPort, int partitions, Path logDir) {
        Properties properties = new Properties();
        properties.put("process.roles", "broker,controller");
        properties.put("node.id", String.valueOf(NODE_ID));
        properties.put("controller.quorum.voters", NODE_ID + "@" + host + ":" + controllerPort);
        properties.put("controller.listener.names", CONTROLLER);
        properties.put("listeners", "PLAINTEXT://" + host + ":" + port + "," + CONTROLLER + "://" + host + ":" + controllerPort);
        properties.put("advertised.listeners", "PLAINTEXT://" + host + ":" + port);
        properties.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER + ":PLAINTEXT");
        properties.put("inter.broker.listener.name", "PLAINTEXT");
        properties.put("log.dirs", logDir.toString());
        properties.put("num.partitions", String.valueOf(partitions));
        // One broker: every internal topic has a single replica.
        properties.put("offsets.topic.replication.factor", "1");
        properties.put("offsets.topic.num.partitions", "3");
        properties.put("transaction.state.log.replication.factor", "1");
        properties.put("transaction.state.log.min.isr", "1");
        properties.put("share.coordinator.state.topic.replication.factor", "1");
        properties.put("share.coordinator.state.topic.min.isr", "1");
        properties.put("group.initial.rebalance.delay.ms", "0");
        properties.put("auto.create.topics.enable", "false");
        return properties;
    }

    /** The equivalent of {@code kafka-storage.sh format} for a static single-voter quorum. */
    private static void format(Path logDir) {
        try {
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setClusterId(Uuid.randomUuid().toString())
                    .setNodeId(NODE_ID)
                    .setControllerListenerName(CONTROLLER)
                    .setMetadataLogDirectory(logDir.toString())
                    .setDirectories(List.of(logDir.toString()))
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("cannot format the Kafka log directory " + logDir, e);
        }
    }

    private static void createTopics(String bootstrapServers, int partitions, List<String> topics) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.createTopics(topics.stream().map(topic -> new NewTopic(topic, partitions, (short) 1)).toList())
                    .all().get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating Kafka topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot create Kafka topics " + topics + " on " + bootstrapServers, e);
        }
    }

    /** A free port for the KRaft controller listener, distinct from the broker's. */
    private static int controllerPort(String host, int brokerPort) {
        FreePorts free = new FreePorts(host);
        int port = free.resolve(0);
        return port != brokerPort ? port : free.resolve(0);
    }

    private static void deleteQuietly(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            // A leftover temporary directory is harmless.
        }
    }
}
