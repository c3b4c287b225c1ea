package dev.sluice.proxy.postgres.message;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The raw payload of a {@code 'p'} message: PasswordMessage, SASLInitialResponse, SASLResponse or GSSResponse,
 * which share one type byte and can only be told apart by the authentication exchange in progress.
 *
 * <p>{@link #toString()} never shows the payload: it usually carries a credential.
 *
 * @param payload the message body after the length (not copied)
 * @see <a href="https://www.postgresql.org/docs/current/protocol-message-formats.html#PROTOCOL-MESSAGE-FORMATS-PASSWORDMESSAGE">PasswordMessage</a>
 */
public record PasswordMessage(byte[] payload) implements FrontendMessage {

    public PasswordMessage {
        Objects.requireNonNull(payload, "payload");
    }

    /** Builds a cleartext PasswordMessage: the UTF-8 password followed by the NUL terminator. */
    public static PasswordMessage ofCleartext(String password) {
        byte[] text = password.getBytes(StandardCharsets.UTF_8);
        byte[] payload = new byte[text.length + 1];
        System.arraycopy(text, 0, payload, 0, text.length);
        return new PasswordMessage(payload);
    }

    /** The payload read as a cleartext password: without its trailing NUL, decoded as UTF-8. */
    public String cleartext() {
        int end = payload.length;
        if (end > 0 && payload[end - 1] == 0) {
            end--;
        }
        return new String(payload, 0, end, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "PasswordMessage[payload=<" + payload.length + " bytes redacted>]";
    }
}
