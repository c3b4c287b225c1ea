package dev.sluice.proxy.postgres;

import dev.sluice.proxy.config.ProxyProperties;
import dev.sluice.proxy.core.ConnectionLifecycle;
import dev.sluice.proxy.events.ConnectionAttempt;
import dev.sluice.proxy.events.ConnectionRefusals;
import dev.sluice.proxy.postgres.codec.BackendEncoder;
import dev.sluice.proxy.postgres.error.SqlState;
import dev.sluice.proxy.postgres.message.ErrorResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Accepts PostgreSQL clients and runs each connection on its own thread of the configured model (the relay
 * adds one more for the target's direction). Beyond {@code max-connections}, clients get FATAL 53300.
 */
public final class PostgresListener implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(PostgresListener.class);
    private static final java.time.Duration SHUTDOWN_GRACE = java.time.Duration.ofSeconds(5);

    private final ProxyProperties.Postgres config;
    private final PostgresGateway gateway;
    private final Semaphore slots;
    private final Set<Socket> live = ConcurrentHashMap.newKeySet();
    private final Set<Thread> connections = ConcurrentHashMap.newKeySet();
    private volatile ServerSocket server;
    private volatile boolean running;

    public PostgresListener(ProxyProperties.Postgres config, PostgresGateway gateway) {
        this.config = config;
        this.gateway = gateway;
        this.slots = new Semaphore(config.maxConnections());
    }

    @Override
    public void start() {
        if (!config.enabled()) {
            return;
        }
        try {
            server = new ServerSocket();
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(InetAddress.getByName(config.bindAddress()), config.port()), 512);
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen for PostgreSQL clients on " + config.bindAddress() + ":"
                    + config.port() + ": " + e.getMessage(), e);
        }
        running = true;
        Thread.ofPlatform().name("pg-accept").daemon(true).start(this::accept);
        log.info("PostgreSQL listener on {}:{} (TLS {})", config.bindAddress(), port(),
                gateway.tls() == null ? "off" : "on");
    }

    private void accept() {
        while (running) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                if (running) {
                    log.warn("accept failed: {}", e.toString());
                    continue;
                }
                return;
            }
            if (!slots.tryAcquire()) {
                refuseBusy(socket);
                continue;
            }
            live.add(socket);
            Thread connection = config.threadModel().builder("pg-client-" + socket.getPort()).unstarted(() -> {
                try {
                    ConnectionLifecycle.run(new PostgresConnection(socket, gateway));
                } finally {
                    live.remove(socket);
                    connections.remove(Thread.currentThread());
                    slots.release();
                }
            });
            connections.add(connection);
            connection.start();
        }
    }

    private void refuseBusy(Socket socket) {
        String message = "too many connections to Sluice (limit " + config.maxConnections() + ")";
        String address = socket.getInetAddress() == null ? "" : socket.getInetAddress().getHostAddress();
        new ConnectionRefusals(gateway.properties().instanceId(), gateway.json(), gateway.events())
                .refused(ConnectionAttempt.transportOnly("postgres", address, false), "limit",
                        "too-many-connections", message);
        try (socket) {
            OutputStream out = socket.getOutputStream();
            BackendEncoder.encodeTo(ErrorResponse.fatal(SqlState.TOO_MANY_CONNECTIONS, message), out);
            out.flush();
        } catch (IOException e) {
            // The client is gone already.
        }
    }

    /** The bound port (useful when configured as 0). */
    public int port() {
        ServerSocket current = server;
        return current == null ? -1 : current.getLocalPort();
    }

    @Override
    public void stop() {
        running = false;
        try {
            if (server != null) {
                server.close();
            }
        } catch (IOException e) {
            // Closing anyway.
        }
        for (Socket socket : live) {
            try {
                socket.close();
            } catch (IOException e) {
                // Closing anyway.
            }
        }
        // Let each session record its end before the event sink shuts down.
        long deadline = System.nanoTime() + SHUTDOWN_GRACE.toNanos();
        for (Thread connection : connections) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            try {
                connection.join(java.time.Duration.ofNanos(left));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
