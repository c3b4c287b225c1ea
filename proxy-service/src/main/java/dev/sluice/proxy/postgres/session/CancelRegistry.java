package dev.sluice.proxy.postgres.session;

import dev.sluice.proxy.postgres.codec.FrontendEncoder;
import dev.sluice.proxy.postgres.message.BackendKeyData;
import dev.sluice.proxy.postgres.message.CancelRequest;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Maps the cancel keys the proxy gives clients to the target backends they stand for
 * (<a href="https://www.postgresql.org/docs/current/protocol-flow.html#PROTOCOL-FLOW-CANCELING-REQUESTS">canceling
 * requests</a>). Clients never learn a target's process id or secret; a cancel request with a key the proxy did
 * not issue is dropped silently, as PostgreSQL does.
 */
public final class CancelRegistry {
    private record Target(String host, int port, BackendKeyData key, CancelSignal signal) {}

    /**
     * A session's registration.
     *
     * @param proxyKey the key given to the client
     * @param signal   where cancel requests for statements the proxy still holds are noted
     */
    public record Registration(BackendKeyData proxyKey, CancelSignal signal) {}

    private final SecureRandom random = new SecureRandom();
    private final Map<Long, Target> targets = new ConcurrentHashMap<>();

    /** Issues a fresh proxy key for a session whose target backend has {@code upstreamKey}. */
    public Registration register(String host, int port, BackendKeyData upstreamKey) {
        var signal = new CancelSignal();
        while (true) {
            var key = new BackendKeyData(random.nextInt(1, Integer.MAX_VALUE), random.nextInt());
            if (targets.putIfAbsent(pack(key), new Target(host, port, upstreamKey, signal)) == null) {
                return new Registration(key, signal);
            }
        }
    }

    /** Forgets a session's key. */
    public void unregister(BackendKeyData proxyKey) {
        if (proxyKey != null) {
            targets.remove(pack(proxyKey));
        }
    }

    /**
     * Forwards a client's cancel request to the right target backend.
     *
     * @return whether the key was known
     */
    public boolean cancel(CancelRequest request, Duration connectTimeout) {
        Target target = targets.get(pack(new BackendKeyData(request.processId(), request.secretKey())));
        if (target == null) {
            return false;
        }
        if (target.signal().request() || target.key() == null) {
            return true;
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(target.host(), target.port()), (int) connectTimeout.toMillis());
            OutputStream out = socket.getOutputStream();
            FrontendEncoder.encodeTo(new CancelRequest(target.key().processId(), target.key().secretKey()), out);
            out.flush();
            // The target closes the connection once it has read the request.
            socket.setSoTimeout((int) connectTimeout.toMillis());
            socket.getInputStream().read();
        } catch (IOException e) {
            return true;
        }
        return true;
    }

    private static long pack(BackendKeyData key) {
        return ((long) key.processId() << 32) | (key.secretKey() & 0xffffffffL);
    }
}
