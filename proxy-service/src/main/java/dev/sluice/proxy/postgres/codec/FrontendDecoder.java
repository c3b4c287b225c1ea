package dev.sluice.proxy.postgres.codec;

import dev.sluice.proxy.postgres.error.PgProtocolException;
import dev.sluice.proxy.postgres.message.Bind;
import dev.sluice.proxy.postgres.message.CancelRequest;
import dev.sluice.proxy.postgres.message.Close;
import dev.sluice.proxy.postgres.message.CopyData;
import dev.sluice.proxy.postgres.message.CopyDone;
import dev.sluice.proxy.postgres.message.CopyFail;
import dev.sluice.proxy.postgres.message.Describe;
import dev.sluice.proxy.postgres.message.Execute;
import dev.sluice.proxy.postgres.message.Flush;
import dev.sluice.proxy.postgres.message.FrontendMessage;
import dev.sluice.proxy.postgres.message.FunctionCall;
import dev.sluice.proxy.postgres.message.GssEncRequest;
import dev.sluice.proxy.postgres.message.Parse;
import dev.sluice.proxy.postgres.message.PasswordMessage;
import dev.sluice.proxy.postgres.message.PgConstants;
import dev.sluice.proxy.postgres.message.Query;
import dev.sluice.proxy.postgres.message.SslRequest;
import dev.sluice.proxy.postgres.message.StartupMessage;
import dev.sluice.proxy.postgres.message.Sync;
import dev.sluice.proxy.postgres.message.Terminate;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Decodes client messages of the
 * <a href="https://www.postgresql.org/docs/current/protocol-message-formats.html">PostgreSQL protocol 3.0</a>
 * from a payload framed by {@link PgFrameReader}.
 *
 * <p>Strict by design, because the gateway decides policy on what it decodes here: every count is checked
 * against the remaining payload before allocating, trailing bytes are a protocol violation (otherwise the
 * gateway and the server could read different messages from the same bytes), and Query and Parse text must be
 * valid UTF-8 (SQLSTATE 22021, not fatal). Only {@link dev.sluice.proxy.postgres.error.PgException} escapes.
 */
public final class FrontendDecoder {

    private static final int MIN_STARTUP_PAYLOAD = 4;

    private FrontendDecoder() {
    }

    /**
     * Decodes a typed message.
     *
     * @param type   the type byte
     * @param array  the buffer holding the payload
     * @param offset the first payload byte (after the length)
     * @param length the payload length (the frame's length field minus four)
     */
    public static FrontendMessage decode(byte type, byte[] array, int offset, int length) {
        return switch (type) {
            case PgConstants.QUERY -> decodeQuery(new PayloadCursor(array, offset, length, "Query"));
            case PgConstants.PARSE -> decodeParse(new PayloadCursor(array, offset, length, "Parse"));
            case PgConstants.BIND -> decodeBind(new PayloadCursor(array, offset, length, "Bind"));
            case PgConstants.DESCRIBE -> decodeDescribe(new PayloadCursor(array, offset, length, "Describe"));
            case PgConstants.EXECUTE -> decodeExecute(new PayloadCursor(array, offset, length, "Execute"));
            case PgConstants.CLOSE -> decodeClose(new PayloadCursor(array, offset, length, "Close"));
            case PgConstants.SYNC -> empty(new PayloadCursor(array, offset, length, "Sync"), new Sync());
            case PgConstants.FLUSH -> empty(new PayloadCursor(array, offset, length, "Flush"), new Flush());
            case PgConstants.TERMINATE -> empty(new PayloadCursor(array, offset, length, "Terminate"), new Terminate());
            case PgConstants.COPY_DATA ->
                    new CopyData(new PayloadCursor(array, offset, length, "CopyData").readRemaining());
            case PgConstants.COPY_DONE -> empty(new PayloadCursor(array, offset, length, "CopyDone"), new CopyDone());
            case PgConstants.COPY_FAIL -> decodeCopyFail(new PayloadCursor(array, offset, length, "CopyFail"));
            case PgConstants.FUNCTION_CALL ->
                    decodeFunctionCall(new PayloadCursor(array, offset, length, "FunctionCall"));
            case PgConstants.PASSWORD_MESSAGE ->
                    new PasswordMessage(new PayloadCursor(array, offset, length, "PasswordMessage").readRemaining());
            default -> throw new PgProtocolException("invalid frontend message type " + describeType(type));
        };
    }

