package dev.sluice.proxy.postgres.message;

/**
 * A message sent by a PostgreSQL client (the frontend), as specified in
 * <a href="https://www.postgresql.org/docs/current/protocol-message-formats.html">Section 53.7, Message Formats</a>.
 *
 * <p>Records holding arrays do not copy them: the relay decodes and forwards on hot paths and the arrays
 * are never shared between sessions. Do not mutate an array after handing it to a message.
 */
public sealed interface FrontendMessage
        permits StartupMessage, SslRequest, GssEncRequest, CancelRequest, Query, Parse, Bind, Describe, Execute,
        Close, Sync, Flush, Terminate, CopyData, CopyDone, CopyFail, FunctionCall, PasswordMessage {
}
