package dev.sluice.policy.web;

import dev.sluice.policy.PolicyProperties;
import dev.sluice.policy.metrics.DecisionMetrics;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The gateway's decision port ({@code sluice.policy.decision-listener.*}): {@code POST /v1/decisions} over HTTP/1.1
 * keep-alive connections (RFC 9112), answered on the event loop that read the request. Every statement through the
 * gateway waits for a decision, and on a machine with two cores the hand-offs of a servlet container (acceptor,
 * poller, worker thread and back) cost more than the decision and dominated its tail latency; here a request costs
 * one wake-up. The port speaks just the HTTP this exchange needs (Content-Length and chunked bodies,
 * {@code Expect: 100-continue}, pipelining) on plain NIO selectors: a general-purpose HTTP stack measured about a
 * quarter more CPU per decision and a longer tail (docs/benchmarks.md). Same JSON, key check and metrics as the
 * main HTTP port; anything but a plain decision is refused with a JSON error (see {@link DecisionRequestScreen}).
 *
 * <p>Request lines are limited to {@value DecisionConnection#MAX_LINE} bytes (414), header sections to
 * {@value DecisionConnection#MAX_HEADERS} (431), bodies to {@code max-request-size} (413); a refusal closes the
 * connection. A connection that sent nothing for {@value #IDLE_MINUTES} minutes is closed.
 */
public final class DecisionListener implements SmartLifecycle {

    static final int IDLE_MINUTES = 5;

    private static final Logger log = LoggerFactory.getLogger(DecisionListener.class);

    private final PolicyProperties.DecisionListener settings;
    private final String host;
    private final GatewayKey key;
    private final DecisionExchange exchange;
    private final DecisionMetrics metrics;
    private ServerSocketChannel server;
    private DecisionLoop[] loops;
    private ExecutorService offload;
    private volatile int port = -1;

    /**
     * @param host the address to bind, empty for every interface
     * @param key  the gateway key check, {@code null} when the development switch opened the API
     */
    DecisionListener(PolicyProperties.DecisionListener settings, String host, GatewayKey key, DecisionExchange exchange,
            DecisionMetrics metrics) {
        this.settings = settings;
        this.host = host;
        this.key = key;
        this.exchange = exchange;
        this.metrics = metrics;
    }

    @Override
    public synchronized void start() {
        int threads = settings.threads() > 0 ? settings.threads() : Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
        long maxBody = settings.maxRequestSize().toBytes();
        offload = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("policy-decision-", 0).factory());
        var shared = new DecisionConnection.Port(new DecisionRequestScreen(key, exchange, maxBody), exchange, metrics, offload,
                settings.inlineLimit().toBytes(), maxBody);
        InetSocketAddress address = host.isEmpty() ? new InetSocketAddress(settings.port()) : new InetSocketAddress(host, settings.port());
        try {
            server = ServerSocketChannel.open();
            server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            server.bind(address, 1024);
            server.configureBlocking(false);
            loops = new DecisionLoop[threads];
            for (int i = 0; i < threads; i++) {
                loops[i] = new DecisionLoop("policy-decisions-" + i, shared, TimeUnit.MINUTES.toNanos(IDLE_MINUTES));
            }
            loops[0].accept(server, loops);
        } catch (IOException | RuntimeException e) {
            stopResources();
            throw new IllegalStateException("decision listener could not listen on " + address + ": " + e.getMessage(), e);
        }
        for (DecisionLoop loop : loops) {
            loop.start();
        }
        port = server.socket().getLocalPort();
        log.info("Listening for gateway decisions on {}:{} ({} event loop threads)", host.isEmpty() ? "*" : host, port, threads);
    }

    @Override
    public synchronized void stop() {
        stopResources();
        port = -1;
    }

    private void stopResources() {
        if (server != null) {
            try {
                server.close();
            } catch (IOException e) {
                log.warn("Closing the decision port: {}", e.toString());
            }
            server = null;
        }
        // decisions still running on virtual threads hand their answers back to the loops: finish them first
        if (offload != null) {
            offload.close();
            offload = null;
        }
        if (loops != null) {
            try {
                for (DecisionLoop loop : loops) {
                    if (loop != null) {
                        loop.stop(5);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            loops = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return server != null;
    }

    /** The port listened on (resolved when configured as 0), or -1 when not running. */
    public int port() {
        return port;
    }
}
