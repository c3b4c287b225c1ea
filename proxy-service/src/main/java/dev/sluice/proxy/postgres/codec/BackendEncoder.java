package dev.sluice.proxy.postgres.codec;

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
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;

/**
 * Encodes server messages of the
 * <a href="https://www.postgresql.org/docs/current/protocol-message-formats.html">PostgreSQL protocol 3.0</a>,
 * used for the messages the gateway itself sends to clients (authentication, errors, masked rows).
 *
 * <p>Each message is built completely in memory before anything is written, so a failure never leaves
 * half a frame on the wire. Strings containing NUL are refused with SQLSTATE 22021.
 */
public final class BackendEncoder {

    private BackendEncoder() {
    }

    /** The complete frame: type byte, length and payload. */
    public static byte[] encode(BackendMessage message) {
        return switch (message) {
            case AuthenticationOk _ -> authentication(PgConstants.AUTH_OK).finish();
            case AuthenticationCleartextPassword _ -> authentication(PgConstants.AUTH_CLEARTEXT_PASSWORD).finish();
            case AuthenticationMd5Password m -> {
                if (m.salt().length != 4) {
                    throw new IllegalArgumentException("MD5 salt must have four bytes");
                }
                yield authentication(PgConstants.AUTH_MD5_PASSWORD).writeBytes(m.salt()).finish();
            }
            case AuthenticationSasl m -> {
                MessageWriter writer = authentication(PgConstants.AUTH_SASL);
                m.mechanisms().forEach(writer::writeCString);
                yield writer.writeByte(0).finish();
            }
            case AuthenticationSaslContinue m ->
                    authentication(PgConstants.AUTH_SASL_CONTINUE).writeBytes(m.data()).finish();
            case AuthenticationSaslFinal m -> authentication(PgConstants.AUTH_SASL_FINAL).writeBytes(m.data()).finish();
            case AuthenticationOther m -> authentication(m.code()).finish();
            case ParameterStatus m ->
                    MessageWriter.typed(PgConstants.PARAMETER_STATUS).writeCString(m.name()).writeCString(m.value())
                            .finish();
            case BackendKeyData m -> MessageWriter.typed(PgConstants.BACKEND_KEY_DATA)
                    .writeInt32(m.processId()).writeInt32(m.secretKey()).finish();
            case ReadyForQuery m -> MessageWriter.typed(PgConstants.READY_FOR_QUERY).writeByte(m.status()).finish();
            case ErrorResponse m -> fields(PgConstants.ERROR_RESPONSE, m.fields());
            case NoticeResponse m -> fields(PgConstants.NOTICE_RESPONSE, m.fields());
            case CommandComplete m -> MessageWriter.typed(PgConstants.COMMAND_COMPLETE).writeCString(m.tag()).finish();
            case EmptyQueryResponse _ -> MessageWriter.typed(PgConstants.EMPTY_QUERY_RESPONSE).finish();
            case ParseComplete _ -> MessageWriter.typed(PgConstants.PARSE_COMPLETE).finish();
            case BindComplete _ -> MessageWriter.typed(PgConstants.BIND_COMPLETE).finish();
            case CloseComplete _ -> MessageWriter.typed(PgConstants.CLOSE_COMPLETE).finish();
            case NoData _ -> MessageWriter.typed(PgConstants.NO_DATA).finish();
            case PortalSuspended _ -> MessageWriter.typed(PgConstants.PORTAL_SUSPENDED).finish();
            case ParameterDescription m -> {
                MessageWriter writer = MessageWriter.typed(PgConstants.PARAMETER_DESCRIPTION)
                        .writeCount16(m.types().length, "parameter types");
                for (int type : m.types()) {
                    writer.writeInt32(type);
                }
                yield writer.finish();
            }
            case RowDescription m -> rowDescription(m);
            case DataRow m -> {
                MessageWriter writer = MessageWriter.typed(PgConstants.DATA_ROW)
                        .writeCount16(m.values().length, "columns");
                for (byte[] value : m.values()) {
                    writer.writeNullableBytes(value);
                }
                yield writer.finish();
            }
            case CopyInResponse m -> copyResponse(PgConstants.COPY_IN_RESPONSE, m.format(), m.columnFormats());
            case CopyOutResponse m -> copyResponse(PgConstants.COPY_OUT_RESPONSE, m.format(), m.columnFormats());
            case CopyBothResponse m -> copyResponse(PgConstants.COPY_BOTH_RESPONSE, m.format(), m.columnFormats());
            case NotificationResponse m -> MessageWriter.typed(PgConstants.NOTIFICATION_RESPONSE)
                    .writeInt32(m.processId()).writeCString(m.channel()).writeCString(m.payload()).finish();
            case NegotiateProtocolVersion m -> {
                MessageWriter writer = MessageWriter.typed(PgConstants.NEGOTIATE_PROTOCOL_VERSION)
                        .writeInt32(m.newestMinor()).writeInt32(m.unrecognized().size());
                m.unrecognized().forEach(writer::writeCString);
                yield writer.finish();
            }
            case FunctionCallResponse m ->
                    MessageWriter.typed(PgConstants.FUNCTION_CALL_RESPONSE).writeNullableBytes(m.value()).finish();
            case CopyData m -> MessageWriter.typed(PgConstants.COPY_DATA).writeBytes(m.data()).finish();
            case CopyDone _ -> MessageWriter.typed(PgConstants.COPY_DONE).finish();
        };
    }

    /** Encodes the message completely, then writes it with one call; the stream is not flushed. */
    public static void encodeTo(BackendMessage message, OutputStream out) throws IOException {
        out.write(encode(message));
    }

    private static MessageWriter authentication(int code) {
        return MessageWriter.typed(PgConstants.AUTHENTICATION).writeInt32(code);
    }

    private static byte[] fields(byte type, Map<Byte, String> fields) {
        MessageWriter writer = MessageWriter.typed(type);
        fields.forEach((code, value) -> writer.writeByte(code).writeCString(value));
        return writer.writeByte(0).finish();
    }

    private static byte[] rowDescription(RowDescription description) {
        MessageWriter writer = MessageWriter.typed(PgConstants.ROW_DESCRIPTION)
                .writeCount16(description.fields().size(), "columns");
        for (RowDescription.Field field : description.fields()) {
            writer.writeCString(field.name())
                    .writeInt32(field.tableOid())
                    .writeInt16(field.columnAttr())
                    .writeInt32(field.typeOid())
                    .writeInt16(field.typeSize())
                    .writeInt32(field.typeModifier())
                    .writeInt16(field.format());
        }
        return writer.finish();
    }

    private static byte[] copyResponse(byte type, byte format, short[] columnFormats) {
        return MessageWriter.typed(type).writeByte(format).writeCount16(columnFormats.length, "columns")
                .writeInt16Array(columnFormats).finish();
    }
}
