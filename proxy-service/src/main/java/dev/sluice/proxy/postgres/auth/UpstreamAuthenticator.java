package dev.sluice.proxy.postgres.auth;

import dev.sluice.proxy.postgres.codec.BackendDecoder;
import dev.sluice.proxy.postgres.codec.FrontendEncoder;
import dev.sluice.proxy.postgres.codec.PgFrameReader;
import dev.sluice.proxy.postgres.error.PgException;
import dev.sluice.proxy.postgres.error.SqlState;
import dev.sluice.proxy.postgres.message.BackendMessage;
import dev.sluice.proxy.postgres.message.AuthenticationCleartextPassword;
import dev.sluice.proxy.postgres.message.AuthenticationMd5Password;
import dev.sluice.proxy.postgres.message.AuthenticationOk;
import dev.sluice.proxy.postgres.message.AuthenticationOther;
import dev.sluice.proxy.postgres.message.AuthenticationSasl;
import dev.sluice.proxy.postgres.message.AuthenticationSaslContinue;
import dev.sluice.proxy.postgres.message.AuthenticationSaslFinal;
import dev.sluice.proxy.postgres.message.ErrorResponse;
import dev.sluice.proxy.postgres.message.PasswordMessage;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Authenticates the proxy to a target PostgreSQL with the credential it holds: cleartext, MD5 or
 * SCRAM-SHA-256 (<a href="https://www.postgresql.org/docs/current/protocol-flow.html#PROTOCOL-FLOW-START-UP">start-up</a>).
 * Ends after AuthenticationOk. Failures carry SQLSTATE 08006 and never mention the password.
 */
public final class UpstreamAuthenticator {
    private final String user;
    private final String password;

    public UpstreamAuthenticator(String user, String password) {
        this.user = user;
        this.password = password == null ? "" : password;
    }

    /** Runs the exchange until AuthenticationOk. */
    public void authenticate(PgFrameReader in, OutputStream out) throws IOException {
        ScramSha256Client scram = null;
        while (true) {
            BackendMessage message = next(in);
            switch (message) {
                case AuthenticationOk ok -> {
                    return;
                }
                case AuthenticationCleartextPassword request -> send(out, cstring(password));
                case AuthenticationMd5Password request ->
                        send(out, cstring(Md5Password.response(user, password, request.salt())));
                case AuthenticationSasl request -> {
                    if (!request.mechanisms().contains(ScramSha256Client.MECHANISM)) {
                        throw failure("the target offers no supported SASL mechanism " + request.mechanisms());
                    }
                    scram = new ScramSha256Client(password);
                    send(out, saslInitialResponse(scram.clientFirst()));
                }
                case AuthenticationSaslContinue challenge -> {
                    if (scram == null) {
                        throw failure("the target sent a SASL challenge out of order");
                    }
                    send(out, challenge.data().length == 0 ? new byte[0] : scram.clientFinal(challenge.data()));
                }
                case AuthenticationSaslFinal outcome -> {
                    if (scram == null) {
                        throw failure("the target sent a SASL outcome out of order");
                    }
                    scram.verifyServerFinal(outcome.data());
                }
                case AuthenticationOther other ->
                        throw failure("the target asks for an unsupported authentication method (code " + other.code() + ")");
                case ErrorResponse error ->
                        throw failure("the target refused the gateway's credential: " + error.message());
                default -> throw failure("the target sent an unexpected message during authentication");
            }
        }
    }

    private static BackendMessage next(PgFrameReader in) throws IOException {
        if (!in.readFrame()) {
            throw new EOFException("target closed the connection during authentication");
        }
        return BackendDecoder.decode(in.type(), in.array(), in.payloadOffset(), in.payloadLength());
    }

    private static void send(OutputStream out, byte[] payload) throws IOException {
        FrontendEncoder.encodeTo(new PasswordMessage(payload), out);
        out.flush();
    }

    private static byte[] cstring(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        byte[] result = new byte[bytes.length + 1];
        System.arraycopy(bytes, 0, result, 0, bytes.length);
        return result;
    }

    /** SASLInitialResponse body: mechanism name, Int32 length of the client-first-message, the message. */
    private static byte[] saslInitialResponse(byte[] clientFirst) {
        var body = new ByteArrayOutputStream();
        body.writeBytes(cstring(ScramSha256Client.MECHANISM));
        body.writeBytes(ByteBuffer.allocate(4).putInt(clientFirst.length).array());
        body.writeBytes(clientFirst);
        return body.toByteArray();
    }

    private static PgException failure(String message) {
        return new PgException(SqlState.CONNECTION_FAILURE, message, true);
    }
}
