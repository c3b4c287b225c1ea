package dev.sluice.proxy.postgres.message;

import java.util.Objects;

/**
 * FunctionCall: the legacy fast-path function call interface.
 *
 * @param functionOid     the OID of the function to call
 * @param argumentFormats none (all text), one (applies to all) or one per argument
 * @param arguments       the argument values; a {@code null} element is SQL NULL
 * @param resultFormat    the format code of the result
 * @see <a href="https://www.postgresql.org/docs/current/protocol-message-formats.html#PROTOCOL-MESSAGE-FORMATS-FUNCTIONCALL">FunctionCall</a>
 */
public record FunctionCall(int functionOid, short[] argumentFormats, byte[][] arguments, short resultFormat)
        implements FrontendMessage {

    public FunctionCall {
        Objects.requireNonNull(argumentFormats, "argumentFormats");
        Objects.requireNonNull(arguments, "arguments");
    }
}
