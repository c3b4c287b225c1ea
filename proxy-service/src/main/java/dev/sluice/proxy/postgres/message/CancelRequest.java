package dev.sluice.proxy.postgres.message;

/**
 * CancelRequest, sent on a fresh connection to cancel the running statement of another session.
 *
 * @param processId the process id from BackendKeyData
 * @param secretKey the secret key from BackendKeyData
 *
 * @see <a href="https://www.postgresql.org/docs/current/protocol-message-formats.html">Message Formats</a>
 */
public record CancelRequest(int processId, int secretKey) implements FrontendMessage {
}
