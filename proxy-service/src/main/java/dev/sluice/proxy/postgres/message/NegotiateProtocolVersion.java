package dev.sluice.proxy.postgres.message;

import java.util.List;

/**
 * NegotiateProtocolVersion: the server speaks an older minor version or ignores some {@code _pq_.} options.
 *
 * @param newestMinor  the newest minor protocol version the server supports
 * @param unrecognized the protocol options the server did not recognize
 *
 * @see <a href="https://www.postgresql.org/docs/current/protocol-message-formats.html">Message Formats</a>
 */
public record NegotiateProtocolVersion(int newestMinor, List<String> unrecognized) implements BackendMessage {

    public NegotiateProtocolVersion {
        unrecognized = List.copyOf(unrecognized);
    }
}
