package dev.sluice.cli.postgres;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * Opens connections to the Sluice proxy: TCP, then an SSLRequest; TLS when the proxy accepts it (certificate and
 * host name verified unless configured otherwise). A proxy that declines TLS is used in plaintext only on a
 * loopback address, because the token would otherwise cross the network in the clear.
 */
final class ProxyConnector {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final String host;
    private final int port;
    private final SSLContext tls;
    private final boolean verifyHostname;

    /**
     * @param tls            the TLS context (its trust managers decide which proxy certificates are accepted)
     * @param verifyHostname whether the certificate must name {@code host} (RFC 6125), off only with an
     *                       explicitly insecure trust manager
     */
    ProxyConnector(String host, int port, SSLContext tls, boolean verifyHostname) {
        this.host = Objects.requireNonNull(host, "host");
        this.port = port;
        this.tls = Objects.requireNonNull(tls, "tls");
        this.verifyHostname = verifyHostname;
    }

    /** {@code host:port} for messages. */
    String address() {
        return host + ":" + port;
    }

    /** A connection ready for the StartupMessage: over TLS when the proxy offers it. */
    Socket open() throws PgWireException {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(host, port), (int) CONNECT_TIMEOUT.toMillis());
            socket.setTcpNoDelay(true);
            OutputStream out = socket.getOutputStream();
            out.write(Messages.sslRequest());
            out.flush();
            int answer = socket.getInputStream().read();
            return switch (answer) {
                case 'S' -> secure(socket);
                case 'N' -> {
                    if (!loopback()) {
                        throw new PgWireException(PgWire.UNABLE_TO_CONNECT, "the Sluice proxy at " + address()
                                + " does not offer TLS; refusing to send a token in the clear over the network");
                    }
                    yield socket;
                }
                default -> throw new PgWireException(PgWire.PROTOCOL_VIOLATION, "the server at " + address()
                        + " did not answer the SSLRequest like a PostgreSQL server");
            };
        } catch (IOException e) {
            closeQuietly(socket);
            throw new PgWireException(PgWire.UNABLE_TO_CONNECT, "cannot reach the Sluice proxy at " + address() + ": " + e.getMessage(), e);
        } catch (PgWireException e) {
            closeQuietly(socket);
            throw e;
        }
    }

    /**
     * Sends the StartupMessage and answers the proxy's password request with the token. Returns when the proxy
     * sent AuthenticationOk; the rest of the proxy's startup answer (ParameterStatus, BackendKeyData,
     * ReadyForQuery) is left in the stream for the relay. Messages the client must see (NegotiateProtocolVersion,
     * an ErrorResponse) are forwarded to {@code client}.
     *
     * @return {@code true} when authenticated, {@code false} when the proxy refused (its ErrorResponse was forwarded)
     */
    boolean authenticate(Socket proxy, StartupPacket.Startup startup, String token, OutputStream client)
            throws IOException, PgWireException {
        OutputStream out = proxy.getOutputStream();
        out.write(Messages.startup(startup.protocolVersion(), startup.parameters()));
        out.flush();
        DataInputStream in = new DataInputStream(proxy.getInputStream());
        boolean passwordSent = false;
        while (true) {
            Messages.Backend message = Messages.read(in);
            switch (message.type()) {
                case PgWire.AUTHENTICATION -> {
                    int code = message.body().length >= 4 ? ByteBuffer.wrap(message.body()).getInt() : -1;
                    if (code == PgWire.AUTH_OK) {
                        return true;
                    }
                    if (code != PgWire.AUTH_CLEARTEXT_PASSWORD || passwordSent) {
                        throw new PgWireException(PgWire.FEATURE_NOT_SUPPORTED, "the server at " + address()
                                + " asked for authentication method " + code + "; a Sluice proxy asks for the token as a password");
                    }
                    out.write(Messages.password(token));
                    out.flush();
                    passwordSent = true;
                }
                case PgWire.NEGOTIATE_PROTOCOL_VERSION -> client.write(message.frame());
                case PgWire.ERROR_RESPONSE -> {
                    client.write(message.frame());
                    client.flush();
                    return false;
                }
                default -> throw new PgWireException(PgWire.PROTOCOL_VIOLATION, "the Sluice proxy sent message type '"
                        + (char) message.type() + "' before authentication completed");
            }
        }
    }

    /** Forwards a CancelRequest on a connection of its own, as the protocol requires. */
    void cancel(byte[] key) throws PgWireException {
        try (Socket socket = open(); OutputStream out = socket.getOutputStream()) {
            out.write(Messages.cancelRequest(key));
            out.flush();
        } catch (IOException e) {
            throw new PgWireException(PgWire.UNABLE_TO_CONNECT, "cannot forward the cancel request: " + e.getMessage(), e);
        }
    }

    private Socket secure(Socket socket) throws IOException, PgWireException {
        SSLSocket secure = (SSLSocket) tls.getSocketFactory().createSocket(socket, host, port, true);
        SSLParameters parameters = secure.getSSLParameters();
        if (verifyHostname) {
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
        }
        secure.setSSLParameters(parameters);
        try {
            secure.startHandshake();
        } catch (SSLException e) {
            closeQuietly(secure);
            throw new PgWireException(PgWire.UNABLE_TO_CONNECT, "TLS with the Sluice proxy at " + address() + " failed ("
                    + e.getMessage() + "); trust its certificate with --proxy-ca", e);
        }
        return secure;
    }

    private boolean loopback() {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing left to do with a connection that is going away
        }
    }
}
