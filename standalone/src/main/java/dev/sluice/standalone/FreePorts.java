package dev.sluice.standalone;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * Turns a configured port of {@code 0} into a concrete free port before anything starts.
 *
 * <p>Services need each other's addresses up front (the issuer URL is baked into every token, the proxy is given
 * the policy URL), so "any free port" is resolved here once rather than by each server. The port is free when
 * chosen; another process could in theory take it before the server binds, which is acceptable for tests and demos.
 */
final class FreePorts {

    private FreePorts() {}

    static int resolve(int configured, String bindAddress) {
        if (configured != 0) {
            return configured;
        }
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(bindAddress))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on " + bindAddress, e);
        }
    }
}
