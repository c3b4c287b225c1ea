package dev.sluice.recording.health;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.common.Node;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * {@code kafka} health: the broker answers a describe-cluster within {@code timeout} and the ingest listener runs.
 * DOWN takes the service out of readiness (it cannot record), never out of liveness: a restart would not bring the
 * broker back. Details name the cluster id and broker count, never connection settings (they may hold SASL
 * secrets).
 */
public final class KafkaHealthIndicator implements HealthIndicator, DisposableBean {

    private final Map<String, Object> clientSettings;
    private final Duration timeout;
    private final Supplier<MessageListenerContainer> listener;
    private Admin admin;

    /**
     * @param clientSettings Kafka admin client properties (bootstrap servers, security)
     * @param timeout        how long a check may take
     * @param listener       the ingest listener container, or null when there is none
     */
    public KafkaHealthIndicator(Map<String, Object> clientSettings, Duration timeout,
            Supplier<MessageListenerContainer> listener) {
        this.clientSettings = Map.copyOf(clientSettings);
        this.timeout = timeout;
        this.listener = listener;
    }

    @Override
    public Health health() {
        MessageListenerContainer container = listener.get();
        if (container != null && !container.isRunning()) {
            return Health.down().withDetail("listener", "stopped").build();
        }
        try {
            DescribeClusterResult cluster = admin().describeCluster(
                    new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()));
            Collection<Node> nodes = cluster.nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            String clusterId = cluster.clusterId().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return Health.up().withDetail("clusterId", clusterId == null ? "" : clusterId)
                    .withDetail("brokers", nodes.size()).build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Health.down().withDetail("error", "interrupted").build();
        } catch (TimeoutException e) {
            return Health.down().withDetail("error", "no answer within " + timeout.toMillis() + " ms").build();
        } catch (ExecutionException | RuntimeException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            return Health.down().withDetail("error", cause.getClass().getSimpleName()).build();
        }
    }

    private synchronized Admin admin() {
        if (admin == null) {
            Map<String, Object> settings = new HashMap<>(clientSettings);
            int millis = (int) timeout.toMillis();
            settings.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis);
            settings.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis);
            settings.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "recording-service-health");
            admin = Admin.create(settings);
        }
        return admin;
    }

    @Override
    public synchronized void destroy() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(1));
            admin = null;
        }
    }
}
