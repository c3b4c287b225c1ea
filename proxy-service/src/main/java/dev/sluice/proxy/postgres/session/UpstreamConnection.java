package dev.sluice.proxy.postgres.session;

import dev.sluice.proxy.config.ProxyProperties.TargetConnection;
import dev.sluice.proxy.postgres.auth.UpstreamAuthenticator;
import dev.sluice.proxy.postgres.codec.BackendDecoder;
import dev.sluice.proxy.postgres.codec.FrontendEncoder;
import dev.sluice.proxy.postgres.codec.PgFrameReader;
import dev.sluice.proxy.postgres.error.PgException;
import dev.sluice.proxy.postgres.error.SqlState;
import dev.sluice.proxy.postgres.message.BackendKeyData;
import dev.sluice.proxy.postgres.message.BackendMessage;
import dev.sluice.proxy.postgres.message.ErrorResponse;
import dev.sluice.proxy.postgres.message.NegotiateProtocolVersion;
import dev.sluice.proxy.postgres.message.NoticeResponse;
import dev.sluice.proxy.postgres.message.ParameterStatus;
import dev.sluice.proxy.postgres.message.PgConstants;
import dev.sluice.proxy.postgres.message.ReadyForQuery;
import dev.sluice.proxy.postgres.message.StartupMessage;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The proxy's own connection to a target PostgreSQL: opened with the stored credential, read up to the first
 * ReadyForQuery, then handed to the relay.
 */
public final class UpstreamConnection implements AutoCloseable {
    private static final int BUFFER_SIZE = 64 * 1024;

    private final Socket socket;
    private final PgFrameReader reader;
    private final OutputStream output;
    private final List<ParameterStatus> parameters;
    private final BackendKeyData backendKey;
    private final byte transactionStatus;

    private UpstreamConnection(Socket socket, PgFrameReader reader, OutputStream output,
            List<ParameterStatus> parameters, BackendKeyData backendKey, byte transactionStatus) {
        this.socket = socket;
        this.reader = reader;
        this.output = output;
        this.parameters = parameters;
        this.backendKey = backendKey;
        this.transactionStatus = transactionStatus;
    }

    /**
     * Connects, authenticates and waits for the target to be ready.
     *
     * @param startupParameters the client's session parameters to pass on (already filtered)
     */
    public static UpstreamConnection open(TargetConnection target, Map<String, String> startupParameters,
            Duration connectTimeout, int maxFrameLength) throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.setKeepAlive(true);
            socket.connect(new InetSocketAddress(target.host(), target.port()), (int) connectTimeout.toMillis());
            socket.setSoTimeout((int) connectTimeout.toMillis());
            var reader = new PgFrameReader(socket.getInputStream(), maxFrameLength, BUFFER_SIZE);
            var output = new BufferedOutputStream(socket.getOutputStream(), BUFFER_SIZE);

            Map<String, String> parameters = new LinkedHashMap<>(startupParameters);
            parameters.put("user", target.username());
            parameters.put("database", target.database());
            FrontendEncoder.encodeTo(new StartupMessage(PgConstants.PROTOCOL_VERSION, parameters), output);
            output.flush();

            new UpstreamAuthenticator(target.username(), target.password()).authenticate(reader, output);

            List<ParameterStatus> status = new ArrayList<>();
            BackendKeyData key = null;
            while (true) {
                if (!reader.readFrame()) {
                    throw new EOFException("target closed the connection during start-up");
                }
                BackendMessage message = BackendDecoder.decode(reader.type(), reader.array(), reader.payloadOffset(),
                        reader.payloadLength());
                switch (message) {
                    case ParameterStatus parameter -> status.add(parameter);
                    case BackendKeyData data -> key = data;
                    case NoticeResponse notice -> { }
                    case NegotiateProtocolVersion negotiate -> { }
                    case ErrorResponse error -> throw new PgException(SqlState.CONNECTION_FAILURE,
                            "the target refused the session: " + error.message(), true);
                    case ReadyForQuery ready -> {
                        // The relay blocks on reads for as long as the session lives.
                        socket.setSoTimeout(0);
                        return new UpstreamConnection(socket, reader, output, List.copyOf(status), key, ready.status());
                    }
                    default -> throw new PgException(SqlState.CONNECTION_FAILURE,
                            "the target sent an unexpected message during start-up", true);
                }
            }
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    public PgFrameReader reader() {
        return reader;
    }

    public OutputStream output() {
        return output;
    }

    /** ParameterStatus messages the target sent at start-up, in order. */
    public List<ParameterStatus> parameters() {
        return parameters;
    }

    /** The target's cancel key, or null if it sent none. */
    public BackendKeyData backendKey() {
        return backendKey;
    }

    /** Transaction status of the first ReadyForQuery. */
    public byte transactionStatus() {
        return transactionStatus;
    }

    /** Closes the socket, which also ends a relay blocked reading it. */
    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // Already broken; nothing left to release.
        }
    }
}
