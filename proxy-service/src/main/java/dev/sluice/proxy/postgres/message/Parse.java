package dev.sluice.proxy.postgres.message;

import java.util.Objects;

/**
 * Parse: creates a prepared statement (extended query protocol).
 *
 * @param statementName  the statement name; empty for the unnamed statement
 * @param sql            the statement text, decoded strictly as UTF-8
 * @param parameterTypes parameter type OIDs the client fixes; zero leaves a type unspecified (not copied)
 * @see <a href="https://www.postgresql.org/docs/current/protocol-message-formats.html#PROTOCOL-MESSAGE-FORMATS-PARSE">Parse</a>
 */
public record Parse(String statementName, String sql, int[] parameterTypes) implements FrontendMessage {

    public Parse {
        Objects.requireNonNull(statementName, "statementName");
        Objects.requireNonNull(sql, "sql");
        Objects.requireNonNull(parameterTypes, "parameterTypes");
    }
}
