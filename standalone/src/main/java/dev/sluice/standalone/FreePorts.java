package dev.sluice.standalone;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Turns a configured port of {@code 0} into a concrete free port before anything starts.
 *
 * <p>Services need each other's addresses up front (the issuer URL is baked into every token, the proxy is given
 * the policy URL), so "any free port" is resolved here once rather than by each server. Ports are drawn from below
 * the kernel's ephemeral range ({@code net.ipv4.ip_local_port_range}): a port the kernel hands out with
 * {@code bind(0)} is also what it hands out as the source port of the next outgoing connection, and starting the
 * databases and Kafka opens many of those between choosing a port and binding it. A port in the range below is
 * only ever taken by another listener, which the bind check here sees. Ports chosen by one instance are distinct.
 */
public final class FreePorts {

    private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    private static final int LOWEST = 20_000;
    private static final int DEFAULT_EPHEMERAL_START = 32_768;
    private static final int ATTEMPTS = 200;

    private final String bindAddress;
    private final Set<Integer> chosen = new HashSet<>();

    public FreePorts(String bindAddress) {
        this.bindAddress = bindAddress;
    }

    /** {@code configured} itself, or a free port when it is {@code 0}. */
    public synchronized int resolve(int configured) {
        if (configured != 0) {
            return configured;
        }
        int ceiling = ephemeralStart();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int candidate = ceiling > LOWEST ? random.nextInt(LOWEST, ceiling) : 0;
            int port = tryBind(candidate);
            if (port > 0 && chosen.add(port)) {
                return port;
            }
        }
        throw new UncheckedIOException(new IOException("no free port on " + bindAddress + " after " + ATTEMPTS + " attempts"));
    }

    private int tryBind(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(InetAddress.getByName(bindAddress), port), 1);
            return socket.getLocalPort();
        } catch (IOException e) {
            return -1;
        }
    }

    /** Where the kernel starts handing out source ports; the Linux default where it cannot be read. */
    private static int ephemeralStart() {
        try {
            String[] range = Files.readString(EPHEMERAL_RANGE).trim().split("\\s+");
            return Integer.parseInt(range[0]);
        } catch (IOException | RuntimeException e) {
            return DEFAULT_EPHEMERAL_START;
        }
    }
}
