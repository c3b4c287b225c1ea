package dev.sluice.policy.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardSocketOptions;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thread of the decision port: a selector over its connections, on which it reads, decides and writes. The first
 * loop also accepts, and hands new connections to the loops in turn. Other threads reach a loop only through
 * {@link #execute} (an off-loop decision handing its answer back).
 */
final class DecisionLoop implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(DecisionLoop.class);
    private static final long SWEEP_MILLIS = 10_000;
    /** How long a connection that got its last answer may stay open while the caller still sends. */
    private static final long DRAIN_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final Selector selector;
    private final Thread thread;
    private final DecisionConnection.Port port;
    private final long idleNanos;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private volatile boolean running = true;
    private ServerSocketChannel server;
    private DecisionLoop[] loops;
    private int next;

    DecisionLoop(String name, DecisionConnection.Port port, long idleNanos) {
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.port = port;
        this.idleNanos = idleNanos;
        this.thread = Thread.ofPlatform().daemon(true).name(name).unstarted(this);
    }

    /** Makes this loop accept on {@code server} and deal the connections out to {@code loops} (itself included). */
    void accept(ServerSocketChannel server, DecisionLoop[] loops) throws IOException {
        this.server = server;
        this.loops = loops;
        server.register(selector, SelectionKey.OP_ACCEPT);
    }

    void start() {
        thread.start();
    }

    /** Runs {@code task} on this loop's thread; false when the loop has stopped. */
    boolean execute(Runnable task) {
        if (!running) {
            return false;
        }
        tasks.add(task);
        selector.wakeup();
        return true;
    }

    /** Stops the loop and closes its connections, waiting up to {@code seconds} for it. */
    void stop(long seconds) throws InterruptedException {
        running = false;
        selector.wakeup();
        thread.join(TimeUnit.SECONDS.toMillis(seconds));
    }

    @Override
    public void run() {
        long sweep = System.nanoTime();
        try {
            while (running) {
                selector.select(SWEEP_MILLIS);
                runTasks();
                var selected = selector.selectedKeys();
                for (SelectionKey key : selected) {
                    handle(key);
                }
                selected.clear();
                long now = System.nanoTime();
                if (now - sweep > TimeUnit.MILLISECONDS.toNanos(SWEEP_MILLIS)) {
                    sweep = now;
                    for (SelectionKey key : selector.keys()) {
                        if (key.attachment() instanceof DecisionConnection connection) {
                            connection.closeIfIdleSince(now - idleNanos, now - DRAIN_NANOS);
                        }
                    }
                }
            }
        } catch (IOException | ClosedSelectorException e) {
            log.error("Decision port event loop {} failed", thread.getName(), e);
        } finally {
            shutdown();
        }
    }

    private void handle(SelectionKey key) {
        DecisionConnection connection = (DecisionConnection) key.attachment();
        try {
            if (connection == null) {
                acceptAll();
                return;
            }
            if (key.isReadable()) {
                connection.readable();
            }
            if (key.isValid() && key.isWritable()) {
                connection.writable();
            }
        } catch (CancelledKeyException e) {
            if (connection != null) {
                connection.close();
            }
        } catch (RuntimeException e) {
            // a bug must cost one connection, never the loop and every connection on it
            log.error("Decision connection failed", e);
            if (connection != null) {
                connection.close();
            }
        }
    }

    private void acceptAll() {
        while (true) {
            SocketChannel channel;
            try {
                channel = server.accept();
            } catch (IOException e) {
                log.warn("Decision port could not accept a connection: {}", e.toString()); // e.g. out of file descriptors
                return;
            }
            if (channel == null) {
                return;
            }
            DecisionLoop target = loops[next++ % loops.length];
            if (target == this) {
                adopt(channel);
            } else if (!target.execute(() -> target.adopt(channel))) {
                close(channel);
            }
        }
    }

    private void adopt(SocketChannel channel) {
        try {
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            SelectionKey key = channel.register(selector, SelectionKey.OP_READ);
            key.attach(new DecisionConnection(channel, key, this, port));
        } catch (IOException | ClosedSelectorException e) {
            close(channel);
        }
    }

    private void runTasks() {
        Runnable task;
        while ((task = tasks.poll()) != null) {
            try {
                task.run();
            } catch (RuntimeException e) {
                log.error("Decision port task failed", e);
            }
        }
    }

    private void shutdown() {
        running = false;
        runTasks(); // answers handed back just before the stop, and connections not yet adopted
        for (SelectionKey key : selector.keys()) {
            if (key.attachment() instanceof DecisionConnection connection) {
                connection.close();
            }
        }
        try {
            selector.close();
        } catch (IOException ignored) {
            // the loop is gone either way
        }
    }

    private static void close(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // refused at shutdown: the caller sees the connection end
        }
    }
}
