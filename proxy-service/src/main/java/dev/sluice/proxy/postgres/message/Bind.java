package dev.sluice.proxy.postgres.message;

import java.util.Objects;

/**
 * Bind: creates a portal from a prepared statement and parameter values.
 *
 * @param portalName        the portal; empty for the unnamed portal
 * @param statementName     the prepared statement; empty for the unnamed statement
 * @param parameterFormats  none (all text), one (applies to all) or one per parameter
 * @param parameterValues   the parameter values; a {@code null} element is SQL NULL
 * @param resultFormats     none (all text), one (applies to all) or one per result column
 * @see <a href="https://www.postgresql.org/docs/current/protocol-message-formats.html#PROTOCOL-MESSAGE-FORMATS-BIND">Bind</a>
 */
public record Bind(String portalName, String statementName, short[] parameterFormats, byte[][] parameterValues,
        short[] resultFormats) implements FrontendMessage {

    public Bind {
        Objects.requireNonNull(portalName, "portalName");
        Objects.requireNonNull(statementName, "statementName");
        Objects.requireNonNull(parameterFormats, "parameterFormats");
        Objects.requireNonNull(parameterValues, "parameterValues");
        Objects.requireNonNull(resultFormats, "resultFormats");
    }

    /** The format code of parameter {@code index}, applying the protocol's "none or one for all" rule. */
    public short parameterFormat(int index) {
        return switch (parameterFormats.length) {
            case 0 -> PgConstants.FORMAT_TEXT;
            case 1 -> parameterFormats[0];
            default -> parameterFormats[index];
        };
    }
}
