package dev.sluice.cli.postgres;

import dev.sluice.cli.CliException;
import dev.sluice.cli.oauth.TokenSource;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Objects;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;

/**
 * {@code sluice connect}: a PostgreSQL listener on a loopback address for clients that cannot send a token. Each
 * accepted connection gets its own virtual thread and its own proxy connection, authenticated with a token that is
 * fresh at that moment. Anyone who can reach the port acts as the logged-in identity, which is why only loopback
 * addresses are accepted.
 */
public final class LocalListener implements AutoCloseable {
    private final ServerSocket server;
    private final Thread acceptor;

    private LocalListener(ServerSocket server, String connection, ProxyConnector proxy, TokenSource tokens, Consumer<String> log) {
        this.server = server;
        this.acceptor = Thread.ofPlatform().name("sluice-connect-accept").daemon(true).start(() -> {
            while (!server.isClosed()) {
                try {
                    Socket client = server.accept();
                    Thread.ofVirtual().name("sluice-connect-" + client.getPort())
                            .start(new ClientSession(client, connection, proxy, tokens, log));
                } catch (SocketException e) {
                    return; // closed
                } catch (IOException e) {
                    log.accept("accept failed: " + e.getMessage());
                }
            }
        });
    }

    /**
     * Binds and starts accepting.
     *
     * @param listen         a loopback address and port ({@code 0} = any free port)
     * @param connection     the gateway connection every client is sent to (the proxy's "database")
     * @param proxyHost      the Sluice proxy's PostgreSQL listener
     * @param tls            trust for the proxy's certificate
     * @param verifyHostname whether the proxy's certificate must name {@code proxyHost}
     * @param tokens         a fresh token per client connection
     * @param log            one line per connection and failure (never a token)
     */
    public static LocalListener start(InetSocketAddress listen, String connection, String proxyHost, int proxyPort, SSLContext tls,
            boolean verifyHostname, TokenSource tokens, Consumer<String> log) {
        Objects.requireNonNull(connection, "connection");
        if (listen.isUnresolved() || !listen.getAddress().isLoopbackAddress()) {
            throw new CliException(CliException.FAILURE, "refusing to listen on " + listen.getHostString()
                    + ": the listener asks no password, so it only listens on a loopback address such as 127.0.0.1");
        }
        try {
            ServerSocket server = new ServerSocket();
            server.bind(listen, 64);
            return new LocalListener(server, connection, new ProxyConnector(proxyHost, proxyPort, tls, verifyHostname), tokens, log);
        } catch (IOException e) {
            throw new CliException(CliException.FAILURE, "cannot listen on " + listen.getHostString() + ":" + listen.getPort()
                    + ": " + e.getMessage(), e);
        }
    }

    /** Where clients connect. */
    public InetSocketAddress address() {
        return (InetSocketAddress) server.getLocalSocketAddress();
    }

    /** Stops accepting; connections already relaying end with the process. */
    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // closing a listener has no failure worth reporting
        }
        acceptor.interrupt();
    }
}