    /**
     * Decodes an untyped startup-phase frame: StartupMessage, SSLRequest, GSSENCRequest or CancelRequest.
     *
     * @param array  the buffer holding the payload
     * @param offset the first byte after the length (the protocol version or request code)
     * @param length the frame's length field minus four
     */
    public static FrontendMessage decodeStartup(byte[] array, int offset, int length) {
        PayloadCursor cursor = new PayloadCursor(array, offset, length, "StartupMessage");
        if (length < MIN_STARTUP_PAYLOAD) {
            throw new PgProtocolException("invalid length of startup packet");
        }
        int code = cursor.readInt32();
        switch (code) {
            case PgConstants.SSL_REQUEST_CODE -> {
                cursor.expectEnd();
                return new SslRequest();
            }
            case PgConstants.GSSENC_REQUEST_CODE -> {
                cursor.expectEnd();
                return new GssEncRequest();
            }
            case PgConstants.CANCEL_REQUEST_CODE -> {
                CancelRequest cancel = new CancelRequest(cursor.readInt32(), cursor.readInt32());
                cursor.expectEnd();
                return cancel;
            }
            default -> {
                if (code >>> 16 != PgConstants.PROTOCOL_MAJOR) {
                    throw new PgProtocolException("unsupported frontend protocol " + (code >>> 16) + "."
                            + (code & 0xFFFF) + ": server supports 3.0");
                }
                return new StartupMessage(code, readStartupParameters(cursor));
            }
        }
    }

    private static Map<String, String> readStartupParameters(PayloadCursor cursor) {
        Map<String, String> parameters = new LinkedHashMap<>();
        while (true) {
            String name = cursor.readCStringStrict();
            if (name.isEmpty()) {
                break;
            }
            String value = cursor.readCStringStrict();
            // A repeated name could make the gateway and the server act on different values.
            if (parameters.putIfAbsent(name, value) != null) {
                throw new PgProtocolException("startup parameter \"" + name + "\" given more than once");
            }
        }
        cursor.expectEnd();
        return parameters;
    }

    private static Query decodeQuery(PayloadCursor cursor) {
        Query query = new Query(cursor.readCStringStrict());
        cursor.expectEnd();
        return query;
    }

    private static Parse decodeParse(PayloadCursor cursor) {
        String name = cursor.readCStringStrict();
        String sql = cursor.readCStringStrict();
        int[] types = cursor.readInt32Array(cursor.readCount16(4, "parameter type"));
        cursor.expectEnd();
        return new Parse(name, sql, types);
    }

    private static Bind decodeBind(PayloadCursor cursor) {
        String portal = cursor.readCStringStrict();
        String statement = cursor.readCStringStrict();
        short[] parameterFormats = cursor.readInt16Array(cursor.readCount16(2, "parameter format"));
        byte[][] values = readValues(cursor, cursor.readCount16(4, "parameter"), "parameter");
        short[] resultFormats = cursor.readInt16Array(cursor.readCount16(2, "result format"));
        cursor.expectEnd();
        return new Bind(portal, statement, parameterFormats, values, resultFormats);
    }

    private static Describe decodeDescribe(PayloadCursor cursor) {
        byte target = readTarget(cursor, "DESCRIBE");
        Describe describe = new Describe(target, cursor.readCStringStrict());
        cursor.expectEnd();
        return describe;
    }

    private static Close decodeClose(PayloadCursor cursor) {
        byte target = readTarget(cursor, "CLOSE");
        Close close = new Close(target, cursor.readCStringStrict());
        cursor.expectEnd();
        return close;
    }

    private static Execute decodeExecute(PayloadCursor cursor) {
        Execute execute = new Execute(cursor.readCStringStrict(), cursor.readInt32());
        cursor.expectEnd();
        return execute;
    }

    private static CopyFail decodeCopyFail(PayloadCursor cursor) {
        CopyFail fail = new CopyFail(cursor.readCStringStrict());
        cursor.expectEnd();
        return fail;
    }

    private static FunctionCall decodeFunctionCall(PayloadCursor cursor) {
        int oid = cursor.readInt32();
        short[] formats = cursor.readInt16Array(cursor.readCount16(2, "argument format"));
        byte[][] arguments = readValues(cursor, cursor.readCount16(4, "argument"), "argument");
        short resultFormat = cursor.readInt16();
        cursor.expectEnd();
        return new FunctionCall(oid, formats, arguments, resultFormat);
    }

    static byte[][] readValues(PayloadCursor cursor, int count, String what) {
        byte[][] values = new byte[count][];
        for (int i = 0; i < count; i++) {
            values[i] = cursor.readNullableBytes(what);
        }
        return values;
    }

    private static byte readTarget(PayloadCursor cursor, String command) {
        byte target = cursor.readByte();
        if (target != PgConstants.TARGET_STATEMENT && target != PgConstants.TARGET_PORTAL) {
            throw new PgProtocolException("invalid " + command + " message subtype " + describeType(target));
        }
        return target;
    }

    private static <T extends FrontendMessage> T empty(PayloadCursor cursor, T message) {
        cursor.expectEnd();
        return message;
    }

    static String describeType(byte type) {
        return type >= 0x20 && type < 0x7F ? "'" + (char) type + "'" : String.format("0x%02x", type & 0xFF);
    }
}
