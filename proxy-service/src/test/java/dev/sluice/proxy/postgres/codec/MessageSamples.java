package dev.sluice.proxy.postgres.codec;

import dev.sluice.proxy.postgres.message.*;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One or more instances of every message type, including edge cases (empty strings, NULLs, non-ASCII text). */
final class MessageSamples {

    private MessageSamples() {
    }

    static List<FrontendMessage> startupMessages() {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("user", "alice");
        parameters.put("database", "orders");
        parameters.put("application_name", "psql ☃");
        parameters.put("options", "");
        return List.of(
                new StartupMessage(PgConstants.PROTOCOL_VERSION, parameters),
                new StartupMessage(PgConstants.PROTOCOL_VERSION + 2, Map.of("user", "bob", "_pq_.x", "1")),
                new SslRequest(),
                new GssEncRequest(),
                new CancelRequest(4242, -123456789));
    }

    static List<FrontendMessage> frontendMessages() {
        return List.of(
                new Query("SELECT 1"),
                new Query(""),
                new Query("SELECT 'grüße', '日本' -- ünïcödé 🐘"),
                new Parse("", "SELECT $1", new int[0]),
                new Parse("s1", "INSERT INTO t VALUES ($1, $2)", new int[] {23, 25}),
                new Bind("", "", new short[0], new byte[0][], new short[0]),
                new Bind("p1", "s1", new short[] {1}, new byte[][] {bytes("x"), null, new byte[0]},
                        new short[] {0, 1}),
                new Describe(PgConstants.TARGET_STATEMENT, "s1"),
                new Describe(PgConstants.TARGET_PORTAL, ""),
                new Execute("", 0),
                new Execute("p1", 100),
                new Close(PgConstants.TARGET_STATEMENT, "s1"),
                new Close(PgConstants.TARGET_PORTAL, "p1"),
                new Sync(),
                new Flush(),
                new Terminate(),
                new CopyData(bytes("1\tone\n")),
                new CopyData(new byte[0]),
                new CopyDone(),
                new CopyFail("aborted by user"),
                new FunctionCall(952, new short[] {1}, new byte[][] {new byte[] {0, 0, 0, 7}, null}, (short) 1),
                new FunctionCall(953, new short[0], new byte[0][], (short) 0),
                PasswordMessage.ofCleartext("not-a-real-secret"),
                new PasswordMessage(new byte[] {'S', 'C', 'R', 'A', 'M', 0, 0, 0, 0, 3, 'n', ',', ','}));
    }

    static List<BackendMessage> backendMessages() {
        Map<Byte, String> fields = new LinkedHashMap<>();
        fields.put(PgConstants.FIELD_SEVERITY, "ERREUR");
        fields.put(PgConstants.FIELD_SEVERITY_NONLOCALIZED, "ERROR");
        fields.put(PgConstants.FIELD_CODE, "42P01");
        fields.put(PgConstants.FIELD_MESSAGE, "relation « t » does not exist");
        fields.put(PgConstants.FIELD_POSITION, "15");
        return List.of(
                new AuthenticationOk(),
                new AuthenticationCleartextPassword(),
                new AuthenticationMd5Password(new byte[] {1, 2, 3, 4}),
                new AuthenticationSasl(List.of("SCRAM-SHA-256-PLUS", "SCRAM-SHA-256")),
                new AuthenticationSaslContinue(bytes("r=abc,s=c2FsdA==,i=4096")),
                new AuthenticationSaslFinal(bytes("v=c2lnbmF0dXJl")),
                new AuthenticationOther(PgConstants.AUTH_GSS),
                new ParameterStatus("server_version", "17.6"),
                new ParameterStatus("application_name", ""),
                new BackendKeyData(4242, -123456789),
                new ReadyForQuery(PgConstants.IDLE),
                new ReadyForQuery(PgConstants.IN_TRANSACTION),
                new ReadyForQuery(PgConstants.FAILED),
                new ErrorResponse(fields),
                ErrorResponse.fatal("28P01", "password authentication failed"),
                NoticeResponse.of("NOTICE", "00000", "hello"),
                new CommandComplete("SELECT 3"),
                new EmptyQueryResponse(),
                new ParseComplete(),
                new BindComplete(),
                new CloseComplete(),
                new NoData(),
                new PortalSuspended(),
                new ParameterDescription(new int[] {23, 25, 0}),
                new ParameterDescription(new int[0]),
                new RowDescription(List.of(
                        new RowDescription.Field("id", 16384, (short) 1, 23, (short) 4, -1, (short) 0),
                        new RowDescription.Field("näme", 0, (short) 0, 25, (short) -1, -1, (short) 1))),
                new RowDescription(List.of()),
                new DataRow(new byte[][] {bytes("1"), null, new byte[0]}),
                new DataRow(new byte[0][]),
                new CopyInResponse((byte) 0, new short[] {0, 0}),
                new CopyOutResponse((byte) 1, new short[] {1}),
                new CopyBothResponse((byte) 0, new short[0]),
                new CopyData(bytes("1\tone\n")),
                new CopyDone(),
                new NotificationResponse(4242, "orders", "{\"id\":1}"),
                new NegotiateProtocolVersion(0, List.of("_pq_.unknown")),
                new FunctionCallResponse(new byte[] {0, 0, 0, 1}),
                new FunctionCallResponse(null));
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
