package dev.sluice.proxy.postgres.session;

import dev.sluice.proxy.postgres.codec.BackendEncoder;
import dev.sluice.proxy.postgres.codec.FrontendDecoder;
import dev.sluice.proxy.postgres.command.ClientChannel;
import dev.sluice.proxy.postgres.error.PgException;
import dev.sluice.proxy.postgres.error.PgProtocolException;
import dev.sluice.proxy.postgres.error.SqlState;
import dev.sluice.proxy.postgres.message.CancelRequest;
import dev.sluice.proxy.postgres.message.ErrorResponse;
import dev.sluice.proxy.postgres.message.FrontendMessage;
import dev.sluice.proxy.postgres.message.GssEncRequest;
import dev.sluice.proxy.postgres.message.NegotiateProtocolVersion;
import dev.sluice.proxy.postgres.message.PgConstants;
import dev.sluice.proxy.postgres.message.SslRequest;
import dev.sluice.proxy.postgres.message.StartupMessage;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * The start-up phase of a client connection
 * (<a href="https://www.postgresql.org/docs/current/protocol-flow.html#PROTOCOL-FLOW-SSL">SSL</a> and
 * <a href="https://www.postgresql.org/docs/current/protocol-flow.html#PROTOCOL-FLOW-START-UP">start-up</a>):
 * SSLRequest answered 'S' (then TLS) or 'N', GSSENCRequest refused with 'N', CancelRequest routed to the target,
 * and finally the StartupMessage. Start-up packets are read exactly, never ahead, so that no plaintext sent
 * before the TLS handshake can be mistaken for encrypted input.
 */
