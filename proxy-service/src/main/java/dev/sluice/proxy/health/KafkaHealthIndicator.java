package dev.sluice.proxy.health;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.common.Node;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * {@code kafka} health: the broker the session events go to answers a describe-cluster within {@code timeout}.
 * With events switched off it is UP with {@code events: disabled}. Details name the cluster id and broker count,
 * never connection settings (they may hold SASL secrets). It belongs to readiness only: a proxy that cannot record
 * refuses statements, and a restart does not bring the broker back.
 */
public final class KafkaHealthIndicator implements HealthIndicator, DisposableBean {

    private final Map<String, Object> clientSettings;
    private final Duration timeout;
    private final boolean enabled;
    private Admin admin;

    /**
     * @param clientSettings Kafka client properties (from {@code KafkaClientSettings})
     * @param timeout        how long one check may take
     * @param enabled        whether session events are produced at all
     */
    public KafkaHealthIndicator(Map<String, Object> clientSettings, Duration timeout, boolean enabled) {
        this.clientSettings = Map.copyOf(clientSettings);
        this.timeout = timeout;
        this.enabled = enabled;
    }

    @Override
    public Health health() {
        if (!enabled) {
            return Health.up().withDetail("events", "disabled").build();
        }
        long millis = timeout.toMillis();
        try {
            DescribeClusterResult cluster = admin().describeCluster(new DescribeClusterOptions().timeoutMs((int) millis));
            Collection<Node> nodes = cluster.nodes().get(millis, TimeUnit.MILLISECONDS);
            String clusterId = cluster.clusterId().get(millis, TimeUnit.MILLISECONDS);
            return Health.up().withDetail("clusterId", clusterId == null ? "" : clusterId)
                    .withDetail("brokers", nodes.size()).build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Health.down().withDetail("error", "interrupted").build();
        } catch (TimeoutException e) {
            return Health.down().withDetail("error", "no answer within " + millis + " ms").build();
        } catch (ExecutionException | RuntimeException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            return Health.down().withDetail("error", cause.getClass().getSimpleName()).build();
        }
    }

    /** One admin client for the life of the indicator, created at the first check (not at startup). */
    private synchronized Admin admin() {
        if (admin == null) {
            Map<String, Object> settings = new HashMap<>(clientSettings);
            int millis = (int) timeout.toMillis();
            settings.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis);
            settings.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis);
            settings.put(AdminClientConfig.CLIENT_ID_CONFIG, "sluice-proxy-health");
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
