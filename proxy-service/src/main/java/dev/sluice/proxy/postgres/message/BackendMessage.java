package dev.sluice.proxy.postgres.message;

/**
 * A message sent by a PostgreSQL server (the backend), as specified in
 * <a href="https://www.postgresql.org/docs/current/protocol-message-formats.html">Section 53.7, Message Formats</a>.
 *
 * <p>Records holding arrays do not copy them; see {@link FrontendMessage}.
 */
public sealed interface BackendMessage
        permits AuthenticationOk, AuthenticationCleartextPassword, AuthenticationMd5Password, AuthenticationSasl,
        AuthenticationSaslContinue, AuthenticationSaslFinal, AuthenticationOther, ParameterStatus, BackendKeyData,
        ReadyForQuery, ErrorResponse, NoticeResponse, CommandComplete, EmptyQueryResponse, ParseComplete,
        BindComplete, CloseComplete, NoData, PortalSuspended, ParameterDescription, RowDescription, DataRow,
        CopyInResponse, CopyOutResponse, CopyBothResponse, NotificationResponse, NegotiateProtocolVersion,
        FunctionCallResponse, CopyData, CopyDone {
}
