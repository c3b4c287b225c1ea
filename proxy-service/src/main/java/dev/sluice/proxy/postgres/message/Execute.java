package dev.sluice.proxy.postgres.message;

/**
 * Execute: runs a bound portal.
 *
 * @param portalName the portal; empty for the unnamed portal
 * @param maxRows    the row limit; zero means no limit
 *
 * @see <a href="https://www.postgresql.org/docs/current/protocol-message-formats.html">Message Formats</a>
 */
public record Execute(String portalName, int maxRows) implements FrontendMessage {
}
