package dev.sluice.proxy.postgres.auth;

import dev.sluice.proxy.postgres.error.PgException;
import dev.sluice.proxy.postgres.error.SqlState;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Client side of SCRAM-SHA-256 (<a href="https://www.rfc-editor.org/rfc/rfc5802">RFC 5802</a>,
 * <a href="https://www.rfc-editor.org/rfc/rfc7677">RFC 7677</a>) as PostgreSQL uses it
 * (<a href="https://www.postgresql.org/docs/current/sasl-authentication.html">SASL authentication</a>), without
 * channel binding. PostgreSQL takes the user name from the startup message, so the SCRAM user name is empty.
 */
final class ScramSha256Client {
    static final String MECHANISM = "SCRAM-SHA-256";
    private static final String GS2_HEADER = "n,,";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String password;
    private final String clientNonce;
    private String clientFirstBare;
    private byte[] expectedServerSignature;

    ScramSha256Client(String password) {
        this.password = password;
        byte[] nonce = new byte[18];
        RANDOM.nextBytes(nonce);
        this.clientNonce = Base64.getEncoder().encodeToString(nonce);
    }

    /** The client-first-message. */
    byte[] clientFirst() {
        clientFirstBare = "n=,r=" + clientNonce;
        return (GS2_HEADER + clientFirstBare).getBytes(StandardCharsets.UTF_8);
    }

    /** Answers the server-first-message with the client-final-message carrying the proof. */
    byte[] clientFinal(byte[] serverFirstBytes) {
        String serverFirst = new String(serverFirstBytes, StandardCharsets.UTF_8);
        String nonce = attribute(serverFirst, 'r');
        String salt = attribute(serverFirst, 's');
        int iterations;
        try {
            iterations = Integer.parseInt(attribute(serverFirst, 'i'));
        } catch (NumberFormatException e) {
            throw failure("the target sent a malformed SCRAM iteration count");
        }
        if (!nonce.startsWith(clientNonce) || iterations < 1 || iterations > 10_000_000) {
            throw failure("the target sent an invalid SCRAM challenge");
        }
        String clientFinalWithoutProof = "c=" + Base64.getEncoder().encodeToString(GS2_HEADER.getBytes(StandardCharsets.US_ASCII))
                + ",r=" + nonce;
        String authMessage = clientFirstBare + "," + serverFirst + "," + clientFinalWithoutProof;
        try {
            byte[] saltedPassword = pbkdf2(password, Base64.getDecoder().decode(salt), iterations);
            byte[] clientKey = hmac(saltedPassword, "Client Key");
            byte[] storedKey = MessageDigest.getInstance("SHA-256").digest(clientKey);
            byte[] clientSignature = hmac(storedKey, authMessage);
            byte[] proof = new byte[clientKey.length];
            for (int i = 0; i < proof.length; i++) {
                proof[i] = (byte) (clientKey[i] ^ clientSignature[i]);
            }
            expectedServerSignature = hmac(hmac(saltedPassword, "Server Key"), authMessage);
            return (clientFinalWithoutProof + ",p=" + Base64.getEncoder().encodeToString(proof))
                    .getBytes(StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw failure("the SCRAM exchange with the target failed");
        }
    }

    /** Checks the server-final-message, proving the target knows the password too. */
    void verifyServerFinal(byte[] serverFinalBytes) {
        String serverFinal = new String(serverFinalBytes, StandardCharsets.UTF_8);
        if (serverFinal.startsWith("e=")) {
            throw failure("the target rejected the SCRAM exchange: " + serverFinal.substring(2));
        }
        byte[] signature;
        try {
            signature = Base64.getDecoder().decode(attribute(serverFinal, 'v'));
        } catch (IllegalArgumentException e) {
            throw failure("the target sent a malformed SCRAM signature");
        }
        if (expectedServerSignature == null || !MessageDigest.isEqual(expectedServerSignature, signature)) {
            throw failure("the target's SCRAM signature does not match: it may not be the expected server");
        }
    }

    private static String attribute(String message, char name) {
        for (String part : message.split(",")) {
            if (part.length() >= 2 && part.charAt(0) == name && part.charAt(1) == '=') {
                return part.substring(2);
            }
        }
        throw failure("the target's SCRAM message lacks '" + name + "'");
    }

    private static byte[] pbkdf2(String password, byte[] salt, int iterations) throws GeneralSecurityException {
        var spec = new PBEKeySpec(password.toCharArray(), salt, iterations, 256);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } finally {
            spec.clearPassword();
        }
    }

    private static byte[] hmac(byte[] key, String data) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }

    private static PgException failure(String message) {
        return new PgException(SqlState.CONNECTION_FAILURE, message, true);
    }
}
