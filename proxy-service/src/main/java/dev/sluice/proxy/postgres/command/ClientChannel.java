package dev.sluice.proxy.postgres.command;

import dev.sluice.proxy.postgres.codec.BackendEncoder;
import dev.sluice.proxy.postgres.message.BackendMessage;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The client's side of the socket as both relay directions see it: the backend relay forwards the target's
 * responses and the frontend relay injects the gateway's own errors, so writes are serialized by one lock,
 * which also guards the {@link ResponseTracker} so that injected errors land exactly in protocol order.
 */
public final class ClientChannel {
    private final OutputStream output;
    private final ReentrantLock lock = new ReentrantLock();

    public ClientChannel(OutputStream output) {
        this.output = output;
    }

    /** The lock every writer and every tracker user holds. */
    public ReentrantLock lock() {
        return lock;
    }

    /** Forwards raw frame bytes unchanged; caller holds the lock. */
    void writeRaw(byte[] array, int offset, int length) throws IOException {
        output.write(array, offset, length);
    }

    /** Encodes and writes a message; caller holds the lock. */
    void write(BackendMessage message) throws IOException {
        BackendEncoder.encodeTo(message, output);
    }

    /** Flushes what was written; caller holds the lock. */
    void flush() throws IOException {
        output.flush();
    }

    /** Writes and flushes one message under the lock (start-up and refusals). */
    public void send(BackendMessage... messages) throws IOException {
        lock.lock();
        try {
            for (BackendMessage message : messages) {
                write(message);
            }
            flush();
        } finally {
            lock.unlock();
        }
    }
}
