package dev.sluice.identity.keys;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Reads signing keys from a file or generates one.
 *
 * <p>Accepted files: a PKCS#8 PEM private key ({@code -----BEGIN PRIVATE KEY-----}, RFC 7468 section 10,
 * as written by {@code openssl genpkey -algorithm RSA}), a single private RSA JWK, or a JWK set (RFC 7517)
 * whose RSA private signing keys (no {@code alg} or {@code RS256}) are used in order, the first one signing. Keys without a {@code kid} get their RFC 7638 thumbprint.
 */
public final class SigningKeyLoader {

    private static final String PEM_BEGIN = "-----BEGIN PRIVATE KEY-----";
    private static final String PEM_END = "-----END PRIVATE KEY-----";

    private SigningKeyLoader() {}

    /** Generates a fresh 2048-bit RSA key whose {@code kid} is its thumbprint. */
    public static RSAKey generate() {
        try {
            RSAKey key = new RSAKeyGenerator(SigningKeys.MIN_KEY_BITS).keyUse(KeyUse.SIGNATURE)
                    .algorithm(SigningKeys.ALGORITHM).generate();
            return withKid(key);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot generate an RSA signing key", e);
        }
    }

    /** Loads the private RSA keys in {@code file}; fails with a message naming the file, never its content. */
    public static List<RSAKey> load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read signing key file " + file, e);
        }
        try {
            String trimmed = text.strip();
            List<RSAKey> keys = trimmed.startsWith("{") ? fromJson(trimmed) : List.of(fromPem(trimmed));
            if (keys.isEmpty()) {
                throw new IllegalArgumentException("no RSA private key found");
            }
            return keys;
        } catch (ParseException | GeneralSecurityException | JOSEException | IllegalArgumentException e) {
            // The cause's message could quote key material, so it is deliberately not chained.
            throw new IllegalArgumentException("signing key file " + file + " is not a PKCS#8 PEM RSA private key or a JWK (set) "
                    + "with RSA private keys (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static List<RSAKey> fromJson(String json) throws ParseException, JOSEException {
        List<JWK> candidates = json.contains("\"keys\"") ? JWKSet.parse(json).getKeys() : List.of(JWK.parse(json));
        List<RSAKey> keys = new ArrayList<>();
        for (JWK jwk : candidates) {
            if (jwk instanceof RSAKey rsa && rsa.isPrivate()
                    && (rsa.getKeyUse() == null || rsa.getKeyUse() == KeyUse.SIGNATURE)
                    && (rsa.getAlgorithm() == null || rsa.getAlgorithm().equals(SigningKeys.ALGORITHM))) {
                keys.add(withKid(rsa));
            }
        }
        return keys;
    }

    private static RSAKey fromPem(String pem) throws GeneralSecurityException, JOSEException {
        int begin = pem.indexOf(PEM_BEGIN);
        int end = pem.indexOf(PEM_END);
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException("no PKCS#8 PEM block");
        }
        byte[] der = Base64.getMimeDecoder().decode(pem.substring(begin + PEM_BEGIN.length(), end));
        KeyFactory factory = KeyFactory.getInstance("RSA");
        if (!(factory.generatePrivate(new PKCS8EncodedKeySpec(der)) instanceof RSAPrivateCrtKey privateKey)) {
            throw new IllegalArgumentException("not an RSA CRT private key");
        }
        // PKCS#8 carries the public exponent, so the public half can be rebuilt without a second file.
        RSAPublicKey publicKey = (RSAPublicKey) factory.generatePublic(
                new RSAPublicKeySpec(privateKey.getModulus(), privateKey.getPublicExponent()));
        return withKid(new RSAKey.Builder(publicKey).privateKey(privateKey).keyUse(KeyUse.SIGNATURE)
                .algorithm(SigningKeys.ALGORITHM).build());
    }

    private static RSAKey withKid(RSAKey key) throws JOSEException {
        if (key.getKeyID() != null) {
            return key;
        }
        return new RSAKey.Builder(key).keyIDFromThumbprint().build();
    }
}
