package dev.sluice.proxy.approval;

import dev.sluice.sql.Normalizer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * What an approval is bound to: lowercase hex SHA-256 over, in this order, the format tag
 * {@code sluice-approval-binding/v1}, the connection name, the requester's subject, the session id, the protocol
 * message ({@code Query}, {@code Parse}), the normalized statement, the exact statement text and the parameters.
 * Each field is length-prefixed (4-byte big-endian length of its UTF-8 bytes), so no two field lists share a hash.
 *
 * <p>The normalized form (literals replaced by placeholders) is the statement's shape; the exact text is included
 * too, because normalization erases literals and {@code DELETE … WHERE id = 1} must not stand for
 * {@code id = 2}. Parameters are what the protocol knows when the statement is held: none for a simple Query; for
 * a Parse, the parameter types the client fixed — the values arrive later in Bind and are not covered (see
 * docs/approvals.md).
 */
public final class BindingHash {
    private static final String FORMAT = "sluice-approval-binding/v1";

    private BindingHash() {}

    /** The binding hash of a held statement. */
    public static String of(String connection, String requester, String sessionId, String message, String statement,
            List<String> parameters) {
        MessageDigest digest = sha256();
        field(digest, FORMAT);
        field(digest, connection);
        field(digest, requester);
        field(digest, sessionId);
        field(digest, message);
        field(digest, normalized(statement));
        field(digest, statement);
        digest.update(ByteBuffer.allocate(4).putInt(parameters.size()).array());
        parameters.forEach(parameter -> field(digest, parameter));
        return HexFormat.of().formatHex(digest.digest());
    }

    private static String normalized(String statement) {
        try {
            return Normalizer.normalize(statement);
        } catch (RuntimeException e) {
            // the exact text still binds the approval
            return "";
        }
    }

    private static void field(MessageDigest digest, String value) {
        byte[] bytes = (value == null ? "" : value).getBytes(StandardCharsets.UTF_8);
        digest.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
        digest.update(bytes);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
