package dev.sluice.proxy.postgres.message;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * StartupMessage: the first message of a session, naming the protocol version and the session parameters
 * ({@code user}, {@code database}, {@code application_name}, {@code _pq_.} protocol options, ...).
 *
 * @param protocolVersion major version in the high 16 bits, minor in the low 16 bits
 * @param parameters      the parameters in the order the client sent them (unmodifiable copy)
 * @see <a href="https://www.postgresql.org/docs/current/protocol-message-formats.html#PROTOCOL-MESSAGE-FORMATS-STARTUPMESSAGE">StartupMessage</a>
 */
public record StartupMessage(int protocolVersion, Map<String, String> parameters) implements FrontendMessage {

    public StartupMessage {
        Objects.requireNonNull(parameters, "parameters");
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }

    /** The {@code user} parameter, which every valid StartupMessage carries. */
    public Optional<String> user() {
        return Optional.ofNullable(parameters.get("user"));
    }

    /** The {@code database} parameter; PostgreSQL defaults it to the user name when absent. */
    public Optional<String> database() {
        return Optional.ofNullable(parameters.get("database"));
    }

    /** The requested major protocol version. */
    public int majorVersion() {
        return protocolVersion >>> 16;
    }

    /** The requested minor protocol version. */
    public int minorVersion() {
        return protocolVersion & 0xFFFF;
    }
}
