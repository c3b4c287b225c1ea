package dev.sluice.proxy.postgres.codec;

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
import java.io.IOException;
import java.io.OutputStream;

/**
 * Encodes client messages of the
 * <a href="https://www.postgresql.org/docs/current/protocol-message-formats.html">PostgreSQL protocol 3.0</a>,
 * used for what the gateway itself sends to a target (its own StartupMessage and credentials, rewritten
 * statements). Startup-phase messages have no type byte.
 *
 * <p>Each message is built completely in memory before anything is written. Strings containing NUL are
 * refused with SQLSTATE 22021.
 */
public final class FrontendEncoder {

    private FrontendEncoder() {
    }

    /** The complete frame; for StartupMessage, SSLRequest, GSSENCRequest and CancelRequest without a type byte. */
    public static byte[] encode(FrontendMessage message) {
        return switch (message) {
            case StartupMessage m -> {
                MessageWriter writer = MessageWriter.untyped().writeInt32(m.protocolVersion());
                m.parameters().forEach((name, value) -> writer.writeCString(name).writeCString(value));
                yield writer.writeByte(0).finish();
            }
            case SslRequest _ -> MessageWriter.untyped().writeInt32(PgConstants.SSL_REQUEST_CODE).finish();
            case GssEncRequest _ -> MessageWriter.untyped().writeInt32(PgConstants.GSSENC_REQUEST_CODE).finish();
            case CancelRequest m -> MessageWriter.untyped().writeInt32(PgConstants.CANCEL_REQUEST_CODE)
                    .writeInt32(m.processId()).writeInt32(m.secretKey()).finish();
            case Query m -> MessageWriter.typed(PgConstants.QUERY).writeCString(m.sql()).finish();
            case Parse m -> {
                MessageWriter writer = MessageWriter.typed(PgConstants.PARSE)
                        .writeCString(m.statementName()).writeCString(m.sql())
                        .writeCount16(m.parameterTypes().length, "parameter types");
                for (int type : m.parameterTypes()) {
                    writer.writeInt32(type);
                }
                yield writer.finish();
            }
            case Bind m -> {
                MessageWriter writer = MessageWriter.typed(PgConstants.BIND)
                        .writeCString(m.portalName()).writeCString(m.statementName())
                        .writeCount16(m.parameterFormats().length, "parameter formats")
                        .writeInt16Array(m.parameterFormats())
                        .writeCount16(m.parameterValues().length, "parameters");
                for (byte[] value : m.parameterValues()) {
                    writer.writeNullableBytes(value);
                }
                yield writer.writeCount16(m.resultFormats().length, "result formats")
                        .writeInt16Array(m.resultFormats()).finish();
            }
            case Describe m ->
                    MessageWriter.typed(PgConstants.DESCRIBE).writeByte(m.target()).writeCString(m.name()).finish();
            case Execute m -> MessageWriter.typed(PgConstants.EXECUTE)
                    .writeCString(m.portalName()).writeInt32(m.maxRows()).finish();
            case Close m -> MessageWriter.typed(PgConstants.CLOSE).writeByte(m.target()).writeCString(m.name()).finish();
            case Sync _ -> MessageWriter.typed(PgConstants.SYNC).finish();
            case Flush _ -> MessageWriter.typed(PgConstants.FLUSH).finish();
            case Terminate _ -> MessageWriter.typed(PgConstants.TERMINATE).finish();
            case CopyData m -> MessageWriter.typed(PgConstants.COPY_DATA).writeBytes(m.data()).finish();
            case CopyDone _ -> MessageWriter.typed(PgConstants.COPY_DONE).finish();
            case CopyFail m -> MessageWriter.typed(PgConstants.COPY_FAIL).writeCString(m.message()).finish();
            case FunctionCall m -> {
                MessageWriter writer = MessageWriter.typed(PgConstants.FUNCTION_CALL)
                        .writeInt32(m.functionOid())
                        .writeCount16(m.argumentFormats().length, "argument formats")
                        .writeInt16Array(m.argumentFormats())
                        .writeCount16(m.arguments().length, "arguments");
                for (byte[] argument : m.arguments()) {
                    writer.writeNullableBytes(argument);
                }
                yield writer.writeInt16(m.resultFormat()).finish();
            }
            case PasswordMessage m -> MessageWriter.typed(PgConstants.PASSWORD_MESSAGE).writeBytes(m.payload()).finish();
        };
    }

    /** Encodes the message completely, then writes it with one call; the stream is not flushed. */
    public static void encodeTo(FrontendMessage message, OutputStream out) throws IOException {
        out.write(encode(message));
    }
}
