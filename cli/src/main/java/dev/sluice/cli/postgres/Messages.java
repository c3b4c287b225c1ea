package dev.sluice.cli.postgres;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Encodes the few frontend packets the connector sends and reads typed backend messages during the handshake. */
final class Messages {
    private Messages() {}

    /** A typed backend message: its type byte and body (without the length). */
    record Backend(byte type, byte[] body) {
        /** The message as it travels, for forwarding to the client unchanged. */
        byte[] frame() {
            return ByteBuffer.allocate(5 + body.length).put(type).putInt(4 + body.length).put(body).array();
        }
    }

    static byte[] sslRequest() {
        return ByteBuffer.allocate(8).putInt(8).putInt(PgWire.SSL_REQUEST_CODE).array();
    }

    static byte[] cancelRequest(byte[] key) {
        return ByteBuffer.allocate(8 + key.length).putInt(8 + key.length).putInt(PgWire.CANCEL_REQUEST_CODE).put(key).array();
    }

    static byte[] startup(int protocolVersion, Map<String, String> parameters) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        parameters.forEach((name, value) -> {
            body.writeBytes(name.getBytes(StandardCharsets.UTF_8));
            body.write(0);
            body.writeBytes(value.getBytes(StandardCharsets.UTF_8));
            body.write(0);
        });
        body.write(0);
        return ByteBuffer.allocate(8 + body.size()).putInt(8 + body.size()).putInt(protocolVersion).put(body.toByteArray()).array();
    }

    /** PasswordMessage: the token, NUL-terminated. */
    static byte[] password(String token) {
        byte[] value = token.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(1 + 4 + value.length + 1).put(PgWire.PASSWORD_MESSAGE).putInt(4 + value.length + 1).put(value)
                .put((byte) 0).array();
    }

    static byte[] authenticationOk() {
        return ByteBuffer.allocate(9).put(PgWire.AUTHENTICATION).putInt(8).putInt(PgWire.AUTH_OK).array();
    }

    /** A FATAL ErrorResponse (severity, SQLSTATE, message) for the local client. */
    static byte[] fatal(String sqlState, String message) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        field(body, 'S', "FATAL");
        field(body, 'V', "FATAL");
        field(body, 'C', sqlState);
        field(body, 'M', message);
        body.write(0);
        return ByteBuffer.allocate(5 + body.size()).put(PgWire.ERROR_RESPONSE).putInt(4 + body.size()).put(body.toByteArray()).array();
    }

    /** Reads one typed message, checking its length before allocating. */
    static Backend read(DataInputStream in) throws IOException, PgWireException {
        int type;
        int length;
        try {
            type = in.readUnsignedByte();
            length = in.readInt();
        } catch (EOFException e) {
            throw new PgWireException(PgWire.UNABLE_TO_CONNECT, "the Sluice proxy closed the connection during the handshake");
        }
        if (length < 4 || length > PgWire.MAX_HANDSHAKE_MESSAGE_LENGTH) {
            throw new PgWireException(PgWire.PROTOCOL_VIOLATION, "the Sluice proxy sent a message of invalid length " + length);
        }
        byte[] body = new byte[length - 4];
        in.readFully(body);
        return new Backend((byte) type, body);
    }

    private static void field(ByteArrayOutputStream body, char code, String value) {
        body.write(code);
        body.writeBytes(value.getBytes(StandardCharsets.UTF_8));
        body.write(0);
    }
}
