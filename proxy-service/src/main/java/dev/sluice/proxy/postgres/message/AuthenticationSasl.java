package dev.sluice.proxy.postgres.message;

import java.util.List;

/**
 * AuthenticationSASL: the server offers SASL mechanisms (for example SCRAM-SHA-256).
 *
 * @param mechanisms the mechanism names in the server's order of preference
 *
 * @see <a href="https://www.postgresql.org/docs/current/protocol-message-formats.html">Message Formats</a>
 */
public record AuthenticationSasl(List<String> mechanisms) implements BackendMessage {

    public AuthenticationSasl {
        mechanisms = List.copyOf(mechanisms);
    }
}