public final class StartupNegotiation {
    /** Session parameters passed to the target; everything else (notably {@code options}) is dropped. */
    private static final Set<String> FORWARDED = Set.of("application_name", "datestyle", "timezone",
            "intervalstyle", "extra_float_digits", "client_encoding");
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);

    private final Socket plain;
    private final SSLContext tls;
    private final CancelRegistry cancels;
    private final Duration connectTimeout;
    private Socket socket;
    private InputStream input;
    private OutputStream output;

    public StartupNegotiation(Socket socket, SSLContext tls, CancelRegistry cancels, Duration connectTimeout) {
        this.plain = socket;
        this.socket = socket;
        this.tls = tls;
        this.cancels = cancels;
        this.connectTimeout = connectTimeout;
    }

    /** Runs the start-up phase; null when the connection needs no session (cancel request, probe). */
    public StartupMessage negotiate() throws IOException {
        socket.setTcpNoDelay(true);
        socket.setSoTimeout((int) STARTUP_TIMEOUT.toMillis());
        input = socket.getInputStream();
        output = socket.getOutputStream();
        while (true) {
            FrontendMessage message = readStartupPacket();
            switch (message) {
                case null -> {
                    return null;
                }
                case SslRequest request -> {
                    if (socket instanceof SSLSocket) {
                        throw new PgProtocolException("SSLRequest received twice");
                    }
                    if (tls == null) {
                        answer('N');
                    } else {
                        answer('S');
                        upgradeToTls();
                    }
                }
                case GssEncRequest request -> answer('N');
                case CancelRequest request -> {
                    cancels.cancel(request, connectTimeout);
                    return null;
                }
                case StartupMessage startup -> {
                    validate(startup);
                    return startup;
                }
                default -> throw new PgProtocolException("unexpected start-up packet");
            }
        }
    }

    private FrontendMessage readStartupPacket() throws IOException {
        var data = new DataInputStream(input);
        int first = data.read();
        if (first < 0) {
            return null;
        }
        int length = (first << 24) | (data.readUnsignedByte() << 16) | (data.readUnsignedByte() << 8)
                | data.readUnsignedByte();
        if (length < 8 || length > PgConstants.MAX_STARTUP_PACKET_LENGTH) {
            throw new PgProtocolException("invalid start-up packet length " + length);
        }
        byte[] body = new byte[length - 4];
        try {
            data.readFully(body);
        } catch (EOFException e) {
            throw new PgProtocolException("incomplete start-up packet");
        }
        return FrontendDecoder.decodeStartup(body, 0, body.length);
    }

    private void validate(StartupMessage startup) {
        Map<String, String> parameters = startup.parameters();
        if (parameters.getOrDefault("user", "").isEmpty()) {
            throw new PgException(SqlState.INVALID_AUTHORIZATION, "no user name given in the start-up message", true);
        }
        if (parameters.getOrDefault("database", "").isEmpty()) {
            throw new PgException("3D000", "no database given: set dbname to the name of a Sluice connection", true);
        }
        if (parameters.containsKey("replication")) {
            throw new PgException(SqlState.FEATURE_NOT_SUPPORTED, "replication connections are not supported", true);
        }
    }

    /** Tells a client asking for a newer minor version or protocol options what this proxy speaks (3.0). */
    public void sendNegotiateProtocolVersionIfNeeded(StartupMessage startup, ClientChannel channel) throws IOException {
        List<String> options = new ArrayList<>();
        for (String name : startup.parameters().keySet()) {
            if (name.startsWith("_pq_.")) {
                options.add(name);
            }
        }
        if ((startup.protocolVersion() & 0xffff) != 0 || !options.isEmpty()) {
            channel.send(new NegotiateProtocolVersion(0, options));
        }
    }

    /**
     * The client's session parameters to pass to the target: presentation settings only. {@code options} and
     * everything else stay behind, so a client cannot set a role, search path or string syntax at start-up,
     * and the encoding is always UTF-8 so the proxy reads statements exactly as the target does.
     */
    public static Map<String, String> forwardedParameters(StartupMessage startup) {
        Map<String, String> forwarded = new LinkedHashMap<>();
        startup.parameters().forEach((name, value) -> {
            String key = name.toLowerCase(Locale.ROOT);
            if (FORWARDED.contains(key) && !key.equals("client_encoding")) {
                forwarded.put(name, value);
            }
        });
        forwarded.put("client_encoding", "UTF8");
        return forwarded;
    }

    private void answer(char response) throws IOException {
        output.write(response);
        output.flush();
    }

    private void upgradeToTls() throws IOException {
        var secure = (SSLSocket) tls.getSocketFactory().createSocket(plain, null, plain.getPort(), true);
        secure.setUseClientMode(false);
        secure.startHandshake();
        socket = secure;
        input = secure.getInputStream();
        output = secure.getOutputStream();
    }

    /** Sends an error when no session channel exists yet (start-up failures). */
    public void sendBeforeStartup(ErrorResponse error) throws IOException {
        if (output != null) {
            BackendEncoder.encodeTo(error, output);
            output.flush();
        }
    }

    /** The session is established: reads may now block for as long as the client idles. */
    public void endStartupTimeout() throws IOException {
        socket.setSoTimeout(0);
    }

    /** Bounds each client read to {@code millis} (0: unbounded); used while a held statement watches the client. */
    public void readTimeout(int millis) throws IOException {
        socket.setSoTimeout(millis);
    }

    public InputStream input() {
        return input;
    }

    public OutputStream output() {
        return output;
    }

    /** Whether the client negotiated TLS. */
    public boolean encrypted() {
        return socket instanceof SSLSocket;
    }

    /** Whether the client connects from this host. */
    public boolean fromLoopback() {
        return plain.getInetAddress() != null && plain.getInetAddress().isLoopbackAddress();
    }

    /** The client's IP address. */
    public String clientAddress() {
        return plain.getRemoteSocketAddress() instanceof InetSocketAddress address
                ? address.getAddress().getHostAddress() : String.valueOf(plain.getRemoteSocketAddress());
    }

    /** Closes the client connection (TLS layer and socket). */
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // Already closed.
        }
        try {
            plain.close();
        } catch (IOException e) {
            // Already closed.
        }
    }
}
