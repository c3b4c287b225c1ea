package dev.sluice.proxy.postgres.codec;

import dev.sluice.proxy.postgres.error.PgProtocolException;
import dev.sluice.proxy.postgres.message.AuthenticationCleartextPassword;
import dev.sluice.proxy.postgres.message.AuthenticationMd5Password;
import dev.sluice.proxy.postgres.message.AuthenticationOk;
import dev.sluice.proxy.postgres.message.AuthenticationOther;
import dev.sluice.proxy.postgres.message.AuthenticationSasl;
import dev.sluice.proxy.postgres.message.AuthenticationSaslContinue;
import dev.sluice.proxy.postgres.message.AuthenticationSaslFinal;
import dev.sluice.proxy.postgres.message.BackendKeyData;
import dev.sluice.proxy.postgres.message.BackendMessage;
import dev.sluice.proxy.postgres.message.BindComplete;
import dev.sluice.proxy.postgres.message.CloseComplete;
import dev.sluice.proxy.postgres.message.CommandComplete;
import dev.sluice.proxy.postgres.message.CopyBothResponse;
import dev.sluice.proxy.postgres.message.CopyData;
import dev.sluice.proxy.postgres.message.CopyDone;
import dev.sluice.proxy.postgres.message.CopyInResponse;
import dev.sluice.proxy.postgres.message.CopyOutResponse;
import dev.sluice.proxy.postgres.message.DataRow;
import dev.sluice.proxy.postgres.message.EmptyQueryResponse;
import dev.sluice.proxy.postgres.message.ErrorResponse;
import dev.sluice.proxy.postgres.message.FunctionCallResponse;
import dev.sluice.proxy.postgres.message.NegotiateProtocolVersion;
import dev.sluice.proxy.postgres.message.NoData;
import dev.sluice.proxy.postgres.message.NoticeResponse;
import dev.sluice.proxy.postgres.message.NotificationResponse;
import dev.sluice.proxy.postgres.message.ParameterDescription;
import dev.sluice.proxy.postgres.message.ParameterStatus;
import dev.sluice.proxy.postgres.message.ParseComplete;
import dev.sluice.proxy.postgres.message.PgConstants;
import dev.sluice.proxy.postgres.message.PortalSuspended;
import dev.sluice.proxy.postgres.message.ReadyForQuery;
import dev.sluice.proxy.postgres.message.RowDescription;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes server messages of the
 * <a href="https://www.postgresql.org/docs/current/protocol-message-formats.html">PostgreSQL protocol 3.0</a>
 * from a payload framed by {@link PgFrameReader}.
 *
 * <p>Lengths and counts are checked as strictly as in {@link FrontendDecoder}; server text is decoded
 * leniently (malformed UTF-8 becomes U+FFFD) because it is only inspected and must not end a session.
 * Only {@link dev.sluice.proxy.postgres.error.PgException} escapes.
 */
public final class BackendDecoder {

    /** Smallest RowDescription field: empty name (1) + 4 + 2 + 4 + 2 + 4 + 2. */
    private static final int MIN_ROW_DESCRIPTION_FIELD = 19;

    private static final String[] MESSAGE_NAMES = messageNames();

    private BackendDecoder() {
    }

    /**
     * Decodes a typed server message.
     *
     * @param type   the type byte
     * @param array  the buffer holding the payload
     * @param offset the first payload byte (after the length)
     * @param length the payload length (the frame's length field minus four)
     */
    public static BackendMessage decode(byte type, byte[] array, int offset, int length) {
        PayloadCursor cursor = new PayloadCursor(array, offset, length, messageName(type));
        BackendMessage message = switch (type) {
            case PgConstants.AUTHENTICATION -> decodeAuthentication(cursor);
            case PgConstants.PARAMETER_STATUS ->
                    new ParameterStatus(cursor.readCStringLenient(), cursor.readCStringLenient());
            case PgConstants.BACKEND_KEY_DATA -> new BackendKeyData(cursor.readInt32(), cursor.readInt32());
            case PgConstants.READY_FOR_QUERY -> decodeReadyForQuery(cursor);
            case PgConstants.ERROR_RESPONSE -> new ErrorResponse(readFields(cursor));
            case PgConstants.NOTICE_RESPONSE -> new NoticeResponse(readFields(cursor));
            case PgConstants.COMMAND_COMPLETE -> new CommandComplete(cursor.readCStringLenient());
            case PgConstants.EMPTY_QUERY_RESPONSE -> new EmptyQueryResponse();
            case PgConstants.PARSE_COMPLETE -> new ParseComplete();
            case PgConstants.BIND_COMPLETE -> new BindComplete();
            case PgConstants.CLOSE_COMPLETE -> new CloseComplete();
            case PgConstants.NO_DATA -> new NoData();
            case PgConstants.PORTAL_SUSPENDED -> new PortalSuspended();
            case PgConstants.PARAMETER_DESCRIPTION ->
                    new ParameterDescription(cursor.readInt32Array(cursor.readCount16(4, "parameter type")));
            case PgConstants.ROW_DESCRIPTION -> decodeRowDescription(cursor);
            case PgConstants.DATA_ROW ->
                    new DataRow(FrontendDecoder.readValues(cursor, cursor.readCount16(4, "column"), "column"));
            case PgConstants.COPY_IN_RESPONSE -> new CopyInResponse(cursor.readByte(), readColumnFormats(cursor));
            case PgConstants.COPY_OUT_RESPONSE -> new CopyOutResponse(cursor.readByte(), readColumnFormats(cursor));
            case PgConstants.COPY_BOTH_RESPONSE -> new CopyBothResponse(cursor.readByte(), readColumnFormats(cursor));
            case PgConstants.COPY_DATA -> new CopyData(cursor.readRemaining());
            case PgConstants.COPY_DONE -> new CopyDone();
            case PgConstants.NOTIFICATION_RESPONSE -> new NotificationResponse(
                    cursor.readInt32(), cursor.readCStringLenient(), cursor.readCStringLenient());
            case PgConstants.NEGOTIATE_PROTOCOL_VERSION -> decodeNegotiateProtocolVersion(cursor);
            case PgConstants.FUNCTION_CALL_RESPONSE -> new FunctionCallResponse(cursor.readNullableBytes("result"));
            default -> throw new PgProtocolException(
                    "invalid backend message type " + FrontendDecoder.describeType(type));
        };
        cursor.expectEnd();
        return message;
    }

