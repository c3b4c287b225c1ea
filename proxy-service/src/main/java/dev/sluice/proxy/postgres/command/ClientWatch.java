package dev.sluice.proxy.postgres.command;

import dev.sluice.proxy.postgres.codec.PgFrameReader;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.concurrent.CompletableFuture;

/**
 * Notices that a client went away while one of its statements is held. The relay thread is waiting then and not
 * reading, so a helper reads ahead into the frame reader's buffer (anything the client pipelined stays there, in
 * order, for the relay) until the stream ends or the hold is over. Reads are bounded by a short timeout so that the
 * helper can be stopped without closing the socket.
 */
public final class ClientWatch {
    /** How long one read waits; also how late a released statement may start at worst. */
    private static final int READ_TIMEOUT_MILLIS = 100;
    /** Bytes read ahead at most; a client that pipelines more is no longer watched. */
    private static final int READ_AHEAD_CAP = 1 << 20;

    /** Sets the client socket's read timeout in milliseconds (0: none). */
    @FunctionalInterface
    public interface ReadTimeout {
        void set(int millis) throws IOException;
    }

    private final PgFrameReader reader;
    private final ReadTimeout timeout;

    public ClientWatch(PgFrameReader reader, ReadTimeout timeout) {
        this.reader = reader;
        this.timeout = timeout;
    }

    /**
     * Starts watching; {@code gone} is completed with a reason when the client disconnects.
     *
     * @return stops the watch and waits for the helper, after which the reader belongs to the caller again
     */
    Stop start(CompletableFuture<String> gone) throws IOException {
        timeout.set(READ_TIMEOUT_MILLIS);
        var stopped = new java.util.concurrent.atomic.AtomicBoolean();
        Thread helper = Thread.ofVirtual().name("pg-client-watch").start(() -> {
            while (!stopped.get() && !gone.isDone() && reader.bufferedByteCount() < READ_AHEAD_CAP) {
                try {
                    if (!reader.readAhead(READ_AHEAD_CAP)) {
                        gone.complete("the client disconnected");
                        return;
                    }
                } catch (SocketTimeoutException e) {
                    // nothing arrived: look at the stop flag again
                } catch (IOException e) {
                    gone.complete("the client connection failed");
                    return;
                }
            }
        });
        return () -> {
            stopped.set(true);
            try {
                helper.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            timeout.set(0);
        };
    }

    /** Ends a watch. */
    @FunctionalInterface
    interface Stop {
        void stop() throws IOException;
    }
}
