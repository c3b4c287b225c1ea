package dev.sluice.cli.postgres;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads one startup-phase packet from a local client: an Int32 length (counting itself), an Int32 code or protocol
 * version, the rest. The length is checked against {@link PgWire#MAX_STARTUP_PACKET_LENGTH} before anything is
 * allocated, as the server does.
 */
final class StartupReader {
    /** A 3.2 CancelRequest may carry a secret of up to 256 bytes after the process id. */
    private static final int MAX_CANCEL_KEY = 4 + 256;

    private StartupReader() {}

    static StartupPacket read(DataInputStream in) throws IOException, PgWireException {
        int length;
        try {
            length = in.readInt();
        } catch (EOFException e) {
            throw new PgWireException(PgWire.PROTOCOL_VIOLATION, "the client closed the connection before its startup packet");
        }
        if (length < 8 || length > PgWire.MAX_STARTUP_PACKET_LENGTH) {
            throw new PgWireException(PgWire.PROTOCOL_VIOLATION, "invalid startup packet length " + length);
        }
        byte[] body = new byte[length - 4];
        in.readFully(body);
        ByteBuffer buffer = ByteBuffer.wrap(body);
        int code = buffer.getInt();
        return switch (code) {
            case PgWire.SSL_REQUEST_CODE -> new StartupPacket.SslRequest();
            case PgWire.GSSENC_REQUEST_CODE -> new StartupPacket.GssEncRequest();
            case PgWire.CANCEL_REQUEST_CODE -> {
                if (buffer.remaining() < 8 || buffer.remaining() > MAX_CANCEL_KEY) {
                    throw new PgWireException(PgWire.PROTOCOL_VIOLATION, "invalid CancelRequest length " + length);
                }
                byte[] key = new byte[buffer.remaining()];
                buffer.get(key);
                yield new StartupPacket.CancelRequest(key);
            }
            default -> {
                if (code >>> 16 != 3) {
                    throw new PgWireException(PgWire.FEATURE_NOT_SUPPORTED, "unsupported frontend protocol " + (code >>> 16) + "."
                            + (code & 0xFFFF) + ": only protocol 3 is supported");
                }
                yield new StartupPacket.Startup(code, parameters(buffer));
            }
        };
    }

    private static Map<String, String> parameters(ByteBuffer buffer) throws PgWireException {
        Map<String, String> parameters = new LinkedHashMap<>();
        while (true) {
            String name = cString(buffer);
            if (name.isEmpty()) {
                if (buffer.hasRemaining()) {
                    throw new PgWireException(PgWire.PROTOCOL_VIOLATION, "bytes after the startup parameters' terminator");
                }
                return parameters;
            }
            parameters.put(name, cString(buffer));
        }
    }

    private static String cString(ByteBuffer buffer) throws PgWireException {
        int start = buffer.position();
        for (int i = start; i < buffer.limit(); i++) {
            if (buffer.get(i) == 0) {
                String value = new String(buffer.array(), start, i - start, StandardCharsets.UTF_8);
                buffer.position(i + 1);
                return value;
            }
        }
        throw new PgWireException(PgWire.PROTOCOL_VIOLATION, "unterminated string in the startup packet");
    }
}