    private static BackendMessage decodeAuthentication(PayloadCursor cursor) {
        int code = cursor.readInt32();
        return switch (code) {
            case PgConstants.AUTH_OK -> new AuthenticationOk();
            case PgConstants.AUTH_CLEARTEXT_PASSWORD -> new AuthenticationCleartextPassword();
            case PgConstants.AUTH_MD5_PASSWORD -> new AuthenticationMd5Password(cursor.readBytes(4));
            case PgConstants.AUTH_SASL -> new AuthenticationSasl(readSaslMechanisms(cursor));
            case PgConstants.AUTH_SASL_CONTINUE -> new AuthenticationSaslContinue(cursor.readRemaining());
            case PgConstants.AUTH_SASL_FINAL -> new AuthenticationSaslFinal(cursor.readRemaining());
            default -> {
                // GSS/SSPI exchanges carry opaque data the gateway never relays; only the code matters.
                cursor.readRemaining();
                yield new AuthenticationOther(code);
            }
        };
    }

    private static List<String> readSaslMechanisms(PayloadCursor cursor) {
        List<String> mechanisms = new ArrayList<>();
        while (true) {
            String mechanism = cursor.readCStringLenient();
            if (mechanism.isEmpty()) {
                return mechanisms;
            }
            mechanisms.add(mechanism);
        }
    }

    private static ReadyForQuery decodeReadyForQuery(PayloadCursor cursor) {
        byte status = cursor.readByte();
        if (status != PgConstants.IDLE && status != PgConstants.IN_TRANSACTION && status != PgConstants.FAILED) {
            throw new PgProtocolException("invalid transaction status " + FrontendDecoder.describeType(status));
        }
        return new ReadyForQuery(status);
    }

    private static Map<Byte, String> readFields(PayloadCursor cursor) {
        Map<Byte, String> fields = new LinkedHashMap<>();
        while (true) {
            byte code = cursor.readByte();
            if (code == 0) {
                return fields;
            }
            fields.put(code, cursor.readCStringLenient());
        }
    }

    private static RowDescription decodeRowDescription(PayloadCursor cursor) {
        int count = cursor.readCount16(MIN_ROW_DESCRIPTION_FIELD, "field");
        List<RowDescription.Field> fields = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            fields.add(new RowDescription.Field(cursor.readCStringLenient(), cursor.readInt32(), cursor.readInt16(),
                    cursor.readInt32(), cursor.readInt16(), cursor.readInt32(), cursor.readInt16()));
        }
        return new RowDescription(fields);
    }

    private static short[] readColumnFormats(PayloadCursor cursor) {
        return cursor.readInt16Array(cursor.readCount16(2, "column format"));
    }

    private static NegotiateProtocolVersion decodeNegotiateProtocolVersion(PayloadCursor cursor) {
        int newestMinor = cursor.readInt32();
        int count = cursor.readCount32(1, "option");
        List<String> options = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            options.add(cursor.readCStringLenient());
        }
        return new NegotiateProtocolVersion(newestMinor, options);
    }

    private static String messageName(byte type) {
        return MESSAGE_NAMES[type & 0xFF];
    }

    private static String[] messageNames() {
        // Precomputed so that decoding allocates no diagnostic text unless a message is rejected.
        String[] names = new String[256];
        for (int i = 0; i < names.length; i++) {
            names[i] = "backend message " + FrontendDecoder.describeType((byte) i);
        }
        names[PgConstants.AUTHENTICATION] = "Authentication";
        names[PgConstants.ERROR_RESPONSE] = "ErrorResponse";
        names[PgConstants.NOTICE_RESPONSE] = "NoticeResponse";
        names[PgConstants.ROW_DESCRIPTION] = "RowDescription";
        names[PgConstants.DATA_ROW] = "DataRow";
        names[PgConstants.NEGOTIATE_PROTOCOL_VERSION] = "NegotiateProtocolVersion";
        return names;
    }
}
